"""Chapter 05 in Voilà, in headless Chromium: a trainee detects the card and practises the code."""

from __future__ import annotations

from ecpx.card import HOLDERS
from ecpx.card.errors import PinLastTry
from ecpx.texts.card import CERTIFICATE, PIN, READER, card_error_text
from playwright.sync_api import expect

from tests.browser import click, open_notebook, shown

CHAPTER = "05-votre-carte-et-le-lecteur.ipynb"


def test_chapter_05_detects_the_virtual_card_and_refuses_the_last_try(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    holder = HOLDERS["medecin"]
    expect(page.get_by_text(READER["virtual_reader"]).first).to_be_visible()
    expect(page.get_by_text(f"{holder.given_name} {holder.surname}").first).to_be_visible()

    page.get_by_role("radio").first.check()
    click(page, CERTIFICATE["ok"])
    expect(shown(page).get_by_text("Certificat sélectionné")).to_be_visible()

    code = page.get_by_role("textbox", name=PIN["label"], exact=True)
    for left in (2, 1):
        code.fill("0000")
        click(page, PIN["submit"])
        expect(shown(page).get_by_text(PIN["tries"].format(tries=left))).to_be_visible()
    code.fill(holder.pin)
    click(page, PIN["submit"])
    expect(shown(page).get_by_text(card_error_text(PinLastTry()))).to_be_visible()
    expect(shown(page).get_by_text(PIN["tries"].format(tries=1))).to_be_visible()


def test_chapter_05_names_a_vitale_card(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    page.get_by_label(READER["choose_label"]).select_option(label="Une carte Vitale "
                                                                 "(la mauvaise carte)")
    click(page, READER["insert"])
    expect(page.locator(".widget-html").get_by_text("c'est une carte Vitale, pas une carte CPS",
                                                    exact=False)
           ).to_be_visible()
