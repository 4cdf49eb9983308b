"""Load a log into the journal's canonical frame: validated, deduplicated, sorted, in UTC.

    result = load_events("field.csv")            # or bytes from an upload, with name=
    result.events      # one row per valid event, COLUMNS, categoricals + UTC timestamps
    result.rejected    # one row per rejected line: line, column, reason, and its values
    write_rejected(result)                       # field.csv.rejected.csv

No row is dropped silently: every line of the file is either an event or a rejected row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ecpx.journal.readers import CHUNK_ROWS, LogFormatError, Source, read_chunks, source_name
from ecpx.journal.schema import CATEGORY_COLUMNS, COLUMNS, empty_events
from ecpx.journal.validate import (
    check_required,
    empty_rejected,
    map_columns,
    reject_lines,
    validate,
)

__all__ = ["LoadResult", "LogFormatError", "concat_events", "load_events", "write_rejected"]


@dataclass
class LoadResult:
    file: str
    events: pd.DataFrame
    rejected: pd.DataFrame
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.events) + len(self.rejected)

    def summary(self) -> str:
        text = (f"{self.file}: {len(self.events)} events loaded, "
                f"{len(self.rejected)} rows rejected")
        return "; ".join([text, *self.notes])


def load_events(source: Source, *, name: str | None = None,
                columns: Mapping[str, str] | None = None, naive_timezone: str = "UTC",
                chunk_rows: int = CHUNK_ROWS, progress: bool = True) -> LoadResult:
    """Read, map, validate and normalise a log (CSV, JSON Lines or Parquet; path or bytes).

    `columns` maps a foreign log's column names to the journal's (pm4py's names are known
    already). Timestamps without an offset are read in `naive_timezone`. Raises
    `LogFormatError` only when the file as a whole cannot be read.
    """
    file = source_name(source, name)
    events, rejected = [], []
    renamed: dict[str, str] | None = None
    ignored: list[str] = []
    for chunk in read_chunks(source, name=file, chunk_rows=chunk_rows, progress=progress):
        rejected.append(reject_lines(chunk.rejected))
        names = [c for c in chunk.frame.columns if c != "line"]
        if renamed is None:
            if not names and chunk.frame.empty:
                continue  # nothing but rejected lines so far: no columns to check yet
            renamed = map_columns(names, columns)
            check_required(renamed, file)
            ignored = [c for c in names if c not in renamed]
        current = {c: t for c, t in map_columns(names, columns).items() if c in renamed}
        valid, bad = validate(chunk.frame, current, naive_timezone=naive_timezone)
        events.append(valid)
        rejected.append(bad)
    rejected_rows = pd.concat(rejected, ignore_index=True) if rejected else empty_rejected()
    rejected_rows = rejected_rows.sort_values("line", ignore_index=True)
    frame = concat_events(events)
    frame, duplicates = _without_duplicates(frame)
    notes = []
    if len(duplicates):
        rejected_rows = pd.concat([rejected_rows, duplicates], ignore_index=True) \
            .sort_values("line", ignore_index=True)
    out_of_order = _count_out_of_order(frame)
    if out_of_order:
        notes.append(f"{out_of_order} events were out of time order in their case (sorted)")
    if ignored:
        notes.append(f"columns ignored: {', '.join(ignored)}")
    frame = _sorted(frame).drop(columns="line")
    return LoadResult(file, frame, rejected_rows.reset_index(drop=True), ignored, notes)


def concat_events(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate event frames, uniting their categories (pandas would fall back to text)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        empty = empty_events()
        empty["line"] = pd.Series([], dtype="int64")
        return empty
    out = {}
    for column in frames[0].columns:
        if column in CATEGORY_COLUMNS:
            out[column] = pd.Series(union_categoricals(
                [f[column].cat.remove_unused_categories() for f in frames],
                sort_categories=True))
        else:
            out[column] = pd.concat([f[column] for f in frames], ignore_index=True)
    return pd.DataFrame(out)


def _without_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop repeated events (identical in every column), reporting each against the first."""
    if frame.empty:
        return frame, empty_rejected()
    # Cheap candidates first (case, time, step, error), then an exact comparison among them.
    key = pd.DataFrame({"c": frame["case_id"].cat.codes, "t": frame["timestamp"].array.asi8,
                        "s": frame["step"].cat.codes, "e": frame["error"].cat.codes})
    candidates = key.duplicated(keep=False).to_numpy()
    if not candidates.any():
        return frame, empty_rejected()
    subset = frame[candidates]
    repeated = subset.duplicated(subset=list(COLUMNS), keep="first")
    if not repeated.any():
        return frame, empty_rejected()
    first_line = subset.groupby(list(COLUMNS), observed=True, sort=False)["line"].transform("min")
    lines = subset.loc[repeated, "line"]
    values = subset.loc[repeated, list(COLUMNS)].astype("str")
    report = pd.DataFrame({"line": lines.to_numpy(), "column": "",
                           "reason": ("duplicate of line "
                                      + first_line[repeated].astype("str")).to_numpy()})
    report = pd.concat([report, values.reset_index(drop=True)], axis=1)
    report["raw"] = ""
    keep = np.ones(len(frame), dtype=bool)
    keep[np.flatnonzero(candidates)[repeated.to_numpy()]] = False
    return frame[keep], report.reindex(columns=empty_rejected().columns)


def _sort_order(frame: pd.DataFrame) -> np.ndarray:
    """Positions ordering the events by case then time (ties keep the file's order)."""
    return np.lexsort((frame["line"].to_numpy(), frame["timestamp"].array.asi8,
                       frame["case_id"].cat.codes.to_numpy()))


def _count_out_of_order(frame: pd.DataFrame) -> int:
    """Events that come before an earlier event of their own case in the file.

    The frame is in file order (chunks are concatenated as read).
    """
    if frame.empty:
        return 0
    case = frame["case_id"].cat.codes.to_numpy()
    order = np.argsort(case, kind="stable")  # per case, file order
    case_sorted, time_sorted = case[order], frame["timestamp"].array.asi8[order]
    same = case_sorted[1:] == case_sorted[:-1]
    return int(np.count_nonzero(same & (time_sorted[1:] < time_sorted[:-1])))


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    order = _sort_order(frame)
    if np.array_equal(order, np.arange(len(order))):
        return frame.reset_index(drop=True)
    return frame.take(order).reset_index(drop=True)


def write_rejected(result: LoadResult, path: str | Path | None = None) -> Path | None:
    """Write the rejected rows beside the input (FILE.rejected.csv); None if there are none."""
    if result.rejected.empty:
        return None
    target = Path(path) if path else Path(f"{result.file}.rejected.csv")
    table = result.rejected.copy()
    table.insert(0, "file", result.file)
    table.to_csv(target, index=False)
    return target
