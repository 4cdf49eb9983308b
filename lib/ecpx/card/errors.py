"""Card errors, each with a French message for learners and an English one for the CLI."""

from __future__ import annotations


class CardError(Exception):
    """Base of every card error. `str(error)` is the English message."""

    message_fr = "Un problème est survenu avec la carte ou le lecteur."

    def __init__(self, message_en: str = "", message_fr: str = "") -> None:
        super().__init__(message_en or self.__class__.__doc__ or "card error")
        if message_fr:
            self.message_fr = message_fr


class PcscUnavailable(CardError):
    """The PC/SC service (pcscd) is not running: start it with `systemctl start pcscd`."""

    message_fr = (
        "Le service des lecteurs de cartes (pcscd) ne répond pas : vérifiez qu'il est démarré, "
        "ou demandez à votre support informatique."
    )


class ReaderSupportMissing(CardError):
    """Real readers need pyscard, which is not installed: pip install 'ecpx[card]'."""


class NoReader(CardError):
    """No smart-card reader is connected."""

    message_fr = "Aucun lecteur de carte n'est branché : branchez votre lecteur puis réessayez."


class NoCard(CardError):
    """No card is in the reader."""

    message_fr = "Aucune carte n'est insérée dans le lecteur : insérez votre carte CPS."


class CardRemoved(CardError):
    """The card was removed from the reader during the operation."""

    message_fr = (
        "La carte a été retirée pendant la lecture : réinsérez-la et recommencez."
    )


class NotACpsCard(CardError):
    """The card in the reader is not a CPS card."""

    message_fr = "Cette carte n'est pas une carte CPS."


class PinBlocked(CardError):
    """The card's PIN is blocked: it needs the 8-digit unblock code."""

    message_fr = (
        "Le code porteur de votre carte est bloqué. Débloquez-le avec le code de déblocage "
        "(8 chiffres) reçu avec votre carte, ou contactez le service client des cartes : "
        "0 825 85 2000, Monserviceclient.cartes@esante.gouv.fr."
    )


class PinLastTry(CardError):
    """Only one PIN try is left: the course refuses to present a PIN that could block the card."""

    message_fr = (
        "Il ne reste qu'un seul essai avant le blocage de votre carte : la formation ne vous "
        "fera pas prendre ce risque. En cas de doute, utilisez le code de déblocage (8 chiffres) "
        "reçu avec votre carte, ou contactez le service client des cartes."
    )


class PinWrong(CardError):
    """A wrong PIN was presented; `tries_left` says how many remain."""

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        plural = "s" if tries_left > 1 else ""
        super().__init__(
            f"Wrong PIN: {tries_left} tr{'ies' if tries_left > 1 else 'y'} left.",
            f"Code porteur incorrect : il vous reste {tries_left} essai{plural}.",
        )


class ApduError(CardError):
    """The card answered a command with an error status word."""

    def __init__(self, sw: int, meaning: str = "") -> None:
        self.sw = sw
        super().__init__(f"Card answered {sw:04X}" + (f": {meaning}" if meaning else ""))


class PinFormatInvalid(CardError):
    """The card code (code porteur) must be exactly 4 digits."""

    message_fr = "Le code porteur de votre carte se compose de 4 chiffres."
