"""`ecpx build-static OUT/`: the build step (Voici on JupyterLite with the Pyodide kernel).

No browser test: the Pyodide packages the kernel and the chapters load (micropip, packaging,
numpy, pandas, Pillow, cryptography, built for Pyodide) are published only with Pyodide's own
release, which cannot be fetched here; see the README's « A static site »."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.serving import REPO

pytestmark = pytest.mark.slow  # builds the static site (JupyterLite)
STATIC_CHAPTERS = [f"{p.stem}" for p in sorted((REPO / "notebooks").glob("0[0-5]-*.ipynb"))]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "out"
    done = subprocess.run([sys.executable, "-m", "ecpx.cli", "build-static", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == f"Built 6 chapters in {out}: serve that folder with any web server.\n"
    return out


def test_every_static_chapter_is_built(site):
    assert len(STATIC_CHAPTERS) == 6
    for name in STATIC_CHAPTERS:
        page = (site / "voici" / "render" / f"{name}.html").read_text()
        assert "<html" in page
    assert not (site / "voici" / "render" / "06-analyse-des-journaux.html").exists()


def test_the_course_is_installed_in_the_browser_python(site):
    wheels = {w["filename"].split("-")[0] for w in
              json.loads((site / "pypi" / "all.json").read_text()).values()
              for w in w["releases"][next(iter(w["releases"]))]}
    assert {"ecpx", "qrcode", "pypng"} <= wheels
    notebook = json.loads((site / "files" / "00-accueil.ipynb").read_text())
    first = "".join(notebook["cells"][0]["source"])
    assert first == "import piplite\nawait piplite.install(['ecpx', 'qrcode', 'pypng'], deps=False)"


def test_a_folder_that_is_not_pyodide_is_refused(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ecpx.cli", "build-static", str(tmp_path / "o"),
                           "--pyodide", str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == f"error: {tmp_path}: not a Pyodide distribution (no pyodide.js)\n"
