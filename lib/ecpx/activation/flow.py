"""What both activation methods share: identity of the case, injected time and chance, events."""

from __future__ import annotations

import random
import uuid
from datetime import datetime

from ecpx.activation.clock import Clock, system_clock
from ecpx.activation.codes import ERROR_STEP
from ecpx.activation.events import Event, Sink, discard


class WrongScreen(RuntimeError):
    """An action was called on a screen that does not offer it.

    In a simulator this is a stale or repeated click (a double click, a click that arrives
    after the screen moved on): the view ignores it. Anywhere else it is a caller's bug. The
    action changes nothing before raising it, so ignoring it is safe.
    """


class Flow:
    """Base of the method A and B state machines (through `app.AppFlow`, the e-CPS app).

    Subclasses set `method`. Every transition calls `emit` (success) or `fail` (an error code
    of the catalogue), which sends one journal event to the sink and remembers the error for
    the screens.
    """

    method = ""

    def __init__(
        self,
        *,
        sink: Sink = discard,
        clock: Clock = system_clock,
        rng: random.Random | None = None,
        platform: str = "other",
        os_version: str = "",
        card_type: str = "CPS",
        source: str = "training",
    ) -> None:
        self.sink, self.clock = sink, clock
        self.rng = rng or random.Random()
        self.context = dict(platform=platform, os_version=os_version, card_type=card_type,
                            source=source)
        self.case_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        self.error = ""  # the error the current screen shows, as a catalogue code
        self.warning = ""  # advice that does not block (e.g. a password that looks like a date)

    @staticmethod
    def require(screen: str, *allowed: str) -> None:
        """Refuse an action that the screen on show does not offer."""
        if screen not in allowed:
            raise WrongScreen(f"this action needs the screen {' or '.join(allowed)}, "
                              f"not {screen!r}")

    def now(self) -> datetime:
        return self.clock()

    def emit(self, step: str) -> None:
        self.error = ""
        self.sink(Event(self.case_id, self.now(), self.method, step, "ok", "", **self.context))

    def fail(self, error: str) -> None:
        self.error = error
        self.sink(Event(self.case_id, self.now(), self.method, ERROR_STEP[error], "error", error,
                        **self.context))
