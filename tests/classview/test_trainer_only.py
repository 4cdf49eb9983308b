"""In classroom mode every trainee on the LAN reaches the server and has the class code: the
class view and its API answer only the server's own machine (loopback), with a French 403."""

from __future__ import annotations

import os

import pytest
from ecpx.server.classcode import lan_addresses
from ecpx.server.classview import is_loopback
from ecpx.texts import classview as texts

from tests.classroom.conftest import CODE, Session
from tests.serving import serving

PATHS = ("/ecpx/classe", "/ecpx/api/classe", "/ecpx/api/classe/export")


@pytest.fixture(scope="module")
def lan_url(tmp_path_factory, class_journal):
    """`ecpx serve --classroom ADDR` on this machine's LAN address (not a loopback one)."""
    addresses = lan_addresses()
    if not addresses:
        pytest.fail("this machine has no non-loopback IPv4 address to serve a class on")
    with serving(f"--classroom={addresses[0]}", f"--class-code={CODE}", "--pool=1",
                 env={**os.environ, "ECPX_JOURNAL": str(class_journal)},
                 log=tmp_path_factory.mktemp("lan") / "voila.log",
                 host=addresses[0], ready="/login") as server:
        yield server.url


def test_a_trainee_on_the_lan_gets_a_french_403_even_with_the_class_code(lan_url):
    trainee = Session(lan_url)
    for path in PATHS:
        status, _, html = trainee.request(path)
        assert status == 403, path
        assert 'lang="fr"' in html and texts.FORBIDDEN["title"] in html
    assert trainee.log_in(CODE) == 302
    status, _, _ = trainee.request("/")  # the course itself works for this trainee
    assert status == 200
    for path in PATHS:
        status, _, html = trainee.request(path)
        assert status == 403 and texts.FORBIDDEN["message"].replace("'", "&#39;") in html, path
    status, _, _ = trainee.request("/ecpx/api/classe/sessions", {"name": "x"})
    assert status == 403


def test_the_trainer_on_the_server_machine_is_answered(class_url):
    for path in PATHS:
        status, _, _ = Session(class_url).request(path)
        assert status == 200, path


def test_what_counts_as_the_servers_own_machine():
    assert all(is_loopback(a) for a in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"))
    assert not any(is_loopback(a) for a in ("192.168.1.20", "10.0.0.1", "::ffff:192.168.1.2",
                                            "fe80::1%eth0", "", "not-an-address"))
