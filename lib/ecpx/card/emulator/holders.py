"""The virtual card's fictitious holders, and their certificates in the IGC-Santé pattern.

Every person here is invented. Identifiers follow the public idNat patterns (ANS PSIdNat): `8` +
RPPS for a doctor or pharmacist, `0` + ADELI for a nurse, `3` + FINESS + `/` + internal id for
establishment staff. The subject mirrors IGC-Santé certificates: `CN=idNat+SN=…+GN=…` in one
multi-valued RDN, the profession in `title`, `C=FR`; issuer `AC IGC-SANTE FORT PERSONNES`.

Keys are P-256 derived from a fixed number per holder, so they cost microseconds and are the
same in every run (real cards carry RSA keys generated on the card; the virtual card never
signs anything, so only the certificate's content matters).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

ISSUER = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ASIP-SANTE"),
    x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "IGC-SANTE"),
    x509.NameAttribute(NameOID.COMMON_NAME, "AC IGC-SANTE FORT PERSONNES"),
])
# CPS cards are valid three years; fixed dates keep the certificates identical across runs.
NOT_BEFORE = dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2027, 3, 1, tzinfo=dt.UTC)

AUTH_LABEL = "Certificat d'Authentification CPS"
SIGN_LABEL = "Certificat de Signature CPS"


@dataclass(frozen=True)
class FictitiousHolder:
    """One invented card holder, with the codes of their virtual card (shown to the trainee)."""

    key: str
    idnat: str
    surname: str
    given_name: str
    profession: str
    card_type: str
    pin: str
    unblock_code: str
    card_serial: str  # 5 bytes in hex, after the ANS issuer number in EF.SN.ICC (as published)
    organisation: str = ""


HOLDERS: dict[str, FictitiousHolder] = {
    h.key: h
    for h in (
        FictitiousHolder("medecin", "810091234567", "DURAND", "CLAIRE", "Médecin", "CPS",
                         pin="2468", unblock_code="13572468", card_serial="0000100001"),
        FictitiousHolder("pharmacien", "810097654321", "MOREAU", "KARIM", "Pharmacien", "CPS",
                         pin="1357", unblock_code="24681357", card_serial="0000100002"),
        FictitiousHolder("infirmier", "0759912345", "LEFEBVRE", "JULIE", "Infirmier", "CPS",
                         pin="8642", unblock_code="86427531", card_serial="0000100003"),
        FictitiousHolder("secretaire", "3759900001/SEC042", "PETIT", "NADIA",
                         "Secrétaire médicale", "CPE", pin="9753", unblock_code="97531864",
                         card_serial="0000100004",
                         organisation="CENTRE HOSPITALIER DE DEMONSTRATION"),
    )
}
DEFAULT_HOLDER = "medecin"


def holder_named(key: str) -> FictitiousHolder:
    """The holder with this key, or a ValueError listing the valid keys."""
    try:
        return HOLDERS[key]
    except KeyError:
        raise ValueError(f"unknown holder {key!r}; choose one of {', '.join(HOLDERS)}") from None


def subject_of(holder: FictitiousHolder) -> x509.Name:
    """The IGC-Santé subject: C=FR, [O=structure,] title, then CN+SN+GN as one RDN."""
    rdns = [x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR")])]
    if holder.organisation:
        rdns.append(x509.RelativeDistinguishedName(
            [x509.NameAttribute(NameOID.ORGANIZATION_NAME, holder.organisation)]))
    rdns.append(x509.RelativeDistinguishedName(
        [x509.NameAttribute(NameOID.TITLE, holder.profession)]))
    rdns.append(x509.RelativeDistinguishedName([
        x509.NameAttribute(NameOID.COMMON_NAME, holder.idnat),
        x509.NameAttribute(NameOID.SURNAME, holder.surname),
        x509.NameAttribute(NameOID.GIVEN_NAME, holder.given_name),
    ]))
    return x509.Name(rdns)


@cache
def certificate_der(holder_key: str, usage: str = "auth") -> bytes:
    """The DER certificate of `usage` ("auth" or "sign") for a holder, made once per process."""
    holder = holder_named(holder_key)
    key = _derived_key(f"{holder_key}/{usage}")
    ca_key = _derived_key("AC IGC-SANTE FORT PERSONNES")
    serial = int.from_bytes(hashlib.sha256(f"{holder_key}/{usage}".encode()).digest()[:8], "big")
    if usage == "auth":
        key_usage = dict(digital_signature=True, content_commitment=False)
    else:
        key_usage = dict(digital_signature=False, content_commitment=True)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject_of(holder))
        .issuer_name(ISSUER)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False,
                          decipher_only=False, **key_usage),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert.public_bytes(Encoding.DER)


def _derived_key(seed: str) -> ec.EllipticCurvePrivateKey:
    number = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % (2**255)
    return ec.derive_private_key(number or 1, ec.SECP256R1())
