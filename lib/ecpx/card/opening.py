"""Opening a session the way the course wants: a real CPS card if there is one, else virtual."""

from __future__ import annotations

import os

from .emulator import DEFAULT_HOLDER
from .errors import CardError, ReaderSupportMissing
from .session import CpsSession
from .virtual import virtual_session

# vsmartcard's readers are virtual: a "real" card is never looked for there unless asked, so a
# virtual card left on vpcd (by tests or `ecpx card emulate`) is not mistaken for the trainee's.
VIRTUAL_READER_PREFIX = "Virtual PCD"
READER_ENV = "ECPX_CARD_READER"  # a reader name (prefix) to use, e.g. "Virtual PCD 00 00"


def open_session(prefer_real: bool = True, holder: str = DEFAULT_HOLDER, blocked: bool = False
                 ) -> CpsSession:
    """A session on a real CPS card when `prefer_real` and one is in a reader; else virtual.

    Any problem on the real side (no pcscd, no reader, no card, another card) falls back to the
    in-process virtual card of `holder`: use `real_session()` to get the error instead.
    """
    if prefer_real:
        try:
            return real_session()
        except CardError:
            pass
    return virtual_session(holder, blocked)


def real_session(reader: str | None = None, skip_virtual: bool = True) -> CpsSession:
    """A session on the CPS card in a PC/SC reader (or raise the CardError that says why not).

    Readers are tried in order, skipping vsmartcard's virtual ones if `skip_virtual`, unless
    `reader` (or the ECPX_CARD_READER variable) names one.
    """
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
