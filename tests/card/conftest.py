"""The real PC/SC stack for the card tests: pcscd with vsmartcard-vpcd, and virtual cards on it.

These fixtures start `pcscd --foreground --debug --apdu --config deploy/vpcd/reader.conf` in a
private network namespace whose one interface is loopback, so vpcd's ports (it binds 0.0.0.0)
are open to nothing else; they keep its log (every APDU it passed on) and stop it at the end.
Virtual cards run as `ecpx card emulate --netns …` processes, joining that namespace: the
session's card sits in "Virtual PCD 00 00" (port 35963) and is only read; tests that change a
card (PIN tries, removal) get their own card in "Virtual PCD 00 01" (port 35964). A pcscd that
already runs (systemd's) would hold PC/SC's socket: the tests then fail, saying so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from ecpx.card.emulator.private_pcscd import netns_of, start_private_pcscd
from ecpx.card.errors import CardError, PcscUnavailable

from tests.card.sockets import listening_sockets
from tests.conftest import which_or_fail
from tests.serving import stop

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER_CONF = Path(__file__).resolve().parents[2] / "deploy" / "vpcd" / "reader.conf"
READER_0, PORT_0 = "Virtual PCD 00 00", 35963
READER_1, PORT_1 = "Virtual PCD 00 01", 35964
STARTUP_SECONDS = 15


@dataclass
class Pcscd:
    started_here: bool
    log: Path | None  # pcscd's --apdu log, when these tests started it
    pid: int = 0  # pcscd's: its network namespace is the cards' (`netns_of`)

    def logged_apdus(self) -> list[bytes]:
        """The commands pcscd logged (`APDU: 00 A4 ...`); its answers are logged as `SW:`."""
        if self.log is None:
            return []
        return [bytes.fromhex(line.split("APDU:", 1)[1])
                for line in self.log.read_text(errors="replace").splitlines() if "APDU:" in line]


def readers_or_none() -> list[str] | None:
    from ecpx.card import pcsc

    try:
        return pcsc.list_readers()
    except PcscUnavailable:
        return None


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory) -> Pcscd:
    which_or_fail("pcscd", "pcscd")
    which_or_fail("unshare", "util-linux")
    which_or_fail("ip", "iproute2")
    if not VPCD_DRIVER.exists():
        pytest.fail(f"vpcd driver not found ({VPCD_DRIVER}): apt-get install vsmartcard-vpcd")
    if os.geteuid() != 0:
        pytest.fail("the card tests start pcscd in a private network namespace: run as root")
    readers = readers_or_none()
    if readers is not None:
        pytest.fail(f"a pcscd already runs (readers: {readers}); the card tests start their own "
                    "in a private network namespace: stop it (systemctl stop pcscd.socket "
                    f"pcscd.service){listening_note()}")
    log = tmp_path_factory.mktemp("pcscd") / "pcscd.log"
    process = start_private_pcscd(READER_CONF, log, apdus=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while READER_0 not in (readers_or_none() or []):
            if process.poll() is not None:
                pytest.fail(f"pcscd exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"pcscd shows no vpcd reader after {STARTUP_SECONDS} s:\n"
                            f"{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield Pcscd(started_here=True, log=log, pid=process.pid)
    finally:
        stop(process, timeout=10)


def listening_note() -> str:
    listening = ", ".join(map(str, listening_sockets(ports={PORT_0, PORT_1})))
    return f"; its vpcd listens on the network: {listening}" if listening else ""


class EmulatedCard:
    """An `ecpx card emulate` process: its reader, its APDU log, and keys to remove/insert."""

    def __init__(self, directory: Path, reader: str, port: int, *options: str,
                 netns: str | None = None) -> None:
        self.reader = reader
        self.apdu_log = directory / f"apdus-{port}.log"
        self.output = directory / f"emulate-{port}.out"
        self.apdu_log.write_text("")
        with self.output.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "ecpx.cli", "card", "emulate", "--port", str(port),
                 "--apdu-log", str(self.apdu_log), *(("--netns", netns) if netns else ()),
                 *options],
                stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT, text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        self.wait_until(present=True)

    def commands(self) -> list[bytes]:
        """Every command APDU the virtual card received so far."""
        return [bytes.fromhex(line[2:]) for line in self.apdu_log.read_text().splitlines()
                if line.startswith("> ")]

    def key(self, key: str) -> None:
        self.process.stdin.write(key + "\n")
        self.process.stdin.flush()

    def wait_until(self, present: bool) -> None:
        """Until pcscd sees the card in (or out of) the reader."""
        from ecpx.card import pcsc

        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if present and self.process.poll() is not None:
                pytest.fail(f"`ecpx card emulate` exited:\n{self.output.read_text()[-3000:]}")
            if pcsc.card_present(self.reader) == present:
                if not present:
                    return
                try:  # pcscd sees it: make sure it also powers it up and reads its ATR
                    pcsc.PcscConnection(self.reader).close()
                    return
                except CardError:
                    pass
            if time.monotonic() > deadline:
                pytest.fail(f"the virtual card never {'appeared in' if present else 'left'} "
                            f"{self.reader}:\n{self.output.read_text()[-3000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.key("q")
            stop(self.process, timeout=10, ask=False)
        self.process.stdin.close()


@pytest.fixture(scope="session")
def vpcd_card(pcscd, tmp_path_factory) -> EmulatedCard:
    """The doctor's virtual card in "Virtual PCD 00 00", for the whole session: read only."""
    card = EmulatedCard(tmp_path_factory.mktemp("vpcd0"), READER_0, PORT_0, "--holder",
                        "medecin", netns=netns_of(pcscd.pid))
    yield card
    card.stop()


@pytest.fixture
def spare_card(pcscd, tmp_path):
    """Start a test's own virtual card in "Virtual PCD 00 01" with the given emulate options."""
    cards: list[EmulatedCard] = []

    def start(*options: str) -> EmulatedCard:
        card = EmulatedCard(tmp_path, READER_1, PORT_1, *options, netns=netns_of(pcscd.pid))
        cards.append(card)
        return card

    yield start
    for card in cards:
        card.stop()
    if cards:  # they all sat in the same reader: it must be empty for the next test
        cards[-1].wait_until(present=False)
