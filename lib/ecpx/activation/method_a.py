"""Method A, « Activer votre e-CPx avec votre carte »: portal and phone as one state machine.

The computer (`state`) and the phone's e-CPS app (`app`, modelled once for both methods in
`ecpx.activation.app`) each show one screen; actions are plain methods named after what the
trainee does. Each action that completes a journal step, or meets an error, emits exactly one
event (`Flow.emit` / `Flow.fail`); moves inside a step (a tab, a dialog, the
phone's « COMMENCER L'ACTIVATION ») emit none, so the journal counts steps, not clicks. The one
exception is a successful step that leads straight to the next one with nothing for the trainee
to do (the portal page loading blocked, the redirect after the confirmation): two events.

The card is injected as a callable that opens a session (`identity()`, `pin_tries_left()`,
`verify_pin(pin)`, raising `ecpx.card.errors`), so the same machine runs on a real reader, the
in-process virtual card, or a cheap virtual card in the log generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ecpx.activation.app import PASSWORD_SCREENS, AppFlow, AppScreen
from ecpx.activation.events import CARD_TYPES
from ecpx.activation.flow import WrongScreen
from ecpx.activation.pairing import Expiring, new_pairing_code, new_qr, normalise_code
from ecpx.card.errors import CardError, CardRemoved, PinBlocked, PinLastTry, PinWrong


class CardSession(Protocol):
    """What method A needs from the card layer (ecpx.card's CPS session satisfies it)."""

    def identity(self) -> Any: ...  # a Holder: idnat, surname, given_name, profession, ...
    def pin_tries_left(self) -> int: ...
    def verify_pin(self, pin: str) -> None: ...


CardOpener = Callable[[], CardSession]


class Computer:
    """The computer's screens, in the seed's order."""

    PORTAL = "portal"  # « Connectez-vous avec votre carte sur le portail e-CPS »
    PSC_LOGIN = "psc_login"  # optional: tabs, « Se connecter avec la carte CPS »
    CERTIFICATE = "certificate"  # « Sélectionnez un certificat »
    CARD_CODE = "card_code"  # the code porteur (4 digits), checked by the card
    CARD_BLOCKED = "card_blocked"  # dead end: the card's code is blocked
    ACTIVATION_HOME = "activation_home"  # « COMMENCER L'ACTIVATION » (hidden if page_blocked)
    QR = "qr"  # stepper 1, « Scanner le QR Code »
    PAIRING = "pairing"  # stepper 2, the code d'ajout in 6 boxes
    PASSWORD = "password"  # stepper 3, « Créer votre mot de passe à 4 chiffres »
    CONFIRM = "confirm"  # « Confirmer le mot de passe »
    ACTIVE = "active"  # « La carte est active »


PSC_TABS = ("e-CPS", "Carte CPS")
CARD_TAB = "Carte CPS"
PIN_LENGTH = 4
# Scenarios where the simulated world misbehaves once (the other scenarios are the trainee's
# own mistakes, which the guide suggests); see catalogue.method_a.SCENARIOS.
WORLD_SCENARIOS = ("page_blocked", "qr_expired", "pairing_code_expired")


class MethodA(AppFlow):
    """Method A's state machine. Construction is cheap: the card is opened on first use.

    Screens read: `state` (computer), `app` (the phone), `next_device`, `holder`, `qr_payload`,
    `qr_seconds_left`, `pairing_code`, `pin_tries_left`, `page_blocked`, `psc_tab`, and the
    messages `error` (journal code), `warning`, `notice` (a catalogue key), `card_error`
    (the card layer's last error, a fact the screens word).
    """

    method = "A"
    pairing = AppScreen.SCAN  # « Activer avec un QR code »: the app opens its camera

    def __init__(self, card: CardOpener, *, scenario: str = "nominal", login_screen: bool = True,
                 **flow: Any) -> None:
        """`card` opens a card session; `login_screen` shows the optional Pro Santé Connect
        screen; `flow` goes to Flow (sink, clock, rng, platform, os_version, card_type, source)."""
        super().__init__(**flow)
        self.card, self.scenario, self.login_screen = card, scenario, login_screen
        self.state = Computer.PORTAL
        self.session: CardSession | None = None
        self.pin_tries_left: int | None = None
        self.psc_tab = PSC_TABS[0]
        self.page_blocked = False
        self.qr: Expiring | None = None
        self.code: Expiring | None = None
        self.spent_codes: set[str] = set()  # codes d'ajout used or replaced: they never work again
        self.notice = ""  # a key of catalogue.method_a.NOTICES: advice that is not a journal error
        self.card_error: CardError | None = None  # the card layer's last error
        self._pending = {scenario} & set(WORLD_SCENARIOS)  # one-shot mishaps still to happen

    # ---- What the screens read -------------------------------------------------------------

    @property
    def qr_payload(self) -> str:
        """The payload the computer's QR code shows now (renewed when 90 s have passed)."""
        self.refresh()
        return self.qr.value if self.qr else ""

    @property
    def qr_seconds_left(self) -> int:
        self.refresh()
        return self.qr.seconds_left(self.now()) if self.qr else 0

    @property
    def pairing_code(self) -> str:
        """The code d'ajout the phone displays, or an empty string before the scan."""
        return self.code.value if self.code and self.app == AppScreen.PAIRING_CODE else ""

    @property
    def next_device(self) -> str:
        """Guided mode: 'computer', 'phone', or 'none' once activated or stuck (seed's order)."""
        computer, phone = self.state, self.app
        if computer in (Computer.ACTIVE, Computer.CARD_BLOCKED):
            return "none" if computer == Computer.ACTIVE else "computer"
        if self.page_blocked or computer in (Computer.PORTAL, Computer.PSC_LOGIN,
                                             Computer.CERTIFICATE, Computer.CARD_CODE):
            return "computer"
        if phone in (AppScreen.CLOSED, AppScreen.WELCOME, AppScreen.CGU, AppScreen.CHOOSE):
            return "phone"
        if computer == Computer.QR:
            return "phone" if phone == AppScreen.SCAN else "computer"
        return "computer"

    @property
    def next_screen(self) -> str:
        """The screen the guide talks about: that of `next_device` ('page_blocked' when hidden)."""
        device = self.next_device
        if device == "phone":
            return self.app
        if self.state == Computer.ACTIVATION_HOME and self.page_blocked:
            return "page_blocked"
        return self.state

    # ---- Computer: logging in to the portal with the card ----------------------------------

    def open_pro_sante_connect(self) -> None:
        """« PRO SANTECONNECT » on the portal: the optional login screen, or the card directly."""
        self.require(self.state, Computer.PORTAL)
        self.clear()
        if self.login_screen:
            self.state = Computer.PSC_LOGIN
            self.psc_tab = PSC_TABS[0]
        else:
            self._read_certificate()

    def select_tab(self, tab: str) -> None:
        """A tab of the Pro Santé Connect screen (« e-CPS » or « Carte CPS »)."""
        self.require(self.state, Computer.PSC_LOGIN)
        if tab not in PSC_TABS:
            raise WrongScreen(f"no tab {tab!r}")
        self.clear()
        self.psc_tab = tab

    def connect_with_card(self) -> None:
        """« Se connecter avec la carte CPS » (tab « Carte CPS »): the card's certificates."""
        self.require(self.state, Computer.PSC_LOGIN)
        if self.psc_tab != CARD_TAB:
            raise WrongScreen("« Se connecter avec la carte CPS » is on the « Carte CPS » tab")
        self.clear()
        self._read_certificate()

    def select_certificate(self) -> None:
        """« OK » in « Sélectionnez un certificat »: the browser asks for the card's code."""
        self.require(self.state, Computer.CERTIFICATE)
        self.clear()
        if self._card(self._read_tries):
            self.state = Computer.CARD_CODE

    def enter_card_code(self, pin: str) -> bool:
        """The card's code (code porteur), checked by the card itself. True once logged in."""
        self.require(self.state, Computer.CARD_CODE)
        self.clear()
        if len(pin) != PIN_LENGTH or not pin.isascii() or not pin.isdigit():
            self.notice = "pin_format"  # the dialog refuses it: nothing reaches the card
            return False
        if not self._card(lambda s: s.verify_pin(pin)):
            return False
        self.pin_tries_left = None
        self.emit("portal_login")
        self.state = Computer.ACTIVATION_HOME
        if self._happens("page_blocked"):
            self.page_blocked = True
            self.fail("page_blocked")
        return True

    def unblock_page(self) -> None:
        """The establishment's IT allows the portal page in its security software."""
        self.require(self.state, Computer.ACTIVATION_HOME)
        self.clear()
        self.page_blocked = False

    # ---- Pairing the phone -----------------------------------------------------------------

    def start_activation(self) -> None:
        """« COMMENCER L'ACTIVATION » on the portal: the QR code, valid 90 seconds."""
        self.require(self.state, Computer.ACTIVATION_HOME)
        if self.page_blocked:
            raise WrongScreen("the security software hides « COMMENCER L'ACTIVATION »")
        self.qr = new_qr(self.rng, self.now())
        self.state = Computer.QR
        self.clear()
        self.emit("activation_started")

    def refresh(self) -> bool:
        """Renew the QR code once its 90 seconds are over (as the portal does). True if renewed."""
        if self.qr is None or self.state != Computer.QR or self.qr.is_valid(self.now()):
            return False
        self.qr = new_qr(self.rng, self.now())
        return True

    def scan_qr(self, payload: str | None = None) -> bool:
        """The phone scans `payload` (by default the QR code on the computer's screen now)."""
        self.require(self.app, AppScreen.SCAN)
        self.clear()
        if self.qr is None or self.state != Computer.QR:
            self.notice = "no_qr"  # the camera sees no QR code: nothing happens yet
            return False
        if payload is None:  # the camera sees what the computer shows now
            self.refresh()
            payload = self.qr.value
        shown = self.qr
        late = self._happens("qr_expired")
        if late or payload != shown.value or not shown.is_valid(self.now()):
            self.fail("qr_expired")
            self.qr = new_qr(self.rng, self.now())  # the portal shows a new one
            return False
        self.qr = None
        self._replace_code(new_pairing_code(self.rng, self.now()))
        self.state, self.app = Computer.PAIRING, AppScreen.PAIRING_CODE
        self.emit("qr_scanned")
        return True

    def enter_pairing_code(self, code: str) -> bool:
        """The code d'ajout typed on the computer. True when valid (the portal moves on)."""
        self.require(self.state, Computer.PAIRING)
        self.clear()
        code = normalise_code(code)
        current = self.code
        if current and code == current.value and self._happens("pairing_code_expired"):
            current = self.code = Expiring(current.value, self.now())  # the trainee waited too long
        if current is None or code != current.value:
            self.fail("pairing_code_expired" if code in self.spent_codes else "pairing_code_wrong")
            return False
        if not current.is_valid(self.now()):
            self._replace_code(None)
            self.state, self.app = Computer.QR, AppScreen.SCAN  # pair again with a new QR code
            self.qr = new_qr(self.rng, self.now())
            self.fail("pairing_code_expired")
            return False
        self._replace_code(None)
        self.state = Computer.PASSWORD
        self.paired()
        self.emit("pairing_code_entered")
        return True

    # ---- The password, typed on the computer (the app's rules, in AppFlow) -------------------

    def create_password(self, password: str) -> bool:
        """« Créer votre mot de passe à 4 chiffres ». True when the rules accept it."""
        self.require(self.state, Computer.PASSWORD)
        if not super().create_password(password):
            return False
        self.state = Computer.CONFIRM
        return True

    def confirm_password(self, confirmation: str) -> bool:
        """« Confirmer le mot de passe ». A mismatch goes back to the creation stage."""
        self.require(self.state, Computer.CONFIRM)
        if not super().confirm_password(confirmation):
            self.state = Computer.PASSWORD
            return False
        self.state = Computer.ACTIVE
        return True

    def restart(self) -> None:
        """« ← RECOMMENCER L'ACTIVATION »: back to the portal's activation home, codes spent."""
        self.require(self.state, Computer.QR, Computer.PAIRING, Computer.PASSWORD,
                     Computer.CONFIRM)
        self.clear()
        self.error, self.warning, self.password = "", "", ""
        self.qr = None
        self._replace_code(None)
        self.state = Computer.ACTIVATION_HOME
        if self.app in (AppScreen.PAIRING_CODE, *PASSWORD_SCREENS):
            self.app = AppScreen.SCAN

    @property
    def holder_name(self) -> str:
        holder = self.holder
        return f"{holder.given_name} {holder.surname}" if holder is not None else ""

    # ---- Internals -------------------------------------------------------------------------

    def _read_certificate(self) -> None:
        """Open the card and read the holder's certificate (the browser's certificate list)."""
        self.session = None

        def read(session: CardSession) -> None:
            self.holder = session.identity()

        if self._card(read):
            card_type = getattr(self.holder, "card_type", "")
            if card_type in CARD_TYPES:
                self.context["card_type"] = card_type  # the portal knows it from now on
            self.state = Computer.CERTIFICATE

    def _card(self, operation: Callable[[CardSession], None]) -> bool:
        """Run `operation` on the card session; a card error becomes the screen's message."""
        try:
            if self.session is None:
                self.session = self.card()
            operation(self.session)
            return True
        except CardError as error:
            self._card_failed(error)
            return False

    def _card_failed(self, error: CardError) -> None:
        self.card_error = error
        if isinstance(error, PinWrong):
            self.pin_tries_left = error.tries_left
            self.fail("pin_wrong")
        elif isinstance(error, PinLastTry):
            self.pin_tries_left = 1  # the course refused to risk blocking the card: no event
        elif isinstance(error, PinBlocked):
            self.pin_tries_left = 0
            self.fail("pin_blocked")
            self.state = Computer.CARD_BLOCKED
        else:
            # Removed mid-login, or no reader, no card, not a CPS card, pcscd down: start over.
            self.fail("card_removed" if isinstance(error, CardRemoved) else "card_not_detected")
            self.session, self.state = None, Computer.PORTAL

    def _read_tries(self, session: CardSession) -> None:
        self.pin_tries_left = session.pin_tries_left()  # never consumes a try

    def _replace_code(self, code: Expiring | None) -> None:
        if self.code is not None:
            self.spent_codes.add(self.code.value)
        self.code = code

    def _happens(self, mishap: str) -> bool:
        """True the first time a scenario's mishap is due (it happens once per case)."""
        if mishap in self._pending:
            self._pending.discard(mishap)
            return True
        return False

    def clear(self) -> None:
        """Each action replaces the messages of the previous one (see `AppFlow.clear`)."""
        super().clear()
        self.notice = ""
        self.card_error = None
