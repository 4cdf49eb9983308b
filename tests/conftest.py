"""Shared fixtures: a real Voilà server over notebooks/ and a page in Debian's headless Chromium."""

from __future__ import annotations

import asyncio
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.serving import CHROMIUM, CHROMIUM_ARGS, serving

ENVIRONMENT_PREFIX = "ECPX_"


def pytest_collection_modifyitems(items) -> None:
    """Markers follow from what a test uses: Chromium (the `browser` or `page` fixture, or a
    test under tests/browser/) is `browser`; pcscd (the `pcscd` fixture, which the virtual
    cards need) is `pcsc`. Tests that launch Chromium themselves say `browser` with
    `pytestmark`; long ones (> ~20 s) say `slow`."""
    browser_tests = Path(__file__).parent / "browser"
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "page"} or browser_tests in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)
        if "pcscd" in names:
            item.add_marker(pytest.mark.pcsc)


def in_own_thread(function, *args):
    """`function(*args)` in a thread of its own: Playwright's sync API (the session's browser)
    holds this thread's event loop, so asyncio.run or a tornado test loop cannot run here."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def run_coroutine(coroutine):
    """asyncio.run(coroutine), whatever runs in the test's thread."""
    return in_own_thread(asyncio.run, coroutine)


def which_or_fail(tool: str, package: str) -> str:
    """The path of a system tool (daemons too: /usr/sbin is often not on a user's PATH), or a
    failure naming the Debian package that provides it."""
    path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
    if not path:
        pytest.fail(f"{tool} is missing: apt-get install {package}")
    return path


def ecpx_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(ENVIRONMENT_PREFIX)}


@pytest.fixture(autouse=True)
def environment_left_as_found():
    """Fails a test that leaves an ECPX_ variable changed (monkeypatch.setenv undoes itself),
    and puts the variables back so the next tests do not inherit it."""
    before = ecpx_environment()
    yield
    after = ecpx_environment()
    if after != before:
        for name in after.keys() - before.keys():
            del os.environ[name]
        os.environ.update(before)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        pytest.fail(f"the test left {', '.join(changed)} changed: use monkeypatch.setenv")


@pytest.fixture(scope="session")
def journal_dir(tmp_path_factory) -> Path:
    """Where the training events of this test session go (never the user's own store): also
    ECPX_JOURNAL for the rest of the session, for the servers and kernels it starts."""
    path = tmp_path_factory.mktemp("journal")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("ECPX_JOURNAL", str(path))
        yield path


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory, journal_dir) -> str:
    """The course served as a user starts it, its training events in this session's journal."""
    with serving(log=tmp_path_factory.mktemp("voila") / "voila.log") as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing ({CHROMIUM}): apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
