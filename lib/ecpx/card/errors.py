"""Card errors: typed, carrying facts (status word, tries left, reader, card kind).

`str(error)` is one English line for the CLI and logs. Words for learners are not here: the
course's catalogue (`ecpx.texts.card.card_error_text`) turns each type into French.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .atr import CardIdentity


class CardError(Exception):
    """Base of every card error. `str(error)` is the English message."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or (self.__class__.__doc__ or "card error").splitlines()[0])


class PcscUnavailable(CardError):
    """The PC/SC service (pcscd) is not running: start it with `systemctl start pcscd`."""


class ReaderSupportMissing(CardError):
    """Real readers need pyscard, which is not installed: pip install 'ecpx[card]'."""


class NoReader(CardError):
    """No smart-card reader is connected."""

    def __init__(self, reader: str | None = None, message: str = "") -> None:
        self.reader = reader
        super().__init__(message or (f"No smart-card reader named {reader!r}." if reader
                                     else "No smart-card reader found."))


class NoCard(CardError):
    """No card is in the reader."""

    def __init__(self, readers: tuple[str, ...] = (), message: str = "") -> None:
        self.readers = readers
        super().__init__(message or (f"No card in {', '.join(readers)}." if readers
                                     else "No card in the reader."))


class CardRemoved(CardError):
    """The card was removed from the reader during the operation."""

    def __init__(self, reader: str = "", message: str = "") -> None:
        self.reader = reader
        super().__init__(message or f"The card was removed{f' from {reader}' if reader else ''}"
                         " during the operation.")


class NotACpsCard(CardError):
    """The card in the reader is not a CPS card; `card` says what the ATR says it is."""

    def __init__(self, reader: str, card: CardIdentity) -> None:
        self.reader, self.card = reader, card
        what = card.description or "unknown card"
        super().__init__(f"The card in {reader} is not a CPS card ({what}).")


class RealReaderNotAllowed(CardError):
    """The course is served to a class (ECPX_CLASSROOM): the server's readers are not used."""


class NoPin(CardError):
    """This card has no PIN the toolkit can read (a CPS3 read contactless)."""


class NoCertificate(CardError):
    """The card lists no certificate."""


class PinBlocked(CardError):
    """The card's PIN is blocked: it needs the 8-digit unblock code."""


class PinLastTry(CardError):
    """Only one PIN try is left: the toolkit refuses to present a PIN that could block the card."""


class PinFormatInvalid(CardError):
    """The card code (PIN) must be exactly 4 digits."""


class PinWrong(CardError):
    """A wrong PIN was presented; `tries_left` says how many remain."""

    def __init__(self, tries_left: int) -> None:
        self.tries_left = tries_left
        super().__init__(f"Wrong PIN: {tries_left} tr{'ies' if tries_left > 1 else 'y'} left.")


class ApduError(CardError):
    """The card answered a command with an error status word (`sw`)."""

    def __init__(self, sw: int, meaning: str = "") -> None:
        self.sw = sw
        super().__init__(f"Card answered {sw:04X}" + (f": {meaning}" if meaning else ""))


class ApplicationNotAvailable(ApduError):
    """SELECT of the card's application was refused (as yubikit's ApplicationNotAvailableError)."""

    def __init__(self, sw: int, aid: bytes) -> None:
        self.aid = aid
        super().__init__(sw, f"the CPS application {aid.hex().upper()} is not available")
