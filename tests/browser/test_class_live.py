"""A trainer's morning, end to end in Voilà and Chromium: two learners work in chapter 02 while
the class view, open in a third page, follows each of them from step to step without reloading
and flags the one who types a wrong code d'ajout three times."""

from __future__ import annotations

import os
import re

import pytest
from ecpx.texts import ERROR_MESSAGES
from ecpx.texts.method_a import COMPUTER
from ecpx.texts.steps import STEP_LABELS
from playwright.sync_api import Page, expect

from tests.browser import open_notebook, wait_widgets_drawn
from tests.browser.test_method_a import devices, log_in, open_app, press, shows
from tests.browser.test_simulator_a11y import up_to_pairing
from tests.serving import serving

CHAPTER = "02-methode-a-avec-la-carte.ipynb"
LIVE_MS = 15_000  # the view refreshes every 3 s; the learners' kernels share 2 busy cores


@pytest.fixture
def course(tmp_path):
    env = {**os.environ, "ECPX_JOURNAL": str(tmp_path / "journal")}
    with serving(env=env, log=tmp_path / "voila.log") as server:
        yield server.url


def learner_page(browser, url: str) -> tuple[Page, str]:
    """A learner's own browser on chapter 02, and the key it created."""
    page = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}).new_page()
    open_notebook(page, url, CHAPTER)
    wait_widgets_drawn(page)
    page.wait_for_function("localStorage.getItem('ecpx-learner')")
    return page, page.evaluate("localStorage.getItem('ecpx-learner')")


def type_code(page: Page, code: str) -> None:
    """Type the code d'ajout, and wait until the portal took it (it empties the boxes): the
    error of a wrong code stays on screen, so it cannot tell one attempt from the next."""
    computer, _ = devices(page)
    for n, character in enumerate(code, 1):
        computer.get_by_label(COMPUTER["code_box"].format(n=n)).fill(character)
    expect(computer.get_by_label(COMPUTER["code_box"].format(n=1))).to_have_value(
        "", timeout=LIVE_MS)


def test_the_class_view_follows_two_learners_and_flags_the_stuck_one(browser, course):
    trainer = browser.new_context(locale="fr-FR").new_page()
    trainer.goto(course + "/ecpx/classe")
    trainer.evaluate("window.notReloaded = true")
    ada, ada_key = learner_page(browser, course)
    ben, ben_key = learner_page(browser, course)
    assert ada_key != ben_key

    def row(key: str):
        return trainer.locator(f'#seats tbody tr[data-key="{key}"]')

    expect(row(ada_key)).to_be_visible(timeout=LIVE_MS)  # « chapter opened » reached the view
    expect(row(ben_key)).to_be_visible(timeout=LIVE_MS)
    log_in(ada)
    expect(row(ada_key).locator(".step")).to_have_text(STEP_LABELS["portal_login"],
                                                       timeout=LIVE_MS)
    open_app(ada)
    press(devices(ada)[0], COMPUTER["start_button"])
    expect(row(ada_key).locator(".step")).to_have_text(STEP_LABELS["activation_started"],
                                                       timeout=LIVE_MS)

    real = up_to_pairing(ben)
    wrong = ("B" if real[0] == "A" else "A") + real[1:]
    for _ in range(3):
        type_code(ben, wrong)
        shows(devices(ben)[0], ERROR_MESSAGES["pairing_code_wrong"])
    expect(row(ben_key)).to_have_class(re.compile(r"\bstuck\b"), timeout=LIVE_MS)
    expect(row(ben_key).locator(".errors")).to_have_text("3")
    expect(row(ada_key)).not_to_have_class(re.compile(r"\bstuck\b"))
    assert trainer.evaluate("window.notReloaded") is True  # live, never reloaded
