"""The journal's xAPI statements through a real LRS: Ralph, started here (file-system backend,
HTTP API with basic authentication), read back through its own GET /xAPI/statements."""

from __future__ import annotations

import json
import os
import secrets
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from ecpx.texts.common import STEPS
from ecpx.texts.progress import QUIZ_SIZES
from ecpx.training import lrs, xapi
from ecpx.training.follow import JournalFollower
from ecpx.training.progress import DONE, learner_progress
from ecpx.training.sessions import read_sessions, start_session

from tests.serving import serving
from tests.training.ralph import PASSWORD, USER, Ralph, RalphMissing, validate

COURSE = "http://ecpx.test:8866/"
ANNE, BRUNO = "7KQ4-M2XD-9PFA-3HNC", "3HNC-9PFA-M2XD-7KQ4"


def wait_until(condition, timeout: float, what, step: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    pytest.fail(f"not within {timeout} s: {what() if callable(what) else what}")


class Learner:
    """One learner's kernel writing the journal as sink.py does (one JSON line per record)."""

    def __init__(self, folder, key: str, start: datetime) -> None:
        self.key, self.now = key, start
        self.path = folder / f"training-testhost-{os.getpid()}-{secrets.token_hex(4)}.jsonl"

    def write(self, chapter: str, **record) -> None:
        self.now += timedelta(seconds=3)
        row = {**record, "timestamp": self.now.isoformat(), "source": "training",
               "learner": self.key, "chapter": chapter}
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(row) + "\n")

    def opens(self, chapter: str) -> None:
        self.write(chapter, kind="chapter", step="opened")

    def answers(self, chapter: str, right: int, wrong_first: bool = False) -> None:
        for n in range(1, right + 1):
            if wrong_first:
                self.write(chapter, kind="quiz", question=f"{chapter}-q{n}", outcome="error",
                           tries=1)
            self.write(chapter, kind="quiz", question=f"{chapter}-q{n}", outcome="ok",
                       tries=2 if wrong_first else 1)

    def walks(self, method: str, scenario: str = "nominal") -> None:
        chapter = {"A": "02", "B": "03"}[method]
        case = secrets.token_hex(4)
        steps = STEPS[method]
        self.write(chapter, kind="activation", case_id=case, method=method, step=steps[1],
                   outcome="error", error="password_format", scenario=scenario)
        for step in steps:
            self.write(chapter, kind="activation", case_id=case, method=method, step=step,
                       outcome="ok", error="", scenario=scenario)


@pytest.fixture
def ralph(tmp_path):
    try:
        server = Ralph(tmp_path / "ralph")
    except RalphMissing as missing:
        pytest.fail(str(missing))
    with server:
        yield server


def expected(folder) -> list[dict]:
    return xapi.statements(JournalFollower(folder).poll(), COURSE, read_sessions(folder).items)


def held(ralph: Ralph) -> Counter:
    return Counter(s["id"] for s in ralph.statements())


def test_a_class_round_trip_through_ralph_loses_and_repeats_nothing(tmp_path, ralph):
    journal = tmp_path / "journal"
    journal.mkdir()
    start = datetime.now(UTC) - timedelta(hours=1)
    session = start_session(journal, "Formation test", start)
    anne, bruno = Learner(journal, ANNE, start), Learner(journal, BRUNO, start)
    anne.opens("00"), anne.answers("00", QUIZ_SIZES["00"], wrong_first=True)
    anne.opens("02"), anne.walks("A")
    anne.opens("04")
    bruno.opens("01"), bruno.answers("01", QUIZ_SIZES["01"] - 1)
    bruno.opens("03"), bruno.walks("B", scenario="sms_late")

    forwarder = lrs.Forwarder(journal, lrs.LrsClient(ralph.url, (USER, PASSWORD)), COURSE,
                              poll=0.2, max_retry=4).start()  # back-off: 2 s, then 4 s
    try:
        want = expected(journal)
        wait_until(lambda: set(held(ralph)) >= {s["id"] for s in want}, 60,
                   "every statement in the LRS")
        stored = ralph.statements()
        assert Counter(s["id"] for s in stored) == Counter(s["id"] for s in want)
        assert forwarder.failures == 0
        assert validate(want) == []  # Ralph's own xAPI 1.0.3 statement model

        # Every completed chapter and quiz answer, once, with the learner's key only.
        by_id = {s["id"]: s for s in stored}
        for key in (ANNE, BRUNO):
            records = [r for r in JournalFollower(journal).poll() if r["learner"] == key]
            done = {c["chapter"] for c in learner_progress(records)["chapters"]
                    if c["status"] == DONE}
            mine = [s for s in by_id.values() if s["actor"]["account"]["name"] == key]
            completed = Counter(s["object"]["id"].removeprefix(COURSE + "chapter/")
                                for s in mine if s["verb"]["id"].endswith("/completed")
                                and "/chapter/" in s["object"]["id"])
            assert completed == Counter(done), key
            answers = sum(r["kind"] == "quiz" for r in records)
            assert sum(s["verb"]["id"].endswith("/answered") for s in mine) == answers
        assert {"02", "04", "00"} <= {c for s in by_id.values() for c in [
            s["object"]["id"].rsplit("/", 1)[-1]] if s["verb"]["id"].endswith("/completed")}
        for statement in stored:
            assert set(statement["actor"]) == {"objectType", "account"}
            assert statement["actor"]["account"] == {
                "homePage": COURSE, "name": statement["actor"]["account"]["name"]}
            assert statement["context"]["extensions"][COURSE + "xapi/extensions/session"][
                "id"] == session.id

        # The LRS stops; the class goes on; nothing is lost once it is back.
        ralph.stop()
        bruno.answers("01", QUIZ_SIZES["01"])  # Bruno now passes chapter 01's quiz
        anne.opens("06")
        wait_until(lambda: forwarder.failures > 0 and forwarder.pending, 30,
                   "the forwarder meets the stopped LRS and keeps its statements")
        ralph.start()
        want = expected(journal)
        wait_until(lambda: Counter(s["id"] for s in want) == held(ralph), 60,
                   lambda: f"the waiting statements delivered, each once: want {len(want)}, "
                           f"LRS {held(ralph).total()}, pending {len(forwarder.pending)}\n"
                           f"{ralph.log()[-2000:]}")
        passed = [s for s in ralph.statements() if s["verb"]["id"].endswith("/passed")
                  and s["actor"]["account"]["name"] == BRUNO]
        assert [s["result"]["score"]["scaled"] for s in passed] == [1.0]
    finally:
        forwarder.stop()

    # A restarted server sends nothing twice: the delivered ids are kept in the journal folder.
    ledger = journal / lrs.LEDGER
    assert ledger.stat().st_mode & 0o777 == 0o600
    again = lrs.Forwarder(journal, lrs.LrsClient(ralph.url, (USER, PASSWORD)), COURSE)
    assert again.collect() == 0
    # Even with that file lost, a resend leaves one copy of each statement (stable ids).
    ledger.unlink()
    again = lrs.Forwarder(journal, lrs.LrsClient(ralph.url, (USER, PASSWORD)), COURSE)
    assert again.collect() == len(want)
    again.deliver()
    assert again.failures == 0 and not again.pending
    assert held(ralph) == Counter(s["id"] for s in want)


@pytest.mark.slow
def test_ecpx_serve_forwards_in_the_background_and_a_dead_lrs_is_one_warning(tmp_path):
    """`ecpx serve --lrs`: credentials from a file (never argv); the LRS is down when the
    server starts (a warning, pages answer), then comes up and gets every statement."""
    journal = tmp_path / "journal"
    journal.mkdir()
    learner = Learner(journal, ANNE, datetime.now(UTC) - timedelta(minutes=5))
    learner.opens("00"), learner.answers("00", QUIZ_SIZES["00"])
    secret = tmp_path / "lrs-credentials"
    secret.write_text(f"{USER}:{PASSWORD}\n")
    secret.chmod(0o600)
    try:
        lrs_server = Ralph(tmp_path / "ralph")
    except RalphMissing as missing:
        pytest.fail(str(missing))
    env = {**os.environ, "ECPX_JOURNAL": str(journal)}
    log = tmp_path / "voila.log"
    with serving("--lrs", lrs_server.url, "--lrs-credentials", str(secret),
                 "--course-url", COURSE, env=env, log=log) as server:
        url, process = server.url, server.process
        wait_until(lambda: "not reachable" in log.read_text(), 60,
                   "a warning about the dead LRS in the server's output")
        started = time.monotonic()
        with urllib.request.urlopen(url + "/", timeout=10) as page:
            assert page.status == 200
        assert time.monotonic() - started < 5
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes().decode(errors="replace")
        assert PASSWORD not in cmdline
        with lrs_server:
            want = {s["id"] for s in xapi.statements(JournalFollower(journal).poll(), COURSE)}
            wait_until(lambda: set(held(lrs_server)) == want, 90,
                       "the statements delivered once the LRS is up")
            learner.opens("01")  # a record written while the server runs
            want = {s["id"] for s in xapi.statements(JournalFollower(journal).poll(), COURSE)}
            wait_until(lambda: set(held(lrs_server)) == want, 30, "the new record's statement")
        text = log.read_text()
        assert PASSWORD not in text
        assert text.count("not reachable") == 1
