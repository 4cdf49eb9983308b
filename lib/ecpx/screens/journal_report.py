"""Chapter 06's tables and charts as HTML (French), shared by the dashboard and the export.

Input: the published tables of `ecpx.logs.explorer` (small cells already masked).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

import pandas as pd

from ecpx.logs import plots, privacy
from ecpx.logs.schema import METHODS, STEPS
from ecpx.texts import ERROR_MESSAGES
from ecpx.texts import journal as T
from ecpx.texts.signin import ERRORS as SIGNIN_ERRORS

# The sign-in's error messages, for the journal's error table (not those naming the learner).
SIGNIN_MESSAGES = {code: text for code, text in SIGNIN_ERRORS.items() if "{" not in text}

MASKED_COUNT = "< 11"
COLOURS = plots.COLOURS


def _count(value) -> str:
    return MASKED_COUNT if pd.isna(value) else f"{int(value):,}".replace(",", " ")


def total_fr(tables: dict[str, pd.DataFrame]) -> str:
    """The selection's number of cases as published (« < 11 » or « masqué » if hidden)."""
    totals = tables["totals"]
    value = totals.at[totals.index[0], "cases"]
    if pd.isna(value):
        return privacy.masked_text(totals, totals.index[0], "cases", T.MASKED)
    return _count(value)


def figure(svg: str) -> str:
    """A chart (an SVG named by its text alternative) in its own block."""
    return f'<div class="ecpx-figure">{svg}</div>'


def _cell(value) -> str:
    return "" if pd.isna(value) else str(value)


def table(frame: pd.DataFrame, formats: dict[str, callable] | None = None) -> str:
    """A frame as an HTML table with French headers and formatted cells.

    A masked count reads « < 11 » only when it truly counts 1 to 10, else « masqué », with a
    note under the table saying why. Written by hand (no `DataFrame.to_html`): a filter change
    redraws a dozen tables, and pandas' writer costs milliseconds each.
    """
    formats = formats or {}
    protecting = False
    columns = []
    for column in frame.columns:
        render = formats.get(column, _cell)
        cells = []
        for label, value in zip(frame.index, frame[column].tolist(), strict=True):
            if render is _count and pd.isna(value):
                text = privacy.masked_text(frame, label, column, T.MASKED)
                protecting |= text == T.MASKED
            else:
                text = render(value)
            cells.append(html.escape(text))
        opening = "<td class=\"ecpx-num\">" if render in NUMBERS else "<td>"
        columns.append([f"{opening}{cell}</td>" for cell in cells])
    names = [T.COLUMNS.get(c, str(c)) for c in frame.columns]
    head = "".join(f'<th scope="col">{html.escape(name)}</th>' for name in names)
    rows = "".join("<tr>" + "".join(row) + "</tr>"
                   for row in zip(*columns, strict=True)) if columns else ""
    note = f'<p class="ecpx-note">{T.MASKED_NOTE}</p>' if protecting else ""
    # A wide table scrolls within its own region (reachable with Tab), never the page.
    label = html.escape(T.TABLE_LABEL.format(columns=", ".join(names)))
    return (f'<div class="ecpx-scroll" role="region" tabindex="0" aria-label="{label}">'
            f'<table class="ecpx-table"><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>{note}")


NUMBERS = (_count, T.percent_fr, T.duration_fr)  # cells kept on one line (« 1 275 »)


def step_fr(step) -> str:
    return T.STEP_LABELS.get(str(step), str(step))


def error_fr(error) -> str:
    return T.ERROR_LABELS.get(str(error), str(error))


def path_fr(label) -> str:
    if label is None or (isinstance(label, float) and label != label):
        return T.OTHER_VARIANTS
    return " → ".join(T.STEP_LABELS.get(a, T.ERROR_LABELS.get(a, a))
                      for a in str(label).split(" → "))


def day_fr(day) -> str:
    return f"{pd.Timestamp(day):%d/%m/%Y}"


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
        parts.append(figure(plots.horizontal_bars(
            [step_fr(s) for s in rows["step"]], rows["cases"], method_fr(method),
            T.FUNNEL_ALT.format(method_name=T.METHOD_NAMES[method]), masked=T.MASKED,
            colour=COLOURS[method])))
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
        parts.append(figure(plots.horizontal_bars(
            [step_fr(s) for s in rows["step"]], rows["median_s"],
            f"{method_fr(method)} — {T.COLUMNS['median_s'].lower()}",
            T.STEP_TIME_ALT.format(method_name=T.METHOD_NAMES[method]), masked=T.MASKED,
            colour=COLOURS[method],
            value_text=T.duration_fr)))
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
                                  ranked["cases"], T.ERRORS_TITLE, T.ERRORS_ALT,
                                  masked=T.MASKED, colour="#a3001b")
    listed = errors.sort_values(["method", "_order", "rank"])
    return figure(chart) + table(
        listed[["method", "step", "error", "cases", "share", "rank"]].assign(
            message=listed["error"].map(ERROR_MESSAGES).fillna(
                listed["error"].map(SIGNIN_MESSAGES))),
        {"step": step_fr, "error": error_fr, "cases": _count, "share": T.percent_fr})


@drawn_once
def variants_html(tables: dict[str, pd.DataFrame]) -> str:
    parts = []
    for row in tables["conformance"].itertuples():
        if not pd.isna(row.cases) and row.cases:
            words = T.CONFORMANCE_SIGNIN if row.method == "S" else T.CONFORMANCE
            sentence = words.format(method=row.method, share=T.percent_fr(row.share))
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
                                      "activated": T.COLUMNS["activated"]}, T.TREND_TITLE,
                              T.TREND_ALT)
    data = table(trend[["day", "method", "cases", "activated"]],
                 {"day": day_fr, "method": method_fr, "cases": _count, "activated": _count})
    return (figure(chart) + f'<details class="ecpx-chart-data"><summary>{T.CHART_DATA}'
            f"</summary>{data}</details>")


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
            f"<p><i>{T.PRIVACY_NOTE}</i></p><p><i>{T.PRIVACY_METHOD_NOTE}</i></p>{body}</body></html>")


def tables_csv(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Each published table as CSV text, its columns named in French (masked cells written
    « < 11 » or « masqué »)."""
    out = {}
    for name, frame in tables.items():
        frame = frame.drop(columns=[c for c in ("variant", "message") if c in frame])
        shown = privacy.display(frame, T.MASKED)
        out[name] = shown.rename(columns=T.COLUMNS).to_csv(index=False)
    return out
