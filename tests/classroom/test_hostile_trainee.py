"""A curious trainee with the class code, against a real `ecpx serve --classroom`: they cannot
fill the class, guessing the code is slowed, and nothing secret is left lying around."""

from __future__ import annotations

import json
import re
import stat
import time
from pathlib import Path

import pytest
from ecpx.server.cookies import FILE, FOLDER
from ecpx.texts import classroom as texts
from ecpx.training.sink import training_sink

from tests.classroom.conftest import (
    CODE,
    PAGES_PER_TRAINEE,
    POOLED,
    Session,
    class_server,
    wait_for_kernels,
)

LIGHT = "04-depannage-et-assistance.ipynb"
MAX_KERNELS = 4  # the hostile trainee's share (2) and one page for each of two other trainees


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    journal = tmp_path_factory.mktemp("hostile-journal") / "journal"
    with class_server(tmp_path_factory.mktemp("hostile"), journal,
                      max_kernels=MAX_KERNELS) as (url, server, log):
        yield url, server, log, journal


@pytest.mark.slow
def test_twenty_pages_from_one_trainee_leave_the_others_their_seats(hostile):
    url, server, _, _ = hostile
    hostile_trainee = Session(url)
    assert hostile_trainee.log_in(CODE) == 302
    for number in range(20):  # plain GETs, no JavaScript: nothing ever closes these pages
        status, headers, html = hostile_trainee.request(f"/voila/render/{LIGHT}")
        assert status == 200, (number, html[-500:])
        if number >= PAGES_PER_TRAINEE:  # the oldest page gave its kernel, and we are told
            assert "ecpx-notice=closed-oldest" in headers["Set-Cookie"]
    held = POOLED + PAGES_PER_TRAINEE
    assert wait_for_kernels(server, held) == held  # the newest pages only
    for other in (Session(url), Session(url)):
        assert other.log_in(CODE) == 302
        status, _, html = other.request(f"/voila/render/{LIGHT}")
        assert status == 200, html[-500:]
    # The page that closed the oldest one says so, in French (the page's script shows it).
    config = json.loads(re.search(r'<script id="jupyter-config-data"[^>]*>(.*?)</script>',
                                  html, re.S)[1])
    assert config["ecpx"]["closed_oldest"] == texts.SHARES["closed_oldest"].format(
        count=PAGES_PER_TRAINEE)


def test_wrong_codes_are_slowed_down_and_the_right_code_works_after(hostile):
    url, _, log, _ = hostile
    guesser = Session(url)
    for attempt in range(5):  # a trainee's typing mistakes cost nothing
        assert guesser.log_in(f"WRONG{attempt}") == 401
    # The sixth wrong code: the client must wait, told in French, with Retry-After.
    status, headers, html = guesser.request(
        "/login?next=%2F", {"password": "WRONG6", "_xsrf": guesser.cookie("_xsrf")})
    assert status == 429 and headers["Retry-After"] == "1"
    assert texts.LOGIN["wait"].format(seconds=1).split(" :")[0] in html.replace("&#39;", "'")
    # The token in a header or the URL shares the back-off: refused unchecked while slowed.
    status, _, _ = guesser.request("/", headers={"Authorization": f"token {CODE}"})
    assert status == 302
    started = time.monotonic()
    waits = []
    while time.monotonic() - started < 30:  # the right code once the wait is over
        status, headers, _ = guesser.request(
            "/login?next=%2F", {"password": CODE, "_xsrf": guesser.cookie("_xsrf")})
        if status != 429:
            break
        waits.append(int(headers["Retry-After"]))
    assert status == 302 and "/login" not in headers["Location"]
    assert set(waits) <= {1}  # refused tries did not make the wait grow
    output = log.read_text()  # no client address, no code in the server's request lines
    assert "(127.0.0.1)" not in output and "401 POST /login" in output
    assert not [line for line in output.splitlines()
                if re.match(r"\d{3} (GET|POST) ", line) and "token" in line]


def test_the_code_is_not_in_the_environment_and_secrets_are_private(hostile):
    url, server, _, journal = hostile
    for process in [server, *server.children(recursive=True)]:
        environ = Path(f"/proc/{process.pid}/environ").read_bytes()
        assert CODE.encode() not in environ.upper(), process.cmdline()
    trainee = Session(url)
    assert trainee.log_in(CODE) == 302
    login_cookie = next(c for c in trainee.jar if c.name.startswith("username-"))
    assert login_cookie.get_nonstandard_attr("SameSite") == "Lax"
    assert login_cookie.has_nonstandard_attr("HttpOnly")
    secret = journal / FOLDER / FILE
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret.parent.stat().st_mode) == 0o700
    assert CODE not in secret.read_text()


def test_journal_files_are_private(tmp_path):
    folder = tmp_path / "journal"
    sink = training_sink(folder)
    sink.record("chapter", step="opened")
    sink.close()
    files = list(folder.glob("training-*.jsonl"))
    assert files and all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
