"""Helpers for in-process widget tests: find what is on screen and use it as a trainee would, by
the visible labels.

`root` is a widget, or a view holding one in `.widget` (the simulators, the troubleshooting view).
What a hidden widget (`layout.display == "none"`) holds is not on screen: it is left out unless
`hidden=True`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import ipywidgets as w


def walk(root, *, hidden: bool = False) -> Iterator[w.Widget]:
    """`root` and every widget under it, depth first."""
    widget = root if isinstance(root, w.Widget) else root.widget
    layout = getattr(widget, "layout", None)
    if not hidden and layout is not None and layout.display == "none":
        return
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child, hidden=hidden)


def find(root, kind: type, *, hidden: bool = False, **attributes) -> list:
    """Every widget of type `kind` under `root` whose `attributes` have the values given."""
    return [x for x in walk(root, hidden=hidden)
            if isinstance(x, kind) and all(getattr(x, k) == v for k, v in attributes.items())]


def only(root, kind: type, **attributes) -> w.Widget:
    """The one widget of type `kind` on screen with these `attributes`."""
    found = find(root, kind, **attributes)
    assert len(found) == 1, f"{len(found)} {kind.__name__} {attributes or ''} on screen"
    return found[0]


def labels(root) -> list[str]:
    """The labels of the buttons on screen, in order."""
    return [b.description for b in find(root, w.Button)]


def click(root, label: str) -> None:
    """Click the one button on screen labelled `label`; its accessible name must be that label
    and it must be enabled, as for a trainee reading the screen."""
    button = only(root, w.Button, description=label)
    assert button.tooltip == label, f"« {label} » is named « {button.tooltip} »"
    assert not button.disabled, f"« {label} » is disabled"
    button.click()


def field(root, name: str) -> w.Text:
    """The one text input on screen whose accessible name is `name` (its description, which may
    be a label for screen readers only)."""
    found = [t for t in walk(root) if isinstance(t, w.Text) and accessible_name(t) == name]
    assert len(found) == 1, f"{len(found)} fields « {name} » on screen"
    return found[0]


def fill(root, name: str, value: str) -> None:
    """Type `value` into the field named `name`."""
    field(root, name).value = value


def shown_text(root) -> str:
    """The values of the HTML and Label widgets on screen, one a line (markup kept, character
    references such as `&amp;` read as the characters they stand for)."""
    return html.unescape("\n".join(h.value for h in walk(root)
                                   if isinstance(h, w.HTML | w.Label)))


def accessible_name(widget: w.Widget) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", widget.description))


def code_input(root, name: str):
    """The one code d'ajout input on screen whose group is named `name`."""
    from ecpx.screens.code_input import CodeInput

    found = [c for c in walk(root) if isinstance(c, CodeInput) and c.label == name]
    assert len(found) == 1, f"{len(found)} code inputs « {name} » on screen"
    return found[0]


def choose_scenario(sim, key: str) -> None:
    """Pick a scenario in the list, then start it (« Commencer ce scénario »)."""
    from ecpx.texts.common import SIMULATORS

    sim.scenario.value = key
    click(sim.controls, SIMULATORS["start_scenario"])
