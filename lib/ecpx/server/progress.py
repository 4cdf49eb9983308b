"""The learner's progress, served by the course server: a JSON API and the completion summary.

- `GET /ecpx/api/progress/<key>`: where the learner with this key stands
  (`ecpx.training.progress.learner_progress`); 400 with a French message for a malformed key.
- `GET /ecpx/bilan`: the completion summary, a French page of the server (no kernel) whose
  script reads the key from the browser's storage and asks the API. The name the learner may
  type there stays in the page: no form, no request carries it.

Both are behind the class code like every page. The server keeps one `JournalFollower`, so each
call reads only the lines appended since the previous one, and keeps the records per learner.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import tornado.web
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join

from ecpx.server import pages
from ecpx.texts.course import CHAPTERS, HOME
from ecpx.texts.journal import PROGRESS_UNAVAILABLE
from ecpx.texts.progress import API, PROGRESS, SUMMARY
from ecpx.training.follow import LEARNER_KEY, JournalFollower
from ecpx.training.progress import learner_progress
from ecpx.training.sink import journal_folder

SETTING = "ecpx_progress"


class ProgressBoard:
    """The training journal's records, per learner key, brought up to date at each read."""

    def __init__(self, folder: str | Path) -> None:
        self.follower = JournalFollower(folder)
        self.records: dict[str, list[dict]] = {}
        self._lock = threading.Lock()

    def progress(self, key: str) -> dict:
        with self._lock:
            for record in self.follower.poll():  # records of a wrong shape: already set aside
                learner = record.get("learner")
                if isinstance(learner, str) and learner:
                    self.records.setdefault(learner, []).append(record)
            mine = list(self.records.get(key, ()))
        return learner_progress(mine)


class ProgressHandler(JupyterHandler):
    """GET /ecpx/api/progress/<key>: the learner's progress as JSON."""

    @tornado.web.authenticated
    def get(self, key: str) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if not LEARNER_KEY.fullmatch(key):
            self.set_status(400)
            self.finish(json.dumps({"error": API["bad_key"]}, ensure_ascii=False))
            return
        board: ProgressBoard = self.settings[SETTING]
        try:
            progress = board.progress(key)
        except Exception:  # never a bare 500: the page says so in French, the log says why
            self.log.exception("progress of a learner could not be computed")
            self.set_status(500)
            self.finish(json.dumps({"error": PROGRESS_UNAVAILABLE}, ensure_ascii=False))
            return
        self.finish(json.dumps({"learner": key, **progress}, ensure_ascii=False))


class SummaryHandler(JupyterHandler):
    """GET /ecpx/bilan: the completion summary page."""

    @tornado.web.authenticated
    def get(self) -> None:
        chapters = [{"id": name[:2], "title": title} for name, title, _ in CHAPTERS]
        self.set_header("Cache-Control", "no-store")
        self.finish(pages.render(
            "bilan.html", text=SUMMARY, status=PROGRESS["status"], home=HOME, chapters=chapters,
            base_url=self.base_url, logout=pages.logout_url(self.settings),
            api_url=url_path_join(self.base_url, "ecpx/api/progress/")))


def progress_settings(folder: str | Path | None = None) -> dict:
    """The server settings the handlers need: one board over the training journal."""
    return {SETTING: ProgressBoard(folder if folder is not None else journal_folder())}


def progress_handlers(base_url: str) -> list[tuple]:
    return [
        (url_path_join(base_url, r"/ecpx/api/progress/([^/]*)"), ProgressHandler),
        (url_path_join(base_url, r"/ecpx/bilan"), SummaryHandler),
    ]
