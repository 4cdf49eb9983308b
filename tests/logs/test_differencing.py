"""Chapter 06 played by an attacker: no count of 1 to 10 comes out of two filter states.

A learner can tick and untick methods, platforms and card types. The attacker reads every
published table of many reachable filter states and knows what each filter does: the cases of
a state with every platform ticked are those with all but one ticked plus those of that one
platform alone, in every cell of every table. Each published cell is an interval of true
counts (« < 11 » is 1 to 10, 0 is 0, a rounded r is r ± 2, 15 is 11 to 17, « masqué » is any);
the attacker intersects them through those sums and through the sums inside one state
(methods into the total, platforms into a method, versions into a platform, the funnel's
drop-offs), until nothing narrows. A planted count of 1 to 10 must never come out exact.

The same attacker, given the tables without rounding, recovers the planted platform of 3
cases at once (`test_the_attacker_recovers_small_cells_when_counts_are_exact`): the test has
teeth.
"""

from __future__ import annotations

import itertools
import random

import pandas as pd
import pytest
from ecpx.logs import analysis, explorer
from ecpx.logs.explorer import Filters, JournalExplorer, published_tables, select
from ecpx.logs.load import load_events_frame
from ecpx.logs.privacy import is_small
from ecpx.logs.schema import CARD_TYPES, METHODS, PLATFORMS

from tests.logs.conftest import random_log

KEYS = {"funnel": ("method", "step"), "activation": ("method",),
        "by_platform": ("method", "platform"), "by_os_version": ("method", "platform",
                                                                 "os_version"),
        "by_card_type": ("method", "card_type"), "errors": ("method", "step", "error"),
        "daily_trend": ("day", "method"), "step_durations": ("method", "step"),
        "conformance": ("method",), "deviations": ("method", "position", "expected_step",
                                                   "done_instead"),
        "totals": ()}
COUNTS = ("cases", "activated", "conforming", "drop_off")
BIG = 10**9


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


def states(card_types: tuple[str, ...] = CARD_TYPES) -> list[Filters]:
    cards = [CARD_TYPES, *[s for v in card_types for s in
                           (tuple(x for x in CARD_TYPES if x != v), (v,))]]
    methods = list(dict.fromkeys([METHODS, *[(m,) for m in METHODS]]))
    return [Filters(methods=m, platforms=p, card_types=c)
            for m, p, c in itertools.product(methods, options(PLATFORMS), cards)]


def true_tables(cases: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {"funnel": analysis.funnel(cases), "activation": analysis.activation(cases),
            "step_durations": analysis.step_durations(cases), "errors": analysis.errors(cases),
            "conformance": analysis.conformance(cases),
            "daily_trend": analysis.daily_trend(cases),
            "by_platform": analysis.activation(cases, ("platform",)),
            "by_os_version": analysis.activation(cases, ("platform", "os_version")),
            "by_card_type": analysis.activation(cases, ("card_type",)),
            "deviations": analysis.deviations(cases),
            "totals": pd.DataFrame({"cases": [len(cases)],
                                    "activated": [int(cases["activated"].sum())]})}


def cells(tables: dict[str, pd.DataFrame]):
    """(table, key, column) -> (value, small) for every count cell."""
    for name, keys in KEYS.items():
        table = tables[name]
        for label, row in table.iterrows():
            key = tuple(str(row[k]) for k in keys)
            for column in COUNTS:
                if column in table and table[column].dtype != bool:
                    yield (name, key, column), row[column], is_small(table, label, column)


def interval(value, small: bool, exact: bool = False) -> tuple[int, int]:
    """What a published cell tells of the true count (`exact`: tables without rounding)."""
    if pd.isna(value):
        return (1, 10) if small else (0, BIG)
    value = int(value)
    if value == 0 or exact:
        return value, value
    return (11, 17) if value == 15 else (value - 2, value + 2)


class Attacker:
    def __init__(self, total: int) -> None:
        self.known: dict[tuple, tuple[int, int]] = {}
        self.sums: list[tuple[tuple, list[tuple]]] = []
        self.total = total

    def get(self, cell) -> tuple[int, int]:
        return self.known.get(cell, (0, self.total))

    def narrow(self, cell, low: int, high: int) -> bool:
        old = self.get(cell)
        new = (max(old[0], low), min(old[1], high))
        assert new[0] <= new[1], (cell, old, (low, high))  # the truth is always inside
        if new != old:
            self.known[cell] = new
            return True
        return False

    def solve_once(self) -> None:
        """Each relation once, from the published cells only (no chaining): the differencing
        attack, a state minus another, a margin minus its other cells."""
        published = dict(self.known)
        for whole, parts in self.sums:
            get = lambda cell: published.get(cell, (0, self.total))  # noqa: E731
            lows, highs = [get(p)[0] for p in parts], [get(p)[1] for p in parts]
            low, high = get(whole)
            self.narrow(whole, sum(lows), sum(highs))
            for i, part in enumerate(parts):
                self.narrow(part, low - (sum(highs) - highs[i]), high - (sum(lows) - lows[i]))

    def solve(self, rounds: int = 30) -> None:
        for _ in range(rounds):
            changed = False
            for whole, parts in self.sums:
                lows = [self.get(p)[0] for p in parts]
                highs = [self.get(p)[1] for p in parts]
                low, high = self.get(whole)
                changed |= self.narrow(whole, sum(lows), sum(highs))
                low, high = self.get(whole)
                for i, part in enumerate(parts):
                    changed |= self.narrow(part, low - (sum(highs) - highs[i]),
                                           high - (sum(lows) - lows[i]))
            if not changed:
                return


def attack(cases: pd.DataFrame, labels: pd.DataFrame, reachable: list[Filters],
           chain: bool = False, exact: bool = False):
    """The planted counts (true 1 to 10) that the attacker pins down exactly: by differences
    of two states and margins (`chain=False`), or by propagating every relation to a fixed
    point (`chain=True`)."""
    attacker = Attacker(len(cases))
    truth: dict[tuple, int] = {}
    shown: dict[Filters, set] = {}
    for state in reachable:
        chosen = select(cases, state)
        published = published_tables(chosen, labels)
        found = set()
        for cell, value, small in cells(published):
            attacker.narrow((*cell, state), *interval(value, small, exact))
            found.add(cell)
        # A row absent from a state's tables counts 0 there, unless the selection is too
        # small to show any row (its total reads « < 11 »: nothing is shown of it).
        shown[state] = found if pd.notna(published["totals"]["cases"].iloc[0]) else None
        for cell, value, _ in cells(true_tables(chosen)):
            truth[(*cell, state)] = int(value)
    every = set().union(*(keys for keys in shown.values() if keys))
    for state in reachable:
        for cell in every:
            truth.setdefault((*cell, state), 0)
            if shown[state] is not None and cell not in shown[state] \
                    and cell[0] not in ("funnel", "step_durations"):
                attacker.narrow((*cell, state), 0, 0)
    keys = {state: {cell[:3] for cell in truth if cell[3] == state} for state in reachable}
    index = set(reachable)
    for state in reachable:  # the filters' sums: all = all but one + that one alone
        for field, values in (("methods", METHODS), ("platforms", PLATFORMS),
                              ("card_types", CARD_TYPES)):
            if getattr(state, field) != values:
                continue
            for v in values:
                rest = _with(state, field, tuple(x for x in values if x != v))
                alone = _with(state, field, (v,))
                if rest in index and alone in index:
                    for cell in every:
                        attacker.sums.append(((*cell, state), [(*cell, rest), (*cell, alone)]))
        attacker.sums.extend(_inner_sums(keys[state], state))
    for whole, parts in attacker.sums:  # every relation holds on the truth
        assert truth.get(whole, 0) == sum(truth.get(p, 0) for p in parts), (whole, parts)
    if chain:
        attacker.solve()
    else:
        attacker.solve_once()
    return [(cell, value) for cell, value in truth.items()
            if 1 <= value <= 10 and attacker.get(cell) == (value, value)]


def _with(state: Filters, field: str, value: tuple[str, ...]) -> Filters:
    return Filters(**{**state.__dict__, field: value})


def _inner_sums(cells_of_state: set, state: Filters) -> list:
    sums = []
    by = {}
    for table, key, column in cells_of_state:
        by.setdefault(table, []).append((key, column))
    for column in ("cases", "activated"):
        methods = [k for k, c in by.get("activation", []) if c == column]
        sums.append((("totals", (), column, state),
                     [("activation", k, column, state) for k in methods]))
        for (method,) in methods:
            for table in ("by_platform", "by_card_type"):
                sums.append((("activation", (method,), column, state),
                             [(table, k, column, state) for k, c in by.get(table, [])
                              if c == column and k[0] == method]))
        for key, c in by.get("by_platform", []):
            if c == column:
                sums.append((("by_platform", key, column, state),
                             [("by_os_version", k, column, state)
                              for k, c2 in by.get("by_os_version", [])
                              if c2 == column and k[:2] == key]))
    return sums


@pytest.fixture(scope="module")
def planted() -> JournalExplorer:
    model = JournalExplorer()
    model._load("upload", lambda: load_events_frame(planted_log(), "planted"))
    return model


def test_the_planted_cells_are_there(planted):
    cases = planted.cases()
    assert (cases["platform"] == "other").sum() == 3
    assert (cases["card_type"] == "CPF").sum() == 7
    assert ((cases["platform"] == "ios") & (cases["os_version"] == "11")).sum() == 4


@pytest.mark.slow
def test_no_planted_small_count_is_derived_from_any_reachable_states(planted):
    reachable = states(card_types=("CPF",))
    assert len(reachable) == (len(METHODS) + 1) * len(options(PLATFORMS)) * 3
    leaks = attack(planted._cases, planted._labels, reachable)
    assert leaks == []


def test_the_attacker_recovers_small_cells_when_counts_are_exact(planted, monkeypatch):
    monkeypatch.setattr(explorer, "round_published", lambda tables, totals: None)
    reachable = [Filters(platforms=p) for p in options(PLATFORMS)]
    leaks = attack(planted._cases, planted._labels, reachable, exact=True)
    other = [cell for cell, value in leaks
             if cell[:3] == ("activation", ("A",), "cases") and value == 3]
    assert other  # 1,524 with every platform, 1,521 without « other »: 3, exactly


def test_ranks_follow_the_published_counts(planted):
    errors = planted.tables()["errors"]
    for _, group in errors.groupby(["method", "step"], observed=True):
        ordered = group.sort_values("rank")
        shown = ordered["cases"].astype("Float64")
        visible = shown.dropna().tolist()
        assert visible == sorted(visible, reverse=True)
        assert shown.isna().tolist() == sorted(shown.isna().tolist())  # masked ones last
