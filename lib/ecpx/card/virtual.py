"""The virtual CPS card in this process: a session over it, with no pcscd and no reader."""

from __future__ import annotations

from .emulator import DEFAULT_HOLDER, DEFAULT_LAYOUT, FictitiousHolder, VirtualCard, VirtualCps3
from .session import CpsSession
from .transport import InProcessConnection


def virtual_card(holder: FictitiousHolder | str = DEFAULT_HOLDER, blocked: bool = False,
                 layout: str = DEFAULT_LAYOUT) -> VirtualCps3:
    """A virtual CPS card for one of the fictitious holders, optionally with a blocked PIN, in
    one of the layouts of `ecpx.card.emulator.LAYOUTS` (GET DATA refused, no EF.DIR, CPS4…)."""
    return VirtualCps3(holder, blocked=blocked, layout=layout)


def virtual_session(holder: FictitiousHolder | str = DEFAULT_HOLDER, blocked: bool = False,
                    card: VirtualCard | None = None, layout: str = DEFAULT_LAYOUT) -> CpsSession:
    """A CpsSession over a virtual card in this process (a new card, or the `card` given).

    `session.connection.card` is the virtual card: `.remove()` pulls it out (the session then
    raises CardRemoved), `.insert()` puts it back (open a new session to read it again).
    """
    card = card if card is not None else virtual_card(holder, blocked, layout)
    return CpsSession(InProcessConnection(card))
