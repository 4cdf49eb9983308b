"""Binder's way of serving: `jupyter server` from the repository root with Voilà as a server
extension, the course installed by `pip install .` (binder/postBuild), no JUPYTER_PATH.

Voilà reads ./voila.json (template `ecpx`) from the server's working directory, and finds the
template in the environment's share/jupyter, where the package installed it.
"""

from __future__ import annotations

import pytest
from ecpx.activation.catalogue.course import CHAPTERS
from playwright.sync_api import expect

from tests.browser import assert_home_links_every_chapter, assert_no_error, open_notebook
from tests.browser.test_course import MAIN_WIDGET
from tests.conftest import REPO, free_port
from tests.delivery.conftest import clean_env, start_server, stop_server

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
    process = start_server(
        [str(installed_course / "bin" / "jupyter"), "server", "--no-browser", f"--port={port}",
         "--IdentityProvider.token=", "--allow-root"],  # root: this machine, not Binder
        REPO, env, url + "/api", home / "server.log")
    yield url
    stop_server(process)


def test_binder_home_page_has_the_course_template(page, binder_url):
    page.goto(binder_url + "/voila/tree/notebooks")
    assert_home_links_every_chapter(page, folder="notebooks/")
    # No progress API under `jupyter server`: the home page stays as it was, nothing half-shown.
    page.wait_for_load_state("networkidle")
    expect(page.locator("#progress")).to_be_hidden()
    expect(page.locator(".chapter-progress:visible")).to_have_count(0)
    page.get_by_role("link", name=CHAPTERS[0][1], exact=True).click()
    open_notebook(page, binder_url, f"notebooks/{CHAPTER_NAMES[0]}")
    assert_no_error(page)


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_binder_chapter_renders_without_error(page, binder_url, name):
    open_notebook(page, binder_url, f"notebooks/{name}")
    expect(page.get_by_text(MAIN_WIDGET[name]).first).to_be_visible()
