"""Chapters 00 and 01: glossary, method chooser, compatibility rules and their widgets."""

import ipywidgets as w
import pytest
from ecpx.activation.compatibility import check_device, parse_version, recommend_method
from ecpx.screens import course
from ecpx.screens.quiz import quiz
from ecpx.texts.course import COMPATIBILITY, GLOSSARY, QUIZ_INSTALL, QUIZ_WELCOME

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
    version.value = "8"
    click(view, "Vérifier la compatibilité")
    assert "Compatible" in shown_text(view) and "Google Play" in shown_text(view)


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
    table = find(view, w.HTML)[1]
    assert "CPF" in table.value and "CPS" not in table.value
    query.value = "zzz"
    assert "Aucun sigle" in table.value
    card = find(view, w.HTML)[2]
    assert "Agence du Numérique en Santé" not in card.value
    click(view, "Retourner la carte")
    assert "Agence du Numérique en Santé" in card.value


def test_quiz_gives_immediate_feedback():
    view = quiz(QUIZ_INSTALL + QUIZ_WELCOME)
    first = view.children[0]
    choices = only(first, w.RadioButtons)
    feedback = first.children[-1]
    click(first, "Vérifier")
    assert "Choisissez" in feedback.value
    choices.value = choices.options[1]
    click(first, "Vérifier")
    assert "pas la bonne réponse" in feedback.value
    choices.value = QUIZ_INSTALL[0].answer
    click(first, "Vérifier")
    assert "Bonne réponse" in feedback.value


def test_every_quiz_answer_is_one_of_its_choices():
    for question in QUIZ_INSTALL + QUIZ_WELCOME:
        assert question.answer in question.choices
