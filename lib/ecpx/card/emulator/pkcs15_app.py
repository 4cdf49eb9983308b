"""The PKCS#15 files in the virtual card's IAS application (DF 0001), encoded as ISO 7816-15.

A PKCS#15 reader finds them as OpenSC's `sc_pkcs15_bind_internal` does: EF.DIR gives the
application; ODF (5031) and TokenInfo (5032) sit at their PKCS#15 default ids in it; the ODF
points at the certificate directory (CDF) and the authentication objects (AODF).

From the public record (OpenSC issue #2267, `pkcs15-tool -k` on a real CPx): the keys' ids are
the application's AID followed by 01 (signature, "CPS_PRIV_SIG") and 02 (authentication,
"CPS_PRIV_AUT"), and the PIN's authId is 01; the PIN is a global one (OpenSC reads its state
from the MF: `card-iasecc.c`, "for the CPx, the SDO are available from some specific path").
**Silent**: the file ids of CDF, AODF and certificates (this emulator's own choice), the
TokenInfo's content, the PIN's label and flags, and the certificates' ids (given the id of
their key, as PKCS#15 pairs them). The private keys' directory (PrKDF) is left out: the virtual
card holds no key and never signs.
"""

from __future__ import annotations

from ..constants import FileId
from ..tlv import encode
from .holders import AUTH_LABEL, SIGN_LABEL, FictitiousHolder, certificate_der
from .layouts import Layout

EF_TOKEN_INFO = 0x5032
EF_CDF = 0x5003
EF_AODF = 0x5004
EF_CERT_AUTH = 0x2001
EF_CERT_SIGN = 0x2002
PIN_REFERENCE = 0x01
PIN_AUTH_ID = b"\x01"
PIN_LABEL = "Code porteur"
SIGN_KEY, AUTH_KEY = 0x01, 0x02  # the last byte of the keys' (and certificates') ids


def application_files(holder: FictitiousHolder, layout: Layout) -> dict[int, bytes]:
    """File id → content of every EF in the application, with what `layout` leaves out."""
    files = {
        FileId.EF_ODF: _odf(layout.aodf),
        EF_TOKEN_INFO: _token_info(holder),
        EF_CDF: _cdf(bytes(layout.aid)),
        EF_CERT_AUTH: certificate_der(holder.key, "auth"),
        EF_CERT_SIGN: certificate_der(holder.key, "sign"),
    }
    if layout.aodf:
        files[EF_AODF] = _aodf()
    return files


def certificate_id(aid: bytes, usage: str) -> bytes:
    """The PKCS#15 id of the certificate of `usage` ("auth" or "sign"): its key's id."""
    return aid + bytes([AUTH_KEY if usage == "auth" else SIGN_KEY])


def _path(*fids: int) -> bytes:
    """A PKCS#15 Path: SEQUENCE { path OCTET STRING } (here relative to the application DF)."""
    return encode(0x30, encode(0x04, b"".join(f.to_bytes(2, "big") for f in fids)))


def _odf(aodf: bool = True) -> bytes:
    """Object directory: certificates [4] → CDF, authentication objects [8] → AODF."""
    return encode(0xA4, _path(EF_CDF)) + (encode(0xA8, _path(EF_AODF)) if aodf else b"")


def _token_info(holder: FictitiousHolder) -> bytes:
    """version 0, serial number (the card's), manufacturer, label, flags: loginRequired."""
    return encode(0x30, encode(0x02, b"\x00") + encode(0x04, bytes.fromhex(holder.card_serial))
                  + encode(0x0C, b"ecpx virtual CPS") + encode(0x80, b"CPS")
                  + encode(0x03, b"\x06\x40"))


def _cdf(aid: bytes) -> bytes:
    """Two X.509 certificate objects: label, id, and the path to the certificate's file."""
    return (_certificate_object(AUTH_LABEL, certificate_id(aid, "auth"), EF_CERT_AUTH)
            + _certificate_object(SIGN_LABEL, certificate_id(aid, "sign"), EF_CERT_SIGN))


def _certificate_object(label: str, ident: bytes, fid: int) -> bytes:
    common = encode(0x30, encode(0x0C, label.encode()))
    certificate_attributes = encode(0x30, encode(0x04, ident))
    type_attributes = encode(0xA1, encode(0x30, _path(fid)))
    return encode(0x30, common + certificate_attributes + type_attributes)


def _aodf() -> bytes:
    """One PIN object: 4 ASCII digits, global (path 3F00), reference [0] = VERIFY's P2."""
    common = encode(0x30, encode(0x0C, PIN_LABEL.encode()) + encode(0x03, b"\x07\x80"))
    auth_attributes = encode(0x30, encode(0x04, PIN_AUTH_ID))
    pin_attributes = encode(0x30,
        encode(0x03, b"\x03\x08")          # pinFlags: initialized
        + encode(0x0A, b"\x01")            # pinType: ascii-numeric
        + encode(0x02, b"\x04")            # minLength
        + encode(0x02, b"\x04")            # storedLength
        + encode(0x02, b"\x04")            # maxLength
        + encode(0x80, bytes([PIN_REFERENCE]))
        + _path(FileId.MF))
    return encode(0x30, common + auth_attributes + encode(0xA1, pin_attributes))
