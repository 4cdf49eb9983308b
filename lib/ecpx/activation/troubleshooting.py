"""A small decision tree from a symptom to its fix and, when needed, whom to contact.

The structure lives here and the words in `ecpx.texts.help` (QUESTIONS, FIXES), so the tree can
be checked on its own: every answer leads somewhere, every fix says whether to call the e-CPS
service (a problem with the application) or the card service (a problem with the card).
"""

from __future__ import annotations

from dataclasses import dataclass

APPLICATION, CARD = "application", "card"


@dataclass(frozen=True)
class Fix:
    key: str  # a key of catalogue.help.FIXES
    contact: str = ""  # "application", "card" or "" (no need to call anyone)
    links: tuple[str, ...] = ()  # keys of catalogue.help.LINKS


# Each question's answers lead to another question (a key of QUESTIONS) or to a Fix.
TREE: dict[str, dict[str, str | Fix]] = {
    "start": {
        "portal_button": Fix("page_blocked", APPLICATION, ("known_problems",)),
        "email": "email_spam",
        "details": Fix("update_details", links=("update_details",)),
        "sms": "sms_received",
        "install": "device",
        "app_error": "app_updated",
        "expired": Fix("expired", links=("faq",)),
        "card": "card_issue",
    },
    "email_spam": {
        "no": Fix("check_spam"),
        "yes": "email_details",
    },
    "email_details": {
        "yes": Fix("email_blocked", APPLICATION),
        "unsure": Fix("update_details", links=("update_details",)),
    },
    "sms_received": {
        "yes": Fix("sms_copy"),
        "no": "sms_mobile",
    },
    "sms_mobile": {
        "yes": Fix("sms_missing", APPLICATION),
        "unsure": Fix("update_details", links=("update_details",)),
    },
    "device": {
        "iphone": Fix("iphone", links=("faq",)),
        "android": Fix("android", links=("faq",)),
    },
    "app_updated": {
        "no": Fix("update_app", links=("known_problems",)),
        "yes": "android_browser",
    },
    "android_browser": {
        "yes": Fix("battery", links=("known_problems",)),
        "no": Fix("test_ecps", APPLICATION, ("known_problems", "faq")),
    },
    "card_issue": {
        "blocked": Fix("card_blocked", CARD),
        "lost": Fix("card_lost", CARD),
        "not_cps": Fix("use_method_a", links=("video",)),
    },
}


class Troubleshooter:
    """Where the trainee is in the tree: the answers given so far, and what to show now."""

    def __init__(self) -> None:
        self.answers: list[str] = []

    @property
    def question(self) -> str:
        """The key of the question to ask now ("" once a fix is reached)."""
        node = self._node()
        return node if isinstance(node, str) else ""

    @property
    def fix(self) -> Fix | None:
        node = self._node()
        return node if isinstance(node, Fix) else None

    def choices(self) -> tuple[str, ...]:
        """The keys of the answers to the current question (the texts word them)."""
        return tuple(TREE[self.question]) if self.question else ()

    def answer(self, choice: str) -> None:
        if choice not in TREE.get(self.question, {}):
            raise KeyError(f"{choice!r} does not answer {self.question!r}")
        self.answers.append(choice)

    def back(self) -> None:
        if self.answers:
            self.answers.pop()

    def restart(self) -> None:
        self.answers.clear()

    def _node(self) -> str | Fix:
        node: str | Fix = "start"
        for choice in self.answers:
            node = TREE[node][choice]
        return node


def fix_for(*answers: str) -> Fix | None:
    """The fix reached by these answers (tests, the notebook's examples)."""
    helper = Troubleshooter()
    for choice in answers:
        helper.answer(choice)
    return helper.fix

