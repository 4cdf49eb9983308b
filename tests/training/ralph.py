"""Ralph (PyPI ralph-malph), a real xAPI learning record store, run locally for the tests and
the LRS benchmark: its file-system backend and its HTTP API with basic authentication.

`./run test` installs it in its own virtual environment, `.venv/ralph/` (it pins its own
FastAPI and pydantic): see `need_ralph` in `run`.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RALPH_VENV = REPO / ".venv" / "ralph"
USER, PASSWORD = "ecpx-course", "not-a-real-secret-4a7c"


# What `ralph runserver -b fs` does (uvicorn serving `ralph.api:app`, settings from RALPH_*
# variables), without its development reloader, and with one change: Ralph 5.1.0's file-system
# LRS backend keeps every statement in one file that its default write operation (`create`)
# makes at the first POST and then refuses to touch (HTTP 500 at the second POST), so this
# server writes with the backend's `append` operation, as its other backends (Elasticsearch,
# MongoDB, ClickHouse) add to their store. Validation, duplicate handling and the HTTP API are
# Ralph's own.
RUNSERVER = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend
FSDataBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
"""


class RalphMissing(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """`ralph runserver -b fs` on 127.0.0.1:`port`, storing in `folder/data`."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.bin = RALPH_VENV / "bin" / "ralph"
        if not self.bin.exists():
            raise RalphMissing(f"Ralph is missing ({self.bin}): `./run test` installs it "
                               "(need_ralph: pip install 'ralph-malph[cli,lrs]==5.1.0' requests "
                               "in .venv/ralph)")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.process: subprocess.Popen | None = None
        self.env = {**os.environ, "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
                    "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_APP_DIR": str(self.folder / "app")}
        if not (self.folder / "auth.json").exists():
            # `ralph auth` writes the credentials file (a bcrypt hash of the password).
            subprocess.run([str(self.bin), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                            "-A", "ecpx-course", "http://ecpx.test/", "-w"],
                           env=self.env, check=True, capture_output=True, cwd=self.folder)

    def start(self, timeout: float = 60) -> Ralph:
        log = (self.folder / "ralph.log").open("a")
        env = {**self.env,
               "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data")}
        self.process = subprocess.Popen(
            [str(RALPH_VENV / "bin" / "python"), "-c", RUNSERVER, str(self.port)],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Ralph exited:\n" + self.log()[-3000:])
            try:
                self.get("/__heartbeat__", root=True)
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"Ralph did not answer within {timeout} s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log(self) -> str:
        return (self.folder / "ralph.log").read_text(errors="replace")

    def get(self, path: str, root: bool = False) -> dict:
        base = self.url.removesuffix("/xAPI") if root else self.url
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request = urllib.request.Request(base + path, headers={
            "Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.load(answer)

    def statements(self) -> list[dict]:
        """Every statement the LRS holds, through its own GET /xAPI/statements (pages of
        `more`)."""
        out: list[dict] = []
        page = self.get("/statements?limit=100")
        while True:
            out += page["statements"]
            more = page.get("more")
            if not more:
                return out
            page = self.get(more.split("/xAPI", 1)[1] if "/xAPI" in more else more)

    def __enter__(self) -> Ralph:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def validate(statements: list[dict]) -> list[str]:
    """Ralph's own xAPI statement model (pydantic, `BaseXapiStatement`) over `statements`:
    the errors, empty when every one is valid."""
    code = (
        "import json, sys\n"
        "from ralph.models.xapi.base.statements import BaseXapiStatement\n"
        "errors = []\n"
        "for line in sys.stdin:\n"
        "    try:\n"
        "        BaseXapiStatement.model_validate(json.loads(line))\n"
        "    except Exception as error:\n"
        "        errors.append(str(error))\n"
        "print(json.dumps(errors))\n")
    done = subprocess.run([str(RALPH_VENV / "bin" / "python"), "-c", code], check=True,
                          input="".join(json.dumps(s) + "\n" for s in statements),
                          capture_output=True, text=True)
    return json.loads(done.stdout)
