"""A class session's anonymised export for the training report: counts only, as CSV.

Imported only by the export's request handler (pandas stays out of the server otherwise).
Counts are of learners (seats), never of events alone, and follow chapter 06's small-cell
rules (`ecpx.journal.privacy`): 1 to 10 reads « < 11 »; a count that would give one back by
subtraction reads « masqué ». No learner key, seat name or time of day is written.

- per method, learners who reached each step: a funnel (`publish_funnel`: a small drop between
  two steps masks the step after it);
- per error, learners who met it and how many times (the whole row is masked together);
- per quiz question, learners who answered and who were right at the first try (masked with
  the ones who were not, which the reader could compute);
- per method, learners who completed it (masked with those who did not, computable from the
  published total).
"""

from __future__ import annotations

import pandas as pd

from ecpx.activation.catalogue import STEPS
from ecpx.activation.catalogue import classview as texts
from ecpx.activation.catalogue.journal import MASKED
from ecpx.activation.catalogue.steps import ERROR_LABELS, STEP_LABELS
from ecpx.journal import privacy
from ecpx.journal.classview import ClassView, quiz_prompt
from ecpx.journal.safety import csv_safe

M = texts.EXPORT_MEASURES


def export_csv(view: ClassView, title: str) -> str:
    """The session's published counts as CSV text (one row per published figure)."""
    view.update()
    total = len(view.learners)
    rows = [{"table": texts.EXPORT_TABLES["learners"], "method": "", "item": title,
             "measure": M["learners"], "value": _one(total)}]
    rows += _steps(view)
    rows += _errors(view)
    rows += _quiz(view)
    rows += _completion(view, total)
    frame = pd.DataFrame(rows, columns=list(texts.EXPORT_COLUMNS))
    return csv_safe(frame.rename(columns=texts.EXPORT_COLUMNS)).to_csv(index=False)


def _one(count: int) -> str:
    return privacy.MASK_TEXT if 0 < count < privacy.MIN_CELL else str(count)


def _published(table: pd.DataFrame, columns: dict[str, str], table_name: str,
               item, method) -> list[dict]:
    shown = privacy.display(table[list(columns)], MASKED)
    return [{"table": texts.EXPORT_TABLES[table_name], "method": method(label),
             "item": item(label), "measure": M[measure], "value": str(shown.at[label, column])}
            for label in table.index for column, measure in columns.items()]


def _steps(view: ClassView) -> list[dict]:
    rows = []
    for method, steps in STEPS.items():
        everyone = set().union(*(view.reached[(method, s)] for s in steps))
        previous = len(everyone)
        for step in steps:
            cases = len(view.reached[(method, step)])
            rows.append({"method": method, "step": step, "cases": cases,
                         "drop_off": previous - cases})
            previous = cases
    funnel = privacy.publish_funnel(pd.DataFrame(rows))
    return _published(funnel, {"cases": "reached"}, "steps",
                      lambda i: STEP_LABELS[funnel.at[i, "step"]],
                      lambda i: funnel.at[i, "method"])


def _errors(view: ClassView) -> list[dict]:
    # Only the catalogue's codes and questions: a writer's stray text is never published.
    codes = sorted((c for c in view.met if c in ERROR_LABELS), key=lambda c: (-len(view.met[c]), c))
    if not codes:
        return []
    table = pd.DataFrame({"learners": [len(view.met[c]) for c in codes],
                          "occurrences": [view.error_count[c] for c in codes]}, index=codes)
    table = privacy.suppress(table, "learners", also=["occurrences"])
    return _published(table, {"learners": "met", "occurrences": "occurrences"}, "errors",
                      lambda c: ERROR_LABELS[c], lambda c: "")


def _quiz(view: ClassView) -> list[dict]:
    questions = sorted(q for q in view.answered if quiz_prompt(q) != q)
    if not questions:
        return []
    answered = [len(view.answered[q]) for q in questions]
    right = [len(view.first_try[q]) for q in questions]
    table = pd.DataFrame({"answered": answered, "first_try": right,
                          "not_first": [a - r for a, r in zip(answered, right, strict=True)]},
                         index=questions)
    table = privacy.suppress(table, "answered", also=["first_try", "not_first"])
    return _published(table, {"answered": "answered", "first_try": "first_try"}, "quiz",
                      lambda q: f"{q} — {quiz_prompt(q)}", lambda q: "")


def _completion(view: ClassView, total: int) -> list[dict]:
    methods = list(STEPS)
    done = [sum(m in learner.completed for learner in view.learners.values()) for m in methods]
    table = pd.DataFrame({"completed": done, "not_completed": [total - d for d in done]},
                         index=methods)
    table = privacy.suppress(table, "completed", also=["not_completed"])
    return _published(table, {"completed": "completed"}, "completion",
                      lambda m: "", lambda m: m)
