"""Chapter 05's model: which card is in which reader, and what the last action said.

Plain Python (no widgets), so tests drive it directly and `ecpx.screens.card_view` only redraws
from it. It reads a real CPS card when one is in a real reader, else it uses the in-process
virtual card. It presents a PIN only in `try_pin`, which only an explicit click calls; the card
session itself refuses the last try and never presents to a blocked PIN.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ecpx.activation.catalogue.card import PIN, READER, UNEXPECTED, VIRTUAL_CARDS
from ecpx.card import CpsSession, Holder, virtual_session
from ecpx.card.emulator import OtherCard, VirtualCard, VirtualCps3
from ecpx.card.errors import CardError, NoCard, NotACpsCard, ReaderSupportMissing
from ecpx.card.opening import real_session

log = logging.getLogger(__name__)
REMOVE_AFTER_APDUS = 5  # « retirer pendant la lecture »: a few commands into the certificate


class CardPractice:
    def __init__(self, prefer_real: bool = True,
                 open_real: Callable[[], CpsSession] = real_session) -> None:
        self.prefer_real = prefer_real
        self.open_real = open_real
        self.choice = "medecin"
        self.session: CpsSession | None = None
        self.virtual: VirtualCard | None = None
        self.is_real = False
        self.reader = ""
        self.holder: Holder | None = None
        self.serial = ""
        self.tries: int | None = None
        self.error: CardError | None = None  # shown with its message_fr
        self.notice = ""  # a success or hint line
        self.origin = ""  # which screen's click the error or notice answers: "reader" or "pin"
        self._listeners: list[Callable[[], None]] = []

    # -- what the view observes -------------------------------------------------------------
    def observe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener()

    @property
    def virtual_pin(self) -> str:
        return self.virtual.holder.pin if isinstance(self.virtual, VirtualCps3) else ""

    # -- actions (each one a click) ---------------------------------------------------------
    def detect(self) -> None:
        """A real CPS card if one is in a real reader (when preferred), else the virtual card."""
        def run():
            missing = False
            if self.prefer_real:
                try:
                    session = self.open_real()
                except NotACpsCard as error:  # a real reader holds the wrong card: say which
                    self._reset(real=True)
                    raise error
                except ReaderSupportMissing:
                    session = None  # this install cannot read real cards: say how to enable it
                    missing = True
                except CardError:
                    session = None  # no pcscd, reader or card: the virtual card will do
                if session is not None:
                    self._use(session, real=True)
                    return
            self._insert_virtual(self.choice)
            if missing:
                self.notice = READER["enable_real_reader"]
        self._act(run, "reader")

    def insert(self, choice: str) -> None:
        """Put the chosen virtual card in the virtual reader (taking out the previous one)."""
        self.choice = choice
        self._act(lambda: self._insert_virtual(choice), "reader")

    def remove(self) -> None:
        """Pull the virtual card out of the reader."""
        def run():
            if self.virtual is not None and self.virtual.present:
                self.virtual.remove()
            self._reset(real=self.is_real)
            self.reader = READER["virtual_reader"] if not self.is_real else self.reader
            raise NoCard()
        self._act(run, "reader")

    def remove_during_read(self) -> None:
        """Pull the virtual card out while its certificate is being read (CardRemoved)."""
        def run():
            if self.session is None or self.virtual is None:
                raise NoCard()
            self.virtual.remove_after_apdus(REMOVE_AFTER_APDUS)
            try:
                self.session.identity()
            finally:
                self._reset(real=False)
                self.reader = READER["virtual_reader"]
        self._act(run, "reader")
        if self.error is not None:
            self.notice = READER["removed_during_read_hint"]
            self._changed()

    def check_tries(self) -> None:
        """Read the tries left (never consumes one)."""
        def run():
            self.tries = self._session().pin_tries_left()
            self.notice = PIN["free_check"]
        self._act(run, "pin")

    def try_pin(self, pin: str) -> None:
        """Present the PIN: the trainee's explicit choice. The session refuses the last try."""
        def run():
            session = self._session()
            try:
                session.verify_pin(pin)
                self.notice = PIN["right"]
            finally:
                try:
                    self.tries = session.pin_tries_left()
                except CardError:
                    self.tries = None
        self._act(run, "pin")

    # -- internals --------------------------------------------------------------------------
    def _act(self, action: Callable[[], None], origin: str) -> None:
        """Run one action; a card error becomes the state to show, never a traceback."""
        self.error, self.notice, self.origin = None, "", origin
        try:
            action()
        except CardError as error:
            self.error = error
        except Exception:  # a learner must never see a traceback
            log.exception("unexpected error in chapter 05")
            self.error = CardError("unexpected error", UNEXPECTED)
        self._changed()

    def _session(self) -> CpsSession:
        if self.session is None:
            raise NoCard()
        return self.session

    def _insert_virtual(self, choice: str) -> None:
        _, holder, blocked, vitale = VIRTUAL_CARDS[choice]
        self._reset(real=False)
        self.reader = READER["virtual_reader"]
        self.virtual = OtherCard() if vitale else VirtualCps3(holder, blocked=blocked)
        self._use(virtual_session(card=self.virtual), real=False)

    def _use(self, session: CpsSession, real: bool) -> None:
        self._reset(real=real)
        self.session, self.reader = session, (
            session.reader if real else READER["virtual_reader"])
        self.holder = session.identity()
        self.serial = session.serial_number()
        self.tries = session.pin_tries_left()

    def _reset(self, real: bool) -> None:
        if self.session is not None:
            self.session.close()
        self.session, self.holder, self.serial, self.tries = None, None, "", None
        self.is_real = real
