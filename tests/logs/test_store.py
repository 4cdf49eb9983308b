"""The shared training journal: many concurrent writers, a reader, and graceful degradation."""

from __future__ import annotations

import logging
import multiprocessing
from datetime import UTC, datetime, timedelta

from ecpx.activation.events import COLUMNS, Event
from ecpx.logs.store import ENV_VAR, journal_folder, read_training_events, training_sink

START = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)


def _event(case: str, second: int, step: str = "app_opened") -> Event:
    return Event(case, START + timedelta(seconds=second), "A", step, platform="ios",
                 os_version="17", source="field")


def _write_many(folder: str, writer: int, count: int) -> None:
    sink = training_sink(folder)
    for i in range(count):
        sink(_event(f"w{writer}-c{i}", i))


def test_folder_comes_from_the_environment(tmp_path):
    assert journal_folder({ENV_VAR: str(tmp_path)}) == tmp_path
    assert journal_folder({"XDG_DATA_HOME": "/x"}).as_posix() == "/x/ecpx/journal"


def test_events_round_trip_as_training_events(tmp_path):
    sink = training_sink(tmp_path)
    sink(_event("c1", 0))
    sink(_event("c1", 5, "cgu_accepted"))
    frame = read_training_events(tmp_path)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["step"].tolist() == ["app_opened", "cgu_accepted"]
    assert set(frame["source"]) == {"training"}  # whatever the flow said
    assert frame["timestamp"].iloc[1] == START + timedelta(seconds=5)
    assert str(frame["timestamp"].dt.tz) == "UTC"


def test_many_concurrent_processes_lose_no_event(tmp_path):
    writers, count = 6, 400
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_write_many, args=(str(tmp_path), w, count))
                 for w in range(writers)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(60)
        assert p.exitcode == 0
    frame = read_training_events(tmp_path)
    assert len(frame) == writers * count
    assert frame["case_id"].nunique() == writers * count


def test_a_line_being_written_is_skipped_with_a_warning(tmp_path, caplog):
    training_sink(tmp_path)(_event("c1", 0))
    (tmp_path / "training-host-1-abcd.jsonl").write_text('{"case_id": "c2", "times')
    with caplog.at_level(logging.WARNING):
        frame = read_training_events(tmp_path)
    assert frame["case_id"].tolist() == ["c1"]
    assert "training-host-1-abcd.jsonl:1: cut mid-write (no end of line)" in caplog.text


def test_an_unwritable_store_never_raises(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    sink = training_sink(blocker / "journal")
    with caplog.at_level(logging.WARNING):
        sink(_event("c1", 0))
        sink(_event("c1", 1))
    assert caplog.text.count("Training journal disabled") == 1


def test_a_missing_store_reads_as_empty(tmp_path):
    frame = read_training_events(tmp_path / "nothing-yet")
    assert frame.empty and list(frame.columns) == list(COLUMNS)


def test_damaged_training_lines_are_reported_with_file_and_line(tmp_path):
    from ecpx.logs.store import read_training_events
    good = ('{"case_id": "t1", "timestamp": "2024-03-04T09:00:00+00:00", "method": "A", '
            '"step": "app_opened", "outcome": "ok", "error": "", "platform": "android", '
            '"os_version": "14", "card_type": "CPS", "source": "training"}')
    lines = [good] * 100 + [good.replace('"2024-03-04T09:00:00+00:00"', '"garbage"'),
                            good.replace('"2024-03-04T09:00:00+00:00"', "12"), "{cut"]
    (tmp_path / "training-h-1-ab.jsonl").write_text("\n".join(lines) + "\n")
    frame = read_training_events(tmp_path)
    assert len(frame) == 100
    assert [(f, n) for f, n, _ in frame.attrs["damaged"]] == [
        ("training-h-1-ab.jsonl", 101), ("training-h-1-ab.jsonl", 102),
        ("training-h-1-ab.jsonl", 103)]
