"""The virtual card's file system, laid out like a CPx card as OpenSC and public traces show it.

Sources (all public): OpenSC's IAS-ECC driver (`card-iasecc.c`, `ef-atr.c`, `iasecc-sdo.c`,
`iasecc.h`, `dir.c`, `pkcs15.c`, `pkcs15-iasecc.c`, type IASECC_CPX) and the APDU traces of real
CPx cards its author published with the CPx support (OpenSC issues #2223, #2267, #2275, 2021).

    MF 3F00 (named by EF.ATR's AID when the card has one: the CPS4 ChipDoc applet's AID)
    ├── EF.ATR    2F01  SFI 1D  IAS-ECC card data (a first byte 80, then BER-TLVs)
    ├── EF.DIR    2F00  SFI 1E  the application template (AID, label, path)
    ├── EF.SN.ICC D003  SFI 1C  5A 0A + 80 25 00 00 01 + 5-byte card serial
    └── DF 0001   named E8 28 BD 08 0F 80 25 00 00 01 FF 00 10 (IAS application)
        └── the PKCS#15 files: see `pkcs15_app.py`

The traces give the ids, SFIs and FCP shape (size 80, descriptor 82, id 83, SFI 88, ACLs A1 with
8C contact / 9C contactless, life cycle 8A 05) of 2F01, 2F00 and D003, the content of EF.ATR and
EF.SN.ICC, and 3F00/0001 as a DF. **Silent**: the DFs' ACL bytes (an EF's are reused), whether
a CPS3's EF.ATR names a root AID (the one published names the ChipDoc AID; the CPS3 here names
none), the CPS3's pre-issuing bytes (the published ones are reused), and EF.DIR's exact content
(the published one is 101 bytes, unseen; here one template).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..constants import ANS_ISSUER, Aid, FileId
from ..tlv import encode
from .holders import FictitiousHolder
from .layouts import LAYOUTS, Layout
from .pkcs15_app import application_files

EF_ATR = 0x2F01
SFI = {EF_ATR: 0x1D, FileId.EF_DIR: 0x1E, FileId.EF_SN_ICC: 0x1C}  # OpenSC iasecc.h, traces
# The ACLs of EF.ATR / EF.DIR / EF.SN.ICC in the traces: access mode byte 7B, then delete,
# terminate, activate, deactivate, update, read: read is always allowed (00), update needs the
# issuer's secure environment 5 (45); contactless: read only.
ACLS = encode(0xA1, encode(0x8C, bytes.fromhex("7B45FFFFFF4500"))
              + encode(0x9C, bytes.fromhex("7BFFFFFFFFFF00")))
OPERATIONAL = encode(0x8A, b"\x05")  # life cycle status: operational, activated
# The IAS-ECC pre-issuing data (46) and I/O buffer sizes (E0: 260 bytes sent, 256 received,
# plain and secure messaging) of the published EF.ATR.
PRE_ISSUING = bytes.fromhex("04B0ECC1")
IO_BUFFERS = bytes.fromhex("02020104020201040202010002020100")


@dataclass
class CardFile:
    fid: int
    content: bytes = b""
    children: dict[int, CardFile] = field(default_factory=dict)
    name: bytes = b""  # a DF's name (AID), for SELECT by DF name
    sfi: int | None = None  # short file identifier, for READ BINARY with P1 = 80 | SFI

    @property
    def is_df(self) -> bool:
        return bool(self.children) or bool(self.name) or self.fid == FileId.MF

    def fcp(self) -> bytes:
        """What SELECT returns (tag 62), in the order of the CPx traces."""
        if self.is_df:
            body = encode(0x82, b"\x38") + encode(0x83, _fid(self.fid))
            body += encode(0x84, self.name) if self.name else b""
        else:
            body = (encode(0x80, len(self.content).to_bytes(2, "big")) + encode(0x82, b"\x01")
                    + encode(0x83, _fid(self.fid)))
            body += encode(0x88, bytes([self.sfi << 3])) if self.sfi is not None else b""
        return encode(0x62, body + ACLS + OPERATIONAL)

    def by_sfi(self, sfi: int) -> CardFile | None:
        return next((f for f in self.children.values() if f.sfi == sfi), None)


def build_filesystem(holder: FictitiousHolder, layout: Layout = LAYOUTS["standard"]
                     ) -> CardFile:
    """The whole card tree for one holder, with what `layout` leaves out (EF.DIR, the AODF)."""
    app_path = _fid(FileId.MF) + _fid(FileId.APPLICATION_DF)
    application = CardFile(FileId.APPLICATION_DF, name=bytes(layout.aid), children={
        fid: CardFile(fid, content) for fid, content in application_files(holder, layout).items()})
    top = [CardFile(EF_ATR, ef_atr(layout.root_aid)),
           CardFile(FileId.EF_SN_ICC, ef_sn_icc(holder.card_serial)), application]
    if layout.ef_dir:
        top.append(CardFile(FileId.EF_DIR, _ef_dir(app_path, bytes(layout.aid))))
    for file in top:
        file.sfi = SFI.get(file.fid)
    return CardFile(FileId.MF, name=layout.root_aid or b"", children={f.fid: f for f in top})


def ef_atr(root_aid: bytes | None) -> bytes:
    """EF.ATR as published: 80 (which OpenSC skips on CPx), card service 43, pre-issuing 46,
    capabilities 47, [root AID 4F,] I/O buffer sizes E0, allocation scheme 78, status 82."""
    return (b"\x80" + encode(0x43, b"\xB8") + encode(0x46, PRE_ISSUING)
            + encode(0x47, bytes.fromhex("940180"))
            + (encode(0x4F, root_aid) if root_aid else b"") + encode(0xE0, IO_BUFFERS)
            + encode(0x78, encode(0x06, bytes.fromhex("2B8122F87802")))
            + encode(0x82, b"\x90\x00"))


def ef_sn_icc(card_serial: str) -> bytes:
    """EF.SN.ICC as published: a PAN-like 5A object, the ANS issuer number then the serial."""
    return encode(0x5A, ANS_ISSUER + bytes.fromhex(card_serial))


def _fid(fid: int) -> bytes:
    return fid.to_bytes(2, "big")


def _ef_dir(app_path: bytes, aid: bytes = Aid.CPS3_IAS) -> bytes:
    """One application template: AID (4F), label (50), path (51)."""
    return encode(0x61, encode(0x4F, aid) + encode(0x50, b"CPS3 IAS") + encode(0x51, app_path))
