"""Nothing lost, nothing overwritten: outputs never land on inputs, every line is accounted
for, and every input format is bounded (issue 21)."""

from __future__ import annotations

import gzip
import json
import os
import xml.etree.ElementTree as ET

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ecpx.logs.cases import MAX_LABEL_STEPS
from ecpx.logs.load import load_events
from ecpx.logs.readers import LogFormatError

from tests.logs.conftest import HEADER
from tests.logs.test_hostile import GOOD, ecpx, one_error_line


def row(case: str, second: int = 0, step: str = "app_opened") -> str:
    return f"{case},2024-03-04T09:00:{second:02d}Z,A,{step},ok,,android,14,CPS,field"


@pytest.fixture
def log(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n{GOOD}\nc2,never,A,app_opened,ok,,android,14,CPS,field\n")
    return path


# --- 1. no output over an input -------------------------------------------------------------

@pytest.mark.parametrize("link", [os.symlink, os.link], ids=["symlink", "hard link"])
def test_the_default_rejected_path_linked_to_the_input_is_refused(log, link):
    before = log.read_bytes()
    link(log, f"{log}.rejected.csv")
    line = one_error_line(ecpx("analyze", str(log)))
    assert f"{log}.rejected.csv" in line and str(log) in line and "must not overwrite" in line
    assert log.read_bytes() == before


def test_two_outputs_on_one_file_are_refused(log, tmp_path):
    out = tmp_path / "out.csv"
    line = one_error_line(ecpx("export", str(log), "--csv", str(out), "--rejected", str(out)))
    assert line.count(str(out)) == 2 and "another output" in line
    assert not out.exists()
    line = one_error_line(ecpx("export", str(log), "--csv", f"{log}.rejected.csv"))
    assert "rejected rows (default)" in line
    dotted = tmp_path / "sub" / ".." / "in.csv"
    (tmp_path / "sub").mkdir()
    assert "must not overwrite the input" in one_error_line(
        ecpx("export", str(log), "--xes", str(dotted)))


def test_an_output_replaces_the_old_file_whole_or_not_at_all(log, tmp_path):
    out = tmp_path / "out.parquet"
    out.write_bytes(b"old")
    assert ecpx("export", str(log), "--parquet", str(out)).returncode == 0
    assert pq.read_table(out).num_rows == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_output_errors_name_the_output(log):
    line = one_error_line(ecpx("export", str(log), "--parquet", "/proc/ecpx-out.parquet"))
    assert line.startswith("error: /proc/ecpx-out.parquet: ")
    line = one_error_line(ecpx("anonymize", str(log), "/proc/ecpx-anon.csv"))
    assert line.startswith("error: /proc/ecpx-anon.csv: ") and ".partial" not in line


def test_anonymize_refuses_a_fifo_like_the_other_commands(tmp_path):
    fifo = tmp_path / "in.csv"
    os.mkfifo(fifo)
    for args in (("analyze", str(fifo)), ("anonymize", str(fifo), str(tmp_path / "o.csv"))):
        line = one_error_line(ecpx(*args, timeout=30))
        assert line.startswith(f"error: {fifo}: not a regular file")


# --- 2. every line accounted for ------------------------------------------------------------

BROKEN = [
    'c9,"2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field',  # never closed
    'c9,2024-03-04T09:00:00Z,"A"x,app_opened,ok,,android,14,CPS,field',  # text after a quote
    'c9,2024-03-04T09:00:00Z,A,app_"opened,ok,,android,14,CPS,field',  # quote mid-field
    '"c9,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field"',  # one big field
    'c9,"2024-03-04T09:00:00Z""",A,app_opened,ok,,android,14,CPS,field',  # doubled quote
    '"',
    '""""',
    'c9,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,"field',  # at the line's end
]


@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_lines_in_are_events_plus_rejected_whatever_the_quoting(tmp_path, where):
    good = [row(f"g{i}", i % 60) for i in range(3000)]
    at = {"start": 0, "middle": 1500, "end": 3000}[where]
    lines = good[:at] + BROKEN + [""] + good[at:]
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n")
    result = load_events(path, progress=False)
    assert len(result.events) + result.rejected_total + result.blank_lines == len(lines)
    assert len(result.events) == 3000 and result.blank_lines == 1
    assert sorted(result.rejected["line"]) == list(range(at + 2, at + 2 + len(BROKEN)))
    assert result.rejected["reason"].iloc[0].codes == ("unclosed_quote",)


def test_an_unclosed_quote_on_line_2_costs_one_line_only(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "\nc0,\"2024\n" + "\n".join(row(f"c{i}", i % 60)
                                                          for i in range(20_000)) + "\n")
    result = load_events(path, progress=False)
    assert (len(result.events), result.rejected_total) == (20_000, 1)
    assert result.rejected["line"].tolist() == [2]
    assert "quote opened at character 4 is not closed" in str(result.rejected["reason"][0])


def test_the_sample_with_a_stray_quote_loses_nothing(tmp_path):
    from ecpx.logs.explorer import SAMPLE

    lines = gzip.decompress(SAMPLE.read_bytes()).decode().splitlines()
    lines[1] = lines[1].replace(",", ',"', 1)
    path = tmp_path / "sample.csv"
    path.write_text("\n".join(lines) + "\n")
    result = load_events(path, progress=False)
    assert len(result.events) + result.rejected_total == len(lines) - 1 == 18_457


def test_the_report_counts_every_rejected_row(tmp_path):
    bad = "\n".join(f"c{i},2024-03-04T09:00:00Z,Z,app_opened,ok,,android,14,CPS,field"
                    for i in range(100_050))
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{bad}\n")
    run = ecpx("analyze", str(path), "--format", "json", "--rejected", str(tmp_path / "r.csv"))
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["rejected"] == 100_050


# --- 4. bounded inputs ------------------------------------------------------------------------

def test_a_parquet_file_declaring_millions_of_rows_in_kilobytes_is_refused(tmp_path):
    path = tmp_path / "bomb.parquet"
    rows = 5_000_000
    table = pa.table({c: pa.array([v] * rows) for c, v in zip(
        HEADER.split(","), GOOD.split(","), strict=True)})
    pq.write_table(table, path, compression="zstd")
    assert path.stat().st_size < 1 << 20
    with pytest.raises(LogFormatError, match="rows in a file of"):
        next(iter([load_events(path, progress=False)]))


def test_control_characters_are_rejected_and_every_export_parses(tmp_path):
    path = tmp_path / "in.jsonl"
    good = dict(zip(HEADER.split(","), GOOD.split(","), strict=True))
    path.write_text("\n".join(json.dumps(r) for r in [
        good, {**good, "case_id": "a\x00b"}, {**good, "case_id": "c2", "platform": "ios\x1b"},
        {**good, "case_id": "c3"}]) + "\n")
    result = load_events(path, progress=False)
    assert len(result.events) == 2
    assert [r.codes for r in result.rejected["reason"]] == [("control_character",)] * 2
    out = tmp_path / "out.xes"
    assert ecpx("export", str(path), "--xes", str(out)).returncode == 0
    assert len(ET.parse(out).getroot().findall("{http://www.xes-standard.org/}trace")) == 2
    csv_path = tmp_path / "nul.csv"
    csv_path.write_bytes(f"{HEADER}\n{GOOD}\nx\x00y,{GOOD.split(',', 1)[1]}\n".encode())
    assert load_events(csv_path, progress=False).rejected["line"].tolist() == [3]
    parquet_path = tmp_path / "nul.parquet"  # Parquet's text: categories of its dictionaries
    pd.DataFrame([good, {**good, "case_id": "a\x00b"}]).to_parquet(parquet_path)
    assert load_events(parquet_path, progress=False).rejected["line"].tolist() == [2]


def test_local_times_at_a_change_of_the_clock_say_so(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n" + "\n".join([
        "c1,2024-03-31T02:30:00,A,app_opened,ok,,android,14,CPS,field",  # skipped hour
        "c2,2024-10-27T02:30:00,A,app_opened,ok,,android,14,CPS,field",  # repeated hour
        "c3,2024-10-27T04:30:00,A,app_opened,ok,,android,14,CPS,field"]) + "\n")
    result = load_events(path, naive_timezone="Europe/Paris", progress=False)
    assert [r.codes[0] for r in result.rejected["reason"]] == ["nonexistent_local_time",
                                                               "ambiguous_local_time"]
    chosen = load_events(path, naive_timezone="Europe/Paris", progress=False,
                         ambiguous="earliest", nonexistent="shift_forward")
    assert chosen.rejected.empty
    assert sorted(chosen.events["timestamp"].astype(str)) == [
        "2024-03-31 01:00:00+00:00", "2024-10-27 00:30:00+00:00", "2024-10-27 03:30:00+00:00"]
    run = ecpx("analyze", str(path), "--timezone", "Europe/Paris", "--ambiguous", "latest",
               "--nonexistent", "shift_backward")
    assert run.returncode == 0 and "rejected" not in run.stderr.split("note:")[0]
    assert "3 timestamp(s) without a UTC offset were read in Europe/Paris" in run.stderr


def test_timestamps_without_an_offset_read_as_utc_are_noted(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n" + GOOD.replace("c1", "c2").replace("Z", "") + "\n")
    assert "1 timestamp(s) without a UTC offset were read in UTC (--timezone)" \
        in load_events(path, progress=False).notes


def test_a_path_label_is_capped(tmp_path):
    steps = 5000
    frame = pd.DataFrame({"case_id": "c1", "timestamp": pd.date_range(
        "2024-03-04", periods=steps, freq="s", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ"),
        "method": "A", "step": "app_opened", "outcome": "error", "error": "os_unsupported",
        "platform": "android", "os_version": "14", "card_type": "CPS", "source": "field"})
    path = tmp_path / "long.csv"
    frame.to_csv(path, index=False)
    run = ecpx("analyze", str(path), "--format", "json")
    paths = [v["path"] for v in json.loads(run.stdout)["variants"]]
    assert paths and all(len(p) < 40 * MAX_LABEL_STEPS for p in paths)
    assert f"({steps - MAX_LABEL_STEPS} more steps)" in paths[0]
