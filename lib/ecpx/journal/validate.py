"""Check rows against the journal's schema, vectorised: every rejected row gets its reasons.

Checks run on the categories of categorical columns (a few dozen distinct values) rather than
on millions of rows, which is what keeps validating a 10-million-event log cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from ecpx.journal.readers import LogFormatError
from ecpx.journal.schema import (
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
        raise LogFormatError(
            file, f"missing column {names} (the header must name {', '.join(REQUIRED)}; "
                  f"map other names with --map THEIRS=OURS)", header_line)


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
    codes = values.cat.codes.to_numpy()
    mapped = np.where(codes >= 0, new_codes[codes], -1)
    return pd.Series(pd.Categorical.from_codes(mapped, categories=pd.Index(uniques)),
                     index=values.index, name=values.name)


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


def parse_timestamps(values: pd.Series, naive_timezone: str = "UTC") -> pd.Series:
    """UTC timestamps; NaT where a value is not ISO 8601 (or is a non-existent local time).

    A value without an offset is read in `naive_timezone` (UTC unless the log says otherwise).
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype(TIMESTAMP_DTYPE)
    if pd.api.types.is_datetime64_dtype(values.dtype):
        local = values.dt.tz_localize(naive_timezone, ambiguous="NaT", nonexistent="NaT")
        return local.dt.tz_convert("UTC").astype(TIMESTAMP_DTYPE)
    text = values.astype("str").str.strip()
    parsed = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    if naive_timezone != "UTC":
        naive = text.notna() & ~text.str.contains(_AWARE, regex=True, na=False)
        if naive.any():
            local = pd.to_datetime(text[naive], format="ISO8601", errors="coerce")
            local = local.dt.tz_localize(naive_timezone, ambiguous="NaT", nonexistent="NaT")
            parsed[naive] = local.dt.tz_convert("UTC")
    return parsed.astype(TIMESTAMP_DTYPE)


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


def normalise(frame: pd.DataFrame, naive_timezone: str = "UTC") -> pd.DataFrame:
    """The journal's columns with normalised spelling: absent optional columns get defaults."""
    out = pd.DataFrame(index=frame.index)
    # The case id is nearly unique per row: it stays text until the whole file is read.
    out["case_id"] = _stripped(frame["case_id"].astype("str"))
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
    out["timestamp"] = parse_timestamps(frame["timestamp"], naive_timezone)
    out["line"] = frame["line"].to_numpy()
    return out[[*COLUMNS, "line"]]


def _allowed(values: pd.Series, allowed) -> np.ndarray:
    """Per row: is the value allowed? Decided once per category (NA is never allowed).

    `allowed` is a collection of values, or a vectorised test on the categories (an Index).
    """
    categories = values.cat.categories.astype("str")
    ok = allowed(categories) if callable(allowed) else categories.isin(list(allowed))
    ok = np.append(np.asarray(ok, dtype=bool), False)
    return ok[values.cat.codes.to_numpy()]  # code -1 (NA) picks the trailing False


def _allowed_pairs(first: pd.Series, second: pd.Series, pairs: set[tuple[str, str]]) -> np.ndarray:
    """Per row: is (first, second) one of `pairs`? A lookup table over the two categories."""
    a, b = first.cat.categories, second.cat.categories
    table = np.zeros((len(a) + 1, len(b) + 1), dtype=bool)
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i, j] = (x, y) in pairs
    return table[first.cat.codes.to_numpy(), second.cat.codes.to_numpy()]


STEP_OF_METHOD = {(m, s) for m, steps in STEPS.items() for s in steps}
STEP_OF_ERROR = set(ERROR_STEP.items())


def problems(events: pd.DataFrame, original: pd.DataFrame
             ) -> list[tuple[np.ndarray, str, Callable[[np.ndarray], pd.Series]]]:
    """(rows at fault, column, reason builder) for every check, on normalised events.

    Reasons are built only for the rows at fault, quoting the value as the file wrote it.
    """
    def shown(column: str, rows: np.ndarray) -> pd.Series:
        source = original[column] if column in original else events[column]
        values = source[rows].astype("str").fillna("")
        return "'" + values.str.slice(0, 60) + "'"

    def fixed(text: str) -> Callable[[np.ndarray], pd.Series]:
        return lambda rows: pd.Series(text, index=events.index[rows])

    def quoted(column: str, before: str, after: str = "") -> Callable[[np.ndarray], pd.Series]:
        return lambda rows: before + shown(column, rows) + after

    method_ok = _allowed(events["method"], METHODS)
    step_ok = _allowed_pairs(events["method"], events["step"], STEP_OF_METHOD)
    is_error = _allowed(events["outcome"], {"error"})
    error_known = _allowed(events["error"], ERRORS)
    no_error = _allowed(events["error"], {""})
    return [
        (events["case_id"].str.len().fillna(0).eq(0).to_numpy(), "case_id",
         fixed("missing value")),
        (events["timestamp"].isna().to_numpy(), "timestamp",
         quoted("timestamp", "bad timestamp ", " (expected ISO 8601, e.g. 2024-03-04T09:00:00Z)")),
        (~method_ok, "method", quoted("method", "unknown method ", " (expected A or B)")),
        (method_ok & ~step_ok, "step",
         lambda rows: "unknown step " + shown("step", rows) + " for method "
         + events["method"][rows].astype("str")),
        (~_allowed(events["outcome"], OUTCOMES), "outcome",
         quoted("outcome", "unknown outcome ", " (expected ok or error)")),
        (is_error & ~error_known, "error",
         lambda rows: pd.Series(np.where(no_error[rows], "outcome is 'error' but no error code",
                                         "unknown error code " + shown("error", rows)),
                                index=events.index[rows])),
        (_allowed(events["outcome"], {"ok"}) & ~no_error, "error",
         quoted("error", "error code ", " on an event whose outcome is 'ok'")),
        (is_error & error_known & step_ok
         & ~_allowed_pairs(events["error"], events["step"], STEP_OF_ERROR), "step",
         lambda rows: "error " + shown("error", rows) + " is recorded at step '"
         + events["error"][rows].astype("str").map(ERROR_STEP) + "', not " + shown("step", rows)),
        (~_allowed(events["platform"], PLATFORMS), "platform",
         quoted("platform", "unknown platform ", f" (expected {', '.join(PLATFORMS)})")),
        (~_allowed(events["os_version"], lambda v: v.str.fullmatch(r"\d*")), "os_version",
         quoted("os_version", "os_version ", " is not a major version number")),
        (~_allowed(events["card_type"], (*CARD_TYPES, "")), "card_type",
         quoted("card_type", "unknown card type ", f" (expected {', '.join(CARD_TYPES)})")),
        (~_allowed(events["source"], SOURCES), "source",
         quoted("source", "unknown source ", f" (expected {', '.join(SOURCES)})")),
    ]


def validate(frame: pd.DataFrame, renamed: Mapping[str, str], *,
             naive_timezone: str = "UTC") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split a chunk (original columns + `line`) into valid events and rejected rows."""
    original = frame.rename(columns=dict(renamed))[[*renamed.values(), "line"]]
    for column in REQUIRED:  # a JSON line can lack a key that the file has elsewhere
        if column not in original:
            original[column] = pd.Series(pd.NA, index=original.index, dtype="str")
    events = normalise(original, naive_timezone)
    faults = [(mask, column, reason) for mask, column, reason in problems(events, original)
              if mask.any()]
    if not faults:
        return events, empty_rejected()
    bad = np.logical_or.reduce([mask for mask, _, _ in faults])
    rows = [pd.DataFrame({"line": events["line"].to_numpy()[mask], "column": column,
                          "reason": reason(mask).to_numpy()})
            for mask, column, reason in faults]
    report = (pd.concat(rows).groupby("line", sort=True)
              .agg({"column": ", ".join, "reason": "; ".join}).reset_index())
    values = original[bad].drop(columns="line").astype("str").fillna("")
    values["line"] = original["line"].to_numpy()[bad]
    report = report.merge(values, on="line", how="left")
    report["raw"] = ""
    report["line"] = report["line"].astype("int64")
    return events[~bad], report.reindex(columns=list(REJECTED_COLUMNS), fill_value="")


_EMPTY_REJECTED = pd.DataFrame({c: pd.Series([], dtype="int64" if c == "line" else "str")
                                for c in REJECTED_COLUMNS})


def empty_rejected() -> pd.DataFrame:
    return _EMPTY_REJECTED.copy()


def reject_lines(rows: list[dict]) -> pd.DataFrame:
    """Rows the reader could not split into fields, in the rejected-rows table's columns."""
    if not rows:
        return empty_rejected()
    report = pd.DataFrame(rows).reindex(columns=list(REJECTED_COLUMNS), fill_value="")
    report["line"] = report["line"].astype("int64")
    return report

