"""Write a journal in the journal's schema: CSV (timestamps in ISO 8601 UTC) or Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ecpx.logs.safety import atomic_output, compression_of, csv_safe
from ecpx.logs.schema import COLUMNS


def as_text_columns(events: pd.DataFrame) -> pd.DataFrame:
    """The events with ISO 8601 UTC timestamps (…Z), in the schema's column order."""
    out = events[list(COLUMNS)].copy()
    out["timestamp"] = out["timestamp"].dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return out


def write_csv(events: pd.DataFrame, path: str | Path) -> Path:
    """CSV in the schema's columns; a `.gz` name is compressed."""
    path = Path(path)
    with atomic_output(path) as tmp:
        csv_safe(as_text_columns(events)).to_csv(tmp, index=False,
                                                 compression=compression_of(path))
    return path


def write_parquet(events: pd.DataFrame, path: str | Path) -> Path:
    """Parquet in the schema's columns (text as dictionaries, timestamps in UTC)."""
    path = Path(path)
    with atomic_output(path) as tmp:
        events[list(COLUMNS)].to_parquet(tmp, index=False, row_group_size=1_000_000)
    return path
