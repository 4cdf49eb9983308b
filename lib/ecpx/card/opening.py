"""The one way to open a card: a real reader or the virtual card, and why.

Policy (the course's chapters 02 and 05 and the CLI all go through `open_card`):

- a real reader is used only when the caller says the user explicitly chose it (`real=True`);
- never when the course is served to a class (`ECPX_CLASSROOM=1`, set by `ecpx serve
  --classroom` for the server and its kernels): then PC/SC is not touched at all, not even to
  list the readers, and `ECPX_CARD_READER` is ignored — the trainees' kernels run on the
  trainer's machine, and the card in its reader is the trainer's;
- otherwise `ECPX_CARD_READER` (or `reader`) names the reader; vsmartcard's virtual readers are
  skipped unless named, so a virtual card left on vpcd is not mistaken for the user's.

The result carries the session and the reason (a code, the catalogue words it for learners).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from .errors import CardError, ReaderSupportMissing, RealReaderNotAllowed
from .session import CpsSession

VIRTUAL_READER_PREFIX = "Virtual PCD"
READER_ENV = "ECPX_CARD_READER"  # a reader name (prefix) to use, e.g. "Virtual PCD 00 00"
CLASSROOM_ENV = "ECPX_CLASSROOM"  # "1": served to a class, never touch the server's readers
log = logging.getLogger("ecpx.card")


class Reason(Enum):
    """Why this card was opened."""

    VIRTUAL_BY_DEFAULT = "virtual_by_default"  # the user did not ask for a real card
    CLASSROOM = "classroom"  # a real card was asked for, but the course is served to a class
    REAL_CHOSEN = "real_chosen"  # a real card was asked for, and this is it
    REAL_UNAVAILABLE = "real_unavailable"  # asked for, none usable (`error` says why): virtual


@dataclass
class OpenedCard:
    session: CpsSession
    reason: Reason
    error: CardError | None = None  # what kept a real card from being used

    @property
    def is_real(self) -> bool:
        return self.reason is Reason.REAL_CHOSEN


def classroom_mode() -> bool:
    """Whether the course is served to a class (`ECPX_CLASSROOM` set to anything but 0/empty)."""
    return os.environ.get(CLASSROOM_ENV, "").strip() not in ("", "0")


def open_card(real: bool, virtual: Callable[[], CpsSession] | None = None,
              reader: str | None = None, skip_virtual: bool = True) -> OpenedCard:
    """Open the card the policy allows (see the module docstring).

    `virtual` opens the virtual card to fall back on; without it, a real card that cannot be
    used raises its CardError (RealReaderNotAllowed in classroom mode) instead. The CLI passes
    `skip_virtual=False`: a support tool reads whatever reader holds a card.
    """
    if real and classroom_mode():
        if virtual is None:
            raise RealReaderNotAllowed(
                f"{CLASSROOM_ENV} is set: the course is served to a class, so the server's "
                "card readers are not used.")
        log.debug("classroom mode: the virtual card, PC/SC untouched")
        return OpenedCard(virtual(), Reason.CLASSROOM)
    if not real:
        if virtual is None:
            raise ValueError("open_card(real=False) needs a virtual card to open")
        return OpenedCard(virtual(), Reason.VIRTUAL_BY_DEFAULT)
    try:
        return OpenedCard(real_session(reader, skip_virtual), Reason.REAL_CHOSEN)
    except CardError as error:
        if virtual is None:
            raise
        log.debug("fallback: no usable real card (%s): the virtual card", error)
        return OpenedCard(virtual(), Reason.REAL_UNAVAILABLE, error)


def real_session(reader: str | None = None, skip_virtual: bool = True) -> CpsSession:
    """A session on the CPS card in a PC/SC reader (or raise the CardError that says why not).

    Low level: callers that serve a user go through `open_card`, which applies the policy.
    Readers are tried in order, skipping vsmartcard's virtual ones if `skip_virtual`, unless
    `reader` (or the ECPX_CARD_READER variable) names one.
    """
    if classroom_mode():  # a second lock on the same door: never the trainer's card
        raise RealReaderNotAllowed(f"{CLASSROOM_ENV} is set: the server's readers are not used.")
    try:
        from . import pcsc  # pyscard is only imported when a real reader is wanted
    except ImportError as error:  # the [card] extra is not installed
        raise ReaderSupportMissing() from error

    reader = reader or os.environ.get(READER_ENV) or None
    skip = VIRTUAL_READER_PREFIX if skip_virtual and not reader else None
    connection = pcsc.connect(reader, skip_prefix=skip)
    try:
        return CpsSession(connection)
    except CardError:
        connection.close()
        raise
