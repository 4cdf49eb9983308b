"""A restart nobody notices: the same class's logins survive it, an open chapter whose kernel is
gone says so and reloads without the code, the class view goes on; with a new code (a new
class), the class view asks for the code instead of retrying forever."""

from __future__ import annotations

from ecpx.texts import classroom as texts
from ecpx.texts import classview as view_texts
from playwright.sync_api import expect

from tests.browser import wait_rendered
from tests.classroom.conftest import CODE, class_server
from tests.serving import free_port

LIGHT = "04-depannage-et-assistance.ipynb"


def test_a_restart_of_the_same_class_logs_nobody_out(tmp_path, browser):
    journal, port = tmp_path / "journal", free_port()
    context = browser.new_context(locale="fr-FR")
    try:
        page, trainer = context.new_page(), context.new_page()
        with class_server(tmp_path, journal, port=port) as (url, _, _):
            page.goto(f"{url}/?token={CODE}")
            page.goto(f"{url}/voila/render/{LIGHT}", timeout=120_000)
            wait_rendered(page)
            trainer.goto(f"{url}/ecpx/classe")
            expect(trainer.locator("#updated")).not_to_be_empty()
        # The server is down: the open chapter says so, in French, and offers to reload.
        gone = page.locator("#ecpx-gone")
        # The page asks the server about its kernel every 10 s: awaited up to 30 s.
        expect(gone).to_contain_text(texts.GONE["message"], timeout=30_000)
        expect(gone).to_have_role("alert")
        with class_server(tmp_path, journal, port=port) as (url, _, log):
            page.get_by_role("button", name=texts.GONE["reload"]).click()
            wait_rendered(page)  # no code asked: the login survived the restart
            assert "/login" not in page.url
            stamp = trainer.locator("#updated").text_content()
            expect(trainer.locator("#updated")).not_to_have_text(stamp, timeout=30_000)
            assert "Clearing invalid/expired login cookie" not in log.read_text()
        with class_server(tmp_path, journal, port=port, code="N3WC0D") as (url, _, _):
            ended = trainer.locator("#logged-out")
            expect(ended).to_be_visible(timeout=30_000)
            expect(ended).to_contain_text(view_texts.PAGE["logged_out"])
            trainer.get_by_role("link", name=view_texts.PAGE["log_in"]).click()
            expect(trainer.get_by_role("heading", name=texts.LOGIN["title"])).to_be_visible()
    finally:
        context.close()
