"""French pages for every address and every state of the course server: a 404 for an address
that is no page, 403, 500, and the page after « Se déconnecter », in the frame of every page.

Tornado's and Jupyter Server's default error pages are English, and Jupyter Server's need
templates that Voilà does not install (a 403 from /voila/files/ became a 500, /logout too).
`french(rules)` gives each of the server's handlers the course's `write_error` (JSON APIs keep
their JSON), and `NotFoundHandler` answers every address no rule matches.
"""

from __future__ import annotations

import functools

import tornado.web
from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.logout import LogoutHandler
from jupyter_server.base.handlers import APIHandler, JupyterHandler

from ecpx.server import pages
from ecpx.texts import classroom as texts


def error_page(handler: tornado.web.RequestHandler, status: int) -> str:
    """The course's French page for HTTP `status` (the Voilà template's error.html)."""
    settings = handler.settings
    return pages.render("error.html", status_code=status,
                        base_url=settings.get("base_url", "/"),
                        page_config={"ecpx": {"logout": pages.logout_url(settings)}})


class FrenchErrors:
    """A handler's errors as the course's French page, never tornado's nor a traceback."""

    def write_error(self, status_code: int, **kwargs) -> None:
        self.clear_header("Content-Encoding")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(error_page(self, status_code))


class NotFoundHandler(FrenchErrors, tornado.web.RequestHandler):
    """Every address that no rule matches (`default_handler_class`): the French 404."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


# Handlers whose write_error is one of these get the course's; others keep their own (JSON).
_DEFAULT_WRITERS = {tornado.web.RequestHandler.write_error, JupyterHandler.write_error}


@functools.cache
def _french(handler: type) -> type:
    if (not isinstance(handler, type) or not issubclass(handler, tornado.web.RequestHandler)
            or issubclass(handler, APIHandler) or handler.write_error not in _DEFAULT_WRITERS):
        return handler
    return type(handler.__name__, (FrenchErrors, handler), {"__module__": handler.__module__})


def french(rules: list) -> list:
    """`rules` (tornado's `(pattern, handler, …)` tuples) with French error pages."""
    return [(rule[0], _french(rule[1]), *rule[2:]) if isinstance(rule, tuple) else rule
            for rule in rules]


class ClassCodeLogoutHandler(FrenchErrors, LogoutHandler):
    """« Se déconnecter »: Jupyter Server's logout (the login cookie cleared), then a French
    page (Jupyter Server's own needs a template Voilà does not install: it was a 500)."""

    @allow_unauthenticated
    def get(self) -> None:
        self.identity_provider.clear_login_cookie(self)
        self.set_header("Cache-Control", "no-store")
        self.finish(pages.render("logout.html", text=texts.LOGOUT, base_url=self.base_url))
