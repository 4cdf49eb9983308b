"""A pcscd whose vpcd listens in a private network namespace: the virtual card's way into PC/SC
that opens no port on the network.

vsmartcard-vpcd binds 0.0.0.0 (it has no address setting) and Debian 12's vpcd cannot run in
its reverse mode (it aborts pcscd as soon as the card is absent). So pcscd runs in a network
namespace of its own (`unshare --net`) whose one interface is loopback: there, vpcd's ports are
reachable from nothing else. Programs still reach pcscd through its Unix socket (a file, not a
network), and the card's bridge joins the namespace (`setns`, in its own thread) to connect to
vpcd. Both need root (CAP_SYS_ADMIN).
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
from pathlib import Path

CLONE_NEWNET = 0x40000000


def start_private_pcscd(reader_conf: Path, log: Path | None = None, apdus: bool = False
                        ) -> subprocess.Popen:
    """`pcscd --foreground --config reader_conf` in a new network namespace with loopback up.

    The process's pid is pcscd's (unshare and sh exec it), so its namespace is
    `netns_of(process.pid)`. Raises OSError naming what is missing (unshare, ip, pcscd).
    """
    tools = {name: shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
             for name in ("unshare", "ip", "pcscd")}
    missing = [name for name, path in tools.items() if not path]
    if missing:
        raise OSError(f"missing: {', '.join(missing)} (util-linux, iproute2, pcscd)")
    debug = ["--debug", "--apdu"] if apdus else []
    command = (f"{tools['ip']} link set lo up && exec {tools['pcscd']} --foreground "
               f"{' '.join(debug)} --config {reader_conf.resolve()}")
    out = log.open("w") if log else subprocess.DEVNULL
    try:
        return subprocess.Popen([tools["unshare"], "--net", "sh", "-c", command],
                                stdout=out, stderr=subprocess.STDOUT)
    finally:
        if log:
            out.close()


def netns_of(pid: int) -> str:
    """The network namespace of a process, as a path `setns` and `nsenter --net` take."""
    return f"/proc/{pid}/ns/net"


def enter_netns(path: str) -> None:
    """Move the calling thread (only it) into the network namespace at `path`."""
    fd = os.open(path, os.O_RDONLY)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(fd, CLONE_NEWNET) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"cannot join the network namespace {path} "
                                 f"({os.strerror(error)}; root is needed)")
    finally:
        os.close(fd)
