"""Chapter 06 in Voilà: charts and tables show, the keyboard alone filters and hears the result,
an upload is analysed, and the chapter has no WCAG violation from phone to desktop widths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ecpx.texts import journal as T
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, open_notebook, shown, wait_widgets_drawn

CHAPTER = "06-analyse-des-journaux.ipynb"
HAND_WRITTEN = Path(__file__).resolve().parents[1] / "logs" / "data" / "hand-written.csv"
# The page reflows: nothing makes the window scroll sideways (WCAG 1.4.10).
NO_SIDE_SCROLL = """() => [document.documentElement, document.body,
    document.querySelector("#rendered_cells")].filter(e => e)
    .every(e => e.scrollWidth <= e.clientWidth + 1)"""
FUNNEL_A = "Diagramme en barres : nombre de parcours ayant franchi chaque étape, méthode A."


def open_chapter(page: Page, voila_url: str) -> None:
    open_notebook(page, voila_url, CHAPTER)
    wait_widgets_drawn(page)
    expect(shown(page).get_by_text("2 500 parcours et 18 457 événements chargés")).to_be_visible()


def test_the_sample_journal_shows_funnel_tables_and_exports(page, voila_url):
    open_chapter(page, voila_url)
    expect(page.get_by_role("img", name=FUNNEL_A)).to_be_visible()  # an SVG chart, named
    funnel = page.locator("table.ecpx-table").first
    expect(funnel).to_contain_text("Application ouverte")
    expect(funnel).to_contain_text("1 185")  # method A cases that opened the app, released
    expect(page.get_by_text("Code porteur incorrect").first).to_be_visible()
    expect(page.get_by_text("< 11").first).to_be_visible()  # small cells are masked
    page.get_by_role("button", name=T.EXPORT_PREPARE).press("Enter")
    link = page.get_by_role("link", name="Rapport complet (HTML)")
    expect(link).to_be_focused()  # the focus goes to what was prepared
    expect(page.get_by_role("status").filter(has_text="Fichiers prêts")).to_have_count(1)


def test_the_keyboard_alone_changes_a_filter_and_hears_the_selection(page, voila_url):
    open_chapter(page, voila_url)
    expect(page.get_by_role("radiogroup", name=T.SOURCE_LABEL)).to_be_visible()
    methods = page.get_by_role("group", name=T.GROUP_LABELS["methods"])
    for name in T.GROUP_LABELS.values():
        expect(page.get_by_role("group", name=name)).to_be_visible()
    box = methods.get_by_role("checkbox", name=T.METHOD_LABELS["A"])
    box.focus()
    page.keyboard.press("Space")
    status = page.get_by_role("status").filter(has_text="parcours sélectionnés")
    expect(status).to_have_text("Environ 1 165 parcours sélectionnés.")
    expect(box).to_be_focused()  # the focus stays on the control the learner used
    expect(box).not_to_be_checked()
    expect(page.get_by_role("img", name=FUNNEL_A)).to_have_count(0)
    page.keyboard.press("Space")
    expect(status).to_have_text("Environ 2 350 parcours sélectionnés.")
    expect(box).to_be_focused()


def test_enter_in_a_date_applies_the_period(page, voila_url):
    open_chapter(page, voila_url)
    start = page.get_by_label(T.PERIOD_FROM, exact=True)
    start.fill("2024-01-15")
    page.get_by_label(T.PERIOD_TO, exact=True).fill("2024-01-21")
    page.get_by_label(T.PERIOD_TO, exact=True).press("Enter")
    status = page.get_by_role("status").filter(has_text="parcours sélectionnés")
    expect(status).not_to_have_text("Environ 2 350 parcours sélectionnés.")
    expect(status).to_have_text(re.compile(r"^Environ \d[\d ]* parcours sélectionnés\.\s?$"))
    count = status.inner_text().split(" parcours")[0].removeprefix("Environ ")
    assert 0 < int(count.replace(" ", "")) < 2350
    expect(page.get_by_label(T.PERIOD_TO, exact=True)).to_be_focused()


def test_an_uploaded_file_is_analysed(page, voila_url):
    open_chapter(page, voila_url)
    page.get_by_label(T.SOURCES["upload"]).check()
    expect(page.locator(".ecpx-hint").filter(has_text="Taille maximale : 10 Mo par fichier"))\
        .to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Importer un journal").click()
    chooser.value.set_files(str(HAND_WRITTEN))
    expect(page.locator(".ecpx-success")).to_have_text(
        "7 parcours et 51 événements chargés depuis « hand-written.csv ».")
    expect(page.get_by_role("status").filter(has_text="hand-written.csv")).to_have_count(1)


def test_an_unreadable_upload_is_an_alert(page, voila_url, tmp_path):
    notes = tmp_path / "notes.csv"
    notes.write_text("idnat;nom\n1;X\n", encoding="utf-8")
    open_chapter(page, voila_url)
    page.get_by_label(T.SOURCES["upload"]).check()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Importer un journal").click()
    chooser.value.set_files(str(notes))
    alert = page.get_by_role("alert").filter(has_text="ne peut pas être lu")
    expect(alert).to_contain_text("Le fichier « notes.csv » ne peut pas être lu")


@pytest.mark.parametrize("width, scale", [(1280, 1), (390, 1), (320, 1), (640, 2)],
                         ids=["1280px", "390px", "320px", "1280px-zoom200"])
def test_chapter_06_has_no_wcag_violation(browser, voila_url, width, scale):
    # 200 % zoom of a 1280 px window: 640 CSS pixels wide, at twice the pixel density.
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900},
                                  device_scale_factor=scale)
    page = context.new_page()
    try:
        open_chapter(page, voila_url)
        expect(page.get_by_role("radiogroup", name=T.SOURCE_LABEL)).to_be_visible()
        assert_accessible(page, f"chapter 06 at {width} px (x{scale})", "#rendered_cells")
        assert page.evaluate(NO_SIDE_SCROLL), f"chapter 06 scrolls sideways at {width} px"
        page.get_by_role("button", name=T.EXPORT_PREPARE).click()
        expect(page.get_by_role("link", name="Rapport complet (HTML)")).to_be_visible()
        assert_accessible(page, f"chapter 06 export at {width} px", "#rendered_cells")
    finally:
        context.close()
