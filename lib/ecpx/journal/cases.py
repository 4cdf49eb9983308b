"""One row per case, computed only from that case's events (so it runs per partition).

`case_table(events)` is the only place that looks at individual events: every analysis is an
aggregation of its output. Because it never looks across cases, it gives the same rows on a
whole log or on any partitioning that keeps each case's events together (a Dask DataFrame
partitioned by case_id). Events are ordered by time within a case; ties keep the input order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ecpx.journal.schema import ERRORS, METHODS, STEPS, empty_events

ALL_STEPS = tuple(dict.fromkeys(s for steps in STEPS.values() for s in steps))
ACTIVITIES = (*ALL_STEPS, *ERRORS)  # activity label codes: steps, then error codes
STEP_COLUMNS = tuple(f"t_{step}" for step in ALL_STEPS)  # seconds from case start
CASE_CONTEXT = ("method", "platform", "os_version", "card_type", "source")
_NO_TIME = np.iinfo(np.int64).max
_HASH_BASE = np.uint64(0x100000001B3)  # FNV prime: any odd 64-bit multiplier works


def case_table(events: pd.DataFrame) -> pd.DataFrame:
    """Per case: context, start/end, events, steps passed, errors met, activation, variant.

    Columns: case_id, method, platform, os_version, card_type, source (from the case's first
    event), start, end (UTC), events, steps (bit k set when the k-th step of the method's
    procedure succeeded), errors (bit i for ERRORS[i]), activated, time_to_activate_s,
    variant (a 64-bit fingerprint of the activity sequence), variant_length, deviation (the
    position in the procedure of the first successful step out of order, -1 if none),
    deviation_step (the step done there instead), and t_<step>: seconds from the case's start
    to the first success of each step (NaN if never).
    """
    events = in_case_order(events)
    n = len(events)
    case_codes = _codes(events["case_id"])
    first = np.flatnonzero(np.r_[True, case_codes[1:] != case_codes[:-1]]) if n else \
        np.zeros(0, dtype=np.int64)
    sizes = np.diff(np.r_[first, n])
    case = np.repeat(np.arange(len(first)), sizes)
    time = events["timestamp"].array.asi8
    start, end = time[first], time[np.r_[first[1:], n] - 1] if n else time[:0]

    method = _codes_in(events["method"], METHODS)
    position = _step_position(events["method"], events["step"])  # -1 if not in the procedure
    ok = _codes_in(events["outcome"], ("ok",)) == 0
    passed = ok & (position >= 0)
    error = _codes_in(events["error"], ERRORS)

    steps = _or_per_case(np.where(passed, np.left_shift(1, np.maximum(position, 0)), 0)
                         .astype(np.int64), first)
    errors = _or_per_case(np.where(~ok & (error >= 0),
                                   np.left_shift(1, np.maximum(error, 0).astype(np.uint64)),
                                   0).astype(np.uint64), first)
    step_times = _first_success_times(events, case, time, passed, len(first))
    out = pd.DataFrame({"case_id": _take_categorical(events["case_id"], first)})
    for column in CASE_CONTEXT:
        out[column] = _take_categorical(events[column], first)
    out["start"] = pd.to_datetime(start, unit="us", utc=True)
    out["end"] = pd.to_datetime(end, unit="us", utc=True)
    out["events"] = sizes
    out["steps"] = steps
    out["errors"] = errors
    activated_at = step_times[:, ALL_STEPS.index("activated")]
    out["activated"] = activated_at != _NO_TIME
    out["time_to_activate_s"] = np.where(out["activated"], (activated_at - start) / 1e6, np.nan)
    out["variant"], out["variant_length"] = _variant_fingerprint(events, case, first, sizes, ok)
    out["deviation"], out["deviation_step"] = _first_deviation(events, case, first, passed,
                                                               position, method)
    seconds = np.where(step_times == _NO_TIME, np.nan, (step_times - start[:, None]) / 1e6)
    for j, column in enumerate(STEP_COLUMNS):
        out[column] = seconds[:, j]
    return out


def variant_labels(events: pd.DataFrame) -> pd.DataFrame:
    """The activity sequence of each variant met in `events`, read from one of its cases.

    Columns: variant (fingerprint, as in the case table), method, label (activities joined
    by " → "). Per partition, then `drop_duplicates("variant")` across partitions.
    """
    events = in_case_order(events)
    n = len(events)
    case_codes = _codes(events["case_id"])
    first = np.flatnonzero(np.r_[True, case_codes[1:] != case_codes[:-1]]) if n else \
        np.zeros(0, dtype=np.int64)
    sizes = np.diff(np.r_[first, n])
    case = np.repeat(np.arange(len(first)), sizes)
    ok = _codes_in(events["outcome"], ("ok",)) == 0
    fingerprint, _ = _variant_fingerprint(events, case, first, sizes, ok)
    _, representative = np.unique(fingerprint, return_index=True)
    codes = activity_codes(events, ok)
    names = np.array([*ACTIVITIES, "?"], dtype=object)
    labels = [" → ".join(names[codes[first[c]:first[c] + sizes[c]]]) for c in representative]
    method = _take_categorical(events["method"], first[representative])
    return pd.DataFrame({"variant": fingerprint[representative], "method": method,
                         "label": pd.Series(labels, dtype="str")})


def case_table_meta() -> pd.DataFrame:
    """The empty case table, with its dtypes (what Dask needs to plan `map_partitions`)."""
    return case_table(empty_events())


def in_case_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events grouped by case and in time order within it (stable: ties keep input order)."""
    codes = _codes(events["case_id"])
    time = events["timestamp"].array.asi8
    same = codes[1:] == codes[:-1]
    grouped = len(codes) < 2 or (np.count_nonzero(~same) + 1
                                 == len(np.unique(codes[np.r_[True, ~same]])))
    if grouped and not np.any(same & (time[1:] < time[:-1])):
        return events
    return events.take(np.lexsort((time, codes)))


def _codes(values: pd.Series) -> np.ndarray:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy()
    return pd.factorize(values)[0]


def _codes_in(values: pd.Series, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Each value's index in `vocabulary` (-1 if absent), computed once per category."""
    values = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    lookup = np.array([vocabulary.index(c) if c in vocabulary else -1
                       for c in values.cat.categories] + [-1], dtype=np.int64)
    return lookup[values.cat.codes.to_numpy()]


def _step_position(method: pd.Series, step: pd.Series) -> np.ndarray:
    m, s = _codes_in(method, METHODS), _codes_in(step, ALL_STEPS)
    table = np.full((len(METHODS) + 1, len(ALL_STEPS) + 1), -1, dtype=np.int64)
    for i, name in enumerate(METHODS):
        for j, step_name in enumerate(ALL_STEPS):
            if step_name in STEPS[name]:
                table[i, j] = STEPS[name].index(step_name)
    return table[m, s]


def _or_per_case(bits: np.ndarray, first: np.ndarray) -> np.ndarray:
    return np.bitwise_or.reduceat(bits, first) if len(first) else bits[:0]


def _first_success_times(events: pd.DataFrame, case: np.ndarray, time: np.ndarray,
                         passed: np.ndarray, cases: int) -> np.ndarray:
    """[case, step] -> time of the first success of that step (max int64 if none)."""
    times = np.full((cases, len(ALL_STEPS)), _NO_TIME, dtype=np.int64)
    step = _codes_in(events["step"], ALL_STEPS)
    np.minimum.at(times, (case[passed], step[passed]), time[passed])
    return times


def _variant_fingerprint(events: pd.DataFrame, case: np.ndarray, first: np.ndarray,
                         sizes: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A polynomial hash of each case's activity sequence (64-bit, wrapping).

    Two cases get the same fingerprint when they have the same activities in the same order
    (a collision among a million variants has odds of about 1 in 10^7).
    """
    label = activity_codes(events, ok) + 1  # never 0, so the length counts too
    position = np.arange(len(case)) - np.repeat(first, sizes)
    powers = np.ones(int(sizes.max()) if len(sizes) else 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(1, len(powers)):
            powers[i] = powers[i - 1] * _HASH_BASE
        terms = label.astype(np.uint64) * powers[position] if len(case) else label[:0]
    fingerprint = np.add.reduceat(terms.astype(np.uint64), first) if len(first) else \
        np.zeros(0, dtype=np.uint64)
    return fingerprint, sizes


def activity_codes(events: pd.DataFrame, ok: np.ndarray | None = None) -> np.ndarray:
    """Index in ACTIVITIES of each event's activity: its step if ok, else its error code."""
    if ok is None:
        ok = _codes_in(events["outcome"], ("ok",)) == 0
    step = _codes_in(events["step"], ALL_STEPS)
    error = _codes_in(events["error"], ERRORS)
    return np.where(ok, step, np.where(error >= 0, len(ALL_STEPS) + error, step))


# Errors after which the procedure itself sends the holder back to an earlier step.
RETURNS_TO = {"password_mismatch": "password_created", "pairing_code_expired": "qr_scanned"}


def _first_deviation(events: pd.DataFrame, case: np.ndarray, first: np.ndarray,
                     passed: np.ndarray, position: np.ndarray,
                     method: np.ndarray) -> tuple[np.ndarray, pd.Categorical]:
    """Where each case first leaves the documented procedure (-1 if it never does).

    The procedure is its steps in order: a success must be the step after the furthest one
    passed so far, or the step an error sends the holder back to (a password confirmation
    that does not match sends back to its creation). Anything else (a skipped step, a step
    redone without cause, a restart) is a deviation; stopping early is not.
    """
    n = len(case)
    if n == 0:
        return np.zeros(0, dtype=np.int64), pd.Categorical.from_codes(
            np.zeros(0, dtype=np.int64), categories=list(ALL_STEPS))
    width = len(ALL_STEPS) + 2
    offset = case.astype(np.int64) * width
    furthest = np.maximum.accumulate(np.where(passed, position, -1) + offset) - offset
    before = np.r_[-1, furthest[:-1]]
    before[first] = -1  # nothing passed before a case's first event
    error = _codes_in(events["error"], ERRORS)
    back_to = np.full(len(ERRORS) + 1, -2, dtype=np.int64)
    for code, step in RETURNS_TO.items():
        back_to[ERRORS.index(code)] = ALL_STEPS.index(step)
    outcome_ok = _codes_in(events["outcome"], ("ok",)) == 0
    # The step an earlier error sent the holder back to, until the next success.
    marks = np.where(outcome_ok, -2, back_to[error])
    defined = outcome_ok | (marks >= 0)
    defined[first] = True  # a case starts with nothing pending
    marks[first] = np.where(defined[first] & ~outcome_ok[first], marks[first], -2)
    last = np.maximum.accumulate(np.where(defined, np.arange(n), 0))
    pending = marks[last]
    previous_sent_back = np.r_[-2, pending[:-1]]
    previous_sent_back[first] = -2
    step_codes = _codes_in(events["step"], ALL_STEPS)
    wrong = passed & (position != before + 1) & (step_codes != previous_sent_back)
    index = np.where(wrong, np.arange(n), n)
    at = np.minimum.reduceat(index, first)
    has = at < n
    safe = np.minimum(at, n - 1)
    deviation = np.where(has, before[safe] + 1, -1)
    done_instead = np.where(has, step_codes[safe], -1)
    return deviation, pd.Categorical.from_codes(done_instead, categories=list(ALL_STEPS))


def _take_categorical(values: pd.Series, rows: np.ndarray) -> pd.Categorical:
    values = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    taken = values.cat.codes.to_numpy()[rows]
    return pd.Categorical.from_codes(taken, dtype=values.dtype)

