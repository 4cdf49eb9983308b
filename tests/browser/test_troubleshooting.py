"""Chapter 04 in Voilà: the troubleshooting widget sends each problem to the right service."""

from __future__ import annotations

import re

from ecpx.activation.troubleshooting import Troubleshooter
from ecpx.texts.course import NEW_WINDOW
from ecpx.texts.help import FAQ, FIXES, QUESTIONS, SCREEN
from playwright.sync_api import Page, expect

from tests.browser import assert_accessible, click, open_notebook

CHAPTER = "04-depannage-et-assistance.ipynb"


def result(page: Page):
    """The fix shown by the troubleshooting widget (the chapter's contacts block is apart)."""
    return page.locator(".widget-html", has_text="Qui contacter ?")


def test_an_application_problem_gets_the_application_contact(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    widget = page.locator(".ecpx-troubleshooting")
    expect(widget.get_by_role("heading", level=3, name=QUESTIONS["start"]["prompt"])) \
        .to_be_visible()
    click(page, QUESTIONS["start"]["choices"]["email"])
    click(page, QUESTIONS["email_spam"]["choices"]["yes"])
    click(page, "Oui, elle est à jour")
    fix = result(page)
    expect(fix).to_contain_text("0 806 800 213 (appel gratuit)")
    expect(fix).to_contain_text("monserviceclient.e-cps@esante.gouv.fr")
    expect(fix).not_to_contain_text("0 825 85 2000")
    # The assistant's titles are headings under the chapter's h2.
    expect(widget.get_by_role("heading", level=4, name=SCREEN["contact_title"])).to_be_visible()
    expect(widget.get_by_role("heading", level=3)).to_have_count(1)  # the fix's title


def test_links_that_open_a_new_window_say_so(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    new_windows = page.locator("a[target=_blank]")
    expect(new_windows.first).to_be_visible()
    for index in range(new_windows.count()):
        link = new_windows.nth(index)
        expect(link).to_have_accessible_name(re.compile(re.escape(NEW_WINDOW) + "$"))
        expect(link).to_contain_text(NEW_WINDOW)  # seen, not only read


def test_a_card_problem_gets_the_card_contact(page, voila_url):
    open_notebook(page, voila_url, CHAPTER)
    click(page, "J'ai un problème avec ma carte physique")
    click(page, "Le code porteur de ma carte est bloqué")
    fix = result(page)
    expect(fix).to_contain_text("0 825 85 2000 (0,06 €/min + prix appel)")
    expect(fix).to_contain_text("Monserviceclient.cartes@esante.gouv.fr")
    expect(fix).not_to_contain_text("0 806 800 213")


def _paths(prefix: tuple[str, ...] = ()):
    """Every way through the troubleshooting tree, as the answers' keys, from the domain."""
    helper = Troubleshooter()
    for key in prefix:
        helper.answer(key)
    if helper.fix:
        yield prefix
        return
    for key in helper.choices():
        yield from _paths((*prefix, key))


def test_every_step_of_the_troubleshooting_is_accessible(page, voila_url):
    """axe-core on the widget at each question and each fix of the whole tree."""
    open_notebook(page, voila_url, CHAPTER)
    widget = ".ecpx-troubleshooting"
    expect(page.locator(widget)).to_contain_text(QUESTIONS["start"]["prompt"])
    assert_accessible(page, "troubleshooting: first question", widget)
    checked = {()}
    for path in _paths():
        helper = Troubleshooter()
        for depth, key in enumerate(path, start=1):
            click(page, QUESTIONS[helper.question]["choices"][key])
            helper.answer(key)
            if path[:depth] not in checked:
                expect(page.locator(widget)).to_contain_text(
                    FIXES[helper.fix.key]["title"] if helper.fix
                    else QUESTIONS[helper.question]["prompt"])
                assert_accessible(page, f"troubleshooting after {path[:depth]}", widget)
                checked.add(path[:depth])
        click(page, SCREEN["restart"])
    assert len(checked) > len(list(_paths()))


def test_faq_answers_sit_under_their_questions(page, voila_url):
    """Each FAQ answer opens right under its own question, aligned with the others."""
    open_notebook(page, voila_url, CHAPTER)
    items = page.locator(".ecpx-faq details")
    expect(items).to_have_count(len(FAQ))
    lefts = set()
    for i, (question, answer) in enumerate(FAQ):
        item = items.nth(i)
        summary = item.locator("summary")
        expect(summary).to_have_text(question)
        summary.press("Enter")  # the keyboard opens a disclosure
        shown = item.locator("p")
        expect(shown).to_have_text(answer)
        q, a = summary.bounding_box(), shown.bounding_box()
        assert a["y"] >= q["y"] + q["height"] - 1, (question, q, a)
        lefts.add(round(q["x"]))
    assert len(lefts) == 1, f"the questions are not aligned: {lefts}"
    assert_accessible(page, "chapter 04 with every FAQ answer open")
