"""Binder's way of serving: `jupyter server` from the repository root with Voilà and the
course's progress as server extensions, the course installed by `pip install .`
(binder/postBuild), no JUPYTER_PATH.

Voilà reads ./voila.json (template `ecpx`) from the server's working directory, and finds the
template in the environment's share/jupyter, where the package installed it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ecpx.texts.course import CHAPTERS
from ecpx.texts.progress import PROGRESS, SUMMARY
from ecpx.training.follow import JournalFollower
from playwright.sync_api import expect

from tests.browser import assert_home_links_every_chapter, assert_no_error, open_notebook
from tests.browser.test_course import MAIN_WIDGET
from tests.delivery.conftest import clean_env
from tests.serving import REPO, free_port, started

pytestmark = pytest.mark.slow  # builds the wheel and installs it in a fresh venv
CHAPTER_NAMES = [name for name, _, _ in CHAPTERS]


def test_binder_installs_the_course_as_the_test_does():
    post_build = (REPO / "binder" / "postBuild").read_text()
    assert "pip install --no-cache-dir .\n" in post_build
    assert (REPO / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


@pytest.fixture(scope="module")
def binder_url(installed_course, tmp_path_factory, journal_dir):
    port = free_port()
    home = tmp_path_factory.mktemp("binder-home")  # Binder's user has no Jupyter config or data
    env = clean_env(installed_course, ECPX_JOURNAL=str(journal_dir),
                    JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"))
    url = f"http://127.0.0.1:{port}"
    with started([str(installed_course / "bin" / "jupyter"), "server", "--no-browser",
                  f"--port={port}", "--IdentityProvider.token=",
                  "--allow-root"],  # root: this machine, not Binder
                 url + "/api", log=home / "server.log", cwd=REPO, env=env):
        yield url


def test_binder_home_page_shows_the_course_and_the_learners_progress(page, binder_url,
                                                                    journal_dir):
    """The package's server extension serves the progress API and the completion summary under
    `jupyter server`: the home page follows the learner, the last chapter links the summary."""
    home = binder_url + "/voila/tree/notebooks"
    first, last = CHAPTERS[0], CHAPTERS[-1]
    opened_is_done = next(c for c in CHAPTERS if c[0].startswith("06"))  # done once opened
    page.goto(home)
    assert_home_links_every_chapter(page, folder="notebooks/")
    expect(page.locator("#progress")).to_be_visible()
    page.get_by_role("link", name=first[1], exact=True).click()
    open_notebook(page, binder_url, f"notebooks/{first[0]}")
    assert_no_error(page)
    key = page.evaluate("localStorage.getItem('ecpx-learner')")
    wait_recorded(journal_dir, key, first[0][:2])
    open_notebook(page, binder_url, f"notebooks/{opened_is_done[0]}")
    wait_recorded(journal_dir, key, opened_is_done[0][:2])
    open_notebook(page, binder_url, f"notebooks/{last[0]}")  # the last chapter links the summary
    wait_recorded(journal_dir, key, last[0][:2])
    page.get_by_role("link", name=SUMMARY["link"], exact=True).click()
    expect(page).to_have_url(f"{binder_url}/ecpx/bilan")
    expect(page.get_by_role("heading", level=1)).to_have_text(SUMMARY["title"])
    # Chapter 06 is done once opened; 00 is begun (its quiz is not answered).
    expect(page.get_by_text(SUMMARY["chapters"].format(done=1, total=len(CHAPTERS)))) \
        .to_be_visible(timeout=30_000)
    page.goto(home)
    expect(page.locator(f'.chapter[data-chapter="{first[0]}"] .chapter-progress')) \
        .to_have_text(PROGRESS["status"]["in_progress"], timeout=30_000)


def wait_recorded(journal: Path, key: str, chapter: str, timeout: float = 60) -> None:
    """Wait until the journal holds « chapter opened » for this learner and chapter."""
    follower, deadline = JournalFollower(journal), time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(r.get("learner") == key and r.get("kind") == "chapter"
               and r.get("chapter") == chapter for r in follower.poll()):
            return
        time.sleep(0.2)
    pytest.fail(f"no « chapter {chapter} opened » for {key} in {journal}")


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_binder_chapter_renders_without_error(page, binder_url, name):
    open_notebook(page, binder_url, f"notebooks/{name}")
    expect(page.get_by_text(MAIN_WIDGET[name]).first).to_be_visible()


def test_binder_serves_the_accessibility_statement(page, binder_url):
    """The server extension serves the statement that every page's footer links."""
    from ecpx.texts.accessibility import PAGE
    from ecpx.texts.course import FRAME

    page.goto(binder_url + "/voila/render/notebooks/" + CHAPTER_NAMES[0])
    page.get_by_role("contentinfo").get_by_role("link", name=FRAME["accessibility"]).click()
    expect(page).to_have_url(f"{binder_url}/ecpx/accessibilite")
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_have_text(PAGE["title"])
