"""Reading the shared training journal as it grows, with the standard library only.

The server's progress and class-view pages poll the journal every few seconds: each `poll()`
reads only the bytes appended since the previous one, so a refresh costs the new events, not the
whole class's history. A line still being written (no newline yet) waits for the next poll; if it
is still there, unchanged, at a later poll, it is reported as cut (and read after all if its
writer comes back and ends it). A damaged line (not JSON, not an object, a field of the wrong
type such as a list for `learner`) is skipped and reported with its file and line number, never
blocking the others.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ecpx.training.sink import FILE_PATTERN, KINDS, LEARNER_KEY  # noqa: F401 (re-exported)

MAX_DAMAGED = 100  # kept for reporting; `damaged_count` counts them all
# The record's fields that are text when present (null reads as ""); `tries` is a whole number.
TEXT_FIELDS = ("kind", "learner", "chapter", "case_id", "method", "step", "outcome", "error",
               "platform", "os_version", "card_type", "source", "scenario", "question")
CUT = "cut mid-write (no end of line); read if its writer completes it"


class JournalFollower:
    """The records of a training-journal folder, new ones at each `poll()`.

    Records are the journal's JSON objects with `kind` filled in (`"activation"` when missing:
    files written before the other kinds existed) and `timestamp` parsed to an aware datetime.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self._damaged: list[tuple[str, int, str]] = []  # (file, line, why), first MAX_DAMAGED
        self._damaged_count = 0
        self._read: dict[str, tuple[int, int]] = {}  # file name -> (bytes consumed, lines seen)
        # A last line without its end: (line number, bytes) when first seen, and whether it
        # was seen unchanged at a later poll (then it is reported, until completed).
        self._cut: dict[str, tuple[int, bytes, bool]] = {}

    @property
    def damaged(self) -> list[tuple[str, int, str]]:
        """(file, line, why) of the damaged lines (the first MAX_DAMAGED), cut lines included."""
        cut = [(name, number, CUT) for name, (number, _, stale) in sorted(self._cut.items())
               if stale]
        return (self._damaged + cut)[:MAX_DAMAGED]

    @property
    def damaged_count(self) -> int:
        return self._damaged_count + sum(stale for _, _, stale in self._cut.values())

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
        rest = chunk[len(complete):]
        if rest.strip():
            # Still there, unchanged, at the next poll: its writer stopped mid-line (reported;
            # read after all if the writer comes back and ends it).
            before = self._cut.get(path.name)
            self._cut[path.name] = (line_number + complete.count(b"\n") + 1, rest,
                                    before is not None and before[1] == rest)
        else:
            self._cut.pop(path.name, None)
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
        self._damaged_count += 1
        if len(self._damaged) < MAX_DAMAGED:
            self._damaged.append((name, number, why))


def shape_problem(record: dict) -> str | None:
    """Why a record's fields are not of the journal's types (a damaged or foreign writer), or
    None. Text fields that are null become ""."""
    for name in TEXT_FIELDS:
        value = record.get(name)
        if value is None:
            if name in record:
                record[name] = ""
        elif not isinstance(value, str):
            return f"wrong shape: '{name}' is {type(value).__name__}, not text"
    tries = record.get("tries")
    if tries is not None and (isinstance(tries, bool) or not isinstance(tries, int)):
        return f"wrong shape: 'tries' is {type(tries).__name__}, not a whole number"
    return None


def parse_record(raw: str | bytes) -> dict | str:
    """One journal line as a record (`kind` filled in, `timestamp` an aware datetime), or why
    it is damaged."""
    try:
        record = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "not valid JSON"
    if not isinstance(record, dict):
        return "not a JSON object"
    wrong = shape_problem(record)
    if wrong:
        return wrong
    if not record.get("kind"):
        record["kind"] = "activation"
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
