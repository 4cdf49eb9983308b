"""Class capacity: N trainees open chapter 02 together and complete the first three steps of
method A. Goal on 2 cores / 24 GB: 30 trainees, p95 render <= 10 s, no failure.

Starts `ecpx serve --classroom=127.0.0.1` (class code, kernel limit, preheated pools as a trainer
gets them) on a free local port. For each N, N headless Chromium contexts log in with the class
code, then open chapter 02 at the same moment; each times its render (navigation until the
simulator is on screen) and its clicks (« Se connecter avec Pro Santé Connect », the card tab,
« Se connecter avec ma carte CPS »: each until the next screen shows). Printed per N: render
p50/p95/max, click p95, failures, the server's RSS and all kernels' RSS at the peak, and the CPU
seconds the server and its kernels used during the round. Then every
page is closed and the kernel count must return to the pools within a minute.

    .venv/bin/python benchmarks/bench_classroom.py [--trainees 1 10 20 30 40] [--pool N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from ecpx.activation.catalogue.method_a import COMPUTER
from ecpx.server.options import DEFAULT_POOL
from playwright.async_api import async_playwright
from serving import CHROMIUM, CHROMIUM_ARGS, kernels, rss_mb, start_server, stop

CHAPTER = "02-methode-a-avec-la-carte.ipynb"
CODE = "BENCH2"
TIMEOUT_MS = 180_000
# The first three steps of method A: each button, then what the next screen shows.
STEPS = [(COMPUTER["psc_button"], ("button", COMPUTER["psc_tab_card"])),
         (COMPUTER["psc_tab_card"], ("button", COMPUTER["psc_card_button"])),
         (COMPUTER["psc_card_button"], ("text", COMPUTER["certificate_title"]))]


async def trainee(browser, url: str, start: asyncio.Event, result: dict) -> None:
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    result["page"] = page
    try:
        await page.goto(f"{url}/?token={CODE}", timeout=TIMEOUT_MS)  # the QR code's address
        await start.wait()
        began = time.perf_counter()
        await page.goto(f"{url}/voila/render/{CHAPTER}", timeout=TIMEOUT_MS)
        computer = page.locator(".ecpx-computer")
        await computer.get_by_role("button", name=STEPS[0][0], exact=True).wait_for(
            timeout=TIMEOUT_MS)
        result["render"] = time.perf_counter() - began
        result["clicks"] = []
        for label, (kind, expected) in STEPS:
            began = time.perf_counter()
            await computer.get_by_role("button", name=label, exact=True).click(timeout=TIMEOUT_MS)
            target = (computer.get_by_role("button", name=expected, exact=True) if kind == "button"
                      else computer.get_by_text(expected, exact=True))
            await target.wait_for(timeout=TIMEOUT_MS)
            result["clicks"].append(time.perf_counter() - began)
    except Exception as error:  # any failure of a trainee is counted and shown
        result["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"
    result["context"] = context


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))]


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds used so far by the server and its kernels."""
    total = 0.0
    root = psutil.Process(server.pid)
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def busy_kernels(url: str) -> int:
    """Kernels the server does not report idle (starting, or rendering a pool's notebook)."""
    try:
        with urllib.request.urlopen(f"{url}/api/kernels?token={CODE}", timeout=10) as answer:
            return sum(k["execution_state"] != "idle" for k in json.load(answer))
    except OSError:
        return -1


def pooled_count(server: subprocess.Popen, url: str, timeout: float, at_least: int = 0) -> int:
    """Wait until the pools are full and rendered: at least `at_least` kernels, the count
    stops changing, the server reports every kernel idle, and the server with its kernels
    uses under 0.2 core for 5 s (the pools are refilled some seconds after use). Returns the
    kernel count."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        count, cpu = len(kernels(server)), server_cpu(server)
        time.sleep(5)
        if (at_least <= len(kernels(server)) == count and server_cpu(server) - cpu < 1.0
                and busy_kernels(url) == 0):
            return count
    return len(kernels(server))


async def one_round(browser, url: str, server: subprocess.Popen, n: int, pool: int) -> None:
    start = asyncio.Event()
    results = [{} for _ in range(n)]
    tasks = [asyncio.create_task(trainee(browser, url, start, r)) for r in results]
    while sum("page" in r for r in results) < n:  # every trainee logged in, then all at once
        await asyncio.sleep(0.2)
    await asyncio.sleep(1)
    cpu = server_cpu(server)
    start.set()
    await asyncio.gather(*tasks)
    # The server's and kernels' share of the round (the trainees' browsers run here too, but
    # in a class they run on the trainees' own computers).
    cpu = server_cpu(server) - cpu
    server_rss = rss_mb(psutil.Process(server.pid))
    kernels_rss = sum(rss_mb(k) for k in kernels(server).values())
    renders = [r["render"] for r in results if "render" in r and "error" not in r]
    clicks = [c for r in results if "error" not in r for c in r.get("clicks", [])]
    errors = [r["error"] for r in results if "error" in r]
    print(f"{n:>3} {statistics.median(renders) if renders else float('nan'):8.1f} "
          f"{pct(renders, .95):8.1f} {max(renders, default=float('nan')):8.1f} "
          f"{pct(clicks, .95):9.2f} {len(errors):>8} {server_rss:10.0f} {kernels_rss:11.0f} "
          f"{cpu:13.1f}",
          flush=True)
    for error in sorted(set(errors)):
        print(f"      failure: {error}", flush=True)
    for r in results:
        await r["page"].close(run_before_unload=True)
        await r["context"].close()


async def run(args) -> None:
    log = Path(tempfile.mkdtemp(prefix="ecpx-bench-")) / "server.log"
    server, url = start_server("--classroom=127.0.0.1", f"--class-code={CODE}",
                               f"--pool={args.pool}", "--max-kernels=400", log=log)
    try:
        began = time.monotonic()
        baseline = pooled_count(server, url, timeout=900)
        print(f"pool: {args.pool} per simulator chapter; {baseline} kernels preheated in "
              f"{time.monotonic() - began:.0f} s; kernels RSS "
              f"{sum(rss_mb(k) for k in kernels(server).values()):.0f} MB; server log: {log}")
        print("  N   render p50 (s)  p95      max  click p95  failures  server MB  kernels MB"
              "  server CPU s")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in args.trainees:
                await one_round(browser, url, server, n, args.pool)
                began = time.monotonic()
                count = pooled_count(server, url, timeout=600, at_least=baseline)
                freed = "back to the pools" if count == baseline else f"{count - baseline} left"
                print(f"      after closing: {count} kernels ({freed}) after "
                      f"{time.monotonic() - began:.0f} s", flush=True)
            await browser.close()
        print("goal: N = 30, render p95 <= 10 s, 0 failures")
    finally:
        stop(server)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the server
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, nargs="+", default=[1, 10, 20, 30, 40])
    parser.add_argument("--pool", type=int, default=DEFAULT_POOL,
                        help=f"preheated kernels per simulator chapter (default {DEFAULT_POOL})")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
