"""The journal's `kind` column (learner progress): `ecpx logs` reads files of the first schema
unchanged, analyses only activation events and says how many other records it set aside;
training events stay out of field-log analyses unless asked; chapter 06's reader agrees."""

from __future__ import annotations

import json

from ecpx import resources
from ecpx.cli import main
from ecpx.logs.store import read_training_events

KEY = "7KQ4-M2XD-9PFA-3HNC"
STAMP = "2026-11-30T08:00:{:02d}+00:00"


def event(n: int, step: str, source: str, **extra) -> dict:
    return {"case_id": f"c-{source}", "timestamp": STAMP.format(n), "method": "A", "step": step,
            "outcome": "ok", "error": "", "platform": "android", "os_version": "14",
            "card_type": "CPS", "source": source, **extra}


def write(path, *records: dict) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def analyse(capsys, *args: str) -> tuple[dict, str]:
    assert main(["logs", "analyze", *args, "--format", "json", "--quiet"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def test_today_s_sample_is_read_and_analysed_as_before(capsys):
    report, err = analyse(capsys, str(resources.data_file("journal-exemple.csv.gz")))
    assert (report["events"], report["cases"], report["rejected"]) == (18457, 2500, 0)
    assert "set aside" not in err and "left out" not in err


def test_progress_records_are_set_aside_and_counted(tmp_path, capsys):
    path = tmp_path / "field.jsonl"
    write(path,
          event(0, "app_opened", "field"),  # the first schema: no kind
          event(1, "cgu_accepted", "field", kind="activation"),
          {"kind": "quiz", "timestamp": STAMP.format(2), "source": "field", "learner": KEY,
           "chapter": "01", "question": "01-q1", "outcome": "ok", "tries": 1},
          {"kind": "chapter", "timestamp": STAMP.format(3), "source": "field", "learner": KEY,
           "chapter": "01", "step": "opened"})
    report, err = analyse(capsys, str(path))
    assert (report["events"], report["rejected"]) == (2, 0)
    assert "set aside 1 chapter, 1 quiz record(s) of learner progress" in err
    ignored = err.split("columns ignored: ")[1].split("\n")[0].split(", ")
    assert "kind" not in ignored and "learner" in ignored  # `kind` is understood, not ignored


def test_training_events_stay_out_of_field_analyses_unless_asked(tmp_path, capsys):
    path = tmp_path / "mixed.jsonl"
    write(path, event(0, "app_opened", "field"), event(1, "cgu_accepted", "field"),
          event(2, "app_opened", "training", kind="activation", learner=KEY, chapter="02",
                scenario="nominal"))
    report, err = analyse(capsys, str(path))
    assert (report["events"], report["cases"]) == (2, 1)
    assert "left out 1 training event(s) (source=training); use --include-training" in err
    report, err = analyse(capsys, str(path), "--include-training")
    assert (report["events"], report["cases"]) == (3, 2) and "left out" not in err


def test_the_class_journal_reader_keeps_activation_events_and_counts_the_others(tmp_path):
    write(tmp_path / "training-host-1-aaaa.jsonl",
          event(0, "app_opened", "training"),
          event(1, "cgu_accepted", "training", kind="activation", learner=KEY, chapter="02",
                scenario="nominal"),
          {"kind": "quiz", "timestamp": STAMP.format(2), "source": "training", "learner": KEY,
           "chapter": "01", "question": "01-q1", "outcome": "ok", "tries": 1},
          {"kind": "chapter", "timestamp": STAMP.format(3), "source": "training",
           "learner": KEY, "chapter": "01", "step": "opened"})
    frame = read_training_events(tmp_path)
    assert list(frame["step"]) == ["app_opened", "cgu_accepted"]
    assert frame.attrs["set_aside"] == {"quiz": 1, "chapter": 1}


def test_chapter_06_says_how_many_progress_records_it_did_not_analyse(tmp_path):
    from ecpx.logs.explorer import JournalExplorer
    from ecpx.screens.journal_view import status_html
    from ecpx.texts import journal as texts

    write(tmp_path / "training-host-1-aaaa.jsonl", event(0, "app_opened", "training"),
          {"kind": "chapter", "timestamp": STAMP.format(3), "source": "training",
           "learner": KEY, "chapter": "01", "step": "opened"})
    model = JournalExplorer()
    model.load_training(tmp_path)
    assert len(model.result.events) == 1
    assert texts.SET_ASIDE_TRAINING.format(count=1) in status_html(model)
