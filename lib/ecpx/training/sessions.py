"""Named class sessions, kept beside the training journal, with the standard library only.

`sessions.jsonl` (not matched by `training-*.jsonl`) is appended by the course server:
`{"session": id, "name": …, "started": ts}` when the trainer starts one, then
`{"session": id, "ended": ts}`. A session's events are those whose timestamp lies in
[started, ended or now). Starting a session ends the one still open: one class at a time.
A damaged line is skipped and counted, like the journal's own.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

FILE_NAME = "sessions.jsonl"
MAX_NAME = 120


@dataclass(frozen=True)
class ClassSession:
    id: str
    name: str
    started: datetime
    ended: datetime | None = None


@dataclass
class Sessions:
    """The sessions of a journal folder, oldest first, and how many lines could not be read."""

    items: list[ClassSession]
    damaged: int = 0

    def get(self, session_id: str) -> ClassSession | None:
        return next((s for s in self.items if s.id == session_id), None)

    @property
    def active(self) -> ClassSession | None:
        return next((s for s in reversed(self.items) if s.ended is None), None)


def clean_name(name: str) -> str:
    """The name as typed, spaces collapsed; ValueError when empty or longer than MAX_NAME."""
    name = " ".join(str(name).split())
    if not name or len(name) > MAX_NAME:
        raise ValueError(f"a session name has 1 to {MAX_NAME} characters")
    return name


def read_sessions(folder: str | Path) -> Sessions:
    path = Path(folder) / FILE_NAME
    try:
        lines = path.read_bytes().split(b"\n")
    except FileNotFoundError:
        return Sessions([])
    started: dict[str, ClassSession] = {}
    damaged = 0
    for raw in lines[:-1]:  # a last line without newline is still being written
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            session = row["session"]
            if "started" in row:
                started[session] = ClassSession(session, clean_name(row["name"]),
                                                _aware(row["started"]))
            elif session in started:
                ended = _aware(row["ended"])
                started[session] = ClassSession(session, started[session].name,
                                                started[session].started, ended)
            else:
                raise KeyError(session)
        except (ValueError, KeyError, TypeError):
            damaged += 1
    return Sessions(sorted(started.values(), key=lambda s: s.started), damaged)


def start_session(folder: str | Path, name: str, now: datetime) -> ClassSession:
    """Start a named session now, ending the one still open."""
    name = clean_name(name)
    active = read_sessions(folder).active
    if active is not None:
        end_session(folder, active.id, now)
    session = ClassSession(secrets.token_hex(6), name, now)
    _append(folder, {"session": session.id, "name": name, "started": now.isoformat()})
    return session


def end_session(folder: str | Path, session_id: str, now: datetime) -> None:
    session = read_sessions(folder).get(session_id)
    if session is None:
        raise KeyError(session_id)
    if session.ended is None:
        _append(folder, {"session": session_id, "ended": now.isoformat()})


def _aware(text) -> datetime:
    stamp = datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        raise ValueError("timestamp without a UTC offset")
    return stamp


def _append(folder: str | Path, row: dict) -> None:
    # One os.write on a file opened in append mode: a reader never sees half a line.
    Path(folder).mkdir(parents=True, exist_ok=True)
    line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(Path(folder) / FILE_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
