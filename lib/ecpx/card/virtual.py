"""The virtual CPS card in this process: a session over it, with no pcscd and no reader."""

from __future__ import annotations

from .emulator import DEFAULT_HOLDER, FictitiousHolder, VirtualCard, VirtualCps3
from .session import CpsSession
from .transport import InProcessConnection


def virtual_card(holder: FictitiousHolder | str = DEFAULT_HOLDER, blocked: bool = False
                 ) -> VirtualCps3:
    """A virtual CPS3 card for one of the fictitious holders, optionally with a blocked PIN."""
    return VirtualCps3(holder, blocked=blocked)


def virtual_session(holder: FictitiousHolder | str = DEFAULT_HOLDER, blocked: bool = False,
                    card: VirtualCard | None = None) -> CpsSession:
    """A CpsSession over a virtual card in this process (a new card, or the `card` given).

    `session.connection.card` is the virtual card: `.remove()` pulls it out (the session then
    raises CardRemoved), `.insert()` puts it back (open a new session to read it again).
    """
    card = card if card is not None else virtual_card(holder, blocked)
    return CpsSession(InProcessConnection(card))
