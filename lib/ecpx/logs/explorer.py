"""The state behind chapter 06's dashboard: a loaded journal, filters, published tables.

A plain class (no widgets): the screens observe it and render what it holds, so the same
selection can be driven by a test, a notebook cell or the dashboard. Every table it publishes
has gone through small-cell suppression (`privacy`); nothing else leaves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from ecpx.logs import analysis
from ecpx.logs.cases import case_table, case_table_and_labels
from ecpx.logs.linked import protect_across
from ecpx.logs.load import LoadResult, LogFormatError, load_events, load_events_frame
from ecpx.logs.privacy import publish_funnel, suppress
from ecpx.logs.reasons import Reason
from ecpx.logs.schema import CARD_TYPES, METHODS, PLATFORMS, empty_events
from ecpx.logs.store import read_training_events
from ecpx.resources import data_file

SAMPLE = data_file("journal-exemple.csv.gz")
TOP_VARIANTS = 8
UPLOAD_INFLATED = 256 << 20  # a gzipped upload may not inflate beyond this


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
    """Every table the dashboard shows or exports, with small cells suppressed."""
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
    return tables


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


@dataclass
class JournalExplorer:
    """The journal being explored and the current filters; tells observers of changes."""

    result: LoadResult | None = None
    source: str = ""  # "sample", "training" or "upload"
    name: str = ""  # the journal's name (a file name for an upload)
    problem: Reason | None = None  # why the last load failed (a code, shown in French)
    filters: Filters = field(default_factory=Filters)
    _cases: pd.DataFrame | None = None
    _labels: pd.DataFrame | None = None
    _published: tuple[Filters, dict[str, pd.DataFrame]] | None = None
    damaged: list[tuple[str, int, str]] = field(default_factory=list)  # training file lines
    _observers: list[Callable[[], None]] = field(default_factory=list)

    def observe(self, callback: Callable[[], None]) -> None:
        self._observers.append(callback)

    def _changed(self) -> None:
        self._published = None  # a new journal or new filters: computed again on first use
        for callback in list(self._observers):
            callback()

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
                    on_progress: Callable[[float], None] | None = None) -> None:
        self.name = name
        self._load("upload", lambda: load_events(bytes(content), name=name, progress=False,
                                                 max_inflated=UPLOAD_INFLATED,
                                                 on_progress=on_progress))

    def _load(self, source: str, loader: Callable[[], LoadResult]) -> None:
        self.source = source
        self.damaged = []
        self.set_aside = 0  # learner-progress records of the training journal, not analysed
        try:
            result = loader()
        except (LogFormatError, OSError) as error:
            self.result, self._cases, self._labels = None, None, None
            self.problem = error.reason if isinstance(error, LogFormatError) \
                else Reason.of("unreadable", detail=error.strerror or error)
        else:
            self.result, self.problem = result, None
            self._cases, self._labels = case_table_and_labels(result.events)
        self._changed()

    # --- filtering -----------------------------------------------------------------------
    def set_filters(self, **changes) -> None:
        self.filters = replace(self.filters, **changes)
        self._changed()

    @property
    def period(self) -> tuple[date, date] | None:
        """The first and last days of the loaded journal (for the period pickers)."""
        if self._cases is None or self._cases.empty:
            return None
        days = self._cases["start"].dt.date
        return days.min(), days.max()

    def cases(self) -> pd.DataFrame:
        """The selected cases (the case table, filtered)."""
        if self._cases is None:
            return case_table(empty_events())
        return select(self._cases, self.filters)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The published tables of the selection: computed once per (journal, filters) and
        shared by every screen, so one change of filter costs one computation."""
        if self._published is None or self._published[0] != self.filters:
            labels = self._labels if self._labels is not None else pd.DataFrame(
                columns=["variant", "method", "label"])
            self._published = (self.filters, published_tables(self.cases(), labels))
        return self._published[1]

