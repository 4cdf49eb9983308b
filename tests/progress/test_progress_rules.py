"""Where a learner stands, from journal records: each chapter's « done » rule, quiz scores and
simulator walks per method and scenario."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from ecpx.activation.codes import SIGNIN_STEPS
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


def sign_in(case: str, *, upto: int | None = None) -> list[dict]:
    """Chapter 07's records of one sign-in (kind « signin », method "S")."""
    return [{"kind": "signin", "case_id": case, "method": "S", "step": step, "outcome": "ok",
             "error": "", "scenario": "normal", "chapter": "07", "timestamp": START}
            for step in SIGNIN_STEPS[:upto]]


def test_chapter_07_is_done_after_one_sign_in_completed_in_the_simulator():
    assert states(learner_progress(sign_in("s", upto=-1)))["07"] == IN_PROGRESS
    progress = learner_progress(sign_in("s", upto=-1) + sign_in("t"))
    assert states(progress)["07"] == DONE
    assert progress["walks"]["S"]["completed"] == 1 and progress["walks"]["S"]["started"] == 2
    assert states(progress)["02"] == NOT_STARTED  # a sign-in is not an activation


def test_resume_points_to_the_first_unfinished_chapter():
    records = [opened("00"), *(answer(f"00-q{n}", True) for n in range(1, QUIZ_SIZES["00"] + 1))]
    assert learner_progress(records)["resume"] == "01"
    every = records + [opened(c) for c in ("04", "06")] + walk("A", "a") + walk("B", "b") + \
        sign_in("s") + [
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



def test_a_record_of_the_wrong_shape_costs_no_one_anything(tmp_path):
    """A `learner` that is a list once made the API answer 500 and lost every later record."""
    journal = tmp_path / "training-host-1-aaaa.jsonl"
    stamp = START.isoformat()
    lines = [{**opened("04"), "learner": KEY, "timestamp": stamp},
             {**opened("05"), "learner": [KEY], "timestamp": stamp},
             {**opened("01"), "learner": {"k": 1}, "timestamp": stamp},
             {"kind": "quiz", "learner": KEY, "question": "01-q1", "outcome": "ok",
              "tries": "1", "timestamp": stamp},
             {**opened("06"), "learner": KEY, "timestamp": stamp}]
    journal.write_text("".join(json.dumps(r) + "\n" for r in lines))
    for _ in range(2):  # a restart reads the same file from the start: the same answer
        board = ProgressBoard(tmp_path)
        got = states(board.progress(KEY))
        assert got["04"] == DONE and got["06"] == DONE and got["05"] == NOT_STARTED
        assert board.follower.damaged_count == 3
        whys = [why for _, _, why in board.follower.damaged]
        assert "wrong shape: 'learner' is list, not text" in whys
        assert any("'tries'" in why for why in whys)
