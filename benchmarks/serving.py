"""Shared by the serving benchmarks: start `ecpx serve` on a free port and find its kernels."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(*options: str, log: Path | None = None) -> tuple[subprocess.Popen, str]:
    """`ecpx serve OPTIONS` on a free port; returns the process and its URL once it answers."""
    port = free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen([sys.executable, "-m", "ecpx.cli", "serve", f"--port={port}",
                                *options], cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
                               env={**os.environ, "ECPX_JOURNAL": os.environ.get(
                                   "ECPX_JOURNAL", "/tmp/ecpx-bench-journal")})
    url = f"http://127.0.0.1:{port}"
    for _ in range(400):
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url + "/login" if "--classroom=127.0.0.1" in options
                                   else url + "/", timeout=2)
            return process, url
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"the server did not answer on {url}")


def kernels(server: subprocess.Popen) -> dict[str, psutil.Process]:
    """The server's kernels by kernel id (from each kernel's connection file name)."""
    found = {}
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            match = re.search(r"kernel-([0-9a-f-]{36})\.json", " ".join(child.cmdline()))
        except psutil.Error:
            continue
        if match:
            found[match[1]] = child
    return found


def rss_mb(process: psutil.Process) -> float:
    try:
        return process.memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


def cpu_of(processes) -> float:
    """CPU seconds used so far by these processes (those gone meanwhile count for nothing)."""
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def wait_for_kernel_count(server: subprocess.Popen, count: int, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while len(kernels(server)) < count and time.monotonic() < deadline:
        time.sleep(1)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
