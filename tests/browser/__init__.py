"""Helpers for browser tests: open a chapter in Voilà and wait until it has finished rendering."""

from __future__ import annotations

from ecpx.texts.course import HOME
from playwright.sync_api import Page, expect

# What Voilà or the widget manager shows when something went wrong in a notebook.
ERROR_SIGNS = (
    "There was an error when executing cell",
    "Traceback",
    "Error displaying widget",
    "Failed to load model class",
    "Error: ",
    "javascript error",  # a widget view that failed to render
    HOME["widget_error"],  # a widget the front end could not draw (frontend/src/widgets.js)
)
RENDER_TIMEOUT_MS = 120_000


def open_notebook(page: Page, voila_url: str, name: str) -> Page:
    """Open notebooks/NAME in Voilà, wait for the render, and fail on any error output."""
    page.goto(f"{voila_url}/voila/render/{name}", timeout=RENDER_TIMEOUT_MS)
    wait_rendered(page)
    assert_no_error(page)
    return page


def wait_rendered(page: Page) -> None:
    expect(page.locator("#rendered_cells")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(page.locator("#loading")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)


def wait_widgets_drawn(page: Page) -> None:
    """The course's front end shows the page once it has drawn every widget (#loading goes
    then); wait for that, and for the page's requests to settle."""
    expect(page.locator("#loading")).to_have_count(0, timeout=RENDER_TIMEOUT_MS)
    page.wait_for_load_state("networkidle")


def assert_no_error(page: Page) -> None:
    stderr = page.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, f"error output on the page: {stderr.all_inner_texts()}"
    text = page.locator("#rendered_cells").inner_text()
    for sign in ERROR_SIGNS:
        assert sign not in text, f"{sign!r} is on the page:\n{text[:2000]}"


def shown(page: Page):
    """What the screens show: the page but for the announcers' live regions, which repeat it."""
    return page.locator(".widget-html")


def click(page: Page, label: str) -> None:
    """Click the button whose accessible name is `label`, as a trainee reading the screen would."""
    page.get_by_role("button", name=label, exact=True).click()


# axe-core's rule tags for WCAG 2.0, 2.1 and 2.2, levels A and AA (RGAA 4.1 follows WCAG 2.1 AA).
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page: Page, where: str, context: str | dict | None = None) -> None:
    """Run axe-core (bundled with axe-playwright-python, injected from a local file: no network)
    on the page, or on `context` (a CSS selector), and fail listing every WCAG A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    assert results.violations_count == 0, f"{where}:\n{results.generate_report()}"


def assert_home_links_every_chapter(page: Page, folder: str = "") -> None:
    """The course's home page (already open) links each chapter by its French title to
    /voila/render/FOLDER/NAME."""
    from ecpx.texts.course import CHAPTERS, HOME

    expect(page.get_by_role("heading", name=HOME["title"], exact=True)).to_be_visible()
    for name, title, _ in CHAPTERS:
        link = page.get_by_role("link", name=title, exact=True)
        expect(link).to_be_visible(timeout=30_000)
        assert link.get_attribute("href").endswith(f"/voila/render/{folder}{name}")
