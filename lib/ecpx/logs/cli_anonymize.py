"""`ecpx logs anonymize IN OUT [--key-file F | --key-env VAR] [--coarsen hour|day]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ecpx.logs.cli_common import UsageError, check_files, guarded, say


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "anonymize", help="drop or pseudonymise identifiers, redact free text, coarsen time",
        description="Drop direct identifiers (names, e-mails, phones, IP addresses, …); with "
                    "a key, replace idNat/RPPS/ADELI by an HMAC-SHA256 pseudonym; redact "
                    "identifier patterns in every other text column. The key is never "
                    "written out.")
    parser.add_argument("input", metavar="IN", type=Path)
    parser.add_argument("output", metavar="OUT", type=Path,
                        help="output file (.csv, .jsonl or .parquet, optionally .gz)")
    key = parser.add_mutually_exclusive_group()
    key.add_argument("--key-file", metavar="F", type=Path,
                     help="file holding the secret key (at least 16 bytes)")
    key.add_argument("--key-env", metavar="VAR",
                     help="environment variable holding the secret key")
    parser.add_argument("--coarsen", choices=("hour", "day"),
                        help="round timestamps down to the hour or the day")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=guarded(run_anonymize))


def run_anonymize(args: argparse.Namespace) -> int:
    from ecpx.logs.anonymize import PSEUDONYM_COLUMN, anonymise_file, read_key

    try:
        key = read_key(args.key_file, args.key_env)
    except ValueError as error:
        raise UsageError(str(error)) from error
    check_files([("IN", args.input)], [("OUT", args.output)])
    summary = anonymise_file(args.input, args.output, key=key, coarsen=args.coarsen,
                             progress=not args.quiet and sys.stderr.isatty())
    plan = summary.plan
    if plan.linkage:
        say(f"{', '.join(plan.linkage)}: " + (f"replaced by {PSEUDONYM_COLUMN}" if key
                                                else "dropped (no key given)"))
    if plan.dropped:
        say(f"dropped: {', '.join(plan.dropped)}")
    if summary.skipped_lines:
        say(f"{summary.skipped_lines} line(s) that are not rows were left out (never copied)")
    say(f"{summary.rows} rows written to {args.output}")
    return 0
