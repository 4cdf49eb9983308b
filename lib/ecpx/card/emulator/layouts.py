"""Variants of the virtual CPS card: each alternative a real card may present to the toolkit.

The toolkit's "uncertain" assumptions fall back when a card disagrees; each layout here makes
one such card, so every fallback runs in the tests (in-process and through pcscd + vpcd):
`ecpx card emulate --layout NAME`, `virtual_card(layout=NAME)`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..atr import CPS3_CONTACT, CPS3_CONTACTLESS, CPS4_ATRS
from ..constants import Aid, Sw


@dataclass(frozen=True)
class Layout:
    name: str
    summary: str
    atr: bytes = CPS3_CONTACT
    aid: bytes = Aid.CPS3_IAS  # the PKCS#15 application's AID (DF 0001)
    root_aid: bytes | None = None  # the MF's name, given in EF.ATR (CPS4: its ChipDoc applet)
    get_data_sw: int | None = None  # GET DATA refused with this status word
    ef_dir: bool = True  # EF.DIR (2F00) names the application
    aodf: bool = True  # the ODF lists an AODF with the PIN object
    application_sw: int | None = None  # SELECT of the application refused with this SW
    chaining: bool = False  # READ BINARY answers 6Cxx first, then data in 61xx pieces
    blocked: bool = False  # the PIN starts blocked
    pulled_after: int | None = None  # the card vanishes after answering this many commands


LAYOUTS = {layout.name: layout for layout in (
    Layout("standard", "CPS3 contact card as the public facts describe it"),
    Layout("get-data-6d00", "GET DATA not supported (6D00): tries left from an empty VERIFY",
           get_data_sw=Sw.INS_NOT_SUPPORTED),
    Layout("get-data-6a88", "GET DATA refused (6A88): tries left from an empty VERIFY",
           get_data_sw=Sw.REFERENCE_NOT_FOUND),
    Layout("no-aodf", "no AODF: the PIN reference falls back to 01", aodf=False),
    Layout("no-ef-dir", "no EF.DIR: the published CPS3 AID is selected", ef_dir=False),
    Layout("no-application", "SELECT of the CPS application refused (6A82)",
           application_sw=Sw.FILE_NOT_FOUND),
    # The CPS4 ATR that OpenSC's "IAS/ECC CPx" entry matches (the other one it does not); its
    # EF.ATR names the ChipDoc applet as the root, as the published CPx EF.ATR does.
    Layout("cps4", "CPS4 (T=0 ATR): the ChipDoc applet is the root, named in EF.ATR",
           atr=CPS4_ATRS[1], root_aid=Aid.CPS4_CHIPDOC),
    Layout("contactless", "CPS3 read contactless (no PIN, no EF.DIR)", atr=CPS3_CONTACTLESS,
           aid=Aid.CPS3_IAS_CONTACTLESS, ef_dir=False),
    Layout("chaining", "6Cxx then 61xx chaining on every READ BINARY", chaining=True),
    Layout("blocked", "PIN blocked (6983)", blocked=True),
    Layout("pulled-out", "card pulled out in the middle of reading its certificate",
           pulled_after=12),
)}
DEFAULT_LAYOUT = "standard"
