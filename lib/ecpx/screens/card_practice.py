"""Chapter 05's view-model: which card is in which reader, and what the last action said.

It sits in the screens layer (it is the screens' model, not the course's domain): a plain
object whose actions the chapter's screens (`screens.card_view`, each a `Screen`) run through
their one action path, then redraw from its state. Cards are
opened only through `ecpx.card.open_card`: the virtual card by default, the learner's own card
only after « Utiliser ma propre carte dans le lecteur », and never when the course is served to
a class. A PIN is presented only by `try_pin` (an explicit click); the card session refuses the
last try and never presents to a blocked PIN.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ecpx.card import CpsSession, open_card, virtual_session
from ecpx.card.emulator import OtherCard, VirtualCard, VirtualCps3
from ecpx.card.errors import CardError, CardRemoved, NoCard, NoPin
from ecpx.card.opening import Reason
from ecpx.texts.card import PIN, READER, VIRTUAL_CARDS

log = logging.getLogger(__name__)
REMOVE_AFTER_APDUS = 5  # « retirer pendant la lecture »: a few commands into the certificate


class CardPractice:
    """Which card is in which reader, and what the last action said (see the module)."""

    def __init__(self, reader: str | None = None) -> None:
        self.reader_name = reader  # a reader to use when the learner chooses their own card
        self.session: CpsSession | None = None
        self.virtual: VirtualCard | None = None
        self.choice = "medecin"  # the virtual card in the virtual reader (a VIRTUAL_CARDS key)
        self.wants_real = False  # the learner chose « Utiliser ma propre carte dans le lecteur »
        self.reason = ""  # why this card (an ecpx.card.opening.Reason value)
        self.is_real = False
        self.reader = ""
        self.kind = ""  # CardKind value of the card read
        self.holder = None  # ecpx.card.Holder, or None
        self.serial = ""
        self.tries: int | None = None  # PIN tries left, or None when unknown
        self.error: Exception | None = None  # the error of the last action (the catalogue words it)
        self.notice = ""  # a success or hint line
        self.origin = ""  # which screen's click the error or notice answers: "reader" or "pin"

    @property
    def virtual_pin(self) -> str:
        return self.virtual.holder.pin if isinstance(self.virtual, VirtualCps3) else ""

    # -- actions (each one a click) ---------------------------------------------------------
    def start(self) -> None:
        """The chapter opens on the virtual card: no reader is looked at."""
        self._act(lambda: self._open(real=False), "reader")

    def use_own_card(self) -> None:
        """« Utiliser ma propre carte dans le lecteur »: the learner's explicit choice."""
        self._act(lambda: self._open(real=True), "reader")

    def detect(self) -> None:
        """Read the card again, the same way it was chosen."""
        self._act(lambda: self._open(real=self.wants_real), "reader")

    def insert(self, choice: str) -> None:
        """Put the chosen virtual card in the virtual reader (taking out the previous one)."""
        self.choice = choice
        self._act(lambda: self._open(real=False), "reader")

    def remove(self) -> None:
        """Pull the virtual card out of the reader."""
        def run():
            if self.virtual is not None and self.virtual.present:
                self.virtual.remove()
            self._reset()
            raise NoCard()
        self._act(run, "reader")

    def remove_during_read(self) -> None:
        """Pull the virtual card out while its certificate is being read (CardRemoved)."""
        def run():
            if self.session is None or self.virtual is None or self.is_real:
                raise NoCard()
            self.virtual.remove_after_apdus(REMOVE_AFTER_APDUS)
            try:
                self.session.identity()
            except CardError:
                self.notice = READER["removed_during_read_hint"]
                raise
            finally:
                self._reset()
        self._act(run, "reader")

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
        except Exception as error:  # a learner must never see a traceback
            log.exception("unexpected error in chapter 05")
            self.error = error  # the catalogue says it as an unexpected problem

    def _session(self) -> CpsSession:
        if self.session is None:
            raise NoCard()
        return self.session

    def _open(self, real: bool) -> None:
        """Open a card through the one opener; read what can be read without a PIN."""
        self._reset()
        self.wants_real = real
        opened = open_card(real=real, virtual=self._virtual_session, reader=self.reader_name)
        self.reason, self.is_real = opened.reason.value, opened.is_real
        self.session = opened.session
        self.reader = opened.session.reader if opened.is_real else READER["virtual_reader"]
        self.kind = opened.session.kind.value
        if opened.reason is Reason.REAL_UNAVAILABLE:
            self.error = opened.error  # said beside the virtual card the course goes on with
        self._read(self.session)

    def _read(self, session: CpsSession) -> None:
        """Holder, serial number and tries left: each read on its own, so that one refused
        (an application that does not open) does not hide the others; the first error is
        raised at the end, a removed card at once."""
        def holder():
            self.holder = session.identity()

        def serial():
            self.serial = session.serial_number()

        def tries():
            try:
                self.tries = session.pin_tries_left()
            except NoPin:  # a contactless card: nothing to count
                self.tries = None

        failed: CardError | None = None
        for read in (holder, serial, tries):
            try:
                read()
            except CardRemoved:
                raise
            except CardError as error:
                failed = failed or error
        if failed is not None:
            raise failed

    def _virtual_session(self) -> CpsSession:
        _, holder, blocked, vitale = VIRTUAL_CARDS[self.choice]
        self.virtual = OtherCard() if vitale else VirtualCps3(holder, blocked=blocked)
        return virtual_session(card=self.virtual)

    def _reset(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session, self.holder, self.serial, self.tries, self.kind = None, None, "", None, ""
        self.is_real = False
        self.reader = READER["virtual_reader"]
