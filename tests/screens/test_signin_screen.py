"""Chapter 07's simulator as widgets: a trainee who reads only the screens signs in, and every
error path shows its explanation (what went wrong, and why)."""

from __future__ import annotations

import random
import re

import ipywidgets as w
import pytest
from ecpx.activation.clock import FakeClock
from ecpx.activation.events import Recorder
from ecpx.activation.signin import REQUEST_VALIDITY
from ecpx.screens.signin import signin_simulator, simplified, sources
from ecpx.texts.signin import ERRORS, PANELS, PHONE, SCENARIOS, SERVICE, SOURCES, TEST_OK

from tests.widgets import choose_scenario, click, fill, find, labels, shown_text


@pytest.fixture
def sim():
    recorder, clock = Recorder(), FakeClock()
    simulator = signin_simulator(sink=recorder, clock=clock, rng=random.Random(7))
    simulator.recorder, simulator.clock = recorder, clock
    return simulator


def service(sim):
    return sim.service_panel


def phone(sim):
    return sim.phone_panel


def dynamic_code(sim) -> str:
    """The code the PSC page shows, read from the page."""
    shown = [h.value for h in find(service(sim), w.HTML) if "ecpx-dynamic-code" in h._dom_classes]
    assert len(shown) == 1
    return shown[0]


def identifier_on_screen(sim) -> str:
    """The fictitious identifier, as the PSC page says it."""
    return re.search(r"fictif de [^:]*:\s*(\d{12})", shown_text(service(sim)))[1]


def up_to_waiting(sim) -> None:
    click(service(sim), SERVICE["psc_button"])
    fill(service(sim), SERVICE["identifier_field"], identifier_on_screen(sim))
    click(service(sim), SERVICE["ecps"])


def type_password(sim, digits: str) -> None:
    for digit in digits:
        click(phone(sim), digit)


def test_a_sign_in_from_the_screens_words_only(sim):
    up_to_waiting(sim)
    assert SERVICE["waiting_title"] in shown_text(service(sim))
    code = dynamic_code(sim)
    assert PHONE["notification"] in sim.announcer.polite  # the notification is announced
    click(phone(sim), PHONE["notification"])
    assert PHONE["password_title"] in sim.announcer.polite
    password = re.search(r"\d{4}", PHONE["password_hint"].format(password="2468"))[0]
    assert password in shown_text(phone(sim))  # the training password is on the phone
    type_password(sim, password)
    choices = [b for b in labels(phone(sim)) if b.isdigit() and len(b) == 2]
    assert len(choices) == 3 and code in choices
    click(phone(sim), code)
    assert SERVICE["open_title"] in shown_text(service(sim))
    assert SERVICE["open_title"] in sim.announcer.polite
    assert sim.recorder.steps()[-1] == ("service_opened", "ok", "")


def test_the_service_is_fictitious_and_named_so(sim):
    text = shown_text(sim)
    assert "fictif" in text and ".example.test" in text
    assert "esante.gouv.fr" not in text


def test_a_wrong_password_is_explained_and_the_focus_stays_on_the_phone(sim):
    up_to_waiting(sim)
    click(phone(sim), PHONE["notification"])
    type_password(sim, "1357")
    assert sim.announcer.urgent.startswith("Mot de passe incorrect")
    assert ERRORS["signin_password_wrong"] in shown_text(phone(sim))
    type_password(sim, "1357")
    type_password(sim, "1357")
    assert "Trop de mots de passe incorrects" in sim.announcer.urgent
    assert SERVICE["failed_title"] in shown_text(service(sim))
    click(service(sim), SERVICE["retry"])
    assert SERVICE["psc_title"] in shown_text(service(sim))


def test_a_wrong_dynamic_code_is_explained(sim):
    up_to_waiting(sim)
    code = dynamic_code(sim)
    click(phone(sim), PHONE["notification"])
    type_password(sim, "2468")
    wrong = next(b for b in labels(phone(sim)) if b.isdigit() and len(b) == 2 and b != code)
    click(phone(sim), wrong)
    assert "Mauvais code" in sim.announcer.urgent
    assert "Mauvais code" in shown_text(service(sim))


@pytest.mark.parametrize("scenario, fix", [("outdated", PHONE["fix_outdated"]),
                                           ("battery", PHONE["fix_battery"])])
def test_a_notification_that_never_arrives(sim, scenario, fix):
    choose_scenario(sim, scenario)
    if scenario == "battery":
        assert PANELS["service_phone"] in shown_text(sim)
    up_to_waiting(sim)
    assert PHONE["notification"] not in labels(phone(sim))
    click(service(sim), SERVICE["missing"])
    assert "à jour" in sim.announcer.urgent and "sans restriction" in sim.announcer.urgent
    click(phone(sim), fix)
    assert PHONE["fixed"] in sim.announcer.polite
    click(service(sim), SERVICE["retry"])
    fill(service(sim), SERVICE["identifier_field"], identifier_on_screen(sim))
    click(service(sim), SERVICE["ecps"])
    assert PHONE["notification"] in labels(phone(sim))


def test_a_request_that_expires(sim):
    choose_scenario(sim, "expired_request")
    up_to_waiting(sim)
    click(phone(sim), PHONE["notification"])
    assert "La demande a expiré" in sim.announcer.urgent
    assert SERVICE["failed_title"] in shown_text(service(sim))


def test_a_request_expires_after_its_validity(sim):
    up_to_waiting(sim)
    sim.clock.advance(REQUEST_VALIDITY.total_seconds())
    click(phone(sim), PHONE["notification"])
    assert "La demande a expiré" in sim.announcer.urgent


def test_je_teste_ma_e_cps_bravo(sim):
    click(phone(sim), PHONE["open_app"])
    click(phone(sim), PHONE["test"])
    assert PHONE["bravo_title"] in sim.announcer.polite
    assert TEST_OK in shown_text(phone(sim))


def test_je_teste_ma_e_cps_ko_leads_to_the_guide_s_next_steps(sim):
    choose_scenario(sim, "test_ko")
    up_to_waiting(sim)
    click(service(sim), SERVICE["missing"])
    assert "ouvrez l'application e-CPS" in sim.guide.value  # the guide's step 3: test it
    click(phone(sim), PHONE["open_app"])
    click(phone(sim), PHONE["test"])
    assert PHONE["ko_title"] in sim.announcer.polite
    assert "déconnectez toutes vos sessions" in sim.announcer.urgent
    assert "0 806 800 213" in shown_text(phone(sim))


def test_an_expired_e_cps_is_deleted_then_activated_again(sim):
    choose_scenario(sim, "expired_ecps")
    assert PHONE["reminder"] in shown_text(phone(sim))
    up_to_waiting(sim)
    click(phone(sim), PHONE["notification"])
    assert PHONE["expired_title"] in sim.announcer.polite
    click(phone(sim), PHONE["settings"])
    assert PHONE["account"] in shown_text(phone(sim))
    click(phone(sim), PHONE["delete"])
    text = shown_text(phone(sim))
    assert "02-methode-a-avec-la-carte.ipynb" in text and "03-methode-b" in text


def test_a_double_click_is_ignored(sim):
    click(service(sim), SERVICE["psc_button"])
    sim.act("open_psc")  # the same button again, after the screen moved on
    assert sim.problem.value == ""


def test_every_scenario_has_a_label():
    from ecpx.activation.signin import SCENARIOS as SETTINGS

    assert set(SCENARIOS) == set(SETTINGS)


def test_sources_and_simplifications_are_listed():
    assert len(find(sources(), w.HTML)) == 1
    assert sources().value.count("<li>") == len(SOURCES)
    assert "https://esante.gouv.fr/offres-services/e-cps/faq-e-cps" in sources().value
    assert "2 minutes" in simplified().value
