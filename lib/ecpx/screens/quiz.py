"""A self-check quiz with immediate feedback; its questions come from the catalogue.

A `Screen` (`screens.screen`): each question is a radio group named by its prompt (the prompt
carries the class `ecpx-question`), a « Vérifier » button and the feedback line. The verdict is
said in the live region (a status; « Choisissez une réponse. » is an alert, and the focus goes
to the question's choices), and the focus stays on « Vérifier ».

Each « Vérifier » with a choice made is a `quiz` record of the training journal for the page's
learner (`ecpx.training.sink.PAGE`): question id `01-q2`, right or wrong, and the tries. Checking
again the answer just checked (a double click) changes nothing and records nothing.
"""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle

from ecpx.screens.frames import (
    button,
    column,
    html_line,
    message,
    set_class,
    shared,
    stylesheet,
)
from ecpx.screens.screen import Screen, Stale, Told
from ecpx.texts.course import QUIZ, Question
from ecpx.training import sink as journal


class Quiz(Screen):
    """One block per question: radio choices, a « Vérifier » button, and the feedback."""

    name = "quiz"

    def __init__(self, questions: tuple[Question, ...]) -> None:
        super().__init__()
        self.questions = questions
        self.tries = [0] * len(questions)
        self.checked: list[str | None] = [None] * len(questions)  # the choice last checked
        self.current = 0  # the question of the last action (0-based)
        self.missing = False  # the last « Vérifier » had no choice
        self.choices: list[w.RadioButtons] = []
        self.feedback: list[w.HTML] = []
        self.blocks = tuple(self._block(i, q) for i, q in enumerate(questions))
        self.page(stylesheet(), *self.blocks, css_class="ecpx-quiz")

    def _block(self, index: int, question: Question) -> w.VBox:
        choices = w.RadioButtons(options=question.choices, value=None,
                                 layout=shared(w.Layout, width="auto"), description="",
                                 style=shared(DescriptionStyle, description_width="0px"))
        self.mark(choices, f"choices-{index}")
        check = self.on(button(QUIZ["check"]), self.check, index)
        feedback = html_line()
        self.choices.append(choices)
        self.feedback.append(feedback)
        # The prompt names the radio group (see screens.a11y): it sits right before it.
        prompt = message(f"<b>{QUIZ['question'].format(number=index + 1)}</b> "
                         f"{question.prompt}", "question")
        return column(prompt, choices, check, feedback,
                      layout=shared(w.Layout, margin="0 0 12px 0", align_items="flex-start"))

    def check(self, index: int) -> None:
        """« Vérifier » on question `index`: the verdict, and a journal record."""
        choice = self.choices[index].value
        self.current, self.missing = index, choice is None
        if choice is None:
            return
        if choice == self.checked[index]:
            raise Stale("this answer was just checked")
        self.checked[index] = choice
        self.tries[index] += 1
        right = self.questions[index].is_right(choice)
        page = journal.PAGE
        page.sink().record("quiz", question=f"{page.chapter}-q{index + 1}",
                           outcome="ok" if right else "error", tries=self.tries[index])

    def render(self) -> None:
        for index, question in enumerate(self.questions):
            feedback, choice = self.feedback[index], self.checked[index]
            if index == self.current and self.missing:
                feedback.value, right = QUIZ["no_choice"], False
            elif choice is None:
                feedback.value, right = "", None
            else:
                right = question.is_right(choice)
                verdict = QUIZ["right"] if right else QUIZ["wrong"]
                feedback.value = f"<b>{verdict}</b> {question.explanation}"
            set_class(feedback, "ecpx-success", right is True)
            set_class(feedback, "ecpx-error", right is False)

    def told(self) -> Told:
        said = self.feedback[self.current].value
        if self.missing:  # an error: said at once, and the choices are where to act
            return Told(urgent=said, focus=self.focus_class(f"choices-{self.current}"))
        return Told(polite=said)


def quiz(questions: tuple[Question, ...]) -> Quiz:
    """The quiz of `questions` (one call in the notebook)."""
    return Quiz(questions)
