"""Who a CPS card belongs to, read from its authentication certificate (IGC-Santé pattern)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

# The short names IGC-Santé subjects are usually written with (RFC 4514 knows only CN, O, C…).
SHORT_NAMES = {NameOID.SURNAME: "SN", NameOID.GIVEN_NAME: "GN", NameOID.TITLE: "title"}


@dataclass(frozen=True)
class Holder:
    """The card holder as the certificate names them."""

    idnat: str  # national identifier: subject CN
    surname: str  # SN
    given_name: str  # GN
    profession: str  # title
    card_type: str  # CPS, CPE, ... (inferred, see `card_type_from_idnat`)
    issuer: str  # the issuing CA's CN
    not_before: dt.datetime
    not_after: dt.datetime
    organisation: str = ""  # O, for establishment staff
    certificate_serial: str = ""  # the certificate's serial number, in hex (as OpenSC prints it)
    subject: str = ""  # the certificate's subject, RFC 4514 (what another tool can compare)

    @property
    def display_name(self) -> str:
        """Given name then surname, as a portal greets the holder."""
        return f"{self.given_name} {self.surname}".strip()

    @classmethod
    def from_certificate(cls, certificate: x509.Certificate | bytes) -> Holder:
        """Read the identity from a certificate (DER bytes or a parsed one)."""
        if isinstance(certificate, bytes):
            certificate = x509.load_der_x509_certificate(certificate)
        subject = certificate.subject
        idnat = _attribute(subject, NameOID.COMMON_NAME)
        return cls(
            idnat=idnat,
            surname=_attribute(subject, NameOID.SURNAME),
            given_name=_attribute(subject, NameOID.GIVEN_NAME),
            profession=_attribute(subject, NameOID.TITLE),
            card_type=card_type_from_idnat(idnat),
            issuer=_attribute(certificate.issuer, NameOID.COMMON_NAME),
            not_before=certificate.not_valid_before_utc,
            not_after=certificate.not_valid_after_utc,
            organisation=_attribute(subject, NameOID.ORGANIZATION_NAME),
            certificate_serial=f"{certificate.serial_number:X}",
            subject=subject.rfc4514_string(SHORT_NAMES),
        )


def card_type_from_idnat(idnat: str) -> str:
    """The card type suggested by the idNat prefix (ANS PSIdNat).

    **Uncertain**: `0` (ADELI) and `8` (RPPS) identify a health professional, hence a CPS; `3`
    and the other structure prefixes identify establishment staff, whose card may be a CPE, a
    CPA or a CDE: we say CPE, the most common. The card's own `CPS_INFO_PS` data object would
    tell for sure; its layout is not public, so it is not read.
    """
    if idnat[:1] in ("0", "8"):
        return "CPS"
    if idnat[:1] in ("1", "3", "4", "5", "6"):
        return "CPE"
    return "inconnu"


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""
