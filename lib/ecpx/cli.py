"""The `ecpx` command. Each area adds its own sub-command from its own module."""

from __future__ import annotations

import argparse
import importlib
import sys

# sub-command -> module that defines `add_parser(subparsers)`; imported lazily so that
# `ecpx serve` does not pay for pandas, nor `ecpx logs` for pyscard.
COMMANDS = {
    "serve": "ecpx.serve",
    "card": "ecpx.card.cli",
    "logs": "ecpx.logs.cli",
    "training": "ecpx.training.cli",
    "build-static": "ecpx.static",
}


def build_parser(argv: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ecpx", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = [a for a in argv if a in COMMANDS][:1] or list(COMMANDS)
    for name in COMMANDS:
        if name in wanted:
            importlib.import_module(COMMANDS[name]).add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=f"see `ecpx {name} --help`")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
