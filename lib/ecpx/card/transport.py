"""The connection interface every transport implements, and the in-process one.

A connection sends one command APDU and returns the card's data and status word, nothing more
(chaining and errors belong to the protocol layer). Implementations: `pcsc.PcscConnection`
(a real reader through pcscd) and `InProcessConnection` (an emulated card in this process).

`transaction()` groups commands that must not be interleaved with another program's (a
SELECT and the READ BINARY of what it selected; reading the tries left then presenting a PIN).
"""

from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import CardRemoved, NoCard

if TYPE_CHECKING:
    from .emulator.card import VirtualCard

IN_PROCESS_READER = "ecpx in-process virtual reader"


class Connection(ABC):
    """An open channel to one card in one reader."""

    reader: str
    atr: bytes
    _transaction_depth = 0

    @cached_property
    def _transaction_lock(self) -> threading.RLock:
        return threading.RLock()

    @abstractmethod
    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        """Send a command APDU; return (response data, status word). Raise CardRemoved if gone."""

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """No other program talks to the card until the block ends (nested blocks join the
        outer one)."""
        with self._transaction_lock:
            depth = self._transaction_depth
            if depth == 0:
                self._begin_transaction()
            self._transaction_depth = depth + 1
            try:
                yield
            finally:
                self._transaction_depth = depth
                if depth == 0:
                    self._end_transaction()

    def _begin_transaction(self) -> None:  # noqa: B027 (optional for implementations)
        """Take the card for this program alone."""

    def _end_transaction(self) -> None:  # noqa: B027 (optional for implementations)
        """Give the card back, leaving it as it is."""

    def close(self) -> None:  # noqa: B027 (optional for implementations)
        """Release the card (and the reader), leaving the card powered for other programs."""

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class InProcessConnection(Connection):
    """Drives an emulated card directly, so the whole stack runs without pcscd or a reader."""

    def __init__(self, card: VirtualCard, reader: str = IN_PROCESS_READER) -> None:
        if not card.present:
            raise NoCard((reader,))
        self.card = card
        self.reader = reader
        self.atr = card.power_on()
        # A card pulled and put back is a new card for PC/SC: this connection stays dead.
        self._insertion = card.insertions

    def send_and_receive(self, apdu: bytes) -> tuple[bytes, int]:
        if not self.card.present or self.card.insertions != self._insertion:
            raise CardRemoved(self.reader)
        response = self.card.process(bytes(apdu))
        if response is None:  # the card was pulled while answering
            raise CardRemoved(self.reader)
        return response[:-2], int.from_bytes(response[-2:], "big")
