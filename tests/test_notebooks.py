"""The notebooks are tests too: each runs top to bottom on a fresh kernel, and is kept clean."""

import json
from pathlib import Path

import nbformat
import pytest
from ecpx.texts.course import CHAPTERS
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
ALL = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_the_chapter_map_names_every_notebook():
    assert [name for name, _, _ in CHAPTERS] == ALL


@pytest.mark.parametrize("name", ALL)
def test_committed_without_outputs(name):
    nb = json.loads((NOTEBOOKS / name).read_text())
    dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("name", ALL)
def test_is_valid_nbformat_with_unique_cell_ids(name):
    nb = json.loads((NOTEBOOKS / name).read_text())
    ids = [c["id"] for c in nb["cells"]]  # before validating, which renames a repeated id
    assert len(ids) == len(set(ids)), f"{name}: cell ids repeat"
    nbformat.validate(nb)  # raises on an invalid notebook


@pytest.mark.parametrize("name", ALL)
def test_starts_with_its_chapter_title(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    title = dict((n, t) for n, t, _ in CHAPTERS)[name]
    assert nb.cells[0].cell_type == "markdown"
    assert nb.cells[0].source.startswith(f"# {title}")


@pytest.mark.parametrize("name", ALL)
def test_executes_on_a_fresh_kernel(name, journal_dir):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    assert not errors, f"{name} printed errors or warnings: {errors}"
