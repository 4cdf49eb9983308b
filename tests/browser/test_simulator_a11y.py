"""Chapters 02 and 03 in Voilà and Chromium, as learners really use them: axe-core on every
screen, keyboard only, double clicks, a code d'ajout typed at a human pace, phone-sized windows."""

from __future__ import annotations

import re

import pytest
from ecpx.texts import PASSWORD
from ecpx.texts.common import APP, SIMULATORS
from ecpx.texts.method_a import COMPUTER, PHONE
from ecpx.texts.method_b import MAIL, SMS
from ecpx.texts.method_b import PHONE as B_PHONE
from ecpx.texts.method_b import SCENARIOS as B_SCENARIOS
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, open_notebook, shown
from tests.browser.test_method_a import (
    card_code_on_page,
    choose_scenario,
    devices,
    log_in,
    open_app,
)
from tests.browser.test_method_b import fictitious_identifier

CHAPTER_A = "02-methode-a-avec-la-carte.ipynb"
CHAPTER_B = "03-methode-b-avec-vos-coordonnees.ipynb"
TIMEOUT = 45_000
SIMULATOR = ".ecpx-simulator"
# The app's welcome screen is titled « e-CPS », a word the previous announcement has too.
WELCOME = re.compile(r":\se-CPS\s")


def open_simulator(page: Page, voila_url: str, chapter: str) -> None:
    """Open the chapter and wait for its simulator's widgets (they render after the page)."""
    open_notebook(page, voila_url, chapter)
    expect(page.locator(SIMULATOR)).to_be_visible(timeout=TIMEOUT)
    expect(live(page)).not_to_be_empty(timeout=TIMEOUT)
    expect(page.locator(f"{SIMULATOR} .ecpx-device[role=region]")).not_to_have_count(0)


def live(page: Page):
    """The simulator's polite live region (role=status)."""
    return page.locator(f"{SIMULATOR} [role=status]")


def announced(page: Page, text: str | re.Pattern) -> None:
    try:
        expect(live(page)).to_contain_text(text, timeout=TIMEOUT)
    except AssertionError as missing:
        alert = page.locator(f"{SIMULATOR} [role=alert]").inner_text()
        raise AssertionError(f"{missing}\nalert region: {alert!r}") from None


def press(area, label: str, *, double: bool = False) -> None:
    target = area.get_by_role("button", name=label, exact=True)
    if double:
        target.dblclick(timeout=TIMEOUT)
    else:
        target.click(timeout=TIMEOUT)


def no_unexpected_problem(page: Page) -> None:
    expect(page.get_by_text("problème inattendu")).to_have_count(0)


def pairing_code(page: Page) -> str:
    _, phone = devices(page)
    code = phone.locator(".ecpx-big-code")
    expect(code).to_have_text(re.compile(r"[A-Z]\d{5}"), timeout=TIMEOUT)
    return code.inner_text().strip()


def first_box(page: Page):
    computer, _ = devices(page)
    return computer.get_by_role("textbox", name=COMPUTER["code_box"].format(n=1))


def up_to_pairing(page: Page) -> str:
    """Method A by clicks up to the code d'ajout screen; the code the phone shows."""
    computer, phone = devices(page)
    log_in(page)
    open_app(page)
    press(computer, COMPUTER["start_button"])
    press(phone, PHONE["scan_button"])
    return pairing_code(page)


# ---- axe-core on every screen ----------------------------------------------------------------

def axe(page: Page, where: str) -> None:
    """axe-core on the simulator (the page around it is the page template's, tested apart)."""
    assert_accessible(page, where, SIMULATOR)


def test_every_screen_of_method_a_has_no_wcag_violation(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    computer, phone = devices(page)
    screens = [
        (computer, COMPUTER["psc_button"], COMPUTER["psc_title"]),
        (computer, COMPUTER["psc_tab_card"], COMPUTER["psc_card_button"]),
        (computer, COMPUTER["psc_card_button"], COMPUTER["certificate_title"]),
        (computer, COMPUTER["certificate_ok"], COMPUTER["pin_title"]),
    ]
    axe(page, "method A: portal")
    for area, label, title in screens:
        press(area, label)
        expect(area.get_by_text(title, exact=True).first).to_be_visible(timeout=TIMEOUT)
        axe(page, f"method A: after « {label} »")
    computer.get_by_label(COMPUTER["pin_label"], exact=True).fill(card_code_on_page(page))
    press(computer, COMPUTER["pin_ok"])
    announced(page, COMPUTER["home_title"])
    axe(page, "method A: activation home")
    for label, title in ((APP["open_app"], WELCOME),
                         (APP["start"], APP["cgu_title"]),
                         (APP["accept_cgu"], APP["choose_title"]),
                         (PHONE["choose_qr"], PHONE["scan_title"])):
        press(phone, label)
        announced(page, title)
        axe(page, f"method A: after « {label} »")
    press(computer, COMPUTER["start_button"])
    expect(computer.locator("img.ecpx-qr-image")).to_be_visible(timeout=TIMEOUT)
    axe(page, "method A: QR code")
    press(phone, PHONE["scan_button"])
    first_box(page).fill(pairing_code(page))
    announced(page, PASSWORD["create"])
    axe(page, "method A: password")
    for digit in "1357":
        press(computer, digit)
    announced(page, PASSWORD["confirm"])
    axe(page, "method A: confirmation")
    for digit in "1357":
        press(computer, digit)
    announced(page, COMPUTER["active_title"])
    axe(page, "method A: the card is active")


def test_every_screen_of_method_b_has_no_wcag_violation(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_B)
    identifier = fictitious_identifier(page)
    axe(page, "method B: phone closed")
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"], B_PHONE["send_request"],
                  B_PHONE["have_rpps"]):
        press(page, label)
        no_unexpected_problem(page)
        axe(page, f"method B: after « {label} »")
    page.get_by_role("textbox", name=B_PHONE["identifier_field"]).fill(identifier)
    press(page, B_PHONE["submit"])
    announced(page, B_PHONE["sent_title"])
    axe(page, "method B: request sent")
    press(page, MAIL["subject"])
    expect(page.get_by_role("img", name=re.compile("QR code d'activation"))).to_be_visible()
    axe(page, "method B: e-mail open")
    press(page, MAIL["start"])
    press(page, B_PHONE["by_sms"])
    announced(page, PASSWORD["create"])
    axe(page, "method B: password")
    for digit in "2468":
        press(page, digit)
    announced(page, PASSWORD["confirm"])
    for digit in "2468":
        press(page, digit)
    announced(page, APP["activated_title"])
    axe(page, "method B: activated")


# ---- keyboard only ---------------------------------------------------------------------------

def focused_name(page: Page) -> str:
    """The accessible name of the focused control, roughly (label, aria-label or text)."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        if (!e) return "";
        return (e.getAttribute("aria-label") || (e.labels && e.labels[0]
                && e.labels[0].textContent) || e.textContent || "").trim();
    }""")


def reach(page: Page, name: str, most: int = 3) -> None:
    """Tab (at most `most` times) to the control named `name`; fail if it is farther."""
    for _ in range(most + 1):
        if focused_name(page) == name:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"« {name} » is more than {most} Tab away (focus on « {focused_name(page)} »)")


def go(page: Page, name: str, screen: str, most: int = 3) -> None:
    """Tab to `name`, press Enter, and wait for the live region to announce `screen`."""
    reach(page, name, most)
    page.keyboard.press("Enter")
    announced(page, screen)


def wait_focus(page: Page, name: str) -> None:
    page.wait_for_function("""name => {
        const e = document.activeElement;
        const said = e && (e.getAttribute("aria-label") || (e.labels && e.labels[0]
                          && e.labels[0].textContent) || e.textContent || "").trim();
        return said === name;
    }""", arg=name, timeout=TIMEOUT)


def test_method_a_with_the_keyboard_only(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    pin = card_code_on_page(page)
    reach(page, COMPUTER["psc_button"], most=80)  # from the top of the page
    page.keyboard.press("Enter")
    announced(page, COMPUTER["psc_title"])
    reach(page, COMPUTER["psc_tab_card"])
    page.keyboard.press("Enter")  # the tab's content changes, the focus stays on the tab
    expect(page.get_by_role("button", name=COMPUTER["psc_card_button"])).to_be_visible()
    go(page, COMPUTER["psc_card_button"], COMPUTER["certificate_title"])
    go(page, COMPUTER["certificate_ok"], COMPUTER["pin_title"])
    wait_focus(page, COMPUTER["pin_label"])
    page.keyboard.type(pin)
    page.keyboard.press("Enter")  # Enter submits the card code, as on the portal
    announced(page, COMPUTER["home_title"])
    wait_focus(page, APP["open_app"])  # the next step is on the phone
    for label, screen in ((APP["open_app"], WELCOME),
                          (APP["start"], APP["cgu_title"]),
                          (APP["accept_cgu"], APP["choose_title"]),
                          (PHONE["choose_qr"], PHONE["scan_title"])):
        go(page, label, screen)
    wait_focus(page, COMPUTER["start_button"])  # back to the computer: the next step is there
    go(page, COMPUTER["start_button"], COMPUTER["pairing_title"])
    wait_focus(page, PHONE["scan_button"])
    go(page, PHONE["scan_button"], PHONE["code_instruction"])
    code = pairing_code(page)
    wait_focus(page, COMPUTER["code_box"].format(n=1))
    page.keyboard.type(code.lower(), delay=80)
    announced(page, PASSWORD["create"])
    page.keyboard.type("19", delay=80)  # the keyboard's digits press the keypad
    announced(page, SIMULATORS["keypad_progress"].format(typed=2, length=4))
    page.keyboard.press("Backspace")  # erases the 9
    announced(page, SIMULATORS["keypad_progress"].format(typed=1, length=4))
    page.keyboard.type("357", delay=80)
    announced(page, PASSWORD["confirm"])
    page.keyboard.type("1357", delay=80)
    announced(page, COMPUTER["active_title"])
    no_unexpected_problem(page)


def test_method_b_with_the_keyboard_only(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_B)
    identifier = fictitious_identifier(page)
    reach(page, APP["open_app"], most=80)
    page.keyboard.press("Enter")
    announced(page, WELCOME)
    for label, screen in ((APP["start"], APP["cgu_title"]),
                          (APP["accept_cgu"], APP["choose_title"]),
                          (B_PHONE["send_request"], B_PHONE["kind_title"]),
                          (B_PHONE["have_rpps"], B_PHONE["form_title"])):
        go(page, label, screen)
    wait_focus(page, B_PHONE["identifier_field"])
    page.keyboard.type(identifier)
    page.keyboard.press("Enter")  # Enter sends the request
    announced(page, B_PHONE["sent_title"])
    go(page, MAIL["subject"], re.compile(rf"messagerie\s:\s{MAIL['subject']}"))
    go(page, MAIL["start"], B_PHONE["sms_title"])
    go(page, B_PHONE["by_sms"], PASSWORD["create"])
    page.keyboard.type("2468", delay=80)
    announced(page, PASSWORD["confirm"])
    page.keyboard.type("2468", delay=80)
    announced(page, APP["activated_title"])
    no_unexpected_problem(page)


# ---- double clicks ---------------------------------------------------------------------------

def test_double_clicking_every_button_of_method_a_never_breaks_the_walk(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    computer, phone = devices(page)
    pin = card_code_on_page(page)
    for label in (COMPUTER["psc_button"], COMPUTER["psc_tab_card"],
                  COMPUTER["psc_card_button"], COMPUTER["certificate_ok"]):
        press(computer, label, double=True)
    computer.get_by_label(COMPUTER["pin_label"], exact=True).fill(pin, timeout=TIMEOUT)
    press(computer, COMPUTER["pin_ok"], double=True)
    for label in (APP["open_app"], APP["start"], APP["accept_cgu"],
                  PHONE["choose_qr"]):
        press(phone, label, double=True)
    press(computer, COMPUTER["start_button"], double=True)
    press(phone, PHONE["scan_button"], double=True)
    first_box(page).fill(pairing_code(page))
    announced(page, PASSWORD["create"])
    # A keypad key pressed twice is two digits, as on any keypad: these are single presses.
    for digit in "13571357":
        press(computer, digit)
    announced(page, COMPUTER["active_title"])
    no_unexpected_problem(page)


# ---- the code d'ajout ------------------------------------------------------------------------

def test_the_code_d_ajout_typed_at_a_human_pace_in_the_first_box_is_accepted(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    code = up_to_pairing(page)
    first_box(page).click()
    page.keyboard.type(code[:3] + "X", delay=300)
    page.keyboard.press("Backspace")  # the X in box 4
    page.keyboard.type(code[3:], delay=300)
    announced(page, PASSWORD["create"])


def test_the_code_d_ajout_typed_in_lower_case_from_box_4_is_accepted(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    code = up_to_pairing(page)
    computer, _ = devices(page)
    computer.get_by_role("textbox", name=COMPUTER["code_box"].format(n=4)).click()
    page.keyboard.type(code.lower(), delay=150)
    announced(page, PASSWORD["create"])


def test_the_code_d_ajout_pasted_fills_every_box(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    code = up_to_pairing(page)
    box = first_box(page)
    box.click()
    box.evaluate("""(box, code) => {
        const data = new DataTransfer();
        data.setData("text/plain", code);
        box.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true,
                                                       cancelable: true}));
    }""", f" {code} ")
    announced(page, PASSWORD["create"])


# ---- phone-sized windows ---------------------------------------------------------------------

CLIPPED = """() => {
    const cut = [];
    for (const frame of document.querySelectorAll(".ecpx-computer, .ecpx-phone")) {
        const f = frame.getBoundingClientRect();
        for (const c of frame.querySelectorAll("button, input, select, img, h3")) {
            const r = c.getBoundingClientRect();
            if (!r.width) continue;
            if (r.left < f.left - 1 || r.right > f.right + 1)
                cut.push(`${c.tagName} « ${(c.textContent || c.alt || "").trim()} »`);
        }
    }
    // A label cut with an ellipsis: its text is wider than its box.
    for (const c of document.querySelectorAll(".ecpx-simulator button, .ecpx-simulator label")) {
        if (c.getClientRects().length && c.scrollWidth > c.clientWidth + 1)
            cut.push(`${c.tagName} « ${c.textContent.trim()} » cut`);
    }
    for (const c of document.querySelectorAll(".ecpx-simulator button, .ecpx-simulator select")) {
        const r = c.getBoundingClientRect();
        if (r.width && (r.left < 0 || r.right > document.documentElement.clientWidth + 1))
            cut.push(`${c.tagName} « ${c.textContent.trim().slice(0, 40)} » off the page`);
    }
    return cut;
}"""
NO_SIDE_SCROLL = """() => [document.documentElement, document.body,
    document.querySelector("#rendered_cells")].filter(e => e)
    .every(e => e.scrollWidth <= e.clientWidth + 1)"""


def fits(page: Page, where: str) -> None:
    assert page.evaluate(CLIPPED) == [], f"{where}: cut off at {page.viewport_size}"
    assert page.evaluate(NO_SIDE_SCROLL), f"{where}: horizontal scroll at {page.viewport_size}"


@pytest.mark.parametrize("size", [(320, 640), (390, 844)])
def test_method_a_fits_a_phone_sized_window(browser, voila_url, size):
    context = browser.new_context(locale="fr-FR", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        open_simulator(page, voila_url, CHAPTER_A)
        fits(page, "method A: portal")
        computer, phone = devices(page)
        press(computer, COMPUTER["psc_button"])
        press(computer, COMPUTER["psc_tab_card"])
        press(computer, COMPUTER["psc_card_button"])
        announced(page, COMPUTER["certificate_title"])
        fits(page, "method A: certificate")
        press(computer, COMPUTER["certificate_ok"])
        computer.get_by_label(COMPUTER["pin_label"], exact=True).fill(card_code_on_page(page))
        press(computer, COMPUTER["pin_ok"])
        open_app(page)
        press(computer, COMPUTER["start_button"])
        announced(page, COMPUTER["pairing_title"])
        fits(page, "method A: QR code")
        press(phone, PHONE["scan_button"])
        first_box(page).fill(pairing_code(page))
        announced(page, PASSWORD["create"])
        fits(page, "method A: password")
    finally:
        context.close()


@pytest.mark.parametrize("size", [(320, 640), (390, 844)])
def test_method_b_fits_a_phone_sized_window(browser, voila_url, size):
    context = browser.new_context(locale="fr-FR", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        open_simulator(page, voila_url, CHAPTER_B)
        identifier = fictitious_identifier(page)
        fits(page, "method B: phone closed")
        for label in (APP["open_app"], APP["start"], APP["accept_cgu"], B_PHONE["send_request"],
                      B_PHONE["have_rpps"]):
            press(page, label)
        announced(page, B_PHONE["form_title"])
        fits(page, "method B: form")
        page.get_by_role("textbox", name=B_PHONE["identifier_field"]).fill(identifier)
        press(page, B_PHONE["submit"])
        press(page, MAIL["subject"])
        expect(page.get_by_role("img", name=re.compile("QR code d'activation"))).to_be_visible()
        fits(page, "method B: e-mail")
        press(page, MAIL["start"])
        press(page, B_PHONE["by_sms"])
        announced(page, PASSWORD["create"])
        fits(page, "method B: password")
    finally:
        context.close()


# ---- structure -------------------------------------------------------------------------------

def test_the_simulator_has_regions_headings_and_states(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    sim = page.locator(SIMULATOR)
    expect(sim.get_by_role("region", name=re.compile("^Ordinateur"))).to_have_count(1)
    expect(sim.get_by_role("region", name=re.compile("^Téléphone"))).to_have_count(1)
    # Guided mode marks the device to use: shown with an arrow, named « (à vous) ».
    expect(sim.get_by_role("region", name=re.compile(
        r"^(Ordinateur|Téléphone)\s*\(à vous\)$"))).to_have_count(1)
    expect(sim.get_by_role("region", name=re.compile("←"))).to_have_count(0)
    expect(sim.get_by_role("heading", name=COMPUTER["portal_title"])).to_be_visible()
    expect(sim.get_by_role("radiogroup", name="Mode")).to_be_visible()
    expect(sim.get_by_role("radio", name="Mode guidé")).to_be_checked()
    expect(sim.locator("[title='null']")).to_have_count(0)
    computer, _ = devices(page)
    press(computer, COMPUTER["psc_button"])
    tab = computer.get_by_role("button", name=COMPUTER["psc_tab_card"], exact=True)
    expect(tab).to_have_attribute("aria-pressed", "false", timeout=TIMEOUT)
    tab.click()
    expect(tab).to_have_attribute("aria-pressed", "true", timeout=TIMEOUT)
    other = computer.get_by_role("button", name=COMPUTER["psc_tab_ecps"], exact=True)
    expect(other).to_have_attribute("aria-pressed", "false")


def test_moving_through_the_scenario_list_with_the_arrows_keeps_the_progress(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    computer, _ = devices(page)
    press(computer, COMPUTER["psc_button"])
    announced(page, COMPUTER["psc_title"])
    page.get_by_label("Scénario").focus()
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert page.get_by_label("Scénario").evaluate("s => s.selectedIndex") == 3
    page.wait_for_timeout(1000)  # let any restart happen, if it were to
    expect(computer.get_by_role("heading", name=COMPUTER["psc_title"])).to_be_visible()


def test_the_error_screens_of_method_a_have_no_wcag_violation(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_A)
    computer, _ = devices(page)
    pin = card_code_on_page(page)
    wrong = "0000" if pin != "0000" else "1111"
    choose_scenario(page, "pin_wrong")
    log_in(page, wrong)
    expect(page.locator(f"{SIMULATOR} [role=alert]")).to_contain_text("Code porteur incorrect",
                                                                      timeout=TIMEOUT)
    axe(page, "method A: wrong card code")
    computer.get_by_label(COMPUTER["pin_label"], exact=True).fill(wrong)
    press(computer, COMPUTER["pin_ok"])
    expect(computer.get_by_text(COMPUTER["pin_last_try"])).to_be_visible(timeout=TIMEOUT)
    axe(page, "method A: one try left")
    choose_scenario(page, "pin_blocked")
    log_in(page)
    announced(page, COMPUTER["blocked_title"])
    axe(page, "method A: blocked card")
    choose_scenario(page, "page_blocked")
    log_in(page)
    press(computer, COMPUTER["unblock_button"])  # the page is blocked until IT allows it
    expect(computer.get_by_role("button", name=COMPUTER["start_button"])).to_be_visible(
        timeout=TIMEOUT)
    axe(page, "method A: page allowed")


def test_the_scenario_screens_of_method_b_have_no_wcag_violation(page, voila_url):
    open_simulator(page, voila_url, CHAPTER_B)
    identifier = fictitious_identifier(page)

    def start(scenario: str) -> None:
        page.get_by_label("Scénario").select_option(label=B_SCENARIOS[scenario])
        press(page, SIMULATORS["start_scenario"])
        for label in (APP["open_app"], APP["start"], APP["accept_cgu"], B_PHONE["send_request"],
                      B_PHONE["have_rpps"]):
            press(page, label)
        page.get_by_role("textbox", name=B_PHONE["identifier_field"]).fill(identifier)
        press(page, B_PHONE["submit"])
        announced(page, B_PHONE["sent_title"])

    start("spam")
    press(page, MAIL["spam"])
    press(page, MAIL["subject"])
    expect(shown(page).get_by_text(MAIL["spam_warning"])).to_be_visible(timeout=TIMEOUT)
    axe(page, "method B: e-mail in the spam folder")
    start("computer")
    press(page, MAIL["subject"])
    press(page, MAIL["start"])
    expect(page.locator(f"{SIMULATOR} [role=alert]")).to_contain_text("Rien ne se passe",
                                                                      timeout=TIMEOUT)
    axe(page, "method B: « Démarrer l'activation » on the computer")
    start("expired_code")
    press(page, MAIL["subject"])
    press(page, MAIL["start"])
    press(page, B_PHONE["by_sms"])
    page.get_by_role("textbox", name=B_PHONE["code_field"]).fill("000000")
    press(page, B_PHONE["validate_code"])
    press(page, B_PHONE["resend_sms"])
    expect(shown(page).get_by_text(SMS["expired"])).to_be_visible(timeout=TIMEOUT)
    axe(page, "method B: expired code, new SMS")
    page.get_by_label("Scénario").select_option(label=B_SCENARIOS["unsupported"])
    press(page, SIMULATORS["start_scenario"])
    press(page, APP["open_app"])
    announced(page, APP["unsupported_title"])
    axe(page, "method B: unsupported phone")
