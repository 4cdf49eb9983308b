"""The password screen both methods share (seed: « Activation : Définition du mot de passe »).

Usage (method A on the computer, method B on the phone):

    screen = PasswordScreen(on_submit=lambda code: ..., on_restart=model.restart)
    screen.show(confirming=False, error=model.error, warning=model.warning)
    container.children = [screen.widget]

The keypad keeps the digits typed so far (screen state only) and hands the 4 digits to
`on_submit` as soon as the last one is typed: the seed says « Vous serez redirigé automatiquement
dès confirmation ». The model decides whether they are accepted.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ecpx.activation.password import LENGTH
from ecpx.screens.frames import button, column, heading, html_line, light, message, shared
from ecpx.texts import ERROR_MESSAGES, PASSWORD

WARNINGS = {"birth_date": PASSWORD["birth_date_warning"]}


class Keypad:
    """A 1-9/0 keypad and a masked display; calls `on_complete(code)` at the last digit."""

    def __init__(self, on_complete: Callable[[str], None], length: int = LENGTH,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        """`on_progress(typed, length)` hears each key (for the live region)."""
        self.on_complete, self.length, self.on_progress = on_complete, length, on_progress
        self.value = ""
        self.display = html_line()
        self.display.add_class("ecpx-title")
        keys = [button(digit, layout=shared(w.Layout, width="48px"))
                for digit in PASSWORD["keypad"]]
        for key in keys:
            key.on_click(lambda b: self.press(b.description))
        erase = button(PASSWORD["erase"])
        erase.add_class("ecpx-erase")  # the keyboard's Backspace presses it (screens.a11y)
        erase.on_click(lambda _: self.erase())
        # 1 2 3 / 4 5 6 / 7 8 9 / _ 0 _, like a phone's keypad (seed: 1 2 3 4 5 6 7 8 9 0)
        grid = w.GridBox([*keys[:9], light(w.Box), keys[9]],
                         layout=shared(w.Layout, grid_template_columns="repeat(3, 48px)",
                                       grid_gap="4px"))
        grid.add_class("ecpx-keypad")  # the keyboard's digit keys press it (screens.a11y)
        self.widget = column(self.display, grid, erase)
        self._show()

    def press(self, digit: str) -> None:
        if len(self.value) >= self.length:
            return
        self.value += digit
        self._show()
        if len(self.value) < self.length:
            self._progress()
        else:
            code, self.value = self.value, ""
            self._show()
            self.on_complete(code)

    def erase(self) -> None:
        self.value = self.value[:-1]
        self._show()
        self._progress()

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(len(self.value), self.length)

    def clear(self) -> None:
        self.value = ""
        self._show()

    def _show(self) -> None:
        typed = len(self.value)
        self.display.value = " ".join("●" * typed + "○" * (self.length - typed))


class PasswordScreen:
    """Rules, keypad, and the error or warning of the last attempt, as the seed shows them."""

    def __init__(self, on_submit: Callable[[str], None],
                 on_restart: Callable[[], None] | None = None,
                 on_progress: Callable[[int, int], None] | None = None) -> None:
        self.keypad = Keypad(on_submit, on_progress=on_progress)
        self.heading = message("", "title")
        self.error = message("", "error")
        self.warning = message("", "warning")
        rules = "".join(f"<li>{rule}</li>" for rule in PASSWORD["rules"])
        advice = "".join(f"<li>{tip}</li>" for tip in PASSWORD["advice"])
        parts = [
            heading(PASSWORD["title"]),
            message(PASSWORD["intro"], ""),
            message(PASSWORD["confirm_intro"], ""),
            message(PASSWORD["redirect"], "hint"),
            self.heading,
            self.keypad.widget,
            self.error,
            self.warning,
            message(f"{PASSWORD['rules_title']}<ul>{rules}</ul>"
                    f"{PASSWORD['advice_title']}<ul>{advice}</ul>", ""),
        ]
        if on_restart is not None:
            restart = button(PASSWORD["restart"])
            restart.on_click(lambda _: on_restart())
            parts.append(restart)
        self.widget = column(*parts)
        self.widget.add_class("ecpx-password")

    def show(self, *, confirming: bool, error: str = "", warning: str = "") -> None:
        """Show the creation or the confirmation stage, with the model's error/warning codes."""
        self.heading.value = PASSWORD["confirm"] if confirming else PASSWORD["create"]
        self.error.value = ERROR_MESSAGES.get(error, "")
        self.warning.value = WARNINGS.get(warning, "")
