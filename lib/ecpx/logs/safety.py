"""Guards for files the journal's commands read and write.

- Only a regular file is read as a log: a pipe (FIFO) or a device would block or never end.
- No output names an input or another output, whatever the links (`check_paths`); every
  output is written to a temporary file beside it and renamed into place (`atomic_output`).
- Text written to CSV cannot run as a spreadsheet formula (OWASP CSV injection): a value
  starting with =, +, -, @ (or a tab / carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_regular_file(path: str | os.PathLike) -> bool:
    """False for a FIFO, a socket or a device (a missing file is left to the reader)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


class PathCollision(ValueError):
    """An output that names an input or another output (the message names both)."""


def _same_path(a: Path, b: Path) -> bool:
    """One file under both names: through symbolic links, hard links, `..`, or not yet
    existing but resolving to the same place."""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return os.path.realpath(a) == os.path.realpath(b)


def check_paths(inputs: Sequence[tuple[str, str | os.PathLike]],
                outputs: Sequence[tuple[str, str | os.PathLike]]) -> None:
    """Refuse (`PathCollision`) an output that is an input or another output.

    Each entry is (label, path), e.g. ("--csv", "out.csv"); the message names both paths.
    """
    seen = [(label, Path(path), "input") for label, path in inputs]
    for label, path in outputs:
        path = Path(path)
        for other_label, other, role in seen:
            if _same_path(path, other):
                what = "the input" if role == "input" else "another output"
                raise PathCollision(f"{label} {path}: the output must not overwrite {what} "
                                    f"({other_label} {other}: the same file)")
        seen.append((label, path, "output"))


def _named(error: BaseException, path: Path) -> OSError:
    """An error of writing `path`, naming it (Arrow's and the temporary file's do not)."""
    if isinstance(error, OSError) and error.errno:
        return OSError(error.errno, error.strerror or str(error), str(path))
    failure = OSError(str(error).splitlines()[0] if str(error) else type(error).__name__)
    failure.filename = str(path)
    failure.strerror = failure.args[0]
    return failure


@contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    """A temporary path beside `path`'s target, renamed over it once written (a failure
    leaves the old file whole and removes the temporary one). Errors name `path`."""
    path = Path(path)
    target = Path(os.path.realpath(path))
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        yield tmp
        os.replace(tmp, target)
    except Exception as error:
        if isinstance(error, (OSError, *_arrow_errors())):
            raise _named(error, path) from error
        raise
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def _arrow_errors() -> tuple[type[BaseException], ...]:
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return ()
    return (pa.ArrowException,)


def compression_of(path: str | os.PathLike) -> str | None:
    """What pandas would infer from the output's name (a temporary name has no suffix)."""
    return "gzip" if os.fspath(path).lower().endswith(".gz") else None


def neutralised(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot be read as formulas by a spreadsheet."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = values.cat.categories
            if categories.dtype.kind in "OU" or str(categories.dtype) in ("str", "string"):
                fixed = [neutralised(c) for c in categories]
                if fixed != list(categories):
                    out[column] = values.astype("object").map(neutralised)
        elif values.dtype == object or str(values.dtype) in ("str", "string"):
            text = values.astype("str")
            risky = text.str.startswith(FORMULA_STARTS).fillna(False)
            if risky.any():
                out[column] = values.astype("object").where(~risky.to_numpy(),
                                                            "'" + text)
    return out
