"""The APDU layer: formats commands, follows response chaining, turns status words into errors.

Every exchange is logged at DEBUG on the `ecpx.card` logger (off unless logging is configured,
e.g. `ecpx card info --debug`); the data of a VERIFY (a PIN) is never logged, only its length.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from .constants import Ins, Sw
from .errors import ApduError
from .transport import Connection

MAX_SHORT = 0xFF
log = logging.getLogger("ecpx.card")


def format_apdu(cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None
                ) -> bytes:
    """A short ISO 7816-4 command APDU: header, optional Lc + data, optional Le (0 = 256)."""
    if len(data) > MAX_SHORT:
        raise ValueError("command data longer than 255 bytes needs extended APDUs")
    apdu = bytes([cla, ins, p1, p2])
    if data:
        apdu += bytes([len(data)]) + data
    if le is not None:
        apdu += bytes([le & 0xFF])
    return apdu


def masked(apdu: bytes) -> str:
    """The command in hex for a log, with a VERIFY's (or an unblock's) data replaced by '*'."""
    if len(apdu) > 5 and apdu[1] in (Ins.VERIFY, Ins.RESET_RETRY_COUNTER):
        return apdu[:5].hex(" ").upper() + " " + " ".join("**" for _ in apdu[5:])
    return apdu.hex(" ").upper()


class CardProtocol:
    """Sends commands over a connection; the answer is data, or an ApduError carrying the SW."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def exchange(self, apdu: bytes) -> tuple[bytes, int]:
        """One command and its raw answer, logged."""
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s > %s", self.connection.reader, masked(apdu))
        response, sw = self.connection.send_and_receive(apdu)
        if log.isEnabledFor(logging.DEBUG):
            log.debug("%s < %s%04X", self.connection.reader,
                      response.hex(" ").upper() + " " if response else "", sw)
        return response, sw

    def send_apdu(
        self,
        cla: int,
        ins: int,
        p1: int,
        p2: int,
        data: bytes = b"",
        le: int | None = None,
        accept: Collection[int] = (Sw.OK,),
    ) -> bytes:
        """Send one command and return all its response data (following 61xx and 6Cxx)."""
        apdu = format_apdu(cla, ins, p1, p2, data, le)
        response, sw = self.exchange(apdu)
        if sw >> 8 == 0x6C and le is not None:  # wrong Le: the card says how many to ask for
            response, sw = self.exchange(apdu[:-1] + bytes([sw & 0xFF]))
        while sw >> 8 == 0x61:  # more bytes are waiting: fetch them with GET RESPONSE
            more, sw = self.exchange(format_apdu(0x00, Ins.GET_RESPONSE, 0, 0, le=sw & 0xFF))
            response += more
        if sw not in accept:
            raise ApduError(sw, Sw.describe(sw))
        return response
