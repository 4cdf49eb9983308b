"""The virtual cards: a CPS3 that answers like the public facts say, and a non-CPS card.

A virtual card only turns command APDUs into response APDUs; where it is plugged in (this
process, or pcscd through vpcd) is the job of `transport.InProcessConnection` and `vpcd.py`.
It records every command it receives (`apdu_log`), so tests can prove what was and was not sent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..constants import MAX_READ, PIN_LENGTH, PIN_MAX_TRIES, UNBLOCK_CODE_LENGTH, FileId, Ins, Sw
from ..tlv import encode
from .files import CardFile, build_filesystem
from .holders import DEFAULT_HOLDER, FictitiousHolder, holder_named
from .layouts import DEFAULT_LAYOUT, LAYOUTS, Layout
from .pkcs15_app import PIN_REFERENCE

CHAINED_PIECE = 32  # with the "chaining" layout, GET RESPONSE hands data out in pieces this big

# The first CPS3 contact ATR of cps-cards.md (pcsc-tools list, ANS Cryptolib): T=0.
CPS3_ATR = bytes.fromhex("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00")
# A Carte Vitale 2 ATR, as listed in Debian's pcsc-tools `smartcard_list.txt`.
VITALE_ATR = bytes.fromhex("3B 75 13 00 00 45 09 EA 90 00")
# The PIN's access rules in the published GET DATA answer (OpenSC issue #2275).
PIN_ACLS = bytes.fromhex("F3000013FF00")
UNBLOCKS = 3  # how many times the unblock code may be used (ANS: "limited"; 3 here)


def sw_bytes(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


def _more_bytes(pending: bytes) -> int:
    """61xx: xx bytes wait for GET RESPONSE (61 00 meaning 256 or more)."""
    return 0x6100 | (len(pending) if len(pending) < 256 else 0)


def split_apdu(apdu: bytes) -> tuple[bytes, int | None] | None:
    """(data, Le) of a short command APDU, Le 0 meaning 256; None if the lengths do not add up."""
    body = apdu[4:]
    if not body:
        return b"", None
    if len(body) == 1:
        return b"", body[0] or 256
    lc, rest = body[0], body[1 + body[0]:]
    data = body[1 : 1 + lc]
    if lc == 0 or len(data) != lc or len(rest) > 1:
        return None
    return data, (rest[0] or 256) if rest else None


class VirtualCard:
    """What every virtual card shares: an ATR, presence, removal, and a log of commands."""

    def __init__(self, atr: bytes) -> None:
        self.atr = atr
        self.present = True
        self.insertions = 0  # bumped on each insertion: connections opened before are dead
        self.apdu_log: list[bytes] = []
        self._remove_in: int | None = None
        self._listeners: list[Callable[[bool], None]] = []
        self._lock = threading.RLock()

    # -- presence ---------------------------------------------------------------------------
    def remove(self) -> None:
        """Pull the card out of its reader."""
        with self._lock:
            self.present = False
            self._remove_in = None
        self._notify(False)

    def insert(self) -> None:
        """Put the card (back) in: a fresh power-on state, as after a real insertion."""
        with self._lock:
            self.present = True
            self.insertions += 1
            self.reset()
        self._notify(True)

    def remove_after_apdus(self, count: int) -> None:
        """Answer `count` more commands, then vanish while the next one is being answered."""
        self._remove_in = count

    def on_presence_change(self, listener: Callable[[bool], None]) -> None:
        """Call `listener(present)` after each insertion or removal (the vpcd bridge uses it)."""
        self._listeners.append(listener)

    def _notify(self, present: bool) -> None:
        for listener in list(self._listeners):
            listener(present)

    # -- commands ---------------------------------------------------------------------------
    def power_on(self) -> bytes:
        """Cold reset: the card forgets its security state and answers its ATR."""
        self.reset()
        return self.atr

    def reset(self) -> None:
        """Back to the state after power-on (subclasses forget what was selected or verified)."""

    def process(self, apdu: bytes) -> bytes | None:
        """Answer one command APDU with a response APDU; None if the card was pulled meanwhile."""
        with self._lock:
            if not self.present:
                return None
            self.apdu_log.append(bytes(apdu))
            if self._remove_in is not None:
                if self._remove_in == 0:
                    removed = True
                else:
                    self._remove_in -= 1
                    removed = False
            else:
                removed = False
        if removed:
            self.remove()
            return None
        if len(apdu) < 4:
            return sw_bytes(Sw.WRONG_LENGTH)
        return self.answer(apdu)

    def answer(self, apdu: bytes) -> bytes:
        return sw_bytes(Sw.INS_NOT_SUPPORTED)

    def received(self, ins: int) -> list[bytes]:
        """The logged commands with this instruction byte."""
        return [a for a in self.apdu_log if len(a) > 1 and a[1] == ins]


class OtherCard(VirtualCard):
    """A card that is not a CPS (a Carte Vitale by default): it knows none of the CPS files."""

    def __init__(self, atr: bytes = VITALE_ATR) -> None:
        super().__init__(atr)

    def answer(self, apdu: bytes) -> bytes:
        if apdu[1] == Ins.SELECT:
            return sw_bytes(Sw.FILE_NOT_FOUND)
        return sw_bytes(Sw.INS_NOT_SUPPORTED)


class VirtualCps3(VirtualCard):
    """A CPS3 contact card: files readable without PIN, a 4-digit PIN with 3 tries, an unblock code.

    Like a T=0 card, a command that both sends data and expects some (SELECT with FCP,
    GET DATA) is answered `61 xx`, and the data is fetched with GET RESPONSE.
    """

    def __init__(self, holder: FictitiousHolder | str = DEFAULT_HOLDER, blocked: bool = False,
                 layout: Layout | str = DEFAULT_LAYOUT) -> None:
        self.layout = LAYOUTS[layout] if isinstance(layout, str) else layout
        super().__init__(self.layout.atr)
        self.holder = holder_named(holder) if isinstance(holder, str) else holder
        self.mf = build_filesystem(self.holder, self.layout)
        self.pin = self.holder.pin
        self.pin_tries_left = 0 if blocked or self.layout.blocked else PIN_MAX_TRIES
        if self.layout.pulled_after is not None:
            self.remove_after_apdus(self.layout.pulled_after)
        self.unblock_tries_left = PIN_MAX_TRIES
        self.unblocks_left = UNBLOCKS
        self.reset()

    def reset(self) -> None:
        self.current_df: CardFile = self.mf
        self.current_ef: CardFile | None = None
        self.pin_verified = False
        self._pending = b""
        self._announced: tuple[int, int] | None = None  # chaining: the 6Cxx last answered

    @property
    def blocked(self) -> bool:
        return self.pin_tries_left == 0

    def answer(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        parts = split_apdu(apdu)
        if parts is None:
            return sw_bytes(Sw.WRONG_LENGTH)
        data, le = parts
        if cla != 0x00:
            return sw_bytes(Sw.CLA_NOT_SUPPORTED)
        if ins != Ins.GET_RESPONSE:
            self._pending = b""
        if ins != Ins.READ_BINARY:
            self._announced = None
        handler = {
            Ins.SELECT: self._select,
            Ins.READ_BINARY: self._read_binary,
            Ins.GET_RESPONSE: self._get_response,
            Ins.GET_DATA: self._get_data,
            Ins.VERIFY: self._verify,
            Ins.RESET_RETRY_COUNTER: self._reset_retry_counter,
        }.get(ins)
        if handler is None:
            return sw_bytes(Sw.INS_NOT_SUPPORTED)
        return handler(p1, p2, data, le)

    # -- file system ------------------------------------------------------------------------
    def _select(self, p1: int, p2: int, data: bytes, le: int | None) -> bytes:
        target = self._lookup(p1, data)
        if isinstance(target, int):
            return sw_bytes(target)
        parent, found = target
        if found.is_df:
            self.current_df, self.current_ef = found, None
        else:
            self.current_df, self.current_ef = parent, found
        if p2 & 0x0C == 0x0C:
            return sw_bytes(Sw.OK)
        return self._respond(found.fcp())

    def _lookup(self, p1: int, data: bytes) -> tuple[CardFile, CardFile] | int:
        """(parent DF, file) named by SELECT's P1 and data, or the error status word.

        As OpenSC's CPx driver relies on: `3F00` alone names the MF whatever P1, and a path
        (P1 08 or 09) that starts with `3F00` starts from the MF.
        """
        mf = FileId.MF.to_bytes(2, "big")
        if data == mf or (p1 == 0x00 and not data):
            return self.mf, self.mf
        if p1 in (0x00, 0x01, 0x02):
            found = self._walk(self.current_df, data)
        elif p1 == 0x04:
            named = self._find_named(self.mf, data)
            found = (self.mf, named) if named else Sw.FILE_NOT_FOUND
        elif p1 in (0x08, 0x09):
            start = self.mf if p1 == 0x08 or data.startswith(mf) else self.current_df
            found = self._walk(start, data[2:] if data.startswith(mf) else data)
        else:
            return Sw.WRONG_P1P2
        if (self.layout.application_sw is not None and not isinstance(found, int)
                and found[1].name == bytes(self.layout.aid)):
            return self.layout.application_sw  # the application is refused however named
        return found

    @staticmethod
    def _walk(start: CardFile, path: bytes) -> tuple[CardFile, CardFile] | int:
        if not path or len(path) % 2:
            return Sw.WRONG_DATA
        parent, current = start, start
        for i in range(0, len(path), 2):
            child = current.children.get(int.from_bytes(path[i : i + 2], "big"))
            if child is None:
                return Sw.FILE_NOT_FOUND
            parent, current = current, child
        return parent, current

    def _find_named(self, df: CardFile, name: bytes) -> CardFile | None:
        if df.name == name:
            return df
        for child in df.children.values():
            found = self._find_named(child, name) if child.is_df else None
            if found:
                return found
        return None

    def _read_binary(self, p1: int, p2: int, data: bytes, le: int | None) -> bytes:
        if p1 & 0x80:  # short file identifier (OpenSC reads EF.SN.ICC so): selects it too
            found = self.current_df.by_sfi(p1 & 0x1F)
            if found is None:
                return sw_bytes(Sw.FILE_NOT_FOUND)
            self.current_ef, p1 = found, 0
        if self.current_ef is None:
            return sw_bytes(Sw.NO_CURRENT_EF)
        content, offset = self.current_ef.content, (p1 << 8) | p2
        if offset >= len(content):
            return sw_bytes(Sw.WRONG_OFFSET)
        wanted = le or 256
        if wanted > MAX_READ:
            exact = min(MAX_READ, len(content) - offset)
            if self.layout.chaining:  # this 6Cxx is the announce: asked again, it answers
                self._announced = (offset, exact)
            return sw_bytes(Sw.WRONG_LE | exact)
        if self.layout.chaining:
            return self._read_chained(content, offset, wanted)
        chunk = content[offset : offset + wanted]
        return chunk + sw_bytes(Sw.OK if len(chunk) == wanted else Sw.END_OF_FILE)

    def _read_chained(self, content: bytes, offset: int, wanted: int) -> bytes:
        """Say the exact length first (6Cxx); asked again with it, answer in 61xx pieces."""
        exact = min(wanted, len(content) - offset)
        if self._announced != (offset, wanted):
            self._announced = (offset, exact)
            return sw_bytes(Sw.WRONG_LE | exact)
        self._announced = None
        chunk = content[offset : offset + exact]
        self._pending = chunk[CHAINED_PIECE:]
        if self._pending:
            return chunk[:CHAINED_PIECE] + sw_bytes(_more_bytes(self._pending))
        return chunk + sw_bytes(Sw.OK)

    # -- T=0 response chaining --------------------------------------------------------------
    def _respond(self, payload: bytes) -> bytes:
        """Keep the answer for GET RESPONSE and say how long it is."""
        self._pending = payload
        return sw_bytes(_more_bytes(payload))

    def _get_response(self, p1: int, p2: int, data: bytes, le: int | None) -> bytes:
        if not self._pending:
            return sw_bytes(Sw.CONDITIONS_NOT_SATISFIED)
        size = min(le or 256, CHAINED_PIECE) if self.layout.chaining else le or 256
        chunk, self._pending = self._pending[:size], self._pending[size:]
        if self._pending:
            return chunk + sw_bytes(_more_bytes(self._pending))
        return chunk + sw_bytes(Sw.OK)

    # -- PIN ---------------------------------------------------------------------------------
    def _get_data(self, p1: int, p2: int, data: bytes, le: int | None) -> bytes:
        """The PIN's security data object BF81<ref>, asked for with a header list (4D).

        Answered as in the published trace of a real CPx (OpenSC issue #2275): its control
        parameters A0 { 9A max tries, 9B tries left, A1 { 8C ACLs } }. Asked for its public
        data (7F41, as OpenSC first does), the card refuses with 6A80: **silent** in the public
        record; OpenSC then asks for A0, which needs a refusal of this family (6A80/6A86/6B00).
        """
        if self.layout.get_data_sw is not None:
            return sw_bytes(self.layout.get_data_sw)
        if (p1, p2) != (0x3F, 0xFF):
            return sw_bytes(Sw.WRONG_P1P2)
        # The request is a header list (4D) naming BF81<ref>: not nested TLVs, so look for it.
        at = data.find(b"\xBF\x81")
        if at < 0 or at + 2 >= len(data) or data[at + 2] != PIN_REFERENCE:
            return sw_bytes(Sw.REFERENCE_NOT_FOUND)
        if b"\xA0\x80" not in data[at + 3:]:
            return sw_bytes(Sw.WRONG_DATA)
        info = (encode(0x9A, bytes([PIN_MAX_TRIES])) + encode(0x9B, bytes([self.pin_tries_left]))
                + encode(0xA1, encode(0x8C, PIN_ACLS)))
        payload = encode(0x70, encode(0xBF8100 | PIN_REFERENCE, encode(0xA0, info)))
        return self._respond(payload)

    def _verify(self, p1: int, p2: int, data: bytes, le: int | None) -> bytes:
        if p1 != 0x00 or p2 != PIN_REFERENCE:
            return sw_bytes(Sw.REFERENCE_NOT_FOUND)
        if self.blocked:
            return sw_bytes(Sw.AUTH_METHOD_BLOCKED)
        if not data:  # asking for the state costs nothing
            return sw_bytes(Sw.OK if self.pin_verified else Sw.VERIFY_FAILED | self.pin_tries_left)
        if data.rstrip(b"\xff") == self.pin.encode():
            self.pin_tries_left, self.pin_verified = PIN_MAX_TRIES, True
            return sw_bytes(Sw.OK)
        self.pin_tries_left -= 1
        self.pin_verified = False
        return sw_bytes(Sw.VERIFY_FAILED | self.pin_tries_left)

    def _reset_retry_counter(self, p1: int, p2: int, data: bytes, le: int | None) -> bytes:
        """Unblock: data = the 8-digit unblock code then a new 4-digit PIN."""
        if p1 != 0x00 or p2 != PIN_REFERENCE:
            return sw_bytes(Sw.REFERENCE_NOT_FOUND)
        if len(data) != UNBLOCK_CODE_LENGTH + PIN_LENGTH or not data.isdigit():
            return sw_bytes(Sw.WRONG_DATA)
        if self.unblock_tries_left == 0 or self.unblocks_left == 0:
            return sw_bytes(Sw.AUTH_METHOD_BLOCKED)
        if data[:UNBLOCK_CODE_LENGTH] != self.holder.unblock_code.encode():
            self.unblock_tries_left -= 1
            return sw_bytes(Sw.VERIFY_FAILED | self.unblock_tries_left)
        self.unblock_tries_left = PIN_MAX_TRIES
        self.unblocks_left -= 1
        self.pin = data[UNBLOCK_CODE_LENGTH:].decode()
        self.pin_tries_left = PIN_MAX_TRIES
        return sw_bytes(Sw.OK)
