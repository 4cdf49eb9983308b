"""Chapter 04's widgets: the guided troubleshooting, the FAQ, the known problems, the contacts.

The troubleshooting view only renders `ecpx.activation.troubleshooting.Troubleshooter` (a
`Screen`): each answer button records the answer, then the question (or the fix and its
contact) is redrawn and said, and the focus goes to the next answer.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ecpx.activation.troubleshooting import Troubleshooter
from ecpx.screens.frames import button, escape, new_tab_link, stylesheet
from ecpx.screens.screen import Screen, Told
from ecpx.texts.help import (
    CONTACTS,
    FAQ,
    FIXES,
    KNOWN_PROBLEMS,
    LINKS,
    QUESTIONS,
    SCREEN,
)


def link(key: str) -> str:
    label, url = LINKS[key]
    return new_tab_link(html.escape(url), escape(label))


def linked(trusted: str) -> str:
    """Escape a catalogue sentence, then make its web addresses clickable."""
    words = []
    for word in escape(trusted).split(" "):
        if word.startswith("https://"):
            address = word.rstrip(").,")
            word = new_tab_link(address, address) + word[len(address):]
        words.append(word)
    return " ".join(words)


def contact_card(key: str, level: int) -> str:
    """One service's title (a heading of `level`), phone and e-mail (a mailto link), as HTML."""
    c = CONTACTS[key]
    email = html.escape(c["email"])
    return (f"<h{level}>{escape(c['title'])}</h{level}><p>"
            f"{SCREEN['phone']}\u00a0: {escape(c['phone'])} ({escape(c['phone_note'])})<br>"
            f'{SCREEN["email"]}\u00a0: <a href="mailto:{email}">{email}</a></p>')


class TroubleshootingView(Screen):
    """What is wrong → a question or two → the fix and whom to contact.

    A `Screen`: the answer buttons, « Question précédente » and « Recommencer » are drawn anew
    for each step, so a click on a button of a step already left (a double click) is stale and
    changes nothing. After an answer the live region says the next question (or the fix) and
    the focus goes to the new question's first answer (or, at a fix, « Question précédente »).
    """

    name = "troubleshooting"

    def __init__(self) -> None:
        super().__init__()
        self.helper = Troubleshooter()
        self.prompt = w.HTML()  # the question, a heading under the chapter's h2
        self.answers = self.mark(w.VBox(), "answers")
        self.result = w.HTML()
        self.nav = self.mark(w.HBox(layout=w.Layout(flex_flow="row wrap")), "nav")
        # The chapter's « ## Assistant de dépannage » is the title: the assistant's own
        # headings are the question, or the fix and its parts.
        self.page(stylesheet(), self.prompt, self.answers,
                  self.result, self.nav, css_class="ecpx-troubleshooting")
        self.render()

    def state(self) -> tuple[str, ...]:
        """The answers given so far: each step's buttons are drawn for one of them."""
        return tuple(self.helper.answers)

    def choose(self, choice: str) -> None:
        """Answer the question on show (as its button does)."""
        self.act(self.helper.answer, choice, at=self.state())

    def render(self) -> None:
        helper, at = self.helper, self.state()
        question = helper.question
        self.prompt.value = f"<h3>{escape(self.question)}</h3>" if question else ""
        labels = QUESTIONS[question]["choices"] if question else {}
        self._replace(self.answers, tuple(
            self.on(button(labels[key]), helper.answer, key, at=at) for key in helper.choices()))
        self.result.value = self._fix_html() if helper.fix else ""
        self.back = self.on(button(SCREEN["back"]), helper.back, at=at)
        self.back.disabled = not helper.answers
        self.restart = self.on(button(SCREEN["restart"]), helper.restart, at=at)
        self._replace(self.nav, (self.back, self.restart))

    @staticmethod
    def _replace(box: w.Box, children: tuple[w.Widget, ...]) -> None:
        """Show `children` in `box`, and close the buttons they replace."""
        old, box.children = box.children, children
        for child in old:
            child.close()

    def told(self) -> Told:
        helper = self.helper
        if helper.fix:
            text = FIXES[helper.fix.key]
            contact = (CONTACTS[helper.fix.contact]["title"] if helper.fix.contact
                       else SCREEN["no_contact"])
            return Told(polite=f"{text['title']} {SCREEN['contact_title']} {contact}",
                        focus=self.focus_class("nav"))
        return Told(polite=self.question, focus=self.focus_class("answers"))

    @property
    def question(self) -> str:
        """The question on show ("" at a fix)."""
        question = self.helper.question
        return QUESTIONS[question]["prompt"] if question else ""

    def _fix_html(self) -> str:
        fix = self.helper.fix
        text = FIXES[fix.key]
        steps = "".join(f"<li>{linked(step)}</li>" for step in text["steps"])
        contact = (contact_card(fix.contact, 5) if fix.contact
                   else f'<p>{escape(SCREEN["no_contact"])}</p>')
        links = ""
        if fix.links:
            items = "".join(f"<li>{link(key)}</li>" for key in fix.links)
            links = f"<h4>{SCREEN['links_title']}</h4><ul>{items}</ul>"
        return (f'<h3 class="ecpx-success">{escape(text["title"])}</h3><ol>{steps}</ol>'
                f"<h4>{SCREEN['contact_title']}</h4>{contact}{links}")


def troubleshooting() -> TroubleshootingView:
    """The guided troubleshooting widget (one call in the notebook)."""
    return TroubleshootingView()


def faq() -> w.HTML:
    """One disclosure per question (native <details>: keyboard and screen readers know it),
    so each answer sits under its own question whatever the page's CSS does to lists."""
    items = "".join(
        f'<details class="ecpx-faq-item" style="margin:6px 0">'
        f'<summary style="font-weight:bold;padding:4px 0;cursor:pointer">{escape(q)}</summary>'
        f'<p style="margin:4px 0 8px 20px">{escape(a)}</p></details>'
        for q, a in FAQ)
    return w.HTML(f'<div class="ecpx-faq">{items}</div><p>{link("faq")}</p>')


def known_problems() -> w.HTML:
    items = "".join(f"<li>{escape(problem)}</li>" for problem in KNOWN_PROBLEMS)
    return w.HTML(f"<ul>{items}</ul><p>{link('known_problems')}</p>")


def assistance() -> w.HTML:
    """Both services, then the ANS's further information (seed, last page)."""
    more = "".join(f"<li>{link(key)}</li>" for key in ("ans_page", "video", "faq",
                                                       "known_problems"))
    return w.HTML(f'<div class="ecpx-assistance">{contact_card("application", 3)}'
                  f"{contact_card('card', 3)}<h3>{SCREEN['more_title']}</h3><ul>{more}</ul></div>")
