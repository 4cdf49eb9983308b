"""Screenshots of every page of the course, 1280 px and 390 px wide, into docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--out DIR] [--widths 1280,390] [--only NAME…]

Starts `ecpx serve --classroom 127.0.0.1` (a class code, one preheated kernel) with a journal
of its own in a temporary folder, the way the tests do (tests/serving.py), and stops it with
its kernels at the end. Pages: the class code page, the home page, each chapter, the summary,
the class view, the accessibility statement, a missing page (404), a refused file (403) and
the page after « Se déconnecter ». Needs Chromium (/usr/bin/chromium), Playwright and Pillow
(the test extras).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ecpx.texts.course import CHAPTERS  # noqa: E402
from PIL import Image  # noqa: E402

from tests.serving import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402

CODE = "SCR33N"
HEIGHT = 900
# name → (path, what to wait for: a selector)
PAGES = {
    "accueil": ("/", "main h1"),
    **{name.removesuffix(".ipynb"): (f"/voila/render/{name}", "chapter")
       for name, _, _ in CHAPTERS},
    "bilan": ("/ecpx/bilan", "main h1"),
    "classe": ("/ecpx/classe", "main h1"),
    "accessibilite": ("/ecpx/accessibilite", "main h1"),
    "erreur-404": ("/page-absente", "main h1"),
    "erreur-403": ("/voila/files/absent.txt", "main h1"),
}


def shoot(page, url: str, wait: str, path: Path) -> None:
    page.goto(url, timeout=180_000)
    if wait == "chapter":  # the page shows once every cell is rendered and its widgets drawn
        page.locator("#loading").wait_for(state="detached", timeout=180_000)
        page.wait_for_load_state("networkidle", timeout=180_000)
    else:
        page.locator(wait).first.wait_for()
    # 64 colours are plenty for a page of text and flat colours: the folder is a third the size.
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True))).convert("RGB")
    shot.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--widths", default="1280,390")
    parser.add_argument("--only", nargs="*", help="page names (default: all)")
    args = parser.parse_args(argv)
    widths = [int(w) for w in args.widths.split(",")]
    pages = {k: v for k, v in PAGES.items() if not args.only or k in args.only}
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ecpx-screenshots-") as journal:
        env = {**os.environ, "ECPX_JOURNAL": journal}
        options = ["--classroom", "127.0.0.1", "--class-code", CODE, "--pool", "1"]
        with serving(*options, env=env, ready="/login") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width in widths:
                context = browser.new_context(locale="fr-FR",
                                              viewport={"width": width, "height": HEIGHT})
                page = context.new_page()
                if not args.only or "code-de-classe" in args.only:
                    shoot(page, server.url + "/login", "main h1",
                          args.out / f"code-de-classe-{width}.png")
                page.goto(f"{server.url}/?token={CODE}")  # logged in for the other pages
                for name, (path, wait) in pages.items():
                    shoot(page, server.url + path, wait, args.out / f"{name}-{width}.png")
                if not args.only or "deconnexion" in args.only:
                    shoot(page, server.url + "/logout", "main h1",
                          args.out / f"deconnexion-{width}.png")
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
