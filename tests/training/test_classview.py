"""The class view's computation: records appended to training-*.jsonl files (as kernels write
them, RECORDS.md) folded into one row per learner, « bloqué » by time and by errors, the class
summary, a session's time window, damaged lines and keyless records."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta

import pytest
from ecpx.texts import classview as texts
from ecpx.texts.course import QUIZ_INSTALL
from ecpx.training import sessions as store
from ecpx.training.classview import ClassView, duration_fr, quiz_prompt

T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
ANNA, BRUNO = "7KQ4-M2XD-9PFA-3HNC", "0000-1111-2222-3333"


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class Kernel:
    """One kernel's journal file, appended one JSON line per record as the sink does."""

    def __init__(self, folder, name: str = "k1") -> None:
        self.path = folder / f"training-host-{name}-abcd.jsonl"

    def write(self, at: datetime, **record) -> None:
        row = {"timestamp": at.isoformat(), "source": "training", **record}
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(row) + "\n")

    def step(self, at, learner, step, outcome="ok", error="", method="A", chapter="02"):
        self.write(at, kind="activation", learner=learner, chapter=chapter, case_id="c1",
                   method=method, step=step, outcome=outcome, error=error, scenario="")


def row(data: dict, key: str) -> dict:
    return next(r for r in data["learners"] if r["key"] == key)


def test_a_learner_moving_from_step_to_step(tmp_path):
    kernel, clock = Kernel(tmp_path), Clock()
    view = ClassView(tmp_path, clock=clock)
    kernel.write(T0, kind="chapter", step="opened", learner=ANNA, chapter="02")
    first = row(view.refresh(), ANNA)
    assert first["seat"] == 1 and first["chapter_label"].startswith("02 — Méthode A")
    assert first["step_label"] == "—" and not first["stuck"]
    kernel.step(T0 + timedelta(minutes=1), ANNA, "portal_login")
    kernel.step(T0 + timedelta(minutes=2), ANNA, "activation_started")
    clock.now = T0 + timedelta(minutes=4)
    second = row(view.refresh(), ANNA)
    assert second["step_label"] == "Activation commencée"
    assert second["since"] == (T0 + timedelta(minutes=2)).isoformat()
    assert second["duration"] == "2 min" and second["state_label"] == texts.PAGE["working"]
    kernel.step(T0 + timedelta(minutes=5), ANNA, "activated")
    clock.now = T0 + timedelta(minutes=30)
    done = row(view.refresh(), ANNA)
    assert done["step_label"] == "e-CPS activée" and not done["stuck"]  # finished: not stuck
    assert done["state_label"] == texts.PAGE["done"]
    assert view.learners[ANNA].completed == {"A"}


def test_stuck_after_more_than_five_minutes_on_one_step(tmp_path):
    kernel, clock = Kernel(tmp_path), Clock()
    view = ClassView(tmp_path, clock=clock)
    kernel.step(T0, ANNA, "qr_scanned")
    clock.now = T0 + timedelta(minutes=5)
    assert not row(view.refresh(), ANNA)["stuck"]  # exactly 5 minutes: not yet
    clock.now = T0 + timedelta(minutes=5, seconds=1)
    stuck = row(view.refresh(), ANNA)
    assert stuck["stuck"] and stuck["stuck_reason"] == "time"
    assert stuck["state_label"] == texts.PAGE["stuck_because"].format(
        reason=texts.STUCK_REASONS["time"].format(minutes=5))
    kernel.step(clock.now, ANNA, "pairing_code_entered")  # moving on clears it
    assert not row(view.refresh(), ANNA)["stuck"]
    kernel.write(clock.now + timedelta(minutes=1), kind="chapter", step="opened",
                 learner=ANNA, chapter="04")  # reading another chapter is not being stuck
    clock.now += timedelta(minutes=20)
    reading = row(view.refresh(), ANNA)
    assert not reading["stuck"] and reading["step_label"] == "—"
    assert reading["chapter"] == "04"


def test_the_same_error_three_times_is_stuck_until_a_success(tmp_path):
    kernel, clock = Kernel(tmp_path), Clock(T0 + timedelta(minutes=3))
    view = ClassView(tmp_path, clock=clock)
    kernel.step(T0, ANNA, "qr_scanned")
    for minute in (1, 2):
        kernel.step(T0 + timedelta(minutes=minute), ANNA, "pairing_code_entered", "error",
                    "pairing_code_wrong")
    two = row(view.refresh(), ANNA)
    assert not two["stuck"] and two["recent_errors"] == 2
    kernel.step(T0 + timedelta(minutes=2, seconds=30), ANNA, "pairing_code_entered", "error",
                "pairing_code_wrong")
    three = row(view.refresh(), ANNA)
    assert three["stuck"] and three["stuck_reason"] == "errors"
    assert "Code d'ajout incorrect" in three["reason_label"] and "3" in three["reason_label"]
    clock.now = T0 + timedelta(minutes=7, seconds=10)  # errors over 5 minutes old leave
    assert row(view.refresh(), ANNA)["recent_errors"] == 1
    kernel.step(T0 + timedelta(minutes=7), ANNA, "pairing_code_entered")
    assert not row(view.refresh(), ANNA)["stuck"]


def test_different_errors_do_not_add_up(tmp_path):
    kernel, clock = Kernel(tmp_path), Clock(T0 + timedelta(minutes=1))
    view = ClassView(tmp_path, clock=clock)
    for error in ("password_format", "password_ascending", "password_format"):
        kernel.step(T0, ANNA, "password_created", "error", error)
    assert not row(view.refresh(), ANNA)["stuck"]


def test_class_summary_and_seats_in_order_of_arrival(tmp_path):
    anna, bruno = Kernel(tmp_path, "k2"), Kernel(tmp_path, "k1")  # file order ≠ arrival order
    view = ClassView(tmp_path, clock=Clock(T0 + timedelta(minutes=10)))
    anna.step(T0, ANNA, "pairing_code_entered", "error", "pairing_code_wrong")
    anna.step(T0, ANNA, "pairing_code_entered", "error", "pairing_code_wrong")
    bruno.step(T0 + timedelta(seconds=5), BRUNO, "pairing_code_entered", "error",
               "pairing_code_expired")
    bruno.step(T0 + timedelta(seconds=6), BRUNO, "password_created", "error", "password_format")
    for tries in (1, 2):
        bruno.write(T0 + timedelta(seconds=7 + tries), kind="quiz", learner=BRUNO,
                    chapter="01", question="01-q2", outcome="error", tries=tries)
    anna.write(T0 + timedelta(seconds=9), kind="quiz", learner=ANNA, chapter="01",
               question="01-q1", outcome="error", tries=1)
    data = view.refresh()
    assert [(r["key"], r["seat"]) for r in data["learners"]] == [(ANNA, 1), (BRUNO, 2)]
    step = data["summary"]["step"]
    assert (step["label"], step["errors"], step["learners"]) == ("Code d'ajout saisi", 3, 2)
    question = data["summary"]["question"]
    assert question["question"] == "01-q2" and question["wrong"] == 2
    assert question["prompt"] == QUIZ_INSTALL[1].prompt and question["prompt"] in question["text"]


def test_an_empty_session_and_a_missing_folder(tmp_path):
    data = ClassView(tmp_path / "not-yet", clock=Clock()).refresh()
    assert data["learners"] == [] and data["summary"] == {"step": None, "question": None}
    assert data["damaged"] == {"count": 0, "first": None}
    (tmp_path / "not-yet").mkdir()
    Kernel(tmp_path / "not-yet").step(T0, ANNA, "app_opened")
    assert ClassView(tmp_path / "not-yet", clock=Clock()).refresh()["learners"]


def test_a_corrupted_line_is_skipped_and_counted(tmp_path):
    kernel, clock = Kernel(tmp_path), Clock()
    view = ClassView(tmp_path, clock=clock)
    kernel.step(T0, ANNA, "app_opened")
    with kernel.path.open("a") as file:
        file.write('{"kind": "activation", "timestamp": "2026-03-1\n')  # a torn write
    kernel.step(T0 + timedelta(seconds=1), ANNA, "cgu_accepted")
    data = view.refresh()
    assert row(data, ANNA)["step_label"] == "Conditions acceptées"
    assert data["damaged"] == {"count": 1, "first": {"file": kernel.path.name, "line": 2}}
    kernel.step(T0 + timedelta(seconds=2), ANNA, "portal_login")
    data = view.refresh()
    assert row(data, ANNA)["step"] == "portal_login" and data["damaged"]["count"] == 1


def test_keyless_records_get_no_row_but_count_in_the_summary(tmp_path):
    kernel = Kernel(tmp_path)
    kernel.step(T0, "", "pairing_code_entered", "error", "pairing_code_wrong")
    kernel.write(T0, kind="activation", case_id="old", method="B", step="app_opened",
                 outcome="ok", error="")  # a file written before learner keys existed
    kernel.step(T0, "<script>", "app_opened")  # not a learner key: same as none
    data = ClassView(tmp_path, clock=Clock()).refresh()
    assert data["learners"] == [] and data["unknown_key_events"] == 3
    assert data["summary"]["step"]["errors"] == 1 and data["summary"]["step"]["learners"] == 0


def test_a_session_shows_only_its_time_window(tmp_path):
    kernel = Kernel(tmp_path)
    session = store.start_session(tmp_path, "  Formation 12 mars,   cardiologie ", T0)
    assert session.name == "Formation 12 mars, cardiologie"
    kernel.step(T0 - timedelta(seconds=1), BRUNO, "app_opened")  # before: not in it
    kernel.step(T0, ANNA, "app_opened")
    store.end_session(tmp_path, session.id, T0 + timedelta(hours=1))
    kernel.step(T0 + timedelta(hours=1), BRUNO, "cgu_accepted")  # at the end: not in it
    ended = store.read_sessions(tmp_path).get(session.id)
    assert ended.ended == T0 + timedelta(hours=1) and store.read_sessions(tmp_path).active is None
    view = ClassView(tmp_path, ended.started, ended.ended, clock=Clock(T0 + timedelta(days=1)))
    data = view.refresh()
    assert [r["key"] for r in data["learners"]] == [ANNA]
    assert data["learners"][0]["duration"] == "1 h 00"  # seen as when the session ended


def test_starting_a_session_ends_the_open_one_and_names_are_checked(tmp_path):
    first = store.start_session(tmp_path, "Matin", T0)
    second = store.start_session(tmp_path, "Après-midi", T0 + timedelta(hours=4))
    sessions = store.read_sessions(tmp_path)
    assert sessions.get(first.id).ended == T0 + timedelta(hours=4)
    assert sessions.active == second
    for bad in ("", "   ", "x" * 121):
        with pytest.raises(ValueError):
            store.start_session(tmp_path, bad, T0)
    with (tmp_path / store.FILE_NAME).open("a") as file:
        file.write("not json\n")
    assert store.read_sessions(tmp_path).damaged == 1


def test_french_durations_and_quiz_prompts():
    assert duration_fr(timedelta(seconds=59)) == "moins d'une minute"
    assert duration_fr(timedelta(minutes=65)) == "1 h 05"
    assert quiz_prompt("01-q1") == QUIZ_INSTALL[0].prompt
    assert quiz_prompt("09-q7") == "09-q7"


def test_a_quiz_in_the_walks_chapter_keeps_the_step_elsewhere_leaves_it(tmp_path):
    kernel, clock = Kernel(tmp_path), Clock(T0 + timedelta(minutes=1))
    view = ClassView(tmp_path, clock=clock)
    kernel.step(T0, ANNA, "qr_scanned")
    kernel.write(T0 + timedelta(seconds=10), kind="quiz", learner=ANNA, chapter="02",
                 question="02-q1", outcome="ok", tries=1)
    same = row(view.refresh(), ANNA)
    assert same["step"] == "qr_scanned" and same["since"] == T0.isoformat()
    kernel.write(T0 + timedelta(seconds=20), kind="quiz", learner=ANNA, chapter="01",
                 question="01-q1", outcome="ok", tries=1)
    other = row(view.refresh(), ANNA)
    assert other["chapter"] == "01" and other["step"] == "" and not other["stuck"]


def test_files_last_written_before_the_session_are_not_read(tmp_path):
    old, current = Kernel(tmp_path, "old"), Kernel(tmp_path, "new")
    old.step(T0 - timedelta(days=30), BRUNO, "app_opened")
    with old.path.open("a") as file:
        file.write("damaged, but a month ago\n")
    month_ago = (T0 - timedelta(days=30)).timestamp()
    os.utime(old.path, (month_ago, month_ago))
    current.step(T0, ANNA, "app_opened")
    view = ClassView(tmp_path, T0, clock=Clock())
    data = view.refresh()
    assert [r["key"] for r in data["learners"]] == [ANNA] and data["damaged"]["count"] == 0
    old.step(T0 + timedelta(seconds=1), BRUNO, "cgu_accepted")  # that kernel writes again
    data = view.refresh()
    assert [r["key"] for r in data["learners"]] == [ANNA, BRUNO]
    assert row(data, BRUNO)["step"] == "cgu_accepted" and data["damaged"]["count"] == 1


def test_the_same_error_three_times_among_others_is_stuck(tmp_path):
    kernel = Kernel(tmp_path)
    for error in ("pairing_code_wrong", "pairing_code_expired", "pairing_code_wrong",
                  "pairing_code_wrong"):
        kernel.step(T0, ANNA, "pairing_code_entered", "error", error)
    stuck = row(ClassView(tmp_path, clock=Clock()).refresh(), ANNA)
    assert stuck["stuck_reason"] == "errors" and "Code d'ajout incorrect" in stuck["reason_label"]


def test_fields_of_the_wrong_type_do_not_break_the_view(tmp_path):
    Kernel(tmp_path).write(T0, kind="activation", learner=ANNA, chapter=["02"], method=None,
                           step={"x": 1}, outcome="error", error=7)
    Kernel(tmp_path).write(T0, kind="quiz", learner=ANNA, question=[1], outcome="error")
    Kernel(tmp_path).write(T0, kind="chapter", learner=ANNA, chapter="01", step="opened")
    data = ClassView(tmp_path, clock=Clock()).refresh()
    # Records of the wrong shape are skipped and shown as damaged lines; the rest is read.
    assert data["damaged"]["count"] == 2 and data["summary"]["step"] is None
    assert row(data, ANNA)["chapter"] == "01"
