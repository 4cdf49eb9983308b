"""Method B's simulator in process: clicks by visible label, as a trainee would."""

from __future__ import annotations

import random

import ipywidgets as w
import pytest
from ecpx.activation.directory import fictitious_directory
from ecpx.activation.events import Recorder
from ecpx.screens.method_b import Simulator, method_b_simulator
from ecpx.texts import ERROR_MESSAGES, STEPS_B
from ecpx.texts.common import APP, SIMULATORS
from ecpx.texts.method_b import (
    MAIL,
    NOTICES,
    PHONE,
    SCENARIOS,
    SMS,
    UPDATE_DETAILS_URL,
)

from tests.widgets import choose_scenario, click, fill, find, labels, shown_text

DIRECTORY = fictitious_directory()
CPS = DIRECTORY.first().national_id


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def _sim(recorder: Recorder, scenario: str = "normal", **options) -> Simulator:
    sim = method_b_simulator(sink=recorder, rng=random.Random(5), **options)
    choose_scenario(sim, scenario)
    return sim


def _to_form(sim: Simulator) -> None:
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"],
                  PHONE["send_request"], PHONE["have_rpps"]):
        click(sim, label)


def _request(sim: Simulator, identifier: str = CPS) -> None:
    _to_form(sim)
    fill(sim, PHONE["identifier_field"], identifier)
    click(sim, PHONE["submit"])


def _request_sms(sim: Simulator) -> None:
    """Request the activation, start it from the e-mail, then ask for the SMS."""
    _request(sim)
    click(sim, MAIL["subject"])
    click(sim, MAIL["start"])
    click(sim, PHONE["by_sms"])


def _type_password(sim: Simulator, digits: str) -> None:
    for digit in digits:
        click(sim, digit)


def test_the_whole_of_method_b_by_its_labels(recorder):
    sim = _sim(recorder)
    _request(sim)
    click(sim, MAIL["subject"])
    assert MAIL["qr_alt"] in shown_text(sim)  # the QR code's text alternative is beside it
    click(sim, MAIL["start"])
    click(sim, PHONE["by_sms"])
    assert "Votre code d'activation e-CPS est" in shown_text(sim)
    assert PHONE["code_auto"] in shown_text(sim)  # the app picked the code up by itself
    _type_password(sim, "1357")
    _type_password(sim, "1357")
    assert APP["activated_title"] in shown_text(sim)
    assert [e.step for e in recorder.events] == list(STEPS_B)
    assert sim.problem.value == ""


def test_the_code_read_from_the_sms_and_typed(recorder):
    sim = _sim(recorder, "manual_code")
    _request_sms(sim)
    code = sim.model.sms_inbox[-1].code
    assert SMS["text"].format(code=code) in shown_text(sim)
    fill(sim, PHONE["code_field"], "000000" if code != "000000" else "111111")
    click(sim, PHONE["validate_code"])
    assert ERROR_MESSAGES["sms_code_wrong"] in sim.phone.alert.value
    fill(sim, PHONE["code_field"], code)
    click(sim, PHONE["validate_code"])
    assert sim.model.state == "password_create"
    assert PHONE["code_auto"] not in shown_text(sim)


def test_an_expired_code_then_a_new_sms(recorder):
    sim = _sim(recorder, "expired_code")
    _request_sms(sim)
    fill(sim, PHONE["code_field"], sim.model.sms_inbox[-1].code)
    click(sim, PHONE["validate_code"])
    assert ERROR_MESSAGES["sms_code_expired"] in sim.phone.alert.value
    assert "Recevoir un nouveau SMS" in sim.guide.value
    click(sim, PHONE["resend_sms"])
    fill(sim, PHONE["code_field"], sim.model.sms_inbox[-1].code)
    click(sim, PHONE["validate_code"])
    assert sim.model.state == "password_create"


def test_the_add_an_8_hint_is_shown_on_the_phone(recorder):
    sim = _sim(recorder)
    _request(sim, "12345678901")
    alert = sim.phone.alert.value
    assert ERROR_MESSAGES["identifier_format"] in alert and "ajoutez un «\u00a08\u00a0»" in alert


def test_a_cpe_holder_and_an_out_of_date_holder(recorder):
    sim = _sim(recorder)
    _request(sim, DIRECTORY.first(card_type="CPE").national_id)
    assert "méthode A" in sim.phone.alert.value
    fill(sim, PHONE["identifier_field"], DIRECTORY.first(up_to_date=False).national_id)
    click(sim, PHONE["submit"])
    assert f'<a href="{UPDATE_DETAILS_URL}"' in sim.phone.alert.value  # a real link


def test_the_spam_scenario(recorder):
    sim = _sim(recorder, "spam")
    _request(sim)
    assert MAIL["empty"] in shown_text(sim) and MAIL["subject"] not in labels(sim)
    assert "courrier indésirable" in sim.guide.value
    click(sim, PHONE["email_missing"])
    assert ERROR_MESSAGES["email_not_received"] in sim.phone.alert.value
    click(sim, MAIL["spam"])
    click(sim, MAIL["subject"])
    assert MAIL["spam_warning"] in shown_text(sim)
    click(sim, MAIL["start"])
    assert sim.model.state == "sms"


def test_the_email_opened_on_the_computer(recorder):
    sim = _sim(recorder, "computer")
    assert "Ordinateur — messagerie" in shown_text(sim)
    _request(sim)
    click(sim, MAIL["subject"])
    click(sim, MAIL["start"])
    assert NOTICES["start_on_computer"] in shown_text(sim)
    assert sim.model.state == "sent"
    click(sim, PHONE["commence"])
    click(sim, PHONE["scan"])  # the camera reads the QR code shown on the computer
    assert sim.model.state == "sms"


def test_scanning_without_a_qr_code_on_screen_explains_why(recorder):
    sim = _sim(recorder, "computer")
    _request(sim)
    click(sim, PHONE["commence"])
    click(sim, PHONE["scan"])
    assert NOTICES["no_qr"] in sim.phone.alert.value and sim.model.state == "scan"


def test_an_unsupported_phone(recorder):
    sim = _sim(recorder, "unsupported")
    click(sim, APP["open_app"])
    assert ERROR_MESSAGES["os_unsupported"] in sim.phone.alert.value
    assert APP["unsupported_detail"] in shown_text(sim)


def test_a_refused_password_shows_the_seeds_rule(recorder):
    sim = _sim(recorder)
    _request_sms(sim)
    _type_password(sim, "1234")
    assert ERROR_MESSAGES["password_ascending"] in shown_text(sim)


def test_guided_mode_highlights_the_view_to_act_on_and_free_mode_does_not(recorder):
    sim = _sim(recorder)
    assert "ecpx-active" in sim.phone_panel._dom_classes
    _request(sim)
    assert "ecpx-active" in sim.mail_panel._dom_classes
    assert "ecpx-active" not in sim.phone_panel._dom_classes
    sim.mode.value = "free"
    assert sim.guide.value == ""
    assert not any("ecpx-active" in p._dom_classes
                   for p in (sim.phone_panel, sim.mail_panel, sim.sms_panel))


def test_the_guide_suggests_the_fictitious_identifier(recorder):
    sim = _sim(recorder)
    _to_form(sim)
    assert CPS in sim.guide.value


def test_every_scenario_has_a_french_label_in_the_picker(recorder):
    sim = _sim(recorder)
    assert [label for label, _ in sim.scenario.options] == list(SCENARIOS.values())


def test_restart_starts_a_new_case_with_empty_fields(recorder):
    sim = _sim(recorder)
    _request(sim, "12345678901")
    first_case = sim.model.case_id
    click(sim, SIMULATORS["restart"])
    assert sim.model.state == "closed" and sim.model.case_id != first_case
    _to_form(sim)
    fields = find(sim, w.Text)
    assert [f.value for f in fields] == [""]


def test_every_button_s_accessible_name_is_its_label(recorder):
    sim = _sim(recorder)
    _request(sim)
    click(sim, MAIL["subject"])
    for b in find(sim, w.Button):
        assert b.description and b.tooltip == b.description


def test_a_stale_click_is_ignored_not_reported(recorder):
    sim = _sim(recorder)
    sim.act("start")  # not offered on the closed phone: a click meant for an older screen
    assert sim.problem.value == "" and sim.model.state == "closed"


def test_a_bug_in_the_model_becomes_a_french_message(recorder, monkeypatch):
    sim = _sim(recorder)

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(sim.model, "open_app", broken)
    click(sim, APP["open_app"])
    assert sim.problem.value == SIMULATORS["unexpected"]
    assert "boom" not in shown_text(sim) and "Traceback" not in shown_text(sim)
