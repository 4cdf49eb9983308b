"""The shared training journal: every trainee's kernel appends its events to one folder.

Concurrency without locks: each process writes its own JSON Lines file (host, pid and a random
token in the name), with one `os.write` per event on a file opened in append mode, so writers
never share a file and a reader never sees two events interleaved. A reader tolerates a last
line that is still being written.

The folder is `$ECPX_JOURNAL`, or `$XDG_DATA_HOME/ecpx/journal` (by default
`~/.local/share/ecpx/journal`). A classroom points every kernel at one shared folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import secrets
import socket
import threading
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ecpx.activation.events import COLUMNS, Event, Sink

ENV_VAR = "ECPX_JOURNAL"
FILE_PATTERN = "training-*.jsonl"

log = logging.getLogger(__name__)


def journal_folder(environ: Mapping[str, str] | None = None) -> Path:
    """The folder of the shared training journal, from the environment."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_VAR):
        return Path(environ[ENV_VAR]).expanduser()
    data_home = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "ecpx" / "journal"


def event_to_json(event: Event) -> str:
    """One event as one JSON line (timestamp in ISO 8601 with its UTC offset)."""
    row = event.as_row()
    row["timestamp"] = event.timestamp.isoformat()
    return json.dumps(row, ensure_ascii=False) + "\n"


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

    def __call__(self, event: Event) -> None:
        if self.disabled:
            return
        line = event_to_json(dataclasses.replace(event, source="training")).encode("utf-8")
        try:
            with self._lock:
                os.write(self._file(), line)
        except (OSError, ValueError) as error:
            self.disabled = True
            log.warning("Training journal disabled: cannot write to %s (%s)", self.folder, error)

    def _file(self) -> int:
        # Reopen after a fork so that parent and child never share a file.
        if self._fd is None or self._pid != os.getpid():
            self.folder.mkdir(parents=True, exist_ok=True)
            self._pid = os.getpid()
            name = f"training-{socket.gethostname()}-{self._pid}-{self._token}.jsonl"
            self._fd = os.open(self.folder / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        return self._fd

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # never raise from a finaliser
            self.close()


def training_sink(folder: str | Path | None = None) -> Sink:
    """The sink that the course's screens give to the state machines during training."""
    return TrainingSink(Path(folder) if folder is not None else journal_folder())


def read_training_events(folder: str | Path | None = None) -> pd.DataFrame:
    """Every event of the shared training journal, in the journal's columns (strings + UTC time).

    Lines that are not complete JSON objects (a writer caught mid-line, a damaged file) are
    counted and reported in one warning, never silently dropped.
    """
    folder = Path(folder) if folder is not None else journal_folder()
    rows: list[dict] = []
    damaged: list[tuple[str, int, str]] = []  # file, line, why
    for path in sorted(folder.glob(FILE_PATTERN)) if folder.is_dir() else []:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as error:
            log.warning("Training journal: cannot read %s (%s)", path, error)
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                damaged.append((path.name, number, "not valid JSON"))
                continue
            if not isinstance(row, dict):
                damaged.append((path.name, number, "not a JSON object"))
                continue
            stamp = row.get("timestamp", "")
            if not isinstance(stamp, str) or pd.isna(pd.to_datetime(stamp, utc=True,
                                                                     format="ISO8601",
                                                                     errors="coerce")):
                damaged.append((path.name, number, f"bad timestamp {str(stamp)[:40]!r}"))
                continue
            rows.append({column: row.get(column, "") for column in COLUMNS})
    for name, number, why in damaged[:20]:
        log.warning("Training journal: %s:%d: %s", name, number, why)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype({c: "string" for c in COLUMNS if c != "timestamp"})
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True, format="ISO8601")
    frame = frame.sort_values(["case_id", "timestamp"], kind="stable", ignore_index=True)
    frame.attrs["damaged"] = damaged  # (file, line, why): the dashboard can say so
    return frame
