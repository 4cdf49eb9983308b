"""The virtual card reaches pcscd without opening a port on the network (issue 24).

vpcd binds 0.0.0.0: pcscd runs in a private network namespace whose one interface is loopback
(`ecpx.card.emulator.private_pcscd`), and the card joins it. While a virtual card is plugged in,
no socket of pcscd or of the card listens outside loopback in this machine's namespace, and no
configuration left in /etc/reader.conf.d makes a later pcscd load vpcd there.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from ecpx.card import pcsc
from ecpx.card.emulator.private_pcscd import netns_of, start_private_pcscd
from ecpx.card.errors import CardError

from tests.card.conftest import PORT_1, READER_1, READER_CONF, EmulatedCard
from tests.card.sockets import listening_sockets
from tests.conftest import which_or_fail
from tests.serving import stop

READER_CONF_DIR = Path("/etc/reader.conf.d")
VPCD = "libifdvpcd.so"


def running_pcscd() -> int | None:
    out = subprocess.run(["pidof", "pcscd"], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


def test_no_port_outside_loopback_while_the_card_is_plugged_in(tmp_path):
    pid, started = running_pcscd(), None
    if pid is None:  # the card tests' own pcscd is not running: start one the same way
        started = start_private_pcscd(READER_CONF, tmp_path / "pcscd.log")
        pid = started.pid
        deadline = time.monotonic() + 15
        while READER_1 not in _readers() and time.monotonic() < deadline:
            time.sleep(0.1)
    card = EmulatedCard(tmp_path, READER_1, PORT_1, "--holder", "medecin", netns=netns_of(pid))
    try:
        pids = {pid, card.process.pid}
        ours = [s for s in listening_sockets()
                if s.port in (35963, PORT_1) or any(f"pid={p}," in s.process for p in pids)]
        assert ours == [], f"listening outside loopback: {ours}"
        links = subprocess.run([which_or_fail("nsenter", "util-linux"), f"--net={netns_of(pid)}",
                                which_or_fail("ip", "iproute2"), "-brief", "link"],
                               capture_output=True, text=True, check=True).stdout.split("\n")
        assert [line.split()[0] for line in links if line.strip()] == ["lo"], links
    finally:
        card.stop()
        if started is not None:
            stop(started, timeout=10)


def _readers() -> list[str]:
    try:
        return pcsc.list_readers()
    except CardError:  # pcscd still starting
        return []


def test_no_reader_configuration_makes_pcscd_load_vpcd_on_the_network():
    loading = []
    for path in sorted(READER_CONF_DIR.glob("*")):
        text = "\n".join(line.split("#", 1)[0] for line in path.read_text().splitlines())
        if VPCD in text:
            device = re.search(r"DEVICENAME\s+(\S+)", text)
            host = device.group(1).split(":", 1)[0] if device else "/dev/null"
            if host == "/dev/null" or ":" not in (device.group(1) if device else ""):
                loading.append(f"{path} (vpcd listening on every interface)")
    assert loading == [], (f"{loading}: divert it as ./run test does (as root): dpkg-divert "
                           "--local --rename --divert /etc/vpcd-reader.conf.dpkg-divert --add "
                           "/etc/reader.conf.d/vpcd")
