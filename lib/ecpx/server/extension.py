"""The learner's progress under a plain Jupyter server (Binder's `jupyter server`, JupyterLab):
the progress API, the completion summary and the accessibility statement, added as a server
extension.

The package installs `etc/jupyter/jupyter_server_config.d/ecpx.json`, which enables it; the
course server (`ecpx serve`) is a Voilà application and routes the same handlers itself.
"""

from __future__ import annotations

from ecpx.server.progress import progress_handlers, progress_settings
from ecpx.server.statement import statement_handlers


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "ecpx.server.extension"}]


def _load_jupyter_server_extension(serverapp) -> None:
    web_app, base_url = serverapp.web_app, serverapp.base_url
    web_app.settings.update(progress_settings())
    web_app.add_handlers(".*$", progress_handlers(base_url) + statement_handlers(base_url))
    serverapp.log.info("ecpx: learner progress at %secpx/api/progress/", base_url)
