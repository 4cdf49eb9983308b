"""Method B's simulator: the e-CPS app, the mailbox and the SMS inbox side by side.

The view holds no activation logic: each click calls one action of the model
(`ecpx.activation.method_b.MethodB`), then the three views are redrawn from the model's state.
Each screen's widgets are built the first time it shows, then only updated. The app's common
screens are `screens.app_view`'s; this module draws the app's pairing and password, the mailbox
and the SMS.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property

import ipywidgets as w

from ecpx.activation.app import PASSWORD_SCREENS, AppScreen
from ecpx.activation.directory import Directory, fictitious_directory
from ecpx.activation.events import Sink, discard
from ecpx.activation.method_b import SCENARIOS as SETTINGS
from ecpx.activation.method_b import MethodB, masked_email, masked_mobile
from ecpx.screens.a11y import Announcer
from ecpx.screens.app_view import AppScreens
from ecpx.screens.frames import (
    button,
    column,
    device_frame,
    escape,
    heading,
    html_line,
    labelled_input,
    light,
    message,
    new_tab_link,
    qr_image,
    set_selected,
    text,
)
from ecpx.screens.password_view import PasswordScreen
from ecpx.screens.qr_image import qr_png
from ecpx.screens.simulator import Act
from ecpx.screens.simulator import Simulator as BaseSimulator
from ecpx.texts import ERROR_MESSAGES, PASSWORD
from ecpx.texts.method_b import (
    DIRECTORY_COLUMNS,
    DIRECTORY_UP_TO_DATE,
    GUIDE,
    IDENTIFIER_HINTS,
    MAIL,
    NOTICES,
    PANELS,
    PHONE,
    SCENARIOS,
    SIMULATOR,
    SMS,
)
from ecpx.training.sink import with_scenario

WEBMAIL_URL = "https://messagerie.example.test"  # the simulated webmail on the computer

CSS = """<style>
.ecpx-camera { border: 3px dashed #5b6b7f; height: 110px; margin: 8px 0; }
.ecpx-bubble { background: #e8ecf1; border-radius: 12px; padding: 6px 10px; margin: 4px 0; }
.ecpx-mail { border-top: 1px solid #c5ccd6; padding-top: 6px; }
.ecpx-bubble-current { border-left: 4px solid #1e7b34; }
.ecpx-bubble-expired { color: #4a5866; }
</style>"""


def with_links(trusted: str) -> str:
    """Catalogue text with its web addresses made clickable (opening in a new tab)."""
    return re.sub(r"https://[^\s<»]+", lambda m: new_tab_link(m[0], m[0]), trusted)


def text_field(label: str) -> w.Text:
    """A text input whose accessible name is `label`, shown as its placeholder (as in the app)."""
    return labelled_input(label, placeholder=label, layout=w.Layout(width="240px"))


def panel(caption: str, bar: str, body: w.Widget, device: str = "phone") -> w.VBox:
    """A captioned phone (or computer) frame around `body`, with a caption of its own."""
    return device_frame(device, escape(caption), escape(bar), body)


class PhoneScreens(AppScreens):
    """The e-CPS app: its common screens, then the request, the e-mail's QR code, the SMS code
    and the password, in the seed's order (each built on first display)."""

    choice = (PHONE["choose_text"], PHONE["send_request"])

    def __init__(self, act: Act, announcer: Announcer, submit_password: Callable[[str], None],
                 on_keypad: Callable[[int, int], None] | None = None) -> None:
        super().__init__(act, announcer)
        self._password_screen = (submit_password, on_keypad)

    @cached_property
    def password(self) -> PasswordScreen:
        """The password screen (creation, then confirmation), built when first shown."""
        submit, on_keypad = self._password_screen
        return PasswordScreen(submit, on_progress=on_keypad)

    def title(self, model: MethodB) -> str:
        """The password screen says which stage it is at (creation, then confirmation)."""
        if self.current in PASSWORD_SCREENS:
            return PASSWORD["confirm" if self.current == AppScreen.PASSWORD_CONFIRM
                            else "create"]
        return super().title(model)

    def show(self, screen: str, model: MethodB) -> None:
        self.alert.value = "" if screen in PASSWORD_SCREENS else _phone_alert(model)
        super().show(screen, model)

    def _kind(self):
        return column(heading(PHONE["kind_title"]),
                      self.action(PHONE["have_rpps"], "choose_rpps", primary=True),
                      self.action(PHONE["back"], "back")), None

    def _form(self):
        field = text_field(PHONE["identifier_field"])
        submit = self.announcer.form(field, button(PHONE["submit"], primary=True),
                                     lambda value: self.act("submit_identifier", value))
        where = "".join(f"<li>{escape(item)}</li>" for item in PHONE["where"])
        return column(
            heading(PHONE["form_title"]), text(PHONE["form_text"]), submit,
            self.action(PHONE["back"], "back"),
            text(f"{PHONE['where_title']}<ul>{where}</ul>", "hint"),
        ), None

    def _sent(self):
        sent = text("")

        def update(model: MethodB) -> None:
            address = masked_email(model.holder.email) if model.holder else ""
            sent.value = PHONE["sent_text"].format(email=escape(address))

        return column(
            heading(PHONE["sent_title"]), sent, text(PHONE["sent_on_phone"]),
            text(PHONE["spam_hint"], "hint"), text(PHONE["sent_on_computer"], "hint"),
            self.action(PHONE["commence"], "commence"),
            self.action(PHONE["email_missing"], "report_email_missing"),
        ), update

    def _scan(self):
        camera = html_line("")
        camera.add_class("ecpx-camera")
        scan = button(PHONE["scan"], primary=True)
        seen = {"payload": ""}  # what the camera would see: the QR code shown on the computer
        scan.on_click(lambda _: self.act("scan_qr", seen["payload"]))

        def update(model: MethodB) -> None:
            seen["payload"] = model.qr_in_view

        return column(heading(PHONE["scan_title"]), text(PHONE["scan_text"]), camera, scan,
                      self.action(PHONE["back"], "back")), update

    def _sms(self):
        to = text("")

        def update(model: MethodB) -> None:
            mobile = masked_mobile(model.holder.mobile) if model.holder else ""
            to.value = PHONE["sms_to"].format(mobile=mobile)

        return column(heading(PHONE["sms_title"]), text(PHONE["sms_text"]),
                      to, self.action(PHONE["by_sms"], "request_sms", primary=True)), update

    def _code(self):
        field = text_field(PHONE["code_field"])
        submit = self.announcer.form(field, button(PHONE["validate_code"], primary=True),
                                     lambda value: self.act("enter_sms_code", value))

        def update(model: MethodB) -> None:
            if model.code_field == "" and field.value:
                field.value = ""  # a new SMS was asked for: the old code is gone

        return column(heading(PHONE["code_title"]), text(PHONE["code_manual"], "hint"),
                      submit, self.action(PHONE["resend_sms"], "resend_sms")), update

    def _password_create(self):
        picked_up = text(PHONE["code_auto"], "success", layout=w.Layout())  # shown or hidden

        def update(model: MethodB) -> None:
            self.password.show(confirming=model.app == AppScreen.PASSWORD_CONFIRM,
                               error=model.error, warning=model.warning)
            automatic = (model.scenario.sms_auto_pickup
                         and model.app == AppScreen.PASSWORD_CREATE)
            picked_up.layout.display = "" if automatic else "none"

        return column(picked_up, text(PHONE["password_text"], "title"),
                      self.password.widget), update

    _password_confirm = _password_create


class MailboxView:
    """A simple mailbox: two folders, the message list, and the open message with its QR code."""

    def __init__(self, act: Act) -> None:
        self.act = act
        self.folders = {key: button(MAIL[key]) for key in ("inbox", "spam")}
        self.focus_class = f"ecpx-mailbox-{id(self)}"
        for key, b in self.folders.items():
            b.on_click(lambda _, k=key: act("open_folder", k))
        self.listing = column()
        self.notice = message("", "warning")
        self.qr = html_line()
        self.greeting = text("")
        self.spam_warning = text(MAIL["spam_warning"], "warning", layout=w.Layout())
        self.mail = column(
            self.spam_warning, text(f"<b>{escape(MAIL['subject'])}</b><br>"
                                   f"{escape(MAIL['sender'])}"),
            self.greeting, self.qr, self._start_button(), self.notice,
        )
        self.mail.add_class("ecpx-mail")
        self.open_button = button(MAIL["subject"])
        self.open_button.on_click(lambda _: act("open_email"))
        self.empty = text(MAIL["empty"], "hint")
        self.heading = heading(MAIL["title"])
        self.widget = column(self.heading, light(w.HBox, list(self.folders.values())),
                             self.listing)
        self.widget.add_class(self.focus_class)
        self._payload = ""

    def title(self, model: MethodB) -> str:
        """What the live region says of the mailbox: the folder, or the e-mail, on show."""
        box = model.mailbox
        return MAIL["subject"] if box.opened is not None else MAIL[box.folder]

    def _start_button(self) -> w.Button:
        start = button(MAIL["start"], primary=True)
        start.on_click(lambda _: self.act("start_from_email"))
        return start

    def show(self, model: MethodB) -> None:
        box = model.mailbox
        for key, b in self.folders.items():
            set_selected(b, key == box.folder)
        self.notice.value = NOTICES.get(model.notice, "") if model.notice != "no_qr" else ""
        opened = box.opened
        for b in self.folders.values():
            b.add_class("ecpx-toggle")
        if opened is None:
            self.listing.children = (self.open_button,) if box.shown() else (self.empty,)
            return
        if opened.qr_payload != self._payload:
            self._payload = opened.qr_payload
            self.qr.value = qr_image(qr_png(opened.qr_payload, box_size=4), MAIL["qr_alt"], 150)
        self.greeting.value = escape(MAIL["body"].format(name=opened.name)).replace(
            "\n", "<br>")
        self.spam_warning.layout.display = "" if opened.folder == "spam" else "none"
        self.listing.children = (self.mail,)


class SmsView:
    """The phone's messages: one bubble per SMS, the newest first, each with its time; the
    code to use now is marked, the older ones are shown expired (struck through)."""

    def __init__(self) -> None:
        self.heading = heading(SMS["title"])
        self.list = column(text(SMS["empty"], "hint"))
        self.widget = column(self.heading, self.list)
        self.focus_class = f"ecpx-sms-{id(self)}"
        self.widget.add_class(self.focus_class)
        self._shown: tuple = ()

    def title(self, model: MethodB) -> str:
        """The newest SMS, so that a screen reader hears the code when it arrives."""
        if not model.sms_inbox:
            return SMS["title"]
        newest = model.sms_inbox[-1]
        return SMS["spoken"].format(received=SMS["received"].format(at=newest.sent_at),
                                    text=SMS["text"].format(code=newest.code))

    def show(self, model: MethodB) -> None:
        state = (len(model.sms_inbox), model.code_expired)
        if state == self._shown:
            return
        self._shown = state
        bubbles = []
        last = len(model.sms_inbox) - 1
        for index, sms in reversed(list(enumerate(model.sms_inbox))):
            current = index == last and not model.code_expired
            status = SMS["current"] if current else SMS["expired"]
            body = escape(SMS["text"].format(code=sms.code))
            if not current:
                body = f"<s>{body}</s>"
            bubble = text(f"<b>{SMS['sender']}</b> — {SMS['received'].format(at=sms.sent_at)}"
                          f"<br>{body}<br><b>{status}</b>")
            bubble.add_class("ecpx-bubble")
            bubble.add_class("ecpx-bubble-current" if current else "ecpx-bubble-expired")
            bubbles.append(bubble)
        self.list.children = tuple(bubbles) or (text(SMS["empty"], "hint"),)


class Simulator(BaseSimulator[MethodB]):
    """The three views side by side, a scenario picker and the guided/free switch."""

    name = "method B simulator"

    def __init__(self, new_model: Callable[[str], MethodB], *, example_id: str = "",
                 guided: bool = True) -> None:
        """`new_model(scenario)` makes a fresh model; `example_id` is the fictitious identifier
        the guide suggests."""
        super().__init__(new_model, scenarios=SCENARIOS, guided=guided)
        self.example_id = example_id
        self.phone_slot, self.mail_slot, self.sms_slot = column(), column(), column()
        self.phone_panel = panel(PANELS["app"], "e-CPS", self.phone_slot)
        self.sms_panel = panel(PANELS["sms"], SMS["title"], self.sms_slot)
        self.mail_box = light(w.Box)  # a phone or a computer, depending on the scenario
        self.widget = self.page(CSS, (), self.phone_panel, self.mail_box, self.sms_panel)
        self.restart()

    def reset_views(self) -> None:
        """Fresh views for a new case (no identifier or code left over in a field)."""
        self.phone = PhoneScreens(self.act, self.announcer, self.submit_password,
                                  self.say_keypad)
        self.mailbox = MailboxView(self.act)
        self.sms = SmsView()
        self.phone_slot.children = (self.phone.widget,)
        self.sms_slot.children = (self.sms.widget,)
        self.mail_slot.children = (self.mailbox.widget,)
        on_computer = self.model.mailbox.device == "computer"
        self.mail_panel = (panel(PANELS["mail_computer"], WEBMAIL_URL, self.mail_slot,
                                 "computer") if on_computer
                           else panel(PANELS["mail_phone"], MAIL["title"], self.mail_slot))
        self.mail_box.children = (self.mail_panel,)
        self.devices = {"phone": self.phone_panel, "mailbox": self.mail_panel,
                        "sms": self.sms_panel}

    def draw(self, model: MethodB) -> None:
        self.phone.show(model.app, model)
        self.mailbox.show(model)
        self.sms.show(model)

    def next_step(self, model: MethodB) -> tuple[str, str]:
        guide = model.guide()
        line = GUIDE[guide.key].format(example=self.example_id)
        return guide.view, line if model.activated else f"<b>{SIMULATOR['next']}</b> {line}"

    def views(self):
        return {"phone": (PANELS["app"], self.phone),
                "mailbox": (PANELS["mail_computer" if self.model.mailbox.device == "computer"
                                   else "mail_phone"], self.mailbox),
                "sms": (PANELS["sms"], self.sms)}

    def focus_view(self, model: MethodB) -> str:
        return model.guide().view

    def error_text(self, model: MethodB) -> str:
        if model.app in PASSWORD_SCREENS:
            return ERROR_MESSAGES.get(model.error, "")
        return _phone_alert(model) or NOTICES.get(model.notice, "")


def _phone_alert(model: MethodB) -> str:
    """The error of the last action on the phone, with the identifier hint when there is one."""
    if model.notice == "no_qr":
        return NOTICES["no_qr"]
    if not model.error:
        return ""
    lines = [with_links(ERROR_MESSAGES[model.error])]
    if model.hint:
        lines.append(IDENTIFIER_HINTS[model.hint])
    return "<br>".join(lines)


def method_b_simulator(*, sink: Sink = discard, directory: Directory | None = None,
                       guided: bool = True, **flow) -> Simulator:
    """Chapter 03's simulator on the fictitious directory.

    Each scenario (« Commencer ce scénario », or « Recommencer la simulation ») starts a new
    case; its events go to `sink` (the shared training journal in the course). `flow` goes to
    the model (clock, rng, platform, os_version).
    """
    directory = directory if directory is not None else fictitious_directory()

    def new_model(scenario: str) -> MethodB:
        return MethodB(directory=directory, scenario=SETTINGS[scenario],
                       sink=with_scenario(sink, scenario), **flow)

    return Simulator(new_model, example_id=directory.first().national_id, guided=guided)


def directory_table(directory: Directory | None = None) -> w.HTML:
    """The fictitious professionals a trainee can use in the simulator, one row each."""
    directory = directory if directory is not None else fictitious_directory()
    head = "".join(f"<th scope='col' style='text-align:left;padding-right:0.75em'>{escape(h)}</th>"
                   for h in DIRECTORY_COLUMNS)
    # The card and the identifier the learner copies stay on one line; names wrap on a phone.
    whole = (False, False, True, True, False)
    rows = "".join(
        "<tr>" + "".join(
            f"<td style='padding-right:0.75em{';white-space:nowrap' * keep}'>{escape(cell)}</td>"
            for cell, keep in zip((p.name, p.profession, p.card_type, p.national_id,
                                   DIRECTORY_UP_TO_DATE[p.details_up_to_date]), whole,
                                  strict=True)) + "</tr>"
        for p in directory.professionals)
    return html_line(f"<table><tr>{head}</tr>{rows}</table>")
