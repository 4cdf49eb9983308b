"""Every text a learner sees, in one package, so screens, notebooks and tests cannot drift apart.

`common` holds what both methods share (journal steps, error codes and their French messages,
the password screen, the e-CPS app's common screens); the method modules hold the wording of
their own screens, taken from the seed (mode-opératoire « Activer votre e-CPx », March 2024)
wherever the seed gives it.
"""

from ecpx.texts.common import (
    ERROR_MESSAGES,
    ERROR_STEP,
    ERRORS,
    PASSWORD,
    STEPS,
    STEPS_A,
    STEPS_B,
)

__all__ = ["ERRORS", "ERROR_MESSAGES", "ERROR_STEP", "PASSWORD", "STEPS", "STEPS_A", "STEPS_B"]
