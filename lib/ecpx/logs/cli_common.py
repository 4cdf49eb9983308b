"""What every `ecpx logs` command shares: usage errors, one clear line on stderr, exit codes,
and the guard on input and output paths (each command's module imports it; none imports
another command's module)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ecpx.logs.readers import LogFormatError

EXIT_OK, EXIT_NO_EVENTS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A command-line value that cannot be used; the message says which and why."""


def guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn expected failures into one clear line on stderr and an exit code."""
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except LogFormatError as error:
            say(f"error: {error}")
        except BrokenPipeError:  # `ecpx logs … | head`: the reader has enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        except OSError as error:  # missing, read-only folder, disk full, …
            name = error.filename or getattr(args, "file", None) or getattr(args, "input", "")
            say(f"error: {name}: {error.strerror or error}")
        except UsageError as error:
            say(f"error: {error}")
        return EXIT_USAGE
    return run


def say(text: str) -> None:
    print(text, file=sys.stderr)


def check_files(inputs: list[tuple[str, Path]], outputs: list[tuple[str, Path]]) -> None:
    """Refuse, before reading, an input that is not a regular file (a pipe or a device would
    hang or cannot be read twice) and an output that is an input or another output."""
    from ecpx.logs.safety import PathCollision, check_paths, is_regular_file

    for _label, path in inputs:
        if not is_regular_file(path):
            raise UsageError(f"{path}: not a regular file (a pipe or a device cannot be "
                             "read as a log)")
    try:
        check_paths(inputs, outputs)
    except PathCollision as error:
        raise UsageError(str(error)) from None
