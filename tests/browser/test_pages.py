"""Every page of the course, as a learner's browser gets it: French, accessible (axe-core),
local-only, no heavier than it needs, readable at phone widths, and scrollable with the
keyboard.

Chapters 02 and 03 are checked outside their simulators here (the simulators have their own
browser tests)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from ecpx.texts.course import CHAPTERS, HOME
from playwright.sync_api import Page, expect

from tests.browser import (
    RENDER_TIMEOUT_MS,
    assert_accessible,
    assert_no_error,
    open_notebook,
    wait_rendered,
    wait_widgets_drawn,
)

TITLES = {name: title for name, title, _ in CHAPTERS}
HOME_PAGE = "home"
PAGES = [HOME_PAGE, *TITLES]
SIMULATOR_CHAPTERS = ("02-methode-a-avec-la-carte.ipynb", "03-methode-b-avec-vos-coordonnees.ipynb")
# Everything a simulator draws sits in its device frames' row.
SIMULATOR_ROOTS = [[".ecpx-row"]]
NARROW = [(320, 640), (390, 844)]
NON_SIMULATOR_PAGES = [p for p in PAGES if p not in SIMULATOR_CHAPTERS]

# Words of Voilà's, JupyterLab's or the widget manager's English that a learner could meet.
ENGLISH = re.compile(
    r"\b(Executing|Reading|Running|Loading|Select items|widgets?|Widgets?|[Kk]ernel|Error|"
    r"Notebook|notebook|Run|Javascript|JavaScript Error|Traceback|undefined|Please)\b")


def open_page(page: Page, voila_url: str, name: str) -> Page:
    if name == HOME_PAGE:
        page.goto(voila_url + "/")
        expect(page.locator("main")).to_be_visible()
        return page
    open_notebook(page, voila_url, name)
    wait_widgets_drawn(page)
    return page


def page_title(name: str) -> str:
    return HOME["title"] if name == HOME_PAGE else TITLES[name]


@pytest.mark.parametrize("name", PAGES)
def test_page_is_french_with_its_title(page, voila_url, name):
    open_page(page, voila_url, name)
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page).to_have_title(page_title(name))
    text = page.locator("body").inner_text()
    english = sorted({m.group(0) for m in ENGLISH.finditer(text)})
    assert not english, f"{name}: English words visible to the learner: {english}"


@pytest.mark.parametrize("name", list(TITLES))
def test_loading_texts_are_french(page, voila_url, name):
    """What Voilà shows while it prepares a chapter (set from JavaScript) is French."""
    # Every text the loading message takes, recorded by the page itself from its first byte on,
    # so that a fast render cannot hide one.
    page.add_init_script("""
        window.loadingTexts = [];
        new MutationObserver(() => {
            const text = document.getElementById("loading_text")?.textContent.trim();
            if (text && window.loadingTexts.at(-1) !== text) window.loadingTexts.push(text);
        }).observe(document, {childList: true, subtree: true, characterData: true});
    """)
    page.goto(f"{voila_url}/voila/render/{name}", timeout=RENDER_TIMEOUT_MS)
    wait_rendered(page)
    seen = page.evaluate("window.loadingTexts")
    assert seen, "the loading message was never seen"
    for text in seen:
        assert not ENGLISH.search(text), f"English loading text: {text!r}"
        assert text.startswith(HOME["preparing"].rstrip("…")), text


def test_a_widget_that_cannot_be_drawn_or_a_cell_error_shows(page, voila_url):
    """The course's front end draws each output where Voilà left it. One whose widget the
    kernel does not hold (a page older than its kernel) shows the template's French words in
    its place, and a cell's error shows as stderr: a learner sees them and the tests' error
    signs (`assert_no_error`) find them."""
    page.add_init_script("""new MutationObserver((changes, observer) => {
        const cells = document.getElementById("rendered_cells");
        if (!cells) { return; }
        observer.disconnect();  // before the front end's script runs, an output it cannot draw
        const box = document.createElement("div");
        box.id = "missing";
        const output = document.createElement("script");
        output.type = "application/vnd.voila.cell-output+json";
        output.textContent = JSON.stringify({output_type: "display_data", data: {
            "application/vnd.jupyter.widget-view+json": {model_id: "absent"}}});
        const error = document.createElement("script");
        error.type = output.type;
        error.textContent = JSON.stringify({output_type: "error", ename: "ExecutionError",
            evalue: "Execution error", traceback: ["There was an error when executing cell"]});
        box.append(output, error);
        cells.append(box);
    }).observe(document, {childList: true, subtree: true});""")
    page.goto(f"{voila_url}/voila/render/00-accueil.ipynb")
    expect(page.locator("#missing .ecpx-error")).to_have_text(HOME["widget_error"])
    stderr = page.locator('#missing [data-mime-type="application/vnd.jupyter.stderr"]')
    expect(stderr).to_have_text("There was an error when executing cell")
    expect(page.locator("#rendered_cells .jupyter-widgets").first).to_be_visible()


@pytest.mark.parametrize("name", PAGES)
def test_no_request_leaves_the_server(page, voila_url, name):
    outside = []

    def watch(request):
        url = urlparse(request.url)
        if url.scheme not in ("data", "blob") and url.hostname != "127.0.0.1":
            outside.append(request.url)

    page.on("request", watch)
    page.on("websocket", lambda ws: watch(type("R", (), {"url": ws.url})))
    open_page(page, voila_url, name)
    page.wait_for_load_state("networkidle")
    assert not outside, f"{name} fetched from outside the server: {outside}"


def test_a_chapter_loads_the_course_s_front_end_and_no_lab_extension(page, voila_url):
    """A chapter draws its widgets with the course's own front end (frontend/, one script and
    one style sheet), not Voilà's JupyterLab application, its MathJax and the environment's
    lab extensions: about a fifth of the bytes on a phone's first visit (bench_phone.py)."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_page(page, voila_url, SIMULATOR_CHAPTERS[0])
    paths = [url.removeprefix(voila_url).split("?")[0] for url in requested
             if url.startswith(voila_url)]
    assert "/voila/templates/ecpx/static/ecpx-widgets.js" in paths
    assert "/voila/templates/ecpx/static/ecpx-widgets.css" in paths
    assert not [p for p in paths if p.startswith("/voila/labextensions/")
                or p.startswith("/voila/static/") or "mathjax" in p.lower()]


def test_a_chapter_s_kernel_messages_are_compressed(page, voila_url):
    """The widget states reach the page on its kernel's websocket, compressed."""
    handshakes = []
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on("Network.webSocketHandshakeResponseReceived",
           lambda event: handshakes.append(event["response"]["headers"]))
    open_page(page, voila_url, SIMULATOR_CHAPTERS[0])
    assert handshakes
    for headers in handshakes:
        extensions = {k.lower(): v for k, v in headers.items()}.get("sec-websocket-extensions")
        assert extensions and extensions.startswith("permessage-deflate")


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_accessibility_violation(page, voila_url, name):
    open_page(page, voila_url, name)
    if name in SIMULATOR_CHAPTERS:
        context = {"include": [["body"]], "exclude": SIMULATOR_ROOTS}
        assert_accessible(page, f"{name} (outside the simulator)", context)
    else:
        assert_accessible(page, name)


@pytest.mark.parametrize("name", PAGES)
def test_page_has_a_main_landmark(page, voila_url, name):
    open_page(page, voila_url, name)
    expect(page.get_by_role("main")).to_have_count(1)


@pytest.mark.parametrize("name", [n for n in PAGES if n != HOME_PAGE])
def test_keyboard_scrolls_the_page_without_focusing_a_link(page, voila_url, name):
    open_page(page, voila_url, name)
    # The widgets are drawn after the page is shown: wait until there is a page to scroll.
    page.wait_for_function("document.scrollingElement.scrollHeight > window.innerHeight * 1.5")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    assert page.evaluate("document.activeElement === document.body")
    for key in ("PageDown", "Space"):
        page.evaluate("window.scrollTo(0, 0)")
        before = page.evaluate("window.scrollY")
        page.keyboard.press(key)
        page.wait_for_function(f"window.scrollY > {before}", timeout=5_000)


# The controls a learner can reach, in the page or in a widget.
CONTROLS = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])"

CUT_OFF = """(selector) => {
    const width = document.documentElement.clientWidth;
    const cut = [];
    for (const el of document.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") {
            continue;  // not displayed (a closed tab, a collapsed answer)
        }
        let left = 0, right = width;
        for (let p = el.parentElement; p; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== "visible") {
                const pr = p.getBoundingClientRect();
                left = Math.max(left, pr.left);
                right = Math.min(right, pr.right);
            }
        }
        if (r.left < left - 1 || r.right > right + 1) {
            const name = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
            cut.push(`${el.tagName} «${name.slice(0, 40)}» ${Math.round(r.left)}–` +
                     `${Math.round(r.right)} px, visible ${Math.round(left)}–${Math.round(right)}`);
        }
    }
    return cut;
}"""


@pytest.mark.parametrize("size", NARROW, ids=[f"{w}x{h}" for w, h in NARROW])
@pytest.mark.parametrize("name", NON_SIMULATOR_PAGES)
def test_narrow_screens_need_no_horizontal_scroll(browser, voila_url, name, size):
    width, height = size
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        open_page(page, voila_url, name)
        scroll = page.evaluate("[document.documentElement.scrollWidth, "
                               "document.documentElement.clientWidth]")
        assert scroll[0] <= scroll[1], f"{name} at {width} px scrolls sideways: {scroll}"
        cut = page.evaluate(CUT_OFF, CONTROLS)
        assert not cut, f"{name} at {width} px cuts off: {cut}"
    finally:
        context.close()


FOCUS_RING = """() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {tag: el.tagName, text: (el.innerText || el.value || "").slice(0, 30),
            style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
            inner: s.boxShadow};
}"""


@pytest.mark.parametrize("name", ["00-accueil.ipynb", "05-votre-carte-et-le-lecteur.ipynb"])
def test_focus_is_visible_on_every_control(page, voila_url, name):
    """Tab through the chapter: every control shows a navy ring of at least 2 px (outside a
    white one, so it shows on white pages and on navy buttons: 14:1 against white)."""
    open_page(page, voila_url, name)
    seen = 0
    for _ in range(40):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["tag"] == "BODY":
            continue
        seen += 1
        assert ring["style"] == "solid" and ring["width"] >= 2, ring
        assert ring["color"] == "rgb(0, 37, 110)", ring
        assert ring["inner"].startswith("rgb(255, 255, 255)"), ring
    assert seen >= 10


def test_home_page_presents_each_chapter(page, voila_url):
    from ecpx.texts.course import CHAPTER_GUIDE

    open_page(page, voila_url, HOME_PAGE)
    assert page.locator("text=.ipynb").count() == 0, "a file name is shown"
    for name, title, _ in CHAPTERS:
        doing, duration = CHAPTER_GUIDE[name]
        item = page.locator(f'[data-chapter="{name}"]')
        expect(item.get_by_role("link", name=title, exact=True)).to_be_visible()
        expect(item).to_contain_text(doing)
        expect(item).to_contain_text(HOME["duration"].format(duration=duration))
    page.get_by_role("link", name=TITLES["04-depannage-et-assistance.ipynb"]).click()
    wait_rendered(page)
    assert_no_error(page)
    expect(page).to_have_title(TITLES["04-depannage-et-assistance.ipynb"])


def test_a_missing_page_is_explained_in_french(page, voila_url):
    response = page.goto(voila_url + "/voila/render/absent.ipynb")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page).to_have_title(HOME["not_found_title"])
    expect(page.get_by_role("main")).to_contain_text(HOME["not_found"])
    assert not ENGLISH.search(page.locator("body").inner_text())
    assert_accessible(page, "the 404 page")
    page.get_by_role("link", name=HOME["back"]).click()
    expect(page).to_have_title(HOME["title"])


def test_the_lab_style_tree_is_the_course_s_home_page_too(page, voila_url):
    page.goto(voila_url + "/?classic-tree=false")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME["title"])
    assert not ENGLISH.search(page.locator("body").inner_text())
