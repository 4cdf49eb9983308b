"""Debug logging of the card layer: every APDU exchange and every fallback, never a PIN."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from ecpx.card import HOLDERS, virtual_session
from ecpx.card.errors import PinWrong


def test_every_exchange_is_logged_and_the_pin_is_masked(caplog):
    caplog.set_level(logging.DEBUG, logger="ecpx.card")
    session = virtual_session("medecin")
    session.identity()
    with pytest.raises(PinWrong):
        session.verify_pin("8642")
    session.verify_pin(HOLDERS["medecin"].pin)
    text = caplog.text
    commands = [r for r in caplog.records if " > " in r.getMessage()]
    assert len(commands) == len(session.connection.card.apdu_log)
    assert "00 20 00 01 04 ** ** ** **" in text
    for pin in ("8642", HOLDERS["medecin"].pin):
        assert " ".join(f"{ord(c):02X}" for c in pin) not in text


def test_nothing_is_logged_by_default(caplog):
    caplog.set_level(logging.WARNING)
    virtual_session("medecin").identity()
    assert caplog.records == []


@pytest.mark.parametrize(("layout", "fallback"), [
    ("get-data-6d00", "GET DATA gave no tries left"),
    ("no-aodf", "PIN reference 01"),
    ("no-ef-dir", "selecting the published AID"),
])
def test_every_fallback_is_logged(caplog, layout, fallback):
    caplog.set_level(logging.DEBUG, logger="ecpx.card")
    session = virtual_session("medecin", layout=layout)
    session.identity()
    session.pin_tries_left()
    assert f"fallback: {fallback}" in caplog.text


def test_card_info_debug_logs_to_stderr():
    result = subprocess.run([sys.executable, "-m", "ecpx.cli", "card", "info", "--virtual",
                             "--layout", "get-data-6a88", "--debug"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "ecpx.card: ecpx in-process virtual reader > 00 A4" in result.stderr
    assert "fallback: GET DATA gave no tries left" in result.stderr
    assert "PIN tries left:  3" in result.stdout
