"""One row per case, computed only from that case's events (so it runs per partition).

`case_table(events)` is the only place that looks at individual events: every analysis is an
aggregation of its output. Because it never looks across cases, it gives the same rows on a
whole log or on any partitioning that keeps each case's events together (a Dask DataFrame
partitioned by case_id). Events are ordered by time within a case; ties keep the input order.

Everything is vectorised over the events (numpy on category codes): a case's events are a
contiguous run, and per-case results are reductions over runs (`reduceat`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ecpx.logs.schema import ERRORS, METHODS, PROCEDURES, STEPS, empty_events

# Every step of every method (A and B first: their columns and codes keep their order).
ALL_STEPS = tuple(dict.fromkeys(s for steps in STEPS.values() for s in steps))
ACTIVITIES = (*ALL_STEPS, *ERRORS)  # activity label codes: steps, then error codes
STEP_COLUMNS = tuple(f"t_{step}" for step in ALL_STEPS)  # seconds from case start
CASE_CONTEXT = ("method", "platform", "os_version", "card_type", "source")
# Errors after which the procedure itself sends the holder back to an earlier step.
# A sign-in whose request is cancelled (or never validated) starts again with a new request:
# an error sending back to its method's first step begins a new attempt (see _first_deviation).
RETURNS_TO = {"password_mismatch": "password_created", "pairing_code_expired": "qr_scanned",
              **dict.fromkeys(("notification_missing", "request_expired", "ecps_expired",
                               "signin_password_locked", "dynamic_code_wrong"),
                              "signin_requested")}
_ERROR_BIT = np.uint32 if len(ERRORS) <= 32 else np.uint64  # one bit per error code
_HASH_BASE = np.uint64(0x100000001B3)  # FNV prime: any odd 64-bit multiplier works
_POSITION = np.full((len(METHODS) + 1, len(ALL_STEPS) + 1), -1, dtype=np.int8)
for _m, _method in enumerate(METHODS):
    for _s, _step in enumerate(ALL_STEPS):
        if _step in PROCEDURES[_method]:  # a step outside the procedure: -1
            _POSITION[_m, _s] = PROCEDURES[_method].index(_step)
# Per method (and -1, no method): the column of its final step in the step times.
_FINAL = np.array([ALL_STEPS.index(PROCEDURES[m][-1]) for m in METHODS] + [len(ALL_STEPS)])
_RESTARTS = tuple(code for code, step in RETURNS_TO.items()
                  if any(steps[0] == step for steps in PROCEDURES.values()))


def codes_of(values: pd.Series) -> np.ndarray:
    """Integer codes of the values (a categorical's own, without a copy)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array.codes
    return pd.factorize(values)[0]


def _codes_in(values: pd.Series, vocabulary: tuple[str, ...]) -> np.ndarray:
    """Each value's index in `vocabulary` (-1 if absent), computed once per category."""
    values = values if isinstance(values.dtype, pd.CategoricalDtype) else values.astype("category")
    lookup = np.array([vocabulary.index(c) if c in vocabulary else -1
                       for c in values.cat.categories] + [-1], dtype=np.int8)
    return lookup[values.array.codes]


def in_case_order(events: pd.DataFrame) -> pd.DataFrame:
    """Events grouped by case and in time order within it (stable: ties keep input order)."""
    codes = codes_of(events["case_id"])
    time = events["timestamp"].array.asi8
    same = codes[1:] == codes[:-1]
    if len(codes) < 2 or np.all(codes[1:] >= codes[:-1]):
        grouped = True  # codes never go back: each case is one run (the loader's order)
    else:
        grouped = np.count_nonzero(~same) + 1 == len(np.unique(codes[np.r_[True, ~same]]))
    if grouped and not np.any(same & (time[1:] < time[:-1])):
        return events
    return events.take(np.lexsort((time, codes)))


@dataclass
class Layout:
    """The events in case order, as the code arrays every per-case computation needs."""

    events: pd.DataFrame

    def __post_init__(self) -> None:
        self.events = in_case_order(self.events)
        e = self.events
        self.n = len(e)
        case_codes = codes_of(e["case_id"])
        self.first = np.flatnonzero(np.r_[True, case_codes[1:] != case_codes[:-1]]) \
            if self.n else np.zeros(0, dtype=np.int64)
        self.sizes = np.diff(np.r_[self.first, self.n])
        self.time = e["timestamp"].array.asi8
        self.method = _codes_in(e["method"], METHODS)
        self.step = _codes_in(e["step"], ALL_STEPS)
        self.ok = _codes_in(e["outcome"], ("ok",)) == 0
        self.error = _codes_in(e["error"], ERRORS)
        self.position = _POSITION[self.method, self.step]  # -1 outside the method's procedure
        self.passed = self.ok & (self.position >= 0)

    @cached_property
    def case(self) -> np.ndarray:
        """Each event's case number (0, 1, … in case order)."""
        return np.repeat(np.arange(len(self.first), dtype=np.int32), self.sizes)

    @cached_property
    def furthest_before(self) -> np.ndarray:
        """Per event: the furthest procedure position its case passed before it (-1: none)."""
        if not self.n:
            return np.zeros(0, dtype=np.int32)
        offset = self.case * np.int32(16)  # positions < 16: the running max restarts per case
        passed = np.where(self.passed, self.position, np.int8(-1)).astype(np.int32)
        furthest = np.maximum.accumulate(passed + offset) - offset
        before = np.empty(self.n, dtype=np.int32)
        before[0] = -1
        before[1:] = furthest[:-1]
        before[self.first] = -1  # nothing passed before a case's first event
        return before

    @cached_property
    def furthest_in_attempt(self) -> np.ndarray:
        """`furthest_before`, restarting after an error that sends the holder back to the
        procedure's first step (a cancelled sign-in request: a new attempt begins)."""
        restart = np.isin(self.error, [ERRORS.index(c) for c in _RESTARTS]) & ~self.ok
        if not restart.any():
            return self.furthest_before
        attempt = np.cumsum(restart) - restart  # attempts begun before each event
        attempt = attempt + self.case * np.int64(self.n + 1)  # ... and per case
        starts = np.r_[True, attempt[1:] != attempt[:-1]]
        offset = np.cumsum(starts).astype(np.int64) * 16  # the running max restarts
        passed = np.where(self.passed, self.position, np.int8(-1)).astype(np.int64)
        furthest = np.maximum.accumulate(passed + offset) - offset
        before = np.empty(self.n, dtype=np.int64)
        before[0] = -1
        before[1:] = furthest[:-1]
        before[starts] = -1  # nothing passed before an attempt's first event
        return before

    @cached_property
    def activity(self) -> np.ndarray:
        """Index in ACTIVITIES of each event's activity: its step if ok, else its error."""
        failed = ~self.ok & (self.error >= 0)
        return np.where(failed, len(ALL_STEPS) + self.error.astype(np.int16), self.step)

    @cached_property
    def fingerprint(self) -> np.ndarray:
        """A polynomial hash of each case's activity sequence (64-bit, wrapping).

        Two cases get the same fingerprint when they have the same activities in the same
        order (a collision among a million variants has odds of about 1 in 10^7).
        """
        if not self.n:
            return np.zeros(0, dtype=np.uint64)
        label = (self.activity.astype(np.uint64) + np.uint64(1))  # never 0: length counts
        position = np.arange(self.n, dtype=np.int32) - np.repeat(
            self.first.astype(np.int32), self.sizes)
        powers = np.ones(int(self.sizes.max()), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for i in range(1, len(powers)):
                powers[i] = powers[i - 1] * _HASH_BASE
            terms = label * powers[position]
        return np.add.reduceat(terms, self.first)


def case_table(events: pd.DataFrame) -> pd.DataFrame:
    """Per case: context, start/end, events, steps passed, errors met, activation, variant.

    Columns: case_id, method, platform, os_version, card_type, source (from the case's first
    event), start, end (UTC), events, steps (bit k set when the k-th step of the method's
    procedure succeeded), errors (bit i for ERRORS[i]), activated (the procedure's final step
    passed: « activated », or « service_opened » for a sign-in), time_to_activate_s,
    variant (a 64-bit fingerprint of the activity sequence), variant_length, deviation (the
    position in the procedure of the first successful step out of order, -1 if none),
    deviation_step (the step done there instead), and t_<step>: seconds from the case's start
    to the first success of each step (NaN if never).
    """
    return case_table_and_labels(events)[0]


def variant_labels(events: pd.DataFrame) -> pd.DataFrame:
    """The activity sequence of each variant met in `events`, read from one of its cases.

    Columns: variant (fingerprint, as in the case table), method, label (activities joined
    by " → "). Per partition, then `drop_duplicates("variant")` across partitions.
    """
    return case_table_and_labels(events)[1]


def case_table_and_labels(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`case_table` and `variant_labels` from one pass over the events."""
    events = with_categories(events)
    return CaseParts.join([case_parts(events)], events)


def with_categories(events: pd.DataFrame) -> pd.DataFrame:
    """`events` whose per-case columns are categorical (as the loader gives them), so that
    every slice of it shares their dtypes."""
    text = [c for c in ("case_id", *CASE_CONTEXT)
            if not isinstance(events[c].dtype, pd.CategoricalDtype)]
    return events.astype(dict.fromkeys(text, "category")) if text else events


@dataclass
class CaseParts:
    """Some cases' rows of the case table as arrays (categoricals as codes of the events'
    dtypes) and the paths of their variants: what a thread computes from a slice of whole
    cases. `join` makes the tables once, so no slice pays for building a DataFrame."""

    columns: dict[str, np.ndarray]
    seconds: np.ndarray  # [step, case]: the t_<step> columns
    variants: np.ndarray  # the fingerprint of each variant met (once per slice)
    methods: np.ndarray  # the method code of one case of each
    paths: list[np.ndarray]  # its first activities (MAX_LABEL_STEPS at most)
    lengths: np.ndarray  # its number of activities

    @staticmethod
    def join(parts: list[CaseParts], events: pd.DataFrame, seconds: np.ndarray | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The case table and the variant labels of the cases of `parts` (of `events`);
        `seconds`: the array whose columns the parts' step times are, if one holds them all."""
        joined = {name: np.concatenate([p.columns[name] for p in parts])
                  for name in parts[0].columns}
        for name in ("case_id", *CASE_CONTEXT):
            joined[name] = pd.Categorical.from_codes(joined[name], dtype=events[name].dtype,
                                                     validate=False)
        for name in ("start", "end"):
            joined[name] = pd.to_datetime(joined[name], unit="us", utc=True)
        joined["deviation_step"] = pd.Categorical.from_codes(joined["deviation_step"],
                                                             categories=list(ALL_STEPS))
        if seconds is None:
            seconds = np.concatenate([p.seconds for p in parts], axis=1)
        # The step times as one block (a column per step, each contiguous), not copied.
        cases = pd.concat([pd.DataFrame(joined, copy=False),
                           pd.DataFrame(seconds.T, columns=STEP_COLUMNS, copy=False)], axis=1)
        variants, first = np.unique(np.concatenate([p.variants for p in parts]),
                                    return_index=True)
        paths = [path for p in parts for path in p.paths]
        lengths = np.concatenate([p.lengths for p in parts])
        names = np.array(ACTIVITIES, dtype=object)
        labels = pd.DataFrame({
            "variant": variants,
            "method": pd.Categorical.from_codes(np.concatenate([p.methods for p in parts])[first],
                                                dtype=events["method"].dtype, validate=False),
            "label": pd.Series([_label(names, paths[i], int(lengths[i])) for i in first],
                               dtype="str")})
        return cases, labels


def case_parts(events: pd.DataFrame, seconds: np.ndarray | None = None) -> CaseParts:
    """The `CaseParts` of the cases of `events` (whole cases; see `with_categories`); their
    step times are written into `seconds` ([step, case]) if given."""
    layout = Layout(events)
    e, first, n = layout.events, layout.first, layout.n
    start = layout.time[first]
    end = layout.time[np.r_[first[1:], n] - 1] if n else layout.time[:0]
    # Per-event bits in the narrowest type that holds them (positions < 16, see
    # furthest_before); only the per-case results are widened to the table's dtypes.
    bits = np.left_shift(np.int32(1), np.maximum(layout.position, 0).astype(np.int32))
    steps = _or_per_case(np.where(layout.passed, bits, np.int32(0)), first).astype(np.int64)
    failed = ~layout.ok & (layout.error >= 0)
    error_bits = np.left_shift(_ERROR_BIT(1), np.maximum(layout.error, 0).astype(_ERROR_BIT))
    errors = _or_per_case(np.where(failed, error_bits, _ERROR_BIT(0)), first) \
        .astype(np.uint64)
    seconds = _first_success_seconds(layout, start, seconds)
    # Completed: the method's final step passed (« activated »; a sign-in's « service_opened »)
    final = _FINAL[layout.method[first]] if n else _FINAL[:0]
    has_final = np.flatnonzero(final < len(ALL_STEPS))  # a case without a method has none
    time_to_activate = np.full(len(first), np.nan)
    time_to_activate[has_final] = seconds[final[has_final], has_final]
    deviation, deviation_step = _first_deviation(layout)
    columns = {
        **{name: e[name].array.codes[first] for name in ("case_id", *CASE_CONTEXT)},
        "start": start, "end": end, "events": layout.sizes, "steps": steps, "errors": errors,
        "activated": ~np.isnan(time_to_activate), "time_to_activate_s": time_to_activate,
        "variant": layout.fingerprint, "variant_length": layout.sizes,
        "deviation": deviation, "deviation_step": deviation_step,
    }
    _, one = np.unique(layout.fingerprint, return_index=True)  # a case of each variant
    paths = [layout.activity[first[c]:first[c] + min(layout.sizes[c], MAX_LABEL_STEPS)]
             for c in one]
    return CaseParts(columns, seconds, layout.fingerprint[one],
                     e["method"].array.codes[first[one]], paths, layout.sizes[one])


MAX_LABEL_STEPS = 40  # a label names at most this many activities (a hostile case has millions)


def _label(names: np.ndarray, activities: np.ndarray, size: int) -> str:
    """The activities joined by " → ", the rest of a very long path counted, not listed."""
    label = " → ".join(names[activities])
    return label if size <= MAX_LABEL_STEPS else \
        f"{label} → … ({size - MAX_LABEL_STEPS} more steps)"


def case_table_meta() -> pd.DataFrame:
    """The empty case table, with its dtypes (what Dask needs to plan `map_partitions`)."""
    return case_table(empty_events())


def _or_per_case(bits: np.ndarray, first: np.ndarray) -> np.ndarray:
    return np.bitwise_or.reduceat(bits, first) if len(first) else bits[:0]


def _first_success_seconds(layout: Layout, start: np.ndarray,
                           seconds: np.ndarray | None = None) -> np.ndarray:
    """[step, case] -> seconds from the case's start to the first success of that step (NaN
    if never), in `seconds` if given."""
    if seconds is None:
        seconds = np.empty((len(ALL_STEPS), len(layout.first)))
    elif seconds.shape != (len(ALL_STEPS), len(layout.first)):
        raise ValueError(f"room for {seconds.shape[1]} cases, not {len(layout.first)}")
    seconds.fill(np.nan)
    # A success beyond everything passed before is its step's first (and only so far): those
    # are written directly; the few others (a step redone, a step caught up) take the minimum.
    fresh = layout.passed & (layout.position > layout.furthest_before)

    def at(rows: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
        case = layout.case[rows]
        return (layout.step[rows], case), (layout.time[rows] - start[case]) / 1e6

    where, since = at(np.flatnonzero(fresh))
    seconds[where] = since
    np.fmin.at(seconds, *at(np.flatnonzero(layout.passed & ~fresh)))  # fmin: NaN is no time
    return seconds


def _first_deviation(layout: Layout) -> tuple[np.ndarray, np.ndarray]:
    """Where each case first leaves the documented procedure (-1 if it never does), and the
    step done there instead (its index in ALL_STEPS).

    The procedure is its steps in order: a success must be the step after the furthest one
    passed so far, or the step an error sends the holder back to (a password confirmation
    that does not match sends back to its creation). Anything else (a skipped step, a step
    redone without cause, a restart) is a deviation; stopping early is not.
    """
    n, first = layout.n, layout.first
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    position = layout.position.astype(np.int64)
    before = layout.furthest_in_attempt
    suspect = np.flatnonzero(layout.passed & (position != before + 1))
    deviation = np.full(len(first), -1, dtype=np.int64)
    done_instead = np.full(len(first), -1, dtype=np.int64)
    if len(suspect):
        sent_back = _pending_return(layout, suspect)
        wrong = suspect[layout.step[suspect] != sent_back]
        cases, at = np.unique(layout.case[wrong], return_index=True)  # first per case
        deviation[cases] = before[wrong[at]] + 1
        done_instead[cases] = layout.step[wrong[at]]
    return deviation, done_instead


def _pending_return(layout: Layout, events: np.ndarray) -> np.ndarray:
    """For each of `events`: the step an earlier error of its case sent the holder back to,
    with no success since (-2 if none)."""
    back_to = np.full(len(ERRORS) + 1, -2, dtype=np.int64)
    for code, step in RETURNS_TO.items():
        back_to[ERRORS.index(code)] = ALL_STEPS.index(step)
    sends_back = np.flatnonzero(~layout.ok & (back_to[layout.error] >= 0))
    pending = np.full(len(events), -2, dtype=np.int64)
    if not len(sends_back):
        return pending
    latest = np.searchsorted(sends_back, events) - 1  # the last such error before each event
    has = latest >= 0
    error_at = sends_back[np.maximum(latest, 0)]
    successes = np.cumsum(layout.ok, dtype=np.int64)  # successes up to each event, included
    since = successes[np.maximum(events - 1, 0)] - successes[error_at]
    valid = has & (layout.case[error_at] == layout.case[events]) & (since == 0)
    pending[valid] = back_to[layout.error[error_at[valid]]]
    return pending
