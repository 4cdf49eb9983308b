"""The e-CPS app on the phone, modelled once for both methods.

The app goes through the same screens in methods A and B: it is installed (or the phone is too
old for it), opened, its CGU accepted, then the trainee chooses how to activate; after the
pairing it asks for the password (created, then confirmed) and shows the activated e-CPS. Only
the pairing differs: with the card (A) the app scans the portal's QR code and shows a code
d'ajout to type on the computer; with the correspondence details (B) it sends a request, then
scans the e-mail's QR code (or is opened by it) and reads the SMS code.

    AppFlow.open_app()              « Ouvrir l'application e-CPS »   app_opened | os_unsupported
    AppFlow.start()                 « COMMENCER L'ACTIVATION »       -
    AppFlow.accept_cgu()            accept the CGU                   cgu_accepted
    AppFlow.choose()                the method's way to activate     - (the first pairing screen)
    ... the pairing: the method's own actions, ending with `paired()`
    AppFlow.create_password(pw)     4 digits                         password_created | password_*
    AppFlow.confirm_password(pw)    the same 4 digits                password_confirmed + activated
                                                                     | password_mismatch

`app` is the screen the app shows (`AppScreen`). The methods add their pairing actions, and in
method A the computer's screen (`state`), which the password screens follow.
"""

from __future__ import annotations

from typing import Any

from ecpx.activation.flow import Flow
from ecpx.activation.password import check_confirmation, check_password


class AppScreen:
    """The app's screens, in the seed's order. The same names in both methods."""

    CLOSED = "closed"  # the phone's home screen: « Ouvrir l'application e-CPS »
    UNSUPPORTED = "unsupported"  # the phone is too old for the app (iOS < 15, old Android)
    WELCOME = "welcome"  # « COMMENCER L'ACTIVATION »
    CGU = "cgu"  # conditions générales d'utilisation
    CHOOSE = "choose"  # how to activate: with the card (A) or the correspondence details (B)
    # The pairing with the card (method A)
    SCAN = "scan"  # the camera (A: aimed at the computer; B: at the e-mail on the computer)
    PAIRING_CODE = "pairing_code"  # « Saisissez ce code d'ajout sur votre ordinateur »
    # The pairing with the correspondence details (method B)
    KIND = "kind"  # « J'ai un identifiant RPPS »
    FORM = "form"  # « Demande d'activation »: the national identifier
    SENT = "sent"  # « Demande envoyée »: read the e-mail
    SMS = "sms"  # « Par SMS »
    CODE = "code"  # the SMS code, typed when the app does not pick it up
    # The password (on the phone in method B; on the computer in method A, the app waiting)
    PASSWORD_CREATE = "password_create"
    PASSWORD_CONFIRM = "password_confirm"
    ACTIVATED = "activated"  # the e-CPS, with what it allows


PASSWORD_SCREENS = (AppScreen.PASSWORD_CREATE, AppScreen.PASSWORD_CONFIRM)


class AppFlow(Flow):
    """An activation in the e-CPS app: the app's screens and the actions both methods share.

    Subclasses set `pairing` (the app's screen once the way to activate is chosen), call
    `paired()` when their pairing is done, and may extend `clear()` (what each action resets).
    """

    pairing = ""

    def __init__(self, *, supported: bool = True, **flow: Any) -> None:
        """`supported`: the phone can install the app; `flow` goes to Flow."""
        super().__init__(**flow)
        self.supported = supported
        self.app = AppScreen.CLOSED
        self.holder: Any = None  # who activates (the card's holder, or the directory's entry)
        self.password = ""

    # ---- The app's actions ------------------------------------------------------------------

    def open_app(self) -> bool:
        """« Ouvrir l'application e-CPS ». False when the phone cannot run it."""
        self.require(self.app, AppScreen.CLOSED)
        self.clear()
        if not self.supported:
            self.app = AppScreen.UNSUPPORTED
            self.fail("os_unsupported")
            return False
        self.app = AppScreen.WELCOME
        self.emit("app_opened")
        return True

    def start(self) -> None:
        """The app's « COMMENCER L'ACTIVATION »: the conditions générales d'utilisation."""
        self.require(self.app, AppScreen.WELCOME)
        self.clear()
        self.app = AppScreen.CGU

    def accept_cgu(self) -> None:
        """« Accepter les conditions générales d'utilisation »."""
        self.require(self.app, AppScreen.CGU)
        self.clear()
        self.app = AppScreen.CHOOSE
        self.emit("cgu_accepted")

    def choose(self) -> None:
        """The method's way to activate (A: with a QR code; B: a request): its pairing starts."""
        self.require(self.app, AppScreen.CHOOSE)
        self.clear()
        self.app = self.pairing

    def paired(self) -> None:
        """The pairing is done: the app asks for the password."""
        self.app = AppScreen.PASSWORD_CREATE

    # The password rules are the same in both methods (seed: « Créez puis confirmez »).
    def create_password(self, password: str) -> bool:
        """« Créer votre mot de passe à 4 chiffres ». True when the rules accept it."""
        self.require(self.app, AppScreen.PASSWORD_CREATE)
        self.clear()
        check = check_password(password)
        if not check.ok:
            self.fail(check.error)
            return False
        self.password = password
        self.warning = "birth_date" if check.looks_like_date else ""
        self.emit("password_created")
        self.app = AppScreen.PASSWORD_CONFIRM
        return True

    def confirm_password(self, confirmation: str) -> bool:
        """« Confirmer le mot de passe ». A mismatch goes back to the creation stage."""
        self.require(self.app, AppScreen.PASSWORD_CONFIRM)
        self.clear()
        error = check_confirmation(self.password, confirmation)
        if error:
            self.fail(error)
            self.app, self.password, self.warning = AppScreen.PASSWORD_CREATE, "", ""
            return False
        self.emit("password_confirmed")
        self.app = AppScreen.ACTIVATED
        self.emit("activated")
        return True

    # ---- What the screens read --------------------------------------------------------------

    @property
    def activated(self) -> bool:
        return self.app == AppScreen.ACTIVATED

    @property
    def holder_name(self) -> str:
        """The name the app shows once activated ("" before anyone is known)."""
        return ""

    def clear(self) -> None:
        """Each action replaces the message of the previous one (the warning stays: it is
        advice about the password that was just accepted)."""
        self.error = ""
