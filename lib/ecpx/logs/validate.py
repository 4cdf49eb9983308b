"""Check rows against the journal's schema, vectorised: every rejected row gets its reasons.

Checks run on the categories of categorical columns (a few dozen distinct values) rather than
on millions of rows, which is what keeps validating a 10-million-event log cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ecpx.logs.readers import LogFormatError, arrow_categorical
from ecpx.logs.reasons import Reason, Reasons
from ecpx.logs.schema import (
    CARD_TYPES,
    COLUMN_ALIASES,
    COLUMNS,
    CONTEXT_COLUMNS,
    DEFAULTS,
    ERROR_STEP,
    ERRORS,
    METHODS,
    OUTCOMES,
    PLATFORMS,
    REQUIRED,
    SOURCES,
    STEPS,
    TIMESTAMP_DTYPE,
)

REJECTED_COLUMNS = ("line", "column", "reason", "raw", *COLUMNS)
CLOCK = "_clock"  # normalised frame only: a local time at a change of the clock (per row)
NAIVE = "naive_timestamps"  # attrs: timestamps read without an offset
_AWARE = r"(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"  # an ISO 8601 time that carries its offset


# --- columns ------------------------------------------------------------------------------

def map_columns(columns: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """Original column name -> journal column name, for the columns the journal uses.

    The user's mapping wins, then the known aliases of other tools (pm4py, XES), then the
    journal's own names, compared without case or surrounding spaces.
    """
    mapping = {k.strip(): v for k, v in (mapping or {}).items()}
    renamed: dict[str, str] = {}
    for original in columns:
        key = original.strip()
        target = mapping.get(key) or COLUMN_ALIASES.get(key.lower()) or key.lower()
        if target in COLUMNS and target not in renamed.values():
            renamed[original] = target
    return renamed


def check_required(renamed: Mapping[str, str], file: str, *, header_line: int = 1) -> None:
    missing = [c for c in REQUIRED if c not in renamed.values()]
    if missing:
        names = ", ".join(f"'{c}'" for c in missing)
        raise LogFormatError(file, Reason.of("missing_columns", names=names,
                                             required=", ".join(REQUIRED)), header_line)


# --- values -------------------------------------------------------------------------------

def _categorical(values: pd.Series, normalise: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`values` as a categorical whose categories went through `normalise` (NA stays NA)."""
    values = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype(
        "category")
    categories = pd.Series(values.cat.categories.astype("str"))
    cleaned = normalise(categories) if len(categories) else categories
    if cleaned.equals(categories):
        return values
    if cleaned.is_unique:
        return values.cat.rename_categories(pd.Index(cleaned))
    new_codes, uniques = pd.factorize(cleaned)
    codes = values.array.codes
    mapped = np.where(codes >= 0, new_codes[codes], -1)
    return pd.Series(pd.Categorical.from_codes(mapped, categories=pd.Index(uniques)),
                     index=values.index, name=values.name)


def _encoded(values: pd.Series) -> pd.Series:
    """A text column (the case ids) as a categorical, each distinct value hashed once here, on
    the chunk's worker thread, so that every later check looks at distinct values only."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values
    encoded = pc.dictionary_encode(pa.chunked_array(pa.array(values.astype("str"))))
    return pd.Series(arrow_categorical(encoded), index=values.index, name=values.name)


def _stripped(values: pd.Series) -> pd.Series:
    """Surrounding spaces removed, in the rare column that has any (checking is cheaper)."""
    padded = values.str.startswith((" ", "\t")) | values.str.endswith((" ", "\t", "\r"))
    return values.str.strip() if padded.fillna(False).any() else values


_NORMALISE = {
    "method": lambda s: s.str.strip().str.upper(),
    "step": lambda s: s.str.strip().str.lower(),
    "outcome": lambda s: s.str.strip().str.lower(),
    "error": lambda s: s.str.strip().str.lower(),
    "platform": lambda s: s.str.strip().str.lower(),
    "os_version": lambda s: s.str.strip().str.replace(r"^(\d+)(?:\.\d+)*$", r"\1", regex=True),
    "card_type": lambda s: s.str.strip().str.upper(),
    "source": lambda s: s.str.strip().str.lower(),
}


CLOCK_OK, NONEXISTENT, AMBIGUOUS = 0, 1, 2  # a local time at a change of the clock
AMBIGUOUS_CHOICES = ("reject", "earliest", "latest")
NONEXISTENT_CHOICES = ("reject", "shift_forward", "shift_backward")


@dataclass
class ParsedTimes:
    """Timestamps in UTC (NaT where unreadable), why a local time was refused (`clock`: one
    of CLOCK_OK, NONEXISTENT, AMBIGUOUS per row) and how many had no offset (`naive`)."""

    values: pd.Series
    clock: np.ndarray | None = None
    naive: int = 0


def parse_timestamps(values: pd.Series, naive_timezone: str = "UTC") -> pd.Series:
    """UTC timestamps; NaT where a value is not ISO 8601 (or is not a single local time)."""
    return parse_times(values, naive_timezone).values


def _localise(local: pd.Series, timezone: str, ambiguous: str, nonexistent: str
              ) -> tuple[pd.Series, np.ndarray | None]:
    """Naive times read in `timezone`, and per row CLOCK_OK, NONEXISTENT or AMBIGUOUS for the
    times a change of the clock leaves without one answer (unless a choice was given)."""
    choice = {"reject": "NaT", "earliest": np.ones(len(local), dtype=bool),
              "latest": np.zeros(len(local), dtype=bool)}[ambiguous]
    gap = "NaT" if nonexistent == "reject" else nonexistent
    found = local.dt.tz_localize(timezone, ambiguous=choice, nonexistent=gap)
    lost = (found.isna() & local.notna()).to_numpy()
    if not lost.any():
        return found, None
    clock = np.zeros(len(local), dtype=np.int8)
    twice = local[lost].dt.tz_localize(timezone, ambiguous=np.ones(int(lost.sum()), dtype=bool),
                                       nonexistent="NaT").notna().to_numpy()
    rows = np.flatnonzero(lost)
    clock[rows[twice]] = AMBIGUOUS
    clock[rows[~twice]] = NONEXISTENT
    return found, clock


def parse_times(values: pd.Series, naive_timezone: str = "UTC", *, ambiguous: str = "reject",
                nonexistent: str = "reject") -> ParsedTimes:
    """UTC timestamps; NaT where a value is not ISO 8601 or is a local time that a change of
    the clock makes nonexistent or ambiguous (`clock` says which; `ambiguous="earliest"` or
    `"latest"`, `nonexistent="shift_forward"` or `"shift_backward"` choose instead, as pandas'
    `tz_localize` does). A value without an offset is read in `naive_timezone`.
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return ParsedTimes(values.dt.tz_convert("UTC").astype(TIMESTAMP_DTYPE))
    if pd.api.types.is_datetime64_dtype(values.dtype):
        local, clock = _localise(values, naive_timezone, ambiguous, nonexistent)
        return ParsedTimes(local.dt.tz_convert("UTC").astype(TIMESTAMP_DTYPE), clock,
                           int(values.notna().sum()))
    exact = _with_offsets(values)
    if exact is not None:
        return ParsedTimes(exact)
    text = values.astype("str").str.strip()
    parsed = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    zulu = text.str.endswith(("Z", "z")).fillna(True).to_numpy()
    naive = np.zeros(len(text), dtype=bool)
    if not zulu.all():
        rest = ~zulu
        naive[rest] = (text[rest].notna() & ~text[rest].str.contains(_AWARE, regex=True,
                                                                      na=False)).to_numpy()
    clock = None
    if naive_timezone != "UTC" and naive.any():
        local = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
        local, found = _localise(local, naive_timezone, ambiguous, nonexistent)
        parsed[naive] = local.dt.tz_convert("UTC")
        if found is not None:
            clock = np.zeros(len(text), dtype=np.int8)
            clock[np.flatnonzero(naive)] = found
    return ParsedTimes(parsed.astype(TIMESTAMP_DTYPE), clock,
                       int(np.count_nonzero(naive & parsed.notna().to_numpy())))


def _with_offsets(values: pd.Series) -> pd.Series | None:
    """Text times that all carry their offset, read by Arrow's ISO 8601 parser (ten times
    pandas' speed); None as soon as one does not (no offset, a space, a typo): then pandas
    reads the column and says which values are wrong, and why."""
    if isinstance(values.dtype, pd.CategoricalDtype) or values.isna().any():
        return None
    try:
        times = pc.cast(pa.array(values.astype("str")), pa.timestamp("us", "UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    return pd.Series(times.to_pandas(), index=values.index, dtype=TIMESTAMP_DTYPE)


def _decode_activity_labels(frame: pd.DataFrame) -> None:
    """pm4py-style logs carry an error code as the activity: turn it back into step + error."""
    candidates = frame["step"].isin(ERRORS)
    if not candidates.any():
        return
    labels = candidates & (frame["error"].isin(["", None])
                           | (frame["error"].astype("str") == frame["step"].astype("str")))
    codes = frame.loc[labels, "step"].astype("str")
    for column, values in (("error", codes), ("step", codes.map(ERROR_STEP)),
                           ("outcome", pd.Series("error", index=codes.index))):
        series = frame[column].astype("str")
        series[labels] = values
        frame[column] = series.astype("category")


def normalise(frame: pd.DataFrame, naive_timezone: str = "UTC", *, ambiguous: str = "reject",
              nonexistent: str = "reject") -> pd.DataFrame:
    """The journal's columns with normalised spelling: absent optional columns get defaults."""
    out = pd.DataFrame(index=frame.index)
    out["case_id"] = _categorical(_encoded(frame["case_id"]), _stripped)
    for column in CONTEXT_COLUMNS:
        if column in frame:
            out[column] = _categorical(frame[column], _NORMALISE[column])
        else:
            default = DEFAULTS[column]
            out[column] = pd.Categorical([default] * len(frame)) if default is not None else None
    if "outcome" not in frame or frame["outcome"].isna().all():
        has_error = ~out["error"].isin(["", None]).to_numpy()
        out["outcome"] = pd.Categorical(np.where(has_error, "error", "ok"))
    for column, default in DEFAULTS.items():  # a JSON line without the key: the default
        if default is not None and out[column].isna().any():
            out[column] = out[column].cat.add_categories([default]).fillna(default) \
                if default not in out[column].cat.categories else out[column].fillna(default)
    _decode_activity_labels(out)
    times = parse_times(frame["timestamp"], naive_timezone, ambiguous=ambiguous,
                        nonexistent=nonexistent)
    out["timestamp"] = times.values
    out["line"] = frame["line"].to_numpy()
    out = out[[*COLUMNS, "line"]]
    if times.clock is not None:
        out[CLOCK] = times.clock
    out.attrs[NAIVE] = times.naive
    return out


def _allowed(values: pd.Series, allowed) -> np.ndarray:
    """Per row: is the value allowed? Decided once per category (NA is never allowed).

    `allowed` is a collection of values, or a vectorised test on the categories (an Index).
    """
    categories = values.cat.categories.astype("str")
    ok = allowed(categories) if callable(allowed) else categories.isin(list(allowed))
    ok, codes = np.asarray(ok, dtype=bool), values.array.codes
    if ok.all():  # the usual column: one comparison per row, no look-up
        return codes >= 0
    if np.count_nonzero(ok) <= 1:
        return codes == np.flatnonzero(ok)[0] if ok.any() else np.zeros(len(codes), dtype=bool)
    return np.append(ok, False)[codes]  # code -1 (NA) picks the trailing False


def _allowed_pairs(first: pd.Series, second: pd.Series, pairs: set[tuple[str, str]]) -> np.ndarray:
    """Per row: is (first, second) one of `pairs`? Decided once per pair present in the rows.

    Only the pairs of codes that occur are looked up (never the product of the categories:
    K distinct hostile values on each side would make K² of them).
    """
    a, b = first.array.codes, second.array.codes
    if not len(a):
        return np.zeros(0, dtype=bool)
    width = len(second.cat.categories) + 1  # codes shifted by one: NA (-1) becomes 0
    pair = (a.astype(np.int64) + 1) * width + (b + 1)
    size = (len(first.cat.categories) + 1) * width
    if size <= len(pair):  # a few dozen categories (a hostile file aside): count, not sort
        present, inverse = np.flatnonzero(np.bincount(pair, minlength=size)), None
    else:
        present, inverse = np.unique(pair, return_inverse=True)
    names_a = first.cat.categories.to_numpy(dtype=object, na_value=None)
    names_b = second.cat.categories.to_numpy(dtype=object, na_value=None)
    ok = np.fromiter(((i > 0 and j > 0 and (names_a[i - 1], names_b[j - 1]) in pairs)
                      for i, j in zip(present // width, present % width, strict=True)),
                     dtype=bool, count=len(present))
    if inverse is not None:
        return ok[inverse.reshape(-1)]
    table = np.zeros(size, dtype=bool)
    table[present] = ok
    return table[pair]


STEP_OF_METHOD = {(m, s) for m, steps in STEPS.items() for s in steps}
STEP_OF_ERROR = set(ERROR_STEP.items())

Params = Callable[[np.ndarray], dict[str, pd.Series | str]]


def problems(events: pd.DataFrame, original: pd.DataFrame, timezone: str = "UTC"
             ) -> list[tuple[np.ndarray, str, str, Params]]:
    """(rows at fault, column, reason code, parameters builder) for every check.

    Parameters are built only for the rows at fault, quoting values as the file wrote them.
    """
    def shown(column: str, rows: np.ndarray) -> pd.Series:
        source = original[column] if column in original else events[column]
        return source[rows].astype("str").fillna("").str.slice(0, 60)

    def value(column: str, **fixed: str) -> Params:
        return lambda rows: {"value": shown(column, rows), **fixed}

    def normalised(column: str, rows: np.ndarray) -> pd.Series:
        return events[column][rows].astype("str")

    method_ok = _allowed(events["method"], METHODS)
    step_ok = _allowed_pairs(events["method"], events["step"], STEP_OF_METHOD)
    is_error = _allowed(events["outcome"], {"error"})
    error_known = _allowed(events["error"], ERRORS)
    no_error = _allowed(events["error"], {""})
    clock = events[CLOCK].to_numpy() if CLOCK in events else np.zeros(len(events), np.int8)
    zone = {"timezone": timezone}
    return [
        (~_allowed(events["case_id"], lambda ids: ids.str.len() > 0), "case_id",
         "missing_value", lambda rows: {}),
        (events["timestamp"].isna().to_numpy() & (clock == CLOCK_OK), "timestamp",
         "bad_timestamp", value("timestamp")),
        (clock == NONEXISTENT, "timestamp", "nonexistent_local_time",
         value("timestamp", **zone)),
        (clock == AMBIGUOUS, "timestamp", "ambiguous_local_time", value("timestamp", **zone)),
        (~method_ok, "method", "unknown_method", value("method")),
        (method_ok & ~step_ok, "step", "unknown_step",
         lambda rows: {"step": shown("step", rows), "method": normalised("method", rows)}),
        (~_allowed(events["outcome"], OUTCOMES), "outcome", "unknown_outcome",
         value("outcome")),
        (is_error & no_error, "error", "missing_error_code", lambda rows: {}),
        (is_error & ~error_known & ~no_error, "error", "unknown_error", value("error")),
        (_allowed(events["outcome"], {"ok"}) & ~no_error, "error", "error_on_ok",
         value("error")),
        (is_error & error_known & step_ok
         & ~_allowed_pairs(events["error"], events["step"], STEP_OF_ERROR), "step",
         "error_at_wrong_step",
         lambda rows: {"error": shown("error", rows), "step": shown("step", rows),
                       "expected": normalised("error", rows).map(ERROR_STEP)}),
        (~_allowed(events["platform"], PLATFORMS), "platform", "unknown_platform",
         value("platform", allowed=", ".join(PLATFORMS))),
        (~_allowed(events["os_version"], lambda v: v.str.fullmatch(r"\d*")), "os_version",
         "bad_os_version", value("os_version")),
        (~_allowed(events["card_type"], (*CARD_TYPES, "")), "card_type", "unknown_card_type",
         value("card_type", allowed=", ".join(CARD_TYPES))),
        (~_allowed(events["source"], SOURCES), "source", "unknown_source",
         value("source", allowed=", ".join(SOURCES))),
    ]


def reasons_of(code: str, params: dict[str, pd.Series | str], count: int) -> list[Reason]:
    """One `Reason` per row at fault, from per-row (Series) and fixed (str) parameters."""
    if not params:
        return [Reason(code)] * count
    columns = [[(name, str(v)) for v in value.tolist()] if isinstance(value, pd.Series)
               else [(name, value)] * count for name, value in params.items()]
    return [Reason(code, pairs) for pairs in zip(*columns, strict=True)]


def validate(frame: pd.DataFrame, renamed: Mapping[str, str], *,
             naive_timezone: str = "UTC", keep: int | None = None,
             ambiguous: str = "reject", nonexistent: str = "reject"
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a chunk (original columns + `line`) into valid events and rejected rows.

    With `keep`, only the first `keep` rejected rows are described; the others are left out
    of both tables and counted in the rejected table's `attrs["beyond"]`.
    """
    original = frame.rename(columns=dict(renamed))[[*renamed.values(), "line"]]
    for column in REQUIRED:  # a JSON line can lack a key that the file has elsewhere
        if column not in original:
            original[column] = pd.Series(pd.NA, index=original.index, dtype="str")
    events = normalise(original, naive_timezone, ambiguous=ambiguous, nonexistent=nonexistent)
    naive = events.attrs.get(NAIVE, 0)
    faults = [fault for fault in problems(events, original, naive_timezone) if fault[0].any()]
    events = events.drop(columns=CLOCK) if CLOCK in events else events
    if not faults:
        report = empty_rejected()
        report.attrs[NAIVE] = naive
        return events, report
    bad = np.logical_or.reduce([mask for mask, *_ in faults])
    beyond = 0
    if keep is not None and np.count_nonzero(bad) > keep:  # a hostile file: describe a few
        described = bad & (np.cumsum(bad) <= keep)
        beyond = int(np.count_nonzero(bad)) - keep
        faults = [(mask & described, *rest) for mask, *rest in faults]
        faults = [fault for fault in faults if fault[0].any()]
    else:
        described = bad
    lines = events["line"].to_numpy()
    found: dict[int, tuple[list[str], list[Reason]]] = {}
    for mask, column, code, params in faults:  # in the order of the checks, per line
        for line, reason in zip(lines[mask], reasons_of(code, params(mask), int(mask.sum())),
                                strict=True):
            columns, items = found.setdefault(int(line), ([], []))
            columns.append(column)
            items.append(reason)
    ordered = sorted(found)
    report = pd.DataFrame({
        "line": pd.Series(ordered, dtype="int64"),
        "column": pd.Series([", ".join(found[n][0]) for n in ordered], dtype="str"),
        "reason": pd.Series([Reasons(tuple(found[n][1])) for n in ordered], dtype="object"),
    })
    values = original[described].drop(columns="line").astype("str").fillna("")
    values["line"] = original["line"].to_numpy()[described]
    report = report.merge(values, on="line", how="left")
    report["raw"] = ""
    report = report.reindex(columns=list(REJECTED_COLUMNS), fill_value="")
    report.attrs["beyond"] = beyond
    report.attrs[NAIVE] = naive
    return events[~bad], report


_EMPTY_REJECTED = pd.DataFrame({c: pd.Series([], dtype={"line": "int64", "reason": "object"}
                                               .get(c, "str")) for c in REJECTED_COLUMNS})


def empty_rejected() -> pd.DataFrame:
    return _EMPTY_REJECTED.copy()


def reject_lines(rows: list[dict]) -> pd.DataFrame:
    """Rows the reader could not split into fields, in the rejected-rows table's columns."""
    if not rows:
        return empty_rejected()
    report = pd.DataFrame(rows).reindex(columns=list(REJECTED_COLUMNS), fill_value="")
    report["line"] = report["line"].astype("int64")
    report["reason"] = report["reason"].astype("object")
    return report

