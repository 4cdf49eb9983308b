"""Every chapter ties its page to the learner first; the last chapter links the summary."""

from __future__ import annotations

import json
import re

import pytest
from ecpx.screens.learner import summary_link
from ecpx.server.progress import progress_handlers
from ecpx.texts.course import CHAPTERS

from tests.serving import REPO


def cells(name: str, kind: str) -> list[str]:
    notebook = json.loads((REPO / "notebooks" / name).read_text())
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == kind]


@pytest.mark.parametrize("name", [name for name, _, _ in CHAPTERS])
def test_the_first_code_cell_of_every_chapter_is_its_learner_widget(name):
    first = cells(name, "code")[0]
    assert first == f'from ecpx.screens.learner import learner\n\nlearner("{name[:2]}")'


def test_the_last_chapter_links_the_completion_summary_under_the_server_base_url(monkeypatch):
    assert cells(CHAPTERS[-1][0], "code")[-1].endswith("summary_link()")
    for base in ("/", "/user/ada-1b2c3d/"):  # `ecpx serve`, and Binder's prefix
        monkeypatch.setenv("VOILA_BASE_URL", base)
        href = re.search(r'href="([^"]*)"', summary_link().value)[1]
        assert href == f"{base}ecpx/bilan"
        assert any(re.fullmatch(route, href) for route, _ in progress_handlers(base))
