"""The incremental reader of the training journal: only new lines, partial lines wait, damaged
lines are reported with their file and line and never stop the others."""

import json
from datetime import UTC, datetime

from ecpx.training.follow import LEARNER_KEY, JournalFollower

STAMP = "2026-11-30T08:00:00+00:00"


def line(**fields) -> str:
    return json.dumps({"timestamp": STAMP, "source": "training", **fields}) + "\n"


def test_each_poll_returns_only_the_new_records(tmp_path):
    journal = tmp_path / "training-host-1-aaaa.jsonl"
    journal.write_text(line(kind="chapter", step="opened", chapter="01"))
    follower = JournalFollower(tmp_path)
    first = follower.poll()
    assert [r["step"] for r in first] == ["opened"]
    assert first[0]["timestamp"] == datetime(2026, 11, 30, 8, tzinfo=UTC)
    assert follower.poll() == []
    with journal.open("a") as file:
        file.write(line(kind="quiz", question="01-q1", outcome="ok", tries=1))
    assert [r["kind"] for r in follower.poll()] == ["quiz"]


def test_a_line_being_written_waits_for_its_newline(tmp_path):
    journal = tmp_path / "training-host-1-aaaa.jsonl"
    whole = line(kind="chapter", step="opened")
    journal.write_text(whole[:20])
    follower = JournalFollower(tmp_path)
    assert follower.poll() == [] and follower.damaged_count == 0
    journal.write_text(whole)
    assert len(follower.poll()) == 1 and follower.damaged_count == 0


def test_records_without_kind_are_activation_events(tmp_path):
    (tmp_path / "training-host-1-aaaa.jsonl").write_text(line(case_id="c1", step="x"))
    assert follower_kinds(tmp_path) == ["activation"]


def test_damaged_lines_are_skipped_and_reported_with_file_and_line(tmp_path):
    name = "training-host-1-aaaa.jsonl"
    (tmp_path / name).write_text(
        line(kind="chapter") + "{broken\n" + "[1, 2]\n" + line(kind="sorcery")
        + json.dumps({"kind": "quiz", "timestamp": "yesterday"}) + "\n"
        + json.dumps({"kind": "quiz", "timestamp": "2026-11-30T08:00:00"}) + "\n"
        + b"\xff\xfe".decode("latin-1") + "\n" + line(kind="quiz"))
    follower = JournalFollower(tmp_path)
    assert [r["kind"] for r in follower.poll()] == ["chapter", "quiz"]
    assert [(f, n) for f, n, _ in follower.damaged] == [(name, n) for n in (2, 3, 4, 5, 6, 7)]
    assert follower.damaged_count == 6
    assert "unknown kind" in follower.damaged[2][2]


def test_other_files_and_a_missing_folder_are_ignored(tmp_path):
    (tmp_path / "sessions.jsonl").write_text(line(session="s1"))
    assert JournalFollower(tmp_path).poll() == []
    assert JournalFollower(tmp_path / "absent").poll() == []


def test_learner_key_pattern():
    assert LEARNER_KEY.match("7KQ4-M2XD-9PFA-3HNC")
    for bad in ("7KQ4-M2XD-9PFA-3HN", "7kq4-m2xd-9pfa-3hnc", "ILOU-M2XD-9PFA-3HNC", ""):
        assert not LEARNER_KEY.match(bad)


def follower_kinds(folder):
    return [r["kind"] for r in JournalFollower(folder).poll()]


def test_a_last_line_cut_mid_write_is_reported_then_read_if_completed(tmp_path):
    journal = tmp_path / "training-host-1-aaaa.jsonl"
    whole = line(kind="chapter", step="opened")
    journal.write_text(line(kind="chapter", step="opened") + whole[:25])
    follower = JournalFollower(tmp_path)
    assert len(follower.poll()) == 1 and follower.damaged_count == 0  # maybe being written
    assert follower.poll() == [] and follower.damaged_count == 1  # still cut: reported
    assert follower.damaged == [(journal.name, 2, follower.damaged[0][2])]
    assert "cut mid-write" in follower.damaged[0][2]
    journal.write_text(line(kind="chapter", step="opened") + whole)  # the writer came back
    assert len(follower.poll()) == 1 and follower.damaged_count == 0


def test_records_of_the_wrong_shape_are_damaged_lines(tmp_path):
    name = "training-host-1-aaaa.jsonl"
    (tmp_path / name).write_text(line(kind="chapter", learner=["x"]) + line(kind=5)
                                 + line(kind="quiz", tries=True) + line(kind="chapter",
                                                                       learner=None))
    follower = JournalFollower(tmp_path)
    records = follower.poll()
    assert [r["learner"] for r in records] == [""]
    assert [(n, why.split(":")[0]) for _, n, why in follower.damaged] == [
        (1, "wrong shape"), (2, "wrong shape"), (3, "wrong shape")]


def test_the_class_view_shows_wrong_shapes_and_cut_lines(tmp_path):
    from ecpx.training.classview import ClassView

    journal = tmp_path / "training-host-1-aaaa.jsonl"
    journal.write_text(line(kind="chapter", step="opened", learner=[1]) + '{"kind": "ch')
    view = ClassView(tmp_path)
    view.refresh()
    described = view.refresh()["damaged"]
    assert described == {"count": 2, "first": {"file": journal.name, "line": 1}}


def test_the_dashboard_reader_reports_a_cut_last_line(tmp_path):
    from ecpx.logs.store import read_training_events

    journal = tmp_path / "training-host-1-aaaa.jsonl"
    journal.write_text(line(kind="chapter", step="opened", learner=[1]) + '{"kind": "ch')
    damaged = read_training_events(tmp_path).attrs["damaged"]
    assert [(n, why.split(" ")[0]) for _, n, why in damaged] == [(1, "wrong"), (2, "cut")]
