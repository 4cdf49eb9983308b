"""A real `ecpx serve --classroom` on a free local port, and ways to count its kernels."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import time
import urllib.parse
import urllib.request

import psutil
import pytest
from ecpx.resources import notebooks_dir

from tests.serving import serving

CODE = "K7P2QM"
MAX_KERNELS = 3
PAGES_PER_TRAINEE = 2  # below MAX_KERNELS: one trainee cannot fill the class
# One preheated kernel per chapter (voila.json) with --pool 1.
POOLED = len(list(notebooks_dir().glob("*.ipynb")))


def kernel_pids(server: psutil.Process) -> set[int]:
    pids = set()
    for child in server.children(recursive=True):
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                pids.add(child.pid)
        except psutil.Error:  # ended (or a zombie) while we looked: not a running kernel
            pass
    return pids


def wait_for_kernels(server: psutil.Process, count: int, timeout: float = 120) -> int:
    """Wait until the server runs exactly `count` kernels; return the last count seen."""
    deadline = time.monotonic() + timeout
    while True:
        seen = len(kernel_pids(server))
        if seen == count or time.monotonic() > deadline:
            return seen
        time.sleep(0.5)


class Session:
    """A trainee's browser session without a browser: cookies, the login form, XSRF."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  NoRedirect())

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.url + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def log_in(self, code: str) -> int:
        self.request("/login")
        status, _, _ = self.request("/login?next=%2F",
                                    {"password": code, "_xsrf": self.cookie("_xsrf")})
        return status


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def kernel_id(html: str) -> str:
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', html)[1]


@contextlib.contextmanager
def class_server(folder, journal, *args: str, max_kernels: int = MAX_KERNELS,
                 code: str = CODE.lower(), port: int | None = None):
    """`ecpx serve --classroom=127.0.0.1` with a known class code, once its pools are full;
    yields its URL, process (psutil) and log."""
    with serving("--classroom=127.0.0.1", f"--class-code={code}",
                 f"--max-kernels={max_kernels}", f"--pages-per-trainee={PAGES_PER_TRAINEE}",
                 "--pool=1", *args, ready="/login", port=port,
                 env={**os.environ, "ECPX_JOURNAL": str(journal)},
                 log=folder / "voila.log") as (url, process, log):
        server = psutil.Process(process.pid)
        assert wait_for_kernels(server, POOLED) == POOLED, log.read_text()[-3000:]
        yield url, server, log


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, journal_dir):
    """The server's URL and process, in classroom mode on 127.0.0.1, with a known class code."""
    with class_server(tmp_path_factory.mktemp("classroom"), journal_dir) as served:
        yield served
