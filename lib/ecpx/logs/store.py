"""The shared training journal: every trainee's kernel appends its events to one folder.

Concurrency without locks: each process writes its own JSON Lines file (host, pid and a random
token in the name), with one `os.write` per event on a file opened in append mode, so writers
never share a file and a reader never sees two events interleaved. A reader tolerates a last
line that is still being written.

The folder is `$ECPX_JOURNAL`, or `$XDG_DATA_HOME/ecpx/logs` (by default
`~/.local/share/ecpx/logs`). A classroom points every kernel at one shared folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from ecpx.activation.events import COLUMNS
from ecpx.training.follow import CUT, parse_record

# The writer side is stdlib-only (simulator kernels import it); re-exported for callers.
from ecpx.training.sink import (  # noqa: F401
    ENV_VAR,
    FILE_PATTERN,
    TrainingSink,
    journal_folder,
    training_sink,
)

log = logging.getLogger(__name__)
EVENT_KINDS = ("activation", "signin")  # the records that are events (the others: progress)


def read_training_events(folder: str | Path | None = None) -> pd.DataFrame:
    """Every event of the shared training journal, in the journal's columns (strings + UTC time).

    Lines that are not complete JSON objects (a writer caught mid-line, a damaged file) are
    counted and reported in one warning, never silently dropped. Records of kind `activation`
    and `signin` (chapter 07's sign-ins, method "S") are events; learner-progress records
    (`kind` quiz or chapter) are not: they are counted per kind in `attrs["set_aside"]`.
    """
    folder = Path(folder) if folder is not None else journal_folder()
    rows: list[dict] = []
    damaged: list[tuple[str, int, str]] = []  # file, line, why
    set_aside: dict[str, int] = {}  # kind -> records that are not activation events
    for path in sorted(folder.glob(FILE_PATTERN)) if folder.is_dir() else []:
        try:
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as error:
            log.warning("Training journal: cannot read %s (%s)", path, error)
            continue
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = parse_record(line)
            if isinstance(row, str) and number == len(lines):  # no end of line: cut mid-write
                row = CUT
            if isinstance(row, str):
                damaged.append((path.name, number, row))
                continue
            if row["kind"] not in EVENT_KINDS:
                set_aside[row["kind"]] = set_aside.get(row["kind"], 0) + 1
                continue
            rows.append({column: row.get(column, "") for column in COLUMNS})
    for name, number, why in damaged[:20]:
        log.warning("Training journal: %s:%d: %s", name, number, why)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype({c: "string" for c in COLUMNS if c != "timestamp"})
    frame["timestamp"] = pd.to_datetime(frame["timestamp"], utc=True)
    frame = frame.sort_values(["case_id", "timestamp"], kind="stable", ignore_index=True)
    frame.attrs["damaged"] = damaged  # (file, line, why): the dashboard can say so
    frame.attrs["set_aside"] = set_aside
    return frame
