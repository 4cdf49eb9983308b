"""The trainer's class view: `/ecpx/classe`, its JSON API, class sessions and the export.

Trainer only: every handler here answers only requests from the server's own machine (the
socket's peer is a loopback address; the server trusts no X-Forwarded-For), with a French 403
page otherwise, because in classroom mode every trainee on the LAN reaches the server (and has
the class code). Behind that, Jupyter Server's own authentication and XSRF checks apply as on
every page: the page's script sends the `_xsrf` cookie's value in the `X-XSRFToken` header.

Seat names never reach the server: the page keeps them in the trainer's browser.
"""

from __future__ import annotations

import ipaddress
import json
import re
from datetime import datetime

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado.httputil import url_concat

from ecpx.server import pages
from ecpx.texts import classview as texts
from ecpx.training import sessions as store
from ecpx.training.classview import ClassView, utc_now
from ecpx.training.sink import journal_folder

REFRESH_SECONDS = 3
MAX_VIEWS = 8  # views kept warm (the open session, today, a few past sessions)


def is_loopback(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # without an IPv6 zone
    except ValueError:
        return False
    return ip.is_loopback or bool(getattr(ip, "ipv4_mapped", None) and ip.ipv4_mapped.is_loopback)


class Classes:
    """One incremental `ClassView` per shown session, kept between refreshes."""

    def __init__(self, clock=utc_now) -> None:
        self.clock = clock
        self.views: dict[str, ClassView] = {}

    @property
    def folder(self):
        return journal_folder()

    def sessions(self) -> store.Sessions:
        return store.read_sessions(self.folder)

    def view(self, session: store.ClassSession | None) -> ClassView:
        """The view of a session, or of today when `session` is None."""
        if session is None:
            today = self.clock().astimezone().replace(hour=0, minute=0, second=0,
                                                      microsecond=0)
            key, start, end = f"today-{today:%Y-%m-%d}", today, None
        else:
            key, start, end = session.id, session.started, session.ended
        view = self.views.pop(key, None)  # re-inserted last: the dict is in use order
        if view is None:
            view = ClassView(self.folder, start, end, clock=self.clock)
        view.end = end  # the open session may have ended since
        self.views[key] = view
        while len(self.views) > MAX_VIEWS:
            del self.views[next(iter(self.views))]
        return view


class TrainerHandler(JupyterHandler):
    """Loopback only (a French 403 page), then Jupyter Server's checks."""

    def initialize(self, classes: Classes) -> None:
        self.classes = classes

    json_api = True  # logged out: a 401 the page's script understands, not the login page

    async def prepare(self):
        if not is_loopback(self.request.remote_ip or ""):
            self.set_status(403)
            self.set_header("Cache-Control", "no-store")
            self.finish(pages.render("forbidden.html", text=texts.FORBIDDEN,
                                     base_url=self.base_url))
            return
        try:  # the JSON API refuses (403) instead of sending the login page
            await super().prepare(_redirect_to_login=not self.json_api)
        except tornado.web.HTTPError:
            if not (self.json_api and self.current_user is None):
                raise
            page = url_path_join(self.base_url, "ecpx/classe")
            self.set_header("Cache-Control", "no-store")
            return self.send_json({"message": texts.PAGE["logged_out"], "login": url_concat(
                self.get_login_url(), {"next": page})}, 401)
        self.set_header("Cache-Control", "no-store")

    def chosen(self, sessions: store.Sessions) -> store.ClassSession | None:
        """The session asked for (`?session=ID`, "today"), by default the open one."""
        asked = self.get_argument("session", "")
        if asked == "today":
            return None
        if not asked:
            return sessions.active
        session = sessions.get(asked)
        if session is None:
            raise KeyError(asked)
        return session

    def write_error(self, status_code: int, **kwargs) -> None:
        # Jupyter Server's error page needs its own templates, which Voilà does not set up.
        self.send_json({"message": texts.ERROR.format(status=status_code)}, status_code)

    def send_json(self, body: dict, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(body, ensure_ascii=False))


class PageHandler(TrainerHandler):
    json_api = False  # Jupyter Server's redirection to the login page
    @tornado.web.authenticated
    def get(self):
        self.xsrf_token  # noqa: B018  (sets the `_xsrf` cookie the page's POSTs send back)
        api = url_path_join(self.base_url, "ecpx/api/classe")
        words = {**texts.PAGE, **{f"session_{k}": v for k, v in texts.SESSION.items()},
                 "api": api, "refresh_ms": REFRESH_SECONDS * 1000}
        self.finish(pages.render(
            "classview.html", text=texts.PAGE, session=texts.SESSION, export=texts.EXPORT, api=api,
            base_url=self.base_url, logout=pages.logout_url(self.settings),
            words=json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")))


class ApiHandler(TrainerHandler):
    @tornado.web.authenticated
    def get(self):
        sessions = self.classes.sessions()
        try:
            session = self.chosen(sessions)
        except KeyError:
            return self.send_json({"message": texts.SESSION["unknown"]}, 404)
        body = self.classes.view(session).refresh()
        body["session"] = describe_session(session)
        body["sessions"] = [describe_session(s) for s in reversed(sessions.items)]
        body["active"] = sessions.active.id if sessions.active else None
        body["sessions_damaged"] = sessions.damaged
        body["updated"] = texts.PAGE["updated"].format(
            time=self.classes.clock().astimezone().strftime("%H:%M:%S"))
        self.send_json(body)


class SessionsHandler(TrainerHandler):
    """POST {"name": …}: start a session (ending the open one). POST …/ID/end: end it."""

    @tornado.web.authenticated
    def post(self, session_id: str | None = None):
        now = self.classes.clock()
        if session_id:
            try:
                store.end_session(self.classes.folder, session_id, now)
            except KeyError:
                return self.send_json({"message": texts.SESSION["unknown"]}, 404)
            return self.send_json({"session": describe_session(
                self.classes.sessions().get(session_id))})
        try:
            name = json.loads(self.request.body or b"{}").get("name", "")
            session = store.start_session(self.classes.folder, name, now)
        except (ValueError, AttributeError):
            return self.send_json({"message": texts.SESSION["bad_name"]}, 400)
        return self.send_json({"session": describe_session(session)}, 201)


class ExportHandler(TrainerHandler):
    @tornado.web.authenticated
    def get(self):
        from ecpx.training.class_export import export_csv

        try:
            session = self.chosen(self.classes.sessions())
        except KeyError:
            return self.send_json({"message": texts.SESSION["unknown"]}, 404)
        view = self.classes.view(session)
        if session is None:
            title = texts.EXPORT_SESSION["today"].format(started=view.start)
        else:
            title = texts.EXPORT_SESSION["session"].format(name=session.name,
                                                           started=session.started.astimezone())
        csv = export_csv(view, title)
        name = re.sub(r"[^0-9A-Za-z]+", "-", session.name if session else "aujourd-hui")
        name = name.strip("-")[:60] or "session"
        self.set_header("Content-Type", "text/csv; charset=utf-8")
        self.set_header("Content-Disposition",
                        f'attachment; filename="{texts.EXPORT["file"].format(name=name)}"')
        self.finish("\ufeff" + csv)  # the BOM lets spreadsheets read the accents right


def describe_session(session: store.ClassSession | None) -> dict:
    """A session for the page: id ("today" outside sessions), name, French status and label."""
    if session is None:
        return {"id": "today", "name": texts.SESSION["today"], "ended": None,
                "status": texts.SESSION["none"], "label": texts.SESSION["today"]}
    started = _local(session.started)
    if session.ended is None:
        status = texts.SESSION["running"].format(name=session.name, started=started)
    else:
        status = texts.SESSION["past"].format(name=session.name, started=started,
                                              ended=_local(session.ended))
    return {"id": session.id, "name": session.name, "status": status,
            "started": session.started.isoformat(),
            "ended": session.ended.isoformat() if session.ended else None,
            "label": texts.SESSION["option"].format(name=session.name,
                                                    stamp=session.started.astimezone())}


def _local(stamp: datetime) -> str:
    return texts.SESSION["date"].format(stamp=stamp.astimezone())


def handlers(server_url: str, classes: Classes | None = None) -> list[tuple]:
    """The class view's routes, for `CourseServer.init_handlers`."""
    kwargs = {"classes": classes or Classes()}
    return [
        (url_path_join(server_url, r"/ecpx/classe"), PageHandler, kwargs),
        (url_path_join(server_url, r"/ecpx/api/classe"), ApiHandler, kwargs),
        (url_path_join(server_url, r"/ecpx/api/classe/sessions"), SessionsHandler, kwargs),
        (url_path_join(server_url, r"/ecpx/api/classe/sessions/([0-9a-f]+)/end"),
         SessionsHandler, kwargs),
        (url_path_join(server_url, r"/ecpx/api/classe/export"), ExportHandler, kwargs),
    ]
