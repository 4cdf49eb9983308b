"""Reading the shared training journal as it grows, with the standard library only.

The server's progress and class-view pages poll the journal every few seconds: each `poll()`
reads only the bytes appended since the previous one, so a refresh costs the new events, not the
whole class's history. A line still being written (no newline yet) waits for the next poll; a
damaged line is skipped and reported with its file and line number, never blocking the others.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ecpx.training.sink import FILE_PATTERN, KINDS, LEARNER_KEY  # noqa: F401 (re-exported)

MAX_DAMAGED = 100  # kept for reporting; `damaged_count` counts them all


class JournalFollower:
    """The records of a training-journal folder, new ones at each `poll()`.

    Records are the journal's JSON objects with `kind` filled in (`"activation"` when missing:
    files written before the other kinds existed) and `timestamp` parsed to an aware datetime.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.damaged: list[tuple[str, int, str]] = []  # (file, line, why), the first MAX_DAMAGED
        self.damaged_count = 0
        self._read: dict[str, tuple[int, int]] = {}  # file name -> (bytes consumed, lines seen)

    def poll(self) -> list[dict]:
        """The records appended since the last poll (all of them on the first)."""
        if not self.folder.is_dir():
            return []
        records: list[dict] = []
        for path in sorted(self.folder.glob(FILE_PATTERN)):
            if path.name in self._read or not self.skip(path):
                records.extend(self._read_new(path))
        return records

    def skip(self, path: Path) -> bool:
        """Whether a file not read yet can be left out (a subclass's choice; never here)."""
        return False

    def _read_new(self, path: Path) -> list[dict]:
        offset, line_number = self._read.get(path.name, (0, 0))
        try:
            with path.open("rb") as file:
                file.seek(offset)
                chunk = file.read()
        except OSError as error:
            self._damage(path.name, line_number, f"cannot read ({error.strerror})")
            return []
        complete = chunk[: chunk.rfind(b"\n") + 1]  # a last line without newline waits
        records = []
        for raw in complete.split(b"\n")[:-1]:
            line_number += 1
            if raw.strip():
                record = self._parse(path.name, line_number, raw)
                if record is not None:
                    records.append(record)
        self._read[path.name] = (offset + len(complete), line_number)
        return records

    def _parse(self, name: str, number: int, raw: bytes) -> dict | None:
        record = parse_record(raw)
        return self._damage(name, number, record) if isinstance(record, str) else record

    def _damage(self, name: str, number: int, why: str) -> None:
        self.damaged_count += 1
        if len(self.damaged) < MAX_DAMAGED:
            self.damaged.append((name, number, why))


def parse_record(raw: str | bytes) -> dict | str:
    """One journal line as a record (`kind` filled in, `timestamp` an aware datetime), or why
    it is damaged."""
    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "not valid JSON"
    if not isinstance(record, dict):
        return "not a JSON object"
    record.setdefault("kind", "activation")
    if record["kind"] not in KINDS:
        return f"unknown kind {str(record['kind'])[:20]!r}"
    try:
        stamp = datetime.fromisoformat(record.get("timestamp"))
    except (TypeError, ValueError):
        return f"bad timestamp {str(record.get('timestamp'))[:40]!r}"
    if stamp.tzinfo is None:
        return "timestamp without a UTC offset"
    record["timestamp"] = stamp
    return record
