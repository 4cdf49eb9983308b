"""The virtual CPS3 card's files: EF.SN.ICC, EF.DIR, and a PKCS#15 application (ODF → CDF/AODF).

Public facts: MF `3F00`, EF.DIR `2F00`, EF.SN.ICC `D003` (`80 25 00 00 01` + serial), the
application DF `0001` named by the CPS3 AID. The PKCS#15 file ids below the application are this
emulator's own choice (no fixed id was found publicly): a reader must follow ODF → CDF, as it
has to on a real card. The encodings follow ISO 7816-15 / PKCS#15 (BER).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..constants import ANS_ISSUER, Aid, FileId
from ..tlv import encode
from .holders import AUTH_LABEL, SIGN_LABEL, FictitiousHolder, certificate_der
from .layouts import LAYOUTS, Layout

# The emulator's own file ids inside the application DF (see the module docstring).
EF_CDF = 0x5003
EF_AODF = 0x5004
EF_CERT_AUTH = 0x2001
EF_CERT_SIGN = 0x2002
PIN_REFERENCE = 0x01
PIN_LABEL = "Code porteur"


@dataclass
class CardFile:
    fid: int
    content: bytes = b""
    children: dict[int, CardFile] = field(default_factory=dict)
    name: bytes = b""  # a DF's name (AID), for SELECT by DF name

    @property
    def is_df(self) -> bool:
        return bool(self.children) or bool(self.name) or self.fid == FileId.MF

    def fcp(self) -> bytes:
        """The file control parameters a SELECT returns: size (80), descriptor (82), id (83)."""
        body = encode(0x82, b"\x38" if self.is_df else b"\x01")
        body += encode(0x83, self.fid.to_bytes(2, "big"))
        if self.name:
            body += encode(0x84, self.name)
        if not self.is_df:
            body = encode(0x80, len(self.content).to_bytes(2, "big")) + body
        return encode(0x62, body)


def build_filesystem(holder: FictitiousHolder, layout: Layout = LAYOUTS["standard"]
                     ) -> CardFile:
    """The whole card tree for one holder, as a CPS3 lays it out (as far as public facts go),
    with what `layout` leaves out (EF.DIR, the AODF)."""
    app_path = (FileId.MF.to_bytes(2, "big") + FileId.APPLICATION_DF.to_bytes(2, "big"))
    files = {
        FileId.EF_ODF: CardFile(FileId.EF_ODF, _odf(layout.aodf)),
        EF_CDF: CardFile(EF_CDF, _cdf()),
        EF_CERT_AUTH: CardFile(EF_CERT_AUTH, certificate_der(holder.key, "auth")),
        EF_CERT_SIGN: CardFile(EF_CERT_SIGN, certificate_der(holder.key, "sign")),
    }
    if layout.aodf:
        files[EF_AODF] = CardFile(EF_AODF, _aodf())
    application = CardFile(FileId.APPLICATION_DF, name=bytes(layout.aid), children=files)
    serial_number = ANS_ISSUER + bytes.fromhex(holder.card_serial)
    top = {FileId.EF_SN_ICC: CardFile(FileId.EF_SN_ICC, serial_number),
           FileId.APPLICATION_DF: application}
    if layout.ef_dir:
        top[FileId.EF_DIR] = CardFile(FileId.EF_DIR, _ef_dir(app_path, bytes(layout.aid)))
    return CardFile(FileId.MF, children=top)


def _path(*fids: int) -> bytes:
    """A PKCS#15 Path: SEQUENCE { path OCTET STRING } (here relative to the application DF)."""
    return encode(0x30, encode(0x04, b"".join(f.to_bytes(2, "big") for f in fids)))


def _ef_dir(app_path: bytes, aid: bytes = Aid.CPS3_IAS) -> bytes:
    """One application template: AID (4F), label (50), path (51)."""
    return encode(0x61, encode(0x4F, aid) + encode(0x50, b"CPS3 IAS") +
                  encode(0x51, app_path))


def _odf(aodf: bool = True) -> bytes:
    """Object directory: certificates [4] → CDF, authentication objects [8] → AODF."""
    return encode(0xA4, _path(EF_CDF)) + (encode(0xA8, _path(EF_AODF)) if aodf else b"")


def _cdf() -> bytes:
    """Two X.509 certificate objects: label, id, and the path to the certificate's file."""
    return _certificate_object(AUTH_LABEL, 0x01, EF_CERT_AUTH) + _certificate_object(
        SIGN_LABEL, 0x02, EF_CERT_SIGN)


def _certificate_object(label: str, ident: int, fid: int) -> bytes:
    common = encode(0x30, encode(0x0C, label.encode()))
    certificate_attributes = encode(0x30, encode(0x04, bytes([ident])))
    type_attributes = encode(0xA1, encode(0x30, _path(fid)))
    return encode(0x30, common + certificate_attributes + type_attributes)


def _aodf() -> bytes:
    """One PIN object whose pinReference ([0], tag 80) is the VERIFY reference."""
    common = encode(0x30, encode(0x0C, PIN_LABEL.encode()))
    auth_attributes = encode(0x30, encode(0x04, b"\x01"))
    pin_attributes = encode(0x30,
        encode(0x03, b"\x00\x00")          # pinFlags (none set)
        + encode(0x0A, b"\x01")            # pinType: ascii-numeric
        + encode(0x02, b"\x04")            # minLength
        + encode(0x02, b"\x04")            # storedLength
        + encode(0x80, bytes([PIN_REFERENCE])))
    return encode(0x30, common + auth_attributes + encode(0xA1, pin_attributes))
