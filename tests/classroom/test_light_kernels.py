"""A simulator chapter's kernel imports only what it uses: no pandas, pyarrow or matplotlib."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.serving import REPO

HEAVY = ("pandas", "pyarrow", "matplotlib")
PROBE = """
import json, sys
for source in json.load(sys.stdin):
    exec(compile(source, "<cell>", "exec"), {})
print(json.dumps(sorted(m for m in HEAVY if m in sys.modules)))
"""


def code_cells(notebook: str) -> list[str]:
    nb = json.loads((REPO / "notebooks" / notebook).read_text())
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", [
    "02-methode-a-avec-la-carte.ipynb", "03-methode-b-avec-vos-coordonnees.ipynb",
])
def test_simulator_chapter_loads_no_heavy_library(notebook, tmp_path):
    cells = code_cells(notebook)
    assert any("training_sink" in c for c in cells), "the chapter records training events"
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n" + PROBE], input=json.dumps(cells),
        capture_output=True, text=True, timeout=120,
        env={"ECPX_JOURNAL": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_journal_writer_is_stdlib_only():
    result = subprocess.run(
        [sys.executable, "-c", "import sys, ecpx.logs, ecpx.training.sink;"
         f"print([m for m in {HEAVY!r} if m in sys.modules])"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
