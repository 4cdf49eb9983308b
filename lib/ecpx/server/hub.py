"""JupyterHub's side of the course (deploy/jupyterhub/, Zero to JupyterHub): the class code as
the password, slowed per client like `ecpx serve`'s, and seats that are unprivileged users.

`SeatSpawner` is the local trial's spawner. Started as root, the hub runs each seat as its own
unprivileged uid (`first_uid` + the seat's JupyterHub id; no account is created on the host),
with a private home (0700): one seat can read or write neither another's files nor the hub's.
When the course's Python lives in a folder other users cannot enter (pyenv under /root), the
seat gets its own mount namespace (`unshare`) where that folder is replaced by an empty one
holding only what the seat needs (the Python, the course, the homes), then drops to its uid
(`setpriv`). Started as an ordinary user, the hub runs seats as that user.
"""

from __future__ import annotations

import math
import os
import shlex
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator
from jupyterhub.spawner import LocalProcessSpawner
from tornado import web
from traitlets import Int, List, Unicode

from ecpx.server.classcode import LENGTH, normalise
from ecpx.server.throttle import LoginThrottle
from ecpx.texts import classroom as texts


class ClassCodeAuthenticator(Authenticator):
    """Any seat name (« poste-12 ») with the class code as password; case, spaces and dashes
    not counted. Wrong codes are slowed per client (`LoginThrottle`). Anyone with the code can
    take any seat name: the code keeps out whoever is not in the room."""

    class_code = Unicode(config=True, help="The class code (6 letters or digits at least)")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.throttle = LoginThrottle()
        if len(normalise(self.class_code)) < LENGTH:
            raise ValueError(f"the class code needs at least {LENGTH} letters or digits")

    async def authenticate(self, handler, data):
        client = handler.request.remote_ip or ""
        wait = self.throttle.wait(client)
        if wait:
            raise web.HTTPError(429, texts.LOGIN["wait"].format(seconds=math.ceil(wait)))
        if normalise(data.get("password", "")) == normalise(self.class_code):
            self.throttle.succeeded(client)
            return data["username"]
        self.throttle.failed(client)
        return None


def _first_closed_ancestor(path: Path) -> Path | None:
    """The highest folder above `path` that other users cannot enter (None: all open)."""
    for folder in reversed(path.parents):
        if not os.stat(folder).st_mode & 0o001:
            return folder
    return None


class SeatSpawner(LocalProcessSpawner):
    """One unprivileged uid and one private home per seat (see the module's docstring)."""

    homes = Unicode(config=True, help="Folder of the seats' homes (made 0711, each home 0700)")
    first_uid = Int(2_000_000, config=True,
                    help="Seat n runs as uid first_uid + n (no account needed on the host)")
    needed = List(Unicode(), config=True,
                  help="Folders a seat must reach besides the Python and the homes (the course)")

    @property
    def home(self) -> Path:
        return Path(self.homes) / self.user.name

    @property
    def uid(self) -> int:
        return self.first_uid + self.user.id if os.geteuid() == 0 else os.geteuid()

    def make_preexec_fn(self, name):
        home, uid, gid = str(self.home), self.uid, self.uid if os.geteuid() == 0 else os.getgid()

        def preexec() -> None:  # in the child, before exec (still the hub's user)
            os.makedirs(home, mode=0o700, exist_ok=True)
            os.chown(home, uid, gid)
            os.chmod(home, 0o700)
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env.update(USER=self.user.name, HOME=str(self.home), SHELL="/usr/sbin/nologin")
        return env

    def move_certs(self, paths):
        return paths  # internal TLS is not used by the local trial

    async def start(self):
        Path(self.homes).mkdir(mode=0o711, parents=True, exist_ok=True)
        os.chmod(self.homes, 0o711)
        self._base_cmd = getattr(self, "_base_cmd", None) or list(self.cmd)
        self.cmd = self.seat_prefix() + self._base_cmd
        return await super().start()

    def seat_prefix(self) -> list[str]:
        """The command that makes the rest run as the seat (nothing when not root)."""
        if os.geteuid() != 0:
            return []
        needed = {Path(p).resolve() for p in [sys.base_prefix, sys.prefix, self.homes,
                                             *self.needed]}
        hidden: dict[Path, list[Path]] = {}
        for path in sorted(needed):
            closed = _first_closed_ancestor(path)
            if closed:
                hidden.setdefault(closed, []).append(path)
        q = shlex.quote
        stage = "/mnt"  # covered by a tmpfs in the seat's own namespace only: the host is intact
        script = ["set -e", f"mount -t tmpfs -o mode=0700,size=1m ecpx-stage {stage}"]
        moves = [p for paths in hidden.values() for p in paths]
        for n, path in enumerate(moves):
            script += [f"mkdir {stage}/{n}", f"mount --rbind {q(str(path))} {stage}/{n}"]
        for closed in hidden:
            script.append(f"mount -t tmpfs -o mode=0755,size=1m ecpx-hidden {q(str(closed))}")
        for n, path in enumerate(moves):
            script += [f"mkdir -p {q(str(path))}", f"mount --move {stage}/{n} {q(str(path))}"]
        script += [f"umount {stage}",
                   f'exec setpriv --reuid={self.uid} --regid={self.uid} --clear-groups '
                   '--no-new-privs -- "$@"']
        return ["unshare", "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "\n".join(script), "ecpx-seat"]
