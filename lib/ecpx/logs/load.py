"""Load a log into the journal's canonical frame: validated, deduplicated, sorted, in UTC.

    result = load_events("field.csv")            # or bytes from an upload, with name=
    result.events      # one row per valid event, COLUMNS, categoricals + UTC timestamps,
                       # grouped by case and in time order within each case
    result.rejected    # one row per rejected line: line, column, reason, and its values
    write_rejected(result)                       # field.csv.rejected.csv

No row is dropped silently: every line of the file is either an event or a rejected row.
The file is read in chunks (with a progress bar), so only the compact validated events are
held in memory, never the file's text.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.types import union_categoricals

from ecpx.logs.readers import (
    CHUNK_ROWS,
    LogFormatError,
    Source,
    arrow_categorical,
    read_chunks,
    source_name,
    text_categories,
)
from ecpx.logs.reasons import Reason, Reasons
from ecpx.logs.safety import atomic_output, compression_of, csv_safe
from ecpx.logs.schema import COLUMNS, CONTEXT_COLUMNS, KINDS, empty_events
from ecpx.logs.validate import (
    REJECTED_COLUMNS,
    check_required,
    empty_rejected,
    map_columns,
    reasons_of,
    reject_lines,
    validate,
)

__all__ = ["LoadResult", "LogFormatError", "load_events", "load_events_frame", "write_rejected"]


MAX_REJECTED = 100_000  # rejected rows kept for the report; the others are only counted
# The training journal's `kind` column (RECORDS.md): only activation events are analysed; the
# learner-progress records (quiz answers, chapters opened) are set aside and counted.
KIND_COLUMN, ACTIVATION_KIND = "kind", KINDS[0]
EVENT_KINDS = (ACTIVATION_KIND, "signin")  # events: activations, chapter 07's sign-ins ("S")


@dataclass
class LoadResult:
    file: str
    events: pd.DataFrame
    rejected: pd.DataFrame
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    more_rejected: int = 0  # rejected rows beyond the cap: counted, not kept
    blank_lines: int = 0  # blank lines of a text file (neither events nor rejected rows)

    @property
    def rejected_total(self) -> int:
        """Every rejected row, those kept and those only counted."""
        return len(self.rejected) + self.more_rejected

    def summary(self) -> str:
        text = (f"{self.file}: {len(self.events)} events loaded, "
                f"{len(self.rejected)} rows rejected")
        return "; ".join([text, *self.notes])


def load_events(source: Source, *, name: str | None = None,
                columns: Mapping[str, str] | None = None, naive_timezone: str = "UTC",
                chunk_rows: int = CHUNK_ROWS, progress: bool = True,
                max_inflated: int | None = None,
                max_rejected: int = MAX_REJECTED,
                on_progress: Callable[[float], None] | None = None,
                max_rows: int | None = None, ambiguous: str = "reject",
                nonexistent: str = "reject") -> LoadResult:
    """Read, map, validate and normalise a log (CSV, JSON Lines or Parquet; path or bytes).

    `columns` maps a foreign log's column names to the journal's (pm4py's names are known
    already). Timestamps without an offset are read in `naive_timezone` (a note says how
    many); a local time that a change of the clock makes nonexistent or ambiguous is rejected
    unless `nonexistent` / `ambiguous` chooses (see `validate.parse_times`). Raises
    `LogFormatError` only when the file as a whole cannot be read, or, with `max_rows`, as
    soon as more rows than that have been read (`too_many_rows`: reading stops there, so a
    huge upload never fills the kernel's memory).
    """
    file = source_name(source, name)
    events: list[pd.DataFrame] = []
    rejected: list[pd.DataFrame] = []
    uncounted = [0, 0]  # rejected rows beyond the cap (counted only); naive timestamps
    blank = 0
    renamed: dict[str, str] | None = None
    ignored: list[str] = []
    set_aside: dict[str, int] = {}
    chunks = read_chunks(source, name=file, chunk_rows=chunk_rows, progress=progress,
                         plain=lambda c: map_columns([c], columns).get(c) == "case_id",
                         max_inflated=max_inflated, on_progress=on_progress,
                         max_rows=max_rows)
    # Chunks are validated on worker threads while the next ones are read (numpy and Arrow
    # release the GIL); at most `workers` chunks are in flight, so memory stays bounded.
    workers = min(2, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as validator:
        pending: deque[Future] = deque()
        read = 0
        for chunk in chunks:
            read += len(chunk.frame) + len(chunk.rejected)
            if max_rows is not None and read > max_rows:
                limit = f"{max_rows:_}".replace("_", " ")
                raise LogFormatError(file, Reason.of("too_many_rows", limit=limit))
            blank += chunk.blank
            room = max(0, max_rejected - sum(map(len, rejected)))
            rejected.append(reject_lines(chunk.rejected[:room]))
            uncounted[0] += max(0, len(chunk.rejected) - room) + chunk.more_rejected
            chunk.frame = _activation_only(chunk.frame, set_aside)
            names = [c for c in chunk.frame.columns if c not in ("line", KIND_COLUMN)]
            if renamed is None:
                if not names:
                    continue  # nothing but rejected lines so far: no columns to check yet
                renamed = map_columns(names, columns)
                check_required(renamed, file)
                ignored = [c for c in names if c not in renamed]
            current = {c: t for c, t in map_columns(names, columns).items() if c in renamed}
            if len(pending) >= workers:
                _collect(pending.popleft(), events, rejected, uncounted)
            budget = max(0, max_rejected - sum(map(len, rejected)))
            pending.append(validator.submit(validate, chunk.frame, current, keep=budget,
                                            naive_timezone=naive_timezone,
                                            ambiguous=ambiguous, nonexistent=nonexistent))
        while pending:
            _collect(pending.popleft(), events, rejected, uncounted)
    frame, notes, more_rejected = canonical_order(_concat(events))
    rejected_rows = pd.concat([*rejected, more_rejected], ignore_index=True)
    rejected_rows = rejected_rows.sort_values("line", kind="stable", ignore_index=True)
    beyond = max(0, len(rejected_rows) - max_rejected) + uncounted[0]
    if beyond:  # a hostile file: keep the first rows, count the others
        rejected_rows = rejected_rows.head(max_rejected).reset_index(drop=True)
        notes.append(f"{beyond} more rejected row(s) not kept (only the first "
                     f"{max_rejected} are listed)")
    if ignored:
        notes.append(f"columns ignored: {', '.join(ignored)}")
    if uncounted[1]:
        notes.append(f"{uncounted[1]} timestamp(s) without a UTC offset were read in "
                     f"{naive_timezone} (--timezone)")
    if blank:
        notes.append(f"{blank} blank line(s) skipped")
    if set_aside:
        counts = ", ".join(f"{n} {kind}" for kind, n in sorted(set_aside.items()))
        notes.append(f"set aside {counts} record(s) of learner progress (kind column): only "
                     "activation and sign-in events are analysed")
    return LoadResult(file, frame.drop(columns="line"), rejected_rows, ignored, notes, beyond,
                      blank)


def _activation_only(frame: pd.DataFrame, set_aside: dict[str, int]) -> pd.DataFrame:
    """The rows whose `kind` is activation (or empty: files of the first schema); the others
    are counted per kind in `set_aside`."""
    if KIND_COLUMN not in frame.columns:
        return frame
    kind = frame[KIND_COLUMN].astype("string").fillna("").str.strip()
    other = (kind != "") & ~kind.isin(EVENT_KINDS)
    if not other.any():
        return frame
    for name, count in kind[other].value_counts().items():
        set_aside[str(name)[:40]] = set_aside.get(str(name)[:40], 0) + int(count)
    return frame[~other.to_numpy()]


def _collect(pending: Future, events: list, rejected: list, uncounted: list) -> None:
    valid, bad = pending.result()
    uncounted[0] += bad.attrs.get("beyond", 0)
    uncounted[1] += bad.attrs.get("naive_timestamps", 0)
    events.append(valid)
    rejected.append(bad)


def load_events_frame(frame: pd.DataFrame, name: str = "<frame>") -> LoadResult:
    """Validate and normalise events already in memory (e.g. the training journal's).

    Rows are numbered from 1 in the rejected-rows table, as lines of a file would be.
    """
    renamed = map_columns(list(frame.columns))
    check_required(renamed, name)
    rows = frame.reset_index(drop=True)
    rows["line"] = np.arange(1, len(rows) + 1)
    valid, rejected = validate(rows, renamed)
    events, notes, more = canonical_order(_concat([valid]))
    rejected = pd.concat([rejected, more], ignore_index=True).sort_values("line",
                                                                         ignore_index=True)
    return LoadResult(name, events.drop(columns="line"), rejected, [], notes)


def _concat(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate validated chunks, uniting their categories (pandas would fall back to text)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        empty = empty_events()
        empty["case_id"] = empty["case_id"].astype("str")
        empty["line"] = pd.Series([], dtype="int64")
        return empty
    # The case ids (a million categories) are united by Arrow on a second thread, each
    # value hashed once, while the other columns are joined here.
    with ThreadPoolExecutor(max_workers=1) as helper:
        case_ids = helper.submit(lambda: arrow_categorical(pa.chunked_array(
            [_dictionary(f["case_id"]) for f in frames])))
        out = {}
        for column in frames[0].columns:
            parts = [f[column] for f in frames]
            if column in CONTEXT_COLUMNS:
                out[column] = pd.Series(union_categoricals(parts))
            elif column != "case_id":
                out[column] = pd.concat(parts, ignore_index=True)
        out["case_id"] = pd.Series(case_ids.result())
    return pd.DataFrame(out, copy=False)[list(frames[0].columns)]


def _dictionary(values: pd.Series) -> pa.DictionaryArray:
    """A categorical as Arrow's dictionary array (no value copied but the categories)."""
    codes = values.array.codes.astype(np.int32, copy=False)
    missing = codes < 0
    return pa.DictionaryArray.from_arrays(pa.array(codes, mask=missing if missing.any() else None),
                                          pa.array(values.cat.categories, type=pa.string()))


def canonical_order(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], pd.DataFrame]:
    """Group the events by case (case_id becomes categorical), time order within a case.

    Ties keep the file's order. Also returns notes and the rows rejected for being repeated
    events or for changing method within a case.
    """
    notes: list[str] = []
    if frame.empty:
        frame["case_id"] = frame["case_id"].astype("category")
        return frame, notes, empty_rejected()
    codes, case_dtype, grouped = _case_codes(frame["case_id"])
    time = frame["timestamp"].array.asi8
    order = None if grouped else np.argsort(codes, kind="stable")
    case_sorted = codes if order is None else codes[order]
    time_sorted = time if order is None else time[order]
    same_case = case_sorted[1:] == case_sorted[:-1]
    late = int(np.count_nonzero(same_case & (time_sorted[1:] < time_sorted[:-1])))
    if late:
        notes.append(f"{late} event(s) came before an earlier event of their case; "
                     "sorted by time within each case")
        order = np.lexsort((time, codes))  # stable: ties keep the file's order
    elif order is not None:
        notes.append("events of a case were not together; grouped by case")
    if order is not None:
        frame, codes = frame.take(order), codes[order]
    frame = frame.reset_index(drop=True)
    frame["case_id"] = pd.Categorical.from_codes(codes, dtype=case_dtype, validate=False)
    repeated = _repeated_events(frame, codes)
    mixed = _mixed_methods(frame, codes)
    drop = repeated | mixed
    report = _report(frame, repeated, "duplicate", lambda rows: {
        "line": _first_line_of_duplicate(frame, repeated)[rows]})
    report_mixed = _report(frame, mixed & ~repeated, "mixed_method", lambda rows: {
        "first": _case_first(frame["method"], codes)[rows].astype("str"),
        "found": frame["method"][rows].astype("str")}, column="method")
    kept = frame[~drop].reset_index(drop=True) if drop.any() else frame
    return kept, notes, pd.concat([report, report_mixed])


def _case_codes(case_id: pd.Series) -> tuple[np.ndarray, pd.CategoricalDtype, bool]:
    """Integer codes of the cases, their dtype, and whether each case's events were together.

    Codes number the cases in order of first appearance and the dtype holds only the cases
    present, so a log grouped by case (the usual export) has codes that never decrease.
    Only the runs of equal codes are looked at (a few per case), never the events again.
    """
    codes = case_id.array.codes
    categories = case_id.cat.categories
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else codes
    runs = codes[starts]
    if np.all(runs[1:] > runs[:-1]):
        grouped, seen = True, runs  # one run per case, already in order of appearance
    else:
        distinct, first = np.unique(runs, return_index=True)
        grouped, seen = len(distinct) == len(runs), distinct[np.argsort(first)]
    if len(seen) != len(categories) or np.any(seen != np.arange(len(seen))):
        rank = np.full(len(categories), -1, dtype=np.int32)
        rank[seen] = np.arange(len(seen), dtype=np.int32)
        codes, categories = rank[codes], categories.take(seen)
    return codes.astype(np.int32, copy=False), text_categories(categories), grouped


def _ties(frame: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """Per row but the first: does it share case and time with the row before it?"""
    time = frame["timestamp"].array.asi8
    return (codes[1:] == codes[:-1]) & (time[1:] == time[:-1])


def _candidates(frame: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """Rows sharing case and time with a neighbour: the only ones that can be repeats."""
    tie = _ties(frame, codes)
    near = np.zeros(len(frame), dtype=bool)
    near[1:] |= tie
    near[:-1] |= tie
    return near


def _repeated_events(frame: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    """Rows identical to an earlier row in every column (the first one is kept).

    Only rows sharing case and time with a neighbour can be repeats; of those, a pair whose
    steps differ (a confirmation and the activation at the same instant) cannot. So only
    pairs with one step, and the rare groups of three rows or more, are compared in full.
    """
    step = frame["step"].array.codes
    tie = _ties(frame, codes)
    pair = tie & (step[1:] == step[:-1])
    crowd = tie[1:] & tie[:-1]  # row i+1 is inside a group of three or more
    check = np.zeros(len(frame), dtype=bool)
    check[1:] |= pair
    check[:-1] |= pair
    for shift in range(3):
        check[shift:len(frame) - 2 + shift] |= crowd
    repeated = np.zeros(len(frame), dtype=bool)
    rows = np.flatnonzero(check)
    if len(rows):  # the rows checked form whole groups: consecutive rows at one case and time
        group = np.cumsum(np.r_[True, (np.diff(rows) != 1) | ~tie[rows[1:] - 1]])
        subset = frame.iloc[rows][list(COLUMNS)]
        repeated[rows] = subset.assign(_tie=group).duplicated(keep="first").to_numpy()
    return repeated


def _first_line_of_duplicate(frame: pd.DataFrame, repeated: np.ndarray) -> pd.Series:
    lines = pd.Series(0, index=frame.index, dtype="int64")
    if repeated.any():
        near = _candidates(frame, frame["case_id"].array.codes)
        subset = frame.loc[near]
        lines[near] = subset.groupby(list(COLUMNS), observed=True, sort=False)["line"] \
            .transform("min")
    return lines


def _case_first(values: pd.Series, codes: np.ndarray) -> pd.Series:
    """Each row gets the value of the first event of its case (rows grouped by case)."""
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    run = np.cumsum(np.isin(np.arange(len(codes)), starts)) - 1
    return values.take(starts[run]).set_axis(values.index)


def _mixed_methods(frame: pd.DataFrame, codes: np.ndarray) -> np.ndarray:
    method = frame["method"].array.codes
    if not np.any((codes[1:] == codes[:-1]) & (method[1:] != method[:-1])):
        return np.zeros(len(codes), dtype=bool)  # the usual log: one method per case
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    first = np.repeat(method[starts], np.diff(np.r_[starts, len(codes)]))
    return method != first


def _report(frame: pd.DataFrame, rows: np.ndarray, code: str, params,
            column: str = "") -> pd.DataFrame:
    if not rows.any():
        return empty_rejected()
    values = frame.loc[rows, list(COLUMNS)].astype("str")
    found = [Reasons((r,)) for r in reasons_of(code, params(rows), int(rows.sum()))]
    report = pd.DataFrame({"line": frame.loc[rows, "line"].to_numpy(), "column": column,
                           "reason": pd.Series(found, dtype="object"), "raw": ""})
    report = pd.concat([report, values.reset_index(drop=True)], axis=1)
    return report.reindex(columns=list(REJECTED_COLUMNS))


def write_rejected(result: LoadResult, path: str | Path | None = None) -> Path | None:
    """Write the rejected rows beside the input (FILE.rejected.csv); None if there are none."""
    if result.rejected.empty:
        return None
    target = Path(path) if path else Path(f"{result.file}.rejected.csv")
    table = result.rejected.copy()
    table.insert(0, "file", result.file)
    table.insert(3, "code", table["reason"].map(lambda r: ";".join(r.codes)))
    table["reason"] = table["reason"].map(str)
    with atomic_output(target) as tmp:
        csv_safe(table).to_csv(tmp, index=False, compression=compression_of(target))
    return target
