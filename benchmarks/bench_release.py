"""What chapter 06's protection costs in precision: released counts beside the true ones.

Chapter 06 computes every table from the released cases (`ecpx.logs.release`: each group of
alike cases randomly rounded to a multiple of 5, once). This prints, for the 2,500-case sample
and a generated national-scale log (the dashboard benchmark's, about 1 M events, cached), the
true and the released number of cases in total, per method, platform and card type, the
relative difference, and the time the release takes when a journal is loaded.

    .venv/bin/python benchmarks/bench_release.py [--large-cases 135000]
"""

from __future__ import annotations

import argparse
import time

from bench_dashboard import large_log
from ecpx.logs.cases import case_table
from ecpx.logs.explorer import SAMPLE
from ecpx.logs.load import load_events
from ecpx.logs.release import released


def compare(name: str, path) -> None:
    cases = case_table(load_events(path, progress=False).events)
    began = time.perf_counter()
    published = released(cases)
    seconds = time.perf_counter() - began
    print(f"\n{name}: {len(cases):,} cases, released in {seconds:.3f} s")
    print(f"{'count':<24}{'true':>10}{'released':>10}{'difference':>12}")
    rows = [("total", len(cases), len(published))]
    for column in ("method", "platform", "card_type"):
        true = cases[column].astype("str").value_counts()
        out = published[column].astype("str").value_counts()
        rows += [(f"{column} {value}", int(n), int(out.get(value, 0)))
                 for value, n in true.items()]
    for label, true, out in rows:
        print(f"{label:<24}{true:>10,}{out:>10,}{(out - true) / true:>+11.1%}")
    big = [abs(out - true) / true for _, true, out in rows if true >= 1000]
    if big:
        print(f"largest difference on a count of 1,000 or more: {max(big):.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large-cases", type=int, default=135_000, help="0: sample only")
    args = parser.parse_args()
    compare("sample", SAMPLE)
    if args.large_cases:
        compare("national scale (generated)", large_log(args.large_cases))


if __name__ == "__main__":
    main()
