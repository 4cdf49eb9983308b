"""Chapters 00 and 01: glossary, method chooser, compatibility rules and their widgets."""

import ipywidgets as w
import pytest
from ecpx.activation.compatibility import check_device, parse_version, recommend_method
from ecpx.screens import course
from ecpx.screens.quiz import quiz
from ecpx.texts.course import (
    COMPATIBILITY,
    FLASH_CARDS,
    GLOSSARY,
    QUIZ_INSTALL,
    QUIZ_WELCOME,
)

from tests.widgets import click, find, only, shown_text


def test_glossary_holds_the_seven_acronyms_of_the_seed():
    seed = {
        "ANS": "Agence du Numérique en Santé",
        "CDE": "Carte directeur d'établissement",
        "CPA": "Carte de personnel autorisé",
        "CPE": "Carte de personnel d'établissement",
        "CPF": "Carte de personnel en formation",
        "CPS": "Carte de professionnel de santé",
        "CPx": "Nom générique des cartes professionnelles",
    }
    assert seed == GLOSSARY


@pytest.mark.parametrize(("device", "version", "chip", "compatible"), [
    ("iPhone", "14", "apple_silicon", False),
    ("iPhone", "14.8.1", "apple_silicon", False),
    ("iPhone", "15.0", "apple_silicon", True),
    ("iPod touch", "15", "apple_silicon", True),
    ("Android", "7", "apple_silicon", False),
    ("Android", "7.1", "apple_silicon", False),
    ("Android", "8", "apple_silicon", True),
    ("Android", "15", "apple_silicon", True),
    ("Mac", "12", "intel", False),
    ("Mac", "11.7", "apple_silicon", False),
    ("Mac", "12", "apple_silicon", True),
])
def test_compatibility_follows_the_seed(device, version, chip, compatible):
    assert check_device(device, version, chip).compatible is compatible


def test_an_unreadable_version_asks_again_instead_of_guessing():
    verdict = check_device("iPhone", "la dernière")
    assert verdict.compatible is None and verdict.reason == "bad_version"
    assert "15.0" in COMPATIBILITY["bad_version"]


@pytest.mark.parametrize(("text", "parsed"), [
    ("15", (15, 0)), ("15.0", (15, 0)), ("iOS 16.4", (16, 4)), ("14,8", (14, 8)), ("", None),
    ("x", None),
])
def test_parse_version(text, parsed):
    assert parse_version(text) == parsed


@pytest.mark.parametrize(("card", "reader", "advice"), [
    ("CPS", True, "both"), ("CPS", False, "b_only"), ("CPE", True, "a_only"),
    ("CPA", False, "need_reader"),
])
def test_method_b_is_for_cps_cards_only(card, reader, advice):
    assert recommend_method(card, reader) == advice


def test_compatibility_checker_widget_answers_in_french():
    view = course.compatibility_checker()
    device = only(view, w.Dropdown, description="Votre appareil")
    version = only(view, w.Text)
    device.value, version.value = "Android", "7"
    click(view, "Vérifier la compatibilité")
    assert "Non compatible" in shown_text(view) and "Android 7" in shown_text(view)
    assert "Non compatible" in view.announcer.polite  # a result: said politely
    version.value = "8"
    click(view, "Vérifier la compatibilité")
    assert "Compatible" in shown_text(view) and "Google Play" in shown_text(view)
    assert view.announcer.polite.startswith("Compatible") and view.announcer.urgent == ""


def test_enter_in_the_version_field_checks_it_and_a_bad_version_is_an_alert():
    view = course.compatibility_checker()
    # What the browser sends on Enter in the field (screens.a11y): the form and the value.
    [form] = [name for name in view.announcer._forms]
    view.announcer.submitted = {"form": form, "value": "la dernière", "n": 1}
    assert view.announcer.urgent == COMPATIBILITY["bad_version"]
    view.announcer.submitted = {"form": form, "value": "16", "n": 2}
    assert view.announcer.polite.startswith(COMPATIBILITY["compatible"])
    assert view.announcer.urgent == ""


def test_mac_chip_is_asked_only_for_a_mac():
    view = course.compatibility_checker()
    device = only(view, w.Dropdown, description="Votre appareil")
    [chip] = find(view, w.Dropdown, hidden=True, description="Puce du Mac")
    assert chip.layout.display == "none"
    device.value = "Mac"
    assert chip.layout.display == ""


def test_glossary_search_and_flash_cards():
    view = course.glossary()
    query = only(view, w.Text)
    query.value = "formation"
    assert "CPF" in view.table.value and "CPS" not in view.table.value
    assert view.announcer.polite == FLASH_CARDS["found_one"].format(
        rows="CPF, Carte de personnel en formation")
    query.value = "zzz"
    assert "Aucun sigle" in view.table.value
    assert view.announcer.polite == FLASH_CARDS["no_match"]
    assert "Agence du Numérique en Santé" not in view.card.value
    click(view, "Retourner la carte")
    assert "Agence du Numérique en Santé" in view.card.value
    assert view.announcer.polite == FLASH_CARDS["card_said"].format(
        term="ANS", meaning="Agence du Numérique en Santé")
    click(view, "Carte suivante")
    assert view.announcer.polite == FLASH_CARDS["card_said"].format(
        term="CDE", meaning=FLASH_CARDS["prompt"])


def test_the_method_chooser_says_its_advice():
    view = course.method_chooser()
    assert "le choix" in view.answer.value
    only(view, w.Checkbox).value = False
    assert view.announcer.polite.startswith("Utilisez la méthode B")


def test_quiz_gives_immediate_feedback():
    view = quiz(QUIZ_INSTALL + QUIZ_WELCOME)
    first = view.blocks[0]
    prompt, choices, _, feedback = first.children
    assert "ecpx-question" in prompt._dom_classes  # it names the radio group (screens.a11y)
    click(first, "Vérifier")
    assert "Choisissez" in feedback.value
    assert view.announcer.urgent == "Choisissez une réponse."  # an error: an alert, and the
    assert view.announcer.focus == view.focus_class("choices-0")  # choices get the focus
    choices.value = choices.options[1]
    click(first, "Vérifier")
    assert "pas la bonne réponse" in feedback.value
    assert "pas la bonne réponse" in view.announcer.polite and view.announcer.urgent == ""
    choices.value = QUIZ_INSTALL[0].answer
    click(first, "Vérifier")
    assert "Bonne réponse" in feedback.value and "Bonne réponse" in view.announcer.polite


def test_checking_the_same_answer_twice_changes_nothing(tmp_path, monkeypatch):
    from ecpx.training import sink
    from ecpx.training.follow import JournalFollower

    monkeypatch.setenv("ECPX_JOURNAL", str(tmp_path))
    page = sink.LearnerPage()
    monkeypatch.setattr(sink, "PAGE", page)
    page.expect("01")
    assert page.arrive("7KQ4-M2XD-9PFA-3HNC")
    view = quiz(QUIZ_INSTALL)
    _, choices, check, _ = view.blocks[0].children
    choices.value = QUIZ_INSTALL[0].answer
    check.click()
    said = view.announcer.said
    check.click()  # a double click
    assert view.announcer.said == said and view.tries[0] == 1
    quiz_records = [r for r in JournalFollower(tmp_path).poll() if r["kind"] == "quiz"]
    assert [(r["question"], r["outcome"], r["tries"]) for r in quiz_records] == [
        ("01-q1", "ok", 1)]


def test_every_quiz_answer_is_one_of_its_choices():
    for question in QUIZ_INSTALL + QUIZ_WELCOME:
        assert question.answer in question.choices
