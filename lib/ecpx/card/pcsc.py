"""Real readers through pcscd, with pyscard's PC/SC API (`smartcard.scard`): discovery,
connection, transactions, waiting for a card, watching insertions.

The connection is shared, every read sequence runs inside an SCardBeginTransaction, and it
disconnects with SCARD_LEAVE_CARD: other programs reading the same card are neither
interleaved nor reset. PC/SC result codes become the toolkit's CardErrors here, so nothing
above this module needs to know pyscard exists (it is imported only by this module).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

from smartcard import scard

from .errors import CardError, CardRemoved, NoCard, NoReader, PcscUnavailable
from .transport import Connection

# PC/SC result codes (pcsc-lite's pcsclite.h) that mean "the card is gone" or "no daemon".
CARD_GONE = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD,
             scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_W_UNRESPONSIVE_CARD,
             0x80100017}  # SCARD_E_READER_UNAVAILABLE
NO_SERVICE = {scard.SCARD_E_NO_SERVICE, 0x8010001E, scard.SCARD_F_INTERNAL_ERROR}
NO_READERS = {scard.SCARD_E_NO_READERS_AVAILABLE}
TIMEOUT = scard.SCARD_E_TIMEOUT
RESET = scard.SCARD_W_RESET_CARD
PROTOCOLS = scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1


def _code(hresult: int) -> int:
    return hresult & 0xFFFFFFFF


def _check(hresult: int, what: str, reader: str = "") -> None:
    """Raise the CardError a PC/SC result code stands for (nothing if it is a success)."""
    code = _code(hresult)
    if code == scard.SCARD_S_SUCCESS:
        return
    text = f"{what}: {scard.SCardGetErrorMessage(hresult)} ({code:08X})"
    if code in NO_SERVICE:
        raise PcscUnavailable(f"pcscd is not running or not reachable ({text}).")
    if code in NO_READERS:
        raise NoReader()
    if code in CARD_GONE:
        raise CardRemoved(reader, f"The card is no longer in {reader or 'the reader'} ({text}).")
    raise CardError(f"PC/SC error in {reader or 'the reader'}: {text}")


@contextlib.contextmanager
def _context() -> Iterator[int]:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    _check(hresult, "SCardEstablishContext")
    try:
        yield context
    finally:
        scard.SCardReleaseContext(context)


def _readers(context: int) -> list[str]:
    hresult, names = scard.SCardListReaders(context, [])
    if _code(hresult) in NO_READERS:
        return []
    _check(hresult, "SCardListReaders")
    return list(names)


def list_readers() -> list[str]:
    """The names of the readers pcscd knows. Raises PcscUnavailable if pcscd does not answer."""
    with _context() as context:
        return _readers(context)


def connect(reader: str | None = None, skip_prefix: str | None = None) -> PcscConnection:
    """Connect to the card in `reader` (a name or its prefix), or in the first reader holding one.

    Raises PcscUnavailable, NoReader (none, or none matching) or NoCard.
    """
    names = _matching(list_readers(), reader, skip_prefix)
    for name in names:
        try:
            return PcscConnection(name)
        except NoCard:
            continue
    raise NoCard(tuple(names))


def _matching(names: list[str], reader: str | None, skip_prefix: str | None = None) -> list[str]:
    if reader:
        names = [n for n in names if n.startswith(reader)]
    elif skip_prefix:
        names = [n for n in names if not n.startswith(skip_prefix)]
    if not names:
        raise NoReader(reader)
    return names


def card_present(reader: str) -> bool:
    """Whether pcscd currently sees a card in `reader` (no connection, nothing sent)."""
    with _context() as context:
        hresult, states = scard.SCardGetStatusChange(
            context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if _code(hresult) != scard.SCARD_S_SUCCESS:
            raise NoReader(reader, f"Reader {reader!r}: {scard.SCardGetErrorMessage(hresult)}")
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)


def wait_for_card(timeout: float, reader: str | None = None,
                  skip_prefix: str | None = None) -> PcscConnection:
    """Wait up to `timeout` seconds for a card in `reader` (or any reader), then connect to it."""
    deadline = time.monotonic() + timeout
    with _context() as context:
        names = _matching(_readers(context), reader, skip_prefix)
        states = [(name, scard.SCARD_STATE_UNAWARE) for name in names]
        while True:
            left = max(0, int((deadline - time.monotonic()) * 1000))
            hresult, states = scard.SCardGetStatusChange(context, left, states)
            if _code(hresult) == TIMEOUT:
                raise NoCard(tuple(names), f"No card inserted within {timeout:g} s.")
            _check(hresult, "SCardGetStatusChange")
            for name, state, _atr in states:
                if state & scard.SCARD_STATE_PRESENT and not state & scard.SCARD_STATE_MUTE:
                    with contextlib.suppress(NoCard):
                        return PcscConnection(name)
            states = [(name, state & ~scard.SCARD_STATE_CHANGED) for name, state, _ in states]
            if time.monotonic() >= deadline:
                raise NoCard(tuple(names), f"No card inserted within {timeout:g} s.")


class PcscConnection(Connection):
    """A shared PC/SC connection to the card in one reader (T=0 or T=1, as the card offers)."""

    def __init__(self, reader: str) -> None:
        self.reader = reader
        hresult, self._context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        _check(hresult, "SCardEstablishContext")
        hresult, self._card, self._protocol = scard.SCardConnect(
            self._context, reader, scard.SCARD_SHARE_SHARED, PROTOCOLS)
        code = _code(hresult)
        if code != scard.SCARD_S_SUCCESS:
            scard.SCardReleaseContext(self._context)
            if code in (scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD,
                        scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_W_UNRESPONSIVE_CARD):
                raise NoCard((reader,))
            if code == scard.SCARD_E_UNKNOWN_READER:
                raise NoReader(reader, f"Reader {reader!r} is gone.")
            _check(hresult, "SCardConnect", reader)
        self.atr = self._status_atr()

    def _status_atr(self) -> bytes:
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._card)
        _check(hresult, "SCardStatus", self.reader)
        return bytes(atr)

    def _begin_transaction(self) -> None:
        hresult = scard.SCardBeginTransaction(self._card)
        if _code(hresult) == RESET:
            # Another program reset the card: our handle must reconnect (the card's own state,
            # such as the selected file, is gone, and each read sequence selects from 3F00).
            hresult, self._protocol = scard.SCardReconnect(
                self._card, scard.SCARD_SHARE_SHARED, PROTOCOLS, scard.SCARD_LEAVE_CARD)
            _check(hresult, "SCardReconnect", self.reader)
            hresult = scard.SCardBeginTransaction(self._card)
        _check(hresult, "SCardBeginTransaction", self.reader)

    def _end_transaction(self) -> None:
        scard.SCardEndTransaction(self._card, scard.SCARD_LEAVE_CARD)

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if _code(hresult) != scard.SCARD_S_SUCCESS:
            if self._card_left():
                raise CardRemoved(self.reader)
            _check(hresult, "SCardTransmit", self.reader)
        if len(response) < 2:  # vpcd answers nothing when the card is pulled mid-command
            if self._card_left():
                raise CardRemoved(self.reader)
            raise CardError(f"The card in {self.reader} gave a malformed answer.")
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]

    def _card_left(self, patience: float = 1.0) -> bool:
        """After a failed exchange: did the card leave? pcscd notices within its poll period
        (about 0.4 s), so ask it again for up to `patience` seconds."""
        deadline = time.monotonic() + patience
        while True:
            hresult, *_ = scard.SCardStatus(self._card)
            if _code(hresult) in CARD_GONE:
                return True
            try:
                if not card_present(self.reader):
                    return True
            except CardError:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def close(self) -> None:
        """Disconnect leaving the card powered and as it is, for the other programs using it."""
        if getattr(self, "_card", None) is not None:
            scard.SCardDisconnect(self._card, scard.SCARD_LEAVE_CARD)
            self._card = None
            scard.SCardReleaseContext(self._context)


class CardWatcher:
    """Calls `on_change(inserted, reader, atr_hex)` whenever a card is inserted or removed,
    from a thread of its own that `stop()` ends (SCardGetStatusChange with a short timeout)."""

    def __init__(self, on_change: Callable[[bool, str, str], None], poll: float = 0.5) -> None:
        self.on_change = on_change
        self.poll = poll
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> CardWatcher:
        self._thread = threading.Thread(target=self._run, daemon=True, name="card-watcher")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5 + self.poll)

    def _run(self) -> None:
        try:
            with _context() as context:
                states = [(name, scard.SCARD_STATE_UNAWARE) for name in _readers(context)]
                present: dict[str, str] = {}
                while not self._stop.is_set() and states:
                    hresult, new = scard.SCardGetStatusChange(
                        context, int(self.poll * 1000), states)
                    if _code(hresult) == TIMEOUT:
                        continue
                    _check(hresult, "SCardGetStatusChange")
                    for name, state, atr in new:
                        atr_hex = bytes(atr).hex(" ").upper()
                        if state & scard.SCARD_STATE_PRESENT and name not in present:
                            present[name] = atr_hex
                            self.on_change(True, name, atr_hex)
                        elif not state & scard.SCARD_STATE_PRESENT and name in present:
                            self.on_change(False, name, present.pop(name))
                    states = [(name, state & ~scard.SCARD_STATE_CHANGED)
                              for name, state, _ in new]
        except CardError:  # pcscd went away: nothing more to watch
            return
