"""Voilà with what a classroom needs, each through the server's own machinery:

- a class code: Jupyter Server's token, checked by its identity provider, typed once on a French
  login page (`templates/login.html`); every page, file and kernel then needs it; wrong codes
  are slowed per client, and logins survive a restart of the same class (`login`, `cookies`);
- a Host check: requests are routed only for the course's own host names (tornado's host
  routing), where Voilà hard-codes `allow_remote_access=True`;
- close-tab shutdown: the chapter page sets the `_xsrf` cookie that Voilà's close beacon sends
  back, so `POST /voila/api/shutdown/<id>` passes XSRF protection instead of getting 403;
- a kernel limit: past `max_kernels` trainee kernels, a French « classe complète » page (503);
- fair shares: past `pages_per_trainee` pages of one login, its oldest page's kernel is closed
  for the new one (`shares`), so one trainee cannot fill the class;
- a page takes a preheated kernel only when one is ready: a refill still waiting for its delay
  (`VoilaKernelManager.fill_delay`) is not awaited, the page gets a new kernel at once;
- French messages in a cell that fails or times out (the executor's instructions);
- pages gzip-compressed for the room's Wi-Fi (`QuickGzip`), static files compressed once and
  served from memory (`static_cache`), kernel messages compressed on their websocket;
- the trainer's class view (`classview`), answered on the server's own machine only;
- French pages for every address and state (`errors`: 404, 403, 500, « Se déconnecter »)
  and the accessibility statement (`statement`);
- an access log without client addresses or query strings (`?token=` is the class code);
- HTTPS with `certfile` and `keyfile`, for a room whose network is not trusted.
"""

from __future__ import annotations

import functools
import logging
import re
import ssl
import tempfile
import types

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import ensure_async, url_path_join
from traitlets import Bool, Int, List, Unicode
from voila.app import Voila
from voila.static_file_handler import AllowListFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from ecpx.server import classview, errors, pages, static_cache
from ecpx.server.cookies import class_cookie_secret
from ecpx.server.login import ClassCodeIdentityProvider, ClassCodeLoginHandler, read_code
from ecpx.server.progress import progress_handlers, progress_settings
from ecpx.server.shares import Shares
from ecpx.server.statement import statement_handlers
from ecpx.texts import classroom as texts
from ecpx.training.lrs import forwarder_from_environment
from ecpx.training.sink import journal_folder

LOCAL_HOSTS = ["localhost", "127.0.0.1", "::1"]
NOTICE_COOKIE = "ecpx-notice"  # read once by the chapter page's script (the template)
REQUEST_LOGGERS = [logging.getLogger(f"tornado.{name}")
                   for name in ("access", "general", "application")]


class QuickGzip(tornado.web.GZipContentEncoding):
    """gzip at level 1: a chapter's 3.8 MB of scripts cross the room's Wi-Fi as 1.3 MB, for
    less than half the server's CPU of tornado's level 6 (1.1 MB); see the README."""

    GZIP_LEVEL = 1


class ChapterHandler(TornadoVoilaHandler):
    """Voilà's chapter page, with the XSRF cookie set, fair shares and a kernel limit."""

    @tornado.web.authenticated
    async def get(self, path=None):
        # Reading the token sets the `_xsrf` cookie, which Voilà's close beacon sends back.
        self.xsrf_token  # noqa: B018
        shares: Shares | None = self.settings.get("ecpx_shares")
        trainee = self.current_user.username
        page = None
        if shares:
            page, close = shares.take(trainee, running_kernels(self.kernel_manager))
            if page is None:
                return self.refuse(429, texts.SHARES["too_many_title"], texts.SHARES["too_many"])
            for kernel in close:  # the trainee's oldest page gives its kernel back
                await ensure_async(self.kernel_manager.shutdown_kernel(kernel))
            if close:
                self.log.info("A trainee's oldest page was closed: %d pages per trainee",
                              shares.per_trainee)
                self.set_cookie(NOTICE_COOKIE, "closed-oldest", path=self.base_url,
                                expires_days=None, max_age=120, samesite="Lax")
        try:
            limit = self.settings.get("ecpx_max_kernels", 0)
            if limit and kernels_in_use(self.kernel_manager) >= limit:
                return self.refuse(503, texts.FULL["title"], texts.FULL["message"])
            async for html in self.get_generator(path=path):
                if page:
                    shares.rendering(page, html)
                self.write(html)
                self.flush()
        finally:
            if page:
                shares.release(trainee, page)

    def refuse(self, status: int, title: str, message: str) -> None:
        self.set_status(status)
        self.set_header("Retry-After", "15")
        self.set_header("Cache-Control", "no-store")
        self.finish(pages.render("full.html", retry_url=self.request.uri,
                                 base_url=self.base_url, logout=pages.logout_url(self.settings),
                                 text={**texts.FULL, "title": title, "message": message}))


class FilesHandler(JupyterHandler, AllowListFileHandler):
    """Voilà's /voila/files/ handler, behind the server's authentication like every page."""

    @tornado.web.authenticated
    def get(self, path, include_body=True):
        return super().get(path, include_body)

    @tornado.web.authenticated
    def head(self, path):
        return super().head(path)


def running_kernels(kernel_manager) -> set[str]:
    """The kernels that are running and not shutting down."""
    return {kernel for kernel in kernel_manager.list_kernel_ids()
            if not kernel_manager.get_kernel(kernel).shutting_down}


class Unaddressed(logging.Filter):
    """Tornado's request summaries ("GET /path?query (address)") without the client's address
    nor the query (`?token=` is the class code): the server's output names no device."""

    QUERY = re.compile(r"\?\S*(?= \()")
    ADDRESS = re.compile(r" \((?=[^)]*[.:])[0-9a-fA-F:.%]+\)")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = self.ADDRESS.sub("", self.QUERY.sub("", message))
        if scrubbed != message:
            record.msg, record.args = scrubbed, ()
        return True


class NotTrustedIsNormal(logging.Filter):
    """Jupyter Server's « Notebook … is not trusted », once per chapter at each start: the
    course's notebooks are committed without outputs, so none is signed, and Voilà executes
    them anyway. The trainer's terminal keeps what matters."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Notebook %s is not trusted"


def kernels_in_use(kernel_manager) -> int:
    """Kernels serving a page: running kernels but the preheated ones waiting in a pool and
    those of closed pages, which are shutting down.

    A pool's refill counts as pooled before its kernel is up, so while pools refill the limit
    may be passed by at most the pools' size: it is a safety net for memory, not a quota.
    """
    pooled = sum(len(pool) for pool in getattr(kernel_manager, "_pools", {}).values())
    return max(0, len(running_kernels(kernel_manager)) - pooled)


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
    pages_per_trainee = Int(0, config=True,
                            help="Most pages one login keeps open; past it, its oldest page "
                                 "is closed (0: no limit)")
    certfile = Unicode("", config=True, help="TLS certificate (PEM): serve over HTTPS")
    keyfile = Unicode("", config=True, help="TLS private key (PEM) of certfile")
    log_addresses = Bool(False, config=True,
                         help="Log clients' addresses (off: the room's devices stay unnamed)")
    simulator_notebooks = List(Unicode(), [
        "02-methode-a-avec-la-carte.ipynb", "03-methode-b-avec-vos-coordonnees.ipynb",
    ], config=True, help="The chapters a whole class opens at once")

    def initialize(self, argv=None):
        super().initialize(argv)
        # xAPI statements to the training department's LRS (`ecpx serve --lrs`), in a thread.
        self.lrs = forwarder_from_environment(journal_folder(), logger=self.log)
        if self.lrs is not None:
            self.lrs.start()
        code = read_code()
        if code:
            self.token = code
            self.identity_provider_class = ClassCodeIdentityProvider
            # Logins survive a restart of the same class; SameSite keeps other sites' forms out.
            self.cookie_secret = class_cookie_secret(journal_folder(), code)
            self.config.IdentityProvider.cookie_options = {"samesite": "Lax"}
        # The chapter page's script finds its French words in the page config.
        self.voila_configuration.page_config_hook = pages.chapter_page_config
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
        settings["xsrf_cookie_kwargs"] = {"samesite": "Lax"}
        # permessage-deflate on the kernels' websockets: chapter 02's widget states, sent all at
        # once just before its first control works, cross a phone's link as 15 kB, not 89 kB
        # (for about 0.3 MB of zlib state per open page).
        settings["websocket_compression_options"] = {}
        if not self.log_addresses:
            for logger in (*REQUEST_LOGGERS, self.log):
                logger.addFilter(Unaddressed())
        if self.pages_per_trainee:
            settings["ecpx_shares"] = Shares(self.pages_per_trainee)
        settings.update(progress_settings())  # the learner's progress API and summary page
        if hasattr(self.kernel_manager, "_pools"):  # preheated kernels
            self.kernel_manager.get_pool_size = types.MethodType(ready_pool_size,
                                                                 self.kernel_manager)
        self.identity_provider.login_handler_class = ClassCodeLoginHandler
        self.identity_provider.logout_handler_class = errors.ClassCodeLogoutHandler
        if self.token:  # the frame's « Se déconnecter » (pages.logout_url)
            settings[pages.LOGOUT_SETTING] = url_path_join(self.base_url, "logout")
        # Every address has a French page: no rule matches (404), or a handler's error.
        settings["default_handler_class"] = errors.NotFoundHandler
        # Unsigned notebooks are normal here (no outputs, Voilà runs them): not 8 warnings.
        self.log.addFilter(NotTrustedIsNormal())
        self._host_pattern = host_pattern(hosts)
        return settings

    def init_handlers(self):
        replace = {AllowListFileHandler: FilesHandler, TornadoVoilaHandler: ChapterHandler}
        # The course's own routes first: Voilà's list ends with catch-all patterns.
        return errors.french(
            progress_handlers(self.server_url) + statement_handlers(self.server_url)
            + classview.handlers(self.server_url)
            + [(rule[0], static_cache.precompressed(replace.get(rule[1], rule[1])), *rule[2:])
               for rule in super().init_handlers()])

    def start(self):
        # Voilà.start, with the handlers routed for the course's own hosts only.
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        settings = self.init_settings()
        self.app = tornado.web.Application(**settings)
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(self._host_pattern, self.init_handlers())
        self.log.info("Accepting requests for hosts matching %s", self._host_pattern)
        if self.certfile:  # Voilà's listen() knows no TLS: its app.listen gets the context
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.certfile, self.keyfile or None)
            self.app.listen = functools.partial(self.app.listen, ssl_options=context)
        self.listen()


main = CourseServer.launch_instance
