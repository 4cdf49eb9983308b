"""Chapter 06 played by an attacker: no count of 1 to 10 can be derived from its filter states.

A learner can tick and untick methods, platforms and card types, and choose a period; an
attacker reads the published tables of every state and combines them (a state minus another,
a margin minus its rows, chained over as many states as they like). The test does not guess
the attacker's method. For each planted small count it builds two other journals, with one
case fewer and one case more in that count, and checks that the three publish the same
tables, to the last cell, mark, rank and median, in every reachable state: nothing can tell
them apart, so nothing derives the count exactly. Without the release (`ecpx.logs.release`),
the journal with one case fewer publishes other tables: the test has teeth.
"""

from __future__ import annotations

import itertools
import random
from datetime import timedelta

import pandas as pd
import pytest
from ecpx.logs import explorer
from ecpx.logs.cases import case_table
from ecpx.logs.explorer import Filters, JournalExplorer, published_tables, select
from ecpx.logs.load import load_events_frame
from ecpx.logs.privacy import SMALL
from ecpx.logs.schema import CARD_TYPES, METHODS, PLATFORMS

from tests.logs.conftest import random_log

# The planted counts: which cases (of the true case table) make each of them.
PLANTED = {"method A on platform « other »": (lambda c: (c["platform"] == "other")
                                              & (c["method"] == "A"), 3),
           "CPF cards": (lambda c: c["card_type"] == "CPF", 7),
           "iOS 11": (lambda c: (c["platform"] == "ios") & (c["os_version"] == "11"), 4)}


def planted_log() -> pd.DataFrame:
    """A varied log with planted small cells: platform « other » (3 cases, method A), card
    type CPF (7 cases), iOS version 11 (4 cases)."""
    log = random_log(1500, seed=21)
    log["platform"] = log["platform"].replace("other", "android")
    log["card_type"] = log["card_type"].replace("CPF", "CPS")
    log["os_version"] = log["os_version"].replace("11", "12")
    cases_a = sorted(log.loc[log["method"] == "A", "case_id"].unique())
    pick = random.Random(4).sample(cases_a, 14)
    log.loc[log["case_id"].isin(pick[:3]), "platform"] = "other"
    log.loc[log["case_id"].isin(pick[3:10]), "card_type"] = "CPF"
    ios = log["case_id"].isin(pick[10:14])
    log.loc[ios, "platform"], log.loc[ios, "os_version"] = "ios", "11"
    return log


def options(values: tuple[str, ...]) -> list[tuple[str, ...]]:
    """All ticked, all but one, one alone: what a learner reaches in a few clicks."""
    return list(dict.fromkeys([values, *[tuple(x for x in values if x != v) for v in values],
                               *[(v,) for v in values]]))


def states(log: pd.DataFrame) -> list[Filters]:
    """Methods x platforms x cards (each all, all but CPF, CPF alone), and periods: the first
    day, the first week, all but the first day."""
    cards = [CARD_TYPES, tuple(x for x in CARD_TYPES if x != "CPF"), ("CPF",)]
    methods = list(dict.fromkeys([METHODS, *[(m,) for m in METHODS]]))
    first = pd.to_datetime(log["timestamp"], utc=True, format="ISO8601").min().date()
    periods = [Filters(start=first, end=first), Filters(start=first, end=first + timedelta(6)),
               Filters(start=first + timedelta(1))]
    return [*(Filters(methods=m, platforms=p, card_types=c)
              for m, p, c in itertools.product(methods, options(PLATFORMS), cards)), *periods]


class Journal:
    """A log as chapter 06 loads it, and what it publishes in a filter state."""

    def __init__(self, log: pd.DataFrame) -> None:
        self.log = log
        self.model = JournalExplorer()
        self.model._load("upload", lambda: load_events_frame(log, "planted"))

    def published(self, state: Filters) -> str:
        tables = published_tables(select(self.model._cases, state), self.model._labels)
        return "\n".join(f"{name}\n{table.to_csv()}{sorted(map(str, table.attrs.get(SMALL, ())))}"
                         for name, table in sorted(tables.items()))


def true_cases(log: pd.DataFrame) -> pd.DataFrame:
    return case_table(load_events_frame(log, "planted").events)


def neighbours(log: pd.DataFrame, chosen, count: int) -> tuple[Journal, Journal]:
    """Journals with one case fewer and one case more among the `chosen` cases that publish
    what `log` publishes with every filter at its default. A case fewer: one of them removed;
    a case more: a copy of one of them, under a new identifier (which no screen shows)."""
    cases = true_cases(log)
    members = cases.loc[chosen(cases), "case_id"].astype("str").tolist()
    assert len(members) == count
    everything = Journal(log).published(Filters())
    fewer = (Journal(log[log["case_id"] != member]) for member in members)
    more = (Journal(pd.concat([log, log[log["case_id"] == member].assign(
                case_id=f"{member}-{n}")], ignore_index=True))
            for member in members for n in range(20))
    return (next(j for j in fewer if j.published(Filters()) == everything),
            next(j for j in more if j.published(Filters()) == everything))


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return planted_log()


def test_the_planted_cells_are_there(planted):
    cases = true_cases(planted)
    for chosen, count in PLANTED.values():
        assert int(chosen(cases).sum()) == count


@pytest.mark.slow
@pytest.mark.parametrize("name", PLANTED)
def test_no_planted_small_count_is_derived_from_any_reachable_states(planted, name):
    chosen, count = PLANTED[name]
    fewer, more = neighbours(planted, chosen, count)
    for journal, expected in ((fewer, count - 1), (more, count + 1)):
        assert int(chosen(true_cases(journal.log)).sum()) == expected
    reachable = states(planted)
    assert len(reachable) == (len(METHODS) + 1) * len(options(PLATFORMS)) * 3 + 3
    journal = Journal(planted)
    for state in reachable:
        published = journal.published(state)
        assert fewer.published(state) == published, state
        assert more.published(state) == published, state


def test_without_the_release_one_case_fewer_shows(planted, monkeypatch):
    monkeypatch.setattr(explorer, "released", lambda cases: cases)
    chosen, _ = PLANTED["method A on platform « other »"]
    cases = true_cases(planted)
    member = str(cases.loc[chosen(cases), "case_id"].iloc[0])
    journal, fewer = Journal(planted), Journal(planted[planted["case_id"] != member])
    assert any(fewer.published(state) != journal.published(state)
               for state in states(planted))


def test_ranks_follow_the_published_counts(planted):
    errors = Journal(planted).model.tables()["errors"]
    for _, group in errors.groupby(["method", "step"], observed=True):
        ordered = group.sort_values("rank")
        shown = ordered["cases"].astype("Float64")
        visible = shown.dropna().tolist()
        assert visible == sorted(visible, reverse=True)
        assert shown.isna().tolist() == sorted(shown.isna().tolist())  # masked ones last
