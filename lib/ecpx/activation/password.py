"""The e-CPS password rules (seed, « Créer votre mot de passe à 4 chiffres»), shared by A and B."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

LENGTH = 4


@dataclass(frozen=True)
class PasswordCheck:
    error: str = ""  # an error code of the catalogue, empty when the password is accepted
    looks_like_date: bool = False  # advice only: the seed warns against a date of birth

    @property
    def ok(self) -> bool:
        return not self.error


def check_password(password: str) -> PasswordCheck:
    """Refuse what the seed forbids; flag (without refusing) what it advises against."""
    if len(password) != LENGTH or not password.isascii() or not password.isdigit():
        return PasswordCheck("password_format")
    steps = {int(b) - int(a) for a, b in pairwise(password)}
    if steps == {0}:
        return PasswordCheck("password_identical")
    if steps == {1}:
        return PasswordCheck("password_ascending")
    if steps == {-1}:
        return PasswordCheck("password_descending")
    return PasswordCheck(looks_like_date=looks_like_date(password))


def looks_like_date(password: str) -> bool:
    """A day and month (DDMM or MMDD) or a plausible birth year (1930-2009)."""
    first, last = int(password[:2]), int(password[2:])
    day_month = 1 <= first <= 31 and 1 <= last <= 12
    month_day = 1 <= first <= 12 and 1 <= last <= 31
    return day_month or month_day or 1930 <= int(password) <= 2009


def check_confirmation(password: str, confirmation: str) -> str:
    """The error code for a confirmation that does not match, or an empty string."""
    return "" if password == confirmation else "password_mismatch"
