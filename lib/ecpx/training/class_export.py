"""A class session's export for the training report: counts of learners (seats), as CSV.

The export is the trainer's, about the trainer's own class, whose seats the class view already
shows one by one: small-cell suppression would hide nothing from its reader and make a class of
ten or fewer unreadable, so counts are exact. What keeps it anonymous is what it leaves out: no
learner key, seat name or time of day, and only the catalogue's steps, errors and questions
(a writer's stray text is never published).

- per method, learners who reached each step;
- per error, learners who met it and how many times;
- per quiz question, learners who answered and who were right at the first try;
- per method, learners who completed it.
"""

from __future__ import annotations

import csv
import io

from ecpx.activation.codes import STEPS
from ecpx.texts import classview as texts
from ecpx.texts.steps import ERROR_LABELS, STEP_LABELS
from ecpx.training.classview import ClassView, quiz_prompt

M = texts.EXPORT_MEASURES
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection


def export_csv(view: ClassView, title: str) -> str:
    """The session's counts as CSV text (one row per figure)."""
    view.update()
    rows = [("learners", "", title, "learners", len(view.learners))]
    for method, steps in STEPS.items():
        rows += [("steps", method, STEP_LABELS[step], "reached", len(view.reached[(method, step)]))
                 for step in steps]
    codes = sorted((c for c in view.met if c in ERROR_LABELS),
                   key=lambda c: (-len(view.met[c]), c))
    for code in codes:
        rows += [("errors", "", ERROR_LABELS[code], "met", len(view.met[code])),
                 ("errors", "", ERROR_LABELS[code], "occurrences", view.error_count[code])]
    for question in sorted(q for q in view.answered if quiz_prompt(q) != q):
        item = f"{question} — {quiz_prompt(question)}"
        rows += [("quiz", "", item, "answered", len(view.answered[question])),
                 ("quiz", "", item, "first_try", len(view.first_try[question]))]
    for method in STEPS:
        done = sum(method in learner.completed for learner in view.learners.values())
        rows.append(("completion", method, "", "completed", done))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(texts.EXPORT_COLUMNS.values())
    for table, method, item, measure, value in rows:
        writer.writerow([texts.EXPORT_TABLES[table], method, _safe(item), M[measure], value])
    return out.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
