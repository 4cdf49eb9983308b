"""Logging in with the class code: Jupyter Server's token login, made forgiving for a trainee
and costly for a guesser.

- the code arrives through a pipe (`CODE_FD_ENV` names its file descriptor), never in the
  environment: /proc/<pid>/environ keeps a process's first environment for its whole life;
- typing is forgiving (case, spaces, dashes), guessing is slowed per client (`throttle`): the
  form, `?token=` and `Authorization: token` share one back-off;
- the login cookie is SameSite=Lax (set in `CourseServer`), signed with the class's kept secret.
"""

from __future__ import annotations

import hmac
import math
import os

from jupyter_server.auth.identity import PasswordIdentityProvider
from traitlets import Bool, Instance, observe
from voila.voila_identity_provider import VoilaLoginHandler

from ecpx.server import pages
from ecpx.server.classcode import LENGTH, normalise
from ecpx.server.throttle import LoginThrottle
from ecpx.texts import classroom as texts

CODE_FD_ENV = "ECPX_CLASS_CODE_FD"  # the pipe `ecpx serve` writes the code into


def read_code(environ=os.environ) -> str:
    """The class code from the pipe `ecpx serve` opened (empty: no code, local serving)."""
    fd = environ.pop(CODE_FD_ENV, "")
    if not fd:
        return ""
    with os.fdopen(int(fd), "r") as pipe:
        code = normalise(pipe.read())
    if len(code) < LENGTH:
        raise SystemExit(f"the class code must have at least {LENGTH} letters or digits")
    return code


def hand_over(code: str) -> None:
    """`ecpx serve`'s side: the code into a pipe the server it executes inherits."""
    read, write = os.pipe()
    os.write(write, code.encode())  # a few bytes: far below a pipe's buffer
    os.close(write)
    os.set_inheritable(read, True)
    os.environ[CODE_FD_ENV] = str(read)


class ClassCodeIdentityProvider(PasswordIdentityProvider):
    """Jupyter Server's token login, forgiving about the typing, slowed after wrong codes."""

    throttle = Instance(LoginThrottle, args=())
    throttled = Bool(True, config=True,
                     help="Slow down wrong codes; off only for benchmarks/bench_login.py, which "
                          "measures guessing without the back-off")

    @observe("throttled")
    def _warn_unthrottled(self, change) -> None:
        if not change["new"]:
            self.log.warning("Wrong class codes are NOT slowed down (throttled=False)")

    def _check(self, handler, typed: str) -> bool:
        client = handler.request.remote_ip or ""
        if not self.throttled:
            return bool(self.token) and hmac.compare_digest(normalise(typed).encode(),
                                                            self.token.encode())
        wait = self.throttle.wait(client)
        if wait:
            handler.ecpx_wait = wait  # refused unchecked, and not counted
            return False
        if self.token and hmac.compare_digest(normalise(typed).encode(), self.token.encode()):
            self.throttle.succeeded(client)
            return True
        handler.ecpx_wait = self.throttle.failed(client)
        if handler.ecpx_wait:
            self.log.warning("Wrong class codes from one client: next try in %.0f s",
                             handler.ecpx_wait)
        return False

    def process_login_form(self, handler):
        if not self.auth_enabled:
            return super().process_login_form(handler)
        if self._check(handler, handler.get_argument("password", default="")):
            return self.generate_anonymous_user(handler)
        return None

    async def get_user_token(self, handler):
        """`?token=` or `Authorization: token`, through the same back-off as the form."""
        typed = self.get_token(handler)
        if not self.token or not typed or not self._check(handler, typed):
            return None
        user = self.get_user_cookie(handler)
        return user or self.generate_anonymous_user(handler)


class ClassCodeLoginHandler(VoilaLoginHandler):
    """Jupyter Server's login form handler, rendering the course's French page (429 and the
    time to wait while a client is slowed down)."""

    def render_template(self, name, **ns):
        wait = getattr(self, "ecpx_wait", 0)
        error = None
        if wait:
            seconds = math.ceil(wait)
            self.set_status(429)
            self.set_header("Retry-After", str(seconds))
            error = texts.LOGIN["wait"].format(seconds=seconds)
        return pages.render(name, text=texts.LOGIN, base_url=self.base_url, error=error,
                            xsrf_form_html=self.xsrf_form_html, **ns)
