"""The card toolkit: transport → APDU protocol → CPS card session, and a virtual CPS card.

It knows nothing of the course: callers turn its errors into what their user should read
(every error is an `ecpx.card.errors.CardError`, with `message_fr` for learners and an English
`str()` for the CLI).

Stable API for the rest of the project::

    from ecpx.card import open_session, virtual_session, virtual_card, HOLDERS

    session = open_session(prefer_real=True)   # a real CPS card if one is in a real reader,
                                               # else the in-process virtual card
    session = virtual_session(holder="medecin", blocked=False)   # always the virtual card
    session = real_session(reader=None)        # a card in a PC/SC reader, or the CardError
                                               # that says why not
    session.identity()        -> Holder(idnat, surname, given_name, profession, card_type,
                                        issuer, not_before, not_after, organisation)
    session.pin_tries_left()  -> int   # never consumes a try
    session.verify_pin("2468")         # only on the trainee's explicit action; raises
                                       # PinFormatInvalid, PinWrong(tries_left), PinLastTry,
                                       # PinBlocked
    session.serial_number()   -> str
    session.reader, session.kind (CardKind.CPS3, ...), session.close()

    card = virtual_card("pharmacien")          # to simulate pulling the card out:
    session = virtual_session(card=card)
    card.remove()             # session.identity() now raises CardRemoved
    card.insert()             # a fresh insertion: open a new session
    card.remove_after_apdus(3)  # vanish in the middle of the next read
    card.apdu_log             # every command the card received

    HOLDERS                   # the fictitious holders, by key: medecin, pharmacien, infirmier,
                              # secretaire (each with .pin and .unblock_code of its virtual card)

Real readers: `ecpx.card.pcsc` (list_readers, connect, wait_for_card, CardWatcher). Errors:
`ecpx.card.errors`. The vpcd bridge (`ecpx card emulate`): `ecpx.card.emulator.vpcd`.
"""

from .emulator import DEFAULT_HOLDER, HOLDERS, FictitiousHolder
from .holder import Holder
from .opening import open_session, real_session
from .session import CpsSession
from .virtual import virtual_card, virtual_session

__all__ = [
    "DEFAULT_HOLDER", "HOLDERS", "CpsSession", "FictitiousHolder", "Holder", "open_session",
    "real_session", "virtual_card", "virtual_session",
]
