"""The simulators' shared mechanisms, in process: stale clicks, the live region, the focus
target, the scenario picker, the code d'ajout input, and the words of the dead ends."""

from __future__ import annotations

import random

from ecpx.activation.clock import FakeClock
from ecpx.activation.method_a import Computer
from ecpx.card.emulator import HOLDERS
from ecpx.screens.a11y import plain
from ecpx.screens.code_input import CodeInput
from ecpx.screens.method_b import method_b_simulator
from ecpx.texts import ERROR_MESSAGES, PASSWORD
from ecpx.texts.common import APP, SIMULATORS
from ecpx.texts.course import DEVICES
from ecpx.texts.method_a import COMPUTER, GUIDE, PHONE
from ecpx.texts.method_b import GUIDE as GUIDE_B
from ecpx.texts.method_b import MAIL, NOTICES, SMS
from ecpx.texts.method_b import PHONE as B_PHONE
from ecpx.texts.method_b import SIMULATOR as TEXTS

from tests.widgets import choose_scenario, click, fill, shown_text

PIN = HOLDERS["medecin"].pin


def log_in(sim, pin: str = PIN) -> None:
    click(sim.computer.widget, COMPUTER["psc_button"])
    click(sim.computer.widget, COMPUTER["psc_tab_card"])
    click(sim.computer.widget, COMPUTER["psc_card_button"])
    click(sim.computer.widget, COMPUTER["certificate_ok"])
    fill(sim.computer.widget, COMPUTER["pin_label"], pin)
    click(sim.computer.widget, COMPUTER["pin_ok"])


def said(sim) -> str:
    return sim.announcer.polite


def test_a_repeated_click_is_ignored_never_an_unexpected_problem(sim):
    click(sim.computer.widget, COMPUTER["psc_button"])
    events = len(sim.recorder.events)
    sim.act("open_pro_sante_connect")  # the second click of a double click
    assert sim.problem.value == "" and SIMULATORS["unexpected"] not in shown_text(sim)
    assert sim.model.state == Computer.PSC_LOGIN and len(sim.recorder.events) == events


def test_each_new_screen_is_announced_with_its_device(sim):
    assert said(sim).startswith(f"{DEVICES['computer']}\u00a0: {COMPUTER['portal_title']}")
    click(sim.computer.widget, COMPUTER["psc_button"])
    assert f"{DEVICES['computer']}\u00a0: {COMPUTER['psc_title']}" in said(sim)
    assert plain(GUIDE[("computer", "psc_login")]) in said(sim)  # the guide line too


def test_an_error_is_announced_assertively(sim):
    log_in(sim, pin="0000" if PIN != "0000" else "1111")
    assert "Code porteur incorrect" in sim.announcer.urgent


def test_the_keypad_and_the_switch_to_the_confirmation_are_announced(sim):
    sim.restart()
    model = sim.model
    log_in(sim)
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"],
                  PHONE["choose_qr"]):
        click(sim.phone.widget, label)
    click(sim.computer.widget, COMPUTER["start_button"])
    click(sim.phone.widget, PHONE["scan_button"])
    sim.computer.code_input.type(model.pairing_code)
    assert PASSWORD["create"] in said(sim)
    click(sim.computer.widget, "1")
    assert said(sim) == SIMULATORS["keypad_progress"].format(typed=1, length=4)
    for digit in "357":
        click(sim.computer.widget, digit)
    assert f"{DEVICES['computer']}\u00a0: {PASSWORD['confirm']}" in said(sim)


def test_the_focus_goes_to_the_device_where_the_trainee_acts_next(sim):
    assert sim.announcer.focus == sim.computer.screen_class(Computer.PORTAL)
    log_in(sim)  # logged in: the next step is opening the app on the phone
    assert sim.announcer.focus == sim.phone.screen_class("closed")
    focused = sim.announcer.focused
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"],
                  PHONE["choose_qr"]):
        click(sim.phone.widget, label)
    assert sim.announcer.focused == focused + 4  # one request per click
    assert sim.announcer.focus == sim.computer.screen_class(Computer.ACTIVATION_HOME)


def test_moving_through_the_scenarios_does_not_restart_until_asked(sim):
    click(sim.computer.widget, COMPUTER["psc_button"])
    case = sim.model.case_id
    sim.scenario.value = "pin_wrong"  # an arrow key in the list
    sim.scenario.value = "qr_expired"
    assert sim.model.case_id == case and sim.model.state == Computer.PSC_LOGIN
    choose_scenario(sim, "pin_wrong")
    assert sim.model.case_id != case and sim.model.scenario == "pin_wrong"
    click(sim.controls, SIMULATORS["restart"])
    assert sim.model.scenario == "pin_wrong"  # « Recommencer » replays the scenario played


def test_two_wrong_card_codes_lead_to_the_way_out_not_a_dead_end(sim):
    choose_scenario(sim, "pin_wrong")
    wrong = "0000" if PIN != "0000" else "1111"
    log_in(sim, wrong)
    fill(sim.computer.widget, COMPUTER["pin_label"], wrong)
    click(sim.computer.widget, COMPUTER["pin_ok"])
    assert sim.model.pin_tries_left == 1
    assert sim.guide.value == GUIDE[("computer", "card_code_last_try")]
    assert COMPUTER["pin_last_try"] in shown_text(sim.computer.widget)
    click(sim.controls, SIMULATORS["restart"])  # the way out: a fresh virtual card
    log_in(sim)
    assert sim.model.state == Computer.ACTIVATION_HOME


def test_the_code_input_takes_lower_case_and_spaces_and_clears_after():
    codes = []
    box = CodeInput(codes.append, label="Code", box_label="Caractère {n}")
    assert box.box_labels == [f"Caractère {n}" for n in range(1, 7)]
    box.type("p2 8658")
    assert codes == ["P28658"] and box.value == ""
    box.type("P286")  # incomplete: nothing sent
    assert codes == ["P28658"]


def open_the_email_and_start(sim) -> None:
    """Method B from the app's first screen to « Démarrer l'activation » in the e-mail."""
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"], B_PHONE["send_request"],
                  B_PHONE["have_rpps"]):
        click(sim, label)
    fill(sim, B_PHONE["identifier_field"], sim.example_id)
    click(sim, B_PHONE["submit"])
    click(sim, MAIL["subject"])
    click(sim, MAIL["start"])


def test_method_b_sms_show_their_time_and_which_code_is_current():
    clock = FakeClock()
    sim = method_b_simulator(rng=random.Random(5), clock=clock)
    choose_scenario(sim, "manual_code")
    open_the_email_and_start(sim)
    click(sim, B_PHONE["by_sms"])
    clock.advance(61)
    click(sim, B_PHONE["resend_sms"])
    text = shown_text(sim.sms.widget)
    first, second = sim.model.sms_inbox
    assert text.index(second.code) < text.index(first.code)  # the newest on top
    assert SMS["received"].format(at=second.sent_at) in text
    assert text.count(SMS["current"]) == 1 and text.count(SMS["expired"]) == 1
    assert f"<s>{SMS['text'].format(code=first.code)}</s>" in text


def test_method_b_start_link_on_the_computer_says_why_and_what_to_do():
    sim = method_b_simulator(rng=random.Random(5))
    choose_scenario(sim, "computer")
    open_the_email_and_start(sim)
    assert NOTICES["start_on_computer"] in shown_text(sim.mailbox.widget)
    assert sim.announcer.urgent == plain(NOTICES["start_on_computer"])
    assert sim.problem.value == ""


def test_the_end_of_method_b_is_not_called_a_next_step():
    sim = method_b_simulator(rng=random.Random(5))
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"], B_PHONE["send_request"],
                  B_PHONE["have_rpps"]):
        click(sim, label)
    assert sim.guide.value.startswith(f"<b>{TEXTS['next']}</b>")
    fill(sim, B_PHONE["identifier_field"], sim.example_id)
    click(sim, B_PHONE["submit"])
    click(sim, MAIL["subject"])
    click(sim, MAIL["start"])
    click(sim, B_PHONE["by_sms"])
    for digit in "24682468":
        click(sim, digit)
    assert sim.model.activated and sim.guide.value == GUIDE_B["done"]
    assert ERROR_MESSAGES["sms_code_wrong"] not in sim.announcer.urgent


def test_enter_in_a_field_submits_the_value_it_carries(sim):
    click(sim.computer.widget, COMPUTER["psc_button"])
    click(sim.computer.widget, COMPUTER["psc_tab_card"])
    click(sim.computer.widget, COMPUTER["psc_card_button"])
    click(sim.computer.widget, COMPUTER["certificate_ok"])
    form = next(name for name in sim.announcer._forms if name.startswith("ecpx-form-"))
    # What the browser sends on Enter: the form and the field's value, in one message.
    sim.announcer.submitted = {"form": form, "value": PIN, "n": 1}
    assert sim.model.state == Computer.ACTIVATION_HOME
    sim.announcer.submitted = {"form": "ecpx-form-unknown", "value": PIN, "n": 2}  # ignored
    assert sim.problem.value == ""


def test_method_b_announces_each_new_sms_with_its_code():
    sim = method_b_simulator(rng=random.Random(5))
    open_the_email_and_start(sim)
    click(sim, B_PHONE["by_sms"])
    assert sim.model.sms_inbox[-1].code in said(sim)
