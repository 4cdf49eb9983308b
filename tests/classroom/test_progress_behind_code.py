"""The progress API and the completion summary are behind the class code like every page."""

from __future__ import annotations

import json

from ecpx.texts.progress import API, SUMMARY

from tests.classroom.conftest import CODE, Session

KEY = "7KQ4-M2XD-9PFA-3HNC"


def test_progress_and_summary_need_the_class_code(classroom):
    url, _, _ = classroom
    trainee = Session(url)
    for path in (f"/ecpx/api/progress/{KEY}", "/ecpx/bilan"):
        status, headers, _ = trainee.request(path)
        assert status == 302 and "/login" in headers["Location"], (path, status)
    assert trainee.log_in(CODE) == 302
    status, headers, body = trainee.request(f"/ecpx/api/progress/{KEY}")
    assert status == 200 and json.loads(body)["learner"] == KEY
    status, _, body = trainee.request("/ecpx/api/progress/x")
    assert status == 400 and json.loads(body) == {"error": API["bad_key"]}
    status, _, body = trainee.request("/ecpx/bilan")
    assert status == 200 and SUMMARY["title"] in body
