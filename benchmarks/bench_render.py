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
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import nbformat
from ecpx import resources
from ecpx.serve import voila_command
from ecpx.texts.course import CHAPTERS
from playwright.sync_api import sync_playwright
from serving import CHROMIUM, CHROMIUM_ARGS, free_port, serving, started, wait_for_kernel_count


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

    env = {**os.environ, "ECPX_JOURNAL": str(bare_dir / "journal")}
    chapters = [name for name, _, _ in CHAPTERS if (resources.notebooks_dir() / name).exists()]
    times: dict[str, list[float]] = {name: [] for name in ["bare.ipynb", *chapters]}
    with ExitStack() as servers:
        course = servers.enter_context(serving(env=env))
        # The bare notebook's Voilà: the course server's settings (voila.json, read from its
        # folder, and the template), as `ecpx serve` starts it, over the bare notebook's folder.
        port = free_port()
        bare_url = f"http://127.0.0.1:{port}"
        bare = servers.enter_context(started(
            [*voila_command(port), f"--Voila.root_dir={bare_dir}"], bare_url + "/",
            cwd=resources.settings_dir(),
            env={**env, "JUPYTER_PATH": str(resources.jupyter_data_dir())}))
        pages = {"bare.ipynb": f"{bare_url}/voila/render/bare.ipynb"}
        pages |= {name: f"{course.url}/voila/render/{name}" for name in chapters}
        # Every page's preheated kernel (voila.json: a pool of 1 per notebook) has started.
        wait_for_kernel_count(course.process, len(chapters))
        wait_for_kernel_count(bare, 1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.rounds):
                for name, url in pages.items():
                    page = browser.new_page()
                    times[name].append(render_time(page, url))
                    page.close()
                    time.sleep(args.pause)  # so the next page does not race this preheat
            browser.close()

    base = statistics.median(times["bare.ipynb"])
    print(f"{'page':45} {'median s':>9} {'ratio':>6}")
    for name, values in times.items():
        median = statistics.median(values)
        flag = "" if median <= 1.5 * base else "  > 1.5x"
        print(f"{name:45} {median:9.2f} {median / base:6.2f}{flag}")


if __name__ == "__main__":
    main()
