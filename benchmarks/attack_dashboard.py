"""Chapter 06 under a stronger attacker than the tests' guarantee: a solver that chains every
relation of many filter states to a fixed point (the tests check differences of any two
states, with margins and totals: tests/logs/test_differencing.py).

Prints how many planted small counts (true 1 to 10) it pins to one value, with the published
(rounded) tables and with exact tables, on the tests' log with planted cells of 3, 4 and 7
cases. A figure above 0 with rounding is the known limit the README states.

    .venv/bin/python benchmarks/attack_dashboard.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' attacker

from ecpx.logs import explorer
from ecpx.logs.explorer import Filters, JournalExplorer
from ecpx.logs.load import load_events_frame
from ecpx.logs.schema import PLATFORMS

from tests.logs.test_differencing import attack, options, planted_log


def main() -> None:
    model = JournalExplorer()
    model._load("upload", lambda: load_events_frame(planted_log(), "planted"))
    reachable = [Filters(platforms=p) for p in options(PLATFORMS)]
    rounded = attack(model._cases, model._labels, reachable, chain=True)
    keep = explorer.round_published
    explorer.round_published = lambda tables, totals: None
    try:
        exact = attack(model._cases, model._labels, reachable, chain=True, exact=True)
    finally:
        explorer.round_published = keep
    print(f"reachable states (platform filters): {len(reachable)}")
    print(f"{'tables':<28}{'small counts pinned':>20}")
    print(f"{'published (rounded)':<28}{len(rounded):>20}")
    print(f"{'exact (no rounding)':<28}{len(exact):>20}")
    for cell, value in sorted(rounded, key=str)[:10]:
        print(f"  pinned with rounding: {cell[:3]} = {value}")


if __name__ == "__main__":
    main()
