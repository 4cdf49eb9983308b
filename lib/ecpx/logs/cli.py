"""`ecpx logs …`: analyse, export, anonymise and generate activation journals.

Errors go to stderr in English, naming the file, the line and the reason; exit codes:
0 done (some rows may have been rejected, and are reported), 1 no valid event, 2 the input or
the command line cannot be used.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# This command's process only: numpy's transparent huge pages made the kernel compact memory
# on every large array (seconds of system time on a 10-million-event log). Read by numpy when
# it is first imported; without effect if something imported numpy already.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

# after the setting above:
from ecpx.logs import cli_anonymize, cli_generate
from ecpx.logs.cli_common import (
    EXIT_NO_EVENTS,
    EXIT_OK,
    UsageError,
    check_files,
    guarded,
    say,
)
from ecpx.logs.load import LoadResult, load_events, write_rejected

SHOWN_REJECTIONS = 20


def add_parser(subparsers) -> None:
    logs = subparsers.add_parser("logs", help="analyse, export, anonymise and generate "
                                               "activation journals")
    commands = logs.add_subparsers(dest="logs_command", required=True, metavar="ACTION")

    analyze = commands.add_parser("analyze", help="print the analysis of a journal")
    _input_options(analyze)
    analyze.add_argument("--format", choices=("text", "json"), default="text")
    analyze.set_defaults(func=guarded(run_analyze))

    export = commands.add_parser("export", help="write a journal as XES (pm4py, ProM, Disco), "
                                                "CSV or Parquet")
    _input_options(export)
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--xes", metavar="OUT", type=Path, help="write XES to OUT")
    target.add_argument("--csv", metavar="OUT", type=Path, help="write CSV to OUT")
    target.add_argument("--parquet", metavar="OUT", type=Path, help="write Parquet to OUT")
    export.set_defaults(func=guarded(run_export))

    for add in (cli_anonymize.add_parser, cli_generate.add_parser):
        add(commands)


def _input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", type=Path,
                        help="CSV, JSON Lines or Parquet (optionally .gz)")
    parser.add_argument("--map", metavar="THEIRS=OURS", action="append", default=[],
                        help="read column THEIRS as the journal's column OURS (repeatable)")
    parser.add_argument("--timezone", default="UTC",
                        help="time zone of timestamps written without an offset (default UTC)")
    parser.add_argument("--ambiguous", choices=("reject", "earliest", "latest"),
                        default="reject",
                        help="a local time that happens twice (the clock went back): reject "
                             "the row (default) or take its earliest or latest instant")
    parser.add_argument("--nonexistent", choices=("reject", "shift_forward", "shift_backward"),
                        default="reject",
                        help="a local time the clock skipped (it went forward): reject the row "
                             "(default) or shift it to the next or previous existing instant")
    parser.add_argument("--rejected", metavar="PATH", type=Path,
                        help="where to write the rejected rows (default FILE.rejected.csv)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--include-training", action="store_true",
                        help="also analyse the course's own training events (source=training), "
                             "which are left out of field-log analyses by default")


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        theirs, sep, ours = pair.partition("=")
        if not sep or not theirs or not ours:
            raise UsageError(f"--map {pair!r}: expected THEIRS=OURS, e.g. "
                             "--map 'case:concept:name=case_id'")
        mapping[theirs] = ours
    return mapping


def _lean_memory_pool() -> None:
    """This process only: Arrow's jemalloc pool (or the system's) instead of mimalloc, which
    here kept more memory and spent seconds in the kernel on a 10-million-event log."""
    import pyarrow as pa
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:
        pa.set_memory_pool(pa.system_memory_pool())
    _keep_freed_memory()


def _keep_freed_memory() -> None:
    """glibc only: keep freed memory for the next arrays instead of returning it to the kernel.

    numpy's temporaries of tens of megabytes were otherwise mapped afresh each time, and
    faulting their pages in cost about a second of kernel time on a 10-million-event log
    (for about 100 MB more at peak). Elsewhere (no glibc), nothing changes.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name or not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    mallopt(m_mmap_threshold, 32 << 20)  # glibc's largest: heap-allocate up to 32 MB
    mallopt(m_trim_threshold, 1 << 30)
    mallopt(m_top_pad, 64 << 20)


def rejected_path(args: argparse.Namespace) -> Path:
    """Where the rejected rows go: --rejected, or FILE.rejected.csv beside the input."""
    return args.rejected or Path(f"{args.file}.rejected.csv")


def _check_input(args: argparse.Namespace) -> None:
    """Refuse, before reading, what would hang, fail late or overwrite an input or output."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--timezone {args.timezone!r}: unknown time zone (e.g. UTC, "
                         "Europe/Paris)") from None
    outputs = [(f"--{option}", getattr(args, option)) for option in ("xes", "csv", "parquet")
               if getattr(args, option, None) is not None]
    label = "--rejected" if args.rejected else "rejected rows (default)"
    check_files([("FILE", args.file)], [*outputs, (label, rejected_path(args))])


def load_for_cli(args: argparse.Namespace) -> LoadResult:
    """Load FILE, report rejected rows on stderr and write them aside."""
    _check_input(args)
    _lean_memory_pool()
    result = load_events(args.file, columns=_mapping(args.map), naive_timezone=args.timezone,
                         progress=not args.quiet and sys.stderr.isatty(),
                         ambiguous=args.ambiguous, nonexistent=args.nonexistent)
    for row in result.rejected.head(SHOWN_REJECTIONS).itertuples():
        label = "columns" if "," in row.column else "column"
        column = f" {label} '{row.column}':" if row.column else ""
        say(f"{result.file}:{row.line}:{column} {row.reason}")
    if len(result.rejected):
        more = len(result.rejected) + result.more_rejected - SHOWN_REJECTIONS
        target = rejected_path(args)
        try:
            written = write_rejected(result, target)
        except OSError as error:  # e.g. a read-only folder: the analysis goes on
            say((f"… and {more} more; " if more > 0 else "")
                + f"{len(result.rejected)} rejected row(s) could not be written to {target} "
                f"({error.strerror or error}); use --rejected PATH")
        else:
            kept = (f"the first {len(result.rejected)} of " if result.more_rejected else "")
            say((f"… and {more} more; " if more > 0 else "")
                + f"{kept}{len(result.rejected) + result.more_rejected} rejected row(s) "
                f"written to {written}")
    if not args.include_training:
        _leave_out_training(result)
    for note in result.notes:
        say(f"note: {note}")
    return result


def _leave_out_training(result: LoadResult) -> None:
    """Field-log analyses leave the course's training events out, and say how many."""
    training = (result.events["source"] == "training").to_numpy()
    if training.any():
        events = result.events[~training].reset_index(drop=True)
        for column in events.select_dtypes("category").columns:
            events[column] = events[column].cat.remove_unused_categories()
        result.events = events
        result.notes.append(f"left out {int(training.sum())} training event(s) "
                            "(source=training); use --include-training to analyse them")


def run_analyze(args: argparse.Namespace) -> int:
    from ecpx.logs.report import analyse

    result = load_for_cli(args)
    report = analyse(result.events, rejected=len(result.rejected) + result.more_rejected,
                     file=result.file,
                     notes=result.notes)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(report.to_text())
    if result.events.empty:
        say(f"error: {result.file}: no valid event")
        return EXIT_NO_EVENTS
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    result = load_for_cli(args)
    if result.events.empty:
        say(f"error: {result.file}: no valid event to export")
        return EXIT_NO_EVENTS
    if args.xes:
        from ecpx.logs.xes import write_xes
        written = write_xes(result.events, args.xes)
    elif args.csv:
        from ecpx.logs.export import write_csv
        written = write_csv(result.events, args.csv)
    else:
        from ecpx.logs.export import write_parquet
        written = write_parquet(result.events, args.parquet)
    say(f"{len(result.events)} events written to {written}")
    return EXIT_OK
