"""Chapter 06: time of one filter change, redrawing every screen of the dashboard.

Builds every screen of chapter 06 in process over one explorer (widget updates go to a comm
that serialises each message to JSON, as a kernel would), then unticks and ticks a platform
box many times and times each change until every screen has redrawn. Also counts how many
times the published tables are computed per change (goal: once).

    .venv/bin/python benchmarks/bench_dashboard.py [--rounds 10] [--large-cases 135000]

On the 2,500-case sample, then on a generated log of about 1 M events (cached under
~/.cache/ecpx-bench). Goals (issue 10): ≤ 300 ms on the sample, ≤ 3 s on 1 M events
(kernel side; the browser adds its drawing of the HTML).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import comm
import ipywidgets as w
from ecpx.logs import explorer as explorer_module
from ecpx.logs.explorer import JournalExplorer
from ecpx.screens import journal_view as V

GOALS = {"sample": 0.300, "1 M events": 3.0}


class JsonComm:
    comm_id = "bench"
    kernel = "bench"

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send(self, data=None, metadata=None, buffers=None) -> None:
        json.dumps(data, default=str)

    def open(self, *args, **kwargs) -> None: ...
    def on_msg(self, *args, **kwargs) -> None: ...
    def close(self, *args, **kwargs) -> None: ...


def dashboard(model: JournalExplorer) -> list[w.Widget]:
    return [V.filters(model), V.funnel(model), V.durations(model), V.errors(model),
            V.variants(model), V.breakdowns(model), V.trend(model), V.export(model)]


def time_changes(model: JournalExplorer, rounds: int) -> tuple[list[float], float]:
    computed = []
    original = explorer_module.published_tables

    def counting(*args, **kwargs):
        computed.append(1)
        return original(*args, **kwargs)

    explorer_module.published_tables = counting
    times = []
    try:
        for _ in range(rounds):
            for platforms in (("android", "macos", "other"), ("android", "ios", "macos",
                                                               "other")):
                started = time.perf_counter()
                model.set_filters(platforms=platforms)
                times.append(time.perf_counter() - started)
    finally:
        explorer_module.published_tables = original
    return times, len(computed) / len(times)


def large_log(cases: int) -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "ecpx-bench"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"dashboard-{cases}.parquet"
    if not path.exists():
        from ecpx.logs.generate import write_events
        print(f"generating {cases} cases into {path} (once; cached) …", flush=True)
        partial = path.with_name("partial-" + path.name)
        write_events(partial, cases, 7, jobs=os.cpu_count() or 1)
        partial.replace(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--large-cases", type=int, default=135_000, help="0: sample only")
    args = parser.parse_args()
    comm.create_comm = JsonComm
    w.Widget.comm = None

    results = {}
    model = JournalExplorer()
    model.load_sample()
    dashboard(model)
    results["sample"] = time_changes(model, args.rounds)
    if args.large_cases:
        big = JournalExplorer()
        big.load_sample(large_log(args.large_cases))
        events = len(big.result.events)
        dashboard(big)
        results["1 M events"] = time_changes(big, max(2, args.rounds // 5))
        print(f"large log: {events:,} events")

    print(f"\n{'':12} {'median s':>9} {'max s':>7} {'goal s':>7}  tables/change  met")
    for name, (times, per_change) in results.items():
        median = statistics.median(times)
        print(f"{name:12} {median:9.3f} {max(times):7.3f} {GOALS[name]:7.3f}  "
              f"{per_change:13.1f}  {median <= GOALS[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
