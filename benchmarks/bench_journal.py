"""Benchmark: `ecpx logs analyze` on 10 million events, next to pm4py and DuckDB, in one run.

    .venv/bin/python benchmarks/bench_journal.py [--cases 1360000] [--seed 1] [--cache DIR]

Generates the synthetic log once (driving the method A and B simulators; about 7.4 events per
case, so 1.36 million cases make 10 million events) and keeps it under the cache directory
(default ~/.cache/ecpx-bench). Then runs, each in its own process so that its peak memory is
its own (ru_maxrss from wait4):

- ecpx: `ecpx logs analyze FILE --format json` (load, validate, analyse, print);
- pm4py (optional, AGPL, `pip install pm4py`): the variants and the case durations;
- DuckDB: the same funnel, activations, time-to-activate quantiles and error counts in SQL.

and checks that pm4py reads the XES that `ecpx logs export --xes` writes (on a sample).
The same log is also written as CSV and JSON Lines (by DuckDB, cached), and ecpx and DuckDB
read each format in the same run (--formats parquet,csv,jsonl).
Goals (issues 6 and 10): ecpx within 15 s and 4 GB; at least 5 times faster than pm4py;
Parquet within 1.5× DuckDB's time, CSV within 2×; memory ≤ 4 GB at 10 M events.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_SECONDS, GOAL_BYTES = 15.0, 4 * 1024**3
GOAL_RATIO = {"parquet": 1.5, "csv": 2.0, "jsonl": 2.0}
CASES, SEED = 1_360_000, 1

PM4PY = """
import sys, time, pandas as pd, pm4py
frame = pd.read_parquet(sys.argv[1], columns=["case_id", "timestamp", "step", "outcome", "error"])
started = time.perf_counter()
frame["activity"] = frame["step"].astype(str).where(frame["outcome"] == "ok",
                                                    frame["error"].astype(str))
log = pm4py.format_dataframe(frame, case_id="case_id", activity_key="activity",
                             timestamp_key="timestamp")
variants = pm4py.get_variants(log)
durations = pm4py.get_all_case_durations(log)
print(len(variants), len(durations), round(time.perf_counter() - started, 2))
"""

DUCKDB = """
import sys, time, duckdb
con = duckdb.connect()
reader = {"parquet": "read_parquet", "csv": "read_csv", "jsonl": "read_json"}[sys.argv[2]]
con.execute(f"create view events as select * from {reader}('{sys.argv[1]}')")
funnel = con.sql('''select method, step, count(distinct case_id) as cases from events
                    where outcome = 'ok' group by all''').fetchall()
per_case = con.sql('''
    with c as (select case_id, any_value(method) as method, min(timestamp) as start,
                      min(timestamp) filter (where step = 'activated' and outcome = 'ok') as done
               from events group by case_id)
    select method, count(done), quantile_cont(epoch(done) - epoch(start), [0.5, 0.9])
    from c group by method''').fetchall()
errors = con.sql('''select error, count(distinct case_id) from events where outcome = 'error'
                    group by error''').fetchall()
print(len(funnel), per_case, len(errors))
"""

XES_CHECK = """
import sys, pm4py
log = pm4py.read_xes(sys.argv[1])
print(log["case:concept:name"].nunique(), len(log))
"""


def timed(name: str, command: list[str]) -> dict:
    """Run `command`: its wall time, peak resident memory (wait4), exit code and output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        pid = os.posix_spawn(command[0], command, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return {"name": name, "seconds": elapsed, "peak_bytes": usage.ru_maxrss * 1024,
                "code": os.waitstatus_to_exitcode(status), "out": out.read().strip()[-400:],
                "err": err.read().strip()[-800:]}


def ensure_log(path: Path, cases: int, seed: int) -> None:
    if path.exists():
        print(f"reusing {path}")
        return
    from ecpx.logs.generate import write_events
    print(f"generating {cases} cases into {path} (once; cached) …", flush=True)
    started = time.perf_counter()
    partial = path.with_name("partial-" + path.name)
    _, events = write_events(partial, cases, seed, jobs=os.cpu_count() or 1, progress=True)
    partial.replace(path)
    print(f"  {events} events in {time.perf_counter() - started:.0f} s")


def ensure_text(parquet: Path, fmt: str) -> Path:
    """The Parquet log as CSV or JSON Lines (written once by DuckDB, cached beside it)."""
    path = parquet.with_suffix("." + fmt)
    if not path.exists():
        import duckdb
        partial = path.with_name("partial-" + path.name)
        option = "(header true)" if fmt == "csv" else "(format json)"
        duckdb.sql(f"copy (select * from read_parquet('{parquet}')) to '{partial}' {option}")
        partial.replace(path)
    return path


def sample_xes(source: Path, folder: Path) -> tuple[Path, int, int]:
    """A small slice of the log (whole cases), exported as XES by `ecpx logs export`."""
    import pyarrow.parquet as pq
    table = pq.ParquetFile(source).read_row_group(0)
    head = table.slice(0, 50_000).to_pandas()
    last = head["case_id"].iloc[-1]
    head = head[head["case_id"] != last]  # drop the last, possibly cut, case
    sample = folder / "sample.parquet"
    head.to_parquet(sample, index=False)
    xes = folder / "sample.xes"
    subprocess.run([sys.executable, "-m", "ecpx.cli", "logs", "export", str(sample),
                    "--xes", str(xes), "--quiet"], check=True, capture_output=True)
    return xes, head["case_id"].nunique(), len(head)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=CASES)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cache", type=Path,
                        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
                        / "ecpx-bench")
    parser.add_argument("--formats", default="parquet,csv,jsonl",
                        help="comma-separated: parquet, csv, jsonl")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    log = args.cache / f"journal-{args.cases}-{args.seed}.parquet"
    ensure_log(log, args.cases, args.seed)

    python = sys.executable
    formats = args.formats.split(",")
    results = []
    for fmt in formats:
        source = log if fmt == "parquet" else ensure_text(log, fmt)
        results.append(timed(f"ecpx analyze {fmt}", [python, "-m", "ecpx.cli", "logs",
                                                      "analyze", str(source), "--format",
                                                      "json", "--quiet"]))
        results.append(timed(f"duckdb SQL {fmt}", [python, "-c", DUCKDB, str(source), fmt]))
    has_pm4py = importlib.util.find_spec("pm4py") is not None  # optional peer (AGPL)
    if has_pm4py:
        results.append(timed("pm4py variants + durations", [python, "-c", PM4PY, str(log)]))

    print(f"\n{'':28} {'seconds':>8} {'peak GB':>8}  exit")
    for r in results:
        print(f"{r['name']:28} {r['seconds']:8.1f} {r['peak_bytes'] / 1024**3:8.2f}  {r['code']}")
        if r["code"]:
            print("   stderr:", r["err"])
    by_name = {r["name"]: r for r in results}
    print()
    for fmt in formats:
        ours, duck = by_name[f"ecpx analyze {fmt}"], by_name[f"duckdb SQL {fmt}"]
        ratio = ours["seconds"] / duck["seconds"]
        print(f"Goals {fmt}: within {GOAL_RATIO[fmt]}× DuckDB: {ratio <= GOAL_RATIO[fmt]} "
              f"({ratio:.2f}×); ≤ 4 GB: {ours['peak_bytes'] <= GOAL_BYTES}"
              + (f"; ≤ {GOAL_SECONDS:.0f} s: {ours['seconds'] <= GOAL_SECONDS}"
                 if fmt == "parquet" else ""))
    ours = by_name.get("ecpx analyze parquet", results[0])
    if has_pm4py:
        pm = by_name["pm4py variants + durations"]
        print(f"       ≥ 5× faster than pm4py: {pm['seconds'] >= 5 * ours['seconds']} "
              f"({pm['seconds'] / ours['seconds']:.1f}×)")
        with tempfile.TemporaryDirectory() as folder:
            xes, cases, events = sample_xes(log, Path(folder))
            check = timed("pm4py reads our XES", [python, "-c", XES_CHECK, str(xes)])
            print(f"pm4py read the exported XES: {check['out'] or check['err']} "
                  f"(cases, events; expected {cases} {events})")
    else:
        print("pm4py is not installed (pip install pm4py): its comparison was skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
