"""The card layer knows nothing of the course: no French learner text, no phone number in it.

Its errors carry facts; the catalogue words every one of them for learners.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import ecpx.card
import ecpx.card.errors as errors
import pytest
from ecpx.texts.card import CARD_ERRORS, card_error_text

CARD_LAYER = Path(ecpx.card.__file__).parent
# A phone number as written for people (0 825 85 2000, 01 23 45 67 89), not a run of hex bytes.
PHONE = re.compile(r"(?<![0-9A-Fa-f]{2} )\b0 ?[1-9]\d{0,2}(?:[ .]\d{2,4}){2,4}\b"
                   r"(?! [0-9A-Fa-f]{2}\b)")
# Words a French sentence for a learner would use (the fictitious holders' professions and the
# PKCS#15 labels in the emulator, such as "Code porteur", are card data, not sentences).
LEARNER_FRENCH = re.compile(
    r"\b(?:vous|votre|vos|carte CPS|lecteur|essais?|réinsérez|insérez|débloc\w*|formation|"
    r"n'est pas|c'est)\b|«", re.IGNORECASE)


def sources() -> list[Path]:
    return sorted(CARD_LAYER.rglob("*.py"))


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(CARD_LAYER)))
def test_no_phone_number_and_no_learner_french(path):
    text = path.read_text(encoding="utf-8")
    assert not PHONE.search(text), f"{path}: a phone number: {PHONE.search(text).group()}"
    found = [m.group() for m in LEARNER_FRENCH.finditer(text)]
    assert not found, f"{path}: learner French in the card layer: {found}"
    assert "message_fr" not in text


def test_the_checks_would_catch_what_they_look_for():
    assert PHONE.search("appelez le 0 825 85 2000") and PHONE.search("ou le 01 23 45 67 89")
    assert not PHONE.search("3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00")
    assert LEARNER_FRENCH.search("Insérez votre carte CPS dans le lecteur.")


def test_every_card_error_has_french_words():
    kinds = [c for _, c in inspect.getmembers(errors, inspect.isclass)
             if issubclass(c, errors.CardError)]
    for kind in kinds:
        worded = any(issubclass(kind, k) for k in CARD_ERRORS)
        assert worded, f"{kind.__name__} has no text in the catalogue"
    assert "2 essais" in card_error_text(errors.PinWrong(2))
    assert "1 essai." in card_error_text(errors.PinWrong(1))
    assert "6A88" in card_error_text(errors.ApduError(0x6A88))
    assert "inattendu" in card_error_text(RuntimeError("bug"))
