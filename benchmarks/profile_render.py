"""Where a chapter 02 render's time goes, for N trainees arriving together.

Starts `ecpx serve --classroom=127.0.0.1` (preheated pool) like `bench_classroom.py`; for each N,
N headless Chromium contexts open chapter 02 at the same moment. Each page records, in its own
clock (ms from the navigation's start):

- html: the page's first byte and last byte (Voilà sends the pre-rendered notebook);
- js: the last script loaded (Voilà's and the widget manager's bundles: every trainee's browser
  has a cold cache) and their bytes;
- ws: the kernel's websocket opened, and the widget state received (the largest message: the
  reply to the widget manager's `request_states`), with its size;
- shown: the simulator's first button on screen;
- the page's main-thread work from Chromium's Performance metrics (script, layout, style).

Then the CPU seconds used during the round by the server process, by the kernels, and by the
browsers (all Chromium processes of this benchmark), and during the pools' refill afterwards.

    .venv/bin/python benchmarks/profile_render.py [--trainees 1 10] [--pool 12]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil
from bench_classroom import CHAPTER, CODE, TIMEOUT_MS, pooled_count
from playwright.async_api import async_playwright
from serving import CHROMIUM, CHROMIUM_ARGS, cpu_of, kernels, serving

# Records the kernel websocket's messages and the moment the simulator shows, in page time.
PROBE = r"""
(() => {
  const probe = window.__probe = { ws: [], shown: null };
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    const entry = { url: String(args[0]), created: performance.now(), open: null, messages: [] };
    probe.ws.push(entry);
    socket.addEventListener("open", () => { entry.open = performance.now(); });
    socket.addEventListener("message", (event) => {
      const d = event.data;
      const size = typeof d === "string" ? d.length : (d.byteLength ?? d.size ?? 0);
      entry.messages.push([performance.now(), size]);
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  const watch = setInterval(() => {
    if (document.querySelector(".ecpx-computer button")) {
      probe.shown = performance.now();
      clearInterval(watch);
    }
  }, 20);
})();
"""

COLLECT = r"""() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const scripts = performance.getEntriesByType("resource").filter(r => r.name.endsWith(".js"));
  const kernel = window.__probe.ws.find(w => w.url.includes("/channels")) || {messages: []};
  const biggest = kernel.messages.reduce((a, m) => (m[1] > a[1] ? m : a), [null, 0]);
  return {
    html_first: nav.responseStart, html_last: nav.responseEnd, html_bytes: nav.transferSize,
    js_last: Math.max(0, ...scripts.map(r => r.responseEnd)),
    js_bytes: scripts.reduce((s, r) => s + r.transferSize, 0),
    ws_created: kernel.created, ws_open: kernel.open,
    state_at: biggest[0], state_bytes: biggest[1],
    ws_bytes: kernel.messages.reduce((s, m) => s + m[1], 0), ws_messages: kernel.messages.length,
    shown: window.__probe.shown,
    models: document.querySelectorAll(".jupyter-widgets").length,
  };
}"""

FALLBACK_MESSAGES = 100
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration")


def browsers(kind: str) -> list[psutil.Process]:
    """This benchmark's Chromium processes: renderers (one per page), or all the others."""
    found = []
    for p in psutil.Process(os.getpid()).children(recursive=True):
        try:
            if "chrom" in p.name() and ("--type=renderer" in p.cmdline()) == (kind == "pages"):
                found.append(p)
        except psutil.Error:
            pass
    return found


def cpu_split(server) -> dict[str, float]:
    root = psutil.Process(server.pid)
    return {"server": cpu_of([root]), "kernels": cpu_of(kernels(server).values()),
            "browser pages": cpu_of(browsers("pages")),
            "browser others": cpu_of(browsers("others"))}


async def metrics(cdp) -> dict[str, float]:
    got = await cdp.send("Performance.getMetrics")
    return {m["name"]: m["value"] for m in got["metrics"] if m["name"] in METRICS}


async def trainee(browser, url: str, start: asyncio.Event, result: dict) -> None:
    context = await browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    result.update(page=page, context=context)
    try:
        await page.goto(f"{url}/?token={CODE}", timeout=TIMEOUT_MS)
        await page.add_init_script(PROBE)
        cdp = await context.new_cdp_session(page)
        await cdp.send("Performance.enable")
        await start.wait()
        before = await metrics(cdp)
        began = time.perf_counter()
        await page.goto(f"{url}/voila/render/{CHAPTER}", timeout=TIMEOUT_MS)
        await page.locator(".ecpx-computer button").first.wait_for(timeout=TIMEOUT_MS)
        result["render"] = time.perf_counter() - began
        after = await metrics(cdp)
        result["phases"] = await page.evaluate(COLLECT)
        result["main_thread"] = {k: after[k] - before.get(k, 0) for k in after}
    except Exception as error:
        result["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"


def median(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def report(n: int, results: list[dict], cpu: dict[str, float]) -> None:
    done = [r for r in results if "phases" in r]
    failures = [r["error"] for r in results if "error" in r]
    print(f"\nN = {n}: {len(done)} rendered, {len(failures)} failures")
    for error in sorted(set(failures)):
        print(f"  failure: {error}")
    if not done:
        return
    ph = [r["phases"] for r in done]
    row = {
        "render (wall, s)": median(r["render"] for r in done),
        "html first byte (s)": median(p["html_first"] for p in ph) / 1000,
        "html last byte (s)": median(p["html_last"] for p in ph) / 1000,
        "scripts loaded (s)": median(p["js_last"] for p in ph) / 1000,
        "kernel websocket open (s)": median(p["ws_open"] for p in ph) / 1000,
        "widget state received (s)": median(p["state_at"] for p in ph) / 1000,
        "simulator shown (s)": median(p["shown"] for p in ph) / 1000,
    }
    for name, value in row.items():
        print(f"  {name:<32} median {value:7.2f}")
    print(f"  page: html {median(p['html_bytes'] for p in ph) / 1024:.0f} KB, scripts "
          f"{median(p['js_bytes'] for p in ph) / 2**20:.1f} MB, widget state "
          f"{median(p['state_bytes'] for p in ph) / 1024:.0f} KB, websocket "
          f"{median(p['ws_bytes'] for p in ph) / 1024:.0f} KB in "
          f"{median(p['ws_messages'] for p in ph):.0f} messages, "
          f"{median(p['models'] for p in ph):.0f} widget views")
    # ipywidgets' manager asks for every widget's state in one message and, when the reply takes
    # over 4 s, silently starts again with one request per widget (hundreds of messages).
    fell_back = sum(p["ws_messages"] > FALLBACK_MESSAGES for p in ph)
    print(f"  pages whose widget state took over 4 s (then one request per widget): {fell_back}")
    main = {k: median(r["main_thread"].get(k) for r in done) for k in METRICS}
    print("  browser main thread per page (median s): "
          + ", ".join(f"{k.removesuffix('Duration').lower()} {v:.2f}" for k, v in main.items()))
    print("  CPU s during the round: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()))


async def run(args) -> None:
    log = Path(tempfile.mkdtemp(prefix="ecpx-profile-")) / "server.log"
    with serving("--classroom=127.0.0.1", f"--class-code={CODE}",
                 f"--pool={args.pool}", "--max-kernels=400", log=log) as (url, server, _):
        baseline = pooled_count(server, url, timeout=900)
        print(f"pool {args.pool}: {baseline} kernels preheated; server log: {log}")
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for n in args.trainees:
                start = asyncio.Event()
                results = [{} for _ in range(n)]
                tasks = [asyncio.create_task(trainee(browser, url, start, r)) for r in results]
                while sum("page" in r for r in results) < n:
                    await asyncio.sleep(0.2)
                await asyncio.sleep(2)
                before = cpu_split(server)
                start.set()
                await asyncio.gather(*tasks)
                after = cpu_split(server)
                report(n, results, {k: after[k] - before[k] for k in after})
                for r in results:
                    await r["page"].close(run_before_unload=True)
                    await r["context"].close()
                began, old = time.monotonic(), set(kernels(server))
                server_before = cpu_of([psutil.Process(server.pid)])
                pooled_count(server, url, timeout=600, at_least=baseline)
                new = [k for kid, k in kernels(server).items() if kid not in old]
                print(f"  refill: {len(new)} new kernels, {time.monotonic() - began:.0f} s to "
                      f"full pools; CPU s: server "
                      f"{cpu_of([psutil.Process(server.pid)]) - server_before:.1f}, new kernels "
                      f"{cpu_of(new):.1f} ({cpu_of(new) / max(1, len(new)):.2f} each)")
            await browser.close()


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--pool", type=int, default=12)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
