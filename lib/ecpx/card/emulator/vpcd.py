"""Plugs a virtual card into pcscd through vsmartcard's vpcd driver (Debian `vsmartcard-vpcd`).

The vpcd driver listens on port 35963 ("Virtual PCD 00 00") and 35964 ("… 00 01") of every
interface; so that this opens no port on the network, pcscd runs in a private network namespace
whose one interface is loopback (`private_pcscd.py`), and the bridge joins it (`netns`) before
connecting. Every message is a 2-byte big-endian length then a payload. A 1-byte payload is a
control (0 power off, 1 power on, 2 reset, 4 "send your ATR" — also how vpcd polls for
presence); anything longer is a command APDU, answered with the response APDU. Closing the
socket is pulling the card out; connecting again is inserting it.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from collections.abc import Callable

from .card import VirtualCard
from .private_pcscd import enter_netns

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4
RETRY_SECONDS = 0.2  # how often to try again while vpcd (pcscd) is not listening


class VpcdBridge:
    """Serves `card` to vpcd until `stop()`, following the card's insertions and removals."""

    def __init__(self, card: VirtualCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 on_event: Callable[[str], None] | None = None,
                 on_apdu: Callable[[bytes, bytes | None], None] | None = None,
                 netns: str | None = None) -> None:
        self.card, self.host, self.port, self.netns = card, host, port, netns
        self.on_event = on_event or (lambda message: None)
        self.on_apdu = on_apdu or (lambda command, response: None)
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> VpcdBridge:
        self._thread = threading.Thread(target=self.run, name="vpcd-bridge", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def run(self) -> None:
        """Connect while the card is inserted; disconnect when it is removed; until stopped."""
        if self.netns:
            try:
                enter_netns(self.netns)  # this thread only: its sockets are created there
            except OSError as error:
                self.on_event(str(error))
                return
        waiting_logged = False
        while not self._stop.is_set():
            if not self.card.present:
                time.sleep(0.05)
                continue
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2)
            except OSError:
                if not waiting_logged:
                    self.on_event(f"waiting for vpcd on {self.host}:{self.port} (is pcscd "
                                  "running with vsmartcard-vpcd?)")
                    waiting_logged = True
                self._stop.wait(RETRY_SECONDS)
                continue
            waiting_logged = False
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.connected.set()
            self.on_event(f"card inserted in vpcd {self.host}:{self.port}")
            try:
                self._serve(sock)
            finally:
                sock.close()
                self.connected.clear()
                self.on_event("card removed" if not self.card.present else "vpcd disconnected")
                if self.card.present and not self._stop.is_set():
                    self._stop.wait(RETRY_SECONDS)

    def _serve(self, sock: socket.socket) -> None:
        while not self._stop.is_set() and self.card.present:
            ready, _, _ = select.select([sock], [], [], 0.05)
            if not ready:
                continue
            payload = _receive(sock)
            if payload is None:  # vpcd went away (pcscd stopped)
                return
            if len(payload) == 1:
                if payload[0] == GET_ATR:
                    _send(sock, self.card.atr)
                elif payload[0] in (POWER_ON, RESET):
                    self.card.power_on()
                continue
            response = self.card.process(payload)
            self.on_apdu(payload, response)
            if response is None:  # removed while answering: vpcd sees the socket close
                return
            _send(sock, response)


def _receive(sock: socket.socket) -> bytes | None:
    header = _receive_exactly(sock, 2)
    if header is None:
        return None
    return _receive_exactly(sock, struct.unpack(">H", header)[0])


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        try:
            _ack_at_once(sock)
            chunk = sock.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _ack_at_once(sock: socket.socket) -> None:
    """Acknowledge every segment at once (Linux forgets this after each read).

    vpcd may write a message's length and its APDU as two segments; with Nagle on its side and
    delayed ACKs on ours, each APDU would then wait ~40 ms for our ACK of the length.
    """
    if hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)
