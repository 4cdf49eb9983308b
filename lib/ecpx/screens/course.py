"""The screens of the opening chapters: glossary, method chooser, compatibility checker.

Each is a `Screen` (`screens.screen`): a change of choice, a key typed in the search field or a
click runs `act`, which redraws and says the result in the live region (an unreadable version is
an alert); the focus stays on the control the learner used. Enter in the version field checks it,
as « Vérifier la compatibilité » does (`Announcer.form`).
"""

from __future__ import annotations

import html

import ipywidgets as w

from ecpx.activation.compatibility import check_device, recommend_method
from ecpx.activation.events import CARD_TYPES
from ecpx.screens.frames import button, column, escape, message, set_class, stylesheet
from ecpx.screens.screen import Screen, Told
from ecpx.texts.course import (
    CHAPTERS,
    COMPATIBILITY,
    FLASH_CARDS,
    GLOSSARY,
    METHOD_CHOICE,
    search_glossary,
)


def chapter_map() -> w.HTML:
    """Links to every chapter (relative links work in Voilà and in JupyterLab)."""
    items = "".join(f'<li><a href="{name}">{html.escape(title)}</a> — {html.escape(summary)}</li>'
                    for name, title, summary in CHAPTERS)
    return w.HTML(f"<ul>{items}</ul>")


class Glossary(Screen):
    """Search the seed's acronyms, or revise them as flash cards."""

    name = "glossary"

    def __init__(self) -> None:
        super().__init__()
        t = FLASH_CARDS
        self.terms = list(GLOSSARY)
        self.rows = search_glossary("")
        self.index, self.shown = 0, False  # the flash card on show, and whether it is turned
        self.said = ""  # what the last action says
        self.query = w.Text(description=t["search"], placeholder=t["search_placeholder"],
                            style={"description_width": "initial"})
        self.query.observe(lambda change: self.act(self.search, change["new"]), "value")
        self.table = w.HTML()
        self.card = w.HTML(layout=w.Layout(border="1px solid #5b6b7f", padding="12px",
                                           width="360px", max_width="100%", min_height="80px"))
        flip = self.on(button(t["flip"], primary=True), self.flip)
        following = self.on(button(t["next"]), self.next_card)
        tabs = w.Tab(children=[column(self.query, self.table),
                               column(self.card, w.HBox([flip, following]))], titles=t["tabs"])
        self.page(stylesheet(), tabs, css_class="ecpx-glossary-screen")
        self.render()

    def search(self, query: str) -> None:
        self.rows = search_glossary(query)
        t = FLASH_CARDS
        rows = " ; ".join(t["row"].format(term=k, meaning=v) for k, v in self.rows)
        n = len(self.rows)
        self.said = (t["no_match"] if not n else t["found_one"].format(rows=rows) if n == 1
                     else t["found"].format(n=n, rows=rows))

    def flip(self) -> None:
        self.shown = not self.shown
        self.said = self._card_text(html=False)

    def next_card(self) -> None:
        self.index, self.shown = (self.index + 1) % len(self.terms), False
        self.said = self._card_text(html=False)

    def _card_text(self, html: bool) -> str:
        term = self.terms[self.index]
        back = GLOSSARY[term] if self.shown else FLASH_CARDS["prompt"]
        if not html:
            return FLASH_CARDS["card_said"].format(term=term, meaning=back)
        back = back if self.shown else f"<i>{back}</i>"
        return f"<b style='font-size:20px'>{term}</b><br>{back}"

    def render(self) -> None:
        body = "".join(f"<tr><th scope='row' style='text-align:left;padding-right:1em'>{k}</th>"
                       f"<td>{v}</td></tr>" for k, v in self.rows)
        self.table.value = (f"<table class='ecpx-glossary'>{body}</table>" if self.rows
                            else f"<i>{FLASH_CARDS['no_match']}</i>")
        self.card.value = self._card_text(html=True)

    def told(self) -> Told:
        return Told(polite=self.said)


def glossary() -> Glossary:
    """Search the seed's acronyms, or revise them as flash cards (one call in the notebook)."""
    return Glossary()


class MethodChooser(Screen):
    """Which method fits: the card and whether there is a reader give the advice."""

    name = "method chooser"

    def __init__(self) -> None:
        super().__init__()
        self.card = w.Dropdown(options=CARD_TYPES, value="CPS",
                               description=METHOD_CHOICE["card_label"],
                               style={"description_width": "initial"})
        self.reader = w.Checkbox(value=True, description=METHOD_CHOICE["reader_label"],
                                 indent=False)
        self.answer = message("", "success")
        for control in (self.card, self.reader):
            control.observe(lambda _: self.act(self.choose), "value")
        self.page(stylesheet(), self.card, self.reader, self.answer,
                  css_class="ecpx-method-chooser")
        self.choose()
        self.render()

    def choose(self) -> None:
        self.advice = recommend_method(self.card.value, self.reader.value)

    def render(self) -> None:
        self.answer.value = METHOD_CHOICE[self.advice]

    def told(self) -> Told:
        return Told(polite=self.answer.value)


def method_chooser() -> MethodChooser:
    return MethodChooser()


class CompatibilityChecker(Screen):
    """The device, its chip (a Mac) and its system version: compatible or not, and what next."""

    name = "compatibility checker"

    def __init__(self) -> None:
        super().__init__()
        t = COMPATIBILITY
        style = {"description_width": "initial"}
        self.device = w.Dropdown(options=t["devices"], value="iPhone",
                                 description=t["device_label"], style=style)
        self.chip = w.Dropdown(options=t["chips"], value="apple_silicon",
                               description=t["chip_label"], style=style,
                               layout=w.Layout(display="none"))
        self.version = w.Text(description=t["version_label"],
                              placeholder=t["version_placeholder"], style=style)
        check = button(t["check"], primary=True)
        form = self.announcer.form(self.version, check, lambda value: self.act(self.check, value))
        self.verdict, self.next_step = w.HTML(), w.HTML()
        self.result = None  # the last check's verdict (compatibility.Verdict)
        self.checked = False  # the last action was a check (a new device says nothing)
        self.device.observe(lambda _: self.act(self.pick_device), "value")
        self.page(stylesheet(), self.device, self.chip, form, self.verdict, self.next_step,
                  css_class="ecpx-compatibility")

    def pick_device(self) -> None:
        self.checked = False

    def check(self, version: str) -> None:
        self.result = check_device(self.device.value, version, self.chip.value)
        self.checked = True

    def render(self) -> None:
        t = COMPATIBILITY
        self.chip.layout.display = "" if self.device.value == "Mac" else "none"
        result = self.result
        if result is None:
            return
        kind = {True: "success", False: "error", None: "warning"}[result.compatible]
        for k in ("success", "error", "warning"):
            set_class(self.verdict, f"ecpx-{k}", k == kind)
        self.verdict.value = escape(t[result.reason])
        self.next_step.value = (
            escape(t[result.next_step].format(store=t["stores"].get(result.store, "")))
            if result.next_step else "")

    def told(self) -> Told:
        if not self.checked or self.result is None:
            return Told()
        said = f"{self.verdict.value} {self.next_step.value}".strip()
        if self.result.compatible is None:  # an unreadable version: the learner must retype it
            return Told(urgent=said)
        return Told(polite=said)


def compatibility_checker() -> CompatibilityChecker:
    return CompatibilityChecker()
