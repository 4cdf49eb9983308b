"""Chapter 03 in Voilà: a trainee who follows only the seed's text activates with method B."""

from __future__ import annotations

import re

from ecpx.logs.store import read_training_events
from playwright.sync_api import Page, expect

from tests.browser import click, open_notebook

CHAPTER = "03-methode-b-avec-vos-coordonnees.ipynb"
SEED_STEPS = (  # the seed's words, in its order, up to the identifier
    "Ouvrir l'application e-CPS",
    "COMMENCER L'ACTIVATION",
    "Accepter les conditions générales d'utilisation",
    "Envoyer une demande d'activation",
    "J'ai un identifiant RPPS",
)


def fictitious_identifier(page: Page) -> str:
    """Camille FICTIF's identifier, as the chapter's table of the fictitious directory shows it."""
    row = page.locator("tr", has_text="Camille FICTIF")
    return row.locator("td").nth(3).inner_text().strip()


def test_method_b_from_commencer_l_activation_to_activated(page, voila_url, journal_dir):
    open_notebook(page, voila_url, CHAPTER)
    page.get_by_label("Scénario").select_option(
        label="Le code SMS n'est pas récupéré automatiquement")
    click(page, "Commencer ce scénario")
    for label in SEED_STEPS:
        click(page, label)
    identifier = fictitious_identifier(page)
    assert re.fullmatch(r"8\d{11}", identifier)
    page.get_by_role("textbox", name="Votre identifiant RPPS").fill(identifier)
    click(page, "Envoyer ma demande d'activation")

    click(page, "Activation de votre e-CPS")  # open the e-mail in the mailbox
    expect(page.get_by_role("img", name=re.compile("QR code d'activation"))).to_be_visible()
    click(page, "Démarrer l'activation")
    click(page, "Par SMS")

    sms_panel = page.locator(".ecpx-device")  # not the live region, which reads the SMS too
    sms = sms_panel.get_by_text(re.compile(r"Votre code d'activation e-CPS est \d{6}"))
    code = re.search(r"\d{6}", sms.inner_text())[0]
    page.get_by_role("textbox", name="Code d'activation").fill(code)
    click(page, "Valider le code")

    for digit in "1357" "1357":  # create, then confirm the password
        click(page, digit)
    expect(page.get_by_text("Votre e-CPS est activée", exact=True)).to_be_visible()

    events = read_training_events(journal_dir)
    mine = events[(events.method == "B") & (events.step == "activated")]
    assert len(mine) >= 1 and set(mine.source) == {"training"}


def test_a_typo_in_the_identifier_is_explained(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    for label in SEED_STEPS:
        click(page, label)
    page.get_by_role("textbox", name="Votre identifiant RPPS").fill("12345678901")
    click(page, "Envoyer ma demande d'activation")
    phone = page.locator(".ecpx-device")  # not the live region, which says it too
    expect(phone.get_by_text("ajoutez un «\u00a08\u00a0» devant", exact=False)).to_be_visible()


def test_the_directory_s_identifiers_stay_on_one_line_on_a_phone(page, voila_url):
    """The number the learner copies is never cut across two lines, down to 320 px."""
    open_notebook(page, voila_url, CHAPTER)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 700})
        lines = page.locator("tr", has_text="FICTIF").locator("td").nth(3).evaluate(
            "(cell) => { const r = document.createRange(); r.selectNodeContents(cell);"
            " return new Set([...r.getClientRects()].map((b) => Math.round(b.top))).size; }")
        assert lines == 1, f"{width} px: the identifier takes {lines} lines"
        assert page.evaluate("document.documentElement.scrollWidth"
                             " <= document.documentElement.clientWidth"), f"{width} px: scrolls"
