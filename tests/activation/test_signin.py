"""The sign-in state machine (chapter 07): codes only, a fake clock and a seeded generator."""

from __future__ import annotations

import random

import pytest
from ecpx.activation.clock import FakeClock
from ecpx.activation.codes import (
    ERROR_STEP,
    SIGNIN_APP_STEPS,
    SIGNIN_ERROR_STEP,
    SIGNIN_STEPS,
    STEPS,
)
from ecpx.activation.directory import fictitious_directory
from ecpx.activation.events import Recorder
from ecpx.activation.flow import WrongScreen
from ecpx.activation.signin import (
    CHOICES,
    MAX_PASSWORD_TRIES,
    REQUEST_VALIDITY,
    SCENARIOS,
    Phone,
    Service,
    SignIn,
)

HOLDER = fictitious_directory().first()


def new(scenario: str = "normal", seed: int = 3) -> SignIn:
    model = SignIn(holder=HOLDER, password="2468", scenario=SCENARIOS[scenario],
                   sink=Recorder(), clock=FakeClock(), rng=random.Random(seed))
    model.recorder = model.sink
    return model


def request(model: SignIn) -> None:
    model.open_psc()
    assert model.submit_identifier(HOLDER.national_id)


def test_a_sign_in_goes_through_the_public_steps_in_order():
    model = new()
    request(model)
    assert model.service == Service.WAITING and model.notification
    assert model.open_notification() and model.phone == Phone.PASSWORD
    assert model.submit_password("2468") and model.phone == Phone.CODE
    assert len(model.choices) == CHOICES == len(set(model.choices)) and model.code in model.choices
    assert model.choose_code(model.code)
    assert model.signed_in and model.phone == Phone.DONE
    assert [s for s, _, _ in model.recorder.steps()] == list(SIGNIN_STEPS)
    assert {e.method for e in model.recorder.events} == {"S"}


def test_same_seed_same_codes():
    a, b = new(seed=9), new(seed=9)
    request(a)
    request(b)
    assert (a.code, a.choices, a.case_id) == (b.code, b.choices, b.case_id)


def test_sign_in_codes_stay_apart_from_the_activation_log_s():
    assert "S" not in STEPS and not set(SIGNIN_ERROR_STEP) & set(ERROR_STEP)
    assert set(SIGNIN_ERROR_STEP.values()) <= set(SIGNIN_STEPS + SIGNIN_APP_STEPS)


@pytest.mark.parametrize("typed, error", [("12345678901", "signin_identifier_format"),
                                          ("abc", "signin_identifier_format")])
def test_a_malformed_identifier_is_refused_with_its_hint(typed, error):
    model = new()
    model.open_psc()
    assert not model.submit_identifier(typed)
    assert model.error == error and model.hint and model.service == Service.PSC


def test_another_professional_s_identifier_finds_no_e_cps_on_this_phone():
    other = next(p for p in fictitious_directory().professionals
                 if p.national_id != HOLDER.national_id and p.national_id.startswith("8"))
    model = new()
    model.open_psc()
    assert not model.submit_identifier(other.national_id)
    assert model.error == "signin_identifier_unknown" and not model.notification


def test_wrong_passwords_then_the_request_is_cancelled():
    model = new()
    request(model)
    model.open_notification()
    for left in range(MAX_PASSWORD_TRIES - 1, 0, -1):
        assert not model.submit_password("1357")
        assert model.error == "signin_password_wrong" and model.tries_left == left
    assert not model.submit_password("1357")
    assert model.error == "signin_password_locked"
    assert (model.service, model.phone) == (Service.FAILED, Phone.HOME)
    model.retry()
    assert model.submit_identifier(HOLDER.national_id) and model.tries_left == MAX_PASSWORD_TRIES


def test_a_wrong_dynamic_code_refuses_the_request():
    model = new()
    request(model)
    model.open_notification()
    model.submit_password("2468")
    wrong = next(v for v in model.choices if v != model.code)
    assert not model.choose_code(wrong)
    assert model.error == "dynamic_code_wrong" and model.service == Service.FAILED
    assert not model.signed_in
    with pytest.raises(WrongScreen):
        model.choose_code(wrong)  # the phone has moved on: a stale click


@pytest.mark.parametrize("scenario", ["outdated", "battery"])
def test_no_notification_until_the_phone_is_fixed(scenario):
    model = new(scenario)
    request(model)
    assert not model.notification
    with pytest.raises(WrongScreen):
        model.open_notification()
    model.report_missing()
    assert model.error == "notification_missing"
    model.fix()
    model.retry()
    assert model.submit_identifier(HOLDER.national_id) and model.notification


def test_the_battery_scenario_opens_the_service_in_the_phone_s_browser():
    assert SCENARIOS["battery"].on_phone and not SCENARIOS["outdated"].on_phone


def test_a_request_expires_on_the_clock():
    model = new()
    request(model)
    model.clock.advance(REQUEST_VALIDITY.total_seconds())
    assert not model.open_notification()
    assert model.error == "request_expired" and model.service == Service.FAILED
    model.retry()
    model.submit_identifier(HOLDER.national_id)
    model.clock.advance(REQUEST_VALIDITY.total_seconds() - 1)
    assert model.open_notification()


def test_the_expired_request_scenario_expires_the_first_request_only():
    model = new("expired_request")
    request(model)
    assert not model.open_notification() and model.error == "request_expired"
    model.retry()
    model.submit_identifier(HOLDER.national_id)
    assert model.open_notification()


def test_je_teste_ma_e_cps_says_bravo_when_it_works():
    model = new()
    model.open_app()
    assert model.test_ecps() and model.test_result == "ok"
    assert model.recorder.steps() == [("ecps_tested", "ok", "")]


def test_a_broken_e_cps_gets_no_notification_and_fails_the_test():
    model = new("test_ko")
    request(model)
    assert not model.notification
    with pytest.raises(WrongScreen):
        model.fix()  # nothing on the phone fixes it
    model.open_app()
    assert not model.test_ecps() and model.error == "ecps_test_failed"


def test_an_expired_e_cps_is_deleted_from_the_settings():
    model = new("expired_ecps")
    request(model)
    assert not model.open_notification()
    assert model.error == "ecps_expired" and model.phone == Phone.EXPIRED
    model.open_settings()
    model.delete_ecps()
    assert model.deleted and model.phone == Phone.DELETED
    assert model.recorder.steps()[-1] == ("ecps_deleted", "ok", "")
    model.go_home()
    model.open_app()
    assert model.phone == Phone.EXPIRED  # nothing to sign in with until activated again


def test_actions_the_screen_does_not_offer_are_stale():
    model = new()
    with pytest.raises(WrongScreen):
        model.submit_identifier(HOLDER.national_id)
    with pytest.raises(WrongScreen):
        model.submit_password("2468")
    with pytest.raises(WrongScreen):
        model.report_missing()
