"""The card a method A simulation runs with: the in-process virtual card, set up for a scenario.

Card scenarios use the virtual card's real behaviour (a blocked PIN, a removal the session
notices), never a mock: « Carte dont le code porteur est bloqué » starts with a blocked card;
« Carte retirée du lecteur » pulls the card out while its code is being checked, and puts it
back when the trainee logs in again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecpx.activation.method_a import CardOpener, CardSession
from ecpx.card.emulator import DEFAULT_HOLDER, HOLDERS, VirtualCps3
from ecpx.card.opening import OpenedCard, open_card
from ecpx.card.virtual import virtual_session

# Scenarios that need the virtual card's tricks (a blocked PIN, a removal on cue).
VIRTUAL_ONLY = ("pin_blocked", "card_removed")


@dataclass
class TrainingCard:
    """A virtual card, and how to open sessions on it for the method A model."""

    card: VirtualCps3
    scenario: str = "nominal"
    opened: OpenedCard | None = None  # the last card opened, and why it was that one

    @property
    def pin(self) -> str:
        """The fictitious holder's card code, shown to the trainee."""
        return self.card.holder.pin

    def opener(self, real: bool = False) -> CardOpener:
        """How the method A model opens its card: through the course's one card opener, so a
        real card is used only when the trainee chose it (`real`) and never for a class."""
        def open_session() -> CardSession:
            # The scenarios of VIRTUAL_ONLY need the virtual card's tricks.
            wanted = real and self.scenario not in VIRTUAL_ONLY
            self.opened = open_card(real=wanted, virtual=self.open)
            return self.opened.session

        return open_session

    def open(self) -> CardSession:
        """A new session on the card (put back in the reader first if it was pulled out)."""
        if not self.card.present:
            self.card.insert()
        session = virtual_session(card=self.card)
        if self.scenario == "card_removed" and self.card.insertions == 0:
            return _PulledOutDuringCode(session)
        return session


class _PulledOutDuringCode:
    """A session whose card is pulled out of the reader as its code is being checked."""

    def __init__(self, session) -> None:
        self.session = session

    def identity(self):
        return self.session.identity()

    def pin_tries_left(self) -> int:
        return self.session.pin_tries_left()

    def verify_pin(self, pin: str) -> None:
        self.session.connection.card.remove()
        self.session.verify_pin(pin)  # the card layer raises CardRemoved


def training_card(scenario: str = "nominal", holder: str = DEFAULT_HOLDER) -> TrainingCard:
    """The virtual card of `holder` (a key of ecpx.card.emulator.HOLDERS) for `scenario`."""
    return TrainingCard(VirtualCps3(HOLDERS[holder], blocked=scenario == "pin_blocked"),
                        scenario)
