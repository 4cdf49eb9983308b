"""One look for every page of the course, in classroom mode as a class gets it: the header (the
course's name, the way home, « Se déconnecter »), a chapter's place and its neighbours, the
footer (« Accessibilité : partiellement conforme », « Mentions légales »), text of 16 px and
lines of at most about 70 characters, French pages for every address, and on every page at
1280, 390 and 320 px and at 200 % zoom: axe-core finds nothing, no box scrolls sideways unless
it is a named region the keyboard reaches, and no focus ring is cut off by a box.
"""

from __future__ import annotations

import http.cookiejar
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from ecpx.texts.accessibility import AUDIT_DATE, LEGAL, STATEMENT
from ecpx.texts.classroom import BANNER, LOGIN, LOGOUT
from ecpx.texts.course import CHAPTERS, FRAME, HOME, SIMULATOR_ANCHOR, SIMULATOR_CHAPTERS
from ecpx.texts.progress import SUMMARY
from playwright.sync_api import Page, expect

from tests.browser import RENDER_TIMEOUT_MS, assert_accessible, wait_rendered, wait_widgets_drawn
from tests.serving import REPO, serving

CODE = "FR4M3S"
FILES = [name for name, _, _ in CHAPTERS]
TITLES = {name: title for name, title, _ in CHAPTERS}
SIZES = [(1280, 900), (390, 844), (320, 640)]
# The course server's own pages, and what each one's main heading says.
SERVER_PAGES = {
    "/": HOME["title"],
    "/ecpx/bilan": SUMMARY["title"],
    "/ecpx/classe": None,  # the trainer's class view (its title from texts.classview)
    "/ecpx/accessibilite": None,
    "/page-absente": HOME["not_found_title"],
    "/voila/files/absent.txt": HOME["forbidden_title"],
}


@pytest.fixture(scope="module")
def served(tmp_path_factory, journal_dir):
    """`ecpx serve --classroom 127.0.0.1` with a known class code (one preheated kernel per
    chapter)."""
    log = tmp_path_factory.mktemp("frame") / "voila.log"
    with serving("--classroom=127.0.0.1", f"--class-code={CODE}", "--pool=1",
                 ready="/login", log=log) as server:
        yield server


@pytest.fixture(scope="module")
def course(served) -> str:
    return served.url


def logged_in(page: Page, url: str) -> Page:
    page.goto(f"{url}/?token={CODE}")
    expect(page.locator("main h1")).to_have_text(HOME["title"])
    return page


# Elements that scroll sideways, and what is wrong with each: not focusable, not a named region.
SCROLL_BOXES = """() => {
    const bad = [];
    for (const el of document.querySelectorAll("body *")) {
        const s = getComputedStyle(el);
        if (!["auto", "scroll"].includes(s.overflowX) || el.scrollWidth <= el.clientWidth + 1) {
            continue;
        }
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const named = el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
        if (el.tabIndex < 0 || el.getAttribute("role") !== "region" || !named) {
            bad.push(`${el.tagName}.${String(el.className).slice(0, 50)} ` +
                     `«${(el.innerText || "").trim().slice(0, 40)}»`);
        }
    }
    return bad;
}"""

# Controls whose focus ring (3 px, 2 px away: ecpx.css) a box that clips its overflow would cut.
RING_CUT = """() => {
    const RING = 5;
    const cut = [];
    const controls = "a[href], button, input, select, textarea, summary, " +
                     "[tabindex]:not([tabindex='-1'])";
    for (const el of document.querySelectorAll(controls)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || el.disabled ||
            getComputedStyle(el).visibility === "hidden") continue;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const s = getComputedStyle(p);
            if (s.overflowX === "visible" && s.overflowY === "visible") continue;
            const pr = p.getBoundingClientRect();
            const left = pr.left + p.clientLeft, top = pr.top + p.clientTop;
            if (r.left - RING < left - 0.5 || r.top - RING < top - 0.5 ||
                r.right + RING > left + p.clientWidth + 0.5 ||
                r.bottom + RING > top + p.clientHeight + 0.5) {
                const name = (el.getAttribute("aria-label") || el.innerText || el.value ||
                              "").trim().slice(0, 40);
                cut.push(`${el.tagName} «${name}» by ${p.tagName}.` +
                         `${String(p.className).slice(0, 50)}`);
                break;
            }
        }
    }
    return cut;
}"""

# Paragraphs of the page's main text: font size (px) and width in characters (the width of
# « 0 » in their font, CSS's ch).
READING = """() => [...document.querySelectorAll("main p, main li")].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && el.innerText.trim().length > 30
            && (el.tagName === "P" || !el.querySelector("p, h2, h3, ul, ol, div"))
            && !el.closest(".ecpx-device, .ecpx-simulator, table, .jupyter-widgets");
    }).map((el) => {
        const probe = document.createElement("span");
        probe.textContent = "0";
        el.appendChild(probe);
        const ch = probe.getBoundingClientRect().width;
        probe.remove();
        const s = getComputedStyle(el);
        const padding = parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
        return {text: el.innerText.slice(0, 40), size: parseFloat(s.fontSize),
                chars: (el.getBoundingClientRect().width - padding) / ch};
    })"""

# Table cells whose words do not fit: a header of the narrative's tables, a row's header in
# a screen, any cell of a box that scrolls sideways (a word cut there, « Com bien » or one
# letter a line, is a layout fault, not a reflow). Words over 20 characters may break.
WORDS_CUT = """() => {
    const ctx = document.createElement("canvas").getContext("2d");
    const cut = [];
    for (const cell of document.querySelectorAll(
            ".jp-RenderedHTMLCommon th, .jupyter-widgets th[scope=row], " +
            ".ecpx-scroll th, .ecpx-scroll td")) {
        if (!cell.getClientRects().length) continue;
        const s = getComputedStyle(cell);
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        for (const word of cell.innerText.split(/\\s+/)) {
            if (word.length > 1 && word.length <= 20 && ctx.measureText(word).width > room + 1) {
                cut.push(`«${word}» in ${Math.round(room)} px`);
            }
        }
    }
    return cut;
}"""


def check_everywhere(page: Page, where: str, context: dict | None = None) -> None:
    """axe-core, the sideways-scrolling boxes, the focus rings and the table cells' words, at
    each size and at 200 % zoom (a 1280 × 900 window at 200 % lays the page out in 640 × 450
    CSS pixels)."""
    def check(size: str) -> None:
        assert_accessible(page, f"{where}, {size}", context)
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"), \
            f"{where}, {size}: the page scrolls sideways"
        assert not (bad := page.evaluate(SCROLL_BOXES)), f"{where}, {size}: {bad}"
        assert not (cut := page.evaluate(RING_CUT)), f"{where}, {size}: rings cut: {cut}"
        assert not (cut := page.evaluate(WORDS_CUT)), f"{where}, {size}: words cut: {cut}"

    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        check(f"{width} px wide")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDeviceMetricsOverride",
             {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False})
    try:
        check("200 % zoom")
    finally:
        cdp.send("Emulation.clearDeviceMetricsOverride")
        cdp.detach()
        page.set_viewport_size({"width": 1280, "height": 900})


def assert_frame(page: Page, url: str) -> None:
    """The header (name and way home, « Se déconnecter ») and the footer of every page."""
    header = page.locator("header.ecpx-header")
    home = header.get_by_role("link", name=FRAME["course"])
    expect(home).to_have_attribute("href", "/")
    expect(header.get_by_role("link", name=FRAME["logout"], exact=True)).to_have_attribute(
        "href", "/logout")
    footer = page.get_by_role("contentinfo")
    expect(footer).to_have_count(1)
    expect(footer).to_contain_text(FRAME["footer_note"])
    expect(footer.get_by_role("link", name=FRAME["accessibility"], exact=True)).to_have_attribute(
        "href", "/ecpx/accessibilite")
    expect(footer.get_by_role("link", name=FRAME["legal"], exact=True)).to_have_attribute(
        "href", "/ecpx/accessibilite#mentions-legales")
    # The course never dresses up as the State's portal.
    body = page.locator("body").inner_text()
    assert "République française" not in body and "Marianne" not in body
    reading = page.evaluate(READING)
    assert reading, "no paragraph of text found"
    for p in reading:
        assert p["size"] >= 16, p
        assert p["chars"] <= 72, p


@pytest.mark.parametrize("name", FILES)
def test_chapter_page(page, course, name):
    """A chapter: the frame, its place (« Chapitre n sur N »), the previous and next chapters,
    « Aller au simulateur » where there is one; then everything at every size."""
    logged_in(page, course)
    page.goto(f"{course}/voila/render/{name}", timeout=RENDER_TIMEOUT_MS)
    wait_rendered(page)
    wait_widgets_drawn(page)
    assert_frame(page, course)
    index = FILES.index(name)
    expect(page.locator(".ecpx-place")).to_contain_text(
        FRAME["position"].format(index=index + 1, count=len(FILES)))
    nav = page.get_by_role("navigation", name=FRAME["nav"])
    neighbours = [(FRAME["previous"], index - 1), (FRAME["next"], index + 1)]
    for what, other in neighbours:
        link = nav.get_by_role("link", name=re.compile(f"^{re.escape(what)}"))
        if 0 <= other < len(FILES):
            expect(link).to_contain_text(TITLES[FILES[other]])
            expect(link).to_have_attribute("href", FILES[other])
        else:
            expect(link).to_have_count(0)
    # The footer comes after the chapter, though Voilà's front end moves the chapter.
    assert page.evaluate("""() => {
        const main = document.querySelector("main"), foot = document.querySelector("footer");
        return !!(main.compareDocumentPosition(foot) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    skip = page.get_by_role("link", name=FRAME["skip_simulator"], exact=True)
    if name in SIMULATOR_CHAPTERS:
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator(f"#{SIMULATOR_ANCHOR}")).to_be_focused()
        # The devices come right after the simulator's heading.
        assert page.evaluate(f"""() => {{
            const anchor = document.getElementById("{SIMULATOR_ANCHOR}");
            const device = document.querySelector(".ecpx-device");
            return device.getBoundingClientRect().top - anchor.getBoundingClientRect().top;
        }}""") < 700
    else:
        expect(skip).to_have_count(0)
    check_everywhere(page, name)


@pytest.mark.parametrize("path", list(SERVER_PAGES))
def test_other_page(page, course, path):
    """The home page, the summary, the class view, the statement and two error pages."""
    logged_in(page, course)
    page.goto(course + path)
    assert page.locator("html").get_attribute("lang") == "fr"
    heading = SERVER_PAGES[path]
    if heading:
        expect(page.locator("main h1")).to_have_text(heading)
    assert_frame(page, course)
    check_everywhere(page, path)


def test_class_code_page_and_logout(page, course):
    """The class code page has the frame (no « Se déconnecter » yet); after it, the header's
    « Se déconnecter » logs out: a French page, and the course asks for the code again."""
    page.goto(course + "/")
    expect(page.locator("main h1")).to_have_text(LOGIN["title"])
    expect(page.get_by_role("link", name=FRAME["accessibility"])).to_be_visible()
    expect(page.get_by_role("link", name=FRAME["logout"])).to_have_count(0)
    check_everywhere(page, "the class code page")
    page.get_by_label(LOGIN["label"]).fill(CODE.lower())
    page.get_by_role("button", name=LOGIN["submit"]).click()
    expect(page.locator("main h1")).to_have_text(HOME["title"])
    page.get_by_role("link", name=FRAME["logout"], exact=True).click()
    expect(page.locator("main h1")).to_have_text(LOGOUT["title"])
    expect(page.get_by_role("status")).to_have_text(LOGOUT["message"])
    check_everywhere(page, "the logout page")
    page.get_by_role("link", name=LOGOUT["again"]).click()
    expect(page.locator("main h1")).to_have_text(LOGIN["title"])
    page.goto(f"{course}/voila/render/{FILES[0]}")
    expect(page.locator("main h1")).to_have_text(LOGIN["title"])


def test_accessibility_statement(page, course):
    """Served without the class code; the RGAA model's parts, the audit's date, test files
    that exist, the legal mentions; linked from the login page's footer."""
    page.goto(course + "/login")
    page.get_by_role("link", name=FRAME["accessibility"], exact=True).click()
    expect(page.locator("main h1")).to_contain_text("Déclaration d'accessibilité")
    main = page.get_by_role("main")
    for part in [*STATEMENT["sections"], LEGAL]:
        expect(main.get_by_role("heading", name=part["title"], exact=True)).to_be_visible()
    expect(main).to_contain_text("partiellement conforme")
    expect(main).to_contain_text(AUDIT_DATE)
    expect(main).to_contain_text("Défenseur des droits")
    named = re.findall(r"tests/\w+/\w+\.py", main.inner_text())
    assert named and all((REPO / file).is_file() for file in named), named
    page.get_by_role("contentinfo").get_by_role("link", name=FRAME["legal"]).click()
    expect(page.locator("#mentions-legales")).to_be_in_viewport()


# Addresses under every prefix the server routes, none of them a page.
UNKNOWN = ["/nope", "/favicon.ico", "/ecpx/nope", "/ecpx/api/nope", "/ecpx/bilan/nope",
           "/voila/nope", "/voila/render/absent.ipynb", "/voila/tree/absent",
           "/voila/files/absent.txt", "/voila/static/absent.js", "/api/nope",
           "/api/kernels/absent", "/login/nope", "/static/absent.js", "/lab", "/tree"]


def fetch(opener, url: str) -> tuple[int, str]:
    try:
        with opener.open(url, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize("logged", [True, False], ids=["logged-in", "logged-out"])
def test_every_unknown_address_gets_the_course_s_french_page(course, logged):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    if logged:
        assert fetch(opener, f"{course}/?token={CODE}")[0] == 200
    titles = {HOME["not_found_title"], HOME["forbidden_title"], LOGIN["title"]}
    for path in UNKNOWN:
        status, html = fetch(opener, course + path)
        assert '<html lang="fr">' in html, (path, status, html[:300])
        title = re.search(r"<title>([^<]*)</title>", html)[1].split(" — ")[0]
        assert title.replace("&#39;", "'") in titles, (path, status, title)
        assert "Traceback" not in html and "Not Found" not in html, path
        assert status in (404, 403) or (status == 200 and title == LOGIN["title"]), (path, status)


def test_loading_text_never_counts_past_the_end(page, course):
    """The chapter page's loading message shows a step only while it counts right."""
    logged_in(page, course)
    page.goto(f"{course}/voila/render/{FILES[0]}", timeout=RENDER_TIMEOUT_MS)
    wait_rendered(page)
    shown = page.evaluate("""() => {
        const h = document.createElement("h2");
        h.id = "loading_text";
        document.body.append(h);
        const seen = [];
        for (const [i, n] of [[2, 14], [22, 2], [0, 3], ["x", 3]]) {
            window.update_loading_text(i, n);
            seen.push(h.textContent);
        }
        h.remove();
        return seen;
    }""")
    assert shown == [HOME["progress"].format(index=2, count=14)] + [HOME["preparing"]] * 3


def test_simulator_anchor_is_in_each_simulator_notebook():
    import nbformat

    for name in SIMULATOR_CHAPTERS:
        nb = nbformat.read(Path(REPO, "notebooks", name), as_version=4)
        at = [i for i, c in enumerate(nb.cells) if f'id="{SIMULATOR_ANCHOR}"' in c.source]
        simulator = [i for i, c in enumerate(nb.cells) if "_simulator(" in c.source]
        assert len(at) == 1 and simulator and at[0] < simulator[0], name
        assert simulator[0] - at[0] <= 2, f"{name}: the simulator is far from its anchor"


def test_the_trainer_s_terminal_is_french(served, course):
    """What `ecpx serve --classroom` prints: the catalogue's French, and no « Notebook … is
    not trusted » for each chapter (the notebooks are unsigned on purpose)."""
    # Each chapter's preheated kernel starts once its notebook is read: wait for them all.
    deadline = time.monotonic() + 120
    while served.log.read_text().count("Kernel started") < len(FILES):
        assert time.monotonic() < deadline, served.log.read_text()[-2000:]
        time.sleep(0.5)
    log = served.log.read_text()
    assert BANNER["open"] in log and BANNER["code"].format(code="FR4-M3S") in log
    assert "Trainees open" not in log and "Class code:" not in log
    assert "is not trusted" not in log


def test_no_focus_ring_is_cut_on_the_simulator_s_screens(page, course):
    """Method A's screens whose controls sat at a box's edge: « Valider » the code porteur,
    « Scanner le QR code », the six code d'ajout boxes (and chapter 05's « Insérer cette
    carte » and « Valider le code porteur », in test_chapter_page)."""
    from ecpx.texts.method_a import COMPUTER, PHONE

    from tests.browser.test_method_a import card_code_on_page, devices, open_app
    from tests.browser.test_simulator_a11y import announced, first_box, open_simulator, press

    logged_in(page, course)
    open_simulator(page, course, "02-methode-a-avec-la-carte.ipynb")
    computer, phone = devices(page)
    for label in ("psc_button", "psc_tab_card", "psc_card_button", "certificate_ok"):
        press(computer, COMPUTER[label])
    pin = computer.get_by_label(COMPUTER["pin_label"], exact=True)
    expect(pin).to_be_visible()
    check_everywhere(page, "method A, code porteur")
    pin.fill(card_code_on_page(page))
    press(computer, COMPUTER["pin_ok"])
    announced(page, COMPUTER["home_title"])
    open_app(page)
    press(computer, COMPUTER["start_button"])
    expect(computer.locator("img.ecpx-qr-image")).to_be_visible()
    expect(phone.get_by_role("button", name=PHONE["scan_button"], exact=True)).to_be_visible()
    check_everywhere(page, "method A, « Scanner le QR code »")
    press(phone, PHONE["scan_button"])
    expect(first_box(page)).to_be_visible()
    check_everywhere(page, "method A, the code d'ajout")
