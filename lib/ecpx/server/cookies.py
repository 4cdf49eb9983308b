"""The class's cookie secret, kept so that a restart of the same class logs nobody out.

Jupyter signs the login cookie with a secret, by default new at each start: every trainee then
had to type the code again. The secret is kept in the journal folder (`.classroom/`, 0700; the
file 0600) with a salted hash of the class code: a restart with the same code reuses it, a new
code (a new class) draws a new secret, which ends the old class's logins.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

FOLDER = ".classroom"
FILE = "cookie-secret.json"
ROUNDS = 200_000  # pbkdf2 rounds: the file never gives the code away cheaply


def _digest(code: str, salt: bytes) -> str:
    return hashlib.pbkdf2_hmac("sha256", code.encode(), salt, ROUNDS).hex()


def class_cookie_secret(journal: Path, code: str) -> bytes:
    """The cookie secret of the class with this code (created, or replaced for a new code)."""
    folder = journal / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / FILE
    try:
        kept = json.loads(path.read_text())
        if hmac.compare_digest(_digest(code, bytes.fromhex(kept["salt"])), kept["code"]):
            return bytes.fromhex(kept["secret"])
    except (OSError, ValueError, KeyError, TypeError):
        pass  # none yet, or unreadable: a new one
    salt, secret = secrets.token_bytes(16), secrets.token_bytes(32)
    record = {"salt": salt.hex(), "code": _digest(code, salt), "secret": secret.hex()}
    temporary = folder / f".{FILE}.{os.getpid()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump(record, out)
    os.replace(temporary, path)
    return secret
