"""Chapter 07's simulator: the fictitious service (with its Pro Santé Connect page) and the
phone's e-CPS app side by side, on the screen mechanism (`screens.simulator`).

The view holds no logic: each click calls one action of `ecpx.activation.signin.SignIn`, then
both devices redraw from the model. Each screen is built the first time it shows.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from ecpx.activation.directory import Directory, fictitious_directory
from ecpx.activation.events import Sink
from ecpx.activation.signin import SCENARIOS as SETTINGS
from ecpx.activation.signin import Phone, Service, SignIn
from ecpx.screens.a11y import Announcer
from ecpx.screens.frames import (
    button,
    column,
    device_frame,
    escape,
    heading,
    html_line,
    labelled_input,
    light,
    new_tab_link,
    text,
)
from ecpx.screens.password_view import Keypad
from ecpx.screens.simulator import Act, Screens
from ecpx.screens.simulator import Simulator as BaseSimulator
from ecpx.texts.method_b import IDENTIFIER_HINTS
from ecpx.texts.signin import (
    ERRORS,
    GUIDE,
    NEXT,
    PANELS,
    PHONE,
    SCENARIOS,
    SERVICE,
    SERVICE_URL,
    SIMPLIFIED,
    SOURCES,
    SOURCES_NOTE,
    TEST_OK,
    TRAINING_PASSWORD,
)
from ecpx.training.sink import signin_sink

CSS = """<style>
.ecpx-dynamic-code { font: bold 28px monospace; letter-spacing: 4px; color: #00256e; }
.ecpx-notification { border-left: 4px solid #00256e; }
</style>"""


class ServiceScreens(Screens[SignIn]):
    """The fictitious service and its Pro Santé Connect page."""

    def title(self, model: SignIn) -> str:
        """The waiting page says the code, so that a screen reader hears it."""
        if self.current == Service.WAITING and model.code:
            return f"{SERVICE['waiting_title']}. {SERVICE['code_spoken'].format(code=model.code)}"
        return super().title(model)

    def _home(self):
        return column(heading(SERVICE["home_title"]), text(SERVICE["home_text"], "hint"),
                      self.action(SERVICE["psc_button"], "open_psc", primary=True)), None

    def _psc(self):
        field = labelled_input(SERVICE["identifier_field"], placeholder=SERVICE["identifier_field"],
                               layout=w.Layout(width="240px"))
        submit = self.announcer.form(field, button(SERVICE["ecps"], primary=True),
                                     lambda value: self.act("submit_identifier", value))
        example = text("", "hint")

        def update(model: SignIn) -> None:
            example.value = escape(SERVICE["example"].format(
                name=model.holder.name, national_id=model.holder.national_id))

        return column(heading(SERVICE["psc_title"]), text(SERVICE["psc_text"]),
                      text(escape(SERVICE["means"])), submit, example), update

    def _waiting(self):
        code = html_line("")
        code.add_class("ecpx-dynamic-code")
        missing = self.action(SERVICE["missing"], "report_missing")
        missing_hint = text(SERVICE["missing_hint"], "hint", layout=w.Layout())
        retry = self.action(SERVICE["retry"], "retry")
        extra = column(missing, missing_hint)
        extra.layout = w.Layout()

        def update(model: SignIn) -> None:
            code.value = escape(model.code)
            extra.layout.display = "none" if model.notification else ""

        return column(heading(SERVICE["waiting_title"]), text(SERVICE["waiting_text"]),
                      text(escape(SERVICE["code_label"])), code, extra, retry), update

    def _failed(self):
        return column(heading(SERVICE["failed_title"]),
                      self.action(SERVICE["retry"], "retry", primary=True)), None

    def _open(self):
        welcome = text("", "success")

        def update(model: SignIn) -> None:
            welcome.value = escape(SERVICE["open_text"].format(name=model.holder.name))

        return column(heading(SERVICE["open_title"]), welcome), update


class PhoneScreens(Screens[SignIn]):
    """The phone: the home screen and its notification, then the e-CPS app's screens."""

    def __init__(self, act: Act, announcer: Announcer,
                 on_keypad: Callable[[int, int], None]) -> None:
        super().__init__(act, announcer)
        self.on_keypad = on_keypad

    def title(self, model: SignIn) -> str:
        """The home screen says when a notification arrives, or when the phone was fixed."""
        title = super().title(model)
        if self.current != Phone.HOME:
            return title
        if model.notification:
            return f"{title}. {PHONE['notification']}"
        if model.scenario.block in ("outdated", "battery") and not model.blocked:
            return f"{title}. {PHONE['fixed']}"
        return title

    def _home(self):
        notification = self.action(PHONE["notification"], "open_notification", primary=True)
        notification.add_class("ecpx-notification")
        nothing = text(PHONE["no_notification"], "hint", layout=w.Layout())
        reminder = text(PHONE["reminder"], "warning", layout=w.Layout())
        notice = text("", "warning", layout=w.Layout())
        fixes = {"outdated": self.action(PHONE["fix_outdated"], "fix"),
                 "battery": self.action(PHONE["fix_battery"], "fix")}
        slot = column()

        def update(model: SignIn) -> None:
            shown = [notification] if model.notification else [nothing]
            reminder.layout.display = "" if model.scenario.ecps_expired else "none"
            blocked = model.blocked if model.blocked in fixes else ""
            notice.value = PHONE[f"{blocked}_notice"] if blocked else ""
            notice.layout.display = "" if blocked else "none"
            if blocked:
                shown.append(fixes[blocked])
            shown.append(self.open_app_button)
            if slot.children != tuple(shown):
                slot.children = tuple(shown)

        self.open_app_button = self.action(PHONE["open_app"], "open_app")
        return column(heading(PHONE["home_title"]), reminder, notice, slot), update

    def _password(self):
        keypad = Keypad(lambda code: self.act("submit_password", code),
                        on_progress=self.on_keypad)
        tries = text("", "hint")

        def update(model: SignIn) -> None:
            keypad.clear()
            tries.value = PHONE["tries_left"].format(tries=model.tries_left)

        screen = column(heading(PHONE["password_title"]), text(PHONE["password_text"]),
                        keypad.widget, tries,
                        text(PHONE["password_hint"].format(password=TRAINING_PASSWORD),
                             "hint"))
        screen.add_class("ecpx-password")  # the keyboard's digits press its keypad (a11y)
        return screen, update

    def _code(self):
        slot = column()

        def update(model: SignIn) -> None:
            slot.children = tuple(self.action(value, "choose_code", value)
                                  for value in model.choices)

        return column(heading(PHONE["code_title"]), text(PHONE["code_text"]), slot), update

    def _done(self):
        return column(heading(PHONE["done_title"]), text(PHONE["done_text"], "success"),
                      self.action(PHONE["back_home"], "go_home")), None

    def _app(self):
        return column(heading(PHONE["app_title"]),
                      self.action(PHONE["test"], "test_ecps", primary=True),
                      self.action(PHONE["settings"], "open_settings"),
                      self.action(PHONE["back_home"], "go_home")), None

    def _test(self):
        title, verdict = heading(""), text("")

        def update(model: SignIn) -> None:
            ok = model.test_result == "ok"
            name = PHONE["bravo_title" if ok else "ko_title"]
            title.value, title.heading = f"<h3>{escape(name)}</h3>", name
            self._titles[Phone.TEST] = name
            verdict.value = (f"{PHONE['bravo_text']}<br>{TEST_OK}" if ok
                             else PHONE["ko_text"])

        return column(title, verdict, self.action(PHONE["back_home"], "go_home")), update

    def _expired(self):
        return column(heading(PHONE["expired_title"]), text(PHONE["expired_text"]),
                      self.action(PHONE["settings"], "open_settings", primary=True),
                      self.action(PHONE["back_home"], "go_home")), None

    def _settings(self):
        return column(heading(PHONE["settings_title"]),
                      html_line(f"<h4>{escape(PHONE['account'])}</h4>"),
                      self.action(PHONE["delete"], "delete_ecps"),
                      self.action(PHONE["back_home"], "go_home")), None

    def _deleted(self):
        links = (f"{new_tab_link('02-methode-a-avec-la-carte.ipynb', 'chapitre 02')} · "
                 f"{new_tab_link('03-methode-b-avec-vos-coordonnees.ipynb', 'chapitre 03')}")
        return column(heading(PHONE["deleted_title"]), text(PHONE["deleted_text"]),
                      html_line(links), self.action(PHONE["back_home"], "go_home")), None


# Guided mode: per situation, the device to act on and the guide's key (texts.signin.GUIDE).
PHONE_GUIDE = {Phone.EXPIRED: "settings", Phone.SETTINGS: "delete", Phone.TEST: "tested",
               Phone.PASSWORD: "password", Phone.CODE: "code", Phone.APP: "test_now",
               Phone.DONE: "back"}
SERVICE_GUIDE = {Service.HOME: "open_psc", Service.PSC: "identifier", Service.FAILED: "retry"}


def guide(model: SignIn) -> tuple[str, str]:
    """Which device acts next ("service" or "phone") and what to do there."""
    if model.deleted:
        return "phone", "deleted"
    if model.service == Service.OPEN:
        return "service", "done"
    if model.phone in PHONE_GUIDE:
        return "phone", PHONE_GUIDE[model.phone]
    if model.service in SERVICE_GUIDE:
        return "service", SERVICE_GUIDE[model.service]
    # The service waits for the phone, whose home screen is on show.
    if model.notification:
        return "phone", "open_notification"
    if model.scenario.ecps_expired:
        return "phone", "open_app"  # the notification led to the expired e-CPS
    if model.error != "notification_missing":
        return "service", "report_missing"
    if model.blocked in ("outdated", "battery"):
        return "phone", f"fix_{model.blocked}"
    if model.blocked:
        return "phone", "open_app"  # nothing to fix on the phone: test the e-CPS
    return "service", "retry"


class Simulator(BaseSimulator[SignIn]):
    """The service and the phone side by side, a scenario picker and the guided/free switch."""

    name = "sign-in simulator"

    def __init__(self, new_model: Callable[[str], SignIn], *, example_id: str = "",
                 guided: bool = True) -> None:
        super().__init__(new_model, scenarios=SCENARIOS, guided=guided)
        self.example_id = example_id
        self.service_slot, self.phone_slot = column(), column()
        self.phone_panel = device_frame("phone", escape(PANELS["phone"]), "e-CPS",
                                        self.phone_slot)
        self.service_box = light(w.Box)  # the computer, or the phone's browser
        self.widget = self.page(CSS, (), self.service_box, self.phone_panel)
        self.restart()

    def reset_views(self) -> None:
        self.service = ServiceScreens(self.act, self.announcer)
        self.phone = PhoneScreens(self.act, self.announcer, self.say_keypad)
        self.service_slot.children = (self.service.widget,)
        self.phone_slot.children = (self.phone.widget,)
        on_phone = self.model.scenario.on_phone
        self.service_panel = device_frame(
            "phone" if on_phone else "computer",
            escape(PANELS["service_phone" if on_phone else "service_computer"]),
            escape(SERVICE_URL), self.service_slot)
        self.service_box.children = (self.service_panel,)
        self.devices = {"service": self.service_panel, "phone": self.phone_panel}

    def draw(self, model: SignIn) -> None:
        self.service.show(model.service, model)
        self.phone.show(model.phone, model)
        self.service.alert.value = (self.error_text(model)
                                    if guide(model)[0] == "service" else "")
        self.phone.alert.value = (self.error_text(model)
                                  if guide(model)[0] == "phone" else "")

    def next_step(self, model: SignIn) -> tuple[str, str]:
        device, key = guide(model)
        line = GUIDE[key].format(example=self.example_id, password=TRAINING_PASSWORD,
                                 code=model.code)
        return device, line if key in ("done", "deleted") else f"<b>{NEXT}</b> {line}"

    def views(self):
        caption = PANELS["service_phone" if self.model.scenario.on_phone else "service_computer"]
        return {"service": (caption, self.service), "phone": (PANELS["phone"], self.phone)}

    def focus_view(self, model: SignIn) -> str:
        return guide(model)[0]

    def error_text(self, model: SignIn) -> str:
        if not model.error:
            return ""
        message = escape(ERRORS[model.error].format(name=model.holder.name,
                                                    national_id=model.holder.national_id))
        if model.error == "signin_identifier_format" and model.hint:
            message += "<br>" + IDENTIFIER_HINTS[model.hint]
        return message


def signin_simulator(*, sink: Sink | None = None, directory: Directory | None = None,
                     guided: bool = True, **flow) -> Simulator:
    """Chapter 07's simulator, for the fictitious directory's first CPS holder (whose training
    e-CPS is on the phone). Events go to `sink` (by default the training journal, as records of
    kind « signin »); `flow` goes to the model (clock, rng, platform, os_version)."""
    directory = directory if directory is not None else fictitious_directory()
    holder = directory.first()
    sink = signin_sink() if sink is None else sink

    def new_model(scenario: str) -> SignIn:
        scenario_sink = sink.scenario(scenario) if hasattr(sink, "scenario") else sink
        return SignIn(holder=holder, password=TRAINING_PASSWORD, scenario=SETTINGS[scenario],
                      sink=scenario_sink, **flow)

    return Simulator(new_model, example_id=holder.national_id, guided=guided)


def simplified() -> w.HTML:
    """What the simulator simplifies, as a list (the chapter shows it)."""
    items = "".join(f"<li>{escape(line)}</li>" for line in SIMPLIFIED)
    return html_line(f"<ul>{items}</ul>")


def sources() -> w.HTML:
    """The chapter's sources: what, where, when."""
    rows = []
    for what, where, when in SOURCES:
        place = new_tab_link(where, escape(where)) if where.startswith("https://") \
            else escape(where)
        rows.append(f"<li>{escape(what)} — {place} — {escape(when)}</li>")
    return html_line(f"<ul>{''.join(rows)}</ul><p>{escape(SOURCES_NOTE)}</p>")

