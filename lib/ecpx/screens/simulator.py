"""What the two methods' simulators share: a device's screens, the scenario picker, the
guided/free switch, the click-then-redraw loop, and the guide and problem lines.

The method modules say which screens each device has and what the guide says; this module only
runs them. A click calls one action of the model, then every view redraws from the model's
state (`render`); a scenario (or the restart button) starts a new case (`restart`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import ipywidgets as w

from ecpx.screens.frames import View, button, message, set_active, side_by_side

Model = TypeVar("Model")
Act = Callable[..., None]  # act("action_name", *arguments): one model action, then a redraw
Update = Callable[[Any], None]  # redraws a built screen from the model


class Screens(Generic[Model]):
    """One device's screens: each built once (by `_<screen>()`, which returns the screen's widget
    and its update, or None), then only updated from the model when shown."""

    def __init__(self, act: Act) -> None:
        self.act = act
        self.alert = message("", "error")
        self.body = w.VBox()
        self.widget = w.VBox([self.alert, self.body])
        self._built: dict[str, tuple[w.Widget, Update | None]] = {}

    def build(self, screens: type) -> None:
        """Build every screen now (the names are the upper-case attributes of `screens`), so
        that no click pays for creating widgets."""
        for name, screen in vars(screens).items():
            if name.isupper():
                self._build(screen)

    def show(self, screen: str, model: Model) -> None:
        widget, update = self._build(screen)
        if update is not None:
            update(model)
        if self.body.children != (widget,):
            self.body.children = (widget,)

    def action(self, label: str, name: str, *args, primary: bool = False) -> w.Button:
        """A button whose click runs the model's action `name`."""
        b = button(label, primary=primary)
        b.on_click(lambda _: self.act(name, *args))
        return b

    def _build(self, screen: str) -> tuple[w.Widget, Update | None]:
        if screen not in self._built:
            self._built[screen] = getattr(self, f"_{screen}")()
        return self._built[screen]


class Simulator(View, Generic[Model]):
    """The devices side by side, a scenario picker and the guided/free switch.

    A method's simulator builds its views, then calls `restart`; it says how the views show the
    model (`draw`), which device acts next and what the guide says (`next_step`), and what a
    new case resets in the views (`reset_views`). `devices` names the frames that guided mode
    highlights.
    """

    name = "simulator"  # in the developers' log
    password_create_state = ""  # the model's state while the password is being created

    def __init__(self, new_model: Callable[[str], Model], *, scenarios: Mapping[str, str],
                 modes: Mapping[str, str], scenario_label: str, restart_label: str,
                 unexpected: str, guided: bool) -> None:
        """`new_model(scenario)` makes a fresh model; the texts come from the method's
        catalogue (`unexpected` is shown when an action fails unexpectedly)."""
        self.new_model, self.unexpected = new_model, unexpected
        self.log = logging.getLogger(type(self).__module__)
        self._lock = threading.RLock()
        self.scenario = w.Dropdown(options=[(label, key) for key, label in scenarios.items()],
                                   description=scenario_label,
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="auto"))
        self.mode = w.ToggleButtons(options=[(label, key) for key, label in modes.items()],
                                    value="guided" if guided else "free",
                                    tooltips=list(modes.values()))
        restart = button(restart_label)
        restart.on_click(lambda _: self.restart())
        self.scenario.observe(lambda _: self.restart(), names="value")
        self.mode.observe(lambda _: self.render(), names="value")
        self.controls = w.HBox([self.scenario, self.mode, restart],
                               layout=w.Layout(flex_flow="row wrap"))
        self.guide = message("", "hint")
        self.problem = message("", "error")
        self.devices: dict[str, w.Widget] = {}

    def page(self, css: str, lines: tuple[w.Widget, ...], *frames: w.Widget) -> w.VBox:
        """The simulator's page: its CSS, the controls, `lines` then the guide and problem
        lines, and the frames side by side."""
        return w.VBox([w.HTML(css), self.controls, *lines, self.guide, self.problem,
                       side_by_side(*frames)])

    # ---- Clicks ----------------------------------------------------------------------------

    def act(self, action: str, *args) -> None:
        """Run one model action, then redraw. A learner never sees a traceback."""
        with self._lock:
            try:
                getattr(self.model, action)(*args)
                self.problem.value = ""
            except Exception:  # shown as a French message, logged for developers
                self.log.exception("%s: %s%s failed", self.name, action, args)
                self.problem.value = self.unexpected
            self.render()

    def restart(self) -> None:
        """A new case of the scenario picked."""
        with self._lock:
            self.model = self.new_model(self.scenario.value)
            self.reset_views()
            self.problem.value = ""
            self.render()

    def submit_password(self, code: str) -> None:
        """The password screen's 4 digits: the creation, or else the confirmation."""
        creating = self.model.state == self.password_create_state
        self.act("create_password" if creating else "confirm_password", code)

    # ---- Drawing ---------------------------------------------------------------------------

    def render(self) -> None:
        with self._lock:
            self.draw(self.model)
            device, hint = (self.next_step(self.model) if self.mode.value == "guided"
                            else ("", ""))
            for name, frame in self.devices.items():
                set_active(frame, name == device)
            self.guide.value = hint

    def draw(self, model: Model) -> None:
        """Show the model on every view."""
        raise NotImplementedError

    def next_step(self, model: Model) -> tuple[str, str]:
        """Guided mode: the device (a key of `devices`) to act on next, and the guide's line."""
        raise NotImplementedError

    def reset_views(self) -> None:
        """What a new case clears in the views."""
