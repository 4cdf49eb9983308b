"""docs/architecture.md names every package of the library, and only packages that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "architecture.md"


def test_the_architecture_page_matches_the_tree():
    named = set(re.findall(r"`(ecpx(?:\.\w+)?)`", PAGE.read_text()))
    packages = {f"ecpx.{p.parent.name}" for p in (ROOT / "lib" / "ecpx").glob("*/__init__.py")}
    modules = {f"ecpx.{p.stem}" for p in (ROOT / "lib" / "ecpx").glob("*.py")} - {"ecpx.__init__"}
    assert packages <= named, f"not described: {sorted(packages - named)}"
    unknown = named - {"ecpx"} - packages - modules
    assert not unknown, f"no such package: {sorted(unknown)}"


def test_every_floor_of_the_page_is_an_import_contract():
    contracts = (ROOT / "pyproject.toml").read_text()
    for package in ("ecpx.server", "ecpx.screens", "ecpx.texts", "ecpx.logs", "ecpx.training",
                    "ecpx.activation", "ecpx.card"):
        assert f'"{package}' in contracts, package
