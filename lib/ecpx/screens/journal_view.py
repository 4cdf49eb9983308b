"""Chapter 06's dashboard: choose a journal, filter it, read its funnel, durations, errors.

Each function builds one screen over a shared `JournalExplorer` (ecpx.logs.explorer) and
redraws it when the explorer changes; the notebook calls one function per screen:

    tableau = explorer()          # the sample journal, loaded
    source_picker(dashboard)        # sample / the class's events / an uploaded file
    filters(dashboard)                 # period, methods, platforms, card types
    funnel(dashboard), durations(dashboard), errors(dashboard), variants(dashboard),
    breakdowns(dashboard), trend(dashboard), export(dashboard)

A learner never sees a traceback: a screen that cannot be drawn says so in French.
"""

from __future__ import annotations

import base64
import html
import logging
from collections.abc import Callable

import ipywidgets as w

from ecpx.logs.explorer import JournalExplorer
from ecpx.logs.schema import CARD_TYPES, METHODS, PLATFORMS
from ecpx.screens import journal_report as R
from ecpx.screens.frames import message, stylesheet
from ecpx.texts import journal as T

log = logging.getLogger(__name__)
SHOWN_REJECTIONS = 10
CSS = """<style>
.ecpx-table { border-collapse: collapse; margin: 6px 0 12px 0; font-size: 13px; }
.ecpx-table th, .ecpx-table td { border: 1px solid #c5ccd6; padding: 3px 8px; text-align: left; }
.ecpx-table th { background: #e8ecf1; }
</style>"""


def explorer() -> JournalExplorer:
    """The explorer shared by the chapter's screens, with the shipped sample loaded."""
    model = JournalExplorer()
    model.load_sample()
    return model


def _screen(model: JournalExplorer, title: str, render: Callable[[JournalExplorer], str]
            ) -> w.VBox:
    """A titled screen whose HTML is redrawn each time the explorer changes."""
    body = w.HTML()

    def redraw() -> None:
        try:
            body.value = CSS + render(model)
        except Exception:  # a learner must never see a traceback: say it in French instead
            log.info("journal screen %r failed", title, exc_info=True)  # not shown to learners
            body.value = f'<p class="ecpx-error">{T.DRAWING_FAILED}</p>'

    model.observe(redraw)
    redraw()
    heading = w.HTML(f"<h3>{html.escape(title)}</h3>")
    return w.VBox([stylesheet(), heading, body])


def _tables_or_message(model: JournalExplorer, render: Callable[[dict], str]) -> str:
    if model.result is None or model.cases().empty:
        return f"<p>{T.NO_SELECTION if model.result is not None else T.NO_EVENTS}</p>"
    return render(model.tables())


# --- choosing the journal ---------------------------------------------------------------

def source_picker(model: JournalExplorer) -> w.VBox:
    """The sample, the class's own training events, or a file the trainer uploads."""
    choice = w.RadioButtons(options=[(label, key) for key, label in T.SOURCES.items()],
                            value="sample", description=T.SOURCE_LABEL,
                            style={"description_width": "initial"},
                            layout=w.Layout(width="auto"))
    upload = w.FileUpload(accept=".csv,.gz,.jsonl,.ndjson,.json,.parquet", multiple=False,
                          description=T.UPLOAD_LABEL, layout=w.Layout(width="auto"))
    upload.tooltip = T.UPLOAD_LABEL
    hint = message(html.escape(T.UPLOAD_HINT))
    uploader = w.VBox([upload, hint], layout=w.Layout(display="none"))
    status = w.HTML()
    progress = w.FloatProgress(min=0, max=1, description=T.UPLOAD_PROGRESS,
                               style={"description_width": "initial"},
                               layout=w.Layout(display="none"))

    def on_choice(change=None) -> None:
        uploader.layout.display = "" if choice.value == "upload" else "none"
        if choice.value == "sample":
            model.load_sample()
        elif choice.value == "training":
            model.load_training()

    def on_upload(change) -> None:
        files = change["new"]
        if files:
            progress.value, progress.layout.display = 0, ""
            try:
                model.load_upload(files[0]["name"], bytes(files[0]["content"]),
                                  on_progress=lambda share: setattr(progress, "value", share))
            finally:
                progress.layout.display = "none"

    def show_status() -> None:
        status.value = status_html(model)

    choice.observe(on_choice, names="value")
    upload.observe(on_upload, names="value")
    model.observe(show_status)
    show_status()
    return w.VBox([stylesheet(), w.HTML(CSS), choice, uploader, progress, status])


def status_html(model: JournalExplorer) -> str:
    """What was loaded, or why not, and the rejected lines (in French)."""
    if model.result is None:
        if model.problem:
            text = T.UNREADABLE.format(name=model.name, reason=T.reason_fr(model.problem))
            return f'<p class="ecpx-error">{html.escape(text)}</p>'
        return f"<p>{T.NO_EVENTS}</p>"
    result = model.result
    if result.events.empty and model.source == "training":
        return f"<p>{T.NO_TRAINING}</p>"
    cases = result.events["case_id"].nunique()
    text = T.LOADED.format(cases=f"{cases:,}".replace(",", " "),
                           events=f"{len(result.events):,}".replace(",", " "),
                           name=result.file)
    parts = [f'<p class="ecpx-success">{html.escape(text)}</p>']
    if model.damaged:
        file, line, _ = model.damaged[0]
        text = T.DAMAGED_TRAINING.format(count=len(model.damaged), file=file, line=line)
        parts.append(f'<p class="ecpx-warning">{html.escape(text)}</p>')
    if getattr(model, "set_aside", 0):
        text = T.SET_ASIDE_TRAINING.format(count=model.set_aside)
        parts.append(f'<p class="ecpx-hint">{html.escape(text)}</p>')
    if len(result.rejected):
        count = len(result.rejected) + result.more_rejected
        parts.append(f'<p class="ecpx-warning">{T.REJECTED.format(count=count)}</p>')
        if result.more_rejected:
            parts.append(f"<p>{T.REJECTED_CAPPED.format(shown=len(result.rejected))}</p>")
        shown = result.rejected.head(SHOWN_REJECTIONS)[["line", "column", "reason"]].copy()
        shown["reason"] = shown["reason"].map(T.reason_fr)
        parts.append(shown.rename(columns=T.REJECTED_COLUMNS).to_html(
            index=False, escape=True, border=0, classes="ecpx-table"))
    return "".join(parts)


# --- filters ----------------------------------------------------------------------------

def filters(model: JournalExplorer) -> w.VBox:
    """Period, methods, platforms and card types; every change redraws the other screens."""
    start = w.DatePicker(description=T.PERIOD_FROM)
    end = w.DatePicker(description=T.PERIOD_TO)
    groups = {
        "methods": {m: w.Checkbox(value=True, description=T.METHOD_LABELS[m], indent=False)
                    for m in METHODS},
        "platforms": {p: w.Checkbox(value=True, description=T.PLATFORM_LABELS[p],
                                    indent=False) for p in PLATFORMS},
        "card_types": {c: w.Checkbox(value=True, description=T.CARD_LABELS[c], indent=False)
                       for c in CARD_TYPES},
    }
    summary = w.HTML()
    updating = {"now": False}

    def apply(change=None) -> None:
        if updating["now"]:
            return
        model.set_filters(start=start.value, end=end.value,
                          **{name: tuple(k for k, box in boxes.items() if box.value)
                             for name, boxes in groups.items()})

    def reset_period() -> None:
        period = model.period
        updating["now"] = True
        start.value, end.value = period if period else (None, None)
        updating["now"] = False

    def show_summary() -> None:
        count = R.total_fr(model.tables()) if model.result is not None else "0"
        summary.value = f"<p>{T.SELECTION.format(cases=count)}</p>"

    for widget in (start, end, *(b for boxes in groups.values() for b in boxes.values())):
        widget.observe(apply, names="value")
    model.observe(show_summary)
    previous = {"result": model.result}

    def on_new_journal() -> None:
        if model.result is not previous["result"]:
            previous["result"] = model.result
            reset_period()
            apply()

    model.observe(on_new_journal)
    reset_period()
    apply()
    rows = [w.HBox([start, end])] + [w.HBox(list(boxes.values()),
                                            layout=w.Layout(flex_flow="row wrap"))
                                     for boxes in groups.values()]
    return w.VBox([w.HTML(f"<h3>{T.FILTERS_TITLE}</h3>"), *rows, summary])


# --- the analyses -----------------------------------------------------------------------

def funnel(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.FUNNEL_TITLE, lambda m: _tables_or_message(m, R.funnel_html))


def durations(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.DURATIONS_TITLE, lambda m: _tables_or_message(m, R.durations_html))


def errors(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.ERRORS_TITLE, lambda m: _tables_or_message(m, R.errors_html))


def variants(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.VARIANTS_TITLE, lambda m: _tables_or_message(m, R.variants_html))


def breakdowns(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.BREAKDOWN_TITLE,
                   lambda m: _tables_or_message(m, R.breakdowns_html))


def trend(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.TREND_TITLE, lambda m: _tables_or_message(m, R.trend_html))


# --- export -----------------------------------------------------------------------------

def _download(label: str, filename: str, mime: str, content: str) -> str:
    data = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};charset=utf-8;base64,'
            f'{data}">{html.escape(label)}</a>')


def description(model: JournalExplorer) -> str:
    """The journal and the filters behind a report, in one French sentence."""
    f = model.filters
    return T.DESCRIPTION.format(
        name=model.result.file if model.result else "-",
        period=T.PERIOD.format(start=f.start, end=f.end) if f.start and f.end else "-",
        methods=", ".join(f.methods) or "-",
        platforms=", ".join(T.PLATFORM_LABELS[p] for p in f.platforms) or "-",
        cards=", ".join(f.card_types) or "-", cases=R.total_fr(model.tables()))


def export_links(model: JournalExplorer) -> str:
    """Download links: the whole report (HTML) and each table (CSV)."""
    if model.result is None or model.cases().empty:
        return f"<p>{T.NO_SELECTION}</p>"
    tables = model.tables()
    links = [_download(T.EXPORT_HTML, "rapport-journaux-e-cps.html", "text/html",
                       R.report_html(tables, description(model)))]
    links += [_download(f"{T.EXPORT_CSV} : {name}", f"{name}.csv", "text/csv", text)
              for name, text in R.tables_csv(tables).items()]
    return "<p>" + "<br>".join(links) + f"</p><p><i>{T.PRIVACY_NOTE}</i></p>"


def export(model: JournalExplorer) -> w.VBox:
    return _screen(model, T.EXPORT_TITLE, export_links)


