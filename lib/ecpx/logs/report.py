"""The whole analysis of a journal, from pandas or Dask events, as tables, JSON or text.

    report = analyse(result.events)          # a pandas or a Dask DataFrame of events
    report.funnel, report.errors, ...        # the tables of `analysis`
    report.to_dict()                         # what `ecpx logs analyze --format json` prints

With Dask, only `case_table` and `variant_labels` run on the partitions (each partition must
hold whole cases: see `partition_by_case`); the aggregations run on the gathered case table.
"""

from __future__ import annotations

import itertools
import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from ecpx.logs import analysis
from ecpx.logs.cases import (
    STEP_COLUMNS,
    CaseParts,
    case_parts,
    case_table,
    case_table_and_labels,
    case_table_meta,
    codes_of,
    in_case_order,
    variant_labels,
    with_categories,
)
from ecpx.logs.schema import empty_events

TOP_VARIANTS = 10


def is_dask(frame) -> bool:
    return hasattr(frame, "map_partitions") and hasattr(frame, "compute")


PARALLEL_ROWS = 1_000_000  # below this, threads cost more than they save
# Events per slice: small enough that a slice's temporary arrays are reused from the heap
# rather than mapped afresh from the kernel (page faults), and that memory stays low.
SLICE_ROWS = 500_000


def per_case(events, workers: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The case table and the variant labels, from pandas events or per Dask partition.

    Large pandas logs are cut into whole-case slices analysed on `workers` threads (numpy
    releases the GIL): the per-case design that lets Dask spread the work spreads it here.
    The threads compute arrays only; the tables are made once, from all of them.
    """
    if not is_dask(events):
        workers = workers or os.cpu_count() or 1
        if workers < 2 or len(events) < PARALLEL_ROWS:
            return case_table_and_labels(events)
        events = in_case_order(with_categories(events))
        slices, cases = case_slices(events, max(workers, len(events) // SLICE_ROWS))
        # Each slice writes its step times into its own columns of one array (no copy after).
        seconds = np.empty((len(STEP_COLUMNS), sum(cases)))
        rooms = [seconds[:, a:b] for a, b in itertools.pairwise(np.cumsum([0, *cases]))]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(case_parts, slices, rooms))
        return CaseParts.join(parts, events, seconds)
    cases = events.map_partitions(case_table, meta=case_table_meta()).compute()
    labels = events.map_partitions(variant_labels, meta=variant_labels(empty_events())).compute()
    return (cases.reset_index(drop=True),
            labels.drop_duplicates("variant").reset_index(drop=True))


def case_slices(events: pd.DataFrame, count: int) -> tuple[list[pd.DataFrame], list[int]]:
    """`events` (grouped by case) cut into about `count` slices of whole cases, and the
    number of cases in each."""
    codes = codes_of(events["case_id"])
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    cuts = sorted({int(starts[min(len(starts) - 1, i * len(starts) // count)])
                   for i in range(count)} | {len(events)})
    pairs = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    cases = np.diff(np.searchsorted(starts, [a for a, _ in pairs] + [len(events)]))
    return [events.iloc[a:b] for a, b in pairs], cases.tolist()


def partition_by_case(events: pd.DataFrame, npartitions: int):
    """A Dask DataFrame of `events` (grouped by case) whose partitions hold whole cases."""
    import dask.dataframe as dd  # optional: only the Dask path needs it

    parts, _ = case_slices(in_case_order(events), npartitions)
    return dd.from_map(lambda part: part, parts, meta=events.iloc[:0])


@dataclass
class Report:
    cases: pd.DataFrame  # the case table
    labels: pd.DataFrame  # variant fingerprint -> activity sequence
    events: int
    rejected: int = 0
    file: str = ""
    notes: list[str] = field(default_factory=list)

    @cached_property
    def funnel(self) -> pd.DataFrame:
        return analysis.funnel(self.cases)

    @cached_property
    def activation(self) -> pd.DataFrame:
        return analysis.activation(self.cases)

    @cached_property
    def step_durations(self) -> pd.DataFrame:
        return analysis.step_durations(self.cases)

    @cached_property
    def errors(self) -> pd.DataFrame:
        return analysis.errors(self.cases)

    @cached_property
    def error_totals(self) -> pd.DataFrame:
        return analysis.error_totals(self.cases)

    @cached_property
    def variants(self) -> pd.DataFrame:
        return analysis.variants(self.cases, self.labels)

    @cached_property
    def conformance(self) -> pd.DataFrame:
        return analysis.conformance(self.cases)

    @cached_property
    def deviations(self) -> pd.DataFrame:
        return analysis.deviations(self.cases)

    @cached_property
    def daily_trend(self) -> pd.DataFrame:
        return analysis.daily_trend(self.cases)

    def breakdown(self, *by: str) -> pd.DataFrame:
        return analysis.activation(self.cases, by)

    def to_dict(self) -> dict:
        """The report as plain JSON-ready values (NaN becomes None)."""
        # The step durations (numpy on the step times, mostly without the GIL) are computed
        # on a second thread while the other tables (pandas, mostly with it) are made here.
        with ThreadPoolExecutor(max_workers=1) as helper:
            durations = helper.submit(lambda: self.step_durations)
            funnel = {m: [{"step": r.step, "cases": int(r.cases)}
                          for r in self.funnel[self.funnel["method"] == m].itertuples()]
                      for m in analysis.methods(self.cases)}
            by_method = self.activation.set_index("method")
            activated = {m: int(by_method["activated"].get(m, 0)) for m in funnel}
            times = {m: {"median": _number(by_method["median_s"].get(m)),
                         "p90": _number(by_method["p90_s"].get(m))} for m in funnel}
            errors = [{"error": r.error, "step": r.step, "cases": int(r.cases)}
                      for r in self.error_totals.itertuples()]
            conformance = [{"method": r.method, "cases": int(r.cases),
                            "conforming": int(r.conforming), "share": _number(r.share)}
                           for r in self.conformance.itertuples()]
            variants = self.variants.groupby("method", observed=True).head(TOP_VARIANTS)
            return {
                "file": self.file,
                "events": int(self.events),
                "cases": len(self.cases),
                "rejected": int(self.rejected),
                "funnel": funnel,
                "activated": activated,
                "time_to_activate_s": times,
                "errors": errors,
                "step_durations_s": [
                    {"method": r.method, "step": r.step, "cases": int(r.cases),
                     "median": _number(r.median_s), "p90": _number(r.p90_s)}
                    for r in durations.result().itertuples()],
                "conformance": conformance,
                "variants": [{"method": r.method, "path": r.label, "cases": int(r.cases),
                              "share": _number(r.share)} for r in variants.itertuples()],
                "notes": list(self.notes),
            }

    def to_text(self) -> str:
        """The report for a terminal."""
        data = self.to_dict()
        lines = [f"{data['file'] or 'journal'}: {data['events']} events, {data['cases']} cases, "
                 f"{data['rejected']} rejected rows", *[f"note: {n}" for n in data["notes"]]]
        for method in data["funnel"]:
            time = data["time_to_activate_s"][method]
            done, to = ("signed in", "sign in") if method == "S" else ("activated", "activate")
            lines += ["", f"Method {method}: {data['activated'][method]} {done}; time to "
                          f"{to} median {_seconds(time['median'])}, "
                          f"p90 {_seconds(time['p90'])}"]
            lines += [f"  {row['step']:<22} {row['cases']:>10}" for row in data["funnel"][method]]
        lines += ["", "Errors (cases):"]
        lines += [f"  {e['error']:<24} {e['step']:<22} {e['cases']:>10}" for e in data["errors"]]
        lines += ["", "Conformance to the documented procedure:"]
        lines += [f"  method {c['method']}: {c['conforming']} of {c['cases']} cases"
                  for c in data["conformance"]]
        return "\n".join(lines)


def analyse(events, *, rejected: int = 0, file: str = "",
            notes: list[str] | None = None) -> Report:
    """Analyse a pandas or Dask DataFrame of events (see the module's docstring)."""
    cases, labels = per_case(events)
    count = len(events) if not is_dask(events) else int(events.shape[0].compute())
    return Report(cases, labels, count, rejected, file, list(notes or []))


def _number(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else round(value, 3)


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
