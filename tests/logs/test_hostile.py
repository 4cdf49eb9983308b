"""Hostile input: each case ends in one clear English line (exit 2) or a bounded result."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time

import pytest
from ecpx.logs.load import LogFormatError, load_events

from tests.logs.conftest import HEADER

GOOD = "c1,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field"


def ecpx(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ecpx.cli", "logs", *args, "--quiet"],
                          capture_output=True, text=True, timeout=timeout)


def one_error_line(run: subprocess.CompletedProcess) -> str:
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    errors = [ln for ln in run.stderr.strip().splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1, run.stderr  # the rejected rows may be listed before it
    return errors[0]


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n{GOOD}\nc2,never,A,app_opened,ok,,android,14,CPS,field\n")
    return path


@pytest.mark.parametrize("option", ["--csv", "--xes", "--parquet"])
def test_export_never_writes_over_its_input(log, option):
    before = log.read_bytes()
    line = one_error_line(ecpx("export", str(log), option, str(log)))
    assert "must not overwrite the input" in line and log.read_bytes() == before


def test_analyze_never_writes_rejects_over_its_input(log):
    before = log.read_bytes()
    line = one_error_line(ecpx("analyze", str(log), "--rejected", str(log)))
    assert "must not overwrite the input" in line and log.read_bytes() == before


def test_anonymize_never_deletes_its_input(tmp_path, log):
    source = tmp_path / "x.csv.partial"
    source.write_bytes(log.read_bytes())
    run = subprocess.run([sys.executable, "-m", "ecpx.cli", "logs", "anonymize", str(source),
                          str(tmp_path / "x.csv")], capture_output=True, text=True, timeout=120)
    assert source.exists() and source.read_bytes() == log.read_bytes(), run.stderr


def test_an_unknown_time_zone_is_one_clear_line(log):
    assert "unknown time zone" in one_error_line(ecpx("analyze", str(log), "--timezone",
                                                      "Mars/X"))


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in one_error_line(ecpx("analyze", str(fifo), timeout=60))


def test_output_into_a_read_only_folder_is_one_clear_line(log):
    # /proc refuses new files even to root (a chmod 555 folder would not stop root)
    one_error_line(ecpx("export", str(log), "--csv", "/proc/ecpx-out.csv"))


def test_rejects_that_cannot_be_written_do_not_stop_the_analysis(log):
    run = ecpx("analyze", str(log), "--rejected", "/proc/ecpx-rejected.csv")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "could not be written to /proc/ecpx-rejected.csv" in run.stderr


def test_csv_injection_is_neutralised_in_exports_and_rejects(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n=cmd|' /C calc'!A0,2024-03-04T09:00:00Z,A,app_opened,ok,,"
                    "android,14,CPS,field\nc2,2024-03-04T09:00:00Z,@SUM(1),app_opened,ok,,"
                    "android,14,CPS,field\n")
    out = tmp_path / "out.csv"
    ecpx("export", str(path), "--csv", str(out))
    assert "\n'=cmd" in out.read_text() and "\n=cmd" not in out.read_text()
    rejected = (tmp_path / "in.csv.rejected.csv").read_text()
    assert "'@SUM(1)" in rejected and ",@SUM" not in rejected


def test_a_gzip_bomb_is_refused_quickly():
    bomb = gzip.compress(HEADER.encode() + b"\n" + b"x" * (300 << 20))
    started = time.monotonic()
    with pytest.raises(LogFormatError) as error:
        load_events(bomb, name="bomb.csv.gz", progress=False)
    assert error.value.reason.code == "too_large_inflated"
    assert time.monotonic() - started < 120  # bounded, not a timing goal


def test_many_distinct_steps_do_not_grow_quadratically():
    rows = "\n".join(f"c{i},2024-03-04T09:00:00Z,A,step{i},error,err{i},android,14,CPS,field"
                     for i in range(8000))
    result = load_events(f"{HEADER}\n{rows}\n".encode(), name="k.csv", progress=False)
    assert len(result.rejected) == 8000


def test_wrong_types_at_many_rows_are_rejected_not_allocated():
    rows = "\n".join(f"{i},{i},{i},{i},{i},{i},{i},{i},{i},{i}" for i in range(200_000))
    result = load_events(f"{HEADER}\n{rows}\n".encode(), name="w.csv", progress=False)
    assert result.events.empty and len(result.rejected) == 100_000
    assert any("more rejected row(s) not kept" in note for note in result.notes)


def test_a_gzip_bomb_upload_is_refused_in_french_and_on_the_command_line(tmp_path):
    from ecpx.logs.explorer import JournalExplorer
    from ecpx.screens.journal_view import status_html
    from ecpx.texts import journal as T

    bomb = gzip.compress(HEADER.encode() + b"\n" + b"x" * (300 << 20))
    model = JournalExplorer()
    model.load_upload("bombe.csv.gz", bomb)
    assert model.result is None and model.problem.code == "too_large_inflated"
    assert "une fois décompressé, le fichier dépasse 256 MiB" in status_html(model)
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(bomb)
    assert "inflates to more than" in one_error_line(ecpx("analyze", str(path)))
    assert T.reason_fr(model.problem)


def test_a_damaged_training_journal_still_loads_and_chapter_06_says_so(tmp_path):
    from ecpx.logs.explorer import JournalExplorer
    from ecpx.screens.journal_view import status_html

    good = ('{"case_id": "t1", "timestamp": "2024-03-04T09:00:00+00:00", "method": "A", '
            '"step": "app_opened", "outcome": "ok", "error": "", "platform": "android", '
            '"os_version": "14", "card_type": "CPS", "source": "training"}')
    (tmp_path / "training-h-1-ab.jsonl").write_text(
        good + "\n" + good.replace('"2024-03-04T09:00:00+00:00"', "7") + "\n")
    model = JournalExplorer()
    model.load_training(tmp_path)
    assert model.result is not None and len(model.result.events) == 1
    assert "(la première : fichier « training-h-1-ab.jsonl », ligne 2)" in status_html(model)


def test_anonymised_csv_cannot_run_as_a_formula(tmp_path):
    from ecpx.logs.anonymize import anonymise_file

    source = tmp_path / "in.csv"
    source.write_text("case_id,timestamp,method,step,comment\n"
                      "c1,2024-03-04T09:00:00Z,A,app_opened,=HYPERLINK(\"x\")\n")
    out = tmp_path / "out.csv"
    anonymise_file(source, out, progress=False)
    text = out.read_text()
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
