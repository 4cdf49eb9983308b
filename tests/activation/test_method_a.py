"""Method A's state machine, on the in-process virtual card, with a fake clock."""

from __future__ import annotations

import random
from datetime import timedelta

import ecpx.card.opening as opening
import pytest
from ecpx.activation.app import AppScreen
from ecpx.activation.clock import FakeClock
from ecpx.activation.events import CARD_TYPES, COLUMNS, OUTCOMES, Recorder
from ecpx.activation.method_a import Computer, MethodA, WrongScreen
from ecpx.activation.pairing import PAYLOAD_PREFIX
from ecpx.activation.training_card import TrainingCard, training_card
from ecpx.card.constants import Ins
from ecpx.card.emulator import HOLDERS, VirtualCps3
from ecpx.card.errors import NoReader
from ecpx.card.opening import CLASSROOM_ENV, Reason
from ecpx.card.virtual import virtual_session
from ecpx.texts import ERROR_MESSAGES, ERROR_STEP, STEPS_A
from ecpx.texts.card import card_error_text

PIN = HOLDERS["medecin"].pin


def make(scenario: str = "nominal", *, holder: str = "medecin", seed: int = 7, **kwargs):
    """A model on a fresh virtual card, with its recorder, clock and card."""
    card = training_card(scenario, holder)
    recorder, clock = Recorder(), FakeClock()
    model = MethodA(card.open, scenario=scenario, sink=recorder, clock=clock,
                    rng=random.Random(seed), **kwargs)
    return model, recorder, clock, card


def log_in(model: MethodA, pin: str = PIN) -> None:
    model.open_pro_sante_connect()
    model.select_tab("Carte CPS")
    model.connect_with_card()
    model.select_certificate()
    model.enter_card_code(pin)


def phone_ready(model: MethodA) -> None:
    model.open_app()
    model.start()
    model.accept_cgu()
    model.choose()


def up_to_pairing(model: MethodA) -> None:
    log_in(model)
    phone_ready(model)
    model.start_activation()
    assert model.scan_qr()


def up_to_password(model: MethodA) -> None:
    up_to_pairing(model)
    assert model.enter_pairing_code(model.pairing_code)


def verifies_with_data(card: TrainingCard) -> int:
    """How many VERIFY commands carrying a PIN the card received (an empty VERIFY reads tries)."""
    return sum(1 for apdu in card.card.received(Ins.VERIFY) if len(apdu) > 5)


# ---- The nominal path --------------------------------------------------------------------


def test_the_seed_path_activates_with_one_event_per_step():
    model, recorder, _, card = make()
    assert model.state == Computer.PORTAL and model.app == AppScreen.CLOSED
    log_in(model)
    assert model.state == Computer.ACTIVATION_HOME
    assert model.holder.surname == "DURAND"
    phone_ready(model)
    model.start_activation()
    assert model.state == Computer.QR
    assert model.qr_payload.startswith(PAYLOAD_PREFIX)
    assert model.scan_qr()
    code = model.pairing_code
    assert len(code) == 6 and code[0].isalpha() and code[0].isupper() and code[1:].isdigit()
    assert model.enter_pairing_code(code)
    assert (model.state, model.app) == (Computer.PASSWORD, AppScreen.PASSWORD_CREATE)
    assert model.create_password("1357")
    assert model.confirm_password("1357")
    assert (model.state, model.app) == (Computer.ACTIVE, AppScreen.ACTIVATED)
    assert model.next_device == "none"
    assert recorder.steps() == [
        ("portal_login", "ok", ""), ("app_opened", "ok", ""), ("cgu_accepted", "ok", ""),
        ("activation_started", "ok", ""), ("qr_scanned", "ok", ""),
        ("pairing_code_entered", "ok", ""), ("password_created", "ok", ""),
        ("password_confirmed", "ok", ""), ("activated", "ok", ""),
    ]
    assert verifies_with_data(card) == 1


def test_events_follow_the_journal_schema():
    model, recorder, clock, _ = make("page_blocked", platform="ios", os_version="17")
    log_in(model, "0000")
    model.enter_card_code(PIN)  # still on the card code screen
    model.unblock_page()
    phone_ready(model)
    model.start_activation()
    clock.advance(91)
    assert not model.scan_qr(model.qr.value)
    model.scan_qr()
    model.enter_pairing_code("Z99999")
    model.enter_pairing_code(model.pairing_code)
    model.create_password("1234")
    model.create_password("1357")
    model.confirm_password("7531")
    assert recorder.events, "no event was emitted"
    for event in recorder.events:
        row = event.as_row()
        assert tuple(row) == COLUMNS
        assert row["method"] == "A" and row["step"] in STEPS_A
        assert row["outcome"] in OUTCOMES and row["card_type"] in CARD_TYPES
        assert (row["platform"], row["os_version"], row["source"]) == ("ios", "17", "training")
        assert row["case_id"] == model.case_id
        assert event.timestamp.utcoffset() == timedelta(0)
        if row["outcome"] == "error":
            assert row["error"] in ERROR_MESSAGES and ERROR_STEP[row["error"]] == row["step"]
        else:
            assert row["error"] == ""
    errors = [e.error for e in recorder.events if e.error]
    assert errors == ["pin_wrong", "page_blocked", "qr_expired", "pairing_code_wrong",
                      "password_ascending", "password_mismatch"]


def test_card_type_comes_from_the_card():
    model, recorder, _, _ = make(holder="secretaire")
    log_in(model, HOLDERS["secretaire"].pin)
    assert model.holder.card_type == "CPE"
    assert recorder.events[-1].card_type == "CPE"


def test_same_seed_same_case_same_codes():
    first, second = make(seed=3)[0], make(seed=3)[0]
    assert first.case_id == second.case_id
    up_to_pairing(first)
    up_to_pairing(second)
    assert first.pairing_code == second.pairing_code
    assert make(seed=4)[0].case_id != first.case_id


def test_construction_does_not_touch_the_card():
    _, recorder, _, card = make()
    assert card.card.apdu_log == [] and recorder.events == []


def test_the_optional_login_screen_can_be_absent():
    model, *_ = make(login_screen=False)
    model.open_pro_sante_connect()
    assert model.state == Computer.CERTIFICATE


def test_the_card_button_is_on_the_card_tab():
    model, *_ = make()
    model.open_pro_sante_connect()
    assert model.psc_tab == "e-CPS"
    with pytest.raises(WrongScreen):
        model.connect_with_card()
    model.select_tab("Carte CPS")
    model.connect_with_card()
    assert model.state == Computer.CERTIFICATE


def test_actions_out_of_order_are_refused():
    model, recorder, _, _ = make()
    with pytest.raises(WrongScreen):
        model.start_activation()
    with pytest.raises(WrongScreen):
        model.accept_cgu()
    with pytest.raises(WrongScreen):
        model.create_password("1357")
    assert recorder.events == []


def test_guided_mode_follows_the_seed_order():
    model, *_ = make()
    seen = [model.next_device]
    log_in(model)
    seen.append(model.next_device)
    phone_ready(model)
    seen.append(model.next_device)
    model.start_activation()
    seen.append(model.next_device)
    model.scan_qr()
    seen.append(model.next_device)
    assert seen == ["computer", "phone", "computer", "phone", "computer"]


# ---- The card code -----------------------------------------------------------------------


def test_wrong_card_code_counts_down_then_refuses_the_last_try():
    model, recorder, _, card = make("pin_wrong")
    log_in(model, "0000")
    assert model.state == Computer.CARD_CODE and model.pin_tries_left == 2
    assert model.error == "pin_wrong" and "2 essais" in card_error_text(model.card_error)
    assert not model.enter_card_code("1111")
    assert model.pin_tries_left == 1
    assert not model.enter_card_code("2222")  # the course never risks blocking the card
    assert model.error == "" and "seul essai" in card_error_text(model.card_error)
    assert verifies_with_data(card) == 2 and card.card.pin_tries_left == 1
    assert recorder.steps() == [("portal_login", "error", "pin_wrong")] * 2


def test_a_code_that_is_not_four_digits_never_reaches_the_card():
    model, recorder, _, card = make()
    log_in(model, "12a4")
    assert model.notice == "pin_format" and model.state == Computer.CARD_CODE
    assert verifies_with_data(card) == 0 and recorder.events == []


def test_a_blocked_card_stops_the_login():
    model, recorder, _, card = make("pin_blocked")
    log_in(model)
    assert model.state == Computer.CARD_BLOCKED and model.error == "pin_blocked"
    assert "déblocage" in card_error_text(model.card_error)
    assert verifies_with_data(card) == 0
    assert recorder.steps() == [("portal_login", "error", "pin_blocked")]


def test_card_removed_during_the_code_then_logging_in_again():
    model, recorder, _, _ = make("card_removed")
    log_in(model)
    assert model.state == Computer.PORTAL and model.error == "card_removed"
    assert "retirée" in card_error_text(model.card_error)
    log_in(model)  # the trainee puts the card back and starts again
    assert model.state == Computer.ACTIVATION_HOME
    assert recorder.steps() == [("portal_login", "error", "card_removed"),
                                ("portal_login", "ok", "")]


def test_no_card_in_the_reader():
    card = VirtualCps3("medecin")
    card.remove()
    recorder = Recorder()
    model = MethodA(lambda: virtual_session(card=card), sink=recorder, clock=FakeClock())
    model.open_pro_sante_connect()
    model.select_tab("Carte CPS")
    model.connect_with_card()
    assert model.state == Computer.PORTAL and model.error == "card_not_detected"
    assert "Aucune carte" in card_error_text(model.card_error)
    assert recorder.steps() == [("portal_login", "error", "card_not_detected")]


# ---- The security software ---------------------------------------------------------------


def test_security_software_hides_the_start_button():
    model, recorder, _, _ = make("page_blocked")
    log_in(model)
    assert model.page_blocked and model.error == "page_blocked"
    assert (model.next_device, model.next_screen) == ("computer", "page_blocked")
    with pytest.raises(WrongScreen):
        model.start_activation()
    model.unblock_page()
    model.start_activation()
    assert model.state == Computer.QR
    assert recorder.steps() == [("portal_login", "ok", ""),
                                ("activation_started", "error", "page_blocked"),
                                ("activation_started", "ok", "")]


# ---- The QR code -------------------------------------------------------------------------


def test_the_qr_code_is_renewed_after_90_seconds_and_the_old_one_no_longer_pairs():
    model, recorder, clock, _ = make()
    log_in(model)
    phone_ready(model)
    model.start_activation()
    old = model.qr_payload
    clock.advance(89)
    assert model.qr_payload == old and model.qr_seconds_left == 1
    clock.advance(1)
    new = model.qr_payload
    assert new != old and new.startswith(PAYLOAD_PREFIX) and model.qr_seconds_left == 90
    assert not model.scan_qr(old)
    assert model.error == "qr_expired" and model.app == AppScreen.SCAN
    assert model.scan_qr(model.qr_payload)
    assert recorder.steps()[-2:] == [("qr_scanned", "error", "qr_expired"),
                                     ("qr_scanned", "ok", "")]


def test_a_qr_code_scanned_too_late_is_refused_even_before_the_portal_renews_it():
    model, *_ = make()
    log_in(model)
    phone_ready(model)
    model.start_activation()
    shown = model.qr.value
    model.clock.advance(95)
    assert not model.scan_qr(shown)
    assert model.error == "qr_expired" and model.qr.value != shown


def test_scenario_qr_expired_refuses_the_first_scan():
    model, *_ = make("qr_expired")
    log_in(model)
    phone_ready(model)
    model.start_activation()
    assert not model.scan_qr()
    assert model.error == "qr_expired"
    assert model.scan_qr()


def test_scanning_before_the_qr_code_is_shown_does_nothing():
    model, recorder, _, _ = make()
    phone_ready(model)
    assert not model.scan_qr()
    assert model.notice == "no_qr" and model.app == AppScreen.SCAN
    assert [s for s, _, _ in recorder.steps()] == ["app_opened", "cgu_accepted"]


# ---- The code d'ajout --------------------------------------------------------------------


def test_a_wrong_code_d_ajout_is_refused_and_can_be_typed_again():
    model, *_ = make()
    up_to_pairing(model)
    code = model.pairing_code
    wrong = code[0] + ("0" if code[1] != "0" else "1") + code[2:]
    assert not model.enter_pairing_code(wrong)
    assert model.error == "pairing_code_wrong" and model.state == Computer.PAIRING
    assert model.enter_pairing_code(code.lower())  # the portal reads the letter in capitals


def test_a_code_d_ajout_works_once():
    model, recorder, _, _ = make()
    up_to_pairing(model)
    first = model.pairing_code
    assert model.enter_pairing_code(first)
    model.restart()
    assert (model.state, model.app) == (Computer.ACTIVATION_HOME, AppScreen.SCAN)
    model.start_activation()
    model.scan_qr()
    assert model.pairing_code != first
    assert not model.enter_pairing_code(first)
    assert model.error == "pairing_code_expired"
    assert model.enter_pairing_code(model.pairing_code)
    assert ("pairing_code_entered", "error", "pairing_code_expired") in recorder.steps()


def test_an_old_code_d_ajout_is_expired_after_its_lifetime():
    model, *_ = make()
    up_to_pairing(model)
    model.clock.advance(301)
    assert not model.enter_pairing_code(model.code.value)
    assert model.error == "pairing_code_expired"
    assert (model.state, model.app) == (Computer.QR, AppScreen.SCAN)  # pair again
    assert model.scan_qr() and model.enter_pairing_code(model.pairing_code)


def test_scenario_pairing_code_expired():
    model, *_ = make("pairing_code_expired")
    up_to_pairing(model)
    assert not model.enter_pairing_code(model.pairing_code)
    assert model.error == "pairing_code_expired" and model.state == Computer.QR
    model.scan_qr()
    assert model.enter_pairing_code(model.pairing_code)


# ---- The password ------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "error", "seed_words"), [
    ("1234", "password_ascending", "croissante (1 2 3 4)"),
    ("4321", "password_descending", "décroissante (4 3 2 1)"),
    ("1111", "password_identical", "identiques (1 1 1 1)"),
    ("12a4", "password_format", "4 chiffres"),
])
def test_passwords_the_seed_forbids_are_refused(password, error, seed_words):
    model, recorder, _, _ = make()
    up_to_password(model)
    assert not model.create_password(password)
    assert model.state == Computer.PASSWORD and model.error == error
    assert seed_words in ERROR_MESSAGES[model.error]
    assert recorder.steps()[-1] == ("password_created", "error", error)


def test_a_different_confirmation_is_refused_and_the_password_is_asked_again():
    model, recorder, _, _ = make()
    up_to_password(model)
    assert model.create_password("1357")
    assert model.state == Computer.CONFIRM
    assert not model.confirm_password("1358")
    assert model.error == "password_mismatch" and model.state == Computer.PASSWORD
    assert recorder.steps()[-1] == ("password_confirmed", "error", "password_mismatch")


def test_1357_twice_activates():
    model, recorder, _, _ = make()
    up_to_password(model)
    assert model.create_password("1357") and model.confirm_password("1357")
    assert model.state == Computer.ACTIVE and model.error == ""
    assert recorder.steps()[-1] == ("activated", "ok", "")


def test_a_date_of_birth_is_advised_against_but_accepted():
    model, *_ = make()
    up_to_password(model)
    assert model.create_password("1503")
    assert model.warning == "birth_date" and model.state == Computer.CONFIRM


def test_restart_goes_back_to_the_start_of_the_activation():
    model, recorder, _, _ = make()
    up_to_password(model)
    model.create_password("1357")
    model.restart()
    assert (model.state, model.app) == (Computer.ACTIVATION_HOME, AppScreen.SCAN)
    assert model.password == "" and model.qr is None
    count = len(recorder.events)
    model.start_activation()
    model.scan_qr()
    model.enter_pairing_code(model.pairing_code)
    model.create_password("2580")
    model.confirm_password("2580")
    assert model.state == Computer.ACTIVE
    assert [s for s, _, _ in recorder.steps()[count:]] == [
        "activation_started", "qr_scanned", "pairing_code_entered", "password_created",
        "password_confirmed", "activated"]


# ---- A real card when one is inserted ----------------------------------------------------


def test_a_real_card_is_used_only_when_the_trainee_chose_it(monkeypatch):
    # Stand-in for the trainee's card in a real reader: another holder's card, seen through
    # the same session class (no hardware is touched by this test).
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    monkeypatch.setattr(opening, "real_session", lambda *_: virtual_session("pharmacien"))
    card = training_card()
    model = MethodA(card.opener(real=True), clock=FakeClock())
    log_in(model, HOLDERS["pharmacien"].pin)
    assert model.holder.surname == "MOREAU" and model.state == Computer.ACTIVATION_HOME
    assert card.opened.reason is Reason.REAL_CHOSEN


def test_by_default_the_virtual_card_is_used_and_no_reader_is_looked_at(monkeypatch):
    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    monkeypatch.setattr(opening, "real_session", never_touch_a_reader)
    card = training_card()
    model = MethodA(card.opener(), clock=FakeClock())
    log_in(model)
    assert model.holder.surname == "DURAND" and card.opened.reason is Reason.VIRTUAL_BY_DEFAULT


def test_in_classroom_mode_the_trainees_choice_does_not_reach_the_server_reader(monkeypatch):
    monkeypatch.setenv(CLASSROOM_ENV, "1")
    monkeypatch.setattr(opening, "real_session", never_touch_a_reader)
    card = training_card()
    model = MethodA(card.opener(real=True), clock=FakeClock())
    log_in(model)
    assert model.holder.surname == "DURAND" and card.opened.reason is Reason.CLASSROOM


def test_without_a_real_card_the_virtual_card_is_used(monkeypatch):
    def no_reader(*_):
        raise NoReader()

    monkeypatch.delenv(CLASSROOM_ENV, raising=False)
    monkeypatch.setattr(opening, "real_session", no_reader)
    card = training_card()
    model = MethodA(card.opener(real=True), clock=FakeClock())
    log_in(model)
    assert model.holder.surname == "DURAND" and model.state == Computer.ACTIVATION_HOME
    assert card.opened.reason is Reason.REAL_UNAVAILABLE
    assert isinstance(card.opened.error, NoReader)


def never_touch_a_reader(*_):
    raise AssertionError("a real reader was looked for")
