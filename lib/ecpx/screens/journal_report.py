"""Chapter 06's tables and charts as HTML (French), shared by the dashboard and the export.

Input: the published tables of `ecpx.logs.explorer` (small cells already masked).
"""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Callable

import pandas as pd

from ecpx.logs import plots, privacy
from ecpx.logs.schema import METHODS, STEPS
from ecpx.texts import ERROR_MESSAGES
from ecpx.texts import journal as T

MASKED_COUNT = "< 11"


def _count(value) -> str:
    return MASKED_COUNT if pd.isna(value) else f"{int(value):,}".replace(",", " ")


def total_fr(tables: dict[str, pd.DataFrame]) -> str:
    """The selection's number of cases as published (« < 11 » or « masqué » if hidden)."""
    totals = tables["totals"]
    value = totals.at[totals.index[0], "cases"]
    if pd.isna(value):
        return privacy.masked_text(totals, totals.index[0], "cases", T.MASKED)
    return _count(value)


def image(png: bytes, alt: str) -> str:
    """A chart with its text alternative (accessibility: every image says what it shows)."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" ' \
           'style="max-width:100%">'


def table(frame: pd.DataFrame, formats: dict[str, callable] | None = None) -> str:
    """A frame as an HTML table with French headers and formatted cells.

    A masked count reads « < 11 » only when it truly counts 1 to 10, else « masqué », with a
    note under the table saying why.
    """
    formats = formats or {}
    shown = pd.DataFrame(index=frame.index)
    protecting = False
    for column in frame.columns:
        render = formats.get(column, lambda v: "" if pd.isna(v) else str(v))
        cells = []
        for label, value in frame[column].items():
            if render is _count and pd.isna(value):
                cells.append(privacy.masked_text(frame, label, column, T.MASKED))
                protecting |= cells[-1] == T.MASKED
            else:
                cells.append(render(value))
        shown[T.COLUMNS.get(column, column)] = cells
    note = f'<p class="ecpx-note">{T.MASKED_NOTE}</p>' if protecting else ""
    return shown.to_html(index=False, escape=True, border=0, classes="ecpx-table") + note


def step_fr(step) -> str:
    return T.STEP_LABELS.get(str(step), str(step))


def error_fr(error) -> str:
    return T.ERROR_LABELS.get(str(error), str(error))


def path_fr(label) -> str:
    if label is None or (isinstance(label, float) and label != label):
        return T.OTHER_VARIANTS
    return " → ".join(T.STEP_LABELS.get(a, T.ERROR_LABELS.get(a, a))
                      for a in str(label).split(" → "))


def method_fr(method) -> str:
    return T.METHOD_LABELS.get(str(method), str(method))


_DRAWN: dict[str, tuple[dict, str]] = {}  # section -> (the tables it was drawn from, HTML)


def drawn_once(render: Callable[[dict], str]) -> Callable[[dict], str]:
    """A section drawn once per published tables (the screen and the export share it).

    The explorer computes the tables once per filter change; charts are the costly part
    of a redraw, so the same tables object never draws its charts twice.
    """
    @functools.wraps(render)
    def cached(tables: dict[str, pd.DataFrame]) -> str:
        hit = _DRAWN.get(render.__name__)
        if hit is not None and hit[0] is tables:
            return hit[1]
        html_text = render(tables)
        _DRAWN[render.__name__] = (tables, html_text)
        return html_text
    return cached


@drawn_once
def funnel_html(tables: dict[str, pd.DataFrame]) -> str:
    funnel = tables["funnel"]
    parts = []
    for method in METHODS:
        rows = funnel[funnel["method"] == method]
        if rows["cases"].fillna(0).sum() == 0 and rows["cases"].notna().all():
            continue
        chart = plots.horizontal_bars([step_fr(s) for s in rows["step"]], rows["cases"],
                                      method_fr(method), T.COLUMNS["cases"])
        parts.append(image(chart, T.FUNNEL_ALT.format(method=method)))
        parts.append(table(rows[["step", "cases", "conversion", "drop_off"]],
                           {"step": step_fr, "cases": _count, "conversion": T.percent_fr,
                            "drop_off": _count}))
    return "".join(parts) or f"<p>{T.NO_SELECTION}</p>"


@drawn_once
def durations_html(tables: dict[str, pd.DataFrame]) -> str:
    activation = tables["activation"]
    parts = [f"<h4>{T.TIME_TO_ACTIVATE}</h4>",
             table(activation, {"method": method_fr, "cases": _count, "activated": _count,
                                "activation_rate": T.percent_fr, "median_s": T.duration_fr,
                                "p90_s": T.duration_fr})]
    steps = tables["step_durations"]
    for method in METHODS:
        rows = steps[steps["method"] == method]
        if rows.empty or rows["cases"].fillna(0).eq(0).all():
            continue
        chart = plots.horizontal_bars([step_fr(s) for s in rows["step"]],
                                      rows["median_s"] / 60, method_fr(method),
                                      "minutes (médiane)")
        parts.append(image(chart, T.STEP_TIME_ALT.format(method=method)))
        parts.append(table(rows[["step", "cases", "median_s", "p90_s"]],
                           {"step": step_fr, "cases": _count, "median_s": T.duration_fr,
                            "p90_s": T.duration_fr}))
    return "".join(parts)


@drawn_once
def errors_html(tables: dict[str, pd.DataFrame]) -> str:
    errors = tables["errors"]
    if errors.empty:
        return f"<p>{T.NO_SELECTION}</p>"
    order = {(m, s): i for m in METHODS for i, s in enumerate(STEPS[m])}
    errors = errors.assign(_order=[order.get((m, s), 99) for m, s in
                                   zip(errors["method"], errors["step"], strict=True)])
    ranked = errors.sort_values(["cases"], ascending=False, na_position="last")
    chart = plots.horizontal_bars([f"{error_fr(e)} ({m})" for e, m in
                                   zip(ranked["error"], ranked["method"], strict=True)],
                                  ranked["cases"], T.ERRORS_TITLE, T.COLUMNS["cases"],
                                  colour="#b00020")
    listed = errors.sort_values(["method", "_order", "rank"])
    return image(chart, T.ERRORS_ALT) + table(
        listed[["method", "step", "error", "cases", "share", "rank"]].assign(
            message=listed["error"].map(ERROR_MESSAGES)),
        {"step": step_fr, "error": error_fr, "cases": _count, "share": T.percent_fr})


@drawn_once
def variants_html(tables: dict[str, pd.DataFrame]) -> str:
    parts = []
    for row in tables["conformance"].itertuples():
        if not pd.isna(row.cases) and row.cases:
            sentence = T.CONFORMANCE.format(method=row.method, share=T.percent_fr(row.share))
            parts.append(f"<p>{sentence}</p>")
    variants = tables["variants"]
    parts.append(table(variants[["method", "label", "cases", "share"]],
                       {"label": path_fr, "cases": _count, "share": T.percent_fr}))
    deviations = tables["deviations"]
    if not deviations.empty:
        parts.append(table(deviations[["method", "expected_step", "done_instead", "cases"]],
                           {"expected_step": step_fr, "done_instead": step_fr,
                            "cases": _count}))
    return "".join(parts)


@drawn_once
def breakdowns_html(tables: dict[str, pd.DataFrame]) -> str:
    parts = []
    formats = {"method": method_fr, "cases": _count, "activated": _count,
               "activation_rate": T.percent_fr, "median_s": T.duration_fr,
               "p90_s": T.duration_fr,
               "platform": lambda p: T.PLATFORM_LABELS.get(str(p), str(p))}
    for key, title in T.BREAKDOWNS.items():
        parts.append(f"<h4>{title}</h4>" + table(tables[f"by_{key}"], formats))
    return "".join(parts)


@drawn_once
def trend_html(tables: dict[str, pd.DataFrame]) -> str:
    trend = tables["daily_trend"]
    if trend.empty:
        return f"<p>{T.NO_SELECTION}</p>"
    chart = plots.daily_lines(trend, {"cases": T.COLUMNS["cases"],
                                      "activated": T.COLUMNS["activated"]}, T.TREND_TITLE)
    return image(chart, T.TREND_ALT)


SECTIONS = (  # (title, renderer) in the report's order
    (T.FUNNEL_TITLE, funnel_html), (T.DURATIONS_TITLE, durations_html),
    (T.ERRORS_TITLE, errors_html), (T.VARIANTS_TITLE, variants_html),
    (T.BREAKDOWN_TITLE, breakdowns_html), (T.TREND_TITLE, trend_html),
)


def report_html(tables: dict[str, pd.DataFrame], description: str) -> str:
    """A standalone HTML page with every section (what « Exporter » downloads)."""
    body = "".join(f"<h2>{html.escape(title)}</h2>{render(tables)}"
                   for title, render in SECTIONS)
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{T.REPORT_TITLE}</title><style>"
            "body{font-family:sans-serif;max-width:960px;margin:auto}"
            "table{border-collapse:collapse;margin:8px 0}"
            "td,th{border:1px solid #c5ccd6;padding:3px 8px;text-align:left}</style></head>"
            f"<body><h1>{T.REPORT_TITLE}</h1><p>{html.escape(description)}</p>"
            f"<p><i>{T.PRIVACY_NOTE}</i></p>{body}</body></html>")


def tables_csv(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Each published table as CSV text (masked cells written « < 11 » or « masqué »)."""
    out = {}
    for name, frame in tables.items():
        frame = frame.drop(columns=[c for c in ("variant", "message") if c in frame])
        out[name] = privacy.display(frame, T.MASKED).to_csv(index=False)
    return out
