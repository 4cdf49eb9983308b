"""Shared by the serving benchmarks: the tests' way to start a server, and its kernels."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import psutil

# The one way to start a server is the tests' (tests/serving.py): benchmarks import it from the
# repository, and never write the user's own training store.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("ECPX_JOURNAL", "/tmp/ecpx-bench-journal")

from tests.serving import CHROMIUM, CHROMIUM_ARGS, free_port, serving, started

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "cpu_of", "free_port", "kernels", "rss_mb", "serving",
           "started", "wait_for_kernel_count"]


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

