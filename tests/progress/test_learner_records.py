"""The kernel side of the learner key: nothing recorded before the browser's key arrives, then
chapter, quiz and simulator records carry the learner and the chapter (RECORDS.md)."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from ecpx.activation.clock import FakeClock
from ecpx.activation.events import Event
from ecpx.screens.learner import LearnerKey
from ecpx.screens.method_a import method_a_simulator
from ecpx.screens.quiz import quiz
from ecpx.texts.course import QUIZ_INSTALL
from ecpx.training import sink
from ecpx.training.follow import JournalFollower

from tests.screens.test_method_a_view import log_in

KEY = "7KQ4-M2XD-9PFA-3HNC"


@pytest.fixture
def journal(tmp_path, monkeypatch):
    """A fresh page in this kernel, its records in a folder of its own."""
    monkeypatch.setenv("ECPX_JOURNAL", str(tmp_path))
    monkeypatch.setattr(sink, "PAGE", sink.LearnerPage())
    return JournalFollower(tmp_path)


def answer(box, number: int, *, right: bool) -> None:
    """Choose an answer to question `number` and click « Vérifier »."""
    _, choices, check, _ = box.blocks[number - 1].children
    question = QUIZ_INSTALL[number - 1]
    choices.value = question.answer if right else next(
        c for c in question.choices if c != question.answer)
    check.click()


def test_nothing_is_recorded_before_the_key_then_everything_carries_it(journal):
    widget = LearnerKey("01")  # a preheated kernel: the notebook ran, nobody opened the page
    box = quiz(QUIZ_INSTALL)
    answer(box, 1, right=True)
    assert journal.poll() == []
    widget.key = KEY  # the browser's key arrives
    records = journal.poll()
    assert [(r["kind"], r.get("step"), r.get("question")) for r in records] == [
        ("chapter", "opened", None), ("quiz", None, "01-q1")]
    assert {(r["learner"], r["chapter"], r["source"]) for r in records} == {
        (KEY, "01", "training")}
    answer(box, 2, right=False)
    [late] = journal.poll()
    assert (late["question"], late["outcome"], late["tries"], late["learner"]) == (
        "01-q2", "error", 1, KEY)


@pytest.mark.parametrize("bad", ["", "7kq4-m2xd-9pfa-3hnc", "7KQ4M2XD9PFA3HNC",
                                 "ILOU-M2XD-9PFA-3HNC", "<script>alert(1)</script>",
                                 "7KQ4-M2XD-9PFA-3HNC-AAAA"])
def test_a_key_that_does_not_match_the_format_is_ignored(journal, bad):
    widget = LearnerKey("01")
    widget.key = bad
    assert sink.PAGE.key == "" and journal.poll() == []
    widget.key = KEY  # the page still takes the right one
    assert [r["learner"] for r in journal.poll()] == [KEY]


def test_one_page_one_learner(journal):
    widget = LearnerKey("04")
    widget.key = KEY
    widget.key = "AAAA-BBBB-CCCC-DDDD"
    assert sink.PAGE.key == KEY
    assert [r["learner"] for r in journal.poll()] == [KEY]  # one « opened », not two


def test_quiz_records_count_the_tries_of_each_question(journal):
    LearnerKey("01").key = KEY
    box = quiz(QUIZ_INSTALL)
    check = box.blocks[0].children[2]
    check.click()  # no choice made: nothing to record
    answer(box, 1, right=False)
    answer(box, 1, right=True)
    answer(box, 3, right=True)
    quizzes = [r for r in journal.poll() if r["kind"] == "quiz"]
    assert [(r["question"], r["outcome"], r["tries"]) for r in quizzes] == [
        ("01-q1", "error", 1), ("01-q1", "ok", 2), ("01-q3", "ok", 1)]


def test_simulator_events_carry_learner_chapter_and_scenario(journal):
    LearnerKey("02").key = KEY
    simulator = method_a_simulator(sink=sink.training_sink(), live=False, clock=FakeClock(),
                                   rng=random.Random(5))
    log_in(simulator)
    events = [r for r in journal.poll() if r["kind"] == "activation"]
    assert [r["step"] for r in events] == ["portal_login"]
    assert (events[0]["learner"], events[0]["chapter"], events[0]["scenario"],
            events[0]["method"]) == (KEY, "02", "nominal", "A")


def test_outside_a_course_page_events_keep_the_first_schema(journal):
    event = Event("c1", datetime(2026, 11, 30, 8, tzinfo=UTC), "A", "app_opened")
    sink.training_sink()(event)
    [record] = journal.poll()
    assert "learner" not in record and record["kind"] == "activation"  # the follower's default
    assert record["step"] == "app_opened" and record["source"] == "training"

