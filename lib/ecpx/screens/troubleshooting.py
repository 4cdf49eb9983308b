"""Chapter 04's widgets: the guided troubleshooting, the FAQ, the known problems, the contacts.

The troubleshooting view only renders `ecpx.activation.troubleshooting.Troubleshooter`: each
answer button records the answer, then the question (or the fix and its contact) is redrawn.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ecpx.activation.troubleshooting import Troubleshooter
from ecpx.screens.frames import View, button, escape, message, new_tab_link, stylesheet
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


def contact_card(key: str) -> str:
    """One service's title, phone and e-mail (a mailto link), as HTML."""
    c = CONTACTS[key]
    email = html.escape(c["email"])
    return (f"<b>{escape(c['title'])}</b><br>"
            f"{SCREEN['phone']} : {escape(c['phone'])} ({escape(c['phone_note'])})<br>"
            f'{SCREEN["email"]} : <a href="mailto:{email}">{email}</a>')


class TroubleshootingView(View):
    """What is wrong → a question or two → the fix and whom to contact."""

    def __init__(self) -> None:
        self.helper = Troubleshooter()
        self.prompt = message("", "title")
        self.answers = w.VBox()
        self.result = w.HTML()
        self.back = button(SCREEN["back"])
        self.back.on_click(lambda _: self._do(self.helper.back))
        self.restart = button(SCREEN["restart"])
        self.restart.on_click(lambda _: self._do(self.helper.restart))
        self.widget = w.VBox([
            stylesheet(), message(SCREEN["title"], "title"), self.prompt, self.answers,
            self.result, w.HBox([self.back, self.restart], layout=w.Layout(flex_flow="row wrap")),
        ])
        self.widget.add_class("ecpx-troubleshooting")
        self.render()

    def choose(self, choice: str) -> None:
        self._do(self.helper.answer, choice)

    def _do(self, action, *args) -> None:
        action(*args)
        self.render()

    def render(self) -> None:
        helper = self.helper
        question = helper.question
        self.prompt.value = QUESTIONS[question]["prompt"] if question else ""
        labels = QUESTIONS[question]["choices"] if question else {}
        self.answers.children = tuple(self._answer_button(key, labels[key])
                                      for key in helper.choices())
        self.result.value = self._fix_html() if helper.fix else ""
        self.back.disabled = not helper.answers

    def _answer_button(self, key: str, label: str) -> w.Button:
        b = button(label)
        b.on_click(lambda _: self.choose(key))
        return b

    def _fix_html(self) -> str:
        fix = self.helper.fix
        text = FIXES[fix.key]
        steps = "".join(f"<li>{linked(step)}</li>" for step in text["steps"])
        contact = (contact_card(fix.contact) if fix.contact
                   else escape(SCREEN["no_contact"]))
        links = ""
        if fix.links:
            items = "".join(f"<li>{link(key)}</li>" for key in fix.links)
            links = f"<p><b>{SCREEN['links_title']}</b></p><ul>{items}</ul>"
        return (f'<div class="ecpx-success">{escape(text["title"])}</div><ol>{steps}</ol>'
                f"<p><b>{SCREEN['contact_title']}</b></p><p>{contact}</p>{links}")


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
    return w.HTML(f"<p>{contact_card('application')}</p><p>{contact_card('card')}</p>"
                  f"<p><b>{SCREEN['more_title']}</b></p><ul>{more}</ul>")
