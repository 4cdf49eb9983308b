"""The card toolkit: transport → APDU protocol → CPS card session, and a virtual CPS card.

It knows nothing of the course: every error is a typed `ecpx.card.errors.CardError` carrying
facts (status word, tries left, reader, card kind) and an English `str()`; the course's catalogue
words them for learners.

Stable API for the rest of the project::

    from ecpx.card import open_card, virtual_session, virtual_card, HOLDERS

    opened = open_card(real=chosen, virtual=lambda: virtual_session("medecin"))
    opened.session, opened.reason  # Reason.REAL_CHOSEN, VIRTUAL_BY_DEFAULT, CLASSROOM or
                                   # REAL_UNAVAILABLE (then opened.error says why)
    session = virtual_session(holder="medecin", blocked=False, layout="standard")
    session = real_session(reader=None)        # low level: a card in a PC/SC reader, or the
                                               # CardError that says why not (no policy)
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
from .opening import OpenedCard, Reason, classroom_mode, open_card, real_session
from .session import CpsSession
from .virtual import virtual_card, virtual_session

__all__ = [
    "DEFAULT_HOLDER", "HOLDERS", "CpsSession", "FictitiousHolder", "Holder", "OpenedCard",
    "Reason", "classroom_mode", "open_card", "real_session", "virtual_card", "virtual_session",
]
