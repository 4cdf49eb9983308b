"""The fictitious directory: lookups, eligibility, and the shipped file's promises."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

from ecpx.activation.directory import (
    DEFAULT_PATH,
    Directory,
    Professional,
    fictitious_directory,
)
from ecpx.activation.events import CARD_TYPES
from ecpx.activation.identifier import check_national_id

DOC = DEFAULT_PATH.with_suffix(".md")


def _pro(national_id: str, card: str = "CPS", up_to_date: bool = True) -> Professional:
    return Professional(national_id, "Test", "FICTIF", "Médecin", card,
                        "test@example.org", "06 39 98 00 00", up_to_date)


def test_request_errors():
    directory = Directory([_pro("1"), _pro("2", "CPE"), _pro("3", up_to_date=False),
                           _pro("4", "CPF", up_to_date=False)])
    assert directory.request_error("1") == (directory.find("1"), "")
    assert directory.request_error("2")[1] == "card_type_not_eligible"
    assert directory.request_error("3")[1] == "details_outdated"
    assert directory.request_error("4")[1] == "card_type_not_eligible"  # card type first
    assert directory.request_error("5") == (None, "identifier_unknown")


def test_lookups_are_counted():
    directory = Directory([_pro("1")])
    directory.find("1")
    directory.request_error("9")
    assert directory.lookups == 2


def test_the_shipped_directory_covers_every_outcome():
    directory = fictitious_directory()
    outcomes = {directory.request_error(p.national_id)[1] for p in directory.professionals}
    assert outcomes == {"", "card_type_not_eligible", "details_outdated"}
    assert {p.card_type for p in directory.professionals} == set(CARD_TYPES)
    assert {check_national_id(p.national_id).kind for p in directory.professionals} == {
        "RPPS", "ADELI"}
    assert directory.first().name == "Camille FICTIF"


def test_nobody_in_the_shipped_file_is_real():
    with DEFAULT_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        check = check_national_id(row["national_id"])
        assert check.ok, row  # RPPS ones pass the Luhn check
        prefix = "899" if check.kind == "RPPS" else "000"
        assert row["national_id"].startswith(prefix), row  # outside every real range
        assert re.fullmatch(r"[a-z.]+@example\.(org|test)", row["email"]), row
        assert re.fullmatch(r"06 39 98 \d\d \d\d", row["mobile"]), row  # ARCEP fiction block
        assert row["fictitious"] == "true"
    assert len({row["national_id"] for row in rows}) == len(rows)


def test_the_documented_recipe_makes_exactly_the_shipped_file(tmp_path):
    recipe = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[1]
    script = tmp_path / "make_annuaire.py"
    script.write_text(recipe, encoding="utf-8")
    output = tmp_path / "annuaire.csv"
    subprocess.run([sys.executable, str(script), str(output)], check=True)
    assert output.read_bytes() == Path(DEFAULT_PATH).read_bytes()
