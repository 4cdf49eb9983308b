"""Chapter 04's widgets in process: the troubleshooting path, the contacts, the links."""

from __future__ import annotations

import ipywidgets as w
from ecpx.screens.frames import escape
from ecpx.screens.troubleshooting import assistance, faq, known_problems, troubleshooting
from ecpx.texts.course import NEW_WINDOW
from ecpx.texts.help import CONTACTS, FIXES, LINKS, QUESTIONS, SCREEN

from tests.widgets import click, find, labels

START = QUESTIONS["start"]["choices"]


def test_the_first_question_lists_every_problem():
    view = troubleshooting()
    assert view.question == QUESTIONS["start"]["prompt"]
    assert view.prompt.value == f"<h3>{escape(QUESTIONS['start']['prompt'])}</h3>"  # a heading
    assert set(START.values()) <= set(labels(view))
    assert view.back.disabled and view.result.value == ""


def test_an_application_problem_gives_the_application_contact():
    view = troubleshooting()
    click(view, START["app_error"])
    click(view, QUESTIONS["app_updated"]["choices"]["yes"])
    click(view, QUESTIONS["android_browser"]["choices"]["no"])
    result = view.result.value
    assert f'<h3 class="ecpx-success">{escape(FIXES["test_ecps"]["title"])}</h3>' in result
    assert f"<h4>{SCREEN['contact_title']}</h4>" in result  # the fix's parts are headings
    assert "0 806 800 213 (appel gratuit)" in result
    assert 'href="mailto:monserviceclient.e-cps@esante.gouv.fr"' in result
    assert CONTACTS["card"]["phone"] not in result
    assert view.question == "" and START["card"] not in labels(view)


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
    assert view.question == QUESTIONS["email_spam"]["prompt"]
    click(view, SCREEN["restart"])
    assert view.question == QUESTIONS["start"]["prompt"] and view.back.disabled


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
    for key in ("application", "card"):  # each service is a heading under the chapter's h2
        assert f"<h3>{escape(CONTACTS[key]['title'])}</h3>" in text


def test_a_link_that_opens_a_new_window_says_so():
    text = assistance().value
    label, url = LINKS["faq"]
    assert (f'<a href="{url}" target="_blank" rel="noopener">{escape(label)} '
            f'<span class="ecpx-new-window">{NEW_WINDOW}</span></a>') in text
    new_windows = text.count('target="_blank"')
    assert new_windows == 4 and text.count(NEW_WINDOW) == new_windows


def test_an_answer_is_said_and_the_focus_goes_to_the_next_question_s_first_answer():
    view = troubleshooting()
    click(view, START["email"])
    assert view.announcer.polite == QUESTIONS["email_spam"]["prompt"]
    assert view.announcer.focus == view.focus_class("answers")  # the new first answer
    click(view, QUESTIONS["email_spam"]["choices"]["no"])
    said = view.announcer.polite
    assert FIXES["check_spam"]["title"] in said and SCREEN["no_contact"] in said
    assert view.announcer.focus == view.focus_class("nav")  # « Question précédente »


def test_a_button_of_a_question_already_answered_changes_nothing():
    view = troubleshooting()
    [first] = [b for b in find(view, w.Button) if b.description == START["email"]]
    first.click()
    said, answers = view.announcer.said, list(view.helper.answers)
    first.click()  # the second click of a double click, on a button no longer shown
    old_back = view.back
    click(view, SCREEN["back"])
    old_back.click()  # « Question précédente » twice: one step back only
    assert view.helper.answers == [] and answers == ["email"]
    assert view.announcer.said == said + 1
