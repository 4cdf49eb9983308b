"""`ecpx logs …`: JSON report keys, clear English errors, exit codes, XES structure."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pandas as pd
from ecpx.cli import main

from tests.logs.conftest import HEADER

XES = "{http://www.xes-standard.org/}"


def test_analyze_json_has_the_promised_keys(hand_written, capsys):
    assert main(["logs", "analyze", str(hand_written), "--format", "json", "--quiet"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["events"] == 51 and data["cases"] == 7 and data["rejected"] == 0
    assert data["funnel"]["A"][3] == {"step": "activation_started", "cases": 3}
    assert data["activated"] == {"A": 2, "B": 2}
    assert data["time_to_activate_s"]["A"] == {"median": 330.0, "p90": 386.0}
    assert {"error": "pin_wrong", "step": "portal_login", "cases": 1} in data["errors"]


def test_analyze_text(hand_written, capsys):
    assert main(["logs", "analyze", str(hand_written)]) == 0
    out = capsys.readouterr().out
    assert "Method A: 2 activated" in out and "5 min 30 s" in out


def test_rejected_rows_are_named_on_stderr_and_written_aside(tmp_path, capsys):
    path = tmp_path / "field.csv"
    path.write_text(HEADER + "\nc1,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field\n"
                    "c1,never,A,cgu_accepted,ok,,android,14,CPS,field\n")
    assert main(["logs", "analyze", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["rejected"] == 1
    assert f"{path}:3: column 'timestamp': bad timestamp 'never'" in captured.err
    assert (tmp_path / "field.csv.rejected.csv").exists()


def test_unusable_inputs_exit_with_a_clear_message(tmp_path, capsys):
    missing = tmp_path / "nothing.csv"
    assert main(["logs", "analyze", str(missing)]) == 2
    assert capsys.readouterr().err.strip() == f"error: {missing}: No such file or directory"
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["logs", "analyze", str(empty)]) == 2
    assert f"error: {empty}:1: the file is empty" in capsys.readouterr().err
    bad_map = tmp_path / "x.csv"
    bad_map.write_text(HEADER + "\n")
    assert main(["logs", "analyze", str(bad_map), "--map", "nonsense"]) == 2
    assert "expected THEIRS=OURS" in capsys.readouterr().err


def test_no_valid_event_exits_1(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\nc1,never,A,app_opened,ok,,android,14,CPS,field\n")
    assert main(["logs", "analyze", str(path)]) == 1
    assert "no valid event" in capsys.readouterr().err


def test_the_installed_command_exits_non_zero_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "ecpx.cli", "logs", "analyze",
                             str(tmp_path / "absent.parquet")], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "absent.parquet" in result.stderr


def test_export_xes_follows_the_standard_structure(hand_written, tmp_path, capsys):
    out = tmp_path / "journal.xes"
    assert main(["logs", "export", str(hand_written), "--xes", str(out), "--quiet"]) == 0
    root = ET.parse(out).getroot()
    assert root.tag == f"{XES}log"
    assert {e.get("prefix") for e in root.findall(f"{XES}extension")} >= {"concept", "time"}
    traces = root.findall(f"{XES}trace")
    assert len(traces) == 7
    events = 0
    for trace in traces:
        name = trace.find(f"{XES}string[@key='concept:name']").get("value")
        assert name.startswith("h")
        stamps = []
        for event in trace.findall(f"{XES}event"):
            events += 1
            assert event.find(f"{XES}string[@key='concept:name']").get("value")
            stamps.append(pd.Timestamp(event.find(f"{XES}date[@key='time:timestamp']")
                                       .get("value")))
        assert stamps == sorted(stamps) and all(str(s.tz) == "UTC" for s in stamps)
    assert events == 51
    h2 = next(t for t in traces if t.find(f"{XES}string").get("value") == "h2")
    labels = [e.find(f"{XES}string[@key='concept:name']").get("value")
              for e in h2.findall(f"{XES}event")]
    assert labels[-2:] == ["qr_expired", "qr_expired"]


def test_export_csv_round_trips(hand_written, tmp_path, capsys):
    out = tmp_path / "journal.csv"
    assert main(["logs", "export", str(hand_written), "--csv", str(out), "--quiet"]) == 0
    assert main(["logs", "analyze", str(out), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["events"] == 51 and again["activated"] == {"A": 2, "B": 2}


def test_help_lists_the_actions(capsys):
    try:
        main(["logs", "--help"])
    except SystemExit as done:
        assert done.code == 0
    out = capsys.readouterr().out
    for action in ("analyze", "export"):
        assert action in out


