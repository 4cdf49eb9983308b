"""Sign-ins (chapter 07, method "S") in the activation-log analyser: the schema, the
generator, the analyses, the training journal's reader and chapter 06's dashboard."""

from __future__ import annotations

import json
from io import BytesIO

import pandas as pd
import pytest
from ecpx.activation.codes import SIGNIN_ERROR_STEP, SIGNIN_STEPS, STEPS
from ecpx.logs import analysis
from ecpx.logs.cases import case_table, case_table_and_labels
from ecpx.logs.explorer import JournalExplorer
from ecpx.logs.generate import generate_events, write_events
from ecpx.logs.load import load_events, load_events_frame
from ecpx.logs.schema import ERROR_STEP, METHODS, PROCEDURES
from ecpx.logs.store import read_training_events

HEADER = "case_id,timestamp,method,step,outcome,error\n"
# s1: a wrong password, then through; s2: a wrong dynamic code, a new request, through;
# s3: no notification, « Je teste ma e-CPS », a new request, gives up; s4: skips the
# notification (a deviation); s5: the request expired, gives up.
SIGNINS = {
    "s1": ["signin_requested", "notification_opened", "password_entered:signin_password_wrong",
           "password_entered", "code_chosen", "service_opened"],
    "s2": ["signin_requested", "notification_opened", "password_entered",
           "code_chosen:dynamic_code_wrong", "signin_requested", "notification_opened",
           "password_entered", "code_chosen", "service_opened"],
    "s3": ["signin_requested", "notification_opened:notification_missing", "ecps_tested",
           "signin_requested"],
    "s4": ["signin_requested", "password_entered"],
    "s5": ["signin_requested", "notification_opened:request_expired"],
}


def csv_of(paths: dict[str, list[str]], method: str = "S") -> str:
    lines = [HEADER]
    for case, steps in paths.items():
        for second, entry in enumerate(steps):
            step, _, error = entry.partition(":")
            lines.append(f"{case},2024-05-02T09:00:{second:02d}Z,{method},{step},"
                         f"{'error' if error else 'ok'},{error}\n")
    return "".join(lines)


@pytest.fixture(scope="module")
def hand_written():
    result = load_events(BytesIO(csv_of(SIGNINS).encode()), name="signins.csv", progress=False)
    cases, labels = case_table_and_labels(result.events)
    return result, cases, labels


def test_the_sign_in_is_a_method_of_the_log_schema():
    assert METHODS == ("A", "B", "S") and PROCEDURES["S"] == SIGNIN_STEPS
    assert {k: v for k, v in ERROR_STEP.items() if k in SIGNIN_ERROR_STEP} == SIGNIN_ERROR_STEP
    assert "S" not in STEPS  # the activation methods of the class view and the simulators


def test_sign_in_events_are_valid_and_misplaced_ones_rejected(hand_written):
    result, _, _ = hand_written
    assert result.rejected.empty and len(result.events) == 23
    bad = csv_of({"x1": ["activated"], "x2": ["password_entered:dynamic_code_wrong"],
                  "x3": ["signin_requested"]})
    rejected = load_events(BytesIO(bad.encode()), name="bad.csv", progress=False).rejected
    reasons = sorted(rejected["reason"].astype(str))
    assert len(reasons) == 2 and "'activated'" in reasons[1] and "method S" in reasons[1]
    assert "'code_chosen', not 'password_entered'" in reasons[0]
    a_with_signin_step = csv_of({"y": ["signin_requested"]}, method="A")
    rejected = load_events(BytesIO(a_with_signin_step.encode()), name="a.csv",
                           progress=False).rejected
    assert len(rejected) == 1 and "method A" in str(rejected["reason"].iloc[0])


def test_a_hand_written_sign_in_log_is_analysed_exactly(hand_written):
    _, cases, labels = hand_written
    funnel = analysis.funnel(cases)
    signin = funnel[funnel["method"] == "S"]
    assert signin["step"].tolist() == list(SIGNIN_STEPS)
    assert signin["cases"].tolist() == [5, 2, 3, 2, 2]  # s4 entered its password unasked
    assert funnel[funnel["method"] != "S"]["cases"].eq(0).all()  # A and B: rows of 0
    errors = analysis.errors(cases)
    assert sorted(zip(errors["error"], errors["step"], errors["cases"], strict=True)) == [
        ("dynamic_code_wrong", "code_chosen", 1),
        ("notification_missing", "notification_opened", 1),
        ("request_expired", "notification_opened", 1),
        ("signin_password_wrong", "password_entered", 1)]
    conformance = analysis.conformance(cases).set_index("method").loc["S"]
    assert (conformance["cases"], conformance["conforming"],
            conformance["completed_conforming"]) == (5, 4, 2)  # a new request conforms
    deviations = analysis.deviations(cases)
    assert deviations[["method", "position", "expected_step", "done_instead", "cases"]] \
        .values.tolist() == [["S", 1, "notification_opened", "password_entered", 1]]
    activation = analysis.activation(cases).set_index("method").loc["S"]
    assert (activation["cases"], activation["activated"]) == (5, 2)
    assert activation["median_s"] == 6.5  # s1: 5 s, s2: 8 s
    durations = analysis.step_durations(cases)
    assert durations[durations["method"] == "S"]["cases"].tolist() == [2, 2, 2, 2]
    variants = analysis.variants(cases, labels)
    assert (variants["method"] == "S").sum() == 5 and variants["cases"].sum() == 5


def test_an_activation_log_has_the_tables_it_always_had():
    cases = case_table(generate_events(40, 3))
    assert set(analysis.funnel(cases)["method"]) == {"A", "B"}
    assert set(analysis.conformance(cases)["method"]) == {"A", "B"}


def test_the_generator_adds_sign_ins_deterministically(tmp_path):
    alone = generate_events(30, 11)
    mixed = generate_events(30, 11, signins=60)
    again = generate_events(30, 11, signins=60, jobs=2)
    pd.testing.assert_frame_equal(mixed, again)
    activations = mixed[mixed["method"] != "S"].reset_index(drop=True)
    pd.testing.assert_frame_equal(activations.astype(str), alone.astype(str))  # unchanged
    signins = mixed[mixed["method"] == "S"]
    assert signins["case_id"].nunique() == 60
    assert set(signins["source"]) == {"synthetic"}
    path, events = write_events(tmp_path / "mixed.csv", 30, 11, signins=60)
    result = load_events(path, progress=False)
    assert result.rejected.empty and len(result.events) == events == len(mixed)
    cases = case_table(result.events)
    assert analysis.conformance(cases).set_index("method").loc["S", "conforming"] == 60


def test_the_training_journal_reads_sign_ins_as_events_of_method_s(tmp_path):
    rows = [{"kind": "signin", "case_id": "c1", "method": "S", "step": step, "outcome": "ok",
             "error": "", "platform": "ios", "os_version": "17", "card_type": "CPS",
             "scenario": "normal", "source": "training",
             "timestamp": f"2024-05-02T09:00:0{i}+00:00"} for i, step in enumerate(SIGNIN_STEPS)]
    rows.append({"kind": "quiz", "timestamp": "2024-05-02T09:01:00+00:00",
                 "source": "training", "step": "answered"})
    (tmp_path / "training-host-1-ab.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    frame = read_training_events(tmp_path)
    assert frame["method"].tolist() == ["S"] * 5 and frame.attrs["set_aside"] == {"quiz": 1}
    result = load_events_frame(frame, "classe")
    assert result.rejected.empty
    assert bool(case_table(result.events)["activated"].iloc[0])  # « service_opened »


def test_chapter_06_offers_the_sign_ins_when_the_journal_has_some(tmp_path):
    from ecpx.screens import journal_view as V
    from ecpx.texts import journal as T

    path, _ = write_events(tmp_path / "journal.csv", 40, 5, signins=300)
    model = JournalExplorer()
    model.load_sample(path)
    board = V.Dashboard(model)
    box = board.controls.boxes["methods"]["S"]
    assert box.description == T.METHOD_LABELS["S"] == "Connexion (Pro Santé Connect)"
    assert box.layout.display == "" and box.value
    assert T.STEP_LABELS["signin_requested"] in board.funnel.body.value
    assert "connexion Pro Santé Connect." in board.funnel.body.value  # the chart's alternative
    assert T.STEP_LABELS["code_chosen"] in board.durations.body.value
    assert T.ERROR_LABELS["signin_password_wrong"] in board.errors.body.value
    box.value = False
    assert model.filters.methods == ("A", "B")
    assert T.STEP_LABELS["signin_requested"] not in board.funnel.body.value
    model.load_sample()  # the course's sample: activations only, no sign-in to offer
    assert box.layout.display == "none"
