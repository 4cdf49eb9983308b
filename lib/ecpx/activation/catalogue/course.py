"""Course texts that are not screens of the procedure: glossary, quizzes, chapters."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    prompt: str
    choices: tuple[str, ...]
    answer: str  # the right choice, verbatim
    explanation: str

    def is_right(self, choice: str) -> bool:
        return choice == self.answer
