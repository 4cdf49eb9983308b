"""Every chapter renders in Voilà in headless Chromium, with its main widgets and no error."""

import pytest
from ecpx.texts.course import CHAPTERS
from playwright.sync_api import expect

from tests.browser import assert_home_links_every_chapter, click, open_notebook, shown

# A label of each chapter's main widget, as a trainee sees it.
MAIN_WIDGET = {
    "00-accueil.ipynb": "Carte de professionnel de santé",
    "01-installer-l-application.ipynb": "Vérifier la compatibilité",
    "02-methode-a-avec-la-carte.ipynb": "COMMENCER L'ACTIVATION",
    "03-methode-b-avec-vos-coordonnees.ipynb": "COMMENCER L'ACTIVATION",
    "04-depannage-et-assistance.ipynb": "0 806 800 213",
    "05-votre-carte-et-le-lecteur.ipynb": "Sélectionnez un certificat",
    "06-analyse-des-journaux.ipynb": "Application ouverte",
    "07-utiliser-sa-e-cps.ipynb": "Se connecter avec Pro Santé Connect",
}


def test_home_page_links_to_every_chapter(page, voila_url):
    page.goto(voila_url + "/")
    assert_home_links_every_chapter(page)


@pytest.mark.parametrize("name", [name for name, _, _ in CHAPTERS])
def test_chapter_renders_without_error(page, voila_url, name):
    open_notebook(page, voila_url, name)
    title = dict((n, t) for n, t, _ in CHAPTERS)[name]
    expect(page.get_by_role("heading", name=title).first).to_be_visible()
    expect(page.get_by_text(MAIN_WIDGET[name]).first).to_be_visible()


def test_compatibility_checker_in_the_browser(page, voila_url):
    open_notebook(page, voila_url, "01-installer-l-application.ipynb")
    verdict = page.locator(".ecpx-compatibility .widget-html")  # not the live regions
    page.get_by_label("Version du système").fill("14")
    click(page, "Vérifier la compatibilité")
    expect(verdict.get_by_text("Non compatible")).to_be_visible()
    page.get_by_label("Version du système").fill("15.0")
    click(page, "Vérifier la compatibilité")
    expect(verdict.get_by_text("Compatible : vous pouvez installer")).to_be_visible()
    page.get_by_label("Votre appareil").select_option("Mac")
    page.get_by_label("Version du système").fill("12")
    page.get_by_label("Puce du Mac").select_option("Intel")
    click(page, "Vérifier la compatibilité")
    expect(verdict.get_by_text("puce Apple M1 ou ultérieure : utilisez")).to_be_visible()


def test_glossary_in_the_browser(page, voila_url):
    open_notebook(page, voila_url, "00-accueil.ipynb")
    page.get_by_label("Rechercher").fill("CPF")
    expect(shown(page).get_by_text("Carte de personnel en formation")).to_be_visible()
