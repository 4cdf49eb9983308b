"""Chapter 02 in Voilà and Chromium: a trainee who reads only the screens completes method A."""

from __future__ import annotations

import re

import pytest
from ecpx.logs.store import read_training_events
from ecpx.texts import ERROR_MESSAGES, PASSWORD
from ecpx.texts.common import APP, SIMULATORS
from ecpx.texts.method_a import COMPUTER, PHONE, SCENARIOS
from playwright.sync_api import Page, expect

from tests.browser import assert_no_error, open_notebook

pytestmark = pytest.mark.browser
CHAPTER = "02-methode-a-avec-la-carte.ipynb"
TIMEOUT = 45_000  # generous: the machine may be busy with other kernels


def press(area, label: str) -> None:
    area.get_by_role("button", name=label, exact=True).click(timeout=TIMEOUT)


def shows(area, text: str) -> None:
    """The device's screen shows this exact text (the DOM follows the kernel asynchronously)."""
    expect(area.get_by_text(text, exact=True)).to_be_visible(timeout=TIMEOUT)


def devices(page: Page):
    return page.locator(".ecpx-computer"), page.locator(".ecpx-phone")


def card_code_on_page(page: Page) -> str:
    """The virtual card's code, as printed above the simulator."""
    line = page.get_by_text(re.compile(r"Code porteur de la carte virtuelle\s:\s\d{4}"))
    return re.search(r":\s(\d{4})", line.inner_text(timeout=TIMEOUT))[1]


def log_in(page: Page, pin: str | None = None) -> None:
    computer, _ = devices(page)
    pin = pin or card_code_on_page(page)
    press(computer, COMPUTER["psc_button"])
    press(computer, COMPUTER["psc_tab_card"])
    press(computer, COMPUTER["psc_card_button"])
    shows(computer, COMPUTER["certificate_title"])
    press(computer, COMPUTER["certificate_ok"])
    computer.get_by_label(COMPUTER["pin_label"], exact=True).fill(pin, timeout=TIMEOUT)
    press(computer, COMPUTER["pin_ok"])


def open_app(page: Page) -> None:
    _, phone = devices(page)
    press(phone, APP["open_app"])
    press(phone, APP["start"])
    press(phone, APP["accept_cgu"])
    press(phone, PHONE["choose_qr"])


def up_to_password(page: Page) -> None:
    computer, phone = devices(page)
    log_in(page)
    open_app(page)
    press(computer, COMPUTER["start_button"])
    expect(computer.locator("img.ecpx-qr-image")).to_be_visible(timeout=TIMEOUT)  # the QR code
    no_widget_failed(page)
    press(phone, PHONE["scan_button"])
    shows(phone, PHONE["code_instruction"])
    code = phone.locator(".ecpx-big-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z]\d{5}", code), code
    for n, character in enumerate(code, 1):
        computer.get_by_label(COMPUTER["code_box"].format(n=n)).fill(character)
    shows(computer, PASSWORD["create"])
    no_widget_failed(page)


def type_password(page: Page, digits: str) -> None:
    computer, _ = devices(page)
    for digit in digits:
        press(computer, digit)


def no_widget_failed(page: Page) -> None:
    """No error output, and no widget view that failed to render along the way."""
    assert_no_error(page)
    expect(page.get_by_text("javascript error")).to_have_count(0)


def choose_scenario(page: Page, scenario: str) -> None:
    page.get_by_label("Scénario").select_option(label=SCENARIOS[scenario], timeout=TIMEOUT)
    page.get_by_role("button", name=SIMULATORS["start_scenario"]).click(timeout=TIMEOUT)


def test_a_trainee_completes_method_a_from_the_portal_to_the_active_card(page, voila_url,
                                                                        journal_dir):
    open_notebook(page, voila_url, CHAPTER)
    computer, phone = devices(page)
    up_to_password(page)
    shows(phone, PHONE["password_instruction"])
    type_password(page, "1357")
    shows(computer, PASSWORD["confirm"])
    type_password(page, "1357")
    shows(computer, COMPUTER["active_title"])
    shows(computer, COMPUTER["active_congrats"])
    shows(computer, COMPUTER["active_text"])
    shows(phone, APP["activated_uses"][1])
    no_widget_failed(page)
    events = read_training_events(journal_dir)
    activated = events[(events.method == "A") & (events.step == "activated")]
    assert len(activated) >= 1 and set(activated.source) == {"training"}


def test_the_security_software_hides_the_start_button(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    computer, _ = devices(page)
    choose_scenario(page, "page_blocked")
    log_in(page)
    shows(computer, ERROR_MESSAGES["page_blocked"])
    expect(computer.get_by_role("button", name=COMPUTER["start_button"])).to_have_count(0)
    press(computer, COMPUTER["unblock_button"])
    expect(computer.get_by_role("button", name=COMPUTER["start_button"])).to_be_visible(
        timeout=TIMEOUT)
    no_widget_failed(page)


def test_a_password_against_the_rules_is_refused(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    computer, _ = devices(page)
    up_to_password(page)
    type_password(page, "1234")
    shows(computer, ERROR_MESSAGES["password_ascending"])
    shows(computer, PASSWORD["create"])
    no_widget_failed(page)
