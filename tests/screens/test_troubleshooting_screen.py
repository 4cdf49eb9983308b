"""Chapter 04's widgets in process: the troubleshooting path, the contacts, the links."""

from __future__ import annotations

import ipywidgets as w
from ecpx.screens.troubleshooting import assistance, faq, known_problems, troubleshooting
from ecpx.texts.help import CONTACTS, FIXES, LINKS, QUESTIONS, SCREEN

from tests.widgets import click, find, labels

START = QUESTIONS["start"]["choices"]


def test_the_first_question_lists_every_problem():
    view = troubleshooting()
    assert view.prompt.value == QUESTIONS["start"]["prompt"]
    assert set(START.values()) <= set(labels(view))
    assert view.back.disabled and view.result.value == ""


def test_an_application_problem_gives_the_application_contact():
    view = troubleshooting()
    click(view, START["app_error"])
    click(view, QUESTIONS["app_updated"]["choices"]["yes"])
    click(view, QUESTIONS["android_browser"]["choices"]["no"])
    result = view.result.value
    assert FIXES["test_ecps"]["title"] in result
    assert "0 806 800 213 (appel gratuit)" in result
    assert 'href="mailto:monserviceclient.e-cps@esante.gouv.fr"' in result
    assert CONTACTS["card"]["phone"] not in result
    assert view.prompt.value == "" and START["card"] not in labels(view)


def test_a_card_problem_gives_the_card_contact():
    view = troubleshooting()
    click(view, START["card"])
    click(view, QUESTIONS["card_issue"]["choices"]["blocked"])
    result = view.result.value
    assert "0 825 85 2000 (0,06 €/min + prix appel)" in result
    assert "Monserviceclient.cartes@esante.gouv.fr" in result
    assert CONTACTS["application"]["phone"] not in result


def test_a_fix_without_contact_says_so_and_links_to_the_update_page():
    view = troubleshooting()
    click(view, START["details"])
    assert SCREEN["no_contact"] in view.result.value
    update_url = LINKS["update_details"][1]
    assert f'href="{update_url}"' in view.result.value


def test_back_and_restart():
    view = troubleshooting()
    click(view, START["email"])
    click(view, QUESTIONS["email_spam"]["choices"]["no"])
    assert FIXES["check_spam"]["title"] in view.result.value
    click(view, SCREEN["back"])
    assert view.prompt.value == QUESTIONS["email_spam"]["prompt"]
    click(view, SCREEN["restart"])
    assert view.prompt.value == QUESTIONS["start"]["prompt"] and view.back.disabled


def test_every_button_s_accessible_name_is_its_label():
    view = troubleshooting()
    click(view, START["sms"])
    for b in find(view, w.Button):
        assert b.description and b.tooltip == b.description


def test_the_reference_blocks():
    assert LINKS["faq"][1] in faq().value
    assert "sans restriction" in known_problems().value
    assert LINKS["known_problems"][1] in known_problems().value
    text = assistance().value
    for key in ("application", "card"):
        assert CONTACTS[key]["phone"] in text and CONTACTS[key]["email"] in text
    for key in ("ans_page", "video", "faq", "known_problems"):
        assert LINKS[key][1] in text
    assert "monservicclient" not in text
