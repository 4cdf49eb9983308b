"""Pairing the phone with the portal: the QR code's payload and the one-time code d'ajout.

The QR code is valid 90 seconds, then the portal shows a new one (ANS industriels FAQ). The
code d'ajout starts with a letter followed by digits (seed: « P28658 ») and works once.

Assumptions of the course (no public source): the payload's format (a fictitious URI, so that a
trainee's phone scanning the training QR code never reaches a real service) and the code
d'ajout's lifetime (5 minutes).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import datetime, timedelta

QR_LIFETIME = timedelta(seconds=90)
PAIRING_CODE_LIFETIME = timedelta(minutes=5)  # assumption: not published
PAIRING_CODE_LENGTH = 6
PAYLOAD_PREFIX = "ecpx-formation://appairage/"  # fictitious: never a real e-CPS link


@dataclass(frozen=True)
class Expiring:
    """A value (QR payload or code d'ajout) and the moment it stops being accepted."""

    value: str
    expires_at: datetime

    def seconds_left(self, now: datetime) -> int:
        return max(0, int((self.expires_at - now).total_seconds() + 0.999))

    def is_valid(self, now: datetime) -> bool:
        return now < self.expires_at


def new_qr(rng: random.Random, now: datetime) -> Expiring:
    """A fresh QR payload: a random token that only this QR code carries."""
    return Expiring(f"{PAYLOAD_PREFIX}{rng.getrandbits(64):016x}", now + QR_LIFETIME)


def new_pairing_code(rng: random.Random, now: datetime) -> Expiring:
    """A fresh code d'ajout: one capital letter, then five digits (like P28658)."""
    letter = rng.choice(string.ascii_uppercase)
    digits = f"{rng.randrange(10 ** (PAIRING_CODE_LENGTH - 1)):05d}"
    return Expiring(letter + digits, now + PAIRING_CODE_LIFETIME)


def normalise_code(code: str) -> str:
    """What the trainee typed, as the portal compares it (spaces dropped, letter in capitals)."""
    return "".join(code.split()).upper()
