"""Method B's state machine: every rule, every scenario, and the journal events it emits."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from ecpx.activation.clock import FakeClock
from ecpx.activation.directory import Directory, Professional
from ecpx.activation.events import Recorder
from ecpx.activation.identifier import luhn_check_digit
from ecpx.activation.method_b import (
    SCENARIOS,
    SMS_CODE_VALIDITY,
    MethodB,
    Scenario,
    WrongScreen,
    masked_email,
    masked_mobile,
)
from ecpx.texts import ERROR_MESSAGES, ERROR_STEP, ERRORS, STEPS_B
from ecpx.texts.method_b import SCENARIOS as SCENARIO_LABELS
from ecpx.texts.method_b import UPDATE_DETAILS_URL


def _id(payload: str) -> str:
    return "8" + payload + luhn_check_digit(payload)


CPS = _id("9900000001")
CPE = _id("9900000002")
OUTDATED = _id("9900000003")
UNKNOWN = _id("9900000009")
NORMAL = Scenario()


def _directory() -> Directory:
    def pro(national_id, card, up_to_date=True):
        return Professional(national_id, "Camille", "FICTIF", "Médecin", card,
                            "camille.fictif@example.org", "06 39 98 12 34", up_to_date)

    return Directory([pro(CPS, "CPS"), pro(CPE, "CPE"), pro(OUTDATED, "CPS", False)])


def _flow(scenario: Scenario = NORMAL, **options) -> tuple[MethodB, Recorder, FakeClock]:
    recorder, clock = Recorder(), FakeClock()
    flow = MethodB(directory=_directory(), scenario=scenario, sink=recorder, clock=clock,
                   rng=random.Random(7), platform="android", os_version="14", **options)
    return flow, recorder, clock


def _to_form(flow: MethodB) -> None:
    flow.open_app()
    flow.start()
    flow.accept_cgu()
    flow.choose()
    flow.choose_rpps()


def _to_sms(flow: MethodB) -> None:
    _to_form(flow)
    assert flow.submit_identifier(CPS)
    flow.open_email()
    assert flow.start_from_email()


def _finish(flow: MethodB) -> None:
    assert flow.create_password("1357")
    assert flow.confirm_password("1357")


def test_the_happy_path_emits_each_step_of_method_b_once_in_order():
    flow, recorder, clock = _flow()
    flow.open_app()
    clock.advance(3)
    flow.start()
    flow.accept_cgu()
    flow.choose()
    flow.choose_rpps()
    assert flow.state == "form"
    assert flow.submit_identifier(CPS)
    assert flow.state == "sent"
    flow.open_email()
    assert flow.start_from_email()
    assert flow.state == "sms"
    assert flow.request_sms()  # picked up automatically: straight to the password
    assert flow.state == "password_create"
    _finish(flow)
    assert flow.state == "activated" and flow.activated
    assert [e.step for e in recorder.events] == list(STEPS_B)
    assert {(e.method, e.outcome, e.error, e.card_type, e.platform, e.os_version, e.source)
            for e in recorder.events} == {("B", "ok", "", "CPS", "android", "14", "training")}
    assert len({e.case_id for e in recorder.events}) == 1
    assert recorder.events[0].timestamp + timedelta(seconds=3) == recorder.events[1].timestamp


def test_navigation_alone_emits_nothing():
    flow, recorder, _ = _flow()
    flow.open_app()
    flow.start()
    assert recorder.steps() == [("app_opened", "ok", "")]
    flow.accept_cgu()
    flow.choose()
    flow.choose_rpps()
    flow.back()
    assert flow.state == "kind"
    flow.back()
    assert flow.state == "choose"
    assert len(recorder.events) == 2


def test_the_sms_is_sent_to_the_holders_mobile_and_the_email_to_their_address():
    flow, _, _ = _flow()
    _to_sms(flow)
    assert flow.mailbox.emails[0].recipient == "camille.fictif@example.org"
    assert flow.mailbox.emails[0].qr_payload.startswith("ecps-simulation://")
    flow.request_sms()
    sms = flow.sms_inbox[0]
    assert sms.mobile == "06 39 98 12 34"
    assert len(sms.code) == 6 and sms.code.isdigit()
    assert flow.code_field == sms.code  # the app picked it up


def test_12345678901_gets_the_add_an_8_hint_without_asking_the_directory():
    flow, recorder, _ = _flow()
    _to_form(flow)
    assert not flow.submit_identifier("12345678901")
    assert (flow.state, flow.error, flow.hint) == ("form", "identifier_format", "add_8")
    assert recorder.steps()[-1] == ("request_sent", "error", "identifier_format")
    assert flow.directory.lookups == 0


def test_a_wrong_check_digit_is_refused_without_asking_the_directory():
    flow, _, _ = _flow()
    _to_form(flow)
    typo = CPS[:-1] + str((int(CPS[-1]) + 1) % 10)
    assert not flow.submit_identifier(typo)
    assert (flow.error, flow.hint) == ("identifier_format", "check_digit")
    assert flow.directory.lookups == 0
    assert flow.submit_identifier(CPS)  # corrected: now the directory is asked, once
    assert flow.directory.lookups == 1


def test_a_cpe_holder_is_sent_to_method_a():
    flow, recorder, _ = _flow()
    _to_form(flow)
    assert not flow.submit_identifier(CPE)
    assert flow.state == "form" and flow.error == "card_type_not_eligible"
    assert "méthode A" in ERROR_MESSAGES[flow.error]
    last = recorder.events[-1]
    assert (last.step, last.error, last.card_type) == ("request_sent", "card_type_not_eligible",
                                                       "CPE")
    assert not flow.mailbox.emails


def test_an_out_of_date_holder_gets_the_update_link():
    flow, _, _ = _flow()
    _to_form(flow)
    assert not flow.submit_identifier(OUTDATED)
    assert flow.error == "details_outdated"
    assert UPDATE_DETAILS_URL in ERROR_MESSAGES[flow.error]
    assert not flow.mailbox.emails and not flow.sms_inbox


def test_an_unknown_identifier_is_said_so():
    flow, _, _ = _flow()
    _to_form(flow)
    assert not flow.submit_identifier(UNKNOWN)
    assert flow.error == "identifier_unknown" and flow.hint == ""


def test_a_new_attempt_after_an_error_clears_it():
    flow, _, _ = _flow()
    _to_form(flow)
    flow.submit_identifier("123456789")
    assert flow.hint == "add_0"
    assert flow.submit_identifier(CPS)
    assert flow.error == "" and flow.hint == ""


def test_the_email_in_the_spam_folder():
    flow, recorder, _ = _flow(Scenario(email_in_spam=True))
    _to_form(flow)
    flow.submit_identifier(CPS)
    assert flow.mailbox.shown() == []
    assert (flow.guide().view, flow.guide().key) == ("mailbox", "open_spam")
    flow.report_email_missing()
    assert recorder.steps()[-1] == ("email_opened", "error", "email_not_received")
    assert "courrier indésirable" in ERROR_MESSAGES[flow.error]
    with pytest.raises(WrongScreen):
        flow.open_email()  # nothing in the inbox
    flow.open_folder("spam")
    assert flow.guide().key == "open_email"
    flow.open_email()
    assert flow.start_from_email()
    assert recorder.steps()[-1] == ("email_opened", "ok", "")


def test_the_email_opened_on_the_computer_is_scanned_with_the_app():
    flow, recorder, _ = _flow(Scenario(email_on_computer=True))
    _to_form(flow)
    flow.submit_identifier(CPS)
    flow.open_email()
    events = len(recorder.events)
    assert not flow.start_from_email()  # the link does nothing on the computer
    assert flow.notice == "start_on_computer" and flow.state == "sent"
    assert len(recorder.events) == events
    assert (flow.guide().view, flow.guide().key) == ("phone", "commence")
    flow.commence()
    assert flow.state == "scan"
    assert not flow.scan_qr("ecps-simulation://activation/0000000000000000")
    assert flow.state == "scan" and flow.notice == "no_qr" and len(recorder.events) == events
    assert flow.scan_qr(flow.qr_in_view)
    assert flow.state == "sms" and recorder.steps()[-1] == ("email_opened", "ok", "")


def test_back_from_the_camera():
    flow, _, _ = _flow(Scenario(email_on_computer=True))
    _to_form(flow)
    flow.submit_identifier(CPS)
    flow.commence()
    flow.back()
    assert flow.state == "sent"


def test_a_code_not_picked_up_is_typed_by_the_trainee():
    flow, recorder, _ = _flow(Scenario(sms_auto_pickup=False))
    _to_sms(flow)
    assert not flow.request_sms()
    assert flow.state == "code" and flow.code_field == ""
    assert flow.guide().key == "type_code"
    assert flow.enter_sms_code(" ".join(flow.sms_inbox[-1].code))  # spaces tolerated
    assert flow.state == "password_create"
    assert recorder.steps()[-1] == ("sms_code_entered", "ok", "")


def test_a_wrong_sms_code_is_refused():
    flow, recorder, _ = _flow(Scenario(sms_auto_pickup=False))
    _to_sms(flow)
    flow.request_sms()
    code = flow.sms_inbox[-1].code
    wrong = f"{(int(code) + 1) % 10 ** 6:06d}"
    assert not flow.enter_sms_code(wrong)
    assert (flow.state, flow.error) == ("code", "sms_code_wrong")
    assert recorder.steps()[-1] == ("sms_code_entered", "error", "sms_code_wrong")
    assert flow.enter_sms_code(code)


def test_an_expired_sms_code_is_refused_and_a_new_sms_works():
    flow, recorder, clock = _flow(Scenario(sms_auto_pickup=False))
    _to_sms(flow)
    flow.request_sms()
    old = flow.sms_inbox[-1].code
    clock.advance(SMS_CODE_VALIDITY.total_seconds() - 1)
    assert not flow.code_expired
    clock.advance(1)
    assert flow.code_expired and flow.guide().key == "resend_sms"
    assert not flow.enter_sms_code(old)
    assert flow.error == "sms_code_expired"
    assert recorder.steps()[-1] == ("sms_code_entered", "error", "sms_code_expired")
    flow.resend_sms()
    assert len(flow.sms_inbox) == 2 and flow.error == ""
    new = flow.sms_inbox[-1].code
    if new != old:
        assert not flow.enter_sms_code(old)  # the old code is no longer the right one
    assert flow.enter_sms_code(new)


def test_the_first_sms_expired_scenario():
    flow, _, _ = _flow(Scenario(sms_auto_pickup=False, first_sms_expired=True))
    _to_sms(flow)
    flow.request_sms()
    assert not flow.enter_sms_code(flow.sms_inbox[-1].code)
    assert flow.error == "sms_code_expired"
    flow.resend_sms()
    assert flow.enter_sms_code(flow.sms_inbox[-1].code)


def test_password_rules_are_those_of_method_a_and_a_mismatch_starts_the_password_again():
    flow, recorder, _ = _flow()
    _to_sms(flow)
    flow.request_sms()
    for bad, error in (("1234", "password_ascending"), ("4321", "password_descending"),
                       ("1111", "password_identical"), ("12a4", "password_format")):
        assert not flow.create_password(bad)
        assert (flow.state, flow.error) == ("password_create", error)
    assert flow.create_password("1357")
    assert flow.state == "password_confirm"
    assert not flow.confirm_password("1358")
    assert (flow.state, flow.error) == ("password_create", "password_mismatch")
    assert recorder.steps()[-1] == ("password_confirmed", "error", "password_mismatch")
    _finish(flow)
    assert flow.activated


def test_a_date_like_password_is_accepted_with_a_warning():
    flow, _, _ = _flow()
    _to_sms(flow)
    flow.request_sms()
    assert flow.create_password("0312")
    assert flow.warning == "birth_date"


def test_an_unsupported_phone_stops_at_the_app():
    flow, recorder, _ = _flow(Scenario(phone_supported=False))
    assert not flow.open_app()
    assert flow.state == "unsupported" and flow.error == "os_unsupported"
    assert recorder.steps() == [("app_opened", "error", "os_unsupported")]
    assert flow.guide().key == "blocked"
    with pytest.raises(WrongScreen):
        flow.start()


@pytest.mark.parametrize("action", [
    lambda f: f.start(), lambda f: f.accept_cgu(), lambda f: f.submit_identifier(CPS),
    lambda f: f.request_sms(), lambda f: f.enter_sms_code("000000"),
    lambda f: f.create_password("1357"), lambda f: f.confirm_password("1357"),
    lambda f: f.back(), lambda f: f.start_from_email(), lambda f: f.scan_qr("x"),
    lambda f: f.open_folder("trash"),
])
def test_an_action_the_screen_does_not_offer_raises(action):
    flow, recorder, _ = _flow()
    with pytest.raises(WrongScreen):
        action(flow)
    assert recorder.events == []


def test_every_error_event_uses_the_catalogue():
    flow, recorder, _ = _flow(Scenario(sms_auto_pickup=False))
    _to_form(flow)
    for typed in ("12345678901", UNKNOWN, CPE, OUTDATED, CPS):
        flow.submit_identifier(typed)
    flow.report_email_missing()
    flow.open_email()
    flow.start_from_email()
    flow.request_sms()
    flow.enter_sms_code("x")
    for event in recorder.events:
        assert event.step in STEPS_B
        if event.outcome == "error":
            assert event.error in ERRORS and ERROR_STEP[event.error] == event.step


def test_the_guide_follows_the_seed_from_start_to_finish():
    flow, _, _ = _flow(Scenario(sms_auto_pickup=False))
    keys = []
    actions = {
        "open_app": flow.open_app, "start": flow.start, "accept_cgu": flow.accept_cgu,
        "send_request": flow.choose, "have_rpps": flow.choose_rpps,
        "submit": lambda: flow.submit_identifier(CPS), "open_email": flow.open_email,
        "start_from_email": flow.start_from_email, "by_sms": flow.request_sms,
        "type_code": lambda: flow.enter_sms_code(flow.sms_inbox[-1].code),
        "password": lambda: (flow.create_password("1357") if flow.state == "password_create"
                             else flow.confirm_password("1357")),
    }
    while not flow.activated:
        keys.append(flow.guide().key)
        actions[keys[-1]]()
    assert flow.guide().key == "done"
    assert keys == ["open_app", "start", "accept_cgu", "send_request", "have_rpps", "submit",
                    "open_email", "start_from_email", "by_sms", "type_code", "password",
                    "password"]


def test_the_same_seed_gives_the_same_case():
    first, second = _flow()[0], _flow()[0]
    for flow in (first, second):
        _to_sms(flow)
        flow.request_sms()
    assert first.case_id == second.case_id
    assert first.sms_inbox == second.sms_inbox
    assert first.mailbox.emails == second.mailbox.emails


def test_the_shipped_directory_is_the_default():
    flow = MethodB(rng=random.Random(1))
    _to_form(flow)
    assert flow.submit_identifier(flow.directory.first().national_id)


def test_every_course_scenario_has_a_label():
    assert set(SCENARIOS) == set(SCENARIO_LABELS)


def test_masks():
    assert masked_email("camille.fictif@example.org") == "c•••@example.org"
    assert masked_mobile("06 39 98 12 34") == "06 •• •• •• 34"
