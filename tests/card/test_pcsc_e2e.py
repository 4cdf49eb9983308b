"""End to end through the real stack: pyscard → pcscd → vsmartcard-vpcd → `ecpx card emulate`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
from ecpx.card import HOLDERS, open_card, pcsc, virtual_session
from ecpx.card.constants import READ_ONLY_INS, Ins
from ecpx.card.emulator import CPS3_ATR
from ecpx.card.errors import CardRemoved, NotACpsCard, PinBlocked, PinLastTry, PinWrong
from ecpx.card.opening import CLASSROOM_ENV, Reason, real_session
from ecpx.texts.card import card_error_text

from .conftest import READER_0, READER_1


def ecpx(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ecpx.cli", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})


def not_a_read(apdu: bytes) -> bool:
    """Anything but SELECT, READ BINARY, GET RESPONSE, GET DATA or a VERIFY without data."""
    if apdu[1] == Ins.VERIFY:
        return len(apdu) > 5  # 00 20 00 ref [00]: asks for the tries left only
    return apdu[1] not in READ_ONLY_INS


def presented_pins(apdus: list[bytes]) -> list[bytes]:
    return [a for a in apdus if a[1] == Ins.VERIFY and len(a) > 5]


def test_pyscard_sees_both_vpcd_readers(pcscd):
    readers = pcsc.list_readers()
    assert READER_0 in readers and READER_1 in readers


def test_card_info_through_pcscd(vpcd_card):
    result = ecpx("card", "info", "--reader", READER_0)
    holder = HOLDERS["medecin"]
    assert result.returncode == 0, result.stderr
    assert f"Reader:          {READER_0}" in result.stdout
    assert "Card:            CPS3" in result.stdout
    assert holder.idnat in result.stdout
    assert f"{holder.given_name} {holder.surname}" in result.stdout
    assert "PIN tries left:  3" in result.stdout


def test_opensc_tool_prints_the_virtual_atr(vpcd_card):
    tool = shutil.which("opensc-tool")
    if not tool:
        pytest.fail("opensc-tool not found: apt-get install opensc")
    index = pcsc.list_readers().index(READER_0)
    result = subprocess.run([tool, "--reader", str(index), "--atr"], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert CPS3_ATR.hex(":") in result.stdout.lower()


def test_read_paths_send_no_pin(vpcd_card, pcscd):
    already = len(vpcd_card.commands())
    pcscd_already = len(pcscd.logged_apdus())
    assert ecpx("card", "info", "--reader", READER_0).returncode == 0
    with real_session(READER_0) as session:
        session.identity()
        session.serial_number()
        assert session.pin_tries_left() == 3
    sent = vpcd_card.commands()[already:]
    assert len(sent) > 20  # the reads really reached the card
    assert {a[1] for a in sent} >= {Ins.SELECT, Ins.READ_BINARY, Ins.GET_RESPONSE, Ins.GET_DATA}
    assert [a.hex() for a in sent if not_a_read(a)] == []
    if pcscd.started_here:  # pcscd's own log tells the same story
        logged = pcscd.logged_apdus()[pcscd_already:]
        assert len(logged) >= len(sent)
        assert [a.hex() for a in logged if not_a_read(a)] == []


def test_identity_read_through_pcscd_matches_the_holder(vpcd_card):
    with real_session(READER_0) as session:
        identity = session.identity()
        assert session.reader == READER_0
    assert (identity.idnat, identity.surname) == (HOLDERS["medecin"].idnat,
                                                  HOLDERS["medecin"].surname)


def test_two_wrong_pins_leave_one_try_and_the_third_is_refused(spare_card):
    card = spare_card("--holder", "infirmier")
    with real_session(READER_1) as session:
        for left in (2, 1):
            with pytest.raises(PinWrong) as error:
                session.verify_pin("0000")
            assert error.value.tries_left == left
    info = ecpx("card", "info", "--reader", READER_1)
    assert "PIN tries left:  1" in info.stdout
    with real_session(READER_1) as session, pytest.raises(PinLastTry):
        session.verify_pin(HOLDERS["infirmier"].pin)
    assert presented_pins(card.commands()) == [bytes.fromhex("0020000104") + b"0000"] * 2


def test_right_pin_through_pcscd(spare_card):
    card = spare_card("--holder", "pharmacien")
    with real_session(READER_1) as session:
        session.verify_pin(HOLDERS["pharmacien"].pin)
        assert session.pin_tries_left() == 3
    assert len(presented_pins(card.commands())) == 1


def test_blocked_card_gets_no_pin(spare_card):
    card = spare_card("--blocked")
    info = ecpx("card", "info", "--reader", READER_1)
    assert "PIN tries left:  0 (blocked" in info.stdout
    with real_session(READER_1) as session, pytest.raises(PinBlocked):
        session.verify_pin(HOLDERS["medecin"].pin)
    assert presented_pins(card.commands()) == []


def test_card_removed_in_the_middle_of_a_read(spare_card):
    card = spare_card("--remove-after-apdus", "8")
    with real_session(READER_1) as session, pytest.raises(CardRemoved) as error:
        session.identity()
    assert "retirée" in card_error_text(error.value)
    assert len(card.commands()) == 9
    card.wait_until(present=False)


def test_removal_and_reinsertion_are_noticed(spare_card):
    card = spare_card()
    events: list[tuple[bool, str]] = []
    seen = threading.Event()

    def on_change(inserted: bool, reader: str, atr: str) -> None:
        if reader == READER_1:
            events.append((inserted, atr))
            seen.set()

    watcher = pcsc.CardWatcher(on_change)
    watcher.start()
    try:
        card.key("r")
        card.wait_until(present=False)
        result = ecpx("card", "info", "--reader", READER_1)
        assert result.returncode == 1
        assert "No card" in result.stderr
        card.key("i")
        card.wait_until(present=True)
        assert ecpx("card", "info", "--reader", READER_1).returncode == 0
        assert seen.wait(10)
    finally:
        watcher.stop()
    assert (False, CPS3_ATR.hex(" ").upper()) in events


def test_vitale_card_is_named(spare_card):
    spare_card("--card", "vitale")
    with pytest.raises(NotACpsCard) as error:
        real_session(READER_1)
    assert "c'est une carte Vitale, pas une carte CPS" in card_error_text(error.value)
    result = ecpx("card", "info", "--reader", READER_1)
    assert result.returncode == 1
    assert "not a CPS card" in result.stderr and "Vitale" in result.stderr


def test_pcscd_not_running_is_a_clear_error(tmp_path):
    # The PC/SC client library looks for pcscd at PCSCLITE_CSOCK_NAME: pointing it at an
    # empty directory is exactly what a client sees when pcscd is stopped.
    result = ecpx("card", "info", env={"PCSCLITE_CSOCK_NAME": str(tmp_path / "pcscd.comm")})
    assert result.returncode == 1
    assert "pcscd is not running" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_opener_skips_vpcd_unless_it_is_named(vpcd_card, monkeypatch):
    monkeypatch.delenv("ECPX_CARD_READER", raising=False)
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    virtual = lambda: virtual_session("medecin")  # noqa: E731
    opened = open_card(real=True, virtual=virtual)
    assert opened.reason is Reason.REAL_UNAVAILABLE and opened.session.reader != READER_0
    monkeypatch.setenv("ECPX_CARD_READER", READER_0)
    opened = open_card(real=True, virtual=virtual)
    with opened.session as session:
        assert opened.reason is Reason.REAL_CHOSEN and session.reader == READER_0


def test_card_info_waits_for_a_card_to_be_inserted(spare_card):
    card = spare_card("--holder", "pharmacien")
    card.key("r")
    card.wait_until(present=False)
    waiting = subprocess.Popen(
        [sys.executable, "-m", "ecpx.cli", "card", "info", "--reader", READER_1, "--wait", "30",
         "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(3)  # long enough to start and wait: no card yet, so it must still be waiting
    assert waiting.poll() is None
    card.key("i")
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert json.loads(out)["holder"]["idnat"] == HOLDERS["pharmacien"].idnat


def test_card_info_wait_gives_up_clearly(spare_card):
    card = spare_card()
    card.key("r")
    card.wait_until(present=False)
    result = ecpx("card", "info", "--reader", READER_1, "--wait", "1")
    assert result.returncode == 1 and "No card inserted within 1 s" in result.stderr


def test_card_info_refuses_the_servers_reader_in_classroom_mode(vpcd_card):
    result = ecpx("card", "info", "--reader", READER_0, env={CLASSROOM_ENV: "1"})
    assert result.returncode == 1 and "ECPX_CLASSROOM" in result.stderr
    assert "Traceback" not in result.stderr
