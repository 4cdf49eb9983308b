"""Learner progress in Voilà and Chromium: a learner answers chapter 01's quiz and completes
method A; the home page shows both done after a reload and after a server restart; the key is
shown, changed and erased; the completion summary prints to a PDF that never saw a request
carrying the learner's name."""

from __future__ import annotations

import io
import json
import os
import re
import urllib.error
import urllib.request

import pytest
from ecpx.texts.course import CHAPTERS, QUIZ, QUIZ_INSTALL
from ecpx.texts.method_a import COMPUTER
from ecpx.texts.progress import API, PROGRESS, QUIZ_SIZES, SUMMARY
from ecpx.training.follow import LEARNER_KEY, JournalFollower
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, open_notebook, wait_widgets_drawn
from tests.browser.test_method_a import shows, type_password, up_to_password
from tests.serving import free_port, serving

QUIZ_CHAPTER = "01-installer-l-application.ipynb"
SIMULATOR_CHAPTER = "02-methode-a-avec-la-carte.ipynb"
TIMEOUT = 60_000
STATUS = PROGRESS["status"]
NAME = "Camille Exemple"  # fictitious: what a learner might type on the summary


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The course served with a journal of its own, and a way to restart it on the same port
    (the same origin, so the browser keeps its key)."""
    journal = tmp_path_factory.mktemp("progress-journal")
    env = {**os.environ, "ECPX_JOURNAL": str(journal)}
    port = free_port()
    state = {"journal": journal, "runs": 0}

    def start():
        state["runs"] += 1
        folder = tmp_path_factory.mktemp(f"voila-{state['runs']}")
        state["server"] = serving(env=env, port=port, log=folder / "voila.log")
        state["url"] = state["server"].__enter__().url
        return state["url"]

    def restart():
        state["server"].__exit__(None, None, None)
        return start()

    start()
    state["restart"] = restart
    yield state
    state["server"].__exit__(None, None, None)


@pytest.fixture(scope="module")
def learner(browser, course):
    """One learner's browser (its localStorage lives as long as the module's tests)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


def chapter_state(page: Page, name: str):
    return page.locator(f'.chapter[data-chapter="{name}"] .chapter-progress')


def stored_key(page: Page) -> str | None:
    return page.evaluate("localStorage.getItem('ecpx-learner')")


def test_quiz_and_method_a_are_done_after_a_reload_and_a_server_restart(learner, course,
                                                                         browser):
    page = learner.new_page()
    open_notebook(page, course["url"], QUIZ_CHAPTER)
    wait_widgets_drawn(page)
    checks = page.get_by_role("button", name=QUIZ["check"], exact=True)
    feedback = page.locator(".ecpx-quiz .widget-html")  # not the live regions, which say it too
    for number, question in enumerate(QUIZ_INSTALL):
        if number == 0:  # one wrong answer first: two tries for this question
            wrong = next(c for c in question.choices if c != question.answer)
            page.get_by_role("radio", name=wrong, exact=True).check(timeout=TIMEOUT)
            checks.nth(number).click()
            expect(feedback.get_by_text(QUIZ["wrong"])).to_have_count(1, timeout=TIMEOUT)
        page.get_by_role("radio", name=question.answer, exact=True).check(timeout=TIMEOUT)
        checks.nth(number).click()
        expect(feedback.get_by_text(QUIZ["right"])).to_have_count(number + 1, timeout=TIMEOUT)
    key = stored_key(page)
    assert key and LEARNER_KEY.fullmatch(key)

    open_notebook(page, course["url"], SIMULATOR_CHAPTER)
    up_to_password(page)
    type_password(page, "1357")
    type_password(page, "1357")
    shows(page.locator(".ecpx-computer"), COMPUTER["active_title"])

    records = [r for r in JournalFollower(course["journal"]).poll() if r.get("learner") == key]
    quizzes = [(r["question"], r["outcome"], r["tries"]) for r in records if r["kind"] == "quiz"]
    assert quizzes == [("01-q1", "error", 1), ("01-q1", "ok", 2), ("01-q2", "ok", 1),
                       ("01-q3", "ok", 1), ("01-q4", "ok", 1)]
    assert {(r["chapter"], r["step"]) for r in records if r["kind"] == "chapter"} == {
        ("01", "opened"), ("02", "opened")}
    walk = [r for r in records if r["kind"] == "activation"]
    assert {(r["chapter"], r["scenario"], r["method"]) for r in walk} == {("02", "nominal", "A")}
    assert walk[-1]["step"] == "activated"

    page.goto(course["url"] + "/")
    home_shows_both_done(page, key)
    page.reload()
    home_shows_both_done(page, key)
    course["restart"]()
    page.goto(course["url"] + "/")
    home_shows_both_done(page, key)
    # The browser closed and opened again: a new context with what its profile kept on disk.
    reopened = browser.new_context(locale="fr-FR", storage_state=learner.storage_state())
    again = reopened.new_page()
    again.goto(course["url"] + "/")
    home_shows_both_done(again, key)
    reopened.close()
    assert_accessible(page, "home page with the learner's progress")
    page.close()


def home_shows_both_done(page: Page, key: str) -> None:
    expect(chapter_state(page, QUIZ_CHAPTER)).to_have_text(
        f"{STATUS['done']} · " + PROGRESS["quiz_score"].format(right=4, total=4),
        timeout=TIMEOUT)
    expect(chapter_state(page, SIMULATOR_CHAPTER)).to_have_text(STATUS["done"])
    expect(chapter_state(page, "00-accueil.ipynb")).to_have_text(STATUS["not_started"])
    expect(page.locator("#learner-key")).to_have_text(key)
    # « Reprendre » goes to the first chapter not done: 00.
    resume = page.get_by_role("link", name=PROGRESS["resume"], exact=True)
    assert resume.get_attribute("href").endswith("/voila/render/00-accueil.ipynb")
    expect(page.get_by_text(PROGRESS["resume_where"].format(title=CHAPTERS[0][1]))) \
        .to_be_visible()


def test_the_key_is_shown_changed_with_validation_and_erased(learner, course):
    page = learner.new_page()
    page.goto(course["url"] + "/")
    key = stored_key(page)
    expect(page.locator("#learner-key")).to_have_text(key, timeout=TIMEOUT)
    field = page.get_by_label(PROGRESS["other_key_label"], exact=True)
    use = page.get_by_role("button", name=PROGRESS["other_key"], exact=True)

    field.fill("pas une clé")
    use.click()
    expect(page.locator("#other-key-error")).to_have_text(PROGRESS["bad_key"])
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    assert stored_key(page) == key
    assert_accessible(page, "home page with a key refused")

    other = "AAAA-BBBB-CCCC-DDDD"
    field.fill(" aaaa bbbb cccc dddd ")  # as a learner copies it: any case, spaces
    use.click()
    expect(page.locator("#learner-key")).to_have_text(other)
    expect(page.locator("#key-status")).to_have_text(PROGRESS["key_changed"])
    expect(chapter_state(page, QUIZ_CHAPTER)).to_have_text(STATUS["not_started"])
    assert stored_key(page) == other

    field.fill(key)  # back to the learner's own key: their progress comes back
    use.click()
    expect(chapter_state(page, QUIZ_CHAPTER)).to_contain_text(STATUS["done"])

    expect(page.get_by_text(PROGRESS["erase_explain"])).to_be_visible()
    page.get_by_role("button", name=PROGRESS["erase"], exact=True).click()
    expect(page.locator("#key-status")).to_have_text(PROGRESS["erased"])
    expect(page.locator("#learner-key")).to_have_text("")
    expect(chapter_state(page, QUIZ_CHAPTER)).to_be_hidden()
    assert stored_key(page) is None
    page.evaluate(f"localStorage.setItem('ecpx-learner', '{key}')")  # for the next test
    page.close()


def test_the_summary_prints_to_a_pdf_and_the_name_never_leaves_the_page(learner, course):
    from pypdf import PdfReader

    page = learner.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(f"{r.method} {r.url} {r.post_data or ''}"
                                                 f" {json.dumps(r.headers)}"))
    page.goto(course["url"] + "/")
    page.get_by_role("link", name=SUMMARY["link"], exact=True).click()
    expect(page).to_have_url(re.compile(r"/ecpx/bilan$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(SUMMARY["title"])
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_text(SUMMARY["chapters"].format(done=2, total=len(CHAPTERS)))) \
        .to_be_visible(timeout=TIMEOUT)
    quizzes = SUMMARY["quizzes"].format(passed=1, total=len(QUIZ_SIZES))
    expect(page.get_by_text(quizzes)).to_be_visible()
    expect(page.locator("#summary-method-A")).to_have_text(
        SUMMARY["completed"].format(count=1))
    expect(page.locator("#summary-method-B")).to_have_text(SUMMARY["not_completed"])
    assert_accessible(page, "completion summary")

    page.get_by_label(SUMMARY["name_label"], exact=True).fill(NAME)
    page.evaluate("window.print = () => { window.ecpxPrinted = true; }")  # no dialog headless
    page.get_by_role("button", name=SUMMARY["print"], exact=True).click()
    assert page.evaluate("window.ecpxPrinted") is True
    pdf = page.pdf(format="A4")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    for expected in (SUMMARY["title"], SUMMARY["name"].format(name=NAME),
                     SUMMARY["chapters"].format(done=2, total=len(CHAPTERS)),
                     SUMMARY["method_a"], SUMMARY["completed"].format(count=1)):
        assert expected.replace("\u00a0", " ") in text, (expected, text)
    assert SUMMARY["print"] not in text and SUMMARY["name_label"] not in text  # screen only
    page.wait_for_load_state("networkidle")
    assert requests and not [r for r in requests if "Camille" in r or "Exemple" in r]
    stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}, "
                           "document.cookie])")
    assert "Camille" not in stored
    page.close()


def test_the_progress_api_answers_json_and_refuses_a_bad_key_in_french(course):
    url = course["url"] + "/ecpx/api/progress/"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url + "not-a-key", timeout=30)
    assert refused.value.code == 400
    assert json.loads(refused.value.read()) == {"error": API["bad_key"]}
    with urllib.request.urlopen(url + "ZZZZ-ZZZZ-ZZZZ-ZZZZ", timeout=30) as answer:
        progress = json.loads(answer.read())
    assert answer.headers["Content-Type"].startswith("application/json")
    assert {c["status"] for c in progress["chapters"]} == {"not_started"}
