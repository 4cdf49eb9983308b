"""Method A's simulator: the portal on the computer and the e-CPS app on the phone, side by side.

The view holds no activation logic: each click calls one action of the model
(`ecpx.activation.method_a.MethodA`), then every visible screen is redrawn from the model's
state. Each screen's widgets are built once and then only updated, so a click stays fast.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import ipywidgets as w

from ecpx.activation.catalogue import ERROR_MESSAGES
from ecpx.activation.catalogue.method_a import (
    COMPUTER,
    GUIDE,
    GUIDE_SCENARIO,
    MODES,
    NOTICES,
    PHONE,
    PHONE_MESSAGES,
    SCENARIOS,
    SIMULATOR,
    STEPPER,
)
from ecpx.activation.events import Sink, discard
from ecpx.activation.method_a import PSC_TABS, Computer, MethodA, Phone
from ecpx.activation.training_card import VIRTUAL_ONLY, real_or_virtual, training_card
from ecpx.card.emulator import DEFAULT_HOLDER, HOLDERS
from ecpx.screens.frames import (
    button,
    computer_frame,
    message,
    phone_frame,
    set_active,
    side_by_side,
)
from ecpx.screens.password_view import PasswordScreen
from ecpx.screens.qr_image import qr_png

log = logging.getLogger(__name__)

Act = Callable[..., None]  # act("action_name", *arguments): one model action, then a redraw
Update = Callable[[MethodA], None]

CSS = """<style>
.ecpx-sr { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
.ecpx-code-box input { text-align: center; font: bold 18px monospace; text-transform: uppercase; }
.ecpx-big-code { font: bold 30px monospace; letter-spacing: 4px; text-align: center; }
.ecpx-camera { border: 3px dashed #5b6b7f; height: 120px; margin: 8px 0; }
.ecpx-step-on { font-weight: bold; color: #00256e; text-decoration: underline; }
.ecpx-step-off { color: #8896a5; }
.ecpx-tab-on button, button.ecpx-tab-on { border-bottom: 3px solid #00256e; font-weight: bold; }
</style>"""


def stepper(current: int) -> w.HTML:
    """The portal's three-step header, with step `current` (1-3) highlighted."""
    steps = " › ".join(
        f'<span class="ecpx-step-{"on" if n == current else "off"}">{n}. {label}</span>'
        for n, label in enumerate(STEPPER, 1)
    )
    return w.HTML(steps)


def text(value: str, kind: str = "") -> w.HTML:
    return message(value, kind) if kind else w.HTML(value)


class Screens:
    """Screens of one device, built once, then updated from the model when shown."""

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
            if name.isupper() and screen not in self._built:
                self._built[screen] = getattr(self, f"_{screen}")()

    def show(self, screen: str, model: MethodA) -> None:
        widget, update = self._built[screen]
        if update is not None:
            update(model)
        if self.body.children != (widget,):
            self.body.children = (widget,)

    def action(self, label: str, name: str, *args, primary: bool = False) -> w.Button:
        """A button whose click runs the model's action `name`."""
        b = button(label, primary=primary)
        b.on_click(lambda _: self.act(name, *args))
        return b


class ComputerScreens(Screens):
    """The e-CPS portal in the computer's browser."""

    def __init__(self, act: Act, submit_password: Callable[[str], None]) -> None:
        super().__init__(act)
        self.password = PasswordScreen(submit_password, on_restart=lambda: act("restart"))
        self.shown_payload = ""

    def show(self, screen: str, model: MethodA) -> None:
        if model.state in (Computer.PASSWORD, Computer.CONFIRM):
            self.alert.value = ""  # the password screen shows its own error
        else:
            self.alert.value = _alert(model, on_phone=False)
        super().show(screen, model)

    def _portal(self):
        return w.VBox([text(COMPUTER["portal_title"], "title"), text(COMPUTER["portal_intro"]),
                       self.action(COMPUTER["psc_button"], "open_pro_sante_connect",
                                   primary=True)]), None

    def _psc_login(self):
        tabs = {tab: self.action(tab, "select_tab", tab) for tab in PSC_TABS}
        ecps = text(COMPUTER["psc_ecps_text"])
        card = w.VBox([text(COMPUTER["psc_card_text"]),
                       self.action(COMPUTER["psc_card_button"], "connect_with_card",
                                   primary=True)])
        content = w.VBox()

        def update(model: MethodA) -> None:
            for tab, b in tabs.items():
                (b.add_class if tab == model.psc_tab else b.remove_class)("ecpx-tab-on")
            content.children = (card,) if model.psc_tab == PSC_TABS[1] else (ecps,)

        return w.VBox([text(COMPUTER["psc_title"], "title"), w.HBox(list(tabs.values())),
                       content]), update

    def _certificate(self):
        choice = w.RadioButtons(options=[""], description=COMPUTER["certificate_label"],
                                layout=w.Layout(width="auto"))
        validity = text("", "hint")

        def update(model: MethodA) -> None:
            holder = model.holder
            if holder is not None:
                entry = COMPUTER["certificate_entry"].format(
                    name=holder.display_name, profession=holder.profession)
                choice.options, choice.value = [entry], entry
                validity.value = COMPUTER["certificate_details"].format(
                    idnat=holder.idnat, issuer=holder.issuer, not_after=holder.not_after)

        return w.VBox([text(COMPUTER["certificate_title"], "title"),
                       text(COMPUTER["certificate_intro"]), choice, validity,
                       self.action(COMPUTER["certificate_ok"], "select_certificate",
                                   primary=True)]), update

    def _card_code(self):
        pin = w.Password(description=COMPUTER["pin_label"], style={"description_width": "initial"})
        tries = text("", "hint")
        ok = button(COMPUTER["pin_ok"], primary=True)

        def submit(_) -> None:
            typed, pin.value = pin.value, ""
            self.act("enter_card_code", typed)

        ok.on_click(submit)

        def update(model: MethodA) -> None:
            left = model.pin_tries_left
            tries.value = "" if left is None else COMPUTER["pin_tries"].format(tries=left)

        return w.VBox([text(COMPUTER["pin_title"], "title"), pin, ok, tries]), update

    def _card_blocked(self):
        return w.VBox([text(COMPUTER["blocked_title"], "title")]), None

    def _activation_home(self):
        welcome = text("")
        start = self.action(COMPUTER["start_button"], "start_activation", primary=True)
        blocked = w.VBox([text(COMPUTER["blocked_page"], "hint"),
                          self.action(COMPUTER["unblock_button"], "unblock_page")])
        slot = w.VBox()

        def update(model: MethodA) -> None:
            holder = model.holder
            welcome.value = COMPUTER["home_welcome"].format(
                given_name=getattr(holder, "given_name", ""),
                surname=getattr(holder, "surname", ""))
            slot.children = (blocked,) if model.page_blocked else (start,)

        return w.VBox([text(COMPUTER["home_title"], "title"), welcome,
                       text(COMPUTER["home_intro"]), slot]), update

    def _qr(self):
        image = w.Image(format="png", layout=w.Layout(width="180px", height="180px"))
        alt = text("", "hint")
        alt.layout.width = "220px"
        seconds = text("")

        def update(model: MethodA) -> None:
            payload = model.qr_payload
            if payload != self.shown_payload:
                self.shown_payload = payload
                image.value = qr_png(payload)
                # The text alternative sits beside the image: ipywidgets' Image cannot carry an
                # alt, and its tooltip breaks the view (it reads the description Image lacks).
                alt.value = COMPUTER["qr_alt"].format(payload=payload)
            seconds.value = COMPUTER["qr_time_left"].format(seconds=model.qr_seconds_left)

        return w.VBox([text(COMPUTER["pairing_title"], "title"), stepper(1),
                       text(COMPUTER["qr_intro"]), w.HBox([image, alt]), seconds,
                       text(COMPUTER["qr_renewal"], "hint")]), update

    def _pairing(self):
        boxes = CodeBoxes(lambda code: self.act("enter_pairing_code", code))
        return w.VBox([text(COMPUTER["pairing_title"], "title"), stepper(2),
                       text(COMPUTER["code_title"], "title"), text(COMPUTER["code_intro"]),
                       text(COMPUTER["code_redirect"], "hint"), boxes.widget]), None

    def _password(self):
        def update(model: MethodA) -> None:
            self.password.show(confirming=model.state == Computer.CONFIRM, error=model.error,
                               warning=model.warning)

        return w.VBox([stepper(3), self.password.widget]), update

    _confirm = _password

    def _active(self):
        return w.VBox([text(COMPUTER["active_title"], "title"),
                       text(COMPUTER["active_congrats"], "success"),
                       text(COMPUTER["active_text"], "success"),
                       text(COMPUTER["active_password"])]), None


class PhoneScreens(Screens):
    """The e-CPS app on the phone."""

    def __init__(self, act: Act, scan: Callable[[], None]) -> None:
        super().__init__(act)
        self.scan = scan

    def show(self, screen: str, model: MethodA) -> None:
        self.alert.value = _alert(model, on_phone=True)
        super().show(screen, model)

    def _closed(self):
        return w.VBox([text(PHONE["home_title"], "hint"),
                       self.action(PHONE["open_app"], "open_app", primary=True)]), None

    def _welcome(self):
        return w.VBox([text(PHONE["welcome_title"], "title"), text(PHONE["welcome_text"]),
                       self.action(PHONE["start_button"], "start_on_phone", primary=True)]), None

    def _cgu(self):
        return w.VBox([text(PHONE["cgu_title"], "title"), text(PHONE["cgu_text"]),
                       self.action(PHONE["cgu_button"], "accept_cgu", primary=True)]), None

    def _choose(self):
        return w.VBox([text(PHONE["choose_title"], "title"), text(PHONE["choose_note"]),
                       self.action(PHONE["choose_qr"], "choose_qr_activation",
                                   primary=True)]), None

    def _scan(self):
        camera = w.HTML("")
        camera.add_class("ecpx-camera")
        scan = button(PHONE["scan_button"], primary=True)
        scan.on_click(lambda _: self.scan())
        return w.VBox([text(PHONE["scan_title"], "title"), text(PHONE["scan_text"]), camera,
                       scan]), None

    def _code(self):
        code = text("")
        code.add_class("ecpx-big-code")

        def update(model: MethodA) -> None:
            code.value = model.pairing_code

        return w.VBox([text(PHONE["code_intro"]), code,
                       text(PHONE["code_instruction"], "title")]), update

    def _password(self):
        return w.VBox([text(PHONE["password_title"], "title"), stepper(3),
                       text(PHONE["password_intro"]), text(PHONE["password_mask"], "title"),
                       text(PHONE["password_instruction"], "title")]), None

    def _activated(self):
        holder_line = text("")
        uses = "".join(f"<li>{use}</li>" for use in PHONE["ecps_uses"])

        def update(model: MethodA) -> None:
            holder = model.holder
            if holder is not None:
                holder_line.value = PHONE["ecps_holder"].format(
                    given_name=holder.given_name, surname=holder.surname,
                    profession=holder.profession)

        return w.VBox([text(PHONE["ecps_title"], "title"), holder_line,
                       text(COMPUTER["active_password"]),
                       text(f"{PHONE['ecps_can']}<ul>{uses}</ul>")]), update


class CodeBoxes:
    """Six one-character boxes for the code d'ajout; submits once all six are filled.

    Each box has a label for screen readers (« Caractère 1 du code d'ajout »...): like the
    portal's boxes, they show no visible label of their own. A code pasted into one box is
    spread over the following boxes.
    """

    SIZE = 6

    def __init__(self, on_complete: Callable[[str], None]) -> None:
        self.on_complete = on_complete
        self.boxes = [
            w.Text(description=f'<span class="ecpx-sr">{COMPUTER["code_box"].format(n=n)}</span>',
                   description_allow_html=True, layout=w.Layout(width="42px"),
                   style={"description_width": "0px"})
            for n in range(1, self.SIZE + 1)
        ]
        self._filling = False
        for index, box in enumerate(self.boxes):
            box.add_class("ecpx-code-box")
            box.observe(lambda change, i=index: self._typed(i, change["new"]), names="value")
        self.widget = w.HBox(self.boxes)

    @property
    def value(self) -> str:
        return "".join(box.value for box in self.boxes)

    def type(self, code: str) -> None:
        """Type `code` from the first box on (tests and the benchmark use it)."""
        self.boxes[0].value = code

    def _typed(self, index: int, value: str) -> None:
        if self._filling:
            return
        characters = "".join(value.split()).upper()
        self._fill(zip(self.boxes[index:], characters or " ", strict=False))
        code = self.value
        if len(code) == self.SIZE:
            self._fill((box, " ") for box in self.boxes)
            self.on_complete(code)

    def _fill(self, pairs) -> None:
        """Set boxes without reacting to our own changes (a blank clears the box)."""
        self._filling = True
        try:
            for box, character in pairs:
                box.value = character.strip()
        finally:
            self._filling = False


class Simulator:
    """The computer and the phone side by side, a scenario picker and the guided/free switch."""

    def __init__(self, new_model: Callable[[str], MethodA], *, card_line: str = "",
                 guided: bool = True, live: bool = False) -> None:
        """`new_model(scenario)` makes a fresh model; `card_line` tells the trainee which card
        code to use; `live` renews the QR code's countdown every second."""
        self.new_model, self.live = new_model, live
        self._lock = threading.RLock()
        self.scenario = w.Dropdown(options=[(label, key) for key, label in SCENARIOS.items()],
                                   description=SIMULATOR["scenario_label"],
                                   style={"description_width": "initial"},
                                   layout=w.Layout(width="auto"))
        self.mode = w.ToggleButtons(options=[(label, key) for key, label in MODES.items()],
                                    value="guided" if guided else "free",
                                    tooltips=list(MODES.values()))
        restart = button(SIMULATOR["restart"])
        restart.on_click(lambda _: self.restart())
        self.scenario.observe(lambda _: self.restart(), names="value")
        self.mode.observe(lambda _: self.render(), names="value")
        card_line = text(card_line, "hint")
        self.guide = message("", "hint")
        self.problem = message("", "error")
        self.computer = ComputerScreens(self.act, self._submit_password)
        self.computer.build(Computer)
        self.phone = PhoneScreens(self.act, self._scan)
        self.phone.build(Phone)
        self.computer_frame = computer_frame(self.computer.widget)
        self.phone_frame = phone_frame(self.phone.widget)
        self.widget = w.VBox([
            w.HTML(CSS),
            w.HBox([self.scenario, self.mode, restart], layout=w.Layout(flex_flow="row wrap")),
            card_line, self.guide, self.problem,
            side_by_side(self.computer_frame, self.phone_frame),
        ])
        self.model = new_model(self.scenario.value)
        self._ticker: threading.Thread | None = None
        self.render()

    def _repr_mimebundle_(self, **kwargs):
        """Displayed as its widget, so a notebook cell needs one call."""
        return self.widget._repr_mimebundle_(**kwargs)

    # ---- Clicks ----------------------------------------------------------------------------

    def act(self, action: str, *args) -> None:
        """Run one model action, then redraw. A learner never sees a traceback."""
        with self._lock:
            try:
                getattr(self.model, action)(*args)
                self.problem.value = ""
            except Exception:  # shown as a French message, logged for developers
                log.exception("method A simulator: %s%s failed", action, args)
                self.problem.value = SIMULATOR["unexpected"]
            self.render()

    def restart(self) -> None:
        with self._lock:
            self.model = self.new_model(self.scenario.value)
            self.computer.shown_payload = ""
            self.problem.value = ""
            self.render()

    def _submit_password(self, code: str) -> None:
        creating = self.model.state == Computer.PASSWORD
        self.act("create_password" if creating else "confirm_password", code)

    def _scan(self) -> None:
        """The phone's camera reads the QR code drawn on the computer's screen right now."""
        self.act("scan_qr", self.computer.shown_payload or None)

    # ---- Drawing ---------------------------------------------------------------------------

    def render(self) -> None:
        with self._lock:
            model = self.model
            self.computer.show(model.state, model)
            self.phone.show(model.phone, model)
            guided = self.mode.value == "guided"
            device = model.next_device
            set_active(self.computer_frame, guided and device == "computer")
            set_active(self.phone_frame, guided and device == "phone")
            self.guide.value = self._hint(model) if guided else ""
            if self.live and model.state == Computer.QR:
                self._start_ticker()

    def _hint(self, model: MethodA) -> str:
        screen = model.next_screen
        advice = GUIDE_SCENARIO.get((model.scenario, screen))
        return advice or GUIDE.get((model.next_device, screen), "")

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
    if model.card_message:  # the card layer's own explanation (tries left, blocked, removed)
        return model.card_message
    return "" if code in PHONE_MESSAGES else _message(code)


def _message(code: str) -> str:
    return ERROR_MESSAGES.get(code) or NOTICES.get(code, "")


def method_a_simulator(*, sink: Sink = discard, holder: str = DEFAULT_HOLDER,
                       guided: bool = True, live: bool = True, prefer_real: bool = False,
                       **flow) -> Simulator:
    """Chapter 02's simulator on the in-process virtual card of `holder`.

    Each scenario (or « Recommencer la simulation ») starts a new case on a fresh virtual card;
    its events go to `sink` (the shared training journal in the course). `prefer_real` logs in
    with a real CPS card when one is in a reader (except in the scenarios that need the
    virtual card). `flow` goes to the model (clock, rng, platform, os_version).
    """
    def new_model(scenario: str) -> MethodA:
        card = training_card(scenario, holder)
        opener = card.open
        if prefer_real and scenario not in VIRTUAL_ONLY:
            opener = real_or_virtual(card.open)
        return MethodA(opener, scenario=scenario, sink=sink,
                       card_type=card.card.holder.card_type, **flow)

    pin = HOLDERS[holder].pin
    line = SIMULATOR["card_code_or_real" if prefer_real else "card_code_is"].format(pin=pin)
    return Simulator(new_model, card_line=line, guided=guided, live=live)
