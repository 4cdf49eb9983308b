"""Chapter 06 in Voilà: the funnel, the tables and the exports show, and an upload is analysed."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.browser import open_notebook

CHAPTER = "06-analyse-des-journaux.ipynb"
HAND_WRITTEN = Path(__file__).resolve().parents[1] / "journal" / "data" / "hand-written.csv"


def test_the_sample_journal_shows_funnel_tables_and_exports(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    expect(page.get_by_text("2 500 parcours et 18 457 événements chargés")).to_be_visible()
    expect(page.get_by_alt_text("Diagramme en barres : nombre de parcours ayant franchi "
                                "chaque étape, méthode A.")).to_be_visible()
    funnel = page.locator("table.ecpx-table").first
    expect(funnel).to_contain_text("Application ouverte")
    expect(funnel).to_contain_text("1 275")  # method A cases that opened the app
    expect(page.get_by_text("Code porteur incorrect").first).to_be_visible()
    expect(page.get_by_role("link", name="Rapport complet (HTML)")).to_be_visible()
    expect(page.get_by_text("< 11").first).to_be_visible()  # small cells are masked


def test_filtering_by_method_redraws_the_screens(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    page.get_by_label("Méthode A (avec la carte)").uncheck()
    expect(page.get_by_text("1 225 parcours sélectionnés.")).to_be_visible()
    expect(page.get_by_alt_text("Diagramme en barres : nombre de parcours ayant franchi "
                                "chaque étape, méthode A.")).to_have_count(0)


def test_an_uploaded_file_is_analysed(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    page.get_by_label("Fichier importé").check()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Importer un journal").click()
    chooser.value.set_files(str(HAND_WRITTEN))
    expect(page.get_by_text("7 parcours et 51 événements chargés depuis « hand-written.csv »"))\
        .to_be_visible()
