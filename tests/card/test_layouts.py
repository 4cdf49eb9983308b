"""Every virtual card layout (what a real card may present), through CpsSession, `ecpx card info`
(text and --json) and chapter 05's model: in-process, and through the real pcscd + vpcd.

Each asserts the identity and the tries left, or the clear failure, and that no VERIFY with
data reached the card (neither in the card's own log nor in pcscd's APDU log).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass

import ecpx.card.opening as opening
import pytest
from ecpx.card import HOLDERS, real_session, virtual_session
from ecpx.card.atr import CardKind
from ecpx.card.constants import Ins
from ecpx.card.emulator import LAYOUTS
from ecpx.card.errors import ApplicationNotAvailable, CardError, CardRemoved, NoPin
from ecpx.screens.card_practice import CardPractice
from ecpx.texts.card import card_error_text

from tests.card.conftest import READER_1

HOLDER = HOLDERS["pharmacien"]  # not the default holder: the identity proves which card was read


@dataclass(frozen=True)
class Expected:
    kind: CardKind = CardKind.CPS3
    identity: type[CardError] | None = None  # None: the holder is read; else this error
    tries: int | type[CardError] = 3  # an int, or the error reading them raises
    exit_code: int = 0


EXPECTED = {
    "standard": Expected(),
    "get-data-6d00": Expected(),
    "get-data-6a88": Expected(),
    "no-aodf": Expected(),
    "no-ef-dir": Expected(),
    "no-application": Expected(identity=ApplicationNotAvailable, exit_code=1),
    "cps4": Expected(kind=CardKind.CPS4),
    "contactless": Expected(kind=CardKind.CPS3_CONTACTLESS, tries=NoPin),
    "chaining": Expected(),
    "blocked": Expected(tries=0),
    "pulled-out": Expected(identity=CardRemoved, tries=CardRemoved, exit_code=1),
}


def test_every_layout_is_expected():
    assert set(EXPECTED) == set(LAYOUTS)


def presented_pins(commands: list[bytes]) -> list[bytes]:
    return [c for c in commands if len(c) > 5 and c[1] == Ins.VERIFY]


def check_session(session, expected: Expected) -> None:
    assert session.kind is expected.kind
    if expected.identity is None:
        assert session.identity().idnat == HOLDER.idnat
    else:
        with pytest.raises(expected.identity):
            session.identity()
    if isinstance(expected.tries, int):
        assert session.pin_tries_left() == expected.tries
    else:
        with pytest.raises(expected.tries):
            session.pin_tries_left()


def check_model(model: CardPractice, expected: Expected) -> None:
    if expected.identity is None:
        assert model.holder is not None and model.holder.idnat == HOLDER.idnat
    else:
        assert isinstance(model.error, expected.identity)
        assert card_error_text(model.error)  # a French sentence, not a traceback
    if isinstance(expected.tries, int):
        assert model.tries == expected.tries
    else:
        assert model.tries is None


def check_info(result: subprocess.CompletedProcess, expected: Expected) -> None:
    assert "Traceback" not in result.stderr
    assert result.returncode == expected.exit_code, result.stderr
    report = json.loads(result.stdout)
    assert report["card"] == expected.kind.value
    if expected.identity is None:
        assert report["holder"]["idnat"] == HOLDER.idnat
    else:
        assert report["holder"] is None
        assert report["errors"]["holder"]["type"] == expected.identity.__name__
    if isinstance(expected.tries, int):
        assert report["pin_tries_left"] == expected.tries
    else:
        assert report["pin_tries_left"] is None
    if expected.exit_code:
        assert result.stderr.startswith("error: ")


def ecpx(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ecpx.cli", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})


# ---- In-process ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_in_process(layout):
    expected = EXPECTED[layout]
    session = virtual_session("pharmacien", layout=layout)
    check_session(session, expected)
    assert presented_pins(session.connection.card.apdu_log) == []
    info = ecpx("card", "info", "--virtual", "--holder", "pharmacien", "--layout", layout,
                "--json")
    check_info(info, expected)
    text = ecpx("card", "info", "--virtual", "--holder", "pharmacien", "--layout", layout)
    assert text.returncode == expected.exit_code and "Traceback" not in text.stderr
    holder_line = next(line for line in text.stdout.splitlines() if line.startswith("Holder:"))
    if expected.identity is None:
        assert holder_line.endswith(f"{HOLDER.given_name} {HOLDER.surname}")
    else:
        assert "unreadable" in holder_line and text.stderr.startswith("error: holder: ")


def test_chaining_layout_really_chains():
    session = virtual_session(layout="chaining")
    session.identity()
    log = session.connection.card.apdu_log
    reads = [c for c in log if c[1] == Ins.READ_BINARY]
    assert len(reads) >= 2 and len(reads) % 2 == 0  # every read asked twice (after 6Cxx)
    assert sum(c[1] == Ins.GET_RESPONSE for c in log) > len(reads) // 2


def test_application_refused_is_raised_not_swallowed():
    with pytest.raises(ApplicationNotAvailable) as error:
        virtual_session(layout="no-application").certificate()
    assert error.value.sw == 0x6A82 and "application" in card_error_text(error.value)


# ---- Through pcscd + vpcd ------------------------------------------------------------------


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_through_pcscd(layout, spare_card, pcscd, monkeypatch):
    expected = EXPECTED[layout]
    monkeypatch.delenv(opening.CLASSROOM_ENV, raising=False)
    logged_before = len(pcscd.logged_apdus())
    options = ("--holder", "pharmacien", "--layout", layout)

    # A card pulled out stays out: each of the three readers gets a fresh card.
    card = spare_card(*options)
    with real_session(READER_1) as session:
        check_session(session, expected)
    commands = card.commands()
    card.stop()
    card.wait_until(present=False)

    card = spare_card(*options)
    info = ecpx("card", "info", "--reader", READER_1, "--json")
    check_info(info, expected)
    commands += card.commands()
    card.stop()
    card.wait_until(present=False)

    card = spare_card(*options)
    model = CardPractice(reader=READER_1)
    model.start()
    assert not model.is_real and card.commands() == []  # nothing read before the choice
    model.use_own_card()
    assert model.is_real and model.reader == READER_1
    check_model(model, expected)
    if expected.identity is not CardRemoved:
        model.detect()  # « Relire la carte »: the same card again
        check_model(model, expected)
    commands += card.commands()

    assert commands, "the card was never read"
    assert presented_pins(commands) == []
    through_pcscd = pcscd.logged_apdus()[logged_before:]
    assert through_pcscd or not pcscd.started_here  # pcscd's own log saw the reads
    assert presented_pins(through_pcscd) == []
