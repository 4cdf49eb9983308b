"""A self-check quiz with immediate feedback; its questions come from the catalogue.

Each « Vérifier » click with a choice made is a `quiz` record of the training journal for the
page's learner (`ecpx.training.sink.PAGE`): question id `01-q2`, right or wrong, and the tries.
"""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle

from ecpx.screens.frames import button, column, html_line, message, shared
from ecpx.texts.course import QUIZ, Question
from ecpx.training import sink as journal


def quiz(questions: tuple[Question, ...]) -> w.VBox:
    """One block per question: radio choices, a « Vérifier » button, and the feedback."""
    return column(*(_question_box(i, q) for i, q in enumerate(questions, 1)))


def _question_box(number: int, question: Question) -> w.VBox:
    choices = w.RadioButtons(options=question.choices, value=None,
                             layout=shared(w.Layout, width="auto"), description="",
                             style=shared(DescriptionStyle, description_width="0px"))
    check = button(QUIZ["check"])
    feedback = html_line()
    tries = 0

    def on_check(_):
        nonlocal tries
        if choices.value is None:
            feedback.value = QUIZ["no_choice"]
            return
        right = question.is_right(choices.value)
        tries += 1
        page = journal.PAGE
        page.sink().record("quiz", question=f"{page.chapter}-q{number}",
                           outcome="ok" if right else "error", tries=tries)
        verdict = QUIZ["right"] if right else QUIZ["wrong"]
        feedback.value = f"<b>{verdict}</b> {question.explanation}"
        feedback.remove_class("ecpx-error" if right else "ecpx-success")
        feedback.add_class("ecpx-success" if right else "ecpx-error")

    check.on_click(on_check)
    prompt = message(f"<b>{QUIZ['question'].format(number=number)}</b> {question.prompt}", "")
    return column(prompt, choices, check, feedback,
                  layout=shared(w.Layout, margin="0 0 12px 0", align_items="flex-start"))
