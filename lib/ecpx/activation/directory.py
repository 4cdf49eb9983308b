"""A fictitious national directory (Annuaire Santé) answering method B's activation request.

Method B sends the activation e-mail and SMS to the correspondence details registered in the
directory, so the request can fail for reasons the identifier alone cannot show: nobody has
this identifier, the card is not a CPS (method B is for CPS cards only, per the seed), or the
details are out of date. The data is `data/annuaire-fictif.csv` (see `annuaire-fictif.md`):
nobody in it is real.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ecpx.resources import data_file

DEFAULT_PATH = data_file("annuaire-fictif.csv")
ELIGIBLE_CARD = "CPS"  # the seed: « uniquement pour les cartes CPS »


@dataclass(frozen=True)
class Professional:
    national_id: str
    first_name: str
    last_name: str
    profession: str
    card_type: str  # CPS, CPE, CPA, CDE or CPF
    email: str
    mobile: str
    details_up_to_date: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Directory:
    """Professionals by national identifier; `lookups` counts the questions it was asked."""

    def __init__(self, professionals: Iterable[Professional]) -> None:
        self.professionals = tuple(professionals)
        self._by_id = {p.national_id: p for p in self.professionals}
        self.lookups = 0

    def find(self, national_id: str) -> Professional | None:
        self.lookups += 1
        return self._by_id.get(national_id)

    def request_error(self, national_id: str) -> tuple[Professional | None, str]:
        """The holder and the catalogue error code refusing an activation request ("" if none)."""
        holder = self.find(national_id)
        if holder is None:
            return None, "identifier_unknown"
        if holder.card_type != ELIGIBLE_CARD:
            return holder, "card_type_not_eligible"
        if not holder.details_up_to_date:
            return holder, "details_outdated"
        return holder, ""

    def first(self, *, card_type: str = ELIGIBLE_CARD, up_to_date: bool = True) -> Professional:
        """A holder of this kind (the course's examples, the log generator's cases)."""
        for p in self.professionals:
            if p.card_type == card_type and p.details_up_to_date == up_to_date:
                return p
        raise LookupError(f"no {card_type} holder with up_to_date={up_to_date}")

    @classmethod
    def from_csv(cls, path: str | Path) -> Directory:
        with open(path, newline="", encoding="utf-8") as f:
            return cls(_professional(row) for row in csv.DictReader(f))


def _professional(row: dict[str, str]) -> Professional:
    return Professional(
        national_id=row["national_id"], first_name=row["first_name"],
        last_name=row["last_name"], profession=row["profession"], card_type=row["card_type"],
        email=row["email"], mobile=row["mobile"],
        details_up_to_date=row["details_up_to_date"] == "true",
    )


@cache
def fictitious_directory() -> Directory:
    """The shipped fictitious directory, read once per process.

    Its `lookups` counter is shared by every flow that uses it; tests that count lookups build
    their own `Directory`.
    """
    return Directory.from_csv(DEFAULT_PATH)
