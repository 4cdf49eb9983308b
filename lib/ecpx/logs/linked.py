"""Cross-table protection: a count hidden in one published table stays hidden in the others.

Each table is first protected on its own (`privacy.suppress`). Tables of one selection are
also linked by sums: the activations of the funnel are those of the activation table; the
operating-system versions of a platform add up to that platform's row; the cases that did a
step and the one before it (step durations) are the funnel's cases at that step. These
links are closed here, until no hidden cell can be computed by subtracting one table from
another (the test `test_linked` tries every pair of published tables).
"""

from __future__ import annotations

import pandas as pd

from ecpx.logs.privacy import hide
from ecpx.logs.schema import PROCEDURES

QUANTILES = ("median_s", "p90_s")


def protect_across(tables: dict[str, pd.DataFrame]) -> None:
    """Hide, in place, the cells that another published table would give away."""
    changed = True
    while changed:
        changed = _funnel_activations(tables)
        changed |= _step_durations(tables)
        changed |= _nested(tables["by_platform"], tables["by_os_version"], "platform")
        changed |= _totals(tables)


FINAL_STEP = {method: steps[-1] for method, steps in PROCEDURES.items()}


def _funnel_activations(tables: dict[str, pd.DataFrame]) -> bool:
    """Activations per method: hidden in the funnel (e.g. to protect a small drop before
    the last step) means hidden in the activation table too, and the other way round."""
    funnel, activation = tables["funnel"], tables["activation"]
    # the procedure's last step: « activated », or a sign-in's « service_opened »
    last = (funnel["step"].astype("str")
            == funnel["method"].astype("str").map(FINAL_STEP).fillna("activated"))
    funnel_hidden = funnel[last].set_index("method")["cases"].isna()
    table_hidden = activation.set_index("method")["activated"].isna()
    changed = False
    rows = activation.index[activation["method"].map(funnel_hidden).eq(True)
                            & activation["activated"].notna()]
    if len(rows):
        hide(activation, rows, ["activated", "activation_rate", *QUANTILES])
        changed = True
    rows = funnel.index[last & funnel["method"].map(table_hidden).eq(True)
                        & funnel["cases"].notna()]
    if len(rows):
        hide(funnel, rows, ["cases", "conversion", "drop_off"])
        changed = True
    return changed


def _totals(tables: dict[str, pd.DataFrame]) -> bool:
    """The selection's totals add up the methods' rows of the activation table: with one
    method's count hidden, the total would give it away, so it is hidden too."""
    totals, activation = tables["totals"], tables["activation"]
    changed = False
    for column in ("cases", "activated"):
        if activation[column].isna().any() and totals[column].notna().all():
            hide(totals, totals.index, [column])
            changed = True
    return changed


def _step_durations(tables: dict[str, pd.DataFrame]) -> bool:
    """The cases timed at a step are, for a procedure followed in order, the funnel's cases
    at that step: where the funnel hides a count, the durations table hides it too."""
    funnel, steps = tables["funnel"], tables["step_durations"]
    hidden = set(map(tuple, funnel.loc[funnel["cases"].isna(), ["method", "step"]]
                     .astype("str").to_numpy()))
    keys = zip(steps["method"].astype("str"), steps["step"].astype("str"), strict=True)
    rows = steps.index[[key in hidden for key in keys] & steps["cases"].notna().to_numpy()]
    if len(rows):
        hide(steps, rows, ["cases", *QUANTILES])
        return True
    return False


def _nested(outer: pd.DataFrame, inner: pd.DataFrame, key: str) -> bool:
    """`inner` splits each row of `outer` (same method and `key`) further: a hidden outer row
    needs at least two hidden inner rows (else the inner rows give its count), and an outer
    row whose inner rows are all hidden but one is hidden too."""
    changed = False
    count_columns = [c for c in ("cases", "activated") if c in inner]
    derived = [c for c in ("activation_rate", *QUANTILES) if c in inner]
    for (method, value), rows in inner.groupby(["method", key], observed=True,
                                               sort=False).groups.items():
        match = outer.index[(outer["method"] == method) & (outer[key] == value)]
        if not len(match):
            continue
        outer_hidden = bool(outer.loc[match, "cases"].isna().all())
        shown = inner.loc[rows, "cases"].dropna()
        hidden = len(rows) - len(shown)
        if outer_hidden and hidden < 2 and len(shown):
            need = min(2 - hidden, len(shown))
            positive = shown[shown > 0]
            pick = (positive if len(positive) >= need else shown).sort_values().index[:need]
            hide(inner, pick, [*count_columns, *derived])
            changed = True
    return changed
