"""The wheel, installed in a fresh venv outside the clone: `ecpx serve` serves the course."""

from __future__ import annotations

import subprocess
import zipfile

import pytest
from ecpx.texts.card import READER
from ecpx.texts.course import CHAPTERS
from playwright.sync_api import expect

from tests.browser import assert_home_links_every_chapter, open_notebook, shown
from tests.browser.test_course import MAIN_WIDGET
from tests.delivery.conftest import clean_env
from tests.serving import free_port, started

pytestmark = pytest.mark.slow  # builds the wheel and installs it in a fresh venv
CHAPTER_NAMES = [name for name, _, _ in CHAPTERS]


def test_the_wheel_carries_the_course(course_wheel):
    names = set(zipfile.ZipFile(course_wheel).namelist())
    expected = {f"ecpx/notebooks/{name}" for name in CHAPTER_NAMES} | {
        "ecpx/voila.json",
        "ecpx/data/annuaire-fictif.csv",
        "ecpx/data/journal-exemple.csv.gz",
        "ecpx/jupyter/voila/templates/ecpx/tree.html",
        "ecpx-0.1.0.data/data/share/jupyter/voila/templates/ecpx/tree.html",
        "ecpx-0.1.0.data/data/share/jupyter/voila/templates/ecpx/conf.json",
        "ecpx-0.1.0.data/data/etc/jupyter/jupyter_server_config.d/ecpx.json",
        "ecpx-0.1.0.dist-info/licenses/LICENSE",
    }
    assert expected <= names, sorted(expected - names)


def test_installing_the_course_compiled_nothing(installed_course):
    """--only-binary :all: made pip refuse any sdist; pyscard (an sdist on Linux) is an extra."""
    python = str(installed_course / "bin" / "python")
    assert subprocess.run([python, "-c", "import smartcard"], capture_output=True).returncode == 1
    template = installed_course / "share" / "jupyter" / "voila" / "templates" / "ecpx"
    assert (template / "tree.html").is_file(), "the template is where Jupyter looks for it"


def test_card_cli_says_how_to_enable_real_readers(installed_course, tmp_path):
    done = subprocess.run([str(installed_course / "bin" / "ecpx"), "card", "info"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env=clean_env(installed_course))
    assert done.returncode == 1
    assert done.stderr == "error: Real readers need pyscard, which is not installed: " \
                          "pip install 'ecpx[card]'.\n"


@pytest.fixture(scope="module")
def installed_url(installed_course, tmp_path_factory, journal_dir):
    """`ecpx serve` of the installed wheel, started from a folder outside the clone."""
    port = free_port()
    cwd = tmp_path_factory.mktemp("elsewhere")
    url = f"http://127.0.0.1:{port}"
    with started([str(installed_course / "bin" / "ecpx"), "serve", f"--port={port}"],
                 url + "/", log=cwd / "serve.log", cwd=cwd,
                 env=clean_env(installed_course, ECPX_JOURNAL=str(journal_dir))):
        yield url


def test_installed_home_page_links_to_every_chapter(page, installed_url):
    page.goto(installed_url + "/")
    assert_home_links_every_chapter(page)


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_installed_chapter_renders_without_error(page, installed_url, name):
    open_notebook(page, installed_url, name)
    expect(page.get_by_text(MAIN_WIDGET[name]).first).to_be_visible()


def test_installed_chapter_05_says_how_to_enable_a_real_reader(page, installed_url):
    open_notebook(page, installed_url, "05-votre-carte-et-le-lecteur.ipynb")
    page.get_by_role("button", name=READER["use_own"], exact=True).click()
    expect(shown(page).get_by_text(READER["enable_real_reader"])).to_be_visible()
