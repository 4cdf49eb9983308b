"""Time to a chapter's first usable control on an emulated mid-range phone, beside the goal.

Starts `ecpx serve` (the course, as a user gets it), then opens chapter 02 in headless Chromium,
each time in a new browser context (a first visit: nothing cached), twice over:

- unthrottled (the machine's own CPU, the loopback network);
- as a mid-range phone on a « Slow 4G » network: Chromium's CPU throttling x4
  (`Emulation.setCPUThrottlingRate`) and `Network.emulateNetworkConditions` with 150 ms of
  latency, 1.6 Mbit/s down and 750 kbit/s up (the DevTools « Slow 4G » profile).

The time runs from the navigation's start to the moment the simulator's first button
(« PRO SANTECONNECT », on the computer) is visible and enabled, with Voilà's « loading » layer
gone: the learner can act. It prints the median of each, the bytes that crossed the network
(the HTTP responses: the kernel's websocket messages are not counted), and the goal: 5 s,
throttled. A third figure is the phone's after the chapter before (01) was opened in the same
browser, as a learner comes to chapter 02: Voilà's scripts are cached.

    .venv/bin/python benchmarks/bench_phone.py [--rounds 3] [--chapter 02-…ipynb] [--breakdown]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from ecpx.texts.method_a import COMPUTER
from playwright.sync_api import sync_playwright
from serving import CHROMIUM, CHROMIUM_ARGS, serving, wait_for_kernel_count

GOAL_S = 5.0
CHAPTER = "02-methode-a-avec-la-carte.ipynb"
BEFORE = "01-installer-l-application.ipynb"  # what a learner opens before chapter 02
SLOW_4G = {"offline": False, "latency": 150,
           "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4

# True once the first control can be used: visible, enabled, no loading layer over the page.
FIRST_CONTROL_READY = """(label) => {
    if (document.querySelector('#loading')) return false;
    const buttons = document.querySelectorAll('.ecpx-computer button');
    for (const button of buttons) {
        const box = button.getBoundingClientRect();
        if (button.textContent.trim() === label && !button.disabled
                && box.width > 0 && box.height > 0) {
            return performance.now();
        }
    }
    return false;
}"""


def first_control(browser, url: str, network: bool, cpu: bool,
                  before: str | None = None) -> tuple[float, int]:
    """Seconds from the navigation's start to the first usable control, and bytes received,
    with the phone's network and/or CPU (both: the phone); `before`: a page opened first, in
    the same browser (its scripts cached, as for a learner coming from the previous chapter)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=cpu)
    page = context.new_page()
    if before:
        page.goto(before, wait_until="networkidle", timeout=180_000)
    cdp = context.new_cdp_session(page)
    received = [0]
    cdp.send("Network.enable")
    cdp.on("Network.loadingFinished",
           lambda event: received.__setitem__(0, received[0] + event["encodedDataLength"]))
    if network:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    if cpu:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="commit", timeout=180_000)
    ready = page.wait_for_function(FIRST_CONTROL_READY, arg=COMPUTER["psc_button"],
                                   polling=50, timeout=180_000)
    seconds = ready.json_value() / 1000  # performance.now(): from the navigation's start
    context.close()
    return seconds, received[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--chapter", default=CHAPTER)
    parser.add_argument("--breakdown", action="store_true",
                        help="also the phone's network alone and its CPU alone")
    parser.add_argument("--before", default=BEFORE,
                        help="the chapter a learner opens first, for the cached figure")
    parser.add_argument("--pause", type=float, default=5.0,
                        help="seconds after each page, for Voilà to preheat its next kernel")
    args = parser.parse_args()

    env = {**os.environ, "ECPX_JOURNAL": tempfile.mkdtemp(prefix="ecpx-bench-phone-")}
    phone = f"phone: CPU x{CPU_SLOWDOWN}, Slow 4G (150 ms, 1.6 Mbit/s)"
    profiles = {"unthrottled": (False, False, False), phone: (True, True, False),
                "phone, after chapter " + args.before[:2] + " (scripts cached)": (True, True, True)}
    if args.breakdown:
        profiles |= {"  network alone (Slow 4G)": (True, False, False),
                     f"  CPU alone (x{CPU_SLOWDOWN})": (False, True, False)}
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in profiles}
    with serving(env=env) as course, sync_playwright() as p:
        wait_for_kernel_count(course.process, 1)  # the chapters' preheated kernels start
        time.sleep(args.pause)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        url = f"{course.url}/voila/render/{args.chapter}"
        first_control(browser, url, False, False)  # warms the server's caches, not counted
        time.sleep(args.pause)
        for _ in range(args.rounds):
            for name, (network, cpu, cached) in profiles.items():
                before = f"{course.url}/voila/render/{args.before}" if cached else None
                results[name].append(first_control(browser, url, network, cpu, before))
                time.sleep(args.pause)  # so the next page does not race this page's preheat
        browser.close()

    print(f"{args.chapter}: time to the first usable control (median of {args.rounds})")
    print(f"{'profile':44} {'seconds':>8} {'received':>10}  goal")
    for label, (network, cpu, _) in profiles.items():
        seconds = statistics.median(s for s, _ in results[label])
        megabytes = statistics.median(b for _, b in results[label]) / 1e6
        goal = (f"{'met' if seconds <= GOAL_S else 'MISSED'} (≤ {GOAL_S:.0f} s)"
                if network and cpu else "")
        print(f"{label:44} {seconds:8.2f} {megabytes:8.2f} MB  {goal}")


if __name__ == "__main__":
    main()
