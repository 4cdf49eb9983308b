"""What OpenSC (Debian's `opensc` package: opensc-tool, pkcs15-tool, opensc-explorer,
pkcs11-tool) reads from a card in a reader, parsed into plain values for the tests."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

import pytest
from cryptography import x509
from ecpx.card.holder import SHORT_NAMES

from tests.conftest import which_or_fail

PKCS11_MODULE = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"


def run(*args: str, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)


def reader_index(reader: str) -> str:
    """OpenSC's number for a reader (`--reader N`)."""
    listing = run(which_or_fail("opensc-tool", "opensc"), "--list-readers").stdout
    for line in listing.splitlines():
        match = re.match(r"\s*(\d+)\s+\w+\s+.*?" + re.escape(reader) + r"\s*$", line)
        if match:
            return match.group(1)
    pytest.fail(f"opensc-tool does not list {reader}:\n{listing}")


@dataclass(frozen=True)
class Certificate:
    label: str
    id: str
    der: bytes

    @property
    def parsed(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.der)

    @property
    def serial(self) -> str:
        return f"{self.parsed.serial_number:X}"

    @property
    def subject(self) -> str:
        return self.parsed.subject.rfc4514_string(SHORT_NAMES)

    def name(self, oid: x509.ObjectIdentifier) -> str:
        return str(self.parsed.subject.get_attributes_for_oid(oid)[0].value)


def pkcs15(index: str, *args: str) -> subprocess.CompletedProcess:
    return run(which_or_fail("pkcs15-tool", "opensc"), "--reader", index, *args)


def certificates(index: str) -> list[Certificate]:
    """Each certificate `pkcs15-tool --list-certificates` lists, read by `--read-certificate`."""
    listed = pkcs15(index, "--list-certificates")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    found = re.findall(r"X\.509 Certificate \[(.*?)\].*?\n\s*ID\s*: (\w+)", listed.stdout, re.S)
    result = []
    for label, ident in found:
        pem = pkcs15(index, "--read-certificate", ident)
        assert pem.returncode == 0, pem.stderr
        result.append(Certificate(label, ident, pem.stdout.encode()))
    return result


def pin_references(index: str) -> dict[str, int]:
    """Label → reference of each PIN `pkcs15-tool --list-pins` lists."""
    listed = pkcs15(index, "--list-pins")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    return {label: int(ref) for label, ref in
            re.findall(r"PIN \[(.*?)\].*?Reference\s*: (\d+)", listed.stdout, re.S)}


def tries_left(index: str, reference: int) -> int | str:
    """The tries left as OpenSC's card driver reads them (`opensc-explorer`: pin_info), or
    OpenSC's error message."""
    out = run(which_or_fail("opensc-explorer", "opensc"), "--reader", index,
              stdin=f"pin_info CHV{reference}\n")
    match = re.search(r"(\d+) tries left", out.stdout)
    if match:
        return int(match.group(1))
    error = re.search(r"Unable to get PIN info: (.*)", out.stdout + out.stderr)
    return error.group(1).strip() if error else out.stdout + out.stderr


def pkcs11_objects(slot_index: str) -> str:
    """`pkcs11-tool --list-objects` (no login) through OpenSC's PKCS#11 module."""
    out = run(which_or_fail("pkcs11-tool", "opensc"), "--module", PKCS11_MODULE,
              "--slot-index", slot_index, "--list-objects")
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def pkcs11_slot_index(reader: str) -> str:
    """The index (`--slot-index`) of the PKCS#11 slot of a reader that holds a token."""
    out = run(which_or_fail("pkcs11-tool", "opensc"), "--module", PKCS11_MODULE, "-L").stdout
    slots = re.findall(r"Slot (\d+) \(0x\w+\): (.*)\n(.*)", out)
    for position, (_, name, first) in enumerate(slots):
        if name.strip() == reader and "empty" not in first:
            return str(position)
    pytest.fail(f"pkcs11-tool shows no token in {reader}:\n{out}")
