"""deploy/jupyterhub/ for real, started as its README says (as root here, as a trainer or CI
would): two trainees log in with the class code and each gets chapter 02 in Chromium; their
servers serve the course and nothing else, run as unprivileged users and keep to their homes."""

from __future__ import annotations

import os
import secrets
import stat
import sys
import urllib.request
from pathlib import Path

import psutil
import pytest
from ecpx.texts import classroom as texts
from ecpx.texts.method_a import COMPUTER
from playwright.sync_api import expect

from tests.serving import REPO, free_port, started

pytestmark = pytest.mark.slow
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
    code_file = state / "class-code.txt"
    code_file.write_text(CODE)
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ECPX_CLASS_CODE_FILE": str(code_file), "ECPX_HUB_PORT": str(port),
           "ECPX_HUB_API_PORT": str(api_port), "ECPX_HUB_STATE": str(state),
           "ECPX_HUB_PROXY": str(PROXY), "ECPX_JOURNAL": str(journal_dir)}
    command = [sys.executable, "-m", "jupyterhub", "-f",
               str(REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py")]
    # The proxy runs apart, as the deployment's README allows, and is awaited here: a proxy the
    # hub starts gets JupyterHub's fixed 10 s, which node can exceed on a loaded 2-core machine.
    token = secrets.token_hex(16)
    env |= {"CONFIGPROXY_AUTH_TOKEN": token, "ECPX_HUB_PROXY_RUNNING": "1"}
    proxy = [str(PROXY), "--ip", "127.0.0.1", "--port", str(port), "--api-ip", "127.0.0.1",
             "--api-port", str(api_port + 1),
             "--error-target", f"http://127.0.0.1:{api_port}/hub/error"]
    routes = urllib.request.Request(f"http://127.0.0.1:{api_port + 1}/api/routes",
                                    headers={"Authorization": f"token {token}"})
    # The hub stops the trainees' servers; what it would leave, the end of the block stops.
    with started(proxy, routes, log=state / "proxy.log", env=env), \
            started(command, url + "/hub/login", log=log, cwd=state, grace=30, env=env):
        yield url, log, state

def log_in(page, url: str, seat: str, code: str) -> None:
    page.goto(url + "/hub/login")
    page.locator("#username_input").fill(seat)
    page.locator("#password_input").fill(code)
    page.locator("#login_submit").click()


def seat_servers() -> dict[str, psutil.Process]:
    """The running single-user servers, by seat name."""
    found = {}
    for process in psutil.process_iter(["cmdline", "environ"]):
        try:
            if "jupyterhub.singleuser" in " ".join(process.info["cmdline"] or ()):
                found[process.environ()["JUPYTERHUB_USER"]] = process
        except (psutil.Error, KeyError):
            pass
    return found


def test_two_trainees_log_in_with_the_class_code_and_get_chapter_02(hub, browser):
    url, log, state = hub
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
        for number, context in enumerate(contexts, start=1):
            mine = f"{url}/user/poste-{number:02}"
            other = f"{url}/user/poste-{3 - number:02}"
            for method, path in [("get", "/lab"), ("get", "/lab/tree"), ("get", "/tree"),
                                 ("get", "/api/kernels"), ("post", "/api/kernels"),
                                 ("get", "/api/sessions"), ("post", "/api/sessions"),
                                 ("get", "/api/terminals"), ("post", "/api/terminals"),
                                 ("get", "/api/contents"), ("get", "/files/00-accueil.ipynb"),
                                 ("get", "/api/contents/00-accueil.ipynb"), ("get", "/edit/x"),
                                 ("get", "/api/kernelspecs"), ("get", "/api/events/subscribe")]:
                response = getattr(context.request, method)(
                    mine + path, max_redirects=0, headers={"X-XSRFToken": "x"})
                assert response.status not in (200, 201), (path, response.status)
            assert context.request.get(mine + "/voila/tree", max_redirects=0).status == 200
            assert context.request.get(mine + "/ecpx/bilan", max_redirects=0).status == 200
            for path in ("/voila/tree", "/api/contents", "/lab"):
                assert context.request.get(other + path, max_redirects=0).status != 200, path
        seats = seat_servers()
        assert set(seats) == {"poste-01", "poste-02"}
        uids = {seat: process.uids().real for seat, process in seats.items()}
        assert 0 not in uids.values() and len(set(uids.values())) == 2  # never root, one each
        for seat, uid in uids.items():
            home = state / "homes" / seat
            assert home.stat().st_uid == uid and stat.S_IMODE(home.stat().st_mode) == 0o700
            for kernel in seats[seat].children(recursive=True):
                assert kernel.uids().real == uid
        assert stat.S_IMODE((state / "hub").stat().st_mode) == 0o700  # cookie secret, database
        hubs = [p for p in psutil.process_iter(["cmdline"])
                if "jupyterhub_config.py" in " ".join(p.info["cmdline"] or ())]
        assert hubs and all(CODE.encode() not in Path(f"/proc/{p.pid}/environ").read_bytes()
                            for p in hubs)  # the code came in a file
        # A seat's page whose server is gone says so in French, as under `ecpx serve`.
        page = contexts[0].pages[-1]
        seats["poste-01"].terminate()
        seats["poste-01"].wait(timeout=60)
        page.locator(".ecpx-computer").click()  # a click asks the server about the kernel
        gone = page.locator("#ecpx-gone")
        expect(gone).to_contain_text(texts.GONE["message"], timeout=30_000)
        expect(gone).to_have_role("alert")
        expect(gone.get_by_role("button", name=texts.GONE["reload"])).to_be_visible()
    except Exception:
        print(log.read_text()[-4000:])
        raise
    finally:
        for context in contexts:
            context.close()
