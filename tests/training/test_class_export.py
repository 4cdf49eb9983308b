"""A class session's export: exact counts of learners, only the catalogue's steps, errors and
questions, no key."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from ecpx.activation.codes import STEPS_A
from ecpx.texts import classview as texts
from ecpx.training.class_export import export_csv
from ecpx.training.classview import ClassView

from tests.training.test_classview import T0, Clock, Kernel

KEYS = [f"AAAA-BBBB-CCCC-{n:04d}" for n in range(12)]
M = texts.EXPORT_MEASURES


def published(tmp_path) -> dict[tuple[str, str, str], str]:
    body = export_csv(ClassView(tmp_path, clock=Clock(T0 + timedelta(hours=1))), "Session X")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["Élément"] == "Session X"
    return {(r["Méthode"], r["Élément"], r["Mesure"]): r["Effectif"] for r in rows}


def test_twelve_learners_counts_and_masks(tmp_path):
    kernel = Kernel(tmp_path)
    for number, key in enumerate(KEYS):
        for step in STEPS_A:
            kernel.step(T0, key, step)
        if number < 3:
            kernel.step(T0, key, "pairing_code_entered", "error", "pairing_code_wrong")
        kernel.write(T0, kind="quiz", learner=key, chapter="01", question="01-q1",
                     outcome="ok" if number else "error", tries=1)
    kernel.step(T0, KEYS[0], "pairing_code_entered", "error", "Mme Dupont")  # stray text
    kernel.write(T0, kind="quiz", learner=KEYS[0], question="99-q9", outcome="ok", tries=1)
    out = published(tmp_path)
    assert out[("", "Session X", M["learners"])] == "12"
    assert out[("A", "Application ouverte", M["reached"])] == "12"
    assert out[("A", "e-CPS activée", M["reached"])] == "12"
    assert out[("B", "Application ouverte", M["reached"])] == "0"
    assert out[("", "Code d'ajout incorrect", M["met"])] == "3"
    assert out[("", "Code d'ajout incorrect", M["occurrences"])] == "3"
    question = [v for k, v in out.items() if k[1].startswith("01-q1")]
    assert question == ["12", "11"]  # exact: the trainer's own class, seat by seat already
    assert out[("A", "", M["completed"])] == "12" and out[("B", "", M["completed"])] == "0"
    text = "\n".join(" ".join(k) + v for k, v in out.items())
    assert "Dupont" not in text and "99-q9" not in text
    assert not any(key in text for key in KEYS)


def test_an_empty_session_exports_zeros(tmp_path):
    out = published(tmp_path / "no-journal-yet")
    assert out[("", "Session X", M["learners"])] == "0"
    assert set(out.values()) == {"0"}
