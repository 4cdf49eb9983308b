"""The training journal as xAPI statements (ADL's Experience API 1.0.3), standard library only.

What a learning platform or a learning record store (LRS) reads. The mapping (README « Send the
training to a learning record store »):

| journal record                              | verb         | object (under the course's URL)     |
|---------------------------------------------|--------------|-------------------------------------|
| chapter opened (`chapter`, step `opened`)   | experienced  | `chapter/<id>` (module)             |
| quiz answered (`quiz`)                      | answered     | `quiz/<question>` (question)        |
| simulator step (`activation`)               | interacted   | `simulator/<method>/<step>`         |
| walk completed (final step, `ok`)           | completed    | `simulator/<method>` (simulation)   |
| chapter done (its rule of texts.progress)   | completed    | `chapter/<id>`                      |
| every question of a chapter's quiz right    | passed       | `chapter/<id>/quiz` (assessment)    |

The actor is an `account`: its name is the learner's random key, its home page the course's
URL; never a name, an e-mail or an address. A record without a learner key (one in the format
of `sink.LEARNER_KEY`) gives no statement.

Statement ids are stable: UUIDv5 of the record's identity (its kind, learner, chapter,
timestamp and what it is about), in a namespace of the course's URL, so a statement sent twice
(a retry, a restart, an export) is the same statement, which the LRS stores once. Derived
statements (walk, chapter and quiz done) are identified by what they are about (the learner
and the case, chapter or quiz) and dated by the earliest records that made them true, so the
same journal always gives the same statements, in whatever order its files are read.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from ecpx.texts.common import STEPS
from ecpx.texts.progress import CHAPTER_DONE, QUIZ_SIZES
from ecpx.training.sessions import ClassSession
from ecpx.training.sink import LEARNER_KEY

COURSE_URL_ENV = "ECPX_COURSE_URL"
VERSION = "1.0.3"
ADL_VERB = "http://adlnet.gov/expapi/verbs/"
ADL_TYPE = "http://adlnet.gov/expapi/activities/"
VERBS = {verb: {"id": ADL_VERB + verb, "display": {"en-US": verb}}
         for verb in ("experienced", "answered", "interacted", "completed", "passed")}
FINAL_STEP = {method: steps[-1] for method, steps in STEPS.items()}  # "activated"


def course_url(url: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The course's address (the actors' home page and the activities' base), ending in "/":
    `url`, else `$ECPX_COURSE_URL`, else this machine's name on the course's default port."""
    environ = os.environ if environ is None else environ
    url = url or environ.get(COURSE_URL_ENV) or f"http://{socket.gethostname()}:8866/"
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"the course's URL must start with http:// or https:// ({url!r})")
    return url.rstrip("/") + "/"


def session_at(sessions: Sequence[ClassSession], stamp: datetime) -> ClassSession | None:
    """The class session running at `stamp` (sessions.py: [started, ended))."""
    for session in reversed(sessions):
        if session.started <= stamp and (session.ended is None or stamp < session.ended):
            return session
    return None


class StatementMaker:
    """Turns journal records into statements; keeps, per learner, what the derived statements
    need (when each chapter part was first met), so `feed` costs one record, not a history."""

    def __init__(self, url: str, sessions: Sequence[ClassSession] = ()) -> None:
        self.url = course_url(url)
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, self.url)
        self.sessions = list(sessions)
        # learner -> part -> (earliest timestamp, its record); parts: ("opened", chapter),
        # ("right", question), ("walk", method)
        self._parts: dict[str, dict[tuple[str, str], tuple[datetime, dict]]] = {}
        self._done: dict[str, set[str]] = {}  # learner -> chapters whose statements were made

    def feed(self, record: Mapping) -> list[dict]:
        """The statements of one record (in the follower's format: `timestamp` a datetime)."""
        learner = record.get("learner")
        stamp = record.get("timestamp")
        if (not isinstance(learner, str) or not LEARNER_KEY.fullmatch(learner)
                or not isinstance(stamp, datetime) or stamp.tzinfo is None):
            return []
        kind = record.get("kind", "activation")
        chapter = str(record.get("chapter", ""))
        out: list[dict] = []
        part = None
        if kind == "chapter" and record.get("step") == "opened" and chapter:
            out.append(self._statement(record, "experienced", self._chapter(chapter)))
            part = ("opened", chapter)
        elif kind == "quiz" and record.get("question"):
            question = str(record["question"])
            ok = record.get("outcome") == "ok"
            result: dict = {"success": ok}
            if isinstance(record.get("tries"), int):
                result["extensions"] = {self._ext("tries"): record["tries"]}
            quiz_chapter = question.partition("-q")[0]
            out.append(self._statement(record, "answered", self._activity(
                f"quiz/{segment(question)}", "question", f"Question {question}"),
                result=result, parent=[self._chapter(quiz_chapter)]))
            part = ("right", question) if ok else None
        elif (kind == "activation" and isinstance(record.get("method"), str)
              and record["method"] in STEPS and record.get("step")):
            method, step = record["method"], str(record["step"])
            ok = record.get("outcome", "ok") != "error"
            result = {"success": ok}
            if not ok and record.get("error"):
                result["extensions"] = {self._ext("error"): str(record["error"])}
            simulator = self._simulator(method)
            out.append(self._statement(record, "interacted", self._activity(
                f"simulator/{method}/{segment(step)}", "interaction", f"{method}: {step}"),
                result=result, parent=[simulator], extra=self._walk_context(record)))
            if ok and step == FINAL_STEP[method]:
                out.append(self._statement(
                    record, "completed", simulator, result={"completion": True, "success": True},
                    identity=("walk", str(record.get("case_id", "")), method),
                    extra=self._walk_context(record)))
                part = ("walk", method)
        if part is not None:
            out += self._parts_met(learner, part, stamp, record)
        return out

    def _parts_met(self, learner: str, part: tuple[str, str], stamp: datetime,
                   record: Mapping) -> list[dict]:
        parts = self._parts.setdefault(learner, {})
        if part in parts and parts[part][0] <= stamp:
            return []
        parts[part] = (stamp, dict(record))
        out = []
        done = self._done.setdefault(learner, set())
        for chapter, rule in CHAPTER_DONE.items():
            if chapter in done:
                continue
            needed = []
            if rule.opened:
                needed.append(("opened", chapter))
            if rule.quiz:
                needed += [("right", f"{chapter}-q{n}") for n in range(1, QUIZ_SIZES[chapter] + 1)]
            if rule.walk:
                needed.append(("walk", rule.walk))
            if not needed or any(p not in parts for p in needed):
                continue
            # Dated by the last part met, itself the earliest record of that part.
            _, last = max((parts[p] for p in needed), key=lambda item: item[0])
            derived = {**last, "learner": learner, "chapter": chapter}
            done.add(chapter)
            if rule.quiz:
                total = QUIZ_SIZES[chapter]
                out.append(self._statement(
                    derived, "passed", self._activity(
                        f"chapter/{chapter}/quiz", "assessment", f"Quiz {chapter}"),
                    result={"success": True, "completion": True, "score": {
                        "raw": total, "min": 0, "max": total, "scaled": 1.0}},
                    identity=("passed", chapter), parent=[self._chapter(chapter)]))
            out.append(self._statement(derived, "completed", self._chapter(chapter),
                                       result={"completion": True},
                                       identity=("completed", chapter)))
        return out

    # -- the parts of a statement

    def _statement(self, record: Mapping, verb: str, activity: dict, *, result=None,
                   parent: list | None = None, identity: tuple | None = None,
                   extra: dict | None = None) -> dict:
        learner = record["learner"]
        stamp: datetime = record["timestamp"]
        if identity is None:
            identity = ("record", record.get("kind", "activation"), record.get("chapter", ""),
                        record.get("case_id", ""), record.get("step", ""),
                        record.get("question", ""), record.get("outcome", ""),
                        stamp.isoformat())
        key = "\x1f".join(str(part) for part in (learner, verb, *identity))
        context: dict = {"platform": "ecpx", "language": "fr-FR",
                         "contextActivities": {"grouping": [self._course()]}}
        if parent:
            context["contextActivities"]["parent"] = parent
        extensions = dict(extra or {})
        session = session_at(self.sessions, stamp)
        if session is not None:
            context["registration"] = str(uuid.uuid5(self.namespace, f"session:{session.id}"))
            extensions[self._ext("session")] = {"id": session.id, "name": session.name}
        if extensions:
            context["extensions"] = extensions
        statement = {
            "id": str(uuid.uuid5(self.namespace, key)),
            "actor": {"objectType": "Agent",
                      "account": {"homePage": self.url, "name": learner}},
            "verb": VERBS[verb],
            "object": activity,
            "context": context,
            "timestamp": stamp.astimezone(UTC).isoformat(timespec="milliseconds")
                              .replace("+00:00", "Z"),
            "version": VERSION,
        }
        if result:
            statement["result"] = result
        return statement

    def _walk_context(self, record: Mapping) -> dict:
        extra = {self._ext("method"): record["method"]}
        if record.get("scenario"):
            extra[self._ext("scenario")] = str(record["scenario"])
        return extra

    def _activity(self, path: str, kind: str, name: str) -> dict:
        return {"objectType": "Activity", "id": self.url + path,
                "definition": {"type": ADL_TYPE + kind, "name": {"fr-FR": name}}}

    def _chapter(self, chapter: str) -> dict:
        return self._activity(f"chapter/{segment(chapter)}", "module", f"Chapitre {chapter}")

    def _simulator(self, method: str) -> dict:
        return self._activity(f"simulator/{method}", "simulation", f"Simulateur, méthode {method}")

    def _course(self) -> dict:
        return self._activity("", "course", "Activer votre e-CPS")

    def _ext(self, name: str) -> str:
        return f"{self.url}xapi/extensions/{name}"


def segment(text: str) -> str:
    """A journal value as one segment of an activity's IRI ("01-q2", "qr_scanned" unchanged)."""
    return quote(text, safe="-._~")


def chronological(records: Iterable[Mapping]) -> list[Mapping]:
    """`records` in time order, ties in a fixed order: what makes the derived statements (dated
    by the earliest records that made them true) the same whatever the order of the files and
    of the lines (a page writes the records it held for its key after `chapter opened`)."""
    def key(record: Mapping) -> tuple:
        stamp = record.get("timestamp")
        when = stamp.timestamp() if isinstance(stamp, datetime) and stamp.tzinfo else 0.0
        return when, json.dumps(record, sort_keys=True, default=str)
    return sorted(records, key=key)


def statements(records: Iterable[Mapping], url: str,
               sessions: Sequence[ClassSession] = ()) -> list[dict]:
    """Every statement of `records`, fed in time order (see `StatementMaker`, `chronological`)."""
    maker = StatementMaker(url, sessions)
    return [statement for record in chronological(records) for statement in maker.feed(record)]
