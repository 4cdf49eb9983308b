"""The class view's JSON API through the real server: a journal folder that does not exist
yet, learners appearing and moving, damaged lines, keyless records, sessions behind XSRF
protection, and the anonymised export."""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from pathlib import Path

import psutil
from ecpx.texts import classview as texts

from tests.classroom.conftest import Session
from tests.classview.conftest import Kernel

ANNA, BRUNO = "7KQ4-M2XD-9PFA-3HNC", "0000-1111-2222-3333"


def get_json(session: Session, path: str) -> tuple[int, dict]:
    status, _, body = session.request(path)
    return status, json.loads(body)


def post_json(session: Session, path: str, body: dict, xsrf: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if xsrf is not None:
        headers["X-XSRFToken"] = xsrf
    request = urllib.request.Request(session.url + path, data=json.dumps(body).encode(),
                                     headers=headers, method="POST")
    try:
        with session.opener.open(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_journal_folder_that_does_not_exist_yet(class_url, class_journal):
    assert not class_journal.exists()
    status, data = get_json(Session(class_url), "/ecpx/api/classe")
    assert status == 200 and data["learners"] == [] and data["damaged"]["count"] == 0
    assert data["session"]["id"] == "today" and data["session"]["status"] == texts.SESSION["none"]


def test_learners_appear_and_move_damaged_and_keyless_lines_do_not_block(class_url,
                                                                          class_journal):
    trainer = Session(class_url)
    anna = Kernel(class_journal, ANNA)
    anna.write(kind="chapter", step="opened", chapter="02")
    _, data = get_json(trainer, "/ecpx/api/classe")
    assert [r["key"] for r in data["learners"]] == [ANNA]
    with anna.path.open("a") as file:
        file.write('{"kind": "activation", "timest\n')  # a torn line
    anna.step("portal_login")
    Kernel(class_journal, "").step("app_opened")  # an old page that sent no key
    _, data = get_json(trainer, "/ecpx/api/classe")
    row = data["learners"][0]
    assert row["step_label"] == "Connexion au portail avec la carte" and row["chapter"] == "02"
    assert data["damaged"] == {"count": 1, "first": {"file": anna.path.name, "line": 2}}
    assert data["unknown_key_events"] == 1 and len(data["learners"]) == 1


def test_sessions_need_the_xsrf_cookie_and_header(class_url, class_journal):
    trainer = Session(class_url)
    status, _, _ = trainer.request("/ecpx/classe")  # the page sets the _xsrf cookie
    assert status == 200
    assert post_json(trainer, "/ecpx/api/classe/sessions", {"name": "Sans jeton"}, None)[0] == 403
    assert post_json(trainer, "/ecpx/api/classe/sessions", {"name": "x"}, "forged")[0] == 403
    xsrf = trainer.cookie("_xsrf")
    status, body = post_json(trainer, "/ecpx/api/classe/sessions", {"name": "  "}, xsrf)
    assert status == 400 and body["message"] == texts.SESSION["bad_name"]
    name = "Formation 12 mars, service de cardiologie"
    status, body = post_json(trainer, "/ecpx/api/classe/sessions", {"name": name}, xsrf)
    assert status == 201 and body["session"]["name"] == name
    session_id = body["session"]["id"]
    # The open session is shown by default, and only its events: none yet.
    _, data = get_json(trainer, "/ecpx/api/classe")
    assert data["session"]["id"] == session_id and data["active"] == session_id
    assert data["learners"] == [] and name in data["session"]["status"]
    Kernel(class_journal, BRUNO).step("app_opened", method="B")
    _, data = get_json(trainer, "/ecpx/api/classe")
    assert [r["key"] for r in data["learners"]] == [BRUNO]
    _, today = get_json(trainer, "/ecpx/api/classe?session=today")
    assert {r["key"] for r in today["learners"]} == {ANNA, BRUNO}
    status, _ = post_json(trainer, f"/ecpx/api/classe/sessions/{session_id}/end", {}, xsrf)
    assert status == 200
    _, data = get_json(trainer, f"/ecpx/api/classe?session={session_id}")
    assert data["active"] is None and data["session"]["ended"]
    assert [s["id"] for s in data["sessions"]] == [session_id]
    status, body = get_json(trainer, "/ecpx/api/classe?session=0bad")
    assert status == 404 and body["message"] == texts.SESSION["unknown"]
    lines = (class_journal / "sessions.jsonl").read_text().splitlines()
    assert [sorted(json.loads(line)) for line in lines] == [
        ["name", "session", "started"], ["ended", "session"]]


def server_loaded_pandas(url: str) -> bool:
    port = url.rsplit(":", 1)[1]
    server = next(p for p in psutil.process_iter(["cmdline"])
                  if "ecpx.server" in (p.info["cmdline"] or [])
                  and f"--port={port}" in p.info["cmdline"])
    return "/pandas/" in Path(f"/proc/{server.pid}/maps").read_text()


def test_the_export_has_exact_counts_and_no_key(class_url, class_journal):
    trainer = Session(class_url)
    assert not server_loaded_pandas(class_url)  # neither the view nor the export needs pandas
    status, headers, body = trainer.request("/ecpx/api/classe/export?session=today")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert "attachment" in headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert list(rows[0]) == list(texts.EXPORT_COLUMNS.values())
    assert {r["Tableau"] for r in rows} >= {"Postes", "Étapes du simulateur"}
    assert rows[0]["Effectif"] == "2"  # two learners today: the trainer's own class, exact
    reached = {(r["Méthode"], r["Élément"]): r["Effectif"] for r in rows
               if r["Tableau"] == "Étapes du simulateur"}
    assert reached[("A", "Connexion au portail avec la carte")] == "1"
    assert reached[("A", "Activation commencée")] == "0"
    for key in (ANNA, BRUNO, "Poste 1", "Poste 2"):
        assert key not in body
    assert not server_loaded_pandas(class_url)  # ... nor the export: standard library only


def test_a_damaged_line_of_the_sessions_file_is_counted_and_shown(class_url, class_journal):
    trainer = Session(class_url)
    sessions = class_journal / "sessions.jsonl"
    kept = sessions.read_bytes() if sessions.exists() else b""
    try:
        sessions.write_bytes(kept + b'{"session": "0ab", "ended": "not a time"}\n')
        _, data = get_json(trainer, "/ecpx/api/classe")
        assert data["sessions_damaged"] == 1
    finally:
        sessions.write_bytes(kept)
    _, data = get_json(trainer, "/ecpx/api/classe")
    assert data["sessions_damaged"] == 0
