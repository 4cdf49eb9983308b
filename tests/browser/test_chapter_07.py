"""Chapter 07 in Voilà and Chromium: a sign-in with Pro Santé Connect done with the keyboard
only, from the screens' own words, each step announced; every error path; axe-core on every
screen at 1280, 390 and 320 px."""

from __future__ import annotations

import re

import pytest
from ecpx.texts.signin import PANELS, PHONE, SCENARIOS, SERVICE
from playwright.sync_api import Page, expect

from tests.browser.test_simulator_a11y import (
    SIMULATOR,
    TIMEOUT,
    announced,
    axe,
    fits,
    go,
    no_unexpected_problem,
    open_simulator,
    reach,
    wait_focus,
)

CHAPTER = "07-utiliser-sa-e-cps.ipynb"


def service(page: Page):
    return page.locator(f"{SIMULATOR} .ecpx-device").nth(0)


def phone(page: Page):
    return page.locator(f"{SIMULATOR} .ecpx-device").nth(1)


def alert(page: Page):
    return page.locator(f"{SIMULATOR} [role=alert]")


def press(area, label: str) -> None:
    area.get_by_role("button", name=label, exact=True).click(timeout=TIMEOUT)


def identifier(page: Page) -> str:
    """The fictitious identifier, as the PSC page of the simulator says it."""
    hint = service(page).get_by_text(re.compile("identifiant national fictif"))
    return re.search(r"\d{12}", hint.inner_text(timeout=TIMEOUT))[0]


def password(page: Page) -> str:
    """The training password, as the phone's password screen says it."""
    hint = phone(page).get_by_text(re.compile("mot de passe de cette e-CPS d'entraînement"))
    return re.search(r"\d{4}", hint.inner_text(timeout=TIMEOUT))[0]


def code_on_page(page: Page) -> str:
    code = service(page).locator(".ecpx-dynamic-code")
    expect(code).to_have_text(re.compile(r"\d{2}"), timeout=TIMEOUT)
    return code.inner_text().strip()


def start(page: Page, scenario: str) -> None:
    page.get_by_label("Scénario").select_option(label=SCENARIOS[scenario])
    page.get_by_role("button", name="Commencer ce scénario", exact=True).click()
    announced(page, SERVICE["home_title"])


def request(page: Page) -> None:
    """Up to the PSC page's « e-CPS », by clicks."""
    press(service(page), SERVICE["psc_button"])
    announced(page, SERVICE["psc_title"])
    service(page).get_by_role("textbox", name=SERVICE["identifier_field"]).fill(identifier(page))
    press(service(page), SERVICE["ecps"])
    announced(page, SERVICE["waiting_title"])


def up_to_code(page: Page) -> str:
    request(page)
    code = code_on_page(page)
    press(phone(page), PHONE["notification"])
    announced(page, PHONE["password_title"])
    for digit in password(page):
        press(phone(page), digit)
    announced(page, PHONE["code_title"])
    return code


def test_a_sign_in_with_the_keyboard_only_each_step_announced(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    reach(page, SERVICE["psc_button"], most=80)
    page.keyboard.press("Enter")
    announced(page, SERVICE["psc_title"])
    wait_focus(page, SERVICE["identifier_field"])
    page.keyboard.type(identifier(page))
    page.keyboard.press("Enter")  # Enter chooses « e-CPS », the form's button
    announced(page, SERVICE["waiting_title"])
    code = code_on_page(page)
    announced(page, SERVICE["code_spoken"].format(code=code))
    announced(page, PHONE["notification"])
    wait_focus(page, PHONE["notification"])  # the next step is on the phone
    page.keyboard.press("Enter")
    announced(page, PHONE["password_title"])
    page.keyboard.type(password(page), delay=80)  # the keyboard's digits press the keypad
    announced(page, PHONE["code_title"])
    go(page, code, SERVICE["open_title"], most=3)
    expect(service(page).get_by_text(SERVICE["open_title"])).to_be_visible()
    no_unexpected_problem(page)


def test_a_wrong_password_then_too_many(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    request(page)
    press(phone(page), PHONE["notification"])
    announced(page, PHONE["password_title"])
    right = password(page)
    wrong = "1357" if right != "1357" else "2468"
    for digit in wrong:
        press(phone(page), digit)
    expect(alert(page)).to_contain_text("Mot de passe incorrect", timeout=TIMEOUT)
    for digit in wrong * 2:
        press(phone(page), digit)
    expect(alert(page)).to_contain_text("Trop de mots de passe incorrects", timeout=TIMEOUT)
    announced(page, SERVICE["failed_title"])


def test_a_wrong_dynamic_code(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    code = up_to_code(page)
    offered = phone(page).get_by_role("button", name=re.compile(r"^\d{2}$"))
    expect(offered).to_have_count(3)
    wrong = next(t.strip() for t in offered.all_inner_texts() if t.strip() != code)
    press(phone(page), wrong)
    expect(alert(page)).to_contain_text("Mauvais code", timeout=TIMEOUT)
    announced(page, SERVICE["failed_title"])


@pytest.mark.parametrize("scenario, fix", [("outdated", PHONE["fix_outdated"]),
                                           ("battery", PHONE["fix_battery"])])
def test_the_notification_never_arrives(page, voila_url, scenario, fix):
    open_simulator(page, voila_url, CHAPTER)
    start(page, scenario)
    if scenario == "battery":
        expect(service(page)).to_contain_text(PANELS["service_phone"])
    request(page)
    expect(phone(page).get_by_role("button", name=PHONE["notification"])).to_have_count(0)
    press(service(page), SERVICE["missing"])
    expect(alert(page)).to_contain_text("sans restriction", timeout=TIMEOUT)
    press(phone(page), fix)
    announced(page, PHONE["fixed"])
    press(service(page), SERVICE["retry"])
    service(page).get_by_role("textbox", name=SERVICE["identifier_field"]).fill(identifier(page))
    press(service(page), SERVICE["ecps"])
    announced(page, PHONE["notification"])


def test_a_request_that_expires(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    start(page, "expired_request")
    request(page)
    press(phone(page), PHONE["notification"])
    expect(alert(page)).to_contain_text("La demande a expiré", timeout=TIMEOUT)
    announced(page, SERVICE["failed_title"])


def test_je_teste_ma_e_cps_ko_then_the_guide_s_next_steps(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    start(page, "test_ko")
    request(page)
    press(service(page), SERVICE["missing"])
    press(phone(page), PHONE["open_app"])
    press(phone(page), PHONE["test"])
    announced(page, PHONE["ko_title"])
    expect(alert(page)).to_contain_text("déconnectez toutes vos sessions", timeout=TIMEOUT)


def test_an_expired_e_cps_is_deleted(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    start(page, "expired_ecps")
    request(page)
    press(phone(page), PHONE["notification"])
    announced(page, PHONE["expired_title"])
    press(phone(page), PHONE["settings"])
    press(phone(page), PHONE["delete"])
    announced(page, PHONE["deleted_title"])
    expect(phone(page).get_by_role("link", name="chapitre 02")).to_be_visible()


def test_the_chapter_lists_its_sources(page, voila_url):
    open_simulator(page, voila_url, CHAPTER)
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("faq-e-cps"))).to_be_visible()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844), (320, 640)])
def test_every_screen_has_no_wcag_violation(browser, voila_url, width, height):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        open_simulator(page, voila_url, CHAPTER)
        where = f"{width} px"

        def check(screen: str) -> None:
            axe(page, f"chapter 07 at {where}: {screen}")
            fits(page, f"chapter 07 at {where}: {screen}")

        check("service and phone home")
        code = up_to_code(page)
        check("the three codes")
        press(phone(page), code)
        announced(page, SERVICE["open_title"])
        check("service open")
        press(phone(page), PHONE["back_home"])
        press(phone(page), PHONE["open_app"])
        press(phone(page), PHONE["test"])
        announced(page, PHONE["bravo_title"])
        check("Bravo")
        start(page, "battery")
        request(page)
        press(service(page), SERVICE["missing"])
        expect(alert(page)).not_to_be_empty(timeout=TIMEOUT)
        check("notification missing, the service in the phone's browser")
        start(page, "expired_ecps")
        request(page)
        press(phone(page), PHONE["notification"])
        announced(page, PHONE["expired_title"])
        check("e-CPS expired")
        press(phone(page), PHONE["settings"])
        announced(page, PHONE["settings_title"])
        check("settings")
        press(phone(page), PHONE["delete"])
        announced(page, PHONE["deleted_title"])
        check("deleted")
        no_unexpected_problem(page)
    finally:
        context.close()
