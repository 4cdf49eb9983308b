"""Signing in to a health service with the e-CPS through Pro Santé Connect (chapter 07).

A fictitious service on the computer (or, in one scenario, in the phone's browser), its Pro
Santé Connect page, and the phone with an activated e-CPS, as one plain-Python state machine.
The public facts it follows (ANS and trade press; see the chapter's sources): the PSC page
asks for the national identifier and offers « e-CPS »; the phone receives a notification; the
holder types the 4-digit e-CPS password, then picks, among three values on the phone, the
dynamic code shown on the PSC page; the service opens. « Je teste ma e-CPS » says « Bravo »
when the e-CPS works; an expired e-CPS is removed with « Supprimer ma e-CPS » (settings,
« Compte ») and activated again. What is not public is an assumption of the simulator, named
here: how long a request lasts (`REQUEST_VALIDITY`), how many wrong passwords cancel it
(`MAX_PASSWORD_TRIES`) and the form of the dynamic code (`CODE_DIGITS`).

    SignIn(holder, password="2468", scenario=Scenario(), sink=..., clock=..., rng=...)

Public actions (one user gesture each; at most one journal event, method "S"):

    computer (`service`)                                      event
    open_psc()               « Se connecter avec Pro Santé Connect »   -
    submit_identifier(text)  identifier + « e-CPS »          signin_requested |
                                                             signin_identifier_format, _unknown
    report_missing()         « Je n'ai pas reçu la notification »  notification_missing
    retry()                  « Recommencer la connexion »    -
    phone (`phone`)
    open_notification()      the notification                notification_opened |
                                                             request_expired, ecps_expired
    submit_password(pw)      4 digits                        password_entered |
                                                             signin_password_wrong, _locked
    choose_code(value)       one of the three values         code_chosen + service_opened |
                                                             dynamic_code_wrong
    open_app()               « Ouvrir l'application e-CPS »  -
    test_ecps()              « Je teste ma e-CPS »           ecps_tested | ecps_test_failed
    open_settings()          « Paramètres »                  -
    delete_ecps()            « Supprimer ma e-CPS »          ecps_deleted
    fix()                    the scenario's fix (update the app, or the browser's battery use)
    go_home()                back to the phone's home screen -

An action the screen on show does not offer raises `WrongScreen` (a stale click). Codes only:
the words are in `ecpx.texts.signin`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ecpx.activation.codes import SIGNIN_ERROR_STEP
from ecpx.activation.events import Event
from ecpx.activation.flow import Flow, WrongScreen
from ecpx.activation.identifier import check_national_id

# Assumptions of the simulator (the ANS does not publish them): the chapter says so.
REQUEST_VALIDITY = timedelta(minutes=2)
MAX_PASSWORD_TRIES = 3
CODE_DIGITS = 2
CHOICES = 3  # the phone offers three values (public: DSIH, 14 June 2022)


class Service:
    """The service's screens (on the computer, or in the phone's browser)."""

    HOME = "home"  # the fictitious service: « Se connecter avec Pro Santé Connect »
    PSC = "psc"  # Pro Santé Connect: the national identifier, the means « e-CPS »
    WAITING = "waiting"  # validate on the phone; the dynamic code
    FAILED = "failed"  # the request was cancelled or expired: start again
    OPEN = "open"  # the service is open


class Phone:
    """The phone's screens."""

    HOME = "home"  # home screen, with the notification when there is one
    PASSWORD = "password"  # the e-CPS password (4 digits)
    CODE = "code"  # three values: pick the one on the PSC page
    DONE = "done"  # the request is validated
    APP = "app"  # the e-CPS app opened from the home screen
    TEST = "test"  # « Je teste ma e-CPS »: the result
    EXPIRED = "expired"  # the e-CPS has expired
    SETTINGS = "settings"  # « Paramètres », section « Compte »
    DELETED = "deleted"  # the e-CPS was removed from the phone


@dataclass(frozen=True)
class Scenario:
    """The situations of the ANS guide « Je rencontre un problème avec ma e-CPS »."""

    on_phone: bool = False  # the service is opened in the phone's browser (not the computer)
    block: str = ""  # why no notification arrives: "outdated" app or "battery" saver; "" none
    first_request_expired: bool = False  # the learner waited too long
    ecps_works: bool = True  # what « Je teste ma e-CPS » finds
    ecps_expired: bool = False  # the e-CPS has expired (reminder e-mails came before)


SCENARIOS = {
    "normal": Scenario(),
    "outdated": Scenario(block="outdated"),
    "battery": Scenario(on_phone=True, block="battery"),
    "expired_request": Scenario(first_request_expired=True),
    "test_ko": Scenario(block="broken", ecps_works=False),
    "expired_ecps": Scenario(ecps_expired=True),
}


class SignIn(Flow):
    method = "S"

    def __init__(self, *, holder: Any, password: str = "2468",
                 scenario: Scenario = Scenario(), **flow: Any) -> None:
        """`holder` is the professional whose e-CPS is on the phone (a `Professional`)."""
        super().__init__(card_type=getattr(holder, "card_type", "CPS"), **flow)
        self.holder, self.scenario, self._password = holder, scenario, password
        self.service = Service.HOME
        self.phone = Phone.HOME
        self.hint = ""  # why an identifier was refused (texts.method_b.IDENTIFIER_HINTS key)
        self.blocked = scenario.block  # what still keeps the notification away ("" nothing)
        self.notification = False  # a notification waits on the phone
        self.code = ""  # the dynamic code the PSC page shows
        self.choices: tuple[str, ...] = ()  # the three values the phone offers
        self.tries_left = MAX_PASSWORD_TRIES
        self.requests = 0
        self.test_result = ""  # "ok" (« Bravo ») or "ko", once tested
        self.deleted = False
        self._expires: datetime | None = None

    # ---- the service and Pro Santé Connect --------------------------------------------------
    def open_psc(self) -> None:
        self.require(self.service, Service.HOME)
        self.error, self.service = "", Service.PSC

    def submit_identifier(self, text: str) -> bool:
        """The national identifier, then « e-CPS »: a notification goes to the holder's phone."""
        self.require(self.service, Service.PSC)
        check = check_national_id(text)
        self.hint = check.hint
        if not check.ok:
            self.fail("signin_identifier_format")
            return False
        if check.national_id != self.holder.national_id:
            self.fail("signin_identifier_unknown")
            return False
        self.requests += 1
        self.tries_left = MAX_PASSWORD_TRIES
        self.code = self._number()
        others = set()
        while len(others) < CHOICES - 1:
            value = self._number()
            if value != self.code:
                others.add(value)
        choices = [self.code, *sorted(others)]
        self.rng.shuffle(choices)
        self.choices = tuple(choices)
        expired_at_once = self.scenario.first_request_expired and self.requests == 1
        self._expires = self.now() + (timedelta(0) if expired_at_once else REQUEST_VALIDITY)
        self.service = Service.WAITING
        self.notification = not self.blocked
        self.emit("signin_requested")
        return True

    def report_missing(self) -> None:
        """« Je n'ai pas reçu la notification » (the simulator's help, on the PSC page)."""
        self.require(self.service, Service.WAITING)
        if self.notification:
            raise WrongScreen("the notification is on the phone")
        self.fail("notification_missing")

    def retry(self) -> None:
        """« Recommencer la connexion »: back to the PSC page, for a new request."""
        self.require(self.service, Service.WAITING, Service.FAILED)
        self.error = ""
        self._cancel()
        self.service = Service.PSC

    # ---- the phone: the request -----------------------------------------------------------
    def open_notification(self) -> bool:
        self.require(self.phone, Phone.HOME)
        if not self.notification:
            raise WrongScreen("no notification on the phone")
        if self.scenario.ecps_expired or self.deleted:
            self.notification = False
            self.phone = Phone.EXPIRED
            self.fail("ecps_expired")
            return False
        if self._expired():
            return False
        self.notification = False
        self.phone = Phone.PASSWORD
        self.emit("notification_opened")
        return True

    def submit_password(self, password: str) -> bool:
        self.require(self.phone, Phone.PASSWORD)
        if self._expired():
            return False
        if password != self._password:
            self.tries_left -= 1
            if self.tries_left <= 0:
                self._cancel()
                self.service, self.phone = Service.FAILED, Phone.HOME
                self.fail("signin_password_locked")
            else:
                self.fail("signin_password_wrong")
            return False
        self.phone = Phone.CODE
        self.emit("password_entered")
        return True

    def choose_code(self, value: str) -> bool:
        self.require(self.phone, Phone.CODE)
        if value not in self.choices:
            raise WrongScreen(f"{value!r} is not offered")
        if self._expired():
            return False
        if value != self.code:
            self._cancel()
            self.service, self.phone = Service.FAILED, Phone.HOME
            self.fail("dynamic_code_wrong")
            return False
        self.emit("code_chosen")
        self._expires = None
        self.service, self.phone = Service.OPEN, Phone.DONE
        self.emit("service_opened")
        return True

    # ---- the phone: the app ---------------------------------------------------------------
    def go_home(self) -> None:
        self.require(self.phone, Phone.DONE, Phone.APP, Phone.TEST, Phone.DELETED,
                     Phone.EXPIRED, Phone.SETTINGS)
        self.error, self.phone = "", Phone.HOME

    def open_app(self) -> None:
        self.require(self.phone, Phone.HOME)
        self.error = ""
        self.phone = Phone.EXPIRED if (self.scenario.ecps_expired or self.deleted) \
            else Phone.APP

    def test_ecps(self) -> bool:
        """« Je teste ma e-CPS »: « Bravo » when it works."""
        self.require(self.phone, Phone.APP)
        self.phone = Phone.TEST
        if self.scenario.ecps_works:
            self.test_result = "ok"
            self.emit("ecps_tested")
            return True
        self.test_result = "ko"
        self.fail("ecps_test_failed")
        return False

    def open_settings(self) -> None:
        self.require(self.phone, Phone.APP, Phone.EXPIRED)
        self.error, self.phone = "", Phone.SETTINGS

    def delete_ecps(self) -> None:
        """« Supprimer ma e-CPS » (settings, « Compte »): activate it again (chapters 02, 03)."""
        self.require(self.phone, Phone.SETTINGS)
        self.error, self.deleted, self.phone = "", True, Phone.DELETED
        self.notification = False
        self.emit("ecps_deleted")

    def fix(self) -> None:
        """The scenario's fix on the phone: update the app, or let the browser use the battery
        without restriction. The next request's notification arrives."""
        self.require(self.phone, Phone.HOME)
        if self.blocked not in ("outdated", "battery"):
            raise WrongScreen("nothing to fix")
        self.error, self.blocked = "", ""

    # ---- what the screens read ------------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self.service == Service.OPEN

    @property
    def request_expired(self) -> bool:
        return self._expires is not None and self.now() >= self._expires

    def fail(self, error: str) -> None:
        """Record an error at its sign-in step (`codes.SIGNIN_ERROR_STEP`)."""
        self.error = error
        self.sink(Event(self.case_id, self.now(), self.method, SIGNIN_ERROR_STEP[error],
                        "error", error, **self.context))

    # ---- internals ------------------------------------------------------------------------
    def _number(self) -> str:
        return str(self.rng.randrange(10 ** (CODE_DIGITS - 1), 10 ** CODE_DIGITS))

    def _expired(self) -> bool:
        """An expired request is cancelled on both devices (and recorded once)."""
        if not self.request_expired:
            return False
        self._cancel()
        self.service, self.phone = Service.FAILED, Phone.HOME
        self.fail("request_expired")
        return True

    def _cancel(self) -> None:
        self.notification, self.code, self.choices, self._expires = False, "", (), None

