"""The course's words: one term for one thing, in every text a learner reads.

Each entry gives the term the course writes, the variants it refuses (regular expressions over
the text, format fields such as `{email}` and HTML tags taken out) and why. `tests/test_terms.py`
scans every catalogue string, every notebook's markdown and the text of the server's and Voilà's
templates, and names each text that uses a refused variant.

The seed (`mode-operatoire-activer-e-cpx.txt`) mixes words too (« courriel », « e-mail »,
« mail »; « application », « appli »; « QR Code », « QR code »): the course follows its most
frequent usage, and keeps a real screen's own words where a simulator reproduces that screen
(`SCREEN_TEXTS`).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Term(NamedTuple):
    preferred: str
    refused: re.Pattern
    why: str


TERMS = (
    Term("e-mail", re.compile(r"(?i)\bcourriels?\b|(?<![\w-])e?mails?\b|\bmél\b"),
         "Le mot du mode opératoire dans ses consignes (« Si vous ne recevez pas l'e-mail »)"
         " et celui des coordonnées de correspondance (e-mail et mobile)."),
    Term("application", re.compile(r"\bapplis?\b|(?<![\w-])apps?\b"),
         "Le nom que le mode opératoire donne partout à « l'application e-CPS »."),
    Term("la e-CPS", re.compile(r"(?i)\bl['’]e-CP[SEAx]\b"),
         "Une seule forme, celle du cours depuis sa première version."),
    Term("FAQ e-CPS", re.compile(r"(?i)\bFAQ e-CP[xX]\b"),
         "Le titre de la page que le lien ouvre (esante.gouv.fr, « faq-e-cps »)."),
    Term("QR code", re.compile(r"\bQR[ -]?Code\b|\bqr[ -]?code\b|\bQR-code\b|\bQRcode\b"),
         "L'écriture du mode opératoire dans ses consignes."),
    Term("Cliquez", re.compile(r"\bCliquer\b"),
         "Le cours s'adresse à vous à l'impératif (« Saisissez », « Connectez-vous »)."),
    Term("téléphone", re.compile(r"(?i)\bsmartphones?\b"),
         "Le mot des écrans de l'application (« Ajouter votre téléphone »)."),
    Term("SMS", re.compile(r"\bsms\b"), "Un sigle, en capitales."),
    Term("« »", re.compile(r'"'),
         "Les guillemets français, avec leurs espaces insécables, jamais les guillemets droits."),
)

# Words of real screens that the simulators reproduce as they are, and commands typed as they
# are: taken out of a text before it is checked.
SCREEN_TEXTS = (
    "Scanner le QR Code",  # the portal's stepper (mode opératoire, méthode A)
    "Pour recevoir le courriel d'activation",  # the application's form (méthode B)
    'pip install "ecpx[card]"',  # a command, copied as it is
)
