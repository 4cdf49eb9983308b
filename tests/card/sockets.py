"""The TCP sockets listening on this machine, as `ss` (iproute2) lists them, with their process."""

from __future__ import annotations

import ipaddress
import subprocess
from dataclasses import dataclass

from tests.conftest import which_or_fail


@dataclass(frozen=True)
class Listening:
    address: str
    port: int
    process: str  # ss's users:(("name",pid=…,fd=…)) column, or "" if ss may not see it

    @property
    def loopback(self) -> bool:
        host = self.address.strip("[]").split("%")[0]
        return host not in ("*", "") and ipaddress.ip_address(host).is_loopback

    def __str__(self) -> str:
        return f"{self.address}:{self.port} {self.process}".strip()


def listening_sockets(ports: set[int] | None = None, loopback: bool = False) -> list[Listening]:
    """Listening TCP sockets (IPv4 and IPv6), outside loopback unless `loopback`, on `ports`."""
    out = subprocess.run([which_or_fail("ss", "iproute2"), "-Hltnp"], capture_output=True,
                         text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        address, _, port = fields[3].rpartition(":")
        item = Listening(address, int(port), " ".join(fields[5:]))
        if (ports is None or item.port in ports) and (loopback or not item.loopback):
            found.append(item)
    return found
