"""The analyses: each takes the case table (see `cases.case_table`) and returns a table.

Dataframe in, dataframe out, explicit column names, no state. Durations are in seconds;
quantiles interpolate linearly (pandas' default, SQL's quantile_cont).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from ecpx.logs.schema import (
    ACTIVATION_METHODS,
    ERROR_STEP,
    ERRORS,
    METHODS,
    PROCEDURES,
    STEPS,
)

QUANTILES = {"median_s": 0.5, "p90_s": 0.9}


def _with_bit(masks: np.ndarray, bit: int) -> int:
    """How many of the bit masks (steps passed, errors met) have `bit` set."""
    return int(np.count_nonzero(masks & masks.dtype.type(1 << bit)))


def methods(cases: pd.DataFrame) -> tuple[str, ...]:
    """The methods an analysis reports: A and B always (a row of 0 when absent), the sign-in
    ("S") when the cases hold some, so an activation log's tables are those it always had."""
    present = {str(m) for m in cases["method"].unique()}  # categorical: per used category
    return tuple(m for m in METHODS if m in ACTIVATION_METHODS or m in present)


def _of(cases: pd.DataFrame, method: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The cases of one method (only `columns`, to keep a million-row selection cheap)."""
    chosen = cases if columns is None else cases[columns]
    return chosen[(cases["method"] == method).to_numpy()]


def funnel(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases that passed each step of their method's procedure, in the procedure's order.

    Columns: method, position, step, cases, conversion (share of the previous step's cases;
    for the first step, of all the method's cases), drop_off (cases lost since then).
    """
    rows = []
    for method in methods(cases):
        steps = _of(cases, method, ["steps"])["steps"].to_numpy()
        previous = len(steps)
        for position, step in enumerate(PROCEDURES[method]):
            count = _with_bit(steps, position)
            rows.append({"method": method, "position": position, "step": step, "cases": count,
                         "conversion": count / previous if previous else np.nan,
                         "drop_off": previous - count})
            previous = count
    return pd.DataFrame(rows, columns=["method", "position", "step", "cases", "conversion",
                                       "drop_off"])


def _quantiles(values: pd.Series | np.ndarray) -> dict[str, float]:
    """Median and 90th percentile, interpolated linearly (NaN ignored; NaN when empty)."""
    values = np.array(values, dtype="float64")  # a copy of our own, partitioned in place
    missing = np.isnan(values)
    values = values[~missing] if missing.any() else values
    if not len(values):
        return dict.fromkeys(QUANTILES, np.nan)
    found = np.quantile(values, list(QUANTILES.values()), overwrite_input=True)
    return {name: float(v) for name, v in zip(QUANTILES, found, strict=True)}


def activation(cases: pd.DataFrame, by: tuple[str, ...] = ()) -> pd.DataFrame:
    """Per method (and per `by` columns): cases, activated, rate, time to activate.

    Columns: method, *by, cases, activated, activation_rate, median_s, p90_s (time from the
    case's first event to « activated », over the activated cases).
    """
    keys = ["method", *by]
    rows = []
    chosen = cases[[*keys, "activated", "time_to_activate_s"]]
    for key, group in chosen.groupby(keys, observed=True, sort=True):
        key = key if isinstance(key, tuple) else (key,)
        activated = int(group["activated"].sum())
        rows.append({**dict(zip(keys, key, strict=True)), "cases": len(group),
                     "activated": activated, "activation_rate": activated / len(group),
                     **_quantiles(group["time_to_activate_s"])})
    return pd.DataFrame(rows, columns=[*keys, "cases", "activated", "activation_rate",
                                       *QUANTILES])


def step_durations(cases: pd.DataFrame) -> pd.DataFrame:
    """Time spent on each step: from the previous step's first success to this one's.

    Columns: method, position, step, cases (that did both), median_s, p90_s.
    """
    keys, spans = [], []
    for method in methods(cases):
        steps = PROCEDURES[method]
        chosen = (cases["method"] == method).to_numpy()
        times = [cases[f"t_{step}"].to_numpy("float64") for step in steps]
        for position in range(1, len(steps)):
            keys.append({"method": method, "position": position, "step": steps[position]})
            spans.append((times[position - 1], times[position], chosen))
    # Plain numpy on arrays of its own, which releases the GIL: the steps share the cores.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        found = list(pool.map(_time_spent, spans))
    return pd.DataFrame([key | spent for key, spent in zip(keys, found, strict=True)],
                        columns=["method", "position", "step", "cases", *QUANTILES])


def _time_spent(span: tuple[np.ndarray, np.ndarray, np.ndarray]) -> dict[str, float]:
    """Cases that did both steps (of the chosen ones), and the quantiles of the time between."""
    before, after, chosen = span
    spent = after - before
    spent = spent[chosen & ~np.isnan(spent)]
    return {"cases": len(spent), **_quantiles(spent)}


def errors(cases: pd.DataFrame) -> pd.DataFrame:
    """Errors ranked within each step: cases that met each error at least once.

    Columns: method, step, error, cases, share (of the method's cases), rank (1 = most
    frequent at that step). Codes only: the screens and the CLI word them.
    """
    rows = []
    for method in methods(cases):
        masks = _of(cases, method, ["errors"])["errors"].to_numpy()
        for i, code in enumerate(ERRORS):
            count = _with_bit(masks, i)
            if count:
                rows.append({"method": method, "step": ERROR_STEP[code], "error": code,
                             "cases": count, "share": count / len(masks)})
    table = pd.DataFrame(rows, columns=["method", "step", "error", "cases", "share"])
    order = {(m, s): i for m in METHODS for i, s in enumerate(STEPS[m])}
    table["position"] = [order.get((m, s), -1) for m, s in zip(table["method"], table["step"],
                                                               strict=True)]
    table = table.sort_values(["method", "position", "cases", "error"],
                              ascending=[True, True, False, True], ignore_index=True)
    table["rank"] = table.groupby(["method", "step"]).cumcount() + 1
    return table.drop(columns="position")


def error_totals(cases: pd.DataFrame) -> pd.DataFrame:
    """Every error met, most frequent first. Columns: error, step, cases."""
    masks = cases["errors"].to_numpy()
    rows = [{"error": code, "step": ERROR_STEP[code], "cases": _with_bit(masks, i)}
            for i, code in enumerate(ERRORS)]
    table = pd.DataFrame(rows, columns=["error", "step", "cases"])
    table = table[table["cases"] > 0]
    return table.sort_values(["cases", "error"], ascending=[False, True], ignore_index=True)


def daily_trend(cases: pd.DataFrame) -> pd.DataFrame:
    """Cases started and later activated, per UTC day and method.

    Columns: day, method, cases, activated.
    """
    days = cases["start"].dt.floor("D").rename("day")
    table = (cases.assign(day=days).groupby(["day", "method"], observed=True, sort=True)
             .agg(cases=("activated", "size"), activated=("activated", "sum")).reset_index())
    table["activated"] = table["activated"].astype("int64")
    return table


def variants(cases: pd.DataFrame, labels: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """Path variants (distinct activity sequences), most frequent first, per method.

    `labels` comes from `cases.variant_labels`. Columns: method, variant (fingerprint),
    label (activities joined by " → "), length, cases, share (of the method's cases),
    activated (whether the path ends with the activation).
    """
    counts = (cases.groupby(["method", "variant"], observed=True, sort=False)
              .agg(cases=("variant", "size"), activated=("activated", "first"),
                   length=("variant_length", "first")).reset_index())
    totals = cases.groupby("method", observed=True)["variant"].size()
    counts["share"] = counts["cases"] / counts["method"].map(totals).astype("float64")
    counts = counts.merge(labels[["variant", "label"]].drop_duplicates("variant"),
                          on="variant", how="left")
    counts = counts.sort_values(["method", "cases", "label"], ascending=[True, False, True],
                                ignore_index=True)
    if top is not None:
        counts = counts.groupby("method", observed=True, sort=False).head(top)
    return counts[["method", "variant", "label", "length", "cases", "share", "activated"]] \
        .reset_index(drop=True)


def conformance(cases: pd.DataFrame) -> pd.DataFrame:
    """Share of cases whose successful steps follow the documented procedure in order.

    A case that stops early still conforms; one that skips, repeats or restarts a step does
    not. Columns: method, cases, conforming, share, completed_conforming (activated and
    conforming).
    """
    rows = []
    for method in methods(cases):
        group = _of(cases, method, ["deviation", "activated"])
        conforming = group["deviation"] < 0
        rows.append({"method": method, "cases": len(group),
                     "conforming": int(conforming.sum()),
                     "share": conforming.mean() if len(group) else np.nan,
                     "completed_conforming": int((conforming & group["activated"]).sum())})
    return pd.DataFrame(rows, columns=["method", "cases", "conforming", "share",
                                       "completed_conforming"])


def deviations(cases: pd.DataFrame) -> pd.DataFrame:
    """Where the other cases leave the procedure: the step expected and the step done instead.

    Columns: method, position, expected_step, done_instead, cases.
    """
    off = cases[cases["deviation"] >= 0]
    rows = []
    for (method, position, done), group in off.groupby(
            ["method", "deviation", "deviation_step"], observed=True, sort=True):
        rows.append({"method": method, "position": int(position),
                     "expected_step": PROCEDURES[method][position], "done_instead": done,
                     "cases": len(group)})
    table = pd.DataFrame(rows, columns=["method", "position", "expected_step", "done_instead",
                                        "cases"])
    return table.sort_values(["method", "cases"], ascending=[True, False], ignore_index=True)
