"""Voilà with what a classroom needs, each through the server's own machinery:

- a class code: Jupyter Server's token, checked by its identity provider, typed once on a French
  login page (`templates/login.html`); every page, file and kernel then needs it;
- a Host check: requests are routed only for the course's own host names (tornado's host
  routing), where Voilà hard-codes `allow_remote_access=True`;
- close-tab shutdown: the chapter page sets the `_xsrf` cookie that Voilà's close beacon sends
  back, so `POST /voila/api/shutdown/<id>` passes XSRF protection instead of getting 403;
- a kernel limit: past `max_kernels` trainee kernels, a French « classe complète » page (503);
- a page takes a preheated kernel only when one is ready: a refill still waiting for its delay
  (`VoilaKernelManager.fill_delay`) is not awaited, the page gets a new kernel at once;
- French messages in a cell that fails or times out (the executor's instructions);
- pages and scripts gzip-compressed for the room's Wi-Fi (`QuickGzip`);
- the trainer's class view (`classview`), answered on the server's own machine only.
"""

from __future__ import annotations

import hmac
import os
import re
import tempfile
import types

import tornado.web
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from traitlets import Int, List, Unicode
from voila.app import Voila
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.voila_identity_provider import VoilaLoginHandler

from ecpx.server import classview, pages
from ecpx.server.classcode import normalise
from ecpx.server.progress import progress_handlers, progress_settings
from ecpx.texts import classroom as texts

CODE_ENV = "ECPX_CLASS_CODE"  # how `ecpx serve` hands the code over (not argv: `ps` shows argv)
LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1"]


class QuickGzip(tornado.web.GZipContentEncoding):
    """gzip at level 1: a chapter's 3.8 MB of scripts cross the room's Wi-Fi as 1.3 MB, for
    less than half the server's CPU of tornado's level 6 (1.1 MB); see the README."""

    GZIP_LEVEL = 1


class ClassCodeIdentityProvider(PasswordIdentityProvider):
    """Jupyter Server's token login, forgiving about case, spaces and dashes in the code."""

    def process_login_form(self, handler):
        if not self.auth_enabled:
            return super().process_login_form(handler)
        typed = normalise(handler.get_argument("password", default=""))
        if self.token and hmac.compare_digest(typed.encode(), self.token.encode()):
            return self.generate_anonymous_user(handler)
        return None


class ClassCodeLoginHandler(VoilaLoginHandler):
    """Jupyter Server's login form handler, rendering the course's French page."""

    def render_template(self, name, **ns):
        return pages.render(name, text=texts.LOGIN, base_url=self.base_url,
                            xsrf_form_html=self.xsrf_form_html, **ns)


class ChapterHandler(TornadoVoilaHandler):
    """Voilà's chapter page, with the XSRF cookie set and a kernel limit."""

    @tornado.web.authenticated
    async def get(self, path=None):
        # Reading the token sets the `_xsrf` cookie, which Voilà's close beacon sends back.
        self.xsrf_token  # noqa: B018
        limit = self.settings.get("ecpx_max_kernels", 0)
        if limit and kernels_in_use(self.kernel_manager) >= limit:
            self.set_status(503)
            self.set_header("Retry-After", "15")
            self.set_header("Cache-Control", "no-store")
            self.finish(pages.render("full.html", text=texts.FULL, retry_url=self.request.uri))
            return
        await super().get(path)


class FilesHandler(JupyterHandler, AllowListFileHandler):
    """Voilà's /voila/files/ handler, behind the server's authentication like every page."""

    @tornado.web.authenticated
    def get(self, path, include_body=True):
        return super().get(path, include_body)

    @tornado.web.authenticated
    def head(self, path):
        return super().head(path)


def kernels_in_use(kernel_manager) -> int:
    """Kernels serving a page: running kernels but the preheated ones waiting in a pool and
    those of closed pages, which are shutting down.

    A pool's refill counts as pooled before its kernel is up, so while pools refill the limit
    may be passed by at most the pools' size: it is a safety net for memory, not a quota.
    """
    pooled = sum(len(pool) for pool in getattr(kernel_manager, "_pools", {}).values())
    running = [kernel for kernel in kernel_manager.list_kernel_ids()
               if not kernel_manager.get_kernel(kernel).shutting_down]
    return max(0, len(running) - pooled)


def ready_pool_size(kernel_manager, notebook: str) -> int:
    """Voilà's `get_pool_size`, counting only the preheated kernels that are started.

    Voilà's pool also holds the refills still waiting for `fill_delay`, and the next page would
    wait for one of them. The ready kernels are moved to the front of the pool, where Voilà takes
    the next one; with none ready, Voilà starts a new kernel for the page at once.
    """
    pool = kernel_manager._pools.get(notebook, [])
    ready = [t for t in pool if t.done() and not t.cancelled() and t.exception() is None]
    pool[:] = ready + [t for t in pool if t not in ready]
    return len(ready)


def host_pattern(hosts: list[str]) -> str:
    """Tornado's host-routing pattern matching exactly these names (the port is already cut)."""
    names = sorted({h.strip("[]").lower() for h in hosts})
    return "(" + "|".join(re.escape(n) for n in names) + ")$"


class CourseServer(Voila):
    """`python -m ecpx.server`: Voilà reading ./voila.json, with the classroom's protections."""

    allowed_hosts = List(Unicode(), config=True,
                         help="Host names accepted besides localhost and 127.0.0.1")
    max_kernels = Int(0, config=True,
                      help="Most kernels serving pages at once (0: no limit)")
    simulator_pool_size = Int(0, config=True,
                              help="Preheated kernels kept for each simulator chapter (0: "
                                   "VoilaConfiguration.default_pool_size)")
    simulator_notebooks = List(Unicode(), [
        "02-methode-a-avec-la-carte.ipynb", "03-methode-b-avec-vos-coordonnees.ipynb",
    ], config=True, help="The chapters a whole class opens at once")

    def initialize(self, argv=None):
        super().initialize(argv)
        code = os.environ.pop(CODE_ENV, "")  # popped: kernels must never see it
        if code:
            self.token = normalise(code)
            self.identity_provider_class = ClassCodeIdentityProvider
        # A cell that fails or times out tells the trainee, in French, to reload.
        self.config.VoilaExecutor.cell_error_instruction = texts.CELL_ERROR
        self.config.VoilaExecutor.cell_timeout_instruction = texts.CELL_TIMEOUT
        if self.simulator_pool_size:
            pools = dict(self.config.VoilaKernelManager.get("kernel_pools_config", {}))
            for notebook in self.simulator_notebooks:
                pools.setdefault(notebook, {"pool_size": self.simulator_pool_size})
            self.config.VoilaKernelManager.kernel_pools_config = pools

    def init_settings(self):
        settings = super().init_settings()
        hosts = LOCAL_HOSTS + list(self.allowed_hosts)
        # Voilà hard-codes True; Jupyter Server's own check stays on when serving locally.
        settings["allow_remote_access"] = bool(self.allowed_hosts)
        settings["local_hostnames"] = [h for h in hosts if not re.fullmatch(r"[\d.:\[\]]+", h)]
        settings["ecpx_max_kernels"] = self.max_kernels
        settings["transforms"] = [QuickGzip]
        settings.update(progress_settings())  # the learner's progress API and summary page
        if hasattr(self.kernel_manager, "_pools"):  # preheated kernels
            self.kernel_manager.get_pool_size = types.MethodType(ready_pool_size,
                                                                 self.kernel_manager)
        self.identity_provider.login_handler_class = ClassCodeLoginHandler
        self._host_pattern = host_pattern(hosts)
        return settings

    def init_handlers(self):
        replace = {AllowListFileHandler: FilesHandler, TornadoVoilaHandler: ChapterHandler}
        # The course's own routes first: Voilà's list ends with catch-all patterns.
        return progress_handlers(self.server_url) + classview.handlers(self.server_url) + [
            (rule[0], replace.get(rule[1], rule[1]), *rule[2:])
            for rule in super().init_handlers()]

    def start(self):
        # Voilà.start, with the handlers routed for the course's own hosts only.
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        settings = self.init_settings()
        self.app = tornado.web.Application(**settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(self._host_pattern, self.init_handlers())
        self.log.info("Accepting requests for hosts matching %s", self._host_pattern)
        self.listen()


main = CourseServer.launch_instance
