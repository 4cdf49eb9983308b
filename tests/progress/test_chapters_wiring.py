"""Every chapter ties its page to the learner first; the last chapter links the summary."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest
from ecpx.activation.catalogue.course import CHAPTERS
from ecpx.server.progress import progress_handlers

from tests.conftest import REPO


def cells(name: str, kind: str) -> list[str]:
    notebook = json.loads((REPO / "notebooks" / name).read_text())
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]


@pytest.mark.parametrize("name", [name for name, _, _ in CHAPTERS])
def test_the_first_code_cell_of_every_chapter_is_its_learner_widget(name):
    first = cells(name, "code")[0]
    assert first == f'from ecpx.screens.learner import learner\n\nlearner("{name[:2]}")'


def test_the_last_chapter_links_the_completion_summary():
    name = CHAPTERS[-1][0]
    links = re.findall(r"\]\(([^)]*bilan)\)", "\n".join(cells(name, "markdown")))
    assert len(links) == 1
    page = f"http://127.0.0.1:8000/voila/render/{name}"
    assert urljoin(page, links[0]) == "http://127.0.0.1:8000/ecpx/bilan"
    assert any(re.fullmatch(route, "/ecpx/bilan") for route, _ in progress_handlers("/"))
