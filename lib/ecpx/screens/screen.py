"""The one mechanism every interactive screen of the course is built on.

A screen has a view-model (a plain object: a state machine of the domain, a quiz's answers, the
card practice, the dashboard's explorer), views that redraw from it, and one action path. A
click, Enter in a field or a change of choice calls `act`, which

1. ignores an action meant for a state that is no longer shown (a double click, a button of a
   question already answered): the control was drawn for another `state()`, or the model
   raised `Stale`;
2. runs the action on the model; an unexpected error becomes a French message, never a
   traceback (and is logged for developers);
3. redraws the views (`render`), then
4. tells the announcer what to say — a status for results, an alert for errors — and where the
   focus goes next (`told`): one message, so a keyboard user who hears the result and presses
   Tab starts from the right place.

The simulators (`screens.simulator`) are screens too; so are the quizzes, the compatibility
checker, the glossary, the troubleshooting assistant, the card screens and the dashboard. A new
screen subclasses `Screen`, builds its widgets inside `page(...)`, and implements `render` and
`told`.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import ipywidgets as w

from ecpx.screens.a11y import Announcer
from ecpx.screens.frames import View, column, message
from ecpx.texts.common import SIMULATORS

ROOT_CLASS = "ecpx-screen-root"  # where the announcer gives roles and handles the keyboard


class Stale(Exception):
    """The action is for a state no longer shown: ignored, not an error."""


@dataclass(frozen=True)
class Told:
    """What one action says and where the focus goes after it."""

    polite: str = ""  # a result, read when the reader is idle (role=status)
    urgent: str = ""  # an error, read at once (role=alert)
    focus: str = ""  # the CSS class of the widget whose first control gets the focus ("" stays)


_ids = itertools.count(1)


class Screen(View):
    """An interactive screen: `act` is its one action path (see the module's docstring)."""

    name = "screen"  # in the developers' log
    stale_errors: tuple[type[Exception], ...] = (Stale,)  # what a model raises for a stale action

    def __init__(self) -> None:
        self.log = logging.getLogger(type(self).__module__)
        self._lock = threading.RLock()
        self.announcer = Announcer()
        self.problem = message("", "error")  # an unexpected failure, in French
        self.uid = next(_ids)

    def page(self, *children: w.Widget, css_class: str = "") -> w.VBox:
        """The screen's root widget: the announcer, the children, the problem line."""
        if self.problem not in children:
            children = (*children, self.problem)
        root = column(self.announcer, *children)
        root.add_class(ROOT_CLASS)
        if css_class:
            root.add_class(css_class)
        self.widget = root
        return root

    def focus_class(self, part: str) -> str:
        """A CSS class naming one part of this screen (give it to a widget, then to `Told`)."""
        return f"ecpx-focus-{self.uid}-{part}"

    def mark(self, widget: w.Widget, part: str) -> w.Widget:
        """Give `widget` the focus class of `part`, so that `Told(focus=...)` can reach it."""
        widget.add_class(self.focus_class(part))
        return widget

    # ---- the action path ---------------------------------------------------------------

    def act(self, action: Callable[..., object], *args, at: Hashable = None) -> None:
        """Run one learner action, then redraw and announce. `at` is the `state()` the control
        was drawn for: when the screen has moved on since, the action is ignored."""
        with self._lock:
            if at is not None and at != self.state():
                self.log.debug("%s: stale action ignored", self.name)
                return
            try:
                action(*args)
                self.problem.value = ""
            except self.stale_errors as stale:
                self.log.debug("%s: stale action ignored (%s)", self.name, stale)
                return
            except Exception:  # shown as a French message, logged for developers
                self.log.exception("%s: %r%r failed", self.name, action, args)
                self.problem.value = SIMULATORS["unexpected"]
            self.refresh()

    def refresh(self) -> None:
        """Redraw, then say what the last action told and move the focus (one message)."""
        with self._lock:
            self.render()
            told = self.told()
            urgent = self.problem.value or told.urgent
            if told.focus:
                self.announcer.focus_on(told.focus, told.polite, urgent)
            else:
                self.announcer.say(told.polite, urgent)

    def on(self, control: w.Widget, action: Callable[..., object], *args,
           at: Hashable = None) -> w.Widget:
        """Wire a button's click to `act(action, *args, at=at)`; returns the button."""
        control.on_click(lambda _: self.act(action, *args, at=at))
        return control

    def state(self) -> Hashable:
        """What the controls on show were drawn for (by default: nothing is ever stale)."""
        return None

    def render(self) -> None:
        """Redraw every view from the model."""
        raise NotImplementedError

    def told(self) -> Told:
        """What the last action says, and where the focus goes."""
        return Told()
