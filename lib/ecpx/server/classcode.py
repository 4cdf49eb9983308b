"""The class code: a short code the trainer shows, typed once by each trainee.

It is Jupyter Server's own token, checked by its identity provider; only the typing is made
forgiving (case, spaces and dashes do not matter).
"""

from __future__ import annotations

import io
import secrets
import socket

import qrcode

from ecpx.texts.classroom import BANNER

# No 0/O, 1/I/L: a code read aloud or from a projector is typed right the first time.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """'k7p-2qm ' -> 'K7P2QM'."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def shown(code: str) -> str:
    """The code as displayed: two groups of three, easier to read from the back of a room."""
    return f"{code[:3]}-{code[3:]}" if len(code) == LENGTH else code


def lan_addresses() -> list[str]:
    """This machine's addresses on the local network (the one with the default route first)."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: no packet is sent, it only picks a route
            found.append(s.getsockname()[0])
        except OSError:
            pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        address = info[4][0]
        if not address.startswith("127.") and address not in found:
            found.append(address)
    return found


def qr_text(data: str) -> str:
    """A QR code drawn with text characters, for the trainer's terminal."""
    qr = qrcode.QRCode(border=2)
    qr.add_data(data)
    out = io.StringIO()
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()


def announce(urls: list[str], code: str) -> str:
    """What the trainer reads out or projects, in French (the catalogue): the addresses, the
    code and a QR code."""
    lines = ["", BANNER["open"]] + [f"    {url}" for url in urls]
    lines += ["", BANNER["code"].format(code=shown(code)), ""]
    if urls:
        lines += [BANNER["qr"].format(url=f"{urls[0]}?token={code}"),
                  qr_text(f"{urls[0]}?token={code}")]
    return "\n".join(lines)
