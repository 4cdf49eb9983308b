"""Method A's simulator driven in-process, the way a trainee clicks: by the visible labels."""

from __future__ import annotations

import random
import time

import ipywidgets as w
import pytest
from ecpx.activation.app import AppScreen
from ecpx.activation.clock import FakeClock
from ecpx.activation.method_a import Computer
from ecpx.card.emulator import HOLDERS
from ecpx.screens.frames import qr_image
from ecpx.screens.method_a import method_a_simulator
from ecpx.screens.qr_image import qr_png
from ecpx.texts import ERROR_MESSAGES, PASSWORD
from ecpx.texts.common import APP, SIMULATORS
from ecpx.texts.method_a import COMPUTER, GUIDE, PHONE, SCENARIOS, SIMULATOR

from tests.widgets import choose_scenario, click, code_input, fill, find, labels, shown_text

PIN = HOLDERS["medecin"].pin


def computer(sim):
    return sim.computer.widget


def phone(sim):
    return sim.phone.widget


def log_in(sim, pin: str = PIN) -> None:
    click(computer(sim), COMPUTER["psc_button"])
    click(computer(sim), COMPUTER["psc_tab_card"])
    click(computer(sim), COMPUTER["psc_card_button"])
    assert COMPUTER["certificate_title"] in shown_text(computer(sim))
    click(computer(sim), COMPUTER["certificate_ok"])
    fill(computer(sim), COMPUTER["pin_label"], pin)
    click(computer(sim), COMPUTER["pin_ok"])


def open_app(sim) -> None:
    click(phone(sim), APP["open_app"])
    click(phone(sim), APP["start"])
    click(phone(sim), APP["accept_cgu"])
    click(phone(sim), PHONE["choose_qr"])


def show_qr(sim) -> None:
    """Log in, open the app, and start: the computer shows the QR code."""
    log_in(sim)
    open_app(sim)
    click(computer(sim), COMPUTER["start_button"])


def pair(sim) -> None:
    show_qr(sim)
    click(phone(sim), PHONE["scan_button"])
    code = sim.model.pairing_code
    assert code in shown_text(phone(sim))
    code_input(computer(sim), COMPUTER["code_title"]).type(code)


def type_password(sim, digits: str) -> None:
    for digit in digits:
        click(computer(sim), digit)


def test_a_trainee_completes_method_a_by_the_labels(sim):
    assert COMPUTER["portal_intro"] in shown_text(computer(sim))
    assert APP["open_app"] in labels(phone(sim))
    log_in(sim)
    assert COMPUTER["start_button"] in labels(computer(sim))
    open_app(sim)
    click(computer(sim), COMPUTER["start_button"])
    assert "Scanner le QR Code" in shown_text(computer(sim))
    click(phone(sim), PHONE["scan_button"])
    code = sim.model.pairing_code
    assert PHONE["code_instruction"] in shown_text(phone(sim))
    code_input(computer(sim), COMPUTER["code_title"]).type(code)
    assert PASSWORD["create"] in shown_text(computer(sim))
    assert PHONE["password_instruction"] in shown_text(phone(sim))
    type_password(sim, "1357")
    assert PASSWORD["confirm"] in shown_text(computer(sim))
    type_password(sim, "1357")
    text = shown_text(computer(sim))
    for key in ("active_title", "active_congrats", "active_text"):
        assert COMPUTER[key] in text
    assert APP["activated_uses"][0] in shown_text(phone(sim))
    assert "CLAIRE DURAND" in shown_text(phone(sim))
    assert sim.recorder.steps()[-1] == ("activated", "ok", "")


def test_the_qr_code_image_is_the_payload_and_has_a_text_alternative(sim):
    show_qr(sim)
    payload = sim.model.qr_payload
    alternative = COMPUTER["qr_alt"]
    assert qr_png(payload).startswith(b"\x89PNG")
    assert f'alt="{alternative}"' in shown_text(computer(sim))
    assert payload not in alternative  # it says what the image is for, not its bytes
    assert "90 s" in shown_text(computer(sim))


def test_the_qr_code_is_redrawn_when_renewed_and_the_old_one_fails(sim):
    show_qr(sim)
    image = next(h for h in find(computer(sim), w.HTML) if "data:image/png" in h.value)
    first = image.value
    sim.model.clock.advance(60)
    sim.tick()
    assert "30 s" in shown_text(computer(sim)) and image.value == first
    sim.model.clock.advance(31)
    click(phone(sim), PHONE["scan_button"])  # the phone reads the stale QR code
    assert ERROR_MESSAGES["qr_expired"] in shown_text(phone(sim))
    assert image.value != first
    assert image.value == qr_image(qr_png(sim.model.qr_payload), COMPUTER["qr_alt"], 180)
    click(phone(sim), PHONE["scan_button"])
    assert sim.model.app == AppScreen.PAIRING_CODE


def test_guided_mode_highlights_the_next_device(sim):
    active = "ecpx-active"
    assert active in sim.computer_frame._dom_classes
    assert active not in sim.phone_frame._dom_classes
    assert sim.guide.value == GUIDE[("computer", "portal")]
    log_in(sim)
    assert active in sim.phone_frame._dom_classes
    assert active not in sim.computer_frame._dom_classes
    assert SIMULATOR["card_code_is"].format(pin=PIN) in shown_text(sim.widget)


def test_free_mode_shows_no_guide(sim):
    sim.mode.value = "free"
    assert sim.guide.value == ""
    assert "ecpx-active" not in sim.computer_frame._dom_classes
    assert "ecpx-active" not in sim.phone_frame._dom_classes


def test_the_scenario_picker_has_french_labels_and_restarts(sim):
    assert [label for label, _ in sim.scenario.options] == list(SCENARIOS.values())
    log_in(sim)
    first_case = sim.model.case_id
    choose_scenario(sim, "page_blocked")
    assert sim.model.state == Computer.PORTAL and sim.model.case_id != first_case


def test_security_software_hides_the_start_button(sim):
    choose_scenario(sim, "page_blocked")
    log_in(sim)
    assert COMPUTER["start_button"] not in labels(computer(sim))
    assert ERROR_MESSAGES["page_blocked"] in shown_text(computer(sim))
    click(computer(sim), COMPUTER["unblock_button"])
    assert COMPUTER["start_button"] in labels(computer(sim))


def test_a_wrong_card_code_shows_the_tries_left(sim):
    choose_scenario(sim, "pin_wrong")
    log_in(sim, "0000")
    assert "il vous reste 2 essais" in shown_text(computer(sim))
    assert COMPUTER["pin_tries"].format(tries=2) in shown_text(computer(sim))


@pytest.mark.parametrize("password", ["1234", "4321", "1111"])
def test_a_refused_password_shows_the_seed_rule(sim, password):
    pair(sim)
    type_password(sim, password)
    assert sim.model.state == Computer.PASSWORD
    assert ERROR_MESSAGES[sim.model.error] in shown_text(computer(sim))


def test_a_different_confirmation_is_refused(sim):
    pair(sim)
    type_password(sim, "1357")
    type_password(sim, "7531")
    assert ERROR_MESSAGES["password_mismatch"] in shown_text(computer(sim))
    assert PASSWORD["create"] in shown_text(computer(sim))


def test_restart_from_the_password_screen(sim):
    pair(sim)
    click(computer(sim), PASSWORD["restart"])
    assert COMPUTER["start_button"] in labels(computer(sim))
    assert sim.model.app == AppScreen.SCAN


def test_a_code_pasted_in_the_first_box_fills_them_all(sim):
    show_qr(sim)
    click(phone(sim), PHONE["scan_button"])
    code_input(computer(sim), COMPUTER["code_title"]).type(sim.model.pairing_code.lower())
    assert sim.model.state == Computer.PASSWORD


def test_a_wrong_code_d_ajout_empties_the_boxes(sim):
    show_qr(sim)
    click(phone(sim), PHONE["scan_button"])
    wrong = "A00000" if sim.model.pairing_code != "A00000" else "B00000"
    boxes = code_input(computer(sim), COMPUTER["code_title"])
    boxes.type(wrong)
    assert ERROR_MESSAGES["pairing_code_wrong"] in shown_text(computer(sim))
    assert boxes.value == ""


def test_a_blocked_card_is_explained(sim):
    choose_scenario(sim, "pin_blocked")
    log_in(sim)
    assert COMPUTER["blocked_title"] in shown_text(computer(sim))
    assert "déblocage" in shown_text(computer(sim))


def test_an_unexpected_failure_is_a_french_message_not_a_traceback(sim, caplog):
    def broken():
        raise RuntimeError("boom")

    sim.model.open_pro_sante_connect = broken
    click(computer(sim), COMPUTER["psc_button"])
    assert sim.problem.value == SIMULATORS["unexpected"]
    assert "boom" not in shown_text(sim.widget)


def test_live_mode_renews_the_qr_code_on_screen_without_a_click():
    clock = FakeClock()
    sim = method_a_simulator(live=True, clock=clock, rng=random.Random(2))
    show_qr(sim)
    image = next(h for h in find(computer(sim), w.HTML) if "data:image/png" in h.value)
    first = image.value
    clock.advance(90)
    deadline = time.monotonic() + 5
    while image.value == first and time.monotonic() < deadline:
        time.sleep(0.1)
    payload = sim.model.qr_payload
    assert image.value == qr_image(qr_png(payload), COMPUTER["qr_alt"], 180) != first
    assert "90 s" in shown_text(computer(sim))
    click(phone(sim), PHONE["scan_button"])  # the phone reads the new QR code
    assert sim.model.app == AppScreen.PAIRING_CODE
