"""Chapter 05's screens, driven in-process like a trainee would: clicks, typing, what is shown."""

from __future__ import annotations

import ecpx.card.opening as opening
import ipywidgets as w
import pytest
from ecpx.card import HOLDERS, virtual_session
from ecpx.card.constants import Ins
from ecpx.card.emulator import OtherCard
from ecpx.card.errors import PinLastTry
from ecpx.screens import card_view
from ecpx.screens.card_practice import CardPractice
from ecpx.texts.card import (
    CERTIFICATE,
    PIN,
    READER,
    WHY_THIS_CARD,
    card_error_text,
)

from tests.widgets import click, find, only, shown_text


def never_touch_a_reader(*_):
    raise AssertionError("a real reader was looked for")


@pytest.fixture
def model(monkeypatch) -> CardPractice:
    monkeypatch.delenv(opening.CLASSROOM_ENV, raising=False)
    monkeypatch.setattr(opening, "real_session", never_touch_a_reader)
    practice = CardPractice()
    practice.start()
    return practice


def presented(model: CardPractice) -> list[bytes]:
    return [a for a in model.virtual.received(Ins.VERIFY) if len(a) > 5]


def test_every_button_is_named_by_its_label(model):
    views = [card_view.reader_and_card(model), card_view.certificate_choice(model),
             card_view.pin_practice(model)]
    buttons = [b for v in views for b in find(v, w.Button)]
    assert len(buttons) >= 8
    assert all(b.description and b.tooltip == b.description for b in buttons)


def test_reader_screen_shows_the_virtual_card(model):
    view = card_view.reader_and_card(model)
    shown = shown_text(view)
    assert READER["virtual_reader"] in shown
    assert "CPS3" in shown and "CLAIRE DURAND" in shown and "Médecin" in shown
    assert HOLDERS["medecin"].card_serial in shown


def test_inserting_a_vitale_card_says_which_card_it_is(model):
    view = card_view.reader_and_card(model)
    only(view, w.Dropdown).value = "vitale"
    click(view, READER["insert"])
    assert "c'est une carte Vitale, pas une carte CPS" in shown_text(view)
    only(view, w.Dropdown).value = "pharmacien"
    click(view, READER["insert"])
    assert "KARIM MOREAU" in shown_text(view) and "Vitale" not in shown_text(view)


def test_removing_the_card_and_removing_it_during_a_read(model):
    view = card_view.reader_and_card(model)
    click(view, READER["remove_during_read"])
    assert "retirée pendant la lecture" in shown_text(view)
    click(view, READER["insert"])
    click(view, READER["remove"])
    assert "Aucune carte n'est insérée" in shown_text(view)
    assert "CLAIRE DURAND" not in shown_text(view)


def test_certificate_dialog_lists_the_holder_and_needs_a_choice(model):
    view = card_view.certificate_choice(model)
    radio = only(view, w.RadioButtons)
    assert len(radio.options) == 1 and HOLDERS["medecin"].idnat in radio.options[0]
    assert "AC IGC-SANTE FORT PERSONNES" in shown_text(view)
    click(view, CERTIFICATE["ok"])
    assert CERTIFICATE["none"] in shown_text(view)
    radio.value = radio.options[0]
    click(view, CERTIFICATE["ok"])
    assert "Certificat sélectionné : CLAIRE DURAND" in shown_text(view)


def test_pin_practice_counts_down_and_refuses_the_last_try(model):
    view = card_view.pin_practice(model)
    code = only(view, w.Password)
    assert PIN["tries"].format(tries=3) in shown_text(view)
    assert PIN["virtual_code"].format(pin=HOLDERS["medecin"].pin) in shown_text(view)
    for left in (2, 1):
        code.value = "0000"
        click(view, PIN["submit"])
        assert PIN["tries"].format(tries=left) in shown_text(view)
        assert code.value == ""  # the typed code does not stay on screen
    code.value = HOLDERS["medecin"].pin
    click(view, PIN["submit"])
    assert card_error_text(PinLastTry()) in shown_text(view)
    assert len(presented(model)) == 2  # the third attempt never reached the card
    click(view, PIN["check"])
    assert PIN["tries"].format(tries=1) in shown_text(view)
    assert len(presented(model)) == 2


def test_right_code_and_malformed_code(model):
    view = card_view.pin_practice(model)
    code = only(view, w.Password)
    code.value = "12a"
    click(view, PIN["submit"])
    assert "4 chiffres" in shown_text(view)
    assert presented(model) == []
    code.value = HOLDERS["medecin"].pin
    click(view, PIN["submit"])
    assert PIN["right"] in shown_text(view)


def test_blocked_card_explains_the_unblock_code(model):
    view = card_view.pin_practice(model)
    reader = card_view.reader_and_card(model)
    only(reader, w.Dropdown).value = "bloquee"
    click(reader, READER["insert"])  # every screen of the model redraws
    assert PIN["blocked"] in shown_text(view)
    only(view, w.Password).value = HOLDERS["medecin"].pin
    click(view, PIN["submit"])
    assert "code de déblocage" in shown_text(view)
    assert presented(model) == []


def test_a_real_card_only_after_the_explicit_choice_and_never_removable(monkeypatch):
    monkeypatch.delenv(opening.CLASSROOM_ENV, raising=False)
    monkeypatch.setattr(opening, "real_session",
                        lambda *_: virtual_session("pharmacien"))  # stands for it
    real = CardPractice()
    real.start()
    view = card_view.reader_and_card(real)
    assert not real.is_real and WHY_THIS_CARD["virtual_by_default"] in shown_text(view)
    click(view, READER["use_own"])
    assert real.is_real and "KARIM MOREAU" in shown_text(view)
    assert WHY_THIS_CARD["real_chosen"] in shown_text(view)
    removable = [only(view, w.Button, description=label)
                 for label in (READER["remove"], READER["remove_during_read"])]
    assert removable and all(b.disabled for b in removable)
    assert PIN["real_warning"] in shown_text(card_view.pin_practice(real))


def test_a_wrong_real_card_is_named_and_the_virtual_card_goes_on(monkeypatch):
    def vitale_in_the_reader(*_):
        return virtual_session(card=OtherCard())

    monkeypatch.delenv(opening.CLASSROOM_ENV, raising=False)
    monkeypatch.setattr(opening, "real_session", vitale_in_the_reader)
    wrong = CardPractice()
    wrong.start()
    view = card_view.reader_and_card(wrong)
    click(view, READER["use_own"])
    assert "carte Vitale" in shown_text(view)
    assert WHY_THIS_CARD["real_unavailable"] in shown_text(view)
    assert not wrong.is_real and "CLAIRE DURAND" in shown_text(view)


def test_in_classroom_mode_the_choice_never_reaches_a_reader(monkeypatch):
    monkeypatch.setenv(opening.CLASSROOM_ENV, "1")
    monkeypatch.setattr(opening, "real_session", never_touch_a_reader)
    practice = CardPractice()
    practice.start()
    view = card_view.reader_and_card(practice)
    click(view, READER["use_own"])
    assert practice.reason == "classroom" and not practice.is_real
    assert WHY_THIS_CARD["classroom"] in shown_text(view)
    assert "CLAIRE DURAND" in shown_text(view)


def test_unexpected_errors_become_a_french_message(model, monkeypatch):
    def broken(*_):
        raise RuntimeError("bug")

    monkeypatch.setattr(model.session, "pin_tries_left", broken)
    view = card_view.pin_practice(model)
    click(view, PIN["check"])
    assert "problème inattendu" in shown_text(view)
    assert "RuntimeError" not in shown_text(view) and "Traceback" not in shown_text(view)


def test_a_wrong_code_is_an_alert_and_the_focus_goes_back_to_the_field(model):
    view = card_view.pin_practice(model)
    only(view, w.Password).value = "0000"
    click(view, PIN["submit"])
    assert view.announcer.urgent == "Code porteur incorrect\u00a0: il vous reste 2 essais."
    assert view.announcer.focus == view.focus_class("code")


def test_enter_in_the_card_code_field_submits_it_and_a_double_click_changes_nothing(model):
    view = card_view.pin_practice(model)
    [form] = list(view.announcer._forms)
    # What the browser sends on Enter in the field (screens.a11y): the form and the value.
    view.announcer.submitted = {"form": form, "value": HOLDERS["medecin"].pin, "n": 1}
    assert PIN["right"] in shown_text(view) and view.announcer.polite.startswith(PIN["right"])
    only(view, w.Password).value = "0000"
    click(view, PIN["submit"])
    said = view.announcer.said
    click(view, PIN["submit"])  # the second click: the field was emptied by the first
    assert view.announcer.said == said and len(presented(model)) == 2
    assert PIN["tries"].format(tries=2) in shown_text(view)


def test_the_certificate_list_is_named_by_the_dialog_s_title(model):
    view = card_view.certificate_choice(model)
    title = [h for h in find(view, w.HTML) if CERTIFICATE["title"] in h.value]
    assert len(title) == 1 and "ecpx-question" in title[0]._dom_classes
    click(view, CERTIFICATE["ok"])
    assert view.announcer.urgent == CERTIFICATE["none"]
    assert view.announcer.focus == view.focus_class("certificates")


def test_taking_the_card_out_says_it_and_moves_the_focus_to_insert(model):
    view = card_view.reader_and_card(model)
    pull = only(view, w.Button, description=READER["remove_during_read"])
    click(view, READER["remove_during_read"])
    assert "retirée pendant la lecture" in view.announcer.urgent
    assert view.announcer.focus == view.focus_class("insert")  # not lost with the disabled one
    said = view.announcer.said
    pull.click()  # the second click of a double click: the button is disabled now
    only(view, w.Button, description=READER["remove"]).click()
    assert view.announcer.said == said
    assert "retirée pendant la lecture" in shown_text(view)
