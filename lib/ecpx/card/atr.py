"""Which card is in the reader, from its ATR: a CPS generation, or a named other card.

CPS ATRs and the ANS mask come from the ANS Cryptolib and pcsc-tools (see the README). Any
other card is named from pcsc-tools' list when it is installed, so a trainee who inserted the
wrong card can be told which one it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import cache
from pathlib import Path

SMARTCARD_LIST = Path("/usr/share/pcsc/smartcard_list.txt")

CPS3_CONTACT = bytes.fromhex("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00")
# The ANS driver's mask: it keeps the ATR's first byte, the ANS bytes `00 12 25 00 64 80`
# and the trailer, and ignores the bytes that vary between masks and versions.
CPS3_MASK = bytes.fromhex("FF 00 00 00 00 FF FF FF FF FF FF 00 00 00 FF FF FF")
CPS3_CONTACTLESS = bytes.fromhex("3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E")
CPS4_ATRS = (
    bytes.fromhex("3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"),
    # T=0-only CPS4 (pcsc-tools, Oct 2024): it also fits the CPS3 mask, so it is checked first.
    bytes.fromhex("3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00"),
)


class CardKind(Enum):
    CPS3 = "CPS3"
    CPS3_CONTACTLESS = "CPS3 (contactless)"
    CPS4 = "CPS4"
    OTHER = "not a CPS card"


@dataclass(frozen=True)
class CardIdentity:
    """What the ATR says: the kind of card and, for other cards, what pcsc-tools calls it."""

    atr: bytes
    kind: CardKind
    description: str = ""

    @property
    def is_cps(self) -> bool:
        return self.kind is not CardKind.OTHER

    @property
    def family(self) -> str:
        """What kind of card this is, as a code: cps, old_cps, vitale, bank, other, unknown
        (the catalogue names it for learners; `description` is pcsc-tools' own words)."""
        text = self.description.lower()
        if self.is_cps:
            return "cps"
        if re.search(r"\bcps\b|professionnel de sant", text):
            return "old_cps"
        if "vitale" in text:
            return "vitale"
        if re.search(r"bank|banc|credit|debit|visa|mastercard|\bemv\b", text):
            return "bank"
        return "other" if self.description else "unknown"


def identify_atr(atr: bytes, card_list: Path = SMARTCARD_LIST) -> CardIdentity:
    """Recognise CPS3 (contact, with the ANS mask), CPS3 contactless and CPS4; name the rest."""
    atr = bytes(atr)
    if atr in CPS4_ATRS:
        return CardIdentity(atr, CardKind.CPS4)
    if atr == CPS3_CONTACTLESS:
        return CardIdentity(atr, CardKind.CPS3_CONTACTLESS)
    if len(atr) == len(CPS3_MASK) and all(
        (a & m) == (r & m) for a, r, m in zip(atr, CPS3_CONTACT, CPS3_MASK, strict=True)
    ):
        return CardIdentity(atr, CardKind.CPS3)
    return CardIdentity(atr, CardKind.OTHER, describe_atr(atr, card_list))


def describe_atr(atr: bytes, card_list: Path = SMARTCARD_LIST) -> str:
    """The first description pcsc-tools gives this ATR ("" if unknown or the list is missing)."""
    text = " ".join(f"{b:02X}" for b in atr)
    for pattern, description in _patterns_of_length(card_list, len(atr)):
        if pattern.fullmatch(text):
            return description
    return ""


@cache
def _patterns_of_length(card_list: Path, length: int) -> tuple[tuple[re.Pattern[str], str], ...]:
    """The list's ATR patterns of one length, compiled (pcsc-tools' ATR lines are regexes:
    `..` is any byte, `.` any half-byte, `[..]` a choice)."""
    compiled = []
    for pattern, description in _load_card_list(card_list):
        if len(pattern.split()) == length:
            try:
                compiled.append((re.compile(pattern.upper()), description))
            except re.error:  # a malformed line in the list: skip it
                continue
    return tuple(compiled)


@cache
def _load_card_list(card_list: Path) -> tuple[tuple[str, str], ...]:
    """(ATR pattern, first description line) pairs, in the list's order."""
    try:
        lines = card_list.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    entries, pattern = [], None
    for line in lines:
        if line.startswith("\t"):
            if pattern is not None:  # keep the first description line only
                entries.append((pattern, line.strip()))
                pattern = None
        elif not line.strip() or line.startswith("#"):
            pattern = None
        else:
            pattern = line.strip()
    return tuple(entries)
