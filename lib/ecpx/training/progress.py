"""Where a learner stands, from the training journal's records (standard library only).

Pure functions over the records of `ecpx.training.follow.JournalFollower` (the format of
RECORDS.md): per chapter « not started » (no record), « in progress » (some record) or « done »
(the chapter's rule in `ecpx.texts.progress.CHAPTER_DONE`), the quiz score, and
the simulator walks per method and scenario.

A walk is one `case_id`: started at its first event, completed when it reaches its method's
final step (`activated`) without error. A quiz question counts as right once it was answered
right, whatever the tries before.
"""

from __future__ import annotations

from collections.abc import Iterable

from ecpx.activation.codes import SIGNIN_STEPS
from ecpx.texts.common import STEPS
from ecpx.texts.progress import CHAPTER_DONE, CHAPTER_IDS, QUIZ_SIZES, Done

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"
# The walks: methods A and B (records of kind « activation ») and the sign-in "S" (chapter 07,
# records of kind « signin »); each is completed at its final step ("activated", "service_opened").
WALKS = {**STEPS, "S": SIGNIN_STEPS}
WALK_KINDS = ("activation", "signin")
FINAL_STEP = {method: steps[-1] for method, steps in WALKS.items()}
# Where each method's simulator lives: the chapter whose rule is a walk of it ("A" -> "02").
WALK_CHAPTER = {rule.walk: chapter for chapter, rule in CHAPTER_DONE.items() if rule.walk}


def walks(records: Iterable[dict]) -> dict[str, dict]:
    """Per method: walks started and completed, and per scenario, and the errors met."""
    cases: dict[str, dict] = {}
    for record in records:
        if record.get("kind", "activation") not in WALK_KINDS or not record.get("case_id"):
            continue
        case = cases.setdefault(record["case_id"], {
            "method": record.get("method", ""), "scenario": record.get("scenario", ""),
            "completed": False, "errors": []})
        if record.get("outcome") == "error":
            case["errors"].append(record.get("error", ""))
        elif record.get("step") == FINAL_STEP.get(case["method"]):
            case["completed"] = True
    out = {method: {"started": 0, "completed": 0, "scenarios": {}, "errors": {}}
           for method in WALKS}
    for case in cases.values():
        method = out.get(case["method"])
        if method is None:
            continue
        scenario = method["scenarios"].setdefault(case["scenario"],
                                                   {"started": 0, "completed": 0})
        for tally in (method, scenario):
            tally["started"] += 1
            tally["completed"] += case["completed"]
        for error in case["errors"]:
            method["errors"][error] = method["errors"].get(error, 0) + 1
    return out


def quiz_scores(records: Iterable[dict]) -> dict[str, dict]:
    """Per chapter with a quiz: questions answered right, answered at all, and the total."""
    right: dict[str, set[str]] = {c: set() for c in QUIZ_SIZES}
    answered: dict[str, set[str]] = {c: set() for c in QUIZ_SIZES}
    for record in records:
        if record.get("kind") != "quiz":
            continue
        question = str(record.get("question", ""))
        chapter = question.partition("-q")[0]
        if chapter not in QUIZ_SIZES:
            continue
        answered[chapter].add(question)
        if record.get("outcome") == "ok":
            right[chapter].add(question)
    return {chapter: {"right": len(right[chapter]), "answered": len(answered[chapter]),
                      "total": total} for chapter, total in QUIZ_SIZES.items()}


def chapter_status(rule: Done, *, seen: bool, opened: bool, quiz: dict | None,
                   walked: dict) -> str:
    """One chapter's state from what its rule asks for."""
    if not seen:
        return NOT_STARTED
    parts = []
    if rule.opened:
        parts.append(opened)
    if rule.quiz:
        parts.append(quiz is not None and quiz["right"] >= quiz["total"])
    if rule.walk:
        parts.append(walked.get(rule.walk, {}).get("completed", 0) > 0)
    return DONE if parts and all(parts) else IN_PROGRESS


def learner_progress(records: Iterable[dict]) -> dict:
    """Where one learner stands, from their records (JSON-ready)."""
    records = list(records)
    seen = {r.get("chapter", "") for r in records}
    opened = {r.get("chapter", "") for r in records
              if r.get("kind") == "chapter" and r.get("step") == "opened"}
    walked = walks(records)
    scores = quiz_scores(records)
    # A walk or an answer counts for its chapter's rule even if recorded on another page.
    seen |= {c for c, rule in CHAPTER_DONE.items() if rule.walk and walked[rule.walk]["started"]}
    seen |= {c for c, score in scores.items() if score["answered"]}
    chapters = []
    for chapter in CHAPTER_IDS:
        status = chapter_status(CHAPTER_DONE[chapter], seen=chapter in seen,
                                opened=chapter in opened, quiz=scores.get(chapter),
                                walked=walked)
        chapters.append({"chapter": chapter, "status": status, "quiz": scores.get(chapter)})
    stamps = [r["timestamp"] for r in records if hasattr(r.get("timestamp"), "isoformat")]
    return {
        "chapters": chapters,
        "resume": next((c["chapter"] for c in chapters if c["status"] != DONE), None),
        "walks": walked,
        "quizzes_passed": sum(1 for s in scores.values() if s["right"] >= s["total"]),
        "quizzes": len(scores),
        "last": max(stamps).isoformat() if stamps else None,
    }
