"""The accessibility statement and the legal mentions (/ecpx/accessibilite), in French, for
every visitor (the class code is not needed: the login page's footer links it).

Served by `ecpx serve` and, like the summary, by the Jupyter server extension."""

from __future__ import annotations

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

from ecpx.server import pages
from ecpx.texts.accessibility import LEGAL, PAGE, STATEMENT

PATH = "ecpx/accessibilite"


class StatementHandler(JupyterHandler):
    """GET /ecpx/accessibilite: the statement, then the legal mentions."""

    @allow_unauthenticated
    def get(self) -> None:
        self.set_header("Cache-Control", "no-cache")
        self.finish(pages.render(
            "statement.html", text=PAGE, statement=STATEMENT, legal=LEGAL,
            base_url=self.base_url, logout=pages.logout_url(self.settings)))


def statement_handlers(base_url: str) -> list[tuple]:
    return [(url_path_join(base_url, PATH), StatementHandler)]
