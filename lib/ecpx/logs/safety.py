"""Guards for files the journal's commands read and write.

- No command writes over, or deletes, the file it reads (`same_file`).
- Only a regular file is read as a log: a pipe (FIFO) or a device would block or never end.
- Text written to CSV cannot run as a spreadsheet formula (OWASP CSV injection): a value
  starting with =, +, -, @ (or a tab / carriage return) gets a leading apostrophe.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Do both paths name one file (also through links)? A missing output is not the input."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return Path(a).resolve() == Path(b).resolve()


def is_regular_file(path: str | os.PathLike) -> bool:
    """False for a FIFO, a socket or a device (a missing file is left to the reader)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return True
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


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
