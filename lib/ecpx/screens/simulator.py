"""What the two methods' simulators share: a device's screens, the scenario picker, the
guided/free switch, the click-then-redraw loop, and the guide and problem lines.

The method modules say which screens each device has and what the guide says; this module only
runs them. A click calls one action of the model, then every view redraws from the model's
state (`render`); a scenario (or the restart button) starts a new case (`restart`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import ipywidgets as w

from ecpx.activation.app import AppScreen
from ecpx.activation.flow import WrongScreen
from ecpx.screens.a11y import Announcer
from ecpx.screens.frames import (
    button,
    column,
    html_line,
    message,
    set_active,
    side_by_side,
)
from ecpx.screens.screen import Screen, Stale, Told
from ecpx.texts.common import SIMULATORS

Model = TypeVar("Model")
Act = Callable[..., None]  # act("action_name", *arguments): one model action, then a redraw
Update = Callable[[Any], None]  # redraws a built screen from the model


_ids = itertools.count(1)


class Screens(Generic[Model]):
    """One device's screens: each built (by `_<screen>()`, which returns the screen's widget and
    its update, or None) the first time it is shown, then only updated from the model.

    Building on demand keeps a page light: a chapter page carries the state of every widget it
    has built, and the whole class downloads it at once. A screen's widgets are few and light
    (`frames`), so the click that first shows a screen stays fast.

    Each screen's widget carries a CSS class of its own (`screen_class`), which the simulator
    hands to the announcer to move the focus there; its first heading is its title, which the
    live region says when the screen appears.
    """

    def __init__(self, act: Act, announcer: Announcer) -> None:
        self.act, self.announcer = act, announcer
        self.alert = message("", "error")
        self.body = column()
        self.widget = column(self.alert, self.body)
        self.current = ""  # the screen on show
        self._uid = next(_ids)
        self._built: dict[str, tuple[w.Widget, Update | None]] = {}
        self._titles: dict[str, str] = {}

    def show(self, screen: str, model: Model) -> None:
        widget, update = self._build(screen)
        if update is not None:
            update(model)
        self.current = screen
        if self.body.children != (widget,):
            self.body.children = (widget,)

    @property
    def focus_class(self) -> str:
        """The CSS class of the screen on show (where the focus goes)."""
        return self.screen_class(self.current)

    def screen_class(self, screen: str) -> str:
        return f"ecpx-screen-{self._uid}-{screen}"

    def title(self, model: Model) -> str:
        """The title of the screen on show (what the live region says when it appears)."""
        return self._titles.get(self.current, "")

    def action(self, label: str, name: str, *args, primary: bool = False) -> w.Button:
        """A button whose click runs the model's action `name`."""
        b = button(label, primary=primary)
        b.on_click(lambda _: self.act(name, *args))
        return b

    def _build(self, screen: str) -> tuple[w.Widget, Update | None]:
        if screen not in self._built:
            widget, _ = self._built[screen] = getattr(self, f"_{screen}")()
            widget.add_class(self.screen_class(screen))
            self._titles[screen] = first_heading(widget)
        return self._built[screen]


def first_heading(widget: w.Widget) -> str:
    """The text of the first `frames.heading` inside `widget` ("" when it has none)."""
    if getattr(widget, "heading", None):
        return widget.heading
    for child in getattr(widget, "children", ()):
        found = first_heading(child)
        if found:
            return found
    return ""


class Simulator(Screen, Generic[Model]):
    """The devices side by side, a scenario picker and the guided/free switch.

    A method's simulator builds its views, then calls `restart`; it says how the views show the
    model (`draw`), which device acts next and what the guide says (`next_step`), what a new
    case resets in the views (`reset_views`), which views the live region speaks of (`views`),
    where the focus goes (`focus_view`) and the error of the last action (`error_text`).
    `devices` names the frames that guided mode highlights.

    After every click the announcer says the screens that changed, the guide's line and the
    error if any, and moves the focus to the screen where the trainee acts next.
    """

    name = "simulator"  # in the developers' log
    stale_errors = (Stale, WrongScreen)  # a click for a screen no longer shown

    def __init__(self, new_model: Callable[[str], Model], *, scenarios: Mapping[str, str],
                 guided: bool) -> None:
        """`new_model(scenario)` makes a fresh model; `scenarios` are the picker's labels."""
        super().__init__()
        self.new_model = new_model
        # A scenario starts only on « Commencer ce scénario »: moving through the list with the
        # arrow keys must not restart the simulation at every step.
        self.scenario = w.Dropdown(options=[(label, key) for key, label in scenarios.items()],
                                   description=SIMULATORS["scenario_label"],
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="auto"))
        start = button(SIMULATORS["start_scenario"])
        start.on_click(lambda _: self.restart(self.scenario.value))
        self.mode = w.RadioButtons(options=[(label, key)
                                            for key, label in SIMULATORS["modes"].items()],
                                   value="guided" if guided else "free",
                                   description=SIMULATORS["mode_label"],
                                   layout=w.Layout(width="auto"))
        self.mode.add_class("ecpx-mode")
        restart = button(SIMULATORS["restart"])
        restart.on_click(lambda _: self.restart())
        self.mode.observe(lambda _: self.render(), names="value")
        self.controls = w.HBox([self.scenario, start, self.mode, restart],
                               layout=w.Layout(flex_flow="row wrap", align_items="center"))
        self.guide = message("", "hint")
        self.devices: dict[str, w.Widget] = {}
        self.scenario_key = self.scenario.value
        self._said: dict[str, str] = {}  # the title last announced, per view

    def page(self, css: str, lines: tuple[w.Widget, ...], *frames: w.Widget) -> w.VBox:
        """The simulator's page: its CSS, the announcer, the controls, `lines` then the guide
        and problem lines, and the frames side by side."""
        return super().page(html_line(css), self.controls, *lines, self.guide, self.problem,
                            side_by_side(*frames), css_class="ecpx-simulator")

    # ---- Clicks ----------------------------------------------------------------------------

    def act(self, action, *args, at=None) -> None:
        """Run the model's action named `action` (see `Screen.act`): a click meant for a screen
        that is no longer shown (a double click) changes nothing."""
        if isinstance(action, str):
            name = action
            action = lambda *a: getattr(self.model, name)(*a)  # noqa: E731 (the current model)
        super().act(action, *args, at=at)

    def restart(self, scenario: str | None = None) -> None:
        """A new case of `scenario` (by default the one being played)."""
        with self._lock:
            self.scenario_key = scenario or self.scenario_key
            self.model = self.new_model(self.scenario_key)
            self.reset_views()
            self.problem.value = ""
            self._said = {}
            self.refresh()

    def submit_password(self, code: str) -> None:
        """The password screen's 4 digits: the creation, or else the confirmation."""
        creating = self.model.app == AppScreen.PASSWORD_CREATE
        self.act("create_password" if creating else "confirm_password", code)

    def say_keypad(self, typed: int, length: int) -> None:
        """The keypad's progress, for screen readers (the ○● display is not read well)."""
        self.announcer.say(SIMULATORS["keypad_progress"].format(typed=typed, length=length))

    # ---- Drawing ---------------------------------------------------------------------------

    def render(self) -> None:
        with self._lock:
            self.draw(self.model)
            device, hint = (self.next_step(self.model) if self.mode.value == "guided"
                            else ("", ""))
            for name, frame in self.devices.items():
                set_active(frame, name == device)
            self.guide.value = hint

    def told(self) -> Told:
        """The screens that changed, the guide's line and the error; the focus goes to the
        screen where the trainee acts next (said once the focus is there: a keyboard user who
        presses Tab on hearing the new screen starts from it)."""
        model = self.model
        lines = []
        views = self.views()
        for key, (caption, view) in views.items():
            title = view.title(model)
            if title and title != self._said.get(key):
                lines.append(SIMULATORS["screen_shown"].format(device=caption, title=title))
            self._said[key] = title
        if lines and self.guide.value:
            lines.append(self.guide.value)
        target = views.get(self.focus_view(model)) or next(iter(views.values()))
        return Told(" ".join(lines), self.error_text(model), target[1].focus_class)

    def draw(self, model: Model) -> None:
        """Show the model on every view."""
        raise NotImplementedError

    def next_step(self, model: Model) -> tuple[str, str]:
        """Guided mode: the device (a key of `devices`) to act on next, and the guide's line."""
        raise NotImplementedError

    def views(self) -> dict[str, tuple[str, Any]]:
        """The views the live region speaks of: key -> (caption, view with `title(model)` and
        `focus_class`)."""
        raise NotImplementedError

    def focus_view(self, model: Model) -> str:
        """The key of the view where the trainee acts next."""
        raise NotImplementedError

    def error_text(self, model: Model) -> str:
        """The error the last action showed (catalogue HTML), or ""."""
        return ""

    def reset_views(self) -> None:
        """What a new case clears in the views."""
