"""Logs for the journal's tests, built here independently of the journal's own generator."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from ecpx.activation.events import COLUMNS
from ecpx.texts import ERROR_STEP, STEPS

DATA = Path(__file__).parent / "data"
HAND_WRITTEN = DATA / "hand-written.csv"
HEADER = ",".join(COLUMNS)


def random_log(cases: int, seed: int) -> pd.DataFrame:
    """A valid, varied log: drop-offs, errors and retries, restarts, ties, several days.

    Rows are shuffled, timestamps carry various offsets: nothing is in canonical order.
    """
    rng = random.Random(seed)
    rows = []
    errors_at = {}
    for error, step in ERROR_STEP.items():
        errors_at.setdefault(step, []).append(error)
    for n in range(cases):
        method = rng.choice("AB")
        steps = STEPS[method]
        context = {"platform": rng.choice(["android", "ios", "macos", "other"]),
                   "os_version": str(rng.randint(12, 18)),
                   "card_type": "CPS" if method == "B" else rng.choice(["CPS", "CPE", "CPF"]),
                   "source": rng.choice(["field", "synthetic"])}
        time = datetime(2024, 3, 1, tzinfo=UTC) + timedelta(days=rng.randint(0, 9),
                                                             seconds=rng.randint(0, 86_399))
        stop = rng.randint(1, len(steps)) if rng.random() < 0.6 else len(steps)
        position = 0
        restarted = False
        while position < stop:
            step = steps[position]
            if step in errors_at and rng.random() < 0.15:
                error = rng.choice([e for e in errors_at[step]
                                    if step in STEPS[method]])
                rows.append(dict(case_id=f"case-{n}", timestamp=time, method=method, step=step,
                                 outcome="error", error=error, **context))
                time += timedelta(seconds=rng.randint(0, 40))
            rows.append(dict(case_id=f"case-{n}", timestamp=time, method=method, step=step,
                             outcome="ok", error="", **context))
            time += timedelta(seconds=rng.choice([0, rng.randint(1, 300)]))
            position += 1
            if position == 3 and not restarted and rng.random() < 0.1:
                position, restarted = 0, True  # the trainee starts over
                time += timedelta(seconds=rng.randint(5, 600))
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.sample(frac=1, random_state=seed).reset_index(drop=True)


def as_csv_text(frame: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Timestamps as ISO 8601 text with assorted offsets (same instants)."""
    rng = random.Random(seed)
    out = frame.copy()
    offsets = [timedelta(hours=h) for h in (0, 1, 2, -5)]
    texts = []
    for stamp in out["timestamp"]:
        offset = rng.choice(offsets)
        local = stamp.to_pydatetime().astimezone(
            __import__("datetime").timezone(offset))
        texts.append(local.isoformat().replace("+00:00", "Z"))
    out["timestamp"] = texts
    return out


@pytest.fixture
def hand_written() -> Path:
    return HAND_WRITTEN


@pytest.fixture(scope="session")
def medium_log() -> pd.DataFrame:
    return random_log(3000, seed=7)
