"""Charts of the published tables (matplotlib), as PNG bytes for the dashboard and the report.

Masked cells are drawn as missing bars; the caller gives every label (French in the course).
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no global state, no backend to choose

COLOURS = {"A": "#00256e", "B": "#2e8b57"}


def png(figure: Figure) -> bytes:
    """The figure as PNG bytes."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)  # laid out once (constrained), drawn once
    return buffer.getvalue()


def horizontal_bars(labels: list[str], values: pd.Series, title: str, xlabel: str,
                    colour: str = "#00256e") -> bytes:
    """One bar per label, top to bottom in the order given (NA: no bar, « masqué » note)."""
    figure = Figure(figsize=(7, 0.35 * max(len(labels), 3) + 0.8), layout="constrained")
    axes = figure.subplots()
    numbers = pd.to_numeric(values, errors="coerce").astype("float64")
    positions = range(len(labels))[::-1]
    axes.barh(list(positions), numbers.fillna(0).tolist(), color=colour)
    for y, value in zip(positions, numbers, strict=True):
        if value != value:
            axes.text(0, y, "  masqué", va="center", fontsize=8, color="#5b6b7f")
    axes.set_yticks(list(positions), labels)
    axes.set_title(title, fontsize=11)
    axes.set_xlabel(xlabel)
    axes.spines[["top", "right"]].set_visible(False)
    return png(figure)


def daily_lines(trend: pd.DataFrame, series: dict[str, str], title: str) -> bytes:
    """Cases and activations per day, one line per (method, measure) in `series`."""
    figure = Figure(figsize=(8, 3.2), layout="constrained")
    axes = figure.subplots()
    for method, group in trend.groupby("method", observed=True):
        days = pd.to_datetime(group["day"]).dt.tz_localize(None)
        for column, label in series.items():
            axes.plot(days, pd.to_numeric(group[column], errors="coerce").astype("float64"),
                      label=f"{label} — {method}", color=COLOURS.get(str(method), "grey"),
                      linestyle="-" if column == "cases" else "--")
    axes.set_title(title, fontsize=11)
    axes.legend(fontsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return png(figure)
