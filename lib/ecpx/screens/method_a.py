"""Method A's simulator: the portal on the computer and the e-CPS app on the phone, side by side.

The view holds no activation logic: each click calls one action of the model
(`ecpx.activation.method_a.MethodA`), then every visible screen is redrawn from the model's
state. Each screen's widgets are built the first time it shows, then only updated. The app's
common screens are `screens.app_view`'s; this module draws the portal and the app's pairing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import cached_property

import ipywidgets as w

from ecpx.activation.app import PASSWORD_SCREENS, AppScreen
from ecpx.activation.events import Sink, discard
from ecpx.activation.method_a import PSC_TABS, Computer, MethodA
from ecpx.activation.training_card import training_card
from ecpx.card.emulator import DEFAULT_HOLDER, HOLDERS
from ecpx.screens.a11y import Announcer
from ecpx.screens.app_view import AppScreens
from ecpx.screens.code_input import CodeInput
from ecpx.screens.frames import (
    button,
    column,
    computer_frame,
    heading,
    html_line,
    light,
    phone_frame,
    qr_image,
    set_selected,
    shared,
    text,
)
from ecpx.screens.password_view import PasswordScreen
from ecpx.screens.qr_image import qr_png
from ecpx.screens.simulator import Act, Screens
from ecpx.screens.simulator import Simulator as BaseSimulator
from ecpx.texts import ERROR_MESSAGES, PASSWORD
from ecpx.texts.card import card_error_text
from ecpx.texts.course import DEVICES
from ecpx.texts.method_a import (
    COMPUTER,
    GUIDE,
    GUIDE_SCENARIO,
    NOTICES,
    PHONE,
    PHONE_MESSAGES,
    SCENARIOS,
    SIMULATOR,
    STEPPER,
)
from ecpx.training.sink import with_scenario

log = logging.getLogger(__name__)

CSS = """<style>
.ecpx-big-code { font: bold 30px monospace; letter-spacing: 4px; text-align: center; }
.ecpx-camera { border: 3px dashed #5b6b7f; height: 120px; margin: 8px 0; }
.ecpx-step-on { font-weight: bold; color: #00256e; text-decoration: underline; }
.ecpx-step-off { color: #4a5866; }
</style>"""


def stepper(current: int) -> w.HTML:
    """The portal's three-step header, with step `current` (1-3) highlighted."""
    steps = " › ".join(
        f'<span class="ecpx-step-{"on" if n == current else "off"}">{n}. {label}</span>'
        for n, label in enumerate(STEPPER, 1)
    )
    return html_line(steps)


class ComputerScreens(Screens[MethodA]):
    """The e-CPS portal in the computer's browser."""

    def __init__(self, act: Act, announcer: Announcer, submit_password: Callable[[str], None],
                 on_keypad: Callable[[int, int], None] | None = None) -> None:
        super().__init__(act, announcer)
        self._password_screen = (submit_password, on_keypad)
        self.shown_payload = ""

    @cached_property
    def password(self) -> PasswordScreen:
        """The password screen (creation, then confirmation), built when first shown."""
        submit, on_keypad = self._password_screen
        return PasswordScreen(submit, on_restart=lambda: self.act("restart"),
                              on_progress=on_keypad)

    def show(self, screen: str, model: MethodA) -> None:
        if model.state in (Computer.PASSWORD, Computer.CONFIRM):
            self.alert.value = ""  # the password screen shows its own error
        else:
            self.alert.value = _alert(model, on_phone=False)
        super().show(screen, model)

    def title(self, model: MethodA) -> str:
        """The password screen says which stage it is at (creation, then confirmation)."""
        if self.current in (Computer.PASSWORD, Computer.CONFIRM):
            return PASSWORD["confirm" if self.current == Computer.CONFIRM else "create"]
        return super().title(model)

    def _portal(self):
        return column(heading(COMPUTER["portal_title"]), text(COMPUTER["portal_intro"]),
                      self.action(COMPUTER["psc_button"], "open_pro_sante_connect",
                                  primary=True)), None

    def _psc_login(self):
        tabs = {tab: self.action(tab, "select_tab", tab) for tab in PSC_TABS}
        ecps = text(COMPUTER["psc_ecps_text"])
        card = column(text(COMPUTER["psc_card_text"]),
                      self.action(COMPUTER["psc_card_button"], "connect_with_card",
                                  primary=True))
        content = column()

        def update(model: MethodA) -> None:
            for tab, b in tabs.items():
                set_selected(b, tab == model.psc_tab)
            content.children = (card,) if model.psc_tab == PSC_TABS[1] else (ecps,)

        return column(heading(COMPUTER["psc_title"]), light(w.HBox, list(tabs.values())),
                      content), update

    def _certificate(self):
        choice = w.RadioButtons(options=[""], description=COMPUTER["certificate_label"],
                                layout=shared(w.Layout, width="auto"))
        validity = text("", "hint")

        def update(model: MethodA) -> None:
            holder = model.holder
            if holder is not None:
                entry = COMPUTER["certificate_entry"].format(
                    name=holder.display_name, profession=holder.profession)
                choice.options, choice.value = [entry], entry
                validity.value = COMPUTER["certificate_details"].format(
                    idnat=holder.idnat, issuer=holder.issuer, not_after=holder.not_after)

        return column(heading(COMPUTER["certificate_title"]),
                      text(COMPUTER["certificate_intro"]), choice, validity,
                      self.action(COMPUTER["certificate_ok"], "select_certificate",
                                  primary=True)), update

    def _card_code(self):
        pin = w.Password(description=COMPUTER["pin_label"], style={"description_width": "initial"},
                         tooltip=COMPUTER["pin_label"])
        tries = text("", "hint")

        def submit(typed: str) -> None:
            pin.value = ""
            self.act("enter_card_code", typed)

        form = self.announcer.form(pin, button(COMPUTER["pin_ok"], primary=True), submit)

        def update(model: MethodA) -> None:
            left = model.pin_tries_left
            tries.value = ("" if left is None else COMPUTER["pin_last_try"] if left == 1
                           else COMPUTER["pin_tries"].format(tries=left))

        return column(heading(COMPUTER["pin_title"]), form, tries), update

    def _card_blocked(self):
        return column(heading(COMPUTER["blocked_title"])), None

    def _activation_home(self):
        welcome = text("")
        start = self.action(COMPUTER["start_button"], "start_activation", primary=True)
        blocked = column(text(COMPUTER["blocked_page"], "hint"),
                         self.action(COMPUTER["unblock_button"], "unblock_page"))
        slot = column()

        def update(model: MethodA) -> None:
            holder = model.holder
            welcome.value = COMPUTER["home_welcome"].format(
                given_name=getattr(holder, "given_name", ""),
                surname=getattr(holder, "surname", ""))
            slot.children = (blocked,) if model.page_blocked else (start,)

        return column(heading(COMPUTER["home_title"]), welcome,
                      text(COMPUTER["home_intro"]), slot), update

    def _qr(self):
        image = html_line()
        seconds = text("")

        def update(model: MethodA) -> None:
            payload = model.qr_payload
            if payload != self.shown_payload:
                self.shown_payload = payload
                image.value = qr_image(qr_png(payload), COMPUTER["qr_alt"], 180)
            seconds.value = COMPUTER["qr_time_left"].format(seconds=model.qr_seconds_left)

        return column(heading(COMPUTER["pairing_title"]), stepper(1),
                      text(COMPUTER["qr_intro"]), image, seconds,
                      text(COMPUTER["qr_renewal"], "hint")), update

    def _pairing(self):
        boxes = CodeInput(lambda code: self.act("enter_pairing_code", code),
                          label=COMPUTER["code_title"], box_label=COMPUTER["code_box"])
        self.code_input = boxes
        return column(heading(COMPUTER["pairing_title"]), stepper(2),
                      text(COMPUTER["code_title"], "title"), text(COMPUTER["code_intro"]),
                      text(COMPUTER["code_redirect"], "hint"), boxes), None

    def _password(self):
        def update(model: MethodA) -> None:
            self.password.show(confirming=model.state == Computer.CONFIRM, error=model.error,
                               warning=model.warning)

        return column(stepper(3), self.password.widget), update

    _confirm = _password

    def _active(self):
        return column(heading(COMPUTER["active_title"]),
                      text(COMPUTER["active_congrats"], "success"),
                      text(COMPUTER["active_text"], "success"),
                      text(COMPUTER["active_password"])), None


class PhoneScreens(AppScreens):
    """The e-CPS app on the phone: its common screens, then the pairing with the portal."""

    choice = (PHONE["choose_note"], PHONE["choose_qr"])

    def __init__(self, act: Act, announcer: Announcer, scan: Callable[[], None]) -> None:
        super().__init__(act, announcer)
        self.scan = scan

    def show(self, screen: str, model: MethodA) -> None:
        self.alert.value = _alert(model, on_phone=True)
        if screen in PASSWORD_SCREENS:  # one screen while the computer creates, then confirms
            screen = AppScreen.PASSWORD_CREATE
        super().show(screen, model)

    def _scan(self):
        camera = html_line("")
        camera.add_class("ecpx-camera")
        scan = button(PHONE["scan_button"], primary=True)
        scan.on_click(lambda _: self.scan())
        return column(heading(PHONE["scan_title"]), text(PHONE["scan_text"]), camera,
                      scan), None

    def _pairing_code(self):
        code = text("")
        code.add_class("ecpx-big-code")

        def update(model: MethodA) -> None:
            code.value = model.pairing_code

        return column(heading(PHONE["code_instruction"]), code,
                      text(PHONE["code_intro"])), update

    def _password_create(self):
        """The app waits while the password is created on the computer."""
        return column(heading(PHONE["password_title"]), stepper(3),
                      text(PHONE["password_intro"]), text(PHONE["password_mask"], "title"),
                      text(PHONE["password_instruction"], "title")), None


class Simulator(BaseSimulator[MethodA]):
    """The computer and the phone side by side, a scenario picker and the guided/free switch."""

    name = "method A simulator"

    def __init__(self, new_model: Callable[[str], MethodA], *, card_line: str = "",
                 guided: bool = True, live: bool = False) -> None:
        """`new_model(scenario)` makes a fresh model; `card_line` tells the trainee which card
        code to use; `live` renews the QR code's countdown every second."""
        super().__init__(new_model, scenarios=SCENARIOS, guided=guided)
        self.live = live
        self.computer = ComputerScreens(self.act, self.announcer, self.submit_password,
                                        self.say_keypad)
        self.phone = PhoneScreens(self.act, self.announcer, self._scan)
        self.computer_frame = computer_frame(self.computer.widget)
        self.phone_frame = phone_frame(self.phone.widget)
        self.devices = {"computer": self.computer_frame, "phone": self.phone_frame}
        self.widget = self.page(CSS, (text(card_line, "hint"),),
                                self.computer_frame, self.phone_frame)
        self._ticker: threading.Thread | None = None
        self.restart()

    def _scan(self) -> None:
        """The phone's camera reads the QR code drawn on the computer's screen right now."""
        self.act("scan_qr", self.computer.shown_payload or None)

    def reset_views(self) -> None:
        self.computer.shown_payload = ""

    # ---- Drawing ---------------------------------------------------------------------------

    def render(self) -> None:
        with self._lock:
            super().render()
            if self.live and self.model.state == Computer.QR:
                self._start_ticker()

    def draw(self, model: MethodA) -> None:
        self.computer.show(model.state, model)
        self.phone.show(model.app, model)

    def next_step(self, model: MethodA) -> tuple[str, str]:
        screen = model.next_screen
        if screen == Computer.CARD_CODE and model.pin_tries_left == 1:
            screen = "card_code_last_try"  # the course refuses to spend the card's last try
        advice = GUIDE_SCENARIO.get((model.scenario, screen))
        return model.next_device, advice or GUIDE.get((model.next_device, screen), "")

    def views(self):
        return {"computer": (DEVICES["computer"], self.computer),
                "phone": (DEVICES["phone"], self.phone)}

    def focus_view(self, model: MethodA) -> str:
        return model.next_device

    def error_text(self, model: MethodA) -> str:
        if model.state in (Computer.PASSWORD, Computer.CONFIRM):
            return ERROR_MESSAGES.get(model.error, "")
        return _alert(model, on_phone=False) or _alert(model, on_phone=True)

    def tick(self) -> None:
        """Redraw the QR code's countdown (and the new QR code once the old one expired)."""
        with self._lock:
            if self.model.state == Computer.QR:
                self.computer.show(self.model.state, self.model)

    def _start_ticker(self) -> None:
        if self._ticker is not None and self._ticker.is_alive():
            return
        self._ticker = threading.Thread(target=self._tick_while_qr, daemon=True)
        self._ticker.start()

    def _tick_while_qr(self) -> None:
        """Runs in a background thread while the QR code is on screen (the kernel stays free
        for clicks; widget updates from a thread reach the page like any other)."""
        while True:
            time.sleep(1.0)
            if self.model.state != Computer.QR:
                return
            try:
                self.tick()
            except Exception:  # a background redraw must never break the page
                log.exception("method A simulator: countdown failed")
                return


def _alert(model: MethodA, *, on_phone: bool) -> str:
    """The message of the last action, on the device where the real screen shows it."""
    code = model.error or model.notice
    if on_phone:
        return _message(code) if code in PHONE_MESSAGES else ""
    if model.card_error is not None:  # the card layer's facts (tries left, blocked, removed)
        return card_error_text(model.card_error)
    return "" if code in PHONE_MESSAGES else _message(code)


def _message(code: str) -> str:
    return ERROR_MESSAGES.get(code) or NOTICES.get(code, "")


def method_a_simulator(*, sink: Sink = discard, holder: str = DEFAULT_HOLDER,
                       guided: bool = True, live: bool = True, prefer_real: bool = False,
                       **flow) -> Simulator:
    """Chapter 02's simulator on the in-process virtual card of `holder`.

    Each scenario (« Commencer ce scénario », or « Recommencer la simulation ») starts a new
    case on a fresh virtual card; its events go to `sink` (the shared training journal in the
    course). `prefer_real` (the trainee's explicit choice) logs in with a real CPS card through
    `ecpx.card.open_card`: never in classroom mode, nor in the scenarios that need the virtual
    card. `flow` goes to the model (clock, rng, platform, os_version).
    """
    def new_model(scenario: str) -> MethodA:
        card = training_card(scenario, holder)
        return MethodA(card.opener(real=prefer_real), scenario=scenario,
                       sink=with_scenario(sink, scenario),
                       card_type=card.card.holder.card_type, **flow)

    pin = HOLDERS[holder].pin
    line = SIMULATOR["card_code_or_real" if prefer_real else "card_code_is"].format(pin=pin)
    return Simulator(new_model, card_line=line, guided=guided, live=live)
