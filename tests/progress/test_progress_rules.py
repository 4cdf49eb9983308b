"""Where a learner stands, from journal records: each chapter's « done » rule, quiz scores and
simulator walks per method and scenario."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from ecpx.server.progress import ProgressBoard
from ecpx.texts.common import STEPS
from ecpx.texts.progress import CHAPTER_IDS, QUIZ_SIZES
from ecpx.training.progress import DONE, IN_PROGRESS, NOT_STARTED, learner_progress

KEY = "7KQ4-M2XD-9PFA-3HNC"
START = datetime(2026, 11, 30, 8, tzinfo=UTC)


def opened(chapter: str) -> dict:
    return {"kind": "chapter", "step": "opened", "chapter": chapter, "timestamp": START}


def answer(question: str, ok: bool, tries: int = 1) -> dict:
    return {"kind": "quiz", "question": question, "outcome": "ok" if ok else "error",
            "tries": tries, "chapter": question[:2], "timestamp": START}


def walk(method: str, case: str, scenario: str = "nominal", *, upto: int | None = None,
         error_at: int | None = None) -> list[dict]:
    """The events of one walk: its method's steps up to `upto` (all of them by default)."""
    steps = STEPS[method][:upto]
    chapter = {"A": "02", "B": "03"}[method]
    out = []
    for n, step in enumerate(steps):
        failed = n == error_at
        out.append({"kind": "activation", "case_id": case, "method": method, "step": step,
                    "outcome": "error" if failed else "ok", "error": "pin_wrong" if failed else "",
                    "scenario": scenario, "chapter": chapter,
                    "timestamp": START + timedelta(seconds=n)})
    return out


def states(progress: dict) -> dict[str, str]:
    return {c["chapter"]: c["status"] for c in progress["chapters"]}


def test_a_new_learner_has_started_nothing():
    progress = learner_progress([])
    assert states(progress) == dict.fromkeys(CHAPTER_IDS, NOT_STARTED)
    assert progress["resume"] == "00" and progress["last"] is None


def test_reading_chapters_are_done_when_opened_quiz_chapters_when_every_answer_is_right():
    records = [opened("04"), opened("01"), answer("01-q1", False), answer("01-q1", True, 2),
               answer("01-q2", True), answer("01-q3", True)]
    assert states(learner_progress(records))["04"] == DONE
    assert states(learner_progress(records))["01"] == IN_PROGRESS  # 3 of 4 right
    records.append(answer("01-q4", True))
    progress = learner_progress(records)
    assert states(progress)["01"] == DONE
    chapter = next(c for c in progress["chapters"] if c["chapter"] == "01")
    assert chapter["quiz"] == {"right": 4, "answered": 4, "total": QUIZ_SIZES["01"]}
    assert progress["quizzes_passed"] == 1


def test_a_simulator_chapter_is_done_when_a_walk_of_its_method_is_completed():
    records = [opened("02"), *walk("A", "c1", upto=4), *walk("A", "c2", "pin_blocked", error_at=2,
                                                             upto=3)]
    progress = learner_progress(records)
    assert states(progress)["02"] == IN_PROGRESS
    assert progress["walks"]["A"]["started"] == 2 and progress["walks"]["A"]["completed"] == 0
    assert progress["walks"]["A"]["errors"] == {"pin_wrong": 1}
    progress = learner_progress(records + walk("A", "c3"))
    assert states(progress)["02"] == DONE and states(progress)["03"] == NOT_STARTED
    assert progress["walks"]["A"]["scenarios"] == {
        "nominal": {"started": 2, "completed": 1}, "pin_blocked": {"started": 1, "completed": 0}}


def test_resume_points_to_the_first_unfinished_chapter():
    records = [opened("00"), *(answer(f"00-q{n}", True) for n in range(1, QUIZ_SIZES["00"] + 1))]
    assert learner_progress(records)["resume"] == "01"
    every = records + [opened(c) for c in ("04", "06")] + walk("A", "a") + walk("B", "b") + [
        answer(f"{c}-q{n}", True) for c in ("01", "05") for n in range(1, QUIZ_SIZES[c] + 1)]
    progress = learner_progress(every)
    assert set(states(progress).values()) == {DONE} and progress["resume"] is None


def test_the_board_reads_only_new_lines_and_keeps_each_learner_apart(tmp_path):
    journal = tmp_path / "training-host-1-aaaa.jsonl"

    def write(*records: dict) -> None:
        with journal.open("a") as file:
            for record in records:
                file.write(json.dumps({**record, "timestamp": START.isoformat()}) + "\n")

    write({**opened("04"), "learner": KEY}, {**opened("06"), "learner": "AAAA-BBBB-CCCC-DDDD"})
    board = ProgressBoard(tmp_path)
    assert states(board.progress(KEY))["04"] == DONE
    assert states(board.progress(KEY))["06"] == NOT_STARTED
    write({**opened("06"), "learner": KEY}, {"kind": "nope", "learner": KEY})
    assert states(board.progress(KEY))["06"] == DONE
    assert board.follower.damaged_count == 1  # the bad line is reported, the others read

