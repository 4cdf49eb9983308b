"""Time of `ecpx card info` and of the identity read through pcscd + vpcd, next to in-process.

Starts what it needs, as root: pcscd in a private network namespace with
deploy/vpcd/reader.conf (no port opened on the network; no other pcscd may run) and the virtual
card on "Virtual PCD 00 00" (a `VpcdBridge` thread of this process, joining that namespace).
Then, in one run, it times:

- the identity read (open a session, read the authentication certificate, parse the holder) and
  the whole `card info` read (plus serial number and PIN tries) through pyscard → pcscd → vpcd,
  and the same on the in-process virtual card;
- the `ecpx card info` command as a user runs it (a new Python process each time), both ways.

    .venv/bin/python benchmarks/bench_card.py [--rounds 20]

Goal (issue 3): identity read through pcscd ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ecpx.card import pcsc, virtual_session
from ecpx.card.cli import describe, read_report
from ecpx.card.emulator import VirtualCps3
from ecpx.card.emulator.private_pcscd import netns_of, start_private_pcscd
from ecpx.card.emulator.vpcd import VpcdBridge
from ecpx.card.errors import PcscUnavailable
from ecpx.card.opening import real_session

REPO = Path(__file__).resolve().parents[1]
READER = "Virtual PCD 00 00"
GOAL_SECONDS = 0.3


def median_seconds(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def identity_via_pcscd() -> None:
    with real_session(READER) as session:
        session.identity()


def info_via_pcscd() -> None:
    with real_session(READER) as session:
        describe(read_report(session))


def run_cli(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "ecpx.cli", "card", "info", *args],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"ecpx card info failed: {result.stderr}")


def readers_or_none() -> list[str] | None:
    try:
        return pcsc.list_readers()
    except PcscUnavailable:
        return None


def start_pcscd() -> subprocess.Popen:
    """A pcscd of our own, in a private network namespace (see `private_pcscd`)."""
    if readers_or_none() is not None:
        raise SystemExit("a pcscd already runs: stop it (systemctl stop pcscd.socket "
                         "pcscd.service); this benchmark starts its own")
    try:
        process = start_private_pcscd(REPO / "deploy" / "vpcd" / "reader.conf")
    except OSError as error:
        raise SystemExit(f"cannot start pcscd: {error}") from None
    for _ in range(100):
        if READER in (readers_or_none() or []):
            return process
        time.sleep(0.1)
    process.terminate()
    raise SystemExit("pcscd did not show the vpcd readers: apt-get install vsmartcard-vpcd")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    daemon = start_pcscd()
    bridge = VpcdBridge(VirtualCps3("medecin"), netns=netns_of(daemon.pid)).start()
    try:
        if not bridge.connected.wait(10):
            raise SystemExit("the virtual card could not reach vpcd on 127.0.0.1:35963")
        while not pcsc.card_present(READER):
            time.sleep(0.05)
        identity_via_pcscd()  # warm-up: imports, certificate generation, first connection
        rows = [
            ("identity read (session + certificate + holder)",
             median_seconds(identity_via_pcscd, args.rounds),
             median_seconds(lambda: virtual_session("medecin").identity(), args.rounds)),
            ("card info read (+ serial number, PIN tries)",
             median_seconds(info_via_pcscd, args.rounds),
             median_seconds(lambda: describe(read_report(virtual_session("medecin"))),
                            args.rounds)),
            ("`ecpx card info` command (new process)",
             median_seconds(lambda: run_cli("--reader", READER), max(3, args.rounds // 4)),
             median_seconds(lambda: run_cli("--virtual"), max(3, args.rounds // 4))),
        ]
    finally:
        bridge.stop()
        if daemon is not None:
            daemon.terminate()
            daemon.wait(timeout=10)

    print(f"{'median of ' + str(args.rounds) + ' rounds':<50} {'pcscd+vpcd':>12} "
          f"{'in-process':>12}")
    for label, via_pcscd, in_process in rows:
        print(f"{label:<50} {via_pcscd * 1000:>9.1f} ms {in_process * 1000:>9.1f} ms")
    verdict = "met" if rows[0][1] <= GOAL_SECONDS else "MISSED"
    print(f"goal: identity read through pcscd <= {GOAL_SECONDS * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
