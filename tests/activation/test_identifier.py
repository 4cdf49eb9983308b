"""The national identifier typed in « Votre identifiant RPPS »: forms, hints and the Luhn key."""

from __future__ import annotations

import pytest
from ecpx.activation.identifier import (
    check_national_id,
    luhn_check_digit,
    luhn_is_valid,
)
from ecpx.texts.method_b import IDENTIFIER_HINTS

# Generated for the tests (99 + digits + Luhn key): not anyone's RPPS number.
RPPS = "99123456784"
assert luhn_is_valid(RPPS)


def test_luhn_on_the_textbook_example():
    assert luhn_is_valid("79927398713")
    assert not luhn_is_valid("79927398710")
    assert luhn_check_digit("7992739871") == "3"


@pytest.mark.parametrize("payload", ["9912345678", "9900000000", "9999999999", "1234567890"])
def test_the_check_digit_completes_a_valid_number(payload):
    full = payload + luhn_check_digit(payload)
    assert luhn_is_valid(full)
    wrong = payload + str((int(full[-1]) + 1) % 10)
    assert not luhn_is_valid(wrong)


def test_8_plus_rpps_is_accepted():
    check = check_national_id("8" + RPPS)
    assert check.ok and check.kind == "RPPS" and check.national_id == "8" + RPPS


def test_spaces_are_tolerated_including_non_breaking_ones():
    check = check_national_id(" 8 9912\u00a03456 784 ")
    assert check.ok and check.national_id == "8" + RPPS


def test_0_plus_adeli_is_accepted_without_a_check_digit():
    check = check_national_id("0123456789")  # the seed's example
    assert check.ok and check.kind == "ADELI" and check.national_id == "0123456789"


def test_an_11_digit_rpps_gets_the_hint_to_add_an_8():
    check = check_national_id("12345678901")
    assert not check.ok and check.hint == "add_8"
    assert "ajoutez un «\u00a08\u00a0»" in IDENTIFIER_HINTS[check.hint]


def test_a_9_digit_adeli_gets_the_hint_to_add_a_0():
    assert check_national_id("123456789").hint == "add_0"


def test_a_wrong_check_digit_is_refused():
    typo = "8" + RPPS[:-1] + "1"
    assert check_national_id(typo).hint == "check_digit"


def test_two_swapped_digits_are_caught():
    swapped = "8" + RPPS[:3] + RPPS[4] + RPPS[3] + RPPS[5:]
    assert swapped != "8" + RPPS
    assert check_national_id(swapped).hint == "check_digit"


def test_the_seeds_example_rpps_is_only_an_example():
    # 812345678901 illustrates the form; its RPPS part has no valid Luhn key.
    assert check_national_id("812345678901").hint == "check_digit"


@pytest.mark.parametrize(("typed", "hint"), [
    ("", "empty"),
    ("   ", "empty"),
    ("8991234567A0", "characters"),
    ("8-99-123", "characters"),
    ("８" + RPPS, "characters"),  # full-width digit: not ASCII
    ("9" + RPPS, "prefix_8"),
    ("1123456789", "prefix_0"),
    ("12345", "length"),
    ("8" + RPPS + "0", "length"),
])
def test_other_mistakes_get_a_precise_hint(typed, hint):
    check = check_national_id(typed)
    assert not check.ok and check.hint == hint
    assert IDENTIFIER_HINTS[hint]
