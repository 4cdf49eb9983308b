"""The one way tests and benchmarks start a server (`ecpx serve`, Voilà, `jupyter server`,
JupyterHub): ready once a URL answers (polled), and stopped with every process it started (its
kernels, which Jupyter starts in sessions of their own) when the `with` block ends.

Plain Python (no pytest), so that benchmarks import it too (`sys.path` holds the repository)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import psutil

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class ServerFailed(RuntimeError):
    """The server exited, or did not answer in time; the message ends with its log."""


class Server(NamedTuple):
    url: str
    process: subprocess.Popen
    log: Path | None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 20, ask: bool = True) -> None:
    """Ask a process to end (SIGTERM; `ask=False` when the caller asked already, with a key
    for instance); kill it if it has not ended within `timeout` s."""
    if ask and process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _tail(log: Path | None) -> str:
    return log.read_text(errors="replace")[-3000:] if log and log.exists() else "(no log)"


def wait_until_answers(url: str | urllib.request.Request, process: subprocess.Popen,
                       log: Path | None = None, timeout: float = 120) -> None:
    """Poll `url` (or a request with its headers) until it answers with success; fail if the
    process exits first."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise ServerFailed(f"the server exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:  # not listening yet, or an error status: not ready
            pass
        if time.monotonic() > deadline:
            raise ServerFailed(f"{url} did not answer within {timeout} s:\n{_tail(log)}")
        time.sleep(0.2)


@contextlib.contextmanager
def started(command: Sequence[str], ready_url: str | urllib.request.Request, *,
            log: Path | None = None, cwd: Path | None = None, env: Mapping[str, str] | None = None,
            timeout: float = 120, grace: float = 20) -> Iterator[subprocess.Popen]:
    """Run `command` until `ready_url` answers; yield the process. At the end, SIGTERM (then
    SIGKILL after `grace` s) to the server, then SIGKILL to whatever it started that is still
    running: no kernel outlives the block."""
    out = log.open("w") if log else subprocess.DEVNULL
    try:
        process = subprocess.Popen(list(command), cwd=cwd, env=None if env is None else dict(env),
                                   stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log:
            out.close()
    try:
        wait_until_answers(ready_url, process, log, timeout)
        yield process
    finally:
        try:
            started_by_it = psutil.Process(process.pid).children(recursive=True)
        except psutil.Error:  # it has ended already
            started_by_it = []
        stop(process, timeout=grace)
        for child in started_by_it:
            with contextlib.suppress(psutil.Error):
                child.kill()


@contextlib.contextmanager
def serving(*options: str, env: Mapping[str, str] | None = None, log: Path | None = None,
            port: int | None = None, host: str = "127.0.0.1", ready: str = "/",
            timeout: float = 120) -> Iterator[Server]:
    """`ecpx serve OPTIONS` exactly as a user starts it, on a free port (or `port`: a restart
    on the same origin); yields its URL (on `host`), process and log once `ready` answers."""
    port = port or free_port()
    url = f"http://{host}:{port}"
    command = [sys.executable, "-m", "ecpx.cli", "serve", f"--port={port}", *options]
    with started(command, url + ready, log=log, env=env, timeout=timeout) as process:
        yield Server(url, process, log)
