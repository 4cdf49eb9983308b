"""Class capacity: N trainees open chapter 02 together and complete the first three steps of
method A. Goal on 2 cores / 24 GB: 30 trainees, p95 render <= 10 s, no failure.

Starts `ecpx serve --classroom=127.0.0.1` (class code, kernel limit, preheated pools as a trainer
gets them) on a free local port, waits until every pool's kernel is rendered, then for each N
runs two rounds, each followed by the pools' return:

- **chromium**: N headless Chromium contexts log in with the class code, then open chapter 02
  at the same moment; each times its render (navigation until the simulator is on screen) and
  its clicks (« PRO SANTECONNECT », the card tab, « Se connecter avec la carte CPS »: each
  until the next screen shows). The N browsers run on the server's own cores: this measures
  them as much as the server.
- **server**: N light trainees (`light_trainee.py`) ask the server for exactly what those
  browsers ask for (the page, its scripts: 1.3 MB gzip-compressed, the kernel's websocket,
  every widget's state, the same three clicks), and time the server's part: a render until the
  widget state has arrived, a click until the kernel has sent all its updates. A trainee's own
  browser then needs what one Chromium alone takes (the chromium round at N = 1, its CPU
  printed too): the estimate for trainees on their own computers is the server p95 plus that.

Printed per round: render p50/p95/max, click p95, failures (a render or click that failed or
took over 180 s), the server's RSS and all kernels' RSS at the peak, and the CPU seconds the
server and its kernels (and the browsers, or the light trainees) used during the round. Then
every page is closed and the kernel count must return to the pools.

    .venv/bin/python benchmarks/bench_classroom.py [--trainees 1 10 20 30 40] [--pool N]
                                                   [--modes chromium server]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil
from ecpx.server.options import DEFAULT_POOL
from ecpx.texts.method_a import COMPUTER
from light_trainee import LightTrainee
from playwright.async_api import async_playwright
from serving import CHROMIUM, CHROMIUM_ARGS, cpu_of, kernels, rss_mb, serving

CHAPTER = "02-methode-a-avec-la-carte.ipynb"
CODE = "BENCH2"
TIMEOUT_MS = 180_000
# The first three steps of method A: each button, then what the next screen shows.
GOAL_N, GOAL_P95 = 30, 10.0
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
        # What the page loaded from the server (the light trainees load the same).
        result["assets"] = await page.evaluate(
            """() => performance.getEntriesByType("resource").map(r => r.name)
                .filter(n => n.startsWith(location.origin) && !n.includes("/api/"))
                .map(n => n.slice(location.origin.length))""")
        result["clicks"] = []
        for label, (kind, expected) in STEPS:
            began = time.perf_counter()
            await computer.get_by_role("button", name=label, exact=True).click(timeout=TIMEOUT_MS)
            target = (computer.get_by_role("button", name=expected, exact=True) if kind == "button"
                      else computer.get_by_text(expected, exact=True))
            await target.wait_for(timeout=TIMEOUT_MS)
            result["clicks"].append(time.perf_counter() - began)
    except Exception as error:  # any failure of a trainee is counted and shown
        result["error"] = failure(error)
    result["context"] = context


async def light_trainee(url: str, assets: list[str], start: asyncio.Event,
                        result: dict) -> None:
    trainee = LightTrainee(url, CODE, assets)
    result["trainee"] = trainee
    await start.wait()
    try:
        began = time.perf_counter()
        await asyncio.wait_for(trainee.open_chapter(CHAPTER), TIMEOUT_MS / 1000)
        result["render"] = time.perf_counter() - began
        result["clicks"] = []
        for label, _ in STEPS:
            began = time.perf_counter()
            await asyncio.wait_for(trainee.click(label), TIMEOUT_MS / 1000)
            result["clicks"].append(time.perf_counter() - began)
    except Exception as error:  # any failure of a trainee is counted and shown
        result["error"] = failure(error)


def browsers_cpu() -> float:
    """CPU seconds used so far by this benchmark's Chromium processes."""
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "chrom" in process.name():
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def failure(error: Exception) -> str:
    """One line saying what went wrong."""
    return f"{type(error).__name__}: {(str(error).splitlines() or [''])[0][:120]}"


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))]


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds used so far by the server and its kernels."""
    root = psutil.Process(server.pid)
    return cpu_of([root, *root.children(recursive=True)])


def busy_kernels(server: subprocess.Popen, url: str) -> int:
    """Kernels the server does not report idle (starting, or rendering a pool's notebook)."""
    busy = 0
    for kernel in kernels(server):
        try:
            with urllib.request.urlopen(f"{url}/api/kernels/{kernel}?token={CODE}",
                                        timeout=10) as answer:
                busy += json.load(answer)["execution_state"] != "idle"
        except OSError:  # ended meanwhile, or not known to the server yet
            busy += 1
    return busy


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
                and busy_kernels(server, url) == 0):
            return count
    return len(kernels(server))


def never_shut_down(server: subprocess.Popen, log: Path) -> set[str]:
    """The running kernels that the server handed to a page (from a pool) and never shut down:
    pages whose close did not reach the server."""
    text = log.read_text(errors="replace")
    handed = set(re.findall(r"Using pre-heated kernel: ([0-9a-f-]{36})", text))
    shut = set(re.findall(r"Kernel shutdown: ([0-9a-f-]{36})", text))
    return (handed - shut) & set(kernels(server))


async def one_round(mode: str, browser, url: str, server: subprocess.Popen, n: int,
                    assets: list[str]) -> dict:
    start = asyncio.Event()
    results = [{} for _ in range(n)]
    if mode == "chromium":
        tasks = [asyncio.create_task(trainee(browser, url, start, r)) for r in results]
        while sum("page" in r for r in results) < n:  # every trainee logged in, then all at once
            await asyncio.sleep(0.2)
    else:
        tasks = [asyncio.create_task(light_trainee(url, assets, start, r)) for r in results]
    await asyncio.sleep(1)
    cpu, clients = server_cpu(server), (browsers_cpu(), time.process_time())
    start.set()
    await asyncio.gather(*tasks)
    # The server's and kernels' share of the round, and the clients' (the browsers, or this
    # process for the light trainees): in a class, browsers run on the trainees' computers.
    cpu = server_cpu(server) - cpu
    clients = (browsers_cpu() - clients[0] if mode == "chromium"
               else time.process_time() - clients[1])
    server_rss = rss_mb(psutil.Process(server.pid))
    kernels_rss = sum(rss_mb(k) for k in kernels(server).values())
    renders = [r["render"] for r in results if "render" in r and "error" not in r]
    clicks = [c for r in results if "error" not in r for c in r.get("clicks", [])]
    errors = [r["error"] for r in results if "error" in r]
    row = {"p50": statistics.median(renders) if renders else float("nan"),
           "p95": pct(renders, .95) if not errors else float("inf"),
           "failures": len(errors)}
    print(f"{mode:<9}{n:>3} {row['p50']:8.1f} {pct(renders, .95):8.1f} "
          f"{max(renders, default=float('nan')):8.1f} {pct(clicks, .95):9.2f} {len(errors):>8} "
          f"{server_rss:10.0f} {kernels_rss:11.0f} {cpu:10.1f} {clients:10.1f}", flush=True)
    for error in sorted(set(errors)):
        print(f"      failure: {error}", flush=True)
    for r in results:
        if mode == "chromium":  # as a trainee closes a tab: unload handlers run, then it closes
            async with r["page"].expect_event("close"):
                await r["page"].close(run_before_unload=True)
            await r["context"].close()
        else:
            await r["trainee"].leave()
    row["assets"] = next((r["assets"] for r in results if "assets" in r), [])
    return row


async def run(args) -> None:
    log = Path(tempfile.mkdtemp(prefix="ecpx-bench-")) / "server.log"
    with serving("--classroom=127.0.0.1", f"--class-code={CODE}",
                 f"--pool={args.pool}", "--max-kernels=400", log=log) as (url, server, _):
        began = time.monotonic()
        baseline = pooled_count(server, url, timeout=900)
        print(f"pool: {args.pool} per simulator chapter; {baseline} kernels preheated in "
              f"{time.monotonic() - began:.0f} s; kernels RSS "
              f"{sum(rss_mb(k) for k in kernels(server).values()):.0f} MB; server log: {log}")
        print("mode       N  render p50 (s) p95      max  click p95  failures  server MB  "
              "kernels MB  server+kernels CPU s  clients CPU s")
        rows: dict[tuple[str, int], dict] = {}
        assets: list[str] = []
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            if "server" in args.modes and ("chromium" not in args.modes or 1 not in args.trainees):
                rows["chromium", 1] = await one_round("chromium", browser, url, server, 1, [])
                assets = rows["chromium", 1]["assets"]
                pooled_count(server, url, timeout=600, at_least=baseline)
            for n in args.trainees:
                for mode in args.modes:
                    rows[mode, n] = await one_round(mode, browser, url, server, n, assets)
                    assets = assets or rows[mode, n]["assets"]
                    began = time.monotonic()
                    count = pooled_count(server, url, timeout=600, at_least=baseline)
                    freed = ("back to the pools" if count == baseline
                             else f"{count - baseline} left")
                    print(f"      after closing: {count} kernels ({freed}) after "
                          f"{time.monotonic() - began:.0f} s", flush=True)
                    if count > baseline:
                        print(f"      of them, handed to a page and never shut down: "
                              f"{len(never_shut_down(server, log))}", flush=True)
            await browser.close()
        summary(rows, args)


def summary(rows: dict[tuple[str, int], dict], args) -> None:
    """Both modes side by side, with the goal; a round with a failure has no p95."""
    alone = rows.get(("chromium", 1), {}).get("p50", float("nan"))
    print(f"\nrender p95 (s), goal: N = {GOAL_N}, p95 <= {GOAL_P95:.0f} s, no failure; "
          f"one browser alone renders in {alone:.1f} s")
    print("  N  chromium (co-located)  server side  trainees' own computers (server + "
          "one browser alone)")
    capacity, missed = {}, set()
    for n in args.trainees:
        cells = []
        for mode in ("chromium", "server"):
            row = rows.get((mode, n))
            cells.append("—" if row is None else f"failures: {row['failures']}"
                         if row["failures"] else f"{row['p95']:.1f}")
        server = rows.get(("server", n))
        estimate = (server["p95"] + alone if server and not server["failures"]
                    else float("inf"))
        cells.append("—" if server is None else "failures" if estimate == float("inf")
                     else f"{estimate:.1f}")
        print(f"{n:>3}  {cells[0]:>21}  {cells[1]:>11}  {cells[2]:>10}")
        for name, p95 in (("chromium", rows.get(("chromium", n), {}).get("p95")),
                          ("own computers", estimate if server else None)):
            if p95 is None or name in missed:
                continue
            if p95 <= GOAL_P95:
                capacity[name] = n
            else:  # the capacity is the largest N up to which every N meets the goal
                missed.add(name)
    for name in ("chromium", "own computers"):
        print(f"largest N meeting the goal ({name}): {capacity.get(name, 'none')}")


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still stop the server
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, nargs="+", default=[1, 10, 20, 30, 40])
    parser.add_argument("--pool", type=int, default=DEFAULT_POOL,
                        help=f"preheated kernels per simulator chapter (default {DEFAULT_POOL})")
    parser.add_argument("--modes", nargs="+", choices=["chromium", "server"],
                        default=["chromium", "server"])
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
