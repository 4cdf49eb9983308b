"""Real readers through pcscd, with pyscard: discovery, connection, waiting, watching.

pyscard's exceptions become the toolkit's CardErrors here, so nothing above this module
needs to know pyscard exists.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

from smartcard import scard
from smartcard.CardRequest import CardRequest
from smartcard.Exceptions import (
    CardConnectionException,
    CardRequestTimeoutException,
    NoCardException,
)
from smartcard.System import readers as pyscard_readers
from smartcard.util import toHexString

from .errors import CardError, CardRemoved, NoCard, NoReader, PcscUnavailable
from .transport import Connection

# PC/SC result codes (pcsc-lite's pcsclite.h) that mean "the card is gone" or "no daemon".
CARD_GONE = {0x80100069, 0x80100068, 0x80100067, 0x8010000C, 0x80100017, 0x80100009}
NO_SERVICE = {0x8010001D, 0x8010001E, 0x80100001}


def list_readers() -> list[str]:
    """The names of the readers pcscd knows. Raises PcscUnavailable if pcscd does not answer."""
    try:
        return [str(r) for r in pyscard_readers()]
    except Exception as error:  # pyscard raises several unrelated types for "no service"
        raise _pcsc_error(error, unavailable=True) from error


def connect(reader: str | None = None, skip_prefix: str | None = None) -> PcscConnection:
    """Connect to the card in `reader` (a name or its prefix), or in the first reader holding one.

    Raises PcscUnavailable, NoReader (none, or none matching) or NoCard.
    """
    names = list_readers()
    if reader:
        names = [n for n in names if n.startswith(reader)]
    elif skip_prefix:
        names = [n for n in names if not n.startswith(skip_prefix)]
    if not names:
        raise NoReader(f"No smart-card reader found{f' named {reader!r}' if reader else ''}.")
    for name in names:
        try:
            return PcscConnection(name)
        except NoCard:
            continue
    raise NoCard(f"No card in {', '.join(names)}.")


def card_present(reader: str) -> bool:
    """Whether pcscd currently sees a card in `reader` (no connection, nothing sent)."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscUnavailable(f"pcscd is not running ({scard.SCardGetErrorMessage(hresult)}).")
    try:
        hresult, states = scard.SCardGetStatusChange(
            context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if hresult != scard.SCARD_S_SUCCESS:
            raise NoReader(f"Reader {reader!r}: {scard.SCardGetErrorMessage(hresult)}")
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)
    finally:
        scard.SCardReleaseContext(context)


def wait_for_card(timeout: float, reader: str | None = None) -> PcscConnection:
    """Wait up to `timeout` seconds for a card to be inserted, then connect to it."""
    wanted = [r for r in _readers() if reader is None or str(r).startswith(reader)]
    if not wanted:
        raise NoReader("No smart-card reader found.")
    try:
        service = CardRequest(timeout=timeout, readers=wanted).waitforcard()
    except CardRequestTimeoutException:
        raise NoCard(f"No card inserted within {timeout:g} s.") from None
    except Exception as error:
        raise _pcsc_error(error) from error
    return PcscConnection(str(service.connection.getReader()))


class PcscConnection(Connection):
    """A pyscard connection to the card in one reader (T=0 or T=1, as the card offers)."""

    def __init__(self, reader: str) -> None:
        self.reader = reader
        match = [r for r in _readers() if str(r) == reader]
        if not match:
            raise NoReader(f"Reader {reader!r} is gone.")
        self._connection = match[0].createConnection()
        try:
            self._connection.connect()
        except NoCardException:
            raise NoCard(f"No card in {reader}.") from None
        except Exception as error:
            raise _pcsc_error(error, missing=NoCard) from error
        self.atr = bytes(self._connection.getATR())

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        try:
            data, sw1, sw2 = self._connection.transmit(list(apdu))
        except Exception as error:
            mapped = _pcsc_error(error)
            if not isinstance(mapped, CardRemoved | PcscUnavailable) and self._card_left():
                mapped = CardRemoved(f"The card was removed during the exchange ({error}).")
            raise mapped from error
        return bytes(data), (sw1 << 8) | sw2

    def _card_left(self, patience: float = 1.0) -> bool:
        """After a failed exchange: did the card leave? pcscd notices within its poll period
        (about 0.4 s), so ask it again for up to `patience` seconds."""
        deadline = time.monotonic() + patience
        while True:
            try:
                self._connection.getATR()
            except Exception:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def close(self) -> None:
        # The card or the daemon may already be gone: then there is nothing left to release.
        with contextlib.suppress(Exception):
            self._connection.disconnect()
        with contextlib.suppress(Exception):
            self._connection.release()  # its PC/SC context too, not at garbage collection


class CardWatcher:
    """Calls `on_change(inserted, reader, atr_hex)` whenever a card is inserted or removed.

    Built on pyscard's CardRequest.waitforcardevent, like its CardMonitor, but with a thread
    of its own that `stop()` really ends (CardMonitor's thread outlives its observers).
    """

    def __init__(self, on_change: Callable[[bool, str, str], None], poll: float = 0.5) -> None:
        self.on_change = on_change
        self.poll = poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> CardWatcher:
        request = CardRequest(timeout=self.poll)
        self._thread = threading.Thread(target=self._run, args=(request,), daemon=True,
                                        name="card-watcher")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5 + self.poll)

    def _run(self, request: CardRequest) -> None:
        known: list = []
        try:
            while not self._stop.is_set():
                try:
                    present = request.waitforcardevent()
                except CardRequestTimeoutException:
                    continue
                except Exception:  # pcscd went away: nothing more to watch
                    return
                for card in present:
                    if card not in known:
                        self.on_change(True, str(card.reader), toHexString(card.atr))
                for card in known:
                    if card not in present:
                        self.on_change(False, str(card.reader), toHexString(card.atr))
                known = list(present)
        finally:
            with contextlib.suppress(Exception):
                request.pcsccardrequest.release()


def _readers() -> list:
    try:
        return pyscard_readers()
    except Exception as error:
        raise _pcsc_error(error, unavailable=True) from error


def _pcsc_error(error: Exception, unavailable: bool = False,
                missing: type[CardError] = CardRemoved) -> CardError:
    """The CardError a pyscard exception stands for."""
    code = getattr(error, "hresult", -1)
    code = code & 0xFFFFFFFF if isinstance(code, int) and code != -1 else None
    text = str(error)
    if code in NO_SERVICE or "Service not available" in text or "service" in text.lower():
        return PcscUnavailable(f"pcscd is not running or not reachable ({text}).")
    if code in CARD_GONE or "removed" in text.lower() or isinstance(error, NoCardException):
        return missing(f"The card is no longer in the reader ({text}).")
    if unavailable:
        return PcscUnavailable(f"PC/SC error: {text}")
    if isinstance(error, CardConnectionException):
        return CardError(f"Reader error: {text}")
    return CardError(f"PC/SC error: {text}")
