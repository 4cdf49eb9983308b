"""The national identifier typed in « Votre identifiant RPPS »: 8 + RPPS, or 0 + ADELI.

The seed's forms: 12 digits (an "8" before the 11-digit RPPS number, e.g. 812345678901) or
10 digits (a "0" before the 9-digit ADELI number, e.g. 0123456789); spaces are tolerated, as
the number is often copied from the card in groups. The RPPS number ends in a Luhn check digit
(standard Luhn over its 11 digits; the leading "8" is not part of it), so most typos are caught
here, before the directory is asked. ADELI numbers have no published check rule: only their
form is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

RPPS_PREFIX, ADELI_PREFIX = "8", "0"
RPPS_LENGTH, ADELI_LENGTH = 11, 9


@dataclass(frozen=True)
class IdentifierCheck:
    national_id: str = ""  # the normalised identifier (digits only) when accepted
    kind: str = ""  # "RPPS" or "ADELI" when accepted
    hint: str = ""  # why it was refused: a key of catalogue.method_b.IDENTIFIER_HINTS

    @property
    def ok(self) -> bool:
        return not self.hint


def luhn_is_valid(digits: str) -> bool:
    """True when `digits` ends in its Luhn check digit."""
    return luhn_sum(digits) % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit to append to `payload` so that the whole passes the Luhn check."""
    return str((10 - luhn_sum(payload + "0")) % 10)


def luhn_sum(digits: str) -> int:
    # From the right, every second digit is doubled (and 9 taken off when above 9).
    backwards = digits[::-1]
    return (sum(map(int, backwards[0::2]))
            + sum(_DOUBLED[int(char)] for char in backwards[1::2]))


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def check_national_id(text: str) -> IdentifierCheck:
    """Accept 8 + RPPS or 0 + ADELI, or say precisely what to correct."""
    typed = "".join(text.split())  # every kind of space, including non-breaking ones
    if not typed:
        return IdentifierCheck(hint="empty")
    if not (typed.isascii() and typed.isdigit()):
        return IdentifierCheck(hint="characters")
    length = len(typed)
    if length == RPPS_LENGTH + 1:
        if not typed.startswith(RPPS_PREFIX):
            return IdentifierCheck(hint="prefix_8")
        if not luhn_is_valid(typed[1:]):
            return IdentifierCheck(hint="check_digit")
        return IdentifierCheck(typed, "RPPS")
    if length == ADELI_LENGTH + 1:
        if not typed.startswith(ADELI_PREFIX):
            return IdentifierCheck(hint="prefix_0")
        return IdentifierCheck(typed, "ADELI")
    if length == RPPS_LENGTH:
        return IdentifierCheck(hint="add_8")
    if length == ADELI_LENGTH:
        return IdentifierCheck(hint="add_0")
    return IdentifierCheck(hint="length")
