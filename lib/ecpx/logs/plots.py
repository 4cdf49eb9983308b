"""Charts of the published tables as SVG text, for the dashboard and the report.

Plain strings, no plotting library: a chart is drawn in well under a millisecond and weighs a
few kilobytes, so a filter change redraws every chart at the speed of a click. Each chart is
an `<svg role="img">` named by the text alternative the caller gives; its numbers are in the
data table the caller shows beside it. Masked cells (NA) are drawn as missing bars with the
caller's word for them; the caller gives every label (French in the course).
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence

import pandas as pd

COLOURS = {"A": "#00256e", "B": "#2e6b3f", "S": "#6b2e5f"}  # S: sign-ins (chapter 07)
WIDTH = 420  # the drawing's own units; it scales to the width of its container, up to
SHOWN = 560  # pixels wide at most (its text then reads at 16 px, and at 10 px on a phone)
ROW = 30  # a bar's row: its label above, the bar below
LABEL = 12  # text size


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _svg(height: float, alt: str, body: list[str]) -> str:
    return (f'<svg class="ecpx-chart" role="img" aria-label="{html.escape(alt)}" '
            f'viewBox="0 0 {WIDTH} {math.ceil(height)}" width="100%" '
            f'style="max-width:{SHOWN}px;height:auto" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="sans-serif" font-size="{LABEL}">'
            f"<title>{html.escape(alt)}</title>{''.join(body)}</svg>")


def horizontal_bars(labels: Sequence[str], values: pd.Series | Sequence[float], title: str,
                    alt: str, *, masked: str = "masked", colour: str = "#00256e",
                    value_text: Callable[[float], str] = _number) -> str:
    """One bar per label, top to bottom in the order given; an NA value draws no bar but the
    word `masked`. `alt` names the chart for screen readers."""
    numbers = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce") \
        .astype("float64").tolist()
    top = max([v for v in numbers if v == v and v > 0], default=1.0)
    span = WIDTH - 80  # room for the value after the longest bar
    body = [f'<text x="0" y="{LABEL + 2}" font-weight="bold">{html.escape(title)}</text>']
    y = LABEL + 12
    for label, value in zip(labels, numbers, strict=True):
        body.append(f'<text x="0" y="{y + LABEL}" fill="#1e2a38">{html.escape(label)}</text>')
        bar_y = y + LABEL + 4
        if value != value:  # masked
            body.append(f'<text x="0" y="{bar_y + 10}" fill="#4a5a6e" font-style="italic">'
                        f"{html.escape(masked)}</text>")
        else:
            length = max(0.0, value) / top * span
            body.append(f'<rect x="0" y="{bar_y}" width="{length:.1f}" height="11" '
                        f'fill="{colour}"/>')
            body.append(f'<text x="{length + 5:.1f}" y="{bar_y + 10}" fill="#1e2a38">'
                        f"{html.escape(value_text(value))}</text>")
        y += ROW
    return _svg(y + 6, alt, body)


def daily_lines(trend: pd.DataFrame, series: dict[str, str], title: str, alt: str) -> str:
    """Cases and activations per day: one line per (method, measure) of `series` (column ->
    legend label); a masked day breaks the line."""
    days = sorted(pd.to_datetime(trend["day"]).dt.tz_localize(None).dt.date.unique())
    position = {day: i for i, day in enumerate(days)}
    left, right, top_y, height = 44, WIDTH - 10, 26, 150
    values = pd.concat([pd.to_numeric(trend[c], errors="coerce").astype("float64")
                        for c in series])
    peak = float(values.max()) if values.notna().any() else 1.0
    peak = max(1.0, peak)
    step = max(1, len(days) - 1)

    def x(i: int) -> float:
        return left + (right - left) * i / step

    def y(v: float) -> float:
        return top_y + height - height * v / peak

    body = [f'<text x="0" y="{LABEL + 2}" font-weight="bold">{html.escape(title)}</text>']
    for tick in (0, peak / 2, peak):
        body.append(f'<line x1="{left}" x2="{right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                    'stroke="#c5ccd6" stroke-width="1"/>')
        body.append(f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" text-anchor="end" '
                    f'fill="#1e2a38">{_number(tick)}</text>')
    if days:
        base = top_y + height + LABEL + 6
        body.append(f'<text x="{left}" y="{base}" fill="#1e2a38">{days[0]:%d/%m/%Y}</text>')
        body.append(f'<text x="{right}" y="{base}" text-anchor="end" fill="#1e2a38">'
                    f"{days[-1]:%d/%m/%Y}</text>")
    legend_y = top_y + height + 2 * LABEL + 16
    line = 0
    for method, group in trend.groupby("method", observed=True, sort=True):
        colour = COLOURS.get(str(method), "#5b6b7f")
        at = [position[d] for d in pd.to_datetime(group["day"]).dt.tz_localize(None).dt.date]
        for column, label in series.items():
            dash = "" if column == "cases" else ' stroke-dasharray="6 4"'
            runs, run = [], []
            measured = pd.to_numeric(group[column], errors="coerce").astype("float64")
            for i, v in zip(at, measured, strict=True):
                if v == v:
                    run.append(f"{x(i):.1f},{y(float(v)):.1f}")
                elif run:
                    runs.append(run)
                    run = []
            runs.append(run)
            for points in (r for r in runs if r):
                body.append(f'<polyline points="{" ".join(points)}" fill="none" '
                            f'stroke="{colour}" stroke-width="2"{dash}/>')
            ly = legend_y + line * (LABEL + 6)
            body.append(f'<line x1="0" x2="28" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
                        f'stroke-width="2"{dash}/>')
            body.append(f'<text x="36" y="{ly}" fill="#1e2a38">'
                        f"{html.escape(f'{label} — {method}')}</text>")
            line += 1
    return _svg(legend_y + line * (LABEL + 6), alt, body)
