"""Reading the PKCS#15 directory files a CPS card uses to point at its certificates and PIN.

EF.DIR names the application; its ODF lists the certificate directory (CDF, tag A4) and the
authentication objects (AODF, tag A8); each CDF entry gives a label and the path of one
certificate file; each AODF PIN object gives the PIN reference used by VERIFY.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import tlv
from .constants import ANS_ISSUER

ODF_CDF = 0xA4
ODF_AODF = 0xA8


@dataclass(frozen=True)
class CertificateEntry:
    label: str
    path: bytes


def application_from_ef_dir(data: bytes) -> bytes | None:
    """The AID of the first ANS application listed in EF.DIR (tag 61 → 4F), if any."""
    for template in tlv.walk(tlv.parse(data), 0x61):
        aid = template.find(0x4F)
        if aid is not None and ANS_ISSUER in aid.value:
            return aid.value
    return None


def paths_in_odf(data: bytes, tag: int) -> list[bytes]:
    """The paths of the directory files of one kind (ODF_CDF, ODF_AODF)."""
    paths = []
    for item in tlv.parse(data):
        if item.tag == tag:
            found = item.find(0x04)
            if found is not None:
                paths.append(found.value)
    return paths


def certificates_in_cdf(data: bytes) -> list[CertificateEntry]:
    """Each X.509 certificate object: its label (first UTF8String) and its file path."""
    entries = []
    for item in tlv.parse(data):
        if item.tag != 0x30:
            continue
        label = item.find(0x0C)
        type_attributes = next((c for c in item.children() if c.tag == 0xA1), None)
        path = type_attributes.find(0x04) if type_attributes else None
        if path is not None:
            entries.append(CertificateEntry(label.value.decode("utf-8", "replace") if label
                                            else "", path.value))
    return entries


def pin_references_in_aodf(data: bytes) -> list[int]:
    """The pinReference ([0], tag 80) of each PIN object, in order."""
    references = []
    for item in tlv.parse(data):
        attributes = next((c for c in item.children() if c.tag == 0xA1), None)
        reference = attributes.find(0x80) if attributes else None
        if reference is not None and reference.value:
            references.append(int.from_bytes(reference.value, "big"))
    return references
