"""The trainer's class view in Chromium: it follows the journal live without reloading, flags
and announces a stuck learner once, keeps renamed seats in the browser only, starts a session,
downloads the export, and passes axe-core at desktop and phone widths."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse

import pytest
from ecpx.texts import classview as texts
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible
from tests.classview.conftest import Kernel

LIVE_MS = 10_000  # the page refreshes every 3 s
CARLA, DAVID = "1ABC-2DEF-3GHJ-4KMN", "5PQR-6STV-7WXY-8Z00"


@pytest.fixture
def trainer(browser, class_url):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(
        " ".join([r.url, r.post_data or "", json.dumps(r.headers)])))
    page.goto(class_url + "/ecpx/classe?session=today")
    page.requests = requests
    yield page
    context.close()


def seat_row(page: Page, key: str):
    return page.locator(f'#seats tbody tr[data-key="{key}"]')


def is_refresh(r) -> bool:
    """A request (or its answer) of the view's refresh: GET /ecpx/api/classe[?session=...]."""
    return urllib.parse.urlsplit(r.url).path.endswith("/ecpx/api/classe")


def wait_for_refreshes(page: Page, count: int) -> None:
    """Until `count` more refreshes of the view (the class API's answers) have arrived."""
    for _ in range(count):
        with page.expect_response(is_refresh, timeout=LIVE_MS):
            pass


def test_the_view_follows_learners_live_and_flags_the_stuck_one(trainer, class_journal):
    expect(trainer.locator("html")).to_have_attribute("lang", "fr")
    expect(trainer.get_by_role("table", name=texts.PAGE["caption"])).to_be_visible()
    trainer.evaluate("window.notReloaded = true")
    announcements = "window.announced = []; new MutationObserver(() => window.announced.push(" \
                    "document.getElementById('announcer').textContent)).observe(" \
                    "document.getElementById('announcer'), {childList: true, " \
                    "characterData: true, subtree: true})"
    trainer.evaluate(announcements)
    carla, david = Kernel(class_journal, CARLA), Kernel(class_journal, DAVID)
    carla.write(kind="chapter", step="opened", chapter="02")
    david.step("app_opened", method="B")
    row = seat_row(trainer, CARLA)
    expect(row.locator(".chapter")).to_contain_text("02 — Méthode A", timeout=LIVE_MS)
    carla.step("portal_login")
    expect(row.locator(".step")).to_have_text("Connexion au portail avec la carte",
                                              timeout=LIVE_MS)
    carla.step("activation_started")
    carla.step("qr_scanned")
    expect(row.locator(".step")).to_have_text("QR code scanné", timeout=LIVE_MS)
    for _ in range(3):  # three wrong codes d'ajout
        carla.step("pairing_code_entered", "error", "pairing_code_wrong")
    expect(row).to_have_class(re.compile(r"\bstuck\b"), timeout=LIVE_MS)
    expect(row.locator(".state")).to_contain_text("Bloqué")
    expect(row.locator(".state")).to_contain_text("Code d'ajout incorrect")
    expect(row.locator(".errors")).to_have_text("3")
    expect(seat_row(trainer, DAVID)).not_to_have_class(re.compile(r"\bstuck\b"))
    seat = row.locator("input").input_value()
    expect(trainer.locator("#announcer")).to_contain_text(f"{seat} est bloqué")
    expect(trainer.locator("#summary-step")).to_contain_text("Code d'ajout saisi")
    wait_for_refreshes(trainer, 2)  # no second announcement
    assert trainer.evaluate("window.announced.filter(t => t.includes('bloqué')).length") == 1
    assert trainer.evaluate("window.notReloaded") is True
    assert_accessible(trainer, "the class view with a stuck learner")
    trainer.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(trainer, "the class view at 390 px")
    width = trainer.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at 390 px ({width} px)"
    # The table scrolls in its own box; its caption stays in view.
    trainer.locator(".table-scroll").evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert trainer.locator(".table-scroll").evaluate("box => box.scrollLeft") > 0
    caption = trainer.locator("#seats-caption span").bounding_box()
    assert caption["x"] >= 0 and caption["x"] + caption["width"] <= 390, caption


def test_a_damaged_line_is_shown_counted_and_skipped(trainer, class_url, class_journal):
    def damaged() -> int:
        return trainer.request.get(class_url + "/ecpx/api/classe?session=today").json()[
            "damaged"]["count"]

    before = damaged()
    kernel = Kernel(class_journal, CARLA)
    with kernel.path.open("a") as file:
        file.write("not json at all\n")
    kernel.step("qr_scanned")
    expect(trainer.locator("#damaged")).to_contain_text(
        re.compile(rf"^{before + 1} ligne\(s\) abîmée\(s\)"), timeout=LIVE_MS)
    expect(seat_row(trainer, CARLA).locator(".step")).to_have_text("QR code scanné")
    assert damaged() == before + 1


def test_a_renamed_seat_stays_in_this_browser_only(trainer, class_journal):
    Kernel(class_journal, DAVID).step("cgu_accepted", method="B")
    name_input = seat_row(trainer, DAVID).locator("input")
    expect(name_input).to_have_value(re.compile(r"^Poste \d+$"), timeout=LIVE_MS)
    name_input.focus()  # by keyboard: select all, type, Enter
    trainer.keyboard.press("Control+A")
    trainer.keyboard.type("Fenetre-gauche-Zoe")
    trainer.keyboard.press("Enter")
    with trainer.expect_request(is_refresh, timeout=LIVE_MS):  # a refresh goes by
        pass
    trainer.reload()
    expect(seat_row(trainer, DAVID).locator("input")).to_have_value("Fenetre-gauche-Zoe",
                                                                   timeout=LIVE_MS)
    sent = "\n".join(trainer.requests)
    assert trainer.requests and "/ecpx/api/classe" in sent
    for form in ("Fenetre-gauche-Zoe", "Fenetre", "Zoe"):
        assert form not in sent and urllib.parse.quote(form) not in sent


def test_the_trainer_starts_a_session_and_downloads_its_export(trainer, class_journal):
    name = "Formation 12 mars, service de cardiologie"
    Kernel(class_journal, CARLA).step("app_opened")  # before the session: not in it
    expect(seat_row(trainer, CARLA)).to_be_visible(timeout=LIVE_MS)
    trainer.get_by_label(texts.SESSION["name"]).fill(name)
    trainer.get_by_label(texts.SESSION["name"]).press("Enter")
    expect(trainer.locator("#session-status")).to_contain_text(name, timeout=LIVE_MS)
    expect(trainer.get_by_label(texts.SESSION["shown"])).to_contain_text(name)
    expect(trainer.locator("#seats tbody tr")).to_have_count(0)
    expect(trainer.locator("#no-learner")).to_be_visible()
    Kernel(class_journal, DAVID).step("app_opened", method="B")
    expect(seat_row(trainer, DAVID)).to_be_visible(timeout=LIVE_MS)
    expect(trainer.locator("#seats tbody tr")).to_have_count(1)
    expect(trainer.get_by_text(texts.EXPORT["contents"])).to_be_visible()
    with trainer.expect_download() as download:
        trainer.get_by_role("link", name=texts.EXPORT["link"]).click()
    body = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["Tableau"] == "Postes" and name in rows[0]["Élément"]
    assert rows[0]["Effectif"] == "1"  # exact: the trainer's own class
    for secret in (CARLA, DAVID, "Poste 1", "Poste 2"):
        assert secret not in body
    trainer.get_by_role("button", name=texts.SESSION["end"]).click()
    expect(trainer.locator("#session-status")).to_contain_text("du ", timeout=LIVE_MS)
    expect(trainer.get_by_role("button", name=texts.SESSION["end"])).to_be_hidden()
    assert_accessible(trainer, "the class view of a past session")


def test_every_control_is_reached_by_keyboard_in_reading_order(trainer, class_journal):
    Kernel(class_journal, CARLA).step("app_opened")
    expect(seat_row(trainer, CARLA)).to_be_visible(timeout=LIVE_MS)
    trainer.locator("h1").click()  # start from the top of the page
    reached = []
    for _ in range(40):
        trainer.keyboard.press("Tab")
        reached.append(trainer.evaluate(
            "document.activeElement.id || document.activeElement.className"))
        if reached[-1] == "export":
            break
    wanted = ["session-select", "session-name", "table-scroll", "seat-name", "export"]
    assert [r for r in reached if r in wanted][:3] == wanted[:3], reached
    assert "seat-name" in reached and reached[-1] == "export", reached
