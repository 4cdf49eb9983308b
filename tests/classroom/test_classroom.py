"""Classroom mode: a class code, the course's own hosts only, closed pages free their kernels,
a full class gets a French page, and a slow kernel's output is waited for."""

from __future__ import annotations

import gzip
import json
import re
import time
import urllib.request

import psutil
import pytest
from ecpx.texts import classroom as texts
from playwright.sync_api import expect

from tests.browser import wait_rendered
from tests.classroom.conftest import (
    CODE,
    MAX_KERNELS,
    PAGES_PER_TRAINEE,
    POOLED,
    Session,
    kernel_id,
    kernel_pids,
    wait_for_kernels,
)
from tests.serving import REPO

CHAPTER = "02-methode-a-avec-la-carte.ipynb"
LIGHT = "04-depannage-et-assistance.ipynb"


def test_without_the_class_code_no_chapter_renders_and_no_kernel_starts(classroom):
    url, server, _ = classroom
    trainee = Session(url)
    for path in ("/", f"/voila/render/{CHAPTER}", f"/voila/render/{LIGHT}",
                 "/voila/files/ecpx.css"):
        status, headers, _ = trainee.request(path)
        assert status == 302 and "/login" in headers["Location"], (path, status)
    status, _, _ = trainee.request("/voila/api/shutdown/x", {"_xsrf": "x"})
    assert status == 403
    assert trainee.log_in("WRONG1") == 401
    status, _, _ = trainee.request(f"/voila/render/{CHAPTER}")
    assert status == 302
    time.sleep(3)  # a kernel started by any of these requests would be up by now
    assert wait_for_kernels(server, POOLED, timeout=1) == POOLED


def test_a_trainee_types_the_code_once_then_the_course_works(classroom, page):
    url, server, _ = classroom
    page.goto(url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name=texts.LOGIN["title"])).to_be_visible()
    page.get_by_label(texts.LOGIN["label"]).fill("k7p-2qx")
    page.get_by_role("button", name=texts.LOGIN["submit"]).click()
    expect(page.get_by_role("alert")).to_have_text(texts.LOGIN["wrong"])
    page.get_by_label(texts.LOGIN["label"]).fill("k7p-2qm")  # case and dash do not matter
    page.get_by_role("button", name=texts.LOGIN["submit"]).click()
    expect(page.get_by_role("link", name=re.compile("02"))).to_be_visible()
    page.goto(f"{url}/voila/render/{CHAPTER}", timeout=120_000)
    wait_rendered(page)
    expect(page.locator(".ecpx-computer")).to_be_visible(timeout=60_000)
    page.close(run_before_unload=True)
    assert wait_for_kernels(server, POOLED, timeout=60) == POOLED


def test_only_the_course_hosts_are_served(classroom):
    url, _, _ = classroom
    trainee = Session(url)
    port = url.rsplit(":", 1)[1]
    for host in ("localhost", "127.0.0.1"):
        status, _, _ = trainee.request("/login", headers={"Host": f"{host}:{port}"})
        assert status == 200, host
    for host in ("attacker.example", "192.168.1.20", "localhost.attacker.example"):
        status, _, _ = trainee.request("/login", headers={"Host": f"{host}:{port}"})
        assert status == 404, host


def test_pages_and_scripts_travel_compressed(classroom):
    """Thirty trainees load a chapter's scripts at once over the room's Wi-Fi: gzip."""
    url, _, _ = classroom
    trainee = Session(url)
    assert trainee.log_in(CODE) == 302
    for path in ("/voila/static/voila.js", "/"):  # a chapter would start a kernel
        request = urllib.request.Request(url + path, headers={"Accept-Encoding": "gzip"})
        with trainee.opener.open(request, timeout=120) as response:
            assert response.headers["Content-Encoding"] == "gzip", path
            sent = response.read()
        assert len(gzip.decompress(sent)) > 2 * len(sent), path


def test_closing_pages_gives_their_kernels_back(classroom, browser):
    url, server, _ = classroom
    context = browser.new_context(locale="fr-FR")
    pages = [context.new_page() for _ in range(PAGES_PER_TRAINEE)]
    pages[0].goto(f"{url}/?token={CODE}")  # the QR code's address logs in too
    for page in pages:
        page.goto(f"{url}/voila/render/{LIGHT}", timeout=120_000)
        wait_rendered(page)
    opened = POOLED + PAGES_PER_TRAINEE
    assert wait_for_kernels(server, opened) == opened
    for page in pages:
        page.close(run_before_unload=True)
    assert wait_for_kernels(server, POOLED, timeout=60) == POOLED
    context.close()


@pytest.mark.slow  # fills the class to its limit
def test_a_full_class_gets_a_french_page_to_retry(classroom):
    url, server, _ = classroom
    trainees = [Session(url) for _ in range(2)]  # one trainee alone cannot fill the class
    for trainee in trainees:
        assert trainee.log_in(CODE) == 302
    kernels = []
    for number in range(MAX_KERNELS):
        trainee = trainees[number // PAGES_PER_TRAINEE]
        status, _, html = trainee.request(f"/voila/render/{LIGHT}")
        assert status == 200
        kernels.append((trainee, kernel_id(html)))
    # The limit counts kernels serving pages; wait until the pool has refilled behind them.
    assert wait_for_kernels(server, POOLED + MAX_KERNELS) == POOLED + MAX_KERNELS
    status, headers, html = trainee.request(f"/voila/render/{LIGHT}")
    assert status == 503 and headers["Retry-After"]
    assert 'lang="fr"' in html and texts.FULL["message"].replace("'", "&#39;") in html
    # The page's close beacon: a form POST carrying the _xsrf cookie's value.
    for owner, kernel in kernels:
        status, _, _ = owner.request(f"/voila/api/shutdown/{kernel}",
                                     {"_xsrf": owner.cookie("_xsrf")})
        assert status == 204
    assert wait_for_kernels(server, POOLED, timeout=60) == POOLED
    status, _, _ = trainee.request(f"/voila/render/{LIGHT}")
    assert status == 200


def test_a_slow_kernel_is_waited_for_and_a_timeout_is_shown():
    executor = json.loads((REPO / "voila.json").read_text())["VoilaExecutor"]
    assert executor["iopub_timeout"] >= 30  # nbclient's 4 s dropped outputs under load
    assert executor["raise_on_iopub_timeout"] is True  # never dropped silently


def test_every_kernel_knows_it_serves_a_class_and_never_sees_the_code(classroom):
    _, server, _ = classroom
    for pid in kernel_pids(server):
        environ = psutil.Process(pid).environ()
        assert environ.get("ECPX_CLASSROOM") == "1"  # the card layer's opener reads it
        assert "ECPX_CLASS_CODE" not in environ
