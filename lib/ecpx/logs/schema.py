"""The journal's schema: columns, allowed values, dtypes, and the names foreign logs use.

One row per event (process-mining convention: a case, an activity, a timestamp). The values
come from the activation domain's own contracts, so the journal cannot drift from what the
simulators emit.

The training journal adds a `kind` column (`KINDS`): `activation` rows are these events (plus
`scenario`, `learner`, `chapter`); `quiz` and `chapter` rows record a learner's progress
(`ecpx.training.progress`) and are set aside, and counted, by the loader. A missing `kind` means
`activation`, so logs of this schema are read unchanged. `signin` rows (chapter 07) are events
of method "S", the sign-in to a service with the e-CPS through Pro Santé Connect.

Methods: "A" and "B" activate the e-CPS (`ACTIVATION_METHODS`); "S" signs in with it. Each
method's procedure (`PROCEDURES`, its steps in order, the last one completing the case) is
what the funnel and the conformance follow; `STEPS` are the steps its events may carry (the
sign-in's also « Je teste ma e-CPS » and « Supprimer ma e-CPS », outside its procedure).
"""

from __future__ import annotations

import pandas as pd

from ecpx.activation.codes import LOG_ERROR_STEP, LOG_STEPS, PROCEDURES
from ecpx.activation.codes import STEPS as ACTIVATION_STEPS
from ecpx.activation.events import CARD_TYPES, COLUMNS, OUTCOMES, PLATFORMS, SOURCES
from ecpx.training.sink import KINDS  # the training journal's `kind` column

__all__ = [
    "ACTIVATION_METHODS",
    "CARD_TYPES",
    "CATEGORY_COLUMNS",
    "COLUMNS",
    "COLUMN_ALIASES",
    "CONTEXT_COLUMNS",
    "DEFAULTS",
    "ERRORS",
    "ERROR_STEP",
    "KINDS",
    "METHODS",
    "OUTCOMES",
    "PLATFORMS",
    "PROCEDURES",
    "REQUIRED",
    "SOURCES",
    "STEPS",
    "activity",
    "empty_events",
]

STEPS = LOG_STEPS  # method -> the steps its events may carry
ERROR_STEP = LOG_ERROR_STEP  # error code -> the step it is recorded at (every method's)
ERRORS = tuple(ERROR_STEP)
METHODS = tuple(PROCEDURES)  # ("A", "B", "S")
ACTIVATION_METHODS = tuple(ACTIVATION_STEPS)  # ("A", "B"): reported even when absent
REQUIRED = ("case_id", "timestamp", "method", "step")
CATEGORY_COLUMNS = tuple(c for c in COLUMNS if c != "timestamp")
CONTEXT_COLUMNS = tuple(c for c in CATEGORY_COLUMNS if c != "case_id")  # few distinct values
TIMESTAMP_DTYPE = "datetime64[us, UTC]"

# Value used when a foreign log has no such column at all ("" = not recorded). `outcome` is
# derived from `error` when absent; `source` of a foreign log is "field".
DEFAULTS = {"outcome": None, "error": "", "platform": "other", "os_version": "",
            "card_type": "", "source": "field"}

# Column names of other tools -> ours (pm4py / XES standard extensions, common exports).
COLUMN_ALIASES = {
    "case:concept:name": "case_id",
    "case_concept_name": "case_id",
    "case": "case_id",
    "caseid": "case_id",
    "concept:name": "step",
    "activity": "step",
    "time:timestamp": "timestamp",
    "time": "timestamp",
    "case:method": "method",
    "case:platform": "platform",
    "case:os_version": "os_version",
    "case:card_type": "card_type",
    "case:source": "source",
    "ecpx:outcome": "outcome",
    "ecpx:error": "error",
}


def activity(step: pd.Series, outcome: pd.Series, error: pd.Series) -> pd.Series:
    """The process-mining activity label: the step when it succeeded, the error code otherwise.

    Error codes and step names never overlap, so the label alone tells both apart (a loader
    turns an error label back into its step with ERROR_STEP).
    """
    labels = step.astype("string").where(outcome.astype("string") == "ok",
                                         error.astype("string"))
    return labels.astype("category")


def empty_events() -> pd.DataFrame:
    """A journal with no events, with the journal's columns and dtypes."""
    frame = pd.DataFrame({c: pd.Series([], dtype="category") for c in CATEGORY_COLUMNS})
    frame["timestamp"] = pd.Series([], dtype=TIMESTAMP_DTYPE)
    return frame[list(COLUMNS)]
