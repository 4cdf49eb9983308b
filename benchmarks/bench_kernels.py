"""Each chapter's kernel memory (RSS) after its page has rendered. Goal: chapter 02 <= 90 MB.

Starts `ecpx serve` on a free local port, renders every chapter once (a plain GET: Voilà runs the
whole notebook in the kernel before it answers), then reads the RSS of the kernel that served it.

    .venv/bin/python benchmarks/bench_kernels.py
"""

from __future__ import annotations

import re
import time
import urllib.request

from ecpx import resources
from serving import kernels, rss_mb, serving, wait_for_kernel_count

GOAL_MB = {"02": 90.0}


def main() -> None:
    chapters = sorted(p.name for p in resources.notebooks_dir().glob("*.ipynb"))
    with serving() as (url, server, _):
        wait_for_kernel_count(server, len(chapters))  # one preheated kernel per chapter
        print(f"{'chapter':44} {'kernel RSS (MB)':>16}  goal")
        for chapter in chapters:
            with urllib.request.urlopen(f"{url}/voila/render/{chapter}", timeout=600) as page:
                html = page.read().decode()
            kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', html)[1]
            time.sleep(2)  # let the kernel settle after the last cell
            rss = rss_mb(kernels(server)[kernel_id])
            goal = GOAL_MB.get(chapter[:2])
            verdict = "" if goal is None else (
                f"<= {goal:.0f} MB {'ok' if rss <= goal else 'MISSED'}")
            print(f"{chapter:44} {rss:16.1f}  {verdict}")


if __name__ == "__main__":
    main()
