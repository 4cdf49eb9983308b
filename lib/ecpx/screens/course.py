"""The widgets of the opening chapters: glossary, method chooser, compatibility checker."""

from __future__ import annotations

import html

import ipywidgets as w

from ecpx.activation.compatibility import check_device, recommend_method
from ecpx.activation.events import CARD_TYPES
from ecpx.screens.frames import button, message, stylesheet
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


def glossary() -> w.VBox:
    """Search the seed's acronyms, or revise them as flash cards."""
    return w.VBox([stylesheet(), w.Tab(children=[_glossary_search(), _flash_cards()],
                                       titles=FLASH_CARDS["tabs"])])


def _glossary_search() -> w.VBox:
    query = w.Text(description=FLASH_CARDS["search"], placeholder=FLASH_CARDS["search_placeholder"],
                   style={"description_width": "initial"})
    table = w.HTML()

    def show(_=None):
        rows = search_glossary(query.value)
        body = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{k}</th><td>{v}</td>"
                       "</tr>" for k, v in rows)
        table.value = (f"<table class='ecpx-glossary'>{body}</table>" if rows
                       else f"<i>{FLASH_CARDS['no_match']}</i>")

    query.observe(show, "value")
    show()
    return w.VBox([query, table])


def _flash_cards() -> w.VBox:
    terms = list(GLOSSARY)
    state = {"index": 0, "shown": False}
    card = w.HTML(layout=w.Layout(border="1px solid #5b6b7f", padding="12px", width="360px",
                                  max_width="100%", min_height="80px"))
    flip, following = button(FLASH_CARDS["flip"], primary=True), button(FLASH_CARDS["next"])

    def show():
        term = terms[state["index"]]
        back = f"<br>{GLOSSARY[term]}" if state["shown"] else f"<br><i>{FLASH_CARDS['prompt']}</i>"
        card.value = f"<b style='font-size:20px'>{term}</b>{back}"

    def on_flip(_):
        state["shown"] = not state["shown"]
        show()

    def on_next(_):
        state["index"], state["shown"] = (state["index"] + 1) % len(terms), False
        show()

    flip.on_click(on_flip)
    following.on_click(on_next)
    show()
    return w.VBox([card, w.HBox([flip, following])])


def method_chooser() -> w.VBox:
    card = w.Dropdown(options=CARD_TYPES, value="CPS", description=METHOD_CHOICE["card_label"],
                      style={"description_width": "initial"})
    reader = w.Checkbox(value=True, description=METHOD_CHOICE["reader_label"], indent=False)
    answer = message("", "success")

    def show(_=None):
        answer.value = METHOD_CHOICE[recommend_method(card.value, reader.value)]

    card.observe(show, "value")
    reader.observe(show, "value")
    show()
    return w.VBox([stylesheet(), card, reader, answer])


def compatibility_checker() -> w.VBox:
    t = COMPATIBILITY
    style = {"description_width": "initial"}
    device = w.Dropdown(options=t["devices"], value="iPhone", description=t["device_label"],
                        style=style)
    version = w.Text(description=t["version_label"], placeholder=t["version_placeholder"],
                     style=style)
    chip = w.Dropdown(options=t["chips"], value="apple_silicon", description=t["chip_label"],
                      style=style, layout=w.Layout(display="none"))
    check = button(t["check"], primary=True)
    verdict, next_step = w.HTML(), w.HTML()

    def on_device(_=None):
        chip.layout.display = "" if device.value == "Mac" else "none"

    def on_check(_=None):
        result = check_device(device.value, version.value, chip.value)
        kind = {True: "success", False: "error", None: "warning"}[result.compatible]
        for k in ("success", "error", "warning"):
            verdict.remove_class(f"ecpx-{k}")
        verdict.add_class(f"ecpx-{kind}")
        verdict.value = t[result.reason]
        next_step.value = (t[result.next_step].format(store=t["stores"].get(result.store, ""))
                           if result.next_step else "")

    device.observe(on_device, "value")
    check.on_click(on_check)
    return w.VBox([stylesheet(), device, version, chip, check, verdict, next_step])
