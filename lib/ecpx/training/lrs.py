"""Forwarding the training journal to a learning record store (xAPI), standard library only.

`ecpx serve --lrs URL` runs one `Forwarder` in the course server's process (never in a
learner's kernel): a daemon thread that follows the journal folder with the incremental
`JournalFollower`, turns new records into statements (`ecpx.training.xapi`) and POSTs them in
batches to `URL/statements`. A learner's page never waits for it: the kernels only append to
the journal, as without an LRS.

What was delivered is kept in the journal folder, in `xapi-delivered.txt` (0600: one statement
id a line, appended after each batch the LRS accepted). At start, the forwarder reads the whole
journal again and sends every statement whose id is not there: what could not be sent before a
stop (a dead LRS, a restart of the server) is sent then, and nothing twice (ids are stable, and
an LRS stores a statement id once). While the LRS does not answer, the statements wait in
memory and the forwarder retries with exponential back-off (2 s, 4 s … up to 5 minutes); the
server's output gets one warning when delivery stops and one line when it resumes.

Credentials never travel in argv: `$ECPX_LRS_USER` and `$ECPX_LRS_PASSWORD`, or a file
(`--lrs-credentials FILE`: one line `user:password`), read and taken out of the environment by
the server before any kernel starts.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from ecpx.training.follow import JournalFollower
from ecpx.training.sessions import read_sessions
from ecpx.training.xapi import VERSION, StatementMaker

URL_ENV, USER_ENV, PASSWORD_ENV, FILE_ENV = (
    "ECPX_LRS_URL", "ECPX_LRS_USER", "ECPX_LRS_PASSWORD", "ECPX_LRS_CREDENTIALS")
LEDGER = "xapi-delivered.txt"
BATCH = 200  # statements per POST
POLL = 2.0  # seconds between two reads of the journal
TIMEOUT = 15.0  # seconds for one request
FIRST_RETRY, MAX_RETRY = 2.0, 300.0
REJECTED = "rejected "  # ledger prefix: a statement the LRS refused (400): never sent again

log = logging.getLogger(__name__)


class LrsError(Exception):
    """The LRS did not take a batch: `status` is its HTTP status (0: no answer)."""

    def __init__(self, status: int, why: str) -> None:
        super().__init__(f"HTTP {status}: {why}" if status else why)
        self.status = status


def read_credentials(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(user, password) from `$ECPX_LRS_CREDENTIALS` (a file: `user:password`) or from
    `$ECPX_LRS_USER` and `$ECPX_LRS_PASSWORD`; None when neither is set."""
    environ = os.environ if environ is None else environ
    if environ.get(FILE_ENV):
        text = Path(environ[FILE_ENV]).expanduser().read_text(encoding="utf-8").strip()
        user, sep, password = text.partition(":")
        if not sep or not user:
            raise ValueError(f"{environ[FILE_ENV]}: expected one line `user:password`")
        return user, password
    if environ.get(USER_ENV):
        return environ[USER_ENV], environ.get(PASSWORD_ENV, "")
    return None


class LrsClient:
    """POST /statements of an xAPI LRS (basic authentication), with urllib."""

    def __init__(self, url: str, credentials: tuple[str, str] | None = None,
                 timeout: float = TIMEOUT) -> None:
        if "@" in url.partition("://")[2].partition("/")[0]:
            raise ValueError("credentials go in the environment or a file, not in the LRS URL")
        self.url = url.rstrip("/") + "/statements"
        self.timeout = timeout
        self.headers = {"Content-Type": "application/json",
                        "X-Experience-API-Version": VERSION}
        if credentials is not None:
            token = base64.b64encode(":".join(credentials).encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def post(self, statements: list[dict]) -> None:
        """Send a batch; LrsError when the LRS did not store it (204: all known already)."""
        body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, headers=self.headers,
                                         method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                answer.read()
        except urllib.error.HTTPError as error:
            detail = error.read(300).decode("utf-8", "replace")
            raise LrsError(error.code, detail) from None
        except (OSError, ValueError) as error:  # refused, reset, timeout, bad URL
            raise LrsError(0, str(getattr(error, "reason", error))) from None


class Forwarder:
    """Follows a journal folder and delivers its statements to an LRS, in the background."""

    def __init__(self, folder: str | Path, client: LrsClient, url: str, *,
                 poll: float = POLL, batch: int = BATCH, max_retry: float = MAX_RETRY,
                 clock: Callable[[], float] = time.monotonic,
                 logger: logging.Logger | None = None) -> None:
        self.folder = Path(folder)
        self.log = logger or log
        self.client = client
        self.url = url
        self.poll_every, self.batch, self.max_retry = poll, batch, max_retry
        self.clock = clock
        self.follower = JournalFollower(self.folder)
        self.maker = StatementMaker(url)
        self.pending: list[dict] = []
        self.delivered = self._read_ledger()
        self.sent = 0  # statements delivered since start
        self.failures = 0  # batches that failed since start
        self.retry_in = 0.0
        self._next_try = 0.0
        self._failing = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- one step, callable from tests without a thread

    def collect(self) -> int:
        """Read the journal's new records; queue the statements not delivered yet."""
        self.maker.sessions = read_sessions(self.folder).items
        new = [s for record in self.follower.poll() for s in self.maker.feed(record)
               if s["id"] not in self.delivered]
        with self._lock:
            self.pending.extend(new)
        return len(new)

    def deliver(self) -> int:
        """Send what waits, batch by batch, unless a retry is not due; statements sent."""
        sent = 0
        while self.pending and self.clock() >= self._next_try and not self._stop.is_set():
            with self._lock:
                batch = self.pending[: self.batch]
            try:
                self.client.post(batch)
            except LrsError as error:
                if error.status in (400, 409, 422, 413) and len(batch) > 1:
                    self._one_by_one(batch)  # find the one the LRS refuses
                    continue
                if error.status in (400, 409, 422):
                    self.log.warning("The LRS refused statement %s (%s): not sent again",
                                batch[0]["id"], error)
                    self._done(batch, rejected=True)
                    continue
                self._fail(error)
                break
            self._done(batch)
            sent += len(batch)
        return sent

    def _one_by_one(self, batch: list[dict]) -> None:
        for statement in batch:
            try:
                self.client.post([statement])
            except LrsError as error:
                if error.status not in (400, 409, 422):
                    self._fail(error)
                    return
                self.log.warning("The LRS refused statement %s (%s): not sent again",
                            statement["id"], error)
                self._done([statement], rejected=True)
            else:
                self._done([statement])

    def _done(self, batch: list[dict], rejected: bool = False) -> None:
        ids = [s["id"] for s in batch]
        self._append_ledger(ids, rejected)
        with self._lock:
            gone = set(ids)
            self.pending = [s for s in self.pending if s["id"] not in gone]
            self.delivered |= gone
        if not rejected:
            self.sent += len(batch)
        if self._failing:
            self._failing = False
            self.log.info("LRS %s reachable again: %d statement(s) still to send",
                          self.client.url, len(self.pending))
        self.retry_in = 0.0

    def _fail(self, error: LrsError) -> None:
        self.failures += 1
        self.retry_in = min(self.max_retry, self.retry_in * 2 or FIRST_RETRY)
        self._next_try = self.clock() + self.retry_in
        if not self._failing:
            self._failing = True
            self.log.warning("LRS %s not reachable (%s): %d statement(s) wait, retried with "
                        "back-off; learners are not affected", self.client.url, error,
                        len(self.pending))

    # -- the ledger of delivered statements (in the journal folder, 0600)

    def _read_ledger(self) -> set[str]:
        try:
            text = (self.folder / LEDGER).read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return set()
        lines = text.split("\n")[:-1]  # a last line without newline was cut: resend it
        return {line.removeprefix(REJECTED) for line in lines if line}

    def _append_ledger(self, ids: list[str], rejected: bool) -> None:
        prefix = REJECTED if rejected else ""
        data = "".join(f"{prefix}{i}\n" for i in ids).encode("ascii")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(self.folder / LEDGER, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        except OSError as error:  # delivered all the same; resent (and ignored) after restart
            self.log.warning("Cannot write %s (%s)", self.folder / LEDGER, error)

    # -- the background thread

    def start(self) -> Forwarder:
        self._thread = threading.Thread(target=self._run, name="ecpx-lrs", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.collect()
                self.deliver()
            except Exception:  # never let the thread die: log, and try again later
                self.log.exception("LRS forwarding failed; trying again")
            self._stop.wait(self.poll_every)


def forwarder_from_environment(folder: str | Path, url: str | None = None,
                               environ: dict | None = None,
                               logger: logging.Logger | None = None) -> Forwarder | None:
    """The server's forwarder, when `$ECPX_LRS_URL` is set; takes the LRS settings out of the
    environment (kernels must never see the credentials). Not started."""
    from ecpx.training.xapi import course_url

    environ = os.environ if environ is None else environ
    lrs = environ.pop(URL_ENV, "")
    try:
        credentials = read_credentials(environ)
    finally:
        for name in (USER_ENV, PASSWORD_ENV, FILE_ENV):
            environ.pop(name, None)
    if not lrs:
        return None
    return Forwarder(folder, LrsClient(lrs, credentials), course_url(url, environ),
                     logger=logger)
