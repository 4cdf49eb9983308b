"""The chapter pages' front end (frontend/) is committed built, for the wheel and Binder, which
install no Node.js: built again here from its sources and its lock file, it must give the
committed files byte for byte (esbuild is deterministic), so that no one edits the bundle by
hand or forgets to build it."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FRONTEND = REPO / "frontend"
BUILT = REPO / "share" / "jupyter" / "voila" / "templates" / "ecpx" / "static"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    npm = shutil.which("npm")
    assert npm, "npm (Debian's npm package) is needed to build frontend/"
    work = tmp_path_factory.mktemp("frontend")
    for name in ("package.json", "package-lock.json", "build.js"):
        shutil.copy(FRONTEND / name, work / name)
    shutil.copytree(FRONTEND / "src", work / "src")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=work,
                   check=True, timeout=600)
    out = work / "out"
    subprocess.run(["node", "build.js", str(out)], cwd=work, check=True, timeout=300)
    return out


def test_the_committed_front_end_is_what_its_sources_build(rebuilt):
    built = sorted(p.name for p in rebuilt.iterdir())
    assert built == sorted(p.name for p in BUILT.iterdir())
    for name in built:
        assert (rebuilt / name).read_bytes() == (BUILT / name).read_bytes(), (
            f"{name}: run `npm ci && npm run build` in frontend/ and commit the result")


def test_the_bundle_speaks_the_installed_widgets_protocol():
    """The Python packages the course runs against are those whose JavaScript is bundled."""
    lock = json.loads((FRONTEND / "package-lock.json").read_text())["packages"]
    assert lock["node_modules/anywidget"]["version"] == version("anywidget")
    controls = lock["node_modules/@jupyter-widgets/controls"]["version"]
    assert controls.startswith("5.") and version("ipywidgets").startswith("8.")
