"""The journal event that every activation transition emits (one row per event)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime

COLUMNS = (
    "case_id", "timestamp", "method", "step", "outcome", "error",
    "platform", "os_version", "card_type", "source",
)
PLATFORMS = ("android", "ios", "macos", "other")
CARD_TYPES = ("CPS", "CPE", "CPA", "CDE", "CPF")
SOURCES = ("field", "training", "synthetic")
OUTCOMES = ("ok", "error")


@dataclass(frozen=True)
class Event:
    case_id: str
    timestamp: datetime  # timezone-aware, UTC
    method: str  # "A" or "B"
    step: str
    outcome: str = "ok"
    error: str = ""
    platform: str = "other"
    os_version: str = ""
    card_type: str = "CPS"
    source: str = "training"

    def as_row(self) -> dict:
        return asdict(self)


Sink = Callable[[Event], None]


def discard(_event: Event) -> None:
    """The default sink: the model works the same whether or not anyone listens."""


@dataclass
class Recorder:
    """A sink that keeps the events in memory (tests, the generator, a notebook's own log)."""

    events: list[Event] = field(default_factory=list)

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def steps(self) -> list[tuple[str, str, str]]:
        return [(e.step, e.outcome, e.error) for e in self.events]
