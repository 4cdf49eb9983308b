"""A trainee's single-user server on JupyterHub serves the course and nothing else.

`jupyterhub-singleuser` is a full Jupyter Server: JupyterLab, terminals, the contents and
kernels APIs, where a trainee could run any code. This server extension puts one rule in front
of all of the server's routes: only the course's own paths are routed (Voilà's pages, their
kernel's model and websocket, the progress API and summary, the hub's login), every other path
answers 404: no list of kernels, no new kernel, no restart. With `ALLOWED_MESSAGES` as the
kernels' allowed message types (what Voilà standalone allows), a page's kernel runs its widgets
and never code sent by the browser.

`configure` holds the seat's whole Jupyter Server configuration; the local hub and the Zero to
JupyterHub image load it through `deploy/jupyterhub/seat/jupyter_server_config.py`
(`JUPYTER_CONFIG_PATH`).
"""

from __future__ import annotations

import re

from tornado import web
from tornado.routing import Matcher, Rule

# The messages Voilà standalone lets a page send its kernel: widgets, never `execute_request`.
ALLOWED_MESSAGES = ["comm_open", "comm_close", "comm_msg", "comm_info_request",
                    "kernel_info_request", "shutdown_request"]
COURSE_PATHS = re.compile(
    r"(|voila/.*|ecpx/.*|api/kernels/[0-9a-f-]{36}(/channels)?|api|api/status|"
    r"oauth_callback|logout|login|static/.*|favicon\.ico)")


# Only Voilà and the course's own extensions: no JupyterLab, no notebook, no terminals.
EXTENSIONS = {"jupyterlab": False, "notebook": False, "notebook_shim": False,
              "jupyter_lsp": False, "jupyter_server_terminals": False, "nbclassic": False,
              "voila.server_extension": True, "ecpx.server.extension": True,
              "ecpx.server.seat": True}


def configure(c) -> None:
    """A seat's Jupyter Server settings (`c`: the config object of a Jupyter config file)."""
    from ecpx.resources import notebooks_dir
    from ecpx.server.pages import chapter_page_config

    c.ServerApp.jpserver_extensions = dict(EXTENSIONS)
    c.ServerApp.terminals_enabled = False
    c.ServerApp.root_dir = str(notebooks_dir())  # the chapters, from the installed package
    c.ServerApp.shutdown_no_activity_timeout = 3600  # a trainee who left: stopped after 1 h
    c.MappingKernelManager.allowed_message_types = list(ALLOWED_MESSAGES)
    c.MappingKernelManager.cull_idle_timeout = 1800
    c.MappingKernelManager.cull_interval = 120
    # The course's Voilà settings (voila.json), which Voilà's server extension does not read.
    c.VoilaConfiguration.template = "ecpx"
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.theme = "light"
    c.VoilaConfiguration.file_allowlist = [r".*\.(png|jpg|svg|css|csv|html)"]
    c.VoilaConfiguration.extension_allowlist = ["@jupyter-widgets/jupyterlab-manager",
                                                "@voila-dashboards/widgets-manager8", "anywidget"]
    # The chapter page's French words (« kernel gone »), as `ecpx serve` gives them.
    c.VoilaConfiguration.page_config_hook = chapter_page_config
    c.VoilaExecutor.iopub_timeout = 60
    c.VoilaExecutor.raise_on_iopub_timeout = True
    # The kernels' messages compressed on their websocket, as `ecpx serve` does.
    c.ServerApp.websocket_compression_options = {}


class OutsideCourse(Matcher):
    """Matches the server's paths that are not the course's."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def match(self, request):
        path = request.path
        if not path.startswith(self.base_url):
            return None
        return None if COURSE_PATHS.fullmatch(path[len(self.base_url):]) else {}


class NotHere(web.RequestHandler):
    """404 for every method (and websocket upgrades), before any authentication."""

    def prepare(self):
        raise web.HTTPError(404)


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "ecpx.server.seat"}]


def _load_jupyter_server_extension(serverapp) -> None:
    web_app = serverapp.web_app
    # First of the application's rules: tried before every other extension's and the server's.
    web_app.default_router.rules.insert(0, Rule(OutsideCourse(serverapp.base_url), NotHere))
    serverapp.log.info("ecpx: only the course is served under %s", serverapp.base_url)
