"""Cross-table protection: no hidden count of chapter 06 can be computed from two tables.

The attack: every sum or ratio that links published cells (within a table or between two
tables of the same selection) and that holds on the true figures is an equation; a cell is
known when published, and any equation with a single unknown gives it away. Repeated until
nothing more is learnt, for every pair of tables. A true count of 1 to 10 must stay unknown.

These tests check the suppression on its own, on the journal's cases as they are: the release
that chapter 06 applies first (`ecpx.logs.release`) is off here (its test is
`test_differencing`).
"""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest
from ecpx.logs import analysis, explorer
from ecpx.logs.explorer import JournalExplorer, _top_variants
from ecpx.logs.load import load_events_frame
from ecpx.logs.privacy import is_small

from tests.logs.conftest import random_log

Cell = tuple[str, object, str]  # table, index label, column


def crafted_log() -> pd.DataFrame:
    """A varied log where the platform « other » has exactly 3 cases."""
    log = random_log(1500, seed=21)
    log["platform"] = log["platform"].replace("other", "android")
    chosen = set(random.Random(4).sample(sorted(log["case_id"].unique()), 3))
    log.loc[log["case_id"].isin(chosen), "platform"] = "other"
    return log


def tables_of(model: JournalExplorer) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    """The published tables and the same tables unmasked (the truth an attacker wants)."""
    cases, labels = model.cases(), model._labels
    true = {"funnel": analysis.funnel(cases), "activation": analysis.activation(cases),
            "step_durations": analysis.step_durations(cases), "errors": analysis.errors(cases),
            "variants": _top_variants(cases, labels),
            "conformance": analysis.conformance(cases), "daily_trend": analysis.daily_trend(cases),
            "by_platform": analysis.activation(cases, ("platform",)),
            "by_os_version": analysis.activation(cases, ("platform", "os_version")),
            "by_card_type": analysis.activation(cases, ("card_type",)),
            "deviations": analysis.deviations(cases),
            "totals": pd.DataFrame({"cases": [len(cases)],
                                    "activated": [int(cases["activated"].sum())]})}
    return model.tables(), true


@pytest.fixture(scope="module", autouse=True)
def without_the_release():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(explorer, "released", lambda cases: cases)
        yield


@pytest.fixture(scope="module")
def published() -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    model = JournalExplorer()
    model._load("upload", lambda: load_events_frame(crafted_log(), "crafted"))
    return tables_of(model)


@pytest.fixture(scope="module", params=["all", "method A, CPE/CPA cards"])
def sample(request) -> tuple[dict[str, pd.DataFrame], dict[str, pd.DataFrame]]:
    model = JournalExplorer()
    model.load_sample()
    if request.param != "all":
        model.set_filters(methods=("A",), card_types=("CPE", "CPA"))
    return tables_of(model)


def test_the_sample_shows_less_than_eleven_only_for_true_small_counts(sample):
    """The issue's case: activations in the hundreds once read « < 11 »."""
    test_only_true_small_counts_read_less_than_eleven(sample)
    tables, _ = sample
    hidden = sum(int(t[c].isna().sum()) for t in tables.values()
                 for c in ("cases", "activated") if c in t and t[c].dtype != bool)
    assert hidden  # the selection does hide cells: the check above had something to check
    test_no_hidden_small_count_is_recovered_from_all_tables_at_once(sample)


def equations(true: dict[str, pd.DataFrame]) -> list[tuple[str, list[Cell], list[Cell]]]:
    """("sum", left, right): Σ left = Σ right; ("ratio", [num], [den, ratio])."""
    found = []
    activation = true["activation"]
    for row in activation.itertuples():
        m = row.method
        total = [("activation", row.Index, "cases")]
        done = [("activation", row.Index, "activated")]

        def rows(name: str, m=m, **match) -> list:
            table = true[name]
            keep = table["method"] == m
            for key, value in match.items():
                keep &= table[key] == value
            return list(table.index[keep])

        for name in ("by_platform", "by_card_type", "by_os_version"):
            found.append(("sum", total, [(name, i, "cases") for i in rows(name)]))
            found.append(("sum", done, [(name, i, "activated") for i in rows(name)]))
        found.append(("sum", total, [("daily_trend", i, "cases") for i in rows("daily_trend")]))
        found.append(("sum", done, [("daily_trend", i, "activated")
                                    for i in rows("daily_trend")]))
        found.append(("sum", total, [("variants", i, "cases") for i in rows("variants")]))
        found.append(("sum", total, [("conformance", i, "cases") for i in rows("conformance")]))
        funnel = rows("funnel")
        found.append(("sum", total, [("funnel", funnel[0], "cases"),
                                     ("funnel", funnel[0], "drop_off")]))
        found.append(("sum", done, [("funnel", funnel[-1], "cases")]))
        for before, after in itertools.pairwise(funnel):
            found.append(("sum", [("funnel", before, "cases")],
                          [("funnel", after, "cases"), ("funnel", after, "drop_off")]))
            found.append(("ratio", [("funnel", after, "cases")],
                          [("funnel", before, "cases"), ("funnel", after, "conversion")]))
        for i in rows("step_durations"):
            step = true["step_durations"].at[i, "step"]
            for j in rows("funnel", step=step):
                found.append(("sum", [("step_durations", i, "cases")], [("funnel", j, "cases")]))
        for i in rows("errors"):
            found.append(("ratio", [("errors", i, "cases")], [*total, ("errors", i, "share")]))
        for i in rows("variants"):
            found.append(("ratio", [("variants", i, "cases")], [*total, ("variants", i, "share")]))
        for p in true["by_platform"].itertuples():
            if p.method == m:
                inner = rows("by_os_version", platform=p.platform)
                for column in ("cases", "activated"):
                    found.append(("sum", [("by_platform", p.Index, column)],
                                  [("by_os_version", i, column) for i in inner]))
    for column in ("cases", "activated"):
        found.append(("sum", [("totals", 0, column)],
                      [("activation", i, column) for i in activation.index]))
    for name in ("activation", "by_platform", "by_os_version", "by_card_type"):
        for i in true[name].index:
            found.append(("ratio", [(name, i, "activated")],
                          [(name, i, "cases"), (name, i, "activation_rate")]))
    for i in true["conformance"].index:
        found.append(("ratio", [("conformance", i, "conforming")],
                      [("conformance", i, "cases"), ("conformance", i, "share")]))

    def value(cell: Cell) -> float:
        return float(true[cell[0]].at[cell[1], cell[2]])

    def holds(kind, left, right) -> bool:  # only relations true of these figures are used
        if kind == "sum":
            return abs(sum(map(value, left)) - sum(map(value, right))) < 1e-6
        return value(right[0]) == 0 or abs(value(left[0]) - value(right[0]) * value(right[1])) \
            < 1e-6
    return [e for e in found if holds(*e)]


def learnt(published: dict[str, pd.DataFrame], relations) -> set[Cell]:
    """The hidden cells the relations give away, from the published cells."""
    def shown(cell: Cell) -> bool:  # a row a table does not publish is not known
        table = published[cell[0]]
        return cell[1] in table.index and pd.notna(table.at[cell[1], cell[2]])

    known = {cell for kind, left, right in relations for cell in (*left, *right)
             if shown(cell)}
    start = set(known)
    changed = True
    while changed:
        changed = False
        for kind, left, right in relations:
            cells = [*left, *right]
            unknown = [c for c in cells if c not in known]
            if kind == "sum" and len(unknown) == 1:
                known.add(unknown[0])
                changed = True
            elif kind == "ratio" and len(unknown) == 1 and unknown[0] != right[0]:
                known.add(unknown[0])  # num = den × ratio: any two give the third
                changed = True
    return known - start


def test_one_platform_has_three_cases_and_its_counts_are_hidden(published):
    tables, true = published
    other = tables["by_platform"][tables["by_platform"]["platform"] == "other"]
    assert len(other) and other["cases"].isna().all()
    assert int(true["by_platform"].loc[other.index, "cases"].sum()) == 3


@pytest.mark.parametrize("pair", list(itertools.combinations_with_replacement(
    ["funnel", "activation", "step_durations", "errors", "variants", "conformance",
     "daily_trend", "by_platform", "by_os_version", "by_card_type", "totals"], 2)),
    ids="-".join)
def test_no_hidden_small_count_is_recovered_from_two_tables(published, pair):
    tables, true = published
    relations = [e for e in equations(true)
                 if {c[0] for c in (*e[1], *e[2])} <= set(pair)]
    leaks = [cell for cell in learnt(tables, relations) if is_small(tables[cell[0]], cell[1],
                                                                     cell[2])]
    assert leaks == []


def test_no_hidden_small_count_is_recovered_from_all_tables_at_once(published):
    tables, true = published
    leaks = [cell for cell in learnt(tables, equations(true))
             if is_small(tables[cell[0]], cell[1], cell[2])]
    assert leaks == []


def test_only_true_small_counts_read_less_than_eleven(published):
    tables, true = published
    for name, table in tables.items():
        for column in ("cases", "activated", "conforming", "drop_off"):
            if column not in table or table[column].dtype == bool:
                continue
            for label in table.index[table[column].isna().to_numpy()]:
                if is_small(table, label, column):
                    assert 1 <= true[name].at[label, column] <= 10, (name, label, column)


@pytest.mark.parametrize("platforms", [("other",), ("other", "ios")])
def test_a_selection_around_the_small_platform_leaks_nothing(platforms):
    from ecpx.screens.journal_report import total_fr

    model = JournalExplorer()
    model._load("upload", lambda: load_events_frame(crafted_log(), "crafted"))
    model.set_filters(platforms=platforms)
    published = tables_of(model)
    test_only_true_small_counts_read_less_than_eleven(published)
    test_no_hidden_small_count_is_recovered_from_all_tables_at_once(published)
    if platforms == ("other",):
        assert total_fr(published[0]) == "< 11"
