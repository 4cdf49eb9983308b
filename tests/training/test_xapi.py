"""The training journal as xAPI statements, without an LRS: the mapping of each record kind,
what identifies a learner (a random key, nothing else), stable ids, the order of the files,
Ralph's own statement model (run from .venv/ralph), and `ecpx training export-xapi`."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from ecpx.texts.common import STEPS
from ecpx.texts.progress import QUIZ_SIZES
from ecpx.training import xapi
from ecpx.training.follow import JournalFollower
from ecpx.training.sessions import end_session, read_sessions, start_session

from tests.training.ralph import RALPH_VENV, validate

COURSE = "http://ecpx.test:8866/"
ANNE, BRUNO = "7KQ4-M2XD-9PFA-3HNC", "3HNC-9PFA-M2XD-7KQ4"
T0 = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
ADL = "http://adlnet.gov/expapi/verbs/"
# What a kernel's record may carry beside what the statements use: none of it may leak.
PRIVATE = {"name": "Jeanne Dupont", "email": "jeanne.dupont@example.org",
           "ip": "192.168.1.23", "platform": "android", "os_version": "14", "card_type": "CPS",
           "source": "training"}


def record(kind: str, minutes: float, learner: str = ANNE, **fields) -> dict:
    """A record as the follower gives it (`timestamp` an aware datetime)."""
    return {"kind": kind, "learner": learner, "timestamp": T0 + timedelta(minutes=minutes),
            **PRIVATE, **fields}


def opened(chapter: str, minutes: float, learner: str = ANNE) -> dict:
    return record("chapter", minutes, learner, chapter=chapter, step="opened")


def answer(question: str, ok: bool, minutes: float, learner: str = ANNE, tries: int = 1) -> dict:
    return record("quiz", minutes, learner, chapter=question[:2], question=question,
                  outcome="ok" if ok else "error", tries=tries)


def step(method: str, name: str, minutes: float, learner: str = ANNE, error: str = "",
         case: str = "case-1", scenario: str = "nominal") -> dict:
    return record("activation", minutes, learner, chapter={"A": "02", "B": "03"}[method],
                  case_id=case, method=method, step=name, outcome="error" if error else "ok",
                  error=error, scenario=scenario)


def walk(method: str, start: float, learner: str = ANNE, case: str = "case-1") -> list[dict]:
    return [step(method, name, start + n, learner, case=case)
            for n, name in enumerate(STEPS[method])]


def quiz(chapter: str, start: float, learner: str = ANNE) -> list[dict]:
    return [answer(f"{chapter}-q{n}", True, start + n, learner)
            for n in range(1, QUIZ_SIZES[chapter] + 1)]


def a_class() -> list[dict]:
    """Two learners: chapters opened, quizzes right and wrong, walks with an error."""
    return [
        opened("00", 0), answer("00-q1", False, 1, tries=1), *quiz("00", 2),
        opened("02", 10), step("A", STEPS["A"][1], 11, error="password_format"),
        *walk("A", 12), opened("04", 30), opened("06", 31),
        opened("01", 0, BRUNO), *quiz("01", 1, BRUNO)[:-1],
        opened("03", 20, BRUNO), *walk("B", 21, BRUNO, case="case-2"),
    ]


def made(*records: dict, url: str = COURSE, sessions=()) -> list[dict]:
    return xapi.statements(records, url, sessions)


def only(statements: list[dict], verb: str) -> dict:
    chosen = [s for s in statements if s["verb"]["id"] == ADL + verb]
    assert len(chosen) == 1, [s["verb"]["id"] for s in statements]
    return chosen[0]


def context_extension(statement: dict, name: str):
    return statement["context"].get("extensions", {}).get(f"{COURSE}xapi/extensions/{name}")


# -- the mapping of each record kind


def assert_common(statement: dict, when: datetime, learner: str = ANNE) -> None:
    assert statement["actor"] == {"objectType": "Agent",
                                  "account": {"homePage": COURSE, "name": learner}}
    assert statement["verb"]["id"].startswith(ADL)
    assert statement["verb"]["display"] == {"en-US": statement["verb"]["id"].removeprefix(ADL)}
    assert statement["object"]["objectType"] == "Activity"
    assert statement["object"]["id"].startswith(COURSE)
    assert statement["object"]["definition"]["type"].startswith(
        "http://adlnet.gov/expapi/activities/")
    assert statement["version"] == "1.0.3"
    assert statement["timestamp"] == when.isoformat(timespec="milliseconds").replace(
        "+00:00", "Z")
    context = statement["context"]
    assert context["platform"] == "ecpx" and context["language"] == "fr-FR"
    assert context["contextActivities"]["grouping"] == [
        {"objectType": "Activity", "id": COURSE, "definition": {
            "type": "http://adlnet.gov/expapi/activities/course",
            "name": {"fr-FR": "Activer votre e-CPS"}}}]
    assert uuid.UUID(statement["id"]).version == 5


def test_chapter_opened_is_experienced_the_chapter():
    (statement,) = made(opened("02", 5))
    assert_common(statement, T0 + timedelta(minutes=5))
    assert statement["verb"]["id"] == ADL + "experienced"
    assert statement["object"]["id"] == COURSE + "chapter/02"
    assert statement["object"]["definition"]["type"].endswith("/module")
    assert "result" not in statement
    assert "parent" not in statement["context"]["contextActivities"]


@pytest.mark.parametrize(("ok", "tries"), [(True, 2), (False, 1)])
def test_a_quiz_answer_is_answered_the_question_with_its_success_and_tries(ok, tries):
    (statement,) = made(answer("01-q3", ok, 7, tries=tries))
    assert_common(statement, T0 + timedelta(minutes=7))
    assert statement["verb"]["id"] == ADL + "answered"
    assert statement["object"]["id"] == COURSE + "quiz/01-q3"
    assert statement["object"]["definition"]["type"].endswith("/question")
    assert statement["result"] == {"success": ok,
                                   "extensions": {COURSE + "xapi/extensions/tries": tries}}
    (parent,) = statement["context"]["contextActivities"]["parent"]
    assert parent["id"] == COURSE + "chapter/01"


def test_a_simulator_step_is_interacted_with_its_success():
    (statement,) = made(step("A", "qr_scanned", 3, scenario="qr_late"))
    assert_common(statement, T0 + timedelta(minutes=3))
    assert statement["verb"]["id"] == ADL + "interacted"
    assert statement["object"]["id"] == COURSE + "simulator/A/qr_scanned"
    assert statement["object"]["definition"]["type"].endswith("/interaction")
    assert statement["result"] == {"success": True}
    (parent,) = statement["context"]["contextActivities"]["parent"]
    assert parent["id"] == COURSE + "simulator/A"
    assert parent["definition"]["type"].endswith("/simulation")
    assert context_extension(statement, "method") == "A"
    assert context_extension(statement, "scenario") == "qr_late"


def test_a_simulator_error_is_interacted_without_success_with_its_error_code():
    (statement,) = made(step("B", "sms_code_entered", 3, error="sms_code_wrong"))
    assert statement["verb"]["id"] == ADL + "interacted"
    assert statement["object"]["id"] == COURSE + "simulator/B/sms_code_entered"
    assert statement["result"] == {
        "success": False, "extensions": {COURSE + "xapi/extensions/error": "sms_code_wrong"}}


def test_a_walk_completed_is_completed_the_simulator_then_the_chapter():
    statements = made(*walk("A", 0))
    interacted = [s for s in statements if s["verb"]["id"] == ADL + "interacted"]
    assert [s["object"]["id"].rsplit("/", 1)[1] for s in interacted] == list(STEPS["A"])
    completed = [s for s in statements if s["verb"]["id"] == ADL + "completed"]
    assert [s["object"]["id"] for s in completed] == [COURSE + "simulator/A",
                                                      COURSE + "chapter/02"]
    last = T0 + timedelta(minutes=len(STEPS["A"]) - 1)
    simulator, chapter = completed
    assert_common(simulator, last)
    assert simulator["result"] == {"completion": True, "success": True}
    assert context_extension(simulator, "method") == "A"
    assert_common(chapter, last)  # chapter 02 is done by a walk of method A
    assert chapter["result"] == {"completion": True}
    # An error at the final step completes nothing.
    assert {s["verb"]["id"] for s in made(step("A", "activated", 0, error="pin_wrong"))} == {
        ADL + "interacted"}


def test_a_reading_chapter_is_done_when_opened():
    statements = made(opened("04", 1), opened("04", 2))
    completed = only(statements, "completed")
    assert completed["object"]["id"] == COURSE + "chapter/04"
    assert_common(completed, T0 + timedelta(minutes=1))
    assert completed["result"] == {"completion": True}
    assert sum(s["verb"]["id"] == ADL + "experienced" for s in statements) == 2
    # A quiz chapter is not done by opening it.
    assert [s["verb"]["id"] for s in made(opened("01", 1))] == [ADL + "experienced"]


def test_every_question_right_is_passed_the_quiz_and_completed_the_chapter():
    size = QUIZ_SIZES["01"]
    records = [answer("01-q1", False, 0), *quiz("01", 1), answer("01-q1", True, 50)]
    statements = made(*records)
    assert sum(s["verb"]["id"] == ADL + "answered" for s in statements) == size + 2
    passed = only(statements, "passed")
    assert passed["object"]["id"] == COURSE + "chapter/01/quiz"
    assert passed["object"]["definition"]["type"].endswith("/assessment")
    assert passed["result"] == {"success": True, "completion": True,
                                "score": {"raw": size, "min": 0, "max": size, "scaled": 1.0}}
    assert passed["context"]["contextActivities"]["parent"][0]["id"] == COURSE + "chapter/01"
    # Dated by the last question's first right answer, not by a later one.
    assert_common(passed, T0 + timedelta(minutes=1 + size))
    completed = only(statements, "completed")
    assert completed["object"]["id"] == COURSE + "chapter/01"
    assert completed["timestamp"] == passed["timestamp"]
    # One question still wrong: nothing passed.
    assert not [s for s in made(*quiz("01", 1)[:-1], answer(f"01-q{size}", False, 9))
                if s["verb"]["id"] in (ADL + "passed", ADL + "completed")]


# -- the learner: a random key, nothing else


def walk_json(value, path=""):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield path + "/" + key, key
            yield from walk_json(inner, path + "/" + key)
    elif isinstance(value, list):
        for inner in value:
            yield from walk_json(inner, path + "[]")


def test_the_actor_is_the_learner_key_and_nothing_identifying_is_sent():
    statements = made(*a_class())
    assert len(statements) > 30
    for statement in statements:
        assert statement["actor"] in (
            {"objectType": "Agent", "account": {"homePage": COURSE, "name": key}}
            for key in (ANNE, BRUNO))
        text = json.dumps(statement, ensure_ascii=False)
        for field in ("name", "email", "ip", "platform"):
            assert PRIVATE[field] not in text
        assert "@" not in text and "192.168." not in text
        keys = {key.lower() for _, key in walk_json(statement)}
        assert not keys & {"mbox", "mbox_sha1sum", "openid", "email", "e-mail", "mail", "ip",
                           "ip_address", "address", "host", "hostname", "platform_name",
                           "os_version", "card_type", "member", "authority", "instructor"}
        # "name" only as an activity's name or the account's (the key).
        for path, key in walk_json(statement):
            if key == "name":
                assert path == "/actor/account/name" or path.endswith(
                    ("/definition/name", "xapi/extensions/session/name")), path


@pytest.mark.parametrize("learner", [None, "", 42, "jeanne.dupont@example.org", "7KQ4-M2XD",
                                     "7kq4-m2xd-9pfa-3hnc"])
def test_a_record_without_a_learner_key_gives_no_statement(learner):
    records = [opened("04", 0), answer("00-q1", True, 1), *walk("A", 2)]
    for one in records:
        if learner is None:
            del one["learner"]
        else:
            one["learner"] = learner
    assert made(*records) == []


def test_damaged_records_give_no_statement_and_never_raise():
    odd = [record("activation", 0, method=["A"], step="activated", case_id="c"),
           record("activation", 0, method="C", step="activated", case_id="c"),
           record("activation", 0, method="A", step="", case_id="c"),
           record("quiz", 0, question=""), record("chapter", 0, chapter="01", step="closed"),
           record("chapter", 0, chapter="", step="opened"),
           {**opened("04", 0), "timestamp": "2026-03-12T09:00:00+00:00"},
           {**opened("04", 0), "timestamp": datetime(2026, 3, 12, 9)}]
    assert made(*odd) == []


def test_odd_journal_values_still_make_valid_activity_ids():
    (statement,) = made(step("A", "a step/with ? # spaces", 0))
    assert statement["object"]["id"] == (
        COURSE + "simulator/A/a%20step%2Fwith%20%3F%20%23%20spaces")


# -- ids


def test_ids_are_stable_and_tell_records_apart():
    records = a_class()
    first, again = made(*records), made(*[dict(r) for r in records])
    assert first == again
    ids = [s["id"] for s in first]
    assert len(set(ids)) == len(ids)
    # The same record, fed again (a restart, a retry), is the same statement.
    maker = xapi.StatementMaker(COURSE)
    assert maker.feed(opened("02", 1))[0]["id"] == made(opened("02", 1))[0]["id"]
    # What tells two records apart changes the id.
    base = made(answer("01-q1", True, 1))[0]["id"]
    assert made(answer("01-q1", True, 2))[0]["id"] != base
    assert made(answer("01-q1", True, 1, BRUNO))[0]["id"] != base
    assert made(answer("01-q1", False, 1))[0]["id"] != base
    assert made(answer("01-q2", True, 1))[0]["id"] != base
    assert made(answer("01-q1", True, 1), url="https://other.example/")[0]["id"] != base
    # Two walks of one learner are two completions; one walk's steps are distinct statements.
    walks = made(*walk("A", 0), *walk("A", 20, case="case-2"))
    simulator = [s["id"] for s in walks if s["verb"]["id"] == ADL + "completed"
                 and s["object"]["id"] == COURSE + "simulator/A"]
    assert len(set(simulator)) == 2


def test_the_same_journal_in_any_order_gives_the_same_statements():
    # Anne answers in two tabs (two kernels, two files): q2 then q1 again in one, q1 in the
    # other, earlier. The quiz is passed when q1 was first right, whatever file is read first.
    records = [*a_class(), answer("00-q2", True, 40), answer("00-q1", True, 45),
               answer("00-q1", True, 42)]
    want = sorted(made(*records), key=lambda s: s["id"])
    shuffled = list(records)
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert sorted(made(*shuffled), key=lambda s: s["id"]) == want
    tabs = [answer("00-q2", True, 1), answer("00-q1", True, 10)]  # chapter 00: 2 questions
    other = [answer("00-q1", True, 5)]
    one, two = made(*tabs, *other), made(*other, *tabs)
    assert sorted(one, key=lambda s: s["id"]) == sorted(two, key=lambda s: s["id"])
    assert only(one, "passed")["timestamp"] == "2026-03-12T09:05:00.000Z"


def write_journal(folder, files: dict[str, list[dict]]) -> None:
    folder.mkdir(exist_ok=True)
    for name, records in files.items():
        with (folder / name).open("w", encoding="utf-8") as file:
            for one in records:
                file.write(json.dumps({**one, "timestamp": one["timestamp"].isoformat()}) + "\n")


def test_the_same_journal_files_read_in_another_order_give_the_same_statements(tmp_path):
    # A page writes the records it held for its key after `chapter opened`: not in time order.
    # Anne's q1 was first right in the other tab (second file), at 09:05.
    held = [opened("00", 12), answer("00-q2", True, 1), answer("00-q1", True, 10)]
    second = [answer("00-q1", True, 5), opened("04", 3)]
    write_journal(tmp_path / "a", {"training-h-1-aaaa.jsonl": held,
                                   "training-h-2-bbbb.jsonl": second})
    write_journal(tmp_path / "b", {"training-h-2-aaaa.jsonl": second,
                                   "training-h-1-bbbb.jsonl": held})
    a, b = (made(*JournalFollower(tmp_path / name).poll()) for name in "ab")
    assert a and sorted(a, key=lambda s: s["id"]) == sorted(b, key=lambda s: s["id"])
    assert only(a, "passed")["timestamp"] == "2026-03-12T09:05:00.000Z"


def test_a_class_session_is_the_registration_and_an_extension(tmp_path):
    session = start_session(tmp_path, "Formation 12 mars", T0)
    end_session(tmp_path, session.id, T0 + timedelta(minutes=30))
    inside, after = made(opened("04", 10), opened("06", 40),
                         sessions=read_sessions(tmp_path).items)[::2]
    assert inside["context"]["registration"] == str(
        uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, COURSE), f"session:{session.id}"))
    assert context_extension(inside, "session") == {"id": session.id,
                                                    "name": "Formation 12 mars"}
    assert "registration" not in after["context"]
    assert context_extension(after, "session") is None


# -- Ralph's own xAPI model


def need_ralph() -> None:
    if not (RALPH_VENV / "bin" / "python").exists():
        pytest.fail(f"Ralph is missing ({RALPH_VENV}): `./run test` installs it (need_ralph: "
                    "pip install 'ralph-malph[cli,lrs]==5.1.0' requests in .venv/ralph)")


def test_every_statement_is_valid_for_ralphs_xapi_model(tmp_path):
    need_ralph()
    session = start_session(tmp_path, "Formation 12 mars", T0 - timedelta(minutes=1))
    statements = made(*a_class(), step("A", "odd step/é", 60),
                      sessions=read_sessions(tmp_path).items)
    assert {s["verb"]["id"].removeprefix(ADL) for s in statements} == {
        "experienced", "answered", "interacted", "completed", "passed"}
    assert context_extension(statements[0], "session")["id"] == session.id
    assert validate(statements) == []
    # The model does refuse what is not a statement (the check is not vacuous).
    broken = {**statements[0], "actor": {"objectType": "Agent", "mbox": "jeanne"}}
    assert len(validate([broken, {**statements[0], "verb": {"id": "not an IRI"}}])) == 2


# -- `ecpx training export-xapi`


def ecpx(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ecpx.cli", "training", "export-xapi", *args],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def read_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def journal(tmp_path):
    folder = tmp_path / "journal"
    write_journal(folder, {"training-h-1-aaaa.jsonl": a_class()[:9],
                           "training-h-2-bbbb.jsonl": a_class()[9:]})
    return folder


def test_export_writes_json_lines_for_a_period(journal, tmp_path):
    everything = made(*JournalFollower(journal).poll())
    out = tmp_path / "all.jsonl"
    done = ecpx("--journal", str(journal), "--course-url", COURSE, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert read_lines(out) == everything
    assert f"{len(everything)} statement(s)" in done.stderr

    since, until = T0 + timedelta(minutes=10), T0 + timedelta(minutes=20)
    done = ecpx("--journal", str(journal), "--course-url", COURSE,
                "--since", "2026-03-12T10:10:00+01:00", "--until", "2026-03-12T09:20")
    assert done.returncode == 0, done.stderr
    period = [json.loads(line) for line in done.stdout.splitlines()]
    want = [s for s in everything
            if since <= datetime.fromisoformat(s["timestamp"]) < until]
    assert period == want and 0 < len(want) < len(everything)


def test_export_of_a_class_session(journal, tmp_path):
    first = start_session(journal, "Formation du matin", T0 + timedelta(minutes=10))
    end_session(journal, first.id, T0 + timedelta(minutes=20))
    start_session(journal, "Formation de l'après-midi", T0 + timedelta(minutes=25))
    out = tmp_path / "session.jsonl"
    done = ecpx("--journal", str(journal), "--course-url", COURSE, "--session", first.id,
                "-o", str(out))
    assert done.returncode == 0, done.stderr
    lines = read_lines(out)
    assert lines
    for statement in lines:
        assert T0 + timedelta(minutes=10) <= datetime.fromisoformat(
            statement["timestamp"]) < T0 + timedelta(minutes=20)
        assert context_extension(statement, "session")["id"] == first.id
    everything = made(*JournalFollower(journal).poll(), sessions=read_sessions(journal).items)
    assert lines == [s for s in everything
                     if (context_extension(s, "session") or {}).get("id") == first.id]


def assert_usage_error(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    for word in words:
        assert word in lines[0]


def test_export_never_writes_over_a_file_nor_into_the_journal(journal, tmp_path):
    base = ("--journal", str(journal), "--course-url", COURSE)
    existing = tmp_path / "earlier.jsonl"
    existing.write_text("keep me\n")
    inputs = sorted(journal.glob("training-*.jsonl"))
    before = {path: path.read_bytes() for path in inputs}
    assert_usage_error(ecpx(*base, "-o", str(existing)), str(existing), "exists")
    assert existing.read_text() == "keep me\n"
    for path in inputs:
        assert_usage_error(ecpx(*base, "-o", str(path)), str(path))
    # Through another name of the same folder, and a new file the journal would read.
    assert_usage_error(ecpx(*base, "-o", str(journal / ".." / "journal" / inputs[0].name)))
    for name in ("training-new.jsonl", "sessions.jsonl", "xapi-delivered.txt"):
        assert_usage_error(ecpx(*base, "-o", str(journal / name)), "journal")
        assert not (journal / name).exists()
    assert {path: path.read_bytes() for path in inputs} == before
    assert sorted(journal.iterdir()) == inputs


def test_export_errors_are_one_line_and_exit_2(journal, tmp_path):
    base = ("--journal", str(journal), "--course-url", COURSE)
    assert_usage_error(ecpx(*base, "--session", "nosuchsession"), "nosuchsession")
    assert_usage_error(ecpx(*base, "--since", "yesterday"), "--since", "yesterday")
    assert_usage_error(ecpx(*base, "--until", "12/03/2026"), "--until")
    assert_usage_error(ecpx(*base, "--since", "2026-03-12T10:00", "--until", "2026-03-12"),
                       "--since")
    assert_usage_error(ecpx("--journal", str(journal), "--course-url", "ftp://x/"), "http")
    assert_usage_error(ecpx("--journal", str(tmp_path / "absent"), "--course-url", COURSE),
                       "absent")
    assert_usage_error(ecpx(*base, "-o", str(tmp_path / "no" / "such" / "dir.jsonl")),
                       "dir.jsonl")


def test_export_takes_the_journal_and_course_from_the_environment(journal):
    done = ecpx(env={"ECPX_JOURNAL": str(journal), "ECPX_COURSE_URL": COURSE.rstrip("/")})
    assert done.returncode == 0, done.stderr
    assert [json.loads(line) for line in done.stdout.splitlines()] == made(
        *JournalFollower(journal).poll())
