"""French typography in every catalogue text: a « » pair or a : ; ? ! never breaks from its
word (non-breaking spaces), and the words issue 9 corrected stay corrected."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re

import ecpx.texts as catalogue

# A plain space where French needs a non-breaking one.
BREAKABLE = re.compile(r"« | »| [:;?!](?=\s|$|[\"'<)])")
TYPOS = ("Veillez", "A l'aide", "supporter", "Cliquez sur <", "le sms")


def strings(value, where: str):
    """Every string in a catalogue value, with where it sits."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from strings(item, f"{where}[{index}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name), f"{where}.{field.name}")


def catalogue_strings(skip: tuple[str, ...] = (), prefix: str = ""):
    """Every string of the catalogue's upper-case names, but for the modules in `skip`, with
    where it sits (`prefix` + module.NAME…)."""
    for module_info in pkgutil.iter_modules(catalogue.__path__):
        if module_info.name in skip:
            continue
        module = importlib.import_module(f"{catalogue.__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if name.isupper():
                yield from strings(value, f"{prefix}{module_info.name}.{name}")


def test_the_catalogue_is_scanned():
    assert sum(1 for _ in catalogue_strings()) > 500


def test_no_breakable_space_inside_guillemets_or_before_high_punctuation():
    bad = [f"{where}: {text!r}" for where, text in catalogue_strings()
           if BREAKABLE.search(text)]
    assert bad == []


def test_the_corrected_words_stay_corrected():
    bad = [f"{where}: {text!r}" for where, text in catalogue_strings()
           if any(typo in text for typo in TYPOS)]
    assert bad == []
