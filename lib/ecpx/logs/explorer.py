"""The state behind chapter 06's dashboard: a loaded journal, filters, published tables.

A view-model without widgets (traitlets only): the screens observe its one change event per
action and render what it holds, so the same selection can be driven by a test, a notebook
cell or the dashboard. Every table it publishes is computed from the released cases
(`release`) and has gone through small-cell suppression (`privacy`); nothing else leaves it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
import traitlets as t

from ecpx.logs import analysis
from ecpx.logs.cases import case_table, case_table_and_labels
from ecpx.logs.linked import protect_across
from ecpx.logs.load import CHUNK_ROWS, LoadResult, LogFormatError, load_events, load_events_frame
from ecpx.logs.privacy import (
    COUNT_COLUMNS,
    MIN_CELL,
    hide,
    mark_small,
    publish_funnel,
    rank_by_published,
    suppress,
)
from ecpx.logs.reasons import Reason
from ecpx.logs.release import released
from ecpx.logs.schema import CARD_TYPES, METHODS, PLATFORMS, empty_events
from ecpx.logs.store import read_training_events
from ecpx.resources import data_file

SAMPLE = data_file("journal-exemple.csv.gz")
TOP_VARIANTS = 8
UPLOAD_INFLATED = 256 << 20  # a gzipped upload may not inflate beyond this
# Rows an upload may hold (events and rejected lines): reading stops beyond, so memory stays
# bounded; a classroom server (ECPX_CLASSROOM=1) runs a kernel per trainee, hence less.
UPLOAD_MAX_ROWS = 1_000_000
CLASSROOM_MAX_ROWS = 200_000


def upload_max_rows() -> int:
    """The row cap of an upload: smaller in classroom mode (env ECPX_CLASSROOM=1)."""
    classroom = os.environ.get("ECPX_CLASSROOM", "").strip() not in ("", "0")
    return CLASSROOM_MAX_ROWS if classroom else UPLOAD_MAX_ROWS


@dataclass(frozen=True)
class Filters:
    start: date | None = None  # first day (UTC) of the cases' start, inclusive
    end: date | None = None  # last day, inclusive
    methods: tuple[str, ...] = METHODS
    platforms: tuple[str, ...] = PLATFORMS
    card_types: tuple[str, ...] = CARD_TYPES


def select(cases: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The cases that started in the period, with the methods, platforms and cards chosen."""
    keep = (cases["method"].isin(filters.methods) & cases["platform"].isin(filters.platforms)
            & (cases["card_type"].isin(filters.card_types) | (cases["card_type"] == "")))
    day = cases["start"].dt.date
    if filters.start:
        keep &= day >= filters.start
    if filters.end:
        keep &= day <= filters.end
    return cases[keep]


def published_tables(cases: pd.DataFrame, labels: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table the dashboard shows or exports, from the released cases (`release`: what
    keeps small counts small across filter states), small cells suppressed (`privacy`,
    `linked`) and ranks and orders taken from the published counts.

    A selection of 1 to 10 cases publishes nothing of them: the tables of an empty selection
    with every count masked and the total « < 11 » (which rows exist, one per day or per
    version, would otherwise count its cases from below).
    """
    if 0 < len(cases) < MIN_CELL:
        return _too_small(cases, labels)
    quantiles = ["median_s", "p90_s"]
    tables = {
        "funnel": publish_funnel(analysis.funnel(cases)),
        "activation": suppress(analysis.activation(cases), "cases", also=["activated"],
                               derived=["activation_rate", *quantiles]),
        "step_durations": suppress(analysis.step_durations(cases), "cases", derived=quantiles),
        "errors": suppress(analysis.errors(cases), "cases", groups=[["method", "step"]],
                           derived=["share"]),
        "variants": suppress(_top_variants(cases, labels), "cases", groups=[["method"]],
                             derived=["share"]),
        "conformance": suppress(analysis.conformance(cases).drop(columns="completed_conforming"),
                                "cases", also=["conforming"], derived=["share"]),
        "deviations": suppress(analysis.deviations(cases), "cases", groups=[["method"]]),
        "daily_trend": suppress(analysis.daily_trend(cases), "cases", also=["activated"],
                                groups=[["day"], ["method"]]),
    }
    for by in ("platform", "os_version", "card_type"):
        keys = ("platform", "os_version") if by == "os_version" else (by,)
        groups = [["method"], ["method", "platform"]] if by == "os_version" else [["method"]]
        tables[f"by_{by}"] = suppress(analysis.activation(cases, keys), "cases",
                                      also=["activated"], groups=groups,
                                      derived=["activation_rate", *quantiles])
    tables["totals"] = suppress(pd.DataFrame({"cases": [len(cases)],
                                              "activated": [int(cases["activated"].sum())]}),
                                "cases", also=["activated"])
    protect_across(tables)
    rank_by_published(tables["errors"])
    tables["variants"] = _in_published_order(tables["variants"])
    return tables


def _too_small(cases: pd.DataFrame, labels: pd.DataFrame) -> dict[str, pd.DataFrame]:
    tables = published_tables(cases.iloc[:0], labels)
    for table in tables.values():
        for column in table.columns:
            if (column in COUNT_COLUMNS and table[column].dtype != bool) or column in (
                    "activation_rate", "conversion", "share", "median_s", "p90_s"):
                hide(table, table.index, [column])
    totals = tables["totals"]
    hide(totals, totals.index, ["cases", "activated"])
    mark_small(totals, "cases", pd.Series([len(cases)], index=totals.index))
    return tables


def _in_published_order(variants: pd.DataFrame) -> pd.DataFrame:
    """The variants of each method by published count, masked ones and the rest last: an
    order taken from the hidden counts would bound the masked ones."""
    if variants.empty:
        return variants
    key = variants.assign(_rest=variants["label"].isna(), _masked=variants["cases"].isna(),
                          _cases=variants["cases"].astype("Float64").fillna(0),
                          _label=variants["label"].astype("str"))
    key = key.sort_values(["method", "_rest", "_masked", "_cases", "_label"],
                          ascending=[True, True, True, False, True], kind="stable")
    out = variants.loc[key.index]
    out.attrs = dict(variants.attrs)
    return out


def _top_variants(cases: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """The most frequent paths of each method, the rest gathered in one row (label None)."""
    table = analysis.variants(cases, labels)
    rows = []
    for method, group in table.groupby("method", observed=True, sort=True):
        top, rest = group.head(TOP_VARIANTS), group.iloc[TOP_VARIANTS:]
        rows.append(top)
        if len(rest):
            rows.append(pd.DataFrame({"method": [method], "variant": [0], "label": [None],
                                      "length": [0], "cases": [int(rest["cases"].sum())],
                                      "share": [float(rest["share"].sum())],
                                      "activated": [False]}))
    columns = ["method", "variant", "label", "length", "cases", "share", "activated"]
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)


class JournalExplorer(t.HasTraits):
    """The journal being explored and the current filters.

    One change event per action: `revision` goes up once when a journal is loaded (or fails
    to load) and once when the filters change; `journal` goes up with a new journal only.
    Screens observe `revision` (`explorer.observe(redraw, names="revision")`) and read the
    state, and the published tables, computed once per revision and shared by every screen.
    Everything the screens read comes from the released cases (`release`).
    """

    revision = t.Int(0)  # one more per action that changed what the screens show
    journal = t.Int(0)  # one more per journal loaded (the period pickers start again)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.result: LoadResult | None = None
        self.source = ""  # "sample", "training" or "upload"
        self.name = ""  # the journal's name (a file name for an upload)
        self.problem: Reason | None = None  # why the last load failed (a code, in French)
        self.filters = Filters()
        self.damaged: list[tuple[str, int, str]] = []  # training file lines
        self.set_aside = 0  # learner-progress records of the training journal
        self.methods: tuple[str, ...] = ("A", "B")  # the journal's methods (`analysis.methods`)
        self._cases: pd.DataFrame | None = None
        self._labels: pd.DataFrame | None = None
        self._selected: tuple[Filters, pd.DataFrame] | None = None
        self._published: tuple[Filters, dict[str, pd.DataFrame]] | None = None

    def _changed(self, journal: bool = False) -> None:
        self._selected = self._published = None  # computed again on first use
        if journal:
            self.journal += 1
        self.revision += 1

    # --- choosing the journal ------------------------------------------------------------
    def load_sample(self, path: str | Path = SAMPLE) -> None:
        self.name = Path(path).name
        self._load("sample", lambda: load_events(path, name=self.name, progress=False))

    def load_training(self, folder: str | Path | None = None) -> None:
        self.name = "journal de la classe"

        def load() -> LoadResult:
            frame = read_training_events(folder)
            self.damaged = list(frame.attrs.get("damaged", []))
            self.set_aside = sum(frame.attrs.get("set_aside", {}).values())
            return load_events_frame(frame, self.name)
        self._load("training", load)

    def load_upload(self, name: str, content: bytes,
                    on_progress: Callable[[float], None] | None = None,
                    max_rows: int | None = None) -> None:
        """An uploaded file, read in chunks: refused (`too_many_rows`) as soon as it holds
        more than `max_rows` rows (by default `upload_max_rows()`), before the rest is read."""
        self.name = name
        limit = upload_max_rows() if max_rows is None else max_rows
        self._load("upload", lambda: load_events(
            content, name=name, progress=False, max_inflated=UPLOAD_INFLATED,
            on_progress=on_progress, max_rows=limit,
            chunk_rows=max(1, min(CHUNK_ROWS, limit // 4))))

    def _load(self, source: str, loader: Callable[[], LoadResult]) -> None:
        self.source = source
        self.damaged = []
        self.set_aside = 0
        try:
            result = loader()
        except (LogFormatError, OSError) as error:
            self.result, self._cases, self._labels = None, None, None
            self.problem = error.reason if isinstance(error, LogFormatError) \
                else Reason.of("unreadable", detail=error.strerror or error)
        else:
            self.result, self.problem = result, None
            cases, self._labels = case_table_and_labels(result.events)
            self._cases = released(cases)  # what every screen and export computes from
        # The methods the journal offers to filter: A and B, and the sign-in when it has some.
        self.methods = analysis.methods(
            self._cases if self._cases is not None else case_table(empty_events()))
        # A new journal is seen over its whole period (the methods, platforms and cards
        # chosen stay): a period chosen for another journal would select nothing.
        self.filters = replace(self.filters, start=None, end=None)
        self._changed(journal=True)

    # --- filtering -----------------------------------------------------------------------
    def set_filters(self, **changes) -> None:
        """New filters: one change event, none when nothing changes."""
        filters = replace(self.filters, **changes)
        if filters != self.filters:
            self.filters = filters
            self._changed()

    @property
    def period(self) -> tuple[date, date] | None:
        """The first and last days of the loaded journal (for the period pickers)."""
        if self._cases is None or self._cases.empty:
            return None
        start = self._cases["start"]
        return start.min().date(), start.max().date()

    def cases(self) -> pd.DataFrame:
        """The selected cases (the released case table, filtered), once per filters."""
        if self._cases is None:
            return case_table(empty_events())
        if self._selected is None or self._selected[0] != self.filters:
            self._selected = (self.filters, select(self._cases, self.filters))
        return self._selected[1]

    def tables(self) -> dict[str, pd.DataFrame]:
        """The published tables of the selection: computed once per (journal, filters) and
        shared by every screen, so one change of filter costs one computation."""
        if self._published is None or self._published[0] != self.filters:
            labels = self._labels if self._labels is not None else pd.DataFrame(
                columns=["variant", "method", "label"])
            self._published = (self.filters, published_tables(self.cases(), labels))
        return self._published[1]
