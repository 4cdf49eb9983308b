"""Method B: activate the e-CPS with the correspondence details (seed, pages 8-11).

The phone's e-CPS app (modelled once for both methods in `ecpx.activation.app`), a mailbox (on
the phone, or on the computer) and an SMS inbox, as one plain-Python state machine. `state` is
the app's screen (`AppScreen`); the mailbox and the SMS inbox are plain data beside it.
Screens, tests and the log generator drive it through the public actions below and read the
same attributes.

    MethodB(directory=None, scenario=Scenario(), sink=..., clock=..., rng=..., platform=...,
            os_version=..., card_type=..., source=...)

`scenario` switches the seed's « si… » cases on (`Scenario`; the course's named ones are in
`SCENARIOS`); the card type of the events becomes the holder's once the directory has answered.

Public actions (each is one user gesture; each emits at most one journal event, except
`confirm_password`, which records the confirmation and then the activation). The app's own
(`open_app`, `start`, `accept_cgu`, `choose`, `create_password`, `confirm_password`) are those of
`AppFlow`; the pairing's are this module's:

    open_app()                 « Ouvrir l'application e-CPS »      app_opened | os_unsupported
    start()                    « COMMENCER L'ACTIVATION »          -
    accept_cgu()               accept the CGU                      cgu_accepted
    choose()                   « Envoyer une demande d'activation » -
    choose_rpps()              « J'ai un identifiant RPPS »         -
    back()                     « Retour »                           -
    submit_identifier(text)    « Envoyer ma demande d'activation » request_sent | identifier_*,
                                                                   card_type_not_eligible,
                                                                   details_outdated
    report_email_missing()     « Je n'ai pas reçu l'e-mail »       email_not_received
    open_folder(folder)        mailbox: "inbox" or "spam"          -
    open_email()               mailbox: open the activation e-mail -
    start_from_email()         « Démarrer l'activation »           email_opened (on the phone)
    commence()                 app: « Commencer » (e-mail read on the computer)  -
    scan_qr(payload)           app: scan the e-mail's QR code      email_opened
    request_sms()              « Par SMS »                         sms_code_entered if the
                                                                   app picks the code up
    enter_sms_code(code)       « Valider le code »                 sms_code_entered |
                                                                   sms_code_wrong, sms_code_expired
    resend_sms()               « Recevoir un nouveau SMS »         -
    create_password(pw)        4 digits on the phone               password_created | password_*
    confirm_password(pw)       the same 4 digits                   password_confirmed + activated
                                                                   | password_mismatch

What the screens read: `state`, `error` (catalogue error code), `hint` (why an identifier was
refused), `notice` (a remark that is not an error), `warning`, `holder`, `mailbox`,
`sms_inbox`, `code_field`, `qr_in_view`, `code_expired`, `activated` and `guide()` (which view acts
next and what to do there).

An action that the current screen does not offer raises `WrongScreen` (a bug in the caller,
never a learner's mistake: learners only see the buttons of the current screen).
Construction is cheap (the shipped directory is read once per process) and actions do no I/O:
about 0.1 ms for a whole activation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ecpx.activation.app import AppFlow, AppScreen
from ecpx.activation.directory import Directory, Professional, fictitious_directory
from ecpx.activation.flow import WrongScreen
from ecpx.activation.identifier import check_national_id

SMS_CODE_LENGTH = 6
# How long an SMS code stays valid: an assumption of the simulator (the ANS does not publish it).
SMS_CODE_VALIDITY = timedelta(minutes=5)
QR_SCHEME = "ecps-simulation://activation/"  # never a real address: the payload is simulated


@dataclass(frozen=True)
class Scenario:
    """The situations the course can switch on (the seed's « si… » paragraphs)."""

    email_in_spam: bool = False  # « pensez à vérifier le courrier indésirable »
    email_on_computer: bool = False  # « Si vous ouvrez le mail depuis votre ordinateur… »
    sms_auto_pickup: bool = True  # « Le code d'activation est récupéré automatiquement »
    first_sms_expired: bool = False  # the trainee waited too long before typing the first code
    phone_supported: bool = True  # iOS 15+, or an Android version the app still supports


# The course's scenarios (labels in catalogue.method_b.SCENARIOS), as model settings.
SCENARIOS = {
    "normal": Scenario(),
    "spam": Scenario(email_in_spam=True),
    "computer": Scenario(email_on_computer=True),
    "manual_code": Scenario(sms_auto_pickup=False),
    "expired_code": Scenario(sms_auto_pickup=False, first_sms_expired=True),
    "unsupported": Scenario(phone_supported=False),
}


@dataclass
class Email:
    folder: str  # "inbox" or "spam"
    recipient: str
    name: str
    qr_payload: str


@dataclass
class Mailbox:
    device: str  # "phone" or "computer": where the trainee reads the e-mail
    emails: list[Email] = field(default_factory=list)
    folder: str = "inbox"  # the folder shown
    opened: Email | None = None  # the e-mail shown, if any

    def shown(self) -> list[Email]:
        return [e for e in self.emails if e.folder == self.folder]


@dataclass(frozen=True)
class Sms:
    mobile: str
    code: str
    sent_at: datetime | None = None  # shown beside each SMS, so the newest code is told apart


# Guided mode: what to do on each screen of the app (a key of catalogue.method_b.GUIDE); the
# mailbox's screens are `MethodB._mail_guide`'s.
GUIDE_KEYS = {
    AppScreen.CLOSED: "open_app", AppScreen.UNSUPPORTED: "blocked", AppScreen.WELCOME: "start",
    AppScreen.CGU: "accept_cgu", AppScreen.CHOOSE: "send_request", AppScreen.KIND: "have_rpps",
    AppScreen.FORM: "submit", AppScreen.SCAN: "scan", AppScreen.SMS: "by_sms",
    AppScreen.PASSWORD_CREATE: "password", AppScreen.PASSWORD_CONFIRM: "password",
    AppScreen.ACTIVATED: "done",
}


@dataclass(frozen=True)
class Guide:
    view: str  # which view acts next: "phone", "mailbox" or "sms"
    key: str  # what to do: a key of catalogue.method_b.GUIDE


class MethodB(AppFlow):
    method = "B"
    pairing = AppScreen.KIND  # « Envoyer une demande d'activation »

    def __init__(self, *, directory: Directory | None = None,
                 scenario: Scenario = Scenario(), **flow_options) -> None:
        super().__init__(supported=scenario.phone_supported, **flow_options)
        self.directory = directory if directory is not None else fictitious_directory()
        self.scenario = scenario
        self.holder: Professional | None = None
        self.hint = ""  # why the identifier was refused (catalogue IDENTIFIER_HINTS key)
        self.notice = ""  # a remark that is not a journal error (catalogue NOTICES key)
        self.mailbox = Mailbox("computer" if scenario.email_on_computer else "phone")
        self.sms_inbox: list[Sms] = []
        self.code_field = ""  # what the app's code field holds (filled when picked up)
        self._token = ""
        self._code = ""
        self._code_expires: datetime | None = None

    @property
    def state(self) -> str:
        """The phone is method B's only device: its state is the app's screen."""
        return self.app

    # --- the pairing: the request -----------------------------------------------------------
    def choose_rpps(self) -> None:
        self._go(AppScreen.KIND, AppScreen.FORM)

    def back(self) -> None:
        previous = {AppScreen.KIND: AppScreen.CHOOSE, AppScreen.FORM: AppScreen.KIND,
                    AppScreen.SCAN: AppScreen.SENT}
        self.require(self.app, *previous)
        self.clear()
        self.app = previous[self.app]

    def submit_identifier(self, text: str) -> bool:
        """Check the identifier's form, then ask the directory; on success send the e-mail."""
        self.require(self.app, AppScreen.FORM)
        check = check_national_id(text)
        self.hint = check.hint
        if not check.ok:
            self.fail("identifier_format")
            return False
        holder, error = self.directory.request_error(check.national_id)
        if holder is not None:
            self.holder = holder
            self.context["card_type"] = holder.card_type
        if error:
            self.fail(error)
            return False
        self.app = AppScreen.SENT
        self._send_email(holder)
        self.emit("request_sent")
        return True

    # --- the e-mail ------------------------------------------------------------------------
    def report_email_missing(self) -> None:
        self.require(self.app, AppScreen.SENT)
        self.fail("email_not_received")

    def open_folder(self, folder: str) -> None:
        if folder not in ("inbox", "spam"):
            raise WrongScreen(f"no mailbox folder {folder!r}")
        self.mailbox.folder, self.mailbox.opened = folder, None

    def open_email(self) -> None:
        shown = self.mailbox.shown()
        if not shown:
            raise WrongScreen(f"no e-mail in the {self.mailbox.folder} folder")
        self.mailbox.opened = shown[-1]

    def start_from_email(self) -> bool:
        """« Démarrer l'activation »: opens the app, but only when the e-mail is on the phone."""
        if self.mailbox.opened is None:
            raise WrongScreen("no e-mail is open")
        if self.mailbox.device != "phone":
            self.notice = "start_on_computer"
            return False
        self.require(self.app, AppScreen.SENT, AppScreen.SCAN)
        self.notice = ""
        self.app = AppScreen.SMS
        self.emit("email_opened")
        return True

    def commence(self) -> None:
        self._go(AppScreen.SENT, AppScreen.SCAN)

    def scan_qr(self, payload: str) -> bool:
        self.require(self.app, AppScreen.SCAN)
        if not self._token or payload != self._token:
            self.notice = "no_qr"  # not this activation's QR code: the camera keeps looking
            return False
        self.notice = ""
        self.app = AppScreen.SMS
        self.emit("email_opened")
        return True

    @property
    def qr_in_view(self) -> str:
        """The QR payload a camera pointed at the mailbox would see ("" when none is shown)."""
        return self.mailbox.opened.qr_payload if self.mailbox.opened else ""

    # --- the SMS ---------------------------------------------------------------------------
    def request_sms(self) -> bool:
        """« Par SMS »: the code arrives; when the app picks it up, it is entered at once."""
        self.require(self.app, AppScreen.SMS)
        self._send_sms()
        if self.scenario.sms_auto_pickup:
            self.code_field = self._code
            self.paired()
            self.emit("sms_code_entered")
            return True
        self.app = AppScreen.CODE
        return False

    def enter_sms_code(self, code: str) -> bool:
        self.require(self.app, AppScreen.CODE)
        self.code_field = "".join(code.split())
        if self.code_expired:
            self.fail("sms_code_expired")
            return False
        if self.code_field != self._code:
            self.fail("sms_code_wrong")
            return False
        self.paired()
        self.emit("sms_code_entered")
        return True

    def resend_sms(self) -> None:
        self.require(self.app, AppScreen.CODE)
        self.error, self.code_field = "", ""
        self._send_sms()

    @property
    def code_expired(self) -> bool:
        return self._code_expires is not None and self.now() >= self._code_expires

    # --- what the screens read ---------------------------------------------------------------
    @property
    def holder_name(self) -> str:
        return self.holder.name if self.holder is not None else ""

    def guide(self) -> Guide:
        """Guided mode: which view acts next, and what to do there."""
        if self.app == AppScreen.SENT:
            return self._mail_guide()
        if self.app == AppScreen.CODE:
            return Guide("phone", "resend_sms" if self.code_expired else "type_code")
        return Guide("phone", GUIDE_KEYS[self.app])

    def _mail_guide(self) -> Guide:
        mailbox = self.mailbox
        if mailbox.opened is None:
            return Guide("mailbox", "open_email" if mailbox.shown() else "open_spam")
        if mailbox.device == "phone":
            return Guide("mailbox", "start_from_email")
        return Guide("phone", "commence")

    # --- internals ----------------------------------------------------------------------
    def clear(self) -> None:
        super().clear()
        self.hint = self.notice = ""

    def _go(self, source: str, target: str) -> None:
        self.require(self.app, source)
        self.clear()
        self.app = target

    def _send_email(self, holder: Professional) -> None:
        self._token = f"{QR_SCHEME}{self.rng.getrandbits(64):016x}"
        folder = "spam" if self.scenario.email_in_spam else "inbox"
        self.mailbox.emails.append(Email(folder, holder.email, holder.name, self._token))

    def _send_sms(self) -> None:
        self._code = f"{self.rng.randrange(10 ** SMS_CODE_LENGTH):0{SMS_CODE_LENGTH}d}"
        first = not self.sms_inbox
        expired_at_once = first and self.scenario.first_sms_expired
        self._code_expires = self.now() + (timedelta(0) if expired_at_once
                                           else SMS_CODE_VALIDITY)
        self.sms_inbox.append(Sms(self.holder.mobile, self._code, self.now()))


def masked_email(email: str) -> str:
    """What the app shows of the address: its first letter and its domain."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def masked_mobile(mobile: str) -> str:
    """What the app shows of the mobile number: its first two and last two digits."""
    digits = "".join(mobile.split())
    return f"{digits[:2]} •• •• •• {digits[-2:]}"
