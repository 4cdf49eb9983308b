"""A real course server for the class view, over its own journal folder, and a way to write
records in it exactly as the kernels do (RECORDS.md: one JSON line per record, appended to a
`training-<host>-<pid>-<token>.jsonl` file per kernel)."""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime

import pytest

from tests.serving import serving


class Kernel:
    """One kernel process's journal file."""

    def __init__(self, folder, learner: str) -> None:
        self.learner = learner
        self.path = folder / f"training-testhost-{os.getpid()}-{secrets.token_hex(4)}.jsonl"

    def write(self, **record) -> None:
        stamp = record.pop("at", None) or datetime.now(UTC)
        row = {"timestamp": stamp.isoformat(), "source": "training",
               "learner": self.learner, **record}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (json.dumps(row, ensure_ascii=False) + "\n").encode())
        finally:
            os.close(fd)

    def step(self, step: str, outcome: str = "ok", error: str = "", method: str = "A",
             **more) -> None:
        self.write(kind="activation", chapter={"A": "02", "B": "03"}[method],
                   case_id=f"case-{self.learner}", method=method, step=step, outcome=outcome,
                   error=error, scenario="", **more)


@pytest.fixture(scope="session")
def class_journal(tmp_path_factory):
    """The class view server's journal folder, not created yet (no kernel has written)."""
    return tmp_path_factory.mktemp("classview") / "journal"


@pytest.fixture(scope="session")
def class_url(tmp_path_factory, class_journal) -> str:
    """`ecpx serve` on a free port, reading `class_journal`."""
    with serving(env={**os.environ, "ECPX_JOURNAL": str(class_journal)},
                 log=tmp_path_factory.mktemp("classview-server") / "voila.log") as server:
        yield server.url
