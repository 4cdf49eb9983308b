"""The trainer's live view of a class, folded incrementally from the training journal.

Standard library only (the course server imports it). A `ClassView` owns a `JournalFollower`;
each `refresh()` folds only the records appended since the previous one into per-learner state
and class counters, then describes the class as plain data (French labels included), so a
refresh costs the new events plus one line per learner.

Rules (the issue leaves them open; these are the course's):

- A learner is a valid learner key (`ecpx.training.follow.LEARNER_KEY`). Records with no key or
  a malformed one (old files) get no row: they are counted, and their errors and quiz answers
  still count in the class summary.
- Seats are numbered in order of arrival: the first record of each key in the window.
- Position: the chapter of the last record, and the simulator step of the last activation
  record while the learner stays in that walk's chapter (opening another chapter leaves the
  walk). « Depuis »: since the first of the consecutive records at that position (a success
  at the step just failed starts it again: that is progress).
- « Bloqué », either:
  - by time: on the same simulator step, walk not completed, for more than `stuck_after`
    (5 minutes) by the view's clock, with no record since that changed the position;
  - by errors: the same error code `same_error` (3) times, not necessarily in a row, since the
    learner's last successful simulator step (an `ok` activation record resets the counts).
- « Erreurs » of a row: activation errors in the last `recent` (5) minutes.
- Class summary: the step with the most activation errors in the window (ties: more learners,
  then the procedure's order); the quiz question with the most wrong answers (ties: id order).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ecpx.texts import STEPS
from ecpx.texts import classview as texts
from ecpx.texts.course import CHAPTERS
from ecpx.texts.steps import ERROR_LABELS, STEP_LABELS
from ecpx.training.follow import LEARNER_KEY, JournalFollower
from ecpx.training.progress import FINAL_STEP, WALK_CHAPTER

# "02 — Méthode A" (a title's part before its colon: the table stays narrow on a phone).
CHAPTER_TITLES = {name[:2]: title.split("\u00a0:")[0] for name, title, _ in CHAPTERS}


def utc_now() -> datetime:
    return datetime.now(UTC)


class WindowFollower(JournalFollower):
    """The follower, skipping files last written well before the window starts.

    A journal folder keeps months of classes; a file not modified since `start` holds only older
    records, so opening a session's view does not read them all. A skipped file that is written
    again is read from its beginning (its older records then fall out of the window).
    """

    MARGIN = timedelta(minutes=10)  # file times are coarse (clock ticks): keep well clear

    def __init__(self, folder: str | Path, start: datetime | None) -> None:
        super().__init__(folder)
        self.start = (start - self.MARGIN).timestamp() if start else None

    def skip(self, path: Path) -> bool:
        try:
            return self.start is not None and path.stat().st_mtime < self.start
        except OSError:
            return False  # reported by the read


@dataclass
class Learner:
    """What the view knows of one learner key, folded record by record."""

    key: str
    seat: int
    last: datetime  # the newest record's time (records may arrive out of order across files)
    chapter: str = ""
    method: str = ""
    step: str = ""
    done: bool = False  # the step succeeded (else the last record there was an error)
    since: datetime | None = None
    completed: set[str] = field(default_factory=set)  # methods whose walk reached the end
    error_times: list[datetime] = field(default_factory=list)  # sorted, for « last minutes »
    errors_since_success: Counter[str] = field(default_factory=Counter)

    def fold(self, record: dict) -> None:
        stamp = record["timestamp"]
        kind = record["kind"]
        if stamp < self.last:  # an older record from another file: counters only
            if kind == "activation" and record.get("outcome") == "error":
                bisect.insort(self.error_times, stamp)
            return
        self.last = stamp
        chapter = text(record, "chapter") or self.chapter
        if kind == "chapter":
            self._move((chapter, "", "", False), stamp)
        elif kind == "quiz":  # answering in the walk's chapter keeps the step, else leaves it
            self._move(self.position if chapter == self.chapter else (chapter, "", "", False),
                       stamp)
        else:
            method = text(record, "method")
            chapter = text(record, "chapter") or WALK_CHAPTER.get(method, self.chapter)
            failed = record.get("outcome") == "error"
            self._move((chapter, method, text(record, "step"), not failed), stamp)
            if failed:
                self.error_times.append(stamp)
                self.errors_since_success[text(record, "error")] += 1
            else:
                self.errors_since_success.clear()
                if self.finished:
                    self.completed.add(method)

    @property
    def finished(self) -> bool:
        """The walk reached its method's final step."""
        return bool(self.step) and self.step == FINAL_STEP.get(self.method)

    @property
    def position(self) -> tuple[str, str, str, bool]:
        return self.chapter, self.method, self.step, self.done

    def _move(self, position: tuple[str, str, str, bool], stamp: datetime) -> None:
        # A success at the step just failed is progress too: « depuis » starts again.
        if position != self.position or self.since is None:
            self.chapter, self.method, self.step, self.done = position
            self.since = stamp

    def stuck(self, now: datetime, view: ClassView) -> tuple[str, str] | None:
        """(code, French reason) when stuck, else None."""
        if self.errors_since_success:
            error, count = self.errors_since_success.most_common(1)[0]
            if count >= view.same_error:
                label = ERROR_LABELS.get(error, error)
                return "errors", texts.STUCK_REASONS["errors"].format(error=label, count=count)
        walking = self.step and not self.finished
        if walking and self.since and now - self.since > view.stuck_after:
            minutes = int(view.stuck_after.total_seconds() // 60)
            return "time", texts.STUCK_REASONS["time"].format(minutes=minutes)
        return None


class ClassView:
    """The class as seen from the journal's records in [start, end)."""

    def __init__(self, folder: str | Path, start: datetime | None = None,
                 end: datetime | None = None, *, clock=utc_now,
                 stuck_after: timedelta = timedelta(minutes=5),
                 recent: timedelta = timedelta(minutes=5), same_error: int = 3) -> None:
        self.follower = WindowFollower(folder, start)
        self.start, self.end = start, end
        self.clock = clock
        self.stuck_after, self.recent, self.same_error = stuck_after, recent, same_error
        self.learners: dict[str, Learner] = {}
        self.unknown_key_events = 0
        self.events = 0
        # Class counters (keyless records included in the event counts).
        self.step_errors: Counter[tuple[str, str]] = Counter()
        self.quiz_wrong: Counter[str] = Counter()
        # Learner sets for the session's export (keyed records only).
        self.reached: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
        self.met: defaultdict[str, set[str]] = defaultdict(set)
        self.error_count: Counter[str] = Counter()
        self.answered: defaultdict[str, set[str]] = defaultdict(set)
        self.first_try: defaultdict[str, set[str]] = defaultdict(set)
        self.step_learners: defaultdict[tuple[str, str], set[str]] = defaultdict(set)

    # -- folding ---------------------------------------------------------------------------
    def update(self) -> int:
        """Fold the records appended since the last update; return how many were in window."""
        records = [r for r in self.follower.poll() if self._in_window(r["timestamp"])]
        records.sort(key=lambda r: r["timestamp"])  # arrival order across files
        for record in records:
            self.fold(record)
        return len(records)

    def _in_window(self, stamp: datetime) -> bool:
        return ((self.start is None or stamp >= self.start)
                and (self.end is None or stamp < self.end))

    def fold(self, record: dict) -> None:
        self.events += 1
        key = record.get("learner")
        key = key if isinstance(key, str) and LEARNER_KEY.match(key) else ""
        kind = record["kind"]
        error = record.get("outcome") == "error"
        if kind == "activation" and error:
            spot = (text(record, "method"), text(record, "step"))
            self.step_errors[spot] += 1
            if key:
                self.step_learners[spot].add(key)
        if kind == "quiz" and error:
            self.quiz_wrong[text(record, "question")] += 1
        if not key:
            self.unknown_key_events += 1
            return
        learner = self.learners.get(key)
        if learner is None:
            learner = self.learners[key] = Learner(key, len(self.learners) + 1,
                                                   record["timestamp"])
        learner.fold(record)
        if kind == "activation":
            method, step = text(record, "method"), text(record, "step")
            if error:
                code = text(record, "error")
                self.met[code].add(key)
                self.error_count[code] += 1
            else:
                self.reached[(method, step)].add(key)
        elif kind == "quiz":
            question = text(record, "question")
            self.answered[question].add(key)
            if record.get("outcome") == "ok" and record.get("tries") == 1:
                self.first_try[question].add(key)

    # -- describing ------------------------------------------------------------------------
    def refresh(self) -> dict:
        """Fold what is new, then the class as plain data for the page (JSON-ready)."""
        self.update()
        return self.describe()

    def describe(self) -> dict:
        now = self.clock()
        if self.end is not None:
            now = min(now, self.end)  # a past session is seen as it was when it ended
        rows = [self._row(learner, now) for learner in self.learners.values()]
        damaged = self.follower.damaged
        return {
            "learners": rows,
            "summary": {"step": self._blocking_step(), "question": self._failing_question()},
            "events": self.events,
            "unknown_key_events": self.unknown_key_events,
            "damaged": {"count": self.follower.damaged_count,
                        "first": ({"file": damaged[0][0], "line": damaged[0][1]}
                                  if damaged else None)},
        }

    def _row(self, learner: Learner, now: datetime) -> dict:
        recent = learner.error_times[bisect.bisect_left(learner.error_times, now - self.recent):]
        stuck = learner.stuck(now, self)
        state = "stuck" if stuck else "done" if learner.finished else "working"
        return {
            "key": learner.key,
            "seat": learner.seat,
            "chapter": learner.chapter,
            "chapter_label": CHAPTER_TITLES.get(learner.chapter, texts.PAGE["no_step"]),
            "method": learner.method,
            "step": learner.step,
            "step_label": (STEP_LABELS.get(learner.step, learner.step) if learner.step
                           else texts.PAGE["no_step"]),
            "since": learner.since.isoformat() if learner.since else None,
            "duration": duration_fr(now - learner.since if learner.since else timedelta()),
            "recent_errors": len(recent),
            "stuck": bool(stuck),
            "stuck_reason": stuck[0] if stuck else "",
            "state_label": (texts.PAGE["stuck_because"].format(reason=stuck[1]) if stuck
                            else texts.PAGE[state]),
            "reason_label": stuck[1] if stuck else "",
        }

    def _blocking_step(self) -> dict | None:
        if not self.step_errors:
            return None
        order = {(m, s): i for m, steps in STEPS.items() for i, s in enumerate(steps)}
        method, step = min(self.step_errors, key=lambda spot: (
            -self.step_errors[spot], -len(self.step_learners[spot]), order.get(spot, 99), spot))
        errors, learners = self.step_errors[(method, step)], len(self.step_learners[(method, step)])
        label = STEP_LABELS.get(step, step)
        return {"method": method, "step": step, "label": label, "errors": errors,
                "learners": learners, "text": texts.PAGE["summary_step_value"].format(
                    label=label, method=method, errors=errors, learners=learners)}

    def _failing_question(self) -> dict | None:
        if not self.quiz_wrong:
            return None
        question = min(self.quiz_wrong, key=lambda q: (-self.quiz_wrong[q], q))
        prompt = quiz_prompt(question)
        chapter, _, number = question.partition("-q")
        wrong = self.quiz_wrong[question]
        return {"question": question, "prompt": prompt, "wrong": wrong,
                "text": texts.PAGE["summary_question_value"].format(
                    prompt=prompt, chapter=chapter, number=number, wrong=wrong)}


def text(record: dict, name: str) -> str:
    """A text field of a record; anything else (a number, a list: a damaged writer) is ""."""
    value = record.get(name, "")
    return value[:60] if isinstance(value, str) else ""


def quiz_prompt(question: str) -> str:
    """The French prompt of a question id such as "01-q2" (the id itself when unknown)."""
    chapter, _, number = question.partition("-q")
    quiz = texts.QUIZZES.get(chapter, ())
    if number.isdigit() and 1 <= int(number) <= len(quiz):
        return quiz[int(number) - 1].prompt
    return question


def duration_fr(elapsed: timedelta) -> str:
    """« moins d'une minute », « 4 min », « 1 h 05 »."""
    minutes = max(0, int(elapsed.total_seconds() // 60))
    if minutes < 1:
        return texts.DURATION["under_a_minute"]
    if minutes < 60:
        return texts.DURATION["minutes"].format(minutes=minutes)
    return texts.DURATION["hours"].format(hours=minutes // 60, minutes=minutes % 60)
