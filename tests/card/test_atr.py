"""Card identification from the ATR: CPS generations, and other cards named by pcsc-tools."""

from __future__ import annotations

from pathlib import Path

import pytest
from ecpx.card.atr import SMARTCARD_LIST, CardKind, describe_atr, identify_atr
from ecpx.texts.card import what_card_it_is


def atr(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00", CardKind.CPS3),
    ("3B AC 00 40 2A 00 12 25 00 64 80 82 02 12 00 90 00", CardKind.CPS3),  # other mask
    ("3B AC 00 40 2A 00 12 25 00 64 80 99 99 99 00 90 00", CardKind.CPS3),  # ANS mask
    ("3B 8F 80 01 00 31 B8 64 04 B0 EC C1 73 94 01 80 82 90 00 0E", CardKind.CPS3_CONTACTLESS),
    ("3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44", CardKind.CPS4),
    ("3B DC 18 FF 00 00 12 25 00 64 80 00 04 01 00 90 00", CardKind.CPS4),
    ("3B AC 00 40 2A 00 12 26 00 64 80 00 03 10 00 90 00", CardKind.OTHER),  # not ANS bytes
    ("3B 75 13 00 00 45 09 EA 90 00", CardKind.OTHER),
])
def test_cps_generations(text, kind):
    assert identify_atr(atr(text)).kind is kind


def test_system_list_is_installed():
    if not SMARTCARD_LIST.exists():
        pytest.fail(f"{SMARTCARD_LIST} is missing: apt-get install pcsc-tools")


def test_vitale_card_is_named_from_the_system_list():
    identity = identify_atr(atr("3B 75 13 00 00 45 09 EA 90 00"))
    assert "Vitale" in identity.description
    assert identity.family == "vitale" and what_card_it_is(identity) == "une carte Vitale"


def test_wildcards_of_the_list_are_honoured(tmp_path: Path):
    listing = tmp_path / "list.txt"
    listing.write_text("# comment\n3B 02 .. 4[05]\n\tTest card A\n\tsecond line\n\n"
                       "3B 02 14 50\n\tShadowed\n")
    assert describe_atr(atr("3B 02 99 45"), listing) == "Test card A"
    assert describe_atr(atr("3B 02 99 46"), listing) == ""
    assert describe_atr(atr("3B 02 14 50"), listing) == "Shadowed"


def test_missing_list_gives_a_generic_name(tmp_path: Path):
    identity = identify_atr(atr("3B 75 13 00 00 45 09 EA 90 00"), tmp_path / "absent.txt")
    assert identity.description == ""
    assert identity.family == "unknown"
    assert what_card_it_is(identity) == "une carte inconnue"
