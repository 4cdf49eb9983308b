"""Thirty learners at once through the real Voilà server: each opens chapter 01 in a browser of
its own (its own key) and checks one quiz answer; the journal holds every one of the 30
« opened » and the 30 quiz records, each with its learner's key."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from ecpx.texts.course import QUIZ, QUIZ_INSTALL
from ecpx.training.follow import LEARNER_KEY, JournalFollower

from tests.browser import shown
from tests.serving import CHROMIUM, CHROMIUM_ARGS, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # its own Chromium; 30 kernels
LEARNERS = 30
CHAPTER = "01-installer-l-application.ipynb"
TIMEOUT_MS = 300_000  # 30 kernels start at once on a shared 2-core machine


async def one_learner(browser, url: str) -> str:
    """Open chapter 01, answer its first question right; return the learner's key."""
    from playwright.async_api import expect

    context = await browser.new_context(locale="fr-FR")
    try:
        page = await context.new_page()
        await page.goto(f"{url}/voila/render/{CHAPTER}", timeout=TIMEOUT_MS)
        question = QUIZ_INSTALL[0]
        await page.get_by_role("radio", name=question.answer, exact=True).check(
            timeout=TIMEOUT_MS)
        await page.get_by_role("button", name=QUIZ["check"], exact=True).first.click()
        await expect(shown(page).get_by_text(QUIZ["right"])).to_have_count(1, timeout=TIMEOUT_MS)
        return await page.evaluate("localStorage.getItem('ecpx-learner')")
    finally:
        await context.close()


async def thirty_learners(url: str) -> list[str]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                          headless=True)
        try:
            return await asyncio.gather(*(one_learner(browser, url) for _ in range(LEARNERS)))
        finally:
            await browser.close()


def test_thirty_learners_writing_at_once_lose_no_record(tmp_path):
    journal = tmp_path / "journal"
    env = {**os.environ, "ECPX_JOURNAL": str(journal)}
    with serving(env=env, log=tmp_path / "voila.log") as server, ThreadPoolExecutor(1) as thread:
        # A thread of its own: the session's sync Playwright may hold this thread's loop.
        keys = thread.submit(asyncio.run, thirty_learners(server.url)).result()
    assert len(set(keys)) == LEARNERS and all(LEARNER_KEY.fullmatch(k) for k in keys)
    follower = JournalFollower(journal)
    records = follower.poll()
    assert follower.damaged_count == 0
    opened = sorted(r["learner"] for r in records
                    if r["kind"] == "chapter" and r["step"] == "opened" and r["chapter"] == "01")
    answers = sorted(r["learner"] for r in records
                     if r["kind"] == "quiz" and r["question"] == "01-q1" and r["outcome"] == "ok")
    assert opened == sorted(keys)
    assert answers == sorted(keys)
