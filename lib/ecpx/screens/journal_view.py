"""Chapter 06's dashboard: choose a journal, filter it, read its funnel, durations, errors.

Built on the one screen mechanism (`screens.screen`). One `JournalExplorer` (the view-model,
ecpx.logs.explorer) is shared by every part of the chapter:

    tableau = Dashboard()       # the sample journal, loaded
    tableau.controls            # a Screen: the journal (sample, class, upload) and the filters
    tableau.funnel, tableau.durations, tableau.errors, tableau.variants, tableau.breakdowns,
    tableau.trend               # views, redrawn from the explorer's one change event
    tableau.export              # a Screen: prepares the report and the tables to download

Every control goes through `Screen.act`: after a change the announcer says the new selection
(« 1 275 parcours sélectionnés. ») or the error, and the focus stays on the control used. The
published tables are computed once per change (`JournalExplorer.tables`) and shared by every
view; charts are SVG drawn from them (`journal_report`), each beside its data table.
A learner never sees a traceback: a view that cannot be drawn says so in French.
"""

from __future__ import annotations

import base64
import contextlib
import html
import logging
from collections.abc import Callable, Iterator

import ipywidgets as w

from ecpx.logs.explorer import JournalExplorer, upload_max_rows
from ecpx.logs.schema import CARD_TYPES, METHODS, PLATFORMS
from ecpx.screens import journal_report as R
from ecpx.screens.a11y import plain
from ecpx.screens.frames import View, button, column, html_line, message, stylesheet
from ecpx.screens.screen import Screen, Told
from ecpx.texts import journal as T

log = logging.getLogger(__name__)
SHOWN_REJECTIONS = 10
ACCEPTED = ".csv,.gz,.jsonl,.ndjson,.json,.parquet"
CSS = """<style>
.ecpx-table { border-collapse: collapse; margin: 6px 0 12px 0; font-size: 13px; max-width: 100%; }
.ecpx-table th, .ecpx-table td { border: 1px solid #c5ccd6; padding: 3px 8px; text-align: left; }
.ecpx-table td.ecpx-num { white-space: nowrap; }
.ecpx-scroll { overflow-x: auto; max-width: 100%; }
/* In a box that scrolls sideways, a table keeps its words whole (not one letter a line). */
.ecpx-scroll .ecpx-table { max-width: none; }
.ecpx-scroll .ecpx-table th, .ecpx-scroll .ecpx-table td { overflow-wrap: normal; }
.ecpx-section, .ecpx-section .widget-html, .ecpx-section .widget-html-content { min-width: 0;
  max-width: 100%; }
.ecpx-scroll:focus-visible { outline: 2px solid #00256e; }
.ecpx-table th { background: #e8ecf1; }
.ecpx-figure { max-width: 100%; margin: 6px 0; }
.ecpx-group { border: 1px solid #c5ccd6; border-radius: 6px; padding: 4px 10px; margin: 4px 0; }
.ecpx-group-label { font-weight: bold; color: #1e2a38; }
.ecpx-journal .widget-checkbox { width: auto; margin-right: 16px; }
.ecpx-journal .widget-radio { flex-wrap: wrap; }
.ecpx-journal .widget-upload { width: auto; max-width: 100%; }
</style>"""
GROUPS = {"methods": (METHODS, T.METHOD_LABELS), "platforms": (PLATFORMS, T.PLATFORM_LABELS),
          "card_types": (CARD_TYPES, T.CARD_LABELS)}


def rows_fr(count: int) -> str:
    return f"{count:,}".replace(",", " ")


def selection_fr(model: JournalExplorer) -> str:
    """« 1 275 parcours sélectionnés. », or why the number is not shown (« < 11 »: a small
    selection; « masqué »: it would give a small count away), in plain words."""
    if model.result is None:
        return T.NO_EVENTS
    cases = R.total_fr(model.tables())
    if cases == R.MASKED_COUNT:
        return T.SELECTION_FEW
    if cases == T.MASKED:
        return T.SELECTION_MASKED
    return T.SELECTION.format(cases=cases)


class Controls(Screen):
    """Chapter 06's controls: which journal (« Journal à analyser »), then the filters."""

    name = "journal"

    def __init__(self, model: JournalExplorer) -> None:
        super().__init__()
        self.model = model
        self._drawing = False  # the screen sets its own controls: not a learner's action
        self._drawn_journal = -1
        self._told = Told()
        self.source = w.RadioButtons(options=[(label, key) for key, label in T.SOURCES.items()],
                                     value=model.source or "sample",
                                     description=T.SOURCE_LABEL,
                                     style={"description_width": "initial"},
                                     layout=w.Layout(width="auto"))
        self.mark(self.source, "source")
        self.source.observe(self._on_source, names="value")
        self.upload = w.FileUpload(accept=ACCEPTED, multiple=False, description=T.UPLOAD_LABEL,
                                   layout=w.Layout(width="auto"))
        self.upload.tooltip = T.UPLOAD_LABEL
        self.mark(self.upload, "upload")
        self.upload.observe(self._on_upload, names="value")
        limits = T.UPLOAD_LIMITS.format(size=T.UPLOAD_SIZE, rows=rows_fr(upload_max_rows()))
        self.uploader = column(self.upload, message(html.escape(limits)),
                               message(html.escape(T.UPLOAD_HINT)),
                               layout=w.Layout(display="none"))
        self.progress = w.FloatProgress(min=0, max=1, description=T.UPLOAD_PROGRESS,
                                        style={"description_width": "initial"},
                                        layout=w.Layout(display="none"))
        self.status = html_line()
        # The period: applied by its button, or Enter in either date.
        self.start, self.end = (
            w.DatePicker(description=label, style={"description_width": "initial"},
                         layout=w.Layout(width="15em", max_width="100%"))
            for label in (T.PERIOD_FROM, T.PERIOD_TO))
        apply = button(T.PERIOD_APPLY)
        period = self.announcer.form(self.start, apply,
                                     lambda _value: self.act(self.apply_period))
        period.children = (w.HBox([self.start, self.end]), apply)
        self.mark(period, "period")
        self.boxes: dict[str, dict[str, w.Checkbox]] = {}
        groups = [self.group(T.PERIOD_LABEL, period)]
        for name, (keys, labels) in GROUPS.items():
            boxes = self.boxes[name] = {}
            for key in keys:
                box = boxes[key] = w.Checkbox(value=True, description=labels[key],
                                              indent=False)
                self.mark(box, f"{name}-{key}")
                box.observe(lambda change, name=name, key=key: self._on_box(name, key),
                            names="value")
            groups.append(self.group(T.GROUP_LABELS[name], w.HBox(list(boxes.values()))))
        self.summary = html_line()
        self.page(stylesheet(), html_line(CSS), self.source, self.uploader, self.progress,
                  self.status, html_line(f"<h3>{T.FILTERS_TITLE}</h3>"), *groups,
                  self.summary, css_class="ecpx-journal")
        model.observe(lambda _change: self.render(), names="revision")
        self.render()

    @staticmethod
    def group(label: str, *controls: w.Widget) -> w.VBox:
        """A labelled group of controls (the announcer gives it role=group and its name)."""
        caption = html_line(html.escape(label))
        caption.add_class("ecpx-group-label")
        box = column(caption, *controls)
        box.add_class("ecpx-group")
        return box

    # ---- the learner's actions (each through `act`) -------------------------------------

    def state(self):
        return self.source.value  # an upload that lands after another source was chosen: stale

    def act(self, action, *args, at=None) -> None:
        """`Screen.act`, with the explorer's change event held until the announcer has said
        the result: the learner hears the new selection first, then the analyses redraw
        (from the same tables, computed once)."""
        with self.model.hold_trait_notifications():
            super().act(action, *args, at=at)

    def _on_source(self, change) -> None:
        if not self._drawing:
            self.act(self.choose, change["new"])

    def _on_upload(self, change) -> None:
        if not self._drawing and change["new"]:
            self.act(self.load_upload, change["new"][0], at="upload")

    def _on_box(self, name: str, key: str) -> None:
        if not self._drawing:
            self.act(self.apply_boxes, name, key)

    def choose(self, source: str) -> None:
        """Another journal: the sample or the class's events are loaded at once; an upload
        waits for its file."""
        self.uploader.layout.display = "" if source == "upload" else "none"
        if source == "sample":
            self.model.load_sample()
        elif source == "training":
            self.model.load_training()
        self._told = self._loaded("source") if source != "upload" else Told(
            plain(T.UPLOAD_LIMITS.format(size=T.UPLOAD_SIZE, rows=rows_fr(upload_max_rows()))),
            focus=self.focus_class("source"))

    def load_upload(self, file: dict) -> None:
        self.progress.value, self.progress.layout.display = 0, ""
        try:
            self.model.load_upload(file["name"], file["content"],
                                   on_progress=lambda share: setattr(self.progress, "value",
                                                                     share))
        finally:
            self.progress.layout.display = "none"
            with self.drawing():
                self.upload.value = ()  # the file's bytes are not kept in the kernel
        self._told = self._loaded("upload")

    def apply_boxes(self, name: str, key: str) -> None:
        chosen = tuple(k for k, box in self.boxes[name].items() if box.value
                       and (name != "methods" or k in self.model.methods))  # those offered
        self.model.set_filters(**{name: chosen})
        self._told = Told(selection_fr(self.model), focus=self.focus_class(f"{name}-{key}"))

    def apply_period(self) -> None:
        self.model.set_filters(start=self.start.value, end=self.end.value)
        self._told = Told(selection_fr(self.model), focus=self.focus_class("period"))

    def _loaded(self, part: str) -> Told:
        if self.model.result is None:
            return Told(urgent=plain(status_html(self.model)), focus=self.focus_class(part))
        return Told(f"{plain(status_html(self.model))} {selection_fr(self.model)}",
                    focus=self.focus_class(part))

    # ---- drawing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def drawing(self) -> Iterator[None]:
        """The screen sets its own controls: their observers do not act."""
        self._drawing = True
        try:
            yield
        finally:
            self._drawing = False

    def render(self) -> None:
        model = self.model
        with self._lock, self.drawing():
            if self._drawn_journal != model.journal:  # a new journal: its whole period
                self._drawn_journal = model.journal
                self.start.value, self.end.value = model.period or (None, None)
                if model.source:
                    self.source.value = model.source
            self.uploader.layout.display = "" if self.source.value == "upload" else "none"
            for name, boxes in self.boxes.items():
                for key, box in boxes.items():
                    box.value = key in getattr(model.filters, name)
            for key, box in self.boxes["methods"].items():  # the sign-in: when there are some
                box.layout.display = "" if key in model.methods else "none"
            self.status.value = status_html(model)
            # Every figure is « Environ »: the method that makes it so, under the number.
            self.summary.value = (f"<p>{html.escape(selection_fr(model))}</p>"
                                  f'<p class="ecpx-note">{html.escape(T.PRIVACY_METHOD_NOTE)}</p>')

    def told(self) -> Told:
        told, self._told = self._told, Told()
        return told


class Section(View):
    """One analysis of the selection: a heading and its HTML, redrawn at each change."""

    def __init__(self, model: JournalExplorer, title: str,
                 render: Callable[[dict], str]) -> None:
        self.model, self.draw = model, render
        self.body = html_line()
        self.widget = column(html_line(CSS), html_line(f"<h3>{html.escape(title)}</h3>"),
                             self.body)
        self.widget.add_class("ecpx-section")
        model.observe(lambda _change: self.render(), names="revision")
        self.render()

    def render(self) -> None:
        try:
            self.body.value = _tables_or_message(self.model, self.draw)
        except Exception:  # a learner must never see a traceback: say it in French instead
            log.info("journal view %r failed", self.draw, exc_info=True)  # for developers
            self.body.value = f'<p class="ecpx-error">{T.DRAWING_FAILED}</p>'


def _tables_or_message(model: JournalExplorer, render: Callable[[dict], str]) -> str:
    if model.result is None or model.cases().empty:
        return f"<p>{T.NO_SELECTION if model.result is not None else T.NO_EVENTS}</p>"
    return render(model.tables())


class Export(Screen):
    """« Préparer les fichiers à télécharger »: the report (HTML) and the tables (CSV) of the
    current selection, made on demand (not at every change of filter)."""

    name = "journal export"

    def __init__(self, model: JournalExplorer) -> None:
        super().__init__()
        self.model = model
        self.prepared = -1  # the explorer's revision the links were made for
        self.links = html_line()
        self.mark(self.links, "links")
        self.prepare = self.on(button(T.EXPORT_PREPARE, primary=True), self.make_links)
        self.mark(self.prepare, "prepare")
        self.note = message("")
        self.page(html_line(CSS), html_line(f"<h3>{T.EXPORT_TITLE}</h3>"), self.prepare,
                  self.note, self.links)
        model.observe(lambda _change: self.render(), names="revision")
        self.render()

    def make_links(self) -> None:
        self.links.value = export_links(self.model)
        self.prepared = self.model.revision

    def render(self) -> None:
        stale = self.prepared not in (-1, self.model.revision)
        if stale:
            self.links.value, self.prepared = "", -1
            self.note.value = T.EXPORT_STALE
        elif self.prepared == self.model.revision:
            self.note.value = ""

    def told(self) -> Told:
        if self.prepared != self.model.revision:
            return Told()
        if self.model.result is None or self.model.cases().empty:
            empty = T.NO_SELECTION if self.model.result is not None else T.NO_EVENTS
            return Told(empty, focus=self.focus_class("prepare"))
        text = T.EXPORT_READY.format(cases=R.total_fr(self.model.tables()),
                                     tables=len(self.model.tables()))
        return Told(text, focus=self.focus_class("links"))


class Dashboard:
    """Chapter 06: one explorer, its controls, its analyses and its export."""

    def __init__(self, model: JournalExplorer | None = None) -> None:
        self.model = model or explorer()
        self.controls = Controls(self.model)
        self.funnel = Section(self.model, T.FUNNEL_TITLE, R.funnel_html)
        self.durations = Section(self.model, T.DURATIONS_TITLE, R.durations_html)
        self.errors = Section(self.model, T.ERRORS_TITLE, R.errors_html)
        self.variants = Section(self.model, T.VARIANTS_TITLE, R.variants_html)
        self.breakdowns = Section(self.model, T.BREAKDOWN_TITLE, R.breakdowns_html)
        self.trend = Section(self.model, T.TREND_TITLE, R.trend_html)
        self.export = Export(self.model)

    def views(self) -> list[View]:
        return [self.controls, self.funnel, self.durations, self.errors, self.variants,
                self.breakdowns, self.trend, self.export]


def explorer() -> JournalExplorer:
    """The explorer shared by the chapter's screens, with the shipped sample loaded."""
    model = JournalExplorer()
    model.load_sample()
    return model


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



# --- export -----------------------------------------------------------------------------

def _download(label: str, filename: str, mime: str, content: str) -> str:
    data = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (f'<a download="{html.escape(filename)}" href="data:{mime};charset=utf-8;base64,'
            f'{data}">{html.escape(label)}</a>')


def description(model: JournalExplorer) -> str:
    """The journal and the filters behind a report, in one French sentence."""
    f = model.filters
    first, last = model.period or (None, None)  # no day chosen: the journal's own period
    start, end = f.start or first, f.end or last
    return T.DESCRIPTION.format(
        name=model.result.file if model.result else "-",
        period=T.PERIOD.format(start=start, end=end) if start and end else "-",
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
    for name, text in R.tables_csv(tables).items():
        label, file = T.EXPORT_TABLES.get(name, (name, name))
        links.append(_download(f"{T.EXPORT_CSV}\u00a0: {label}", T.EXPORT_FILE.format(name=file),
                               "text/csv", text))
    notes = f"<p><i>{T.PRIVACY_NOTE}</i></p><p><i>{T.PRIVACY_METHOD_NOTE}</i></p>"
    return "<p>" + "<br>".join(links) + "</p>" + notes
