"""Benchmark: `ecpx logs analyze` on the worst input of each format, time and peak memory.

    .venv/bin/python benchmarks/bench_hostile.py [--rows 1000000] [--only NAME,…]

Each case is written once to a temporary folder, then analysed in its own process, so that
the peak memory (ru_maxrss from wait4) is that run's own. The cases (issue 21):

- csv-unclosed-quote: an unclosed quote on line 2, then ROWS valid rows (1 rejected row);
- csv-every-line-broken: ROWS lines that each open a quote and never close it;
- csv-control-chars: ROWS rows whose case_id holds a NUL byte;
- jsonl-wrong-types: ROWS JSON Lines whose fields are numbers, not text;
- parquet-declared-rows: a Parquet file of 10 million identical rows in a few hundred KB
  (refused: too many rows for its size);
- gzip-bomb: 300 MiB of one byte, gzipped (refused: inflates too much).

Prints, per case: exit code, seconds, peak MiB, and the report's events / rejected counts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "case_id,timestamp,method,step,outcome,error,platform,os_version,card_type,source"
GOOD = "c{i},2024-03-04T09:{m:02d}:{s:02d}Z,A,app_opened,ok,,android,14,CPS,field"


def _good(i: int) -> str:
    return GOOD.format(i=i, m=(i // 60) % 60, s=i % 60)


def write_cases(folder: Path, rows: int, only: set[str] | None) -> dict[str, Path]:
    made: dict[str, Path] = {}

    def want(name: str) -> bool:
        return not only or name in only

    if want("csv-unclosed-quote"):
        path = made["csv-unclosed-quote"] = folder / "unclosed.csv"
        with path.open("w") as out:
            out.write(HEADER + "\nc0,\"2024\n")
            out.writelines(_good(i) + "\n" for i in range(rows))
    if want("csv-every-line-broken"):
        path = made["csv-every-line-broken"] = folder / "broken.csv"
        with path.open("w") as out:
            out.write(HEADER + "\n")
            out.writelines(f"c{i},\"2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,"
                           "field\n" for i in range(rows))
    if want("csv-control-chars"):
        path = made["csv-control-chars"] = folder / "control.csv"
        with path.open("w") as out:
            out.write(HEADER + "\n")
            out.writelines(_good(i).replace(f"c{i},", f"c\x00{i},", 1) + "\n"
                           for i in range(rows))
    if want("jsonl-wrong-types"):
        path = made["jsonl-wrong-types"] = folder / "typed.jsonl"
        with path.open("w") as out:
            for i in range(rows):
                out.write(json.dumps({"case_id": i, "timestamp": 1709542800 + i, "method": 1,
                                      "step": 2, "outcome": True, "error": None,
                                      "platform": 3, "os_version": 14, "card_type": 4,
                                      "source": 5}) + "\n")
    if want("parquet-declared-rows"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = made["parquet-declared-rows"] = folder / "declared.parquet"
        values = _good(0).split(",")
        count = 10_000_000
        pq.write_table(pa.table({name: pa.array([value] * count) for name, value in
                                 zip(HEADER.split(","), values, strict=True)}), path,
                       compression="zstd")
    if want("gzip-bomb"):
        path = made["gzip-bomb"] = folder / "bomb.csv.gz"
        with gzip.open(path, "wb", compresslevel=9) as out:
            out.write(HEADER.encode() + b"\n")
            block = b"x" * (1 << 20)
            for _ in range(300):
                out.write(block)
    return made


def run(path: Path, folder: Path) -> tuple[int, float, float, dict | None, str]:
    """Analyse `path` in a child process: exit code, seconds, peak MiB, report, last error."""
    command = [sys.executable, "-m", "ecpx.cli", "logs", "analyze", str(path), "--format",
               "json", "--quiet", "--rejected", str(folder / f"{path.name}.rejected.csv")]
    out_path, err_path = folder / "stdout", folder / "stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    try:
        report = json.loads(out_path.read_bytes())
    except ValueError:
        report = None
    last = err_path.read_text(errors="replace").strip().splitlines()[-1:] or [""]
    return process.returncode, elapsed, usage.ru_maxrss / 1024, report, last[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    only = {n for n in args.only.split(",") if n} or None
    if args.write:  # in a process of its own: Linux counts a parent's peak in its children's
        for name, path in write_cases(args.write, args.rows, only).items():
            print(f"{name}\t{path}")
        return
    with tempfile.TemporaryDirectory(prefix="ecpx-hostile-") as tmp:
        folder = Path(tmp)
        listed = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--only",
                                 args.only, "--write", str(folder)], check=True,
                                capture_output=True, text=True).stdout
        cases = dict(line.split("\t") for line in listed.splitlines())
        cases = {name: Path(path) for name, path in cases.items()}
        print(f"{'case':<24} {'exit':>4} {'seconds':>8} {'peak MiB':>9} {'events':>9} "
              f"{'rejected':>9}  last line of stderr")
        for name, path in cases.items():
            code, seconds, peak, report, last = run(path, folder)
            events = report["events"] if report else "-"
            rejected = report["rejected"] if report else "-"
            print(f"{name:<24} {code:>4} {seconds:>8.2f} {peak:>9.0f} {events!s:>9} "
                  f"{rejected!s:>9}  {last[:90]}", flush=True)


if __name__ == "__main__":
    main()
