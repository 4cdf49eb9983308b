"""`ecpx build-static OUT/`: the chapters that need no reader and no server data as a static
site (Voici: Voilà on JupyterLite, Python running in the learner's browser with Pyodide), which
any web host or CDN serves to any number of learners with no kernel per learner."""

from __future__ import annotations

import argparse
import base64
import copy
import csv
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ecpx import resources

# Chapter 06 reads the training journal on the server: it has no place on a static site.
CHAPTERS = (
    "00-accueil.ipynb",
    "01-installer-l-application.ipynb",
    "02-methode-a-avec-la-carte.ipynb",
    "03-methode-b-avec-vos-coordonnees.ipynb",
    "04-depannage-et-assistance.ipynb",
    "05-votre-carte-et-le-lecteur.ipynb",
)
# Pure-Python wheels the chapters need in Pyodide beside the course (qrcode draws its PNG with
# pypng when Pillow is absent). The rest of ecpx's dependencies must come with Pyodide itself.
BROWSER_WHEELS = ("qrcode", "pypng")
# A first, hidden cell (Voilà strips sources) that installs the course in the browser's Python.
INSTALL_CELL = "import piplite\nawait piplite.install([{names}], deps=False)"
MISSING_TOOLS = "error: build-static needs Voici: pip install 'ecpx[static]'"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("build-static", help="build the course as a static site (Voici)",
                              description=__doc__.split(":", 1)[1].strip())
    p.add_argument("out", type=Path, metavar="OUT", help="folder to write the site to")
    p.add_argument("--pyodide", type=Path, metavar="DIR",
                   help="a Pyodide distribution (folder) to ship inside the site; by default "
                        "the learner's browser loads Pyodide from its public CDN")
    p.set_defaults(func=build_static)


def build_static(args: argparse.Namespace) -> int:
    try:
        importlib.metadata.version("voici-core")
        importlib.metadata.version("jupyterlite-pyodide-kernel")
    except importlib.metadata.PackageNotFoundError:
        print(MISSING_TOOLS, file=sys.stderr)
        return 2
    if args.pyodide is not None and not (args.pyodide / "pyodide.js").is_file():
        print(f"error: {args.pyodide}: not a Pyodide distribution (no pyodide.js)",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="ecpx-static-") as tmp:
        lite = Path(tmp)
        wheels = [course_wheel(lite / "wheels"), *download_wheels(lite / "wheels")]
        names = ", ".join(repr(w.name.split("-")[0]) for w in wheels)
        stage_chapters(lite / "content", INSTALL_CELL.format(names=names))
        command = [sys.executable, "-m", "voici_core.app", "build", "--contents", "content",
                   f"--output-dir={args.out.resolve()}"]
        command += [f"--piplite-wheels={wheel}" for wheel in wheels]
        if args.pyodide is not None:  # JupyterLite's well-known place for a local Pyodide
            shutil.copytree(args.pyodide, lite / "static" / "pyodide")
        done = subprocess.run(command, cwd=lite, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout[-3000:] + done.stderr[-3000:], file=sys.stderr)
            print(f"error: the Voici build failed (exit {done.returncode})", file=sys.stderr)
            return 1
    print(f"Built {len(CHAPTERS)} chapters in {args.out}: serve that folder with any web server.")
    return 0


def stage_chapters(folder: Path, install_cell: str) -> None:
    """Copy the chapters, each with the install cell first."""
    folder.mkdir(parents=True)
    for name in CHAPTERS:
        notebook = json.loads((resources.notebooks_dir() / name).read_text(encoding="utf-8"))
        cell = copy.deepcopy(next(c for c in notebook["cells"] if c["cell_type"] == "code"))
        cell.update(source=install_cell, outputs=[], execution_count=None)
        cell.pop("id", None)
        notebook["cells"].insert(0, cell)
        (folder / name).write_text(json.dumps(notebook, ensure_ascii=False), encoding="utf-8")


def download_wheels(folder: Path) -> list[Path]:
    """The pure-Python wheels of BROWSER_WHEELS, from the package index."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary", ":all:", "--dest", str(folder), *BROWSER_WHEELS],
                   check=True)
    return [next(folder.glob(f"{name}-*.whl")) for name in BROWSER_WHEELS]


def course_wheel(folder: Path) -> Path:
    """A wheel of the installed package, without its dependencies' metadata: in the browser,
    piplite installs only what BROWSER_WHEELS and Pyodide provide."""
    version = importlib.metadata.version("ecpx")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"ecpx-{version}-py3-none-any.whl"
    info = f"ecpx-{version}.dist-info"
    root = resources.settings_dir()
    records = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        def add(name: str, data: bytes) -> None:
            wheel.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append((name, f"sha256={digest.decode()}", str(len(data))))

        for folder_name, folders, names in os.walk(root, followlinks=True):  # a clone's links
            folders[:] = sorted(f for f in folders if f != "__pycache__")  # walked in order
            for name in sorted(names):
                file = Path(folder_name, name)
                add(f"ecpx/{file.relative_to(root).as_posix()}", file.read_bytes())
        add(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: ecpx\nVersion: {version}\n"
            .encode())
        add(f"{info}/WHEEL", b"Wheel-Version: 1.0\nGenerator: ecpx\nRoot-Is-Purelib: true\n"
            b"Tag: py3-none-any\n")
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([*records, (f"{info}/RECORD", "", "")])
        wheel.writestr(f"{info}/RECORD", out.getvalue())
    return path
