"""`ecpx logs generate --cases N --seed S [--out F]`: a synthetic log from the simulators."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from ecpx.logs.cli_common import guarded, say
from ecpx.logs.profile import DEFAULT_DAYS, DEFAULT_START


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "generate", help="write a synthetic log made by driving the method A and B simulators")
    parser.add_argument("--cases", type=_positive, required=True, metavar="N",
                        help="number of activation attempts")
    parser.add_argument("--seed", type=int, required=True, metavar="S",
                        help="the same seed gives the same log")
    parser.add_argument("--out", type=Path, metavar="F",
                        help="output (.parquet, .csv or .jsonl, optionally .gz); "
                             "default: CSV on standard output")
    parser.add_argument("--start", type=date.fromisoformat, default=DEFAULT_START,
                        metavar="YYYY-MM-DD", help=f"first day (default {DEFAULT_START})")
    parser.add_argument("--days", type=_positive, default=DEFAULT_DAYS,
                        help=f"number of days covered (default {DEFAULT_DAYS})")
    parser.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                        help="worker processes (the log does not depend on it)")
    parser.add_argument("--signins", type=_signins, default=0, metavar="N|auto",
                        help="also N sign-ins to a service through Pro Santé Connect (method "
                             "S, chapter 07; 'auto': the assumed number per activation "
                             "attempt of profile.SigninRates); default 0: activations only")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.set_defaults(func=guarded(run_generate))


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text}: expected a positive whole number")
    return value


def _signins(text: str) -> int | str:
    if text == "auto":
        return text
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text}: expected a whole number, or auto")
    return value


def run_generate(args: argparse.Namespace) -> int:
    from ecpx.logs.generate import generate_chunks, write_events  # the simulators, if used

    signins = getattr(args, "signins", 0)
    if signins == "auto":
        from ecpx.logs.profile import DEFAULT_PROFILE
        signins = round(args.cases * DEFAULT_PROFILE.signin.per_activation)
    options = dict(start=args.start, days=args.days, jobs=args.jobs,
                   progress=not args.quiet and sys.stderr.isatty(), signins=signins)
    if args.out is None:
        from ecpx.logs.export import as_text_columns
        for number, frame in enumerate(generate_chunks(args.cases, args.seed, **options)):
            as_text_columns(frame).to_csv(sys.stdout, index=False, header=number == 0)
        return 0
    path, events = write_events(args.out, args.cases, args.seed, **options)
    cases = f"{args.cases} cases" + (f" and {signins} sign-ins" if signins else "")
    say(f"{events} events of {cases} written to {path}")
    return 0
