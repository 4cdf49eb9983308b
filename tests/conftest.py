"""Shared fixtures: a real Voilà server over notebooks/ and a page in Debian's headless Chromium."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def wait_or_kill(process: subprocess.Popen, timeout: float) -> None:
    """Wait for a process asked to end; kill it if it has not ended within `timeout` s."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def which_or_fail(tool: str, package: str) -> str:
    """The path of a system tool (daemons too: /usr/sbin is often not on a user's PATH), or a
    failure naming the Debian package that provides it."""
    path = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/sbin")
    if not path:
        pytest.fail(f"{tool} is missing: apt-get install {package}")
    return path


@pytest.fixture(scope="session")
def journal_dir(tmp_path_factory) -> Path:
    """Where the training events of this test session go (never the user's own store)."""
    path = tmp_path_factory.mktemp("journal")
    os.environ["ECPX_JOURNAL"] = str(path)
    return path


@contextlib.contextmanager
def serving(folder: Path, env: dict[str, str], *args: str, port: int | None = None,
            host: str = "127.0.0.1", ready: str = "/"):
    """`ecpx serve ARGS` on a free port (or `port`: a restart on the same origin), exactly as a
    user starts it; yields its URL (on `host`), process and log (`folder/voila.log`) once
    `ready` answers."""
    port = port or free_port()
    log = folder / "voila.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "ecpx.cli", "serve", f"--port={port}", *args],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )
    url = f"http://{host}:{port}"
    try:
        wait_for_http(url + ready, process, log)
        yield url, process, log
    finally:
        process.terminate()
        wait_or_kill(process, timeout=20)


@contextlib.contextmanager
def served_course(folder: Path, env: dict[str, str], port: int | None = None):
    """The course as `ecpx serve` gives it on 127.0.0.1; yields its URL."""
    with serving(folder, env, port=port) as (url, _, _):
        yield url


@pytest.fixture(scope="session")
def voila_url(tmp_path_factory, journal_dir) -> str:
    """The course served as a user starts it, its training events in this session's journal."""
    with served_course(tmp_path_factory.mktemp("voila"),
                       {**os.environ, "ECPX_JOURNAL": str(journal_dir)}) as url:
        yield url


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
