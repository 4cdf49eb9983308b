"""Chapter 04 in Voilà: the troubleshooting widget sends each problem to the right service."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser import click, open_notebook

CHAPTER = "04-depannage-et-assistance.ipynb"


def result(page: Page):
    """The fix shown by the troubleshooting widget (the chapter's contacts block is apart)."""
    return page.locator(".widget-html", has_text="Qui contacter ?")


def test_an_application_problem_gets_the_application_contact(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    click(page, "Je ne reçois pas le courriel d'activation")
    click(page, "Oui, le courriel n'y est pas")
    click(page, "Oui, elle est à jour")
    fix = result(page)
    expect(fix).to_contain_text("0 806 800 213 (appel gratuit)")
    expect(fix).to_contain_text("monserviceclient.e-cps@esante.gouv.fr")
    expect(fix).not_to_contain_text("0 825 85 2000")


def test_a_card_problem_gets_the_card_contact(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    click(page, "J'ai un problème avec ma carte physique")
    click(page, "Le code porteur de ma carte est bloqué")
    fix = result(page)
    expect(fix).to_contain_text("0 825 85 2000 (0,06 €/min + prix appel)")
    expect(fix).to_contain_text("Monserviceclient.cartes@esante.gouv.fr")
    expect(fix).not_to_contain_text("0 806 800 213")
