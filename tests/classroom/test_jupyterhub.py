"""deploy/jupyterhub/ for real: JupyterHub on 127.0.0.1 with configurable-http-proxy, two
trainees log in with the class code and each gets chapter 02 in Chromium."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from ecpx.texts.method_a import COMPUTER
from playwright.sync_api import expect

from tests.conftest import REPO, free_port, wait_for_http, wait_or_kill

pytestmark = pytest.mark.browser
CODE = "H7B-4QW"
PROXY = REPO / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


@pytest.fixture(scope="module")
def hub(tmp_path_factory, journal_dir):
    if not PROXY.exists():
        pytest.fail(f"configurable-http-proxy is missing ({PROXY}): ./run test installs it "
                    "with npm")
    state = tmp_path_factory.mktemp("hub")
    port, api_port = free_port(), free_port()
    log = state / "hub.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f",
             str(REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py")],
            cwd=state, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "ECPX_CLASS_CODE": CODE, "ECPX_HUB_PORT": str(port),
                 "ECPX_HUB_API_PORT": str(api_port), "ECPX_HUB_STATE": str(state),
                 "ECPX_HUB_PROXY": str(PROXY), "ECPX_JOURNAL": str(journal_dir)},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/hub/login", process, log, timeout=120)
        yield url, log
    finally:
        process.terminate()  # the hub stops the proxy and the trainees' servers
        wait_or_kill(process, timeout=30)


def log_in(page, url: str, seat: str, code: str) -> None:
    page.goto(url + "/hub/login")
    page.locator("#username_input").fill(seat)
    page.locator("#password_input").fill(code)
    page.locator("#login_submit").click()


def test_two_trainees_log_in_with_the_class_code_and_get_chapter_02(hub, browser):
    url, log = hub
    contexts = [browser.new_context(locale="fr-FR") for _ in range(2)]
    try:
        intruder = contexts[0].new_page()
        log_in(intruder, url, "poste-99", "ABC-DEF")
        expect(intruder.locator("#login_submit")).to_be_visible()  # still the login page
        assert "/user/" not in intruder.url
        intruder.close()
        for number, context in enumerate(contexts, start=1):
            page = context.new_page()
            log_in(page, url, f"poste-{number:02}", CODE.lower())  # case does not matter
            page.wait_for_url(f"**/user/poste-{number:02}/voila/tree**", timeout=180_000)
            page.goto(f"{url}/user/poste-{number:02}/voila/render/02-methode-a-avec-la-carte"
                      ".ipynb", timeout=180_000)
            computer = page.locator(".ecpx-computer")
            expect(computer.get_by_role("button", name=COMPUTER["psc_button"], exact=True)
                   ).to_be_visible(timeout=180_000)
    except Exception:
        print(log.read_text()[-4000:])
        raise
    finally:
        for context in contexts:
            context.close()
