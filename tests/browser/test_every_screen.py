"""Every interactive screen of every chapter, in Voilà and Chromium, with the keyboard only.

On each screen one keyboard action (Space, the arrow keys, typing, Enter) must put its result in
the screen's live region (role=status for a result, role=alert for an error) and leave the focus
on a control, never on <body>. Then axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) must find nothing
on the whole chapter in that state, in a 1280, 390 and 320 px wide window and at 200 % zoom.

A control is reached with `start_at`, which stands for Tab-ing to it (the simulators' own tests
count the Tab presses from the top of the page); everything after it is keys.
"""

from __future__ import annotations

import re

import pytest
from ecpx.activation.troubleshooting import Troubleshooter
from ecpx.card.errors import CardRemoved, PinWrong
from ecpx.texts.card import CERTIFICATE, PIN, READER, card_error_text
from ecpx.texts.common import APP
from ecpx.texts.course import (
    COMPATIBILITY,
    FLASH_CARDS,
    METHOD_CHOICE,
    QUIZ,
    QUIZ_WELCOME,
)
from ecpx.texts.help import QUESTIONS
from ecpx.texts.journal import GROUP_LABELS
from ecpx.texts.method_a import COMPUTER
from playwright.sync_api import Locator, Page, expect

from tests.browser import assert_accessible, open_notebook, wait_widgets_drawn

pytestmark = pytest.mark.browser
TIMEOUT = 45_000
ROOT = "xpath=ancestor::*[contains(concat(' ', @class, ' '), ' ecpx-screen-root ')][1]"

# The focused element, if it is an enabled control (else null: <body>, a box, a disabled one).
FOCUSED_CONTROL = """() => {
    const e = document.activeElement;
    if (!e || e === document.body || !e.isConnected || e.disabled) return null;
    if (!e.matches("button, input, select, textarea, a[href], summary")) return null;
    return (e.getAttribute("aria-label") || (e.labels && e.labels[0]
            && e.labels[0].textContent) || e.textContent || "").trim();
}"""


def start_at(control: Locator) -> None:
    """Put the focus on `control`, as Tab-ing to it would."""
    control.focus(timeout=TIMEOUT)
    expect(control).to_be_focused()


def screen_of(control: Locator) -> Locator:
    """The screen (its root, which holds its live regions) that `control` is part of (while
    `control` is on the page: a locator is looked up each time it is used)."""
    return control.locator(ROOT)


def said(screen: Locator, text: str | re.Pattern, role: str = "status") -> None:
    """`text` is in the screen's polite (status) or assertive (alert) live region."""
    region = screen.locator(f".ecpx-a11y [role={role}]")
    try:
        expect(region).to_contain_text(text, timeout=TIMEOUT)
    except AssertionError as missing:
        other = screen.locator(".ecpx-a11y [role=status], .ecpx-a11y [role=alert]")
        raise AssertionError(f"{missing}\nlive regions: {other.all_inner_texts()!r}") from None


def focus_on_a_control(page: Page, name: str | None = None) -> None:
    """The focus is on an enabled control (named `name`, when given), not on <body>."""
    try:
        page.wait_for_function(f"name => {{ const n = ({FOCUSED_CONTROL})(); "
                               "return n !== null && (name === null || n === name); }",
                               arg=name, timeout=TIMEOUT)
    except Exception:  # the assertion says where the focus is
        where = page.evaluate("() => document.activeElement && document.activeElement.outerHTML")
        pytest.fail(f"the focus is not on the control {name or ''}: {str(where)[:300]}")


def accessible_everywhere(page: Page, where: str) -> None:
    """axe-core on the whole chapter at 1280, 390 and 320 px, then at 200 % zoom (a 1280 × 900
    window zoomed to 200 % lays the page out in 640 × 450 CSS pixels, drawn at 2 device pixels
    each: what Chromium's own zoom does)."""
    for width, height in ((1280, 900), (390, 844), (320, 640)):
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page, f"{where}, {width} px wide")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDeviceMetricsOverride",
             {"width": 640, "height": 450, "deviceScaleFactor": 2, "mobile": False})
    try:
        assert_accessible(page, f"{where}, 200 % zoom")
    finally:
        cdp.send("Emulation.clearDeviceMetricsOverride")
        cdp.detach()
        page.set_viewport_size({"width": 1280, "height": 900})


def open_chapter(page: Page, voila_url: str, name: str) -> None:
    open_notebook(page, voila_url, name)
    wait_widgets_drawn(page)


# ---- 00: the quiz, the glossary, the method chooser ------------------------------------------

def test_chapter_00_quiz_glossary_and_method_chooser(page, voila_url):
    open_chapter(page, voila_url, "00-accueil.ipynb")
    first = QUIZ_WELCOME[0]
    # The radios are one group named by its question: the arrow keys move within it, and Tab
    # leaves it for « Vérifier ».
    name = re.compile(re.escape(first.prompt.rstrip("?\u202f\u00a0 ")))
    group = page.get_by_role("radiogroup", name=name)
    expect(group).to_have_count(1, timeout=TIMEOUT)
    radios = group.get_by_role("radio")
    expect(radios).to_have_count(len(first.choices))
    start_at(radios.first)
    page.keyboard.press("ArrowDown")  # moves to the second choice and chooses it
    expect(radios.nth(1)).to_be_checked()
    expect(radios.first).not_to_be_checked()
    page.keyboard.press("Tab")
    focus_on_a_control(page, QUIZ["check"])
    page.keyboard.press("Enter")
    quiz = screen_of(group)
    verdict = QUIZ["right"] if first.is_right(first.choices[1]) else QUIZ["wrong"]
    said(quiz, verdict)
    focus_on_a_control(page, QUIZ["check"])

    search = page.get_by_role("textbox", name=FLASH_CARDS["search"])
    start_at(search)
    page.keyboard.type("CPF", delay=50)
    said(screen_of(search), FLASH_CARDS["found_one"].format(
        rows="CPF, Carte de personnel en formation"))
    focus_on_a_control(page, FLASH_CARDS["search"])

    reader = page.get_by_role("checkbox", name=METHOD_CHOICE["reader_label"])
    start_at(reader)
    page.keyboard.press("Space")  # no reader: method B only, with a CPS card
    said(screen_of(reader), METHOD_CHOICE["b_only"])
    focus_on_a_control(page, METHOD_CHOICE["reader_label"])
    accessible_everywhere(page, "chapter 00 after the quiz, the search and the chooser")


# ---- 01: the compatibility checker -----------------------------------------------------------

def test_chapter_01_checker_answers_on_enter(page, voila_url):
    open_chapter(page, voila_url, "01-installer-l-application.ipynb")
    version = page.get_by_role("textbox", name=COMPATIBILITY["version_label"])
    start_at(version)
    page.keyboard.type("la dernière")
    page.keyboard.press("Enter")  # Enter checks, as « Vérifier la compatibilité » does
    checker = screen_of(version)
    said(checker, COMPATIBILITY["bad_version"], role="alert")  # to be typed again: an alert
    focus_on_a_control(page, COMPATIBILITY["version_label"])
    page.keyboard.press("Control+A")
    page.keyboard.type("14")
    page.keyboard.press("Enter")
    said(checker, COMPATIBILITY["not_compatible"])
    focus_on_a_control(page, COMPATIBILITY["version_label"])
    accessible_everywhere(page, "chapter 01 after a check")


# ---- 02 and 03: one step of each simulator ---------------------------------------------------

def test_chapter_02_simulator(page, voila_url):
    open_chapter(page, voila_url, "02-methode-a-avec-la-carte.ipynb")
    psc = page.get_by_role("button", name=COMPUTER["psc_button"], exact=True)
    start_at(psc)
    page.keyboard.press("Enter")
    said(page.locator(".ecpx-simulator"), COMPUTER["psc_title"])
    focus_on_a_control(page)
    accessible_everywhere(page, "chapter 02 after « PRO SANTECONNECT »")


def test_chapter_03_simulator(page, voila_url):
    open_chapter(page, voila_url, "03-methode-b-avec-vos-coordonnees.ipynb")
    open_app = page.get_by_role("button", name=APP["open_app"], exact=True)
    start_at(open_app)
    page.keyboard.press("Enter")
    said(page.locator(".ecpx-simulator"), re.compile(r":\se-CPS"))  # the app's welcome screen
    focus_on_a_control(page)
    accessible_everywhere(page, "chapter 03 with the app open")


# ---- 04: the troubleshooting assistant -------------------------------------------------------

def test_chapter_04_assistant_moves_to_the_next_question(page, voila_url):
    open_chapter(page, voila_url, "04-depannage-et-assistance.ipynb")
    helper = Troubleshooter()
    helper.answer("email")
    prompt = QUESTIONS[helper.question]["prompt"]
    first_answer = QUESTIONS[helper.question]["choices"][helper.choices()[0]]
    email = page.get_by_role("button", name=QUESTIONS["start"]["choices"]["email"], exact=True)
    assistant = page.locator(".ecpx-troubleshooting")
    start_at(email)
    page.keyboard.press("Enter")
    said(assistant, prompt)
    # The answer buttons were replaced: the focus is on the new question's first answer.
    focus_on_a_control(page, first_answer)
    accessible_everywhere(page, "chapter 04 at the second question")


# ---- 05: the card screens --------------------------------------------------------------------

def test_chapter_05_insert_a_card_then_a_wrong_code(page, voila_url):
    open_chapter(page, voila_url, "05-votre-carte-et-le-lecteur.ipynb")
    expect(page.get_by_role("radiogroup", name=CERTIFICATE["title"])).to_have_count(1)
    insert = page.get_by_role("button", name=READER["insert"], exact=True)
    reader = page.locator(".ecpx-card-reader")
    start_at(insert)
    page.keyboard.press("Enter")
    said(reader, "CLAIRE DURAND")
    focus_on_a_control(page, READER["insert"])

    code = page.get_by_role("textbox", name=PIN["label"], exact=True)
    start_at(code)
    page.keyboard.type("0000", delay=150)  # at a human pace (see the report on fast typing)
    page.keyboard.press("Enter")  # Enter submits the card code
    said(screen_of(code), card_error_text(PinWrong(2)), role="alert")
    focus_on_a_control(page, PIN["label"])
    expect(code).to_have_value("")  # the code does not stay on screen

    pull = page.get_by_role("button", name=READER["remove_during_read"], exact=True)
    start_at(pull)
    page.keyboard.press("Enter")
    said(reader, card_error_text(CardRemoved()), role="alert")
    expect(pull).to_be_disabled()
    focus_on_a_control(page, READER["insert"])  # not dropped with the disabled button
    accessible_everywhere(page, "chapter 05 after a wrong code and the card pulled out")


# ---- 06: the journal's filters (converted by its own work) -----------------------------------

def test_chapter_06_filters(page, voila_url):
    open_chapter(page, voila_url, "06-analyse-des-journaux.ipynb")
    box = page.get_by_role("group", name=GROUP_LABELS["methods"]).get_by_role("checkbox").first
    expect(box).to_be_visible(timeout=TIMEOUT)
    status = screen_of(box).locator(".ecpx-a11y [role=status]")
    before = status.inner_text()
    start_at(box)
    page.keyboard.press("Space")
    expect(box).not_to_be_checked()
    expect(status).not_to_have_text(before, timeout=TIMEOUT)
    expect(status).not_to_be_empty()
    focus_on_a_control(page)
    accessible_everywhere(page, "chapter 06 with one method filtered out")
