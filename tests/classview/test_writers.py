"""Thirty kernel processes write to the class journal at once through the real writer
(`ecpx.training.sink.TrainingSink`) while the trainer's page polls the real server: no event is
lost, none is read torn, and every refresh answers."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from ecpx.activation.events import Event
from ecpx.training.sink import TrainingSink

from tests.classroom.conftest import Session
from tests.classview.test_api import get_json

pytestmark = pytest.mark.slow  # thirty processes write at once
WRITERS, EACH = 30, 200


def write_events(folder: str, writer: int, start: multiprocessing.Event) -> None:
    sink = TrainingSink(Path(folder))
    start.wait()
    for number in range(EACH):
        sink(Event(f"writer-{writer}", datetime.now(UTC), "A", "app_opened",
                   platform="android", os_version=str(number)))
    sink.close()


def test_thirty_writers_at_once_lose_no_event(class_url, class_journal):
    trainer = Session(class_url)
    _, before = get_json(trainer, "/ecpx/api/classe?session=today")
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    writers = [context.Process(target=write_events, args=(str(class_journal), n, start))
               for n in range(WRITERS)]
    for process in writers:
        process.start()
    start.set()
    answers = 0
    while any(process.is_alive() for process in writers):
        status, data = get_json(trainer, "/ecpx/api/classe?session=today")
        assert status == 200 and data["damaged"]["count"] == before["damaged"]["count"]
        answers += 1
    for process in writers:
        process.join(timeout=60)
        assert process.exitcode == 0
    _, after = get_json(trainer, "/ecpx/api/classe?session=today")
    assert after["events"] - before["events"] == WRITERS * EACH
    assert after["unknown_key_events"] - before["unknown_key_events"] == WRITERS * EACH
    assert after["damaged"]["count"] == before["damaged"]["count"]
    assert answers >= 1
