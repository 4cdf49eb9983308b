"""Time from navigation to Voilà's finished render, for each chapter and for a bare notebook.

Starts `ecpx serve` (the course, as a user gets it) and a second Voilà with the same settings over
a folder holding one bare notebook (one button), then loads each page a few times in headless
Chromium and prints the median times and their ratio to the bare notebook. Goal: every chapter
within 1.5x of the bare notebook.

    .venv/bin/python benchmarks/bench_render.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
from ecpx.serve import REPO, voila_command
from ecpx.texts.course import CHAPTERS
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def start(command: list[str], port: int, env: dict) -> subprocess.Popen:
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"Voilà did not start on port {port}")


def render_time(page, url: str) -> float:
    start_time = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=180_000)
    page.wait_for_selector("#loading", state="detached", timeout=180_000)
    return time.perf_counter() - start_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pause", type=float, default=4.0,
                        help="seconds after each page, for Voilà to preheat its next kernel")
    args = parser.parse_args()

    bare_dir = Path(tempfile.mkdtemp(prefix="ecpx-bench-"))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import ipywidgets as w\nw.Button(description='Cliquer')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, bare_dir / "bare.ipynb")

    env = {**os.environ, "ECPX_JOURNAL": str(bare_dir / "journal"),
           "JUPYTER_PATH": str(REPO / "share" / "jupyter")}
    course = start([sys.executable, "-m", "ecpx.cli", "serve", "--port=8871"], 8871, env)
    bare = start([*voila_command(8872), f"--Voila.root_dir={bare_dir}"], 8872, env)
    pages = {"bare.ipynb": "http://127.0.0.1:8872/voila/render/bare.ipynb"}
    pages |= {name: f"http://127.0.0.1:8871/voila/render/{name}" for name, _, _ in CHAPTERS
              if (REPO / "notebooks" / name).exists()}
    times: dict[str, list[float]] = {name: [] for name in pages}
    try:
        time.sleep(args.pause * 2)  # let every preheated kernel finish its first render
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for _ in range(args.rounds):
                for name, url in pages.items():
                    page = browser.new_page()
                    times[name].append(render_time(page, url))
                    page.close()
                    time.sleep(args.pause)  # so the next page does not race this preheat
            browser.close()
    finally:
        course.terminate()
        bare.terminate()

    base = statistics.median(times["bare.ipynb"])
    print(f"{'page':45} {'median s':>9} {'ratio':>6}")
    for name, values in times.items():
        median = statistics.median(values)
        flag = "" if median <= 1.5 * base else "  > 1.5x"
        print(f"{name:45} {median:9.2f} {median / base:6.2f}{flag}")


if __name__ == "__main__":
    main()
