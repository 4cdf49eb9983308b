"""Small-cell suppression for published aggregates (French health-statistics rule).

No published cell may count fewer than 11 cases (1 to 10; an empty cell, 0, discloses no
one and stays), and a masked cell must not be recoverable by subtraction from totals, so
each group of cells that adds up to a known total gets at least two masked cells (secondary
suppression). Figures computed from a masked count (a share, a median over those cases) are
masked with it. Masked values become <NA>. Only a true count of 1 to 10 may read « < 11 »:
those cells are listed in the table's `attrs[SMALL]` (index label, column); any other masked
cell was hidden to protect one of them, and `display` says so with another word.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

MIN_CELL = 11
MASK_TEXT = "< 11"
HIDDEN_TEXT = "hidden"  # the English word; the dashboard passes the catalogue's French one
SMALL = "small_cells"  # attrs key: {(index label, column)} of the cells that count 1 to 10


class Cells(frozenset):
    """Cells listed in a table's attrs. pandas deep-copies `attrs` at every operation on the
    table; the set never changes, so a copy can be the set itself."""

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def mark_small(table: pd.DataFrame, column: str, counts: pd.Series,
               threshold: int = MIN_CELL) -> None:
    """Record which masked cells of `column` truly count 1 to `threshold` - 1."""
    small = set(table.attrs.get(SMALL, ()))
    small |= {(label, column) for label in counts.index[_small(counts.astype("float64"),
                                                                threshold).to_numpy()]}
    table.attrs[SMALL] = Cells(small)


def is_small(table: pd.DataFrame, label, column: str) -> bool:
    return (label, column) in table.attrs.get(SMALL, ())


def hide(table: pd.DataFrame, rows, columns: Sequence[str]) -> None:
    """Mask more cells of a published table (to protect a cell of another table)."""
    for column in columns:
        if column in table:
            dtype = "Float64" if table[column].dtype.kind == "f" or str(
                table[column].dtype) == "Float64" else "Int64"
            values = table[column].astype(dtype)
            values[rows] = pd.NA
            table[column] = values


def _small(counts: pd.Series, threshold: int) -> pd.Series:
    return (counts > 0) & (counts < threshold)


def suppress(table: pd.DataFrame, count: str, *, groups: Sequence[Sequence[str]] = (),
             derived: Sequence[str] = (), also: Sequence[str] = (),
             threshold: int = MIN_CELL) -> pd.DataFrame:
    """Mask `count` cells under `threshold`, then complete each group so none is alone.

    `groups`: column sets whose cells add up to a published (or computable) total, e.g.
    [["method"]] for errors per method, [["method"], ["day"]] for a day x method table.
    `derived`: columns computed from `count` (masked with it). `also`: other count columns of
    the same rows (e.g. `activated` beside `cases`), masked where small or where `count` is.
    """
    out = table.copy()
    counts = out[count].astype("float64")
    masked = _small(counts, threshold)
    for column in also:
        masked |= _small(out[column].astype("float64"), threshold)
    changed = True
    while changed:  # secondary suppression, until every group is safe
        changed = False
        for keys in groups:
            grouped = out.groupby(list(keys) if len(keys) > 1 else keys[0], observed=True,
                                  sort=False)
            for rows in grouped.groups.values():
                hidden = masked[rows]
                if hidden.sum() != 1:
                    continue
                candidates = counts[rows][~hidden]
                if candidates.empty:
                    continue
                positive = candidates[candidates > 0]
                pick = (positive if len(positive) else candidates).idxmin()
                masked[pick] = changed = True
    for column in (count, *also):
        mark_small(out, column, out[column][masked], threshold)
        out[column] = out[column].astype("Int64").mask(masked)
    for column in derived:
        out[column] = out[column].astype("Float64").mask(masked)
    return out


def publish_funnel(funnel: pd.DataFrame, threshold: int = MIN_CELL) -> pd.DataFrame:
    """The funnel with small counts masked, and the counts that would reveal a small drop.

    Each drop-off (previous count minus this one) is itself a group of cases: when it is
    small, this count is masked too, and the run of masked counts goes on until the cases
    dropped since the last published count are `threshold` or more (or none at all).
    """
    out = funnel.copy()
    keep = pd.Series(True, index=out.index)
    for rows in out.groupby("method", sort=False).groups.values():
        first = rows[0]
        anchor = int(out.at[first, "cases"]) + int(out.at[first, "drop_off"])  # all cases
        for index in rows:
            cases = int(out.at[index, "cases"])
            if 0 < cases < threshold or 0 < anchor - cases < threshold:
                keep[index] = False
            else:
                anchor = cases
    hidden = ~keep
    previous_hidden = hidden.groupby(out["method"]).shift(1, fill_value=False)
    mark_small(out, "cases", out["cases"][hidden], threshold)
    mark_small(out, "drop_off", out["drop_off"][hidden | previous_hidden], threshold)
    out["cases"] = out["cases"].astype("Int64").mask(hidden)
    for column in ("conversion", "drop_off"):
        if column in out:
            dtype = "Float64" if column == "conversion" else "Int64"
            out[column] = out[column].astype(dtype).mask(hidden | previous_hidden)
    return out


def masked_text(table: pd.DataFrame, label, column: str, hidden: str = HIDDEN_TEXT) -> str:
    """What a masked cell reads: « < 11 » for a true count of 1 to 10, else `hidden`."""
    return MASK_TEXT if is_small(table, label, column) else hidden


def display(table: pd.DataFrame, hidden: str = HIDDEN_TEXT) -> pd.DataFrame:
    """Masked cells as text for people (the masked table itself keeps <NA>)."""
    out = table.astype("object")
    for column in out.columns:
        for label in out.index[table[column].isna().to_numpy()]:
            out.at[label, column] = masked_text(table, label, column, hidden)
    return out


COUNT_COLUMNS = ("cases", "activated", "conforming", "drop_off")


def rank_by_published(errors: pd.DataFrame) -> None:
    """Rank, in place, the errors of each step by their published counts, masked ones last
    (then by code): an order taken from the hidden counts would bound a masked count between
    its neighbours."""
    if "rank" not in errors or errors.empty:
        return
    order = errors.assign(_masked=errors["cases"].isna(),
                          _cases=errors["cases"].astype("Float64").fillna(0))
    order = order.sort_values(["_masked", "_cases", "error"],
                              ascending=[True, False, True], kind="stable")
    errors.loc[order.index, "rank"] = (order.groupby(["method", "step"], observed=True,
                                                     sort=False).cumcount() + 1).to_numpy()
