"""The writer side of the shared training journal, with the standard library only.

Every simulator kernel imports this module, so it must stay light: no pandas, no pyarrow (a
class of thirty pays for every megabyte thirty times). The readers are `ecpx.logs.store`
(pandas) and `ecpx.training.follow` (incremental).

Concurrency without locks: each process writes its own JSON Lines file (host, pid and a random
token in the name), with one `os.write` per event on a file opened in append mode, so writers
never share a file and a reader never sees two events interleaved.

The folder is `$ECPX_JOURNAL`, or `$XDG_DATA_HOME/ecpx/journal` (by default
`~/.local/share/ecpx/journal`). A classroom points every kernel at one shared folder.

Learner progress (the `kind` column, README « The activation journal »): a kernel serves one
page, so the page's learner key and chapter live in this process (`PAGE`). Once the browser's
key has arrived (`PAGE.arrive`), every record carries `learner` and `chapter`; a page that
expects a key holds its records until the key arrives, so a preheated kernel that no learner
opened writes nothing.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import re
import secrets
import socket
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from ecpx.activation.events import Event, Sink

ENV_VAR = "ECPX_JOURNAL"
FILE_PATTERN = "training-*.jsonl"
KINDS = ("activation", "quiz", "chapter", "signin")  # records' `kind` (none: activation)
# « signin »: chapter 07's sign-ins (method "S"), which the activation-log readers set aside.
LEARNER_KEY = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
MAX_HELD = 500  # records a page keeps while its key has not arrived (a bound, not a quota)

log = logging.getLogger(__name__)


def journal_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the shared training journal, from the environment."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    data_home = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "ecpx" / "journal"


class TrainingSink:
    """A sink that appends events, marked `source="training"`, to this process's journal file.

    It never raises into a learner's notebook: if the folder cannot be written, it logs one
    warning and from then on discards events (the course works the same without a journal).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.disabled = False
        self._lock = threading.Lock()
        self._token = secrets.token_hex(4)
        self._fd: int | None = None
        self._pid: int | None = None

    def __call__(self, event: Event, scenario: str | None = None) -> None:
        """Append one activation event (with the simulator's `scenario` when it is known)."""
        if scenario is None and PAGE.chapter == "":
            # Outside a course page (CLI, tests): the journal's activation columns, as before.
            self._write(dataclasses.replace(event, source="training").as_row()
                        | {"timestamp": event.timestamp.isoformat()})
            return
        row = event.as_row()
        del row["timestamp"], row["source"]
        self.record("activation", timestamp=event.timestamp, scenario=scenario or "", **row)

    def record(self, kind: str, *, timestamp: datetime | None = None, **fields) -> None:
        """Append one record of `kind` for this page's learner and chapter (held until the
        learner's key arrives when the page expects one)."""
        stamp = (timestamp or datetime.now(UTC)).isoformat()
        row = {"kind": kind, **fields, "timestamp": stamp, "source": "training"}
        if PAGE.hold(self, row):
            return
        self._write(PAGE.stamp(row))

    def scenario(self, scenario: str) -> Sink:
        """This sink, its events marked with the simulator's scenario."""
        return lambda event: self(event, scenario=scenario)

    def _write(self, row: dict) -> None:
        if self.disabled:
            return
        line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            with self._lock:
                os.write(self._file(), line)
        except (OSError, ValueError) as error:
            self.disabled = True
            log.warning("Training journal disabled: cannot write to %s (%s)", self.folder, error)

    def _file(self) -> int:
        # Reopen after a fork so that parent and child never share a file.
        if self._fd is None or self._pid != os.getpid():
            # Learners' records: the folder 0700 when this creates it, each file 0600.
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._pid = os.getpid()
            name = f"training-{socket.gethostname()}-{self._pid}-{self._token}.jsonl"
            self._fd = os.open(self.folder / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return self._fd

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __del__(self) -> None:
        # Never raise from a finaliser; not contextlib.suppress: at interpreter exit (the page's
        # sink lives until then) module globals may already be gone.
        try:  # noqa: SIM105
            self.close()
        except Exception:
            pass


def training_sink(folder: str | Path | None = None) -> TrainingSink:
    """The sink that the course's screens give to the state machines during training."""
    return TrainingSink(Path(folder) if folder is not None else journal_folder())


class SigninSink(TrainingSink):
    """Chapter 07's sign-in events, as records of kind « signin » (not activation events)."""

    def __call__(self, event: Event, scenario: str | None = None) -> None:
        row = event.as_row()
        del row["timestamp"], row["source"]
        self.record("signin", timestamp=event.timestamp, scenario=scenario or "", **row)


def signin_sink(folder: str | Path | None = None) -> SigninSink:
    """The sink of chapter 07's sign-in simulator (the same journal folder)."""
    return SigninSink(Path(folder) if folder is not None else journal_folder())


def with_scenario(sink: Sink, scenario: str) -> Sink:
    """`sink` with the simulator's scenario on its journal records (other sinks unchanged)."""
    return sink.scenario(scenario) if isinstance(sink, TrainingSink) else sink


class LearnerPage:
    """The page this kernel serves: its chapter and, once the browser sent it, its learner key.

    `expect(chapter)` is called when the page's learner widget is built (a preheated kernel
    builds it before any learner opens the page); from then on records wait in memory until
    `arrive(key)`, which writes `chapter opened` then the waiting records, all with the key.
    A second key, or one that does not match the format, is ignored: one page, one learner.
    """

    def __init__(self) -> None:
        self.chapter = ""
        self.key = ""
        self._held: list[tuple[TrainingSink, dict]] = []
        self._lock = threading.Lock()
        self._own: TrainingSink | None = None

    def expect(self, chapter: str) -> None:
        with self._lock:
            self.chapter = chapter

    def arrive(self, key: object) -> bool:
        """Take the learner's key if it is the first valid one; True when taken."""
        if not isinstance(key, str) or not LEARNER_KEY.fullmatch(key):
            return False
        with self._lock:
            if self.key or not self.chapter:
                return False
            self.key = key
            held, self._held = self._held, []
        self.sink().record("chapter", step="opened")
        for sink, row in held:
            sink._write(self.stamp(row))
        return True

    def hold(self, sink: TrainingSink, row: dict) -> bool:
        """Keep `row` while the page waits for its key; True when kept (or over the bound)."""
        with self._lock:
            if not self.chapter or self.key:
                return False
            if len(self._held) < MAX_HELD:
                self._held.append((sink, row))
            else:
                log.warning("Learner key not received: record not kept (%s)", row.get("kind"))
            return True

    def stamp(self, row: dict) -> dict:
        return {**row, "learner": self.key, "chapter": self.chapter}

    def sink(self) -> TrainingSink:
        """The page's own writer (chapter and quiz records), opened on first use."""
        with self._lock:
            if self._own is None:
                self._own = training_sink()
            return self._own


PAGE = LearnerPage()  # one kernel, one page
