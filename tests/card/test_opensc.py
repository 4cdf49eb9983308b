"""OpenSC reads the virtual card as it reads a real CPx, and agrees with `ecpx card info`.

Through the real pcscd + vpcd with Debian 12's OpenSC 0.23: its IAS-ECC driver ("IAS/ECC CPx")
reads EF.ATR and EF.SN.ICC, its PKCS#15 layer follows EF.DIR → ODF → CDF / AODF, and its PIN
query is the empty VERIFY plus GET DATA of the PIN's security data object. Nothing presents a
PIN. OpenSC 0.23's `pkcs15-tool --list-pins` prints no tries left (it never asks the card; the
PKCS#11 token flags and `opensc-explorer`'s pin_info do): the tries are read with the latter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cryptography.x509.oid import NameOID
from ecpx.card.constants import Ins
from ecpx.card.emulator import LAYOUTS
from ecpx.card.emulator.pkcs15_app import certificate_id

from tests.card import opensc
from tests.card.conftest import READER_1

HOLDER = "pharmacien"
# Layouts OpenSC reads whole: certificates, PIN object and tries left.
READ_WHOLE = {"standard", "cps4", "chaining", "blocked"}
# What OpenSC cannot read on the others, and why (checked below, not just listed).
NOT_READ = {
    "get-data-6d00": ("tries", "its IAS-ECC driver reads the tries through GET DATA of the PIN "
                                "object, which this card refuses (ecpx uses the empty VERIFY)"),
    "get-data-6a88": ("tries", "same: GET DATA refused"),
    "no-aodf": ("pin", "no PIN object in the card's PKCS#15 data (ecpx falls back to 01)"),
    "no-ef-dir": ("pkcs15", "without EF.DIR, OpenSC looks for PKCS#15 at 3F00/5015 or "
                            "3F00/5031 only (ecpx selects the published AID)"),
    "no-application": ("pkcs15", "the application refuses to be selected"),
    "contactless": ("card", "OpenSC 0.23's CPxCL ATR entry begins with 2B, so the contactless "
                            "3B ATR matches no driver"),
    "pulled-out": ("card", "the card is pulled out while OpenSC reads it"),
}


def test_every_layout_is_classified():
    assert READ_WHOLE | set(NOT_READ) == set(LAYOUTS) and not READ_WHOLE & set(NOT_READ)


def ecpx_info() -> dict:
    out = subprocess.run([sys.executable, "-m", "ecpx.cli", "card", "info", "--reader",
                          READER_1, "--json"], capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout)


def presented_pins(card) -> list[bytes]:
    return [c for c in card.commands() if c[1] == Ins.VERIFY and len(c) > 5]


@pytest.mark.parametrize("layout", sorted(READ_WHOLE))
def test_opensc_reads_the_card_and_agrees_with_ecpx(layout, spare_card):
    card = spare_card("--holder", HOLDER, "--layout", layout)
    index = opensc.reader_index(READER_1)
    name = opensc.run(opensc.which_or_fail("opensc-tool", "opensc"), "--reader", index, "-n",
                      "-vvvv")
    assert name.returncode == 0, name.stdout + name.stderr
    assert "Card name: IAS-ECC" in name.stdout
    assert "'IAS/ECC CPx' card matched" in name.stdout + name.stderr

    certificates = {c.label: c for c in opensc.certificates(index)}
    aid = bytes(LAYOUTS[layout].aid)
    assert {c.id for c in certificates.values()} == {
        certificate_id(aid, "auth").hex(), certificate_id(aid, "sign").hex()}
    auth = certificates["Certificat d'Authentification CPS"]
    pins = opensc.pin_references(index)
    assert list(pins) == ["Code porteur"]
    tries = opensc.tries_left(index, pins["Code porteur"])

    report = ecpx_info()
    holder = report["holder"]
    assert report["errors"] == {}
    assert holder["idnat"] == auth.name(NameOID.COMMON_NAME)
    assert holder["surname"] == auth.name(NameOID.SURNAME)
    assert holder["given_name"] == auth.name(NameOID.GIVEN_NAME)
    assert holder["certificate_serial"] == auth.serial
    assert holder["subject"] == auth.subject
    assert report["pin_tries_left"] == tries == (0 if layout == "blocked" else 3)

    objects = opensc.pkcs11_objects(opensc.pkcs11_slot_index(READER_1))
    for certificate in certificates.values():
        assert f"label:      {certificate.label}" in objects
        assert f"serial:     {certificate.serial}" in objects
        assert f"ID:         {certificate.id}" in objects
    assert presented_pins(card) == []


@pytest.mark.parametrize("layout", sorted(NOT_READ))
def test_what_opensc_cannot_read(layout, spare_card):
    card = spare_card("--holder", HOLDER, "--layout", layout)
    index = opensc.reader_index(READER_1)
    gap, _ = NOT_READ[layout]
    listed = opensc.pkcs15(index, "--list-certificates", "--list-pins")
    if gap == "card":
        assert listed.returncode != 0
        assert "Failed to connect to card" in listed.stderr or "binding failed" in listed.stderr
    elif gap == "pkcs15":
        assert "X.509 Certificate" not in listed.stdout and "PIN [" not in listed.stdout
    else:
        auth = {c.label: c for c in opensc.certificates(index)}[
            "Certificat d'Authentification CPS"]
        assert ecpx_info()["holder"]["certificate_serial"] == auth.serial
        if gap == "pin":
            assert "PIN [" not in listed.stdout
        else:
            assert not isinstance(opensc.tries_left(index, 1), int)
    assert presented_pins(card) == []
