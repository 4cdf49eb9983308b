"""The columnar fast path reports exactly what the row-by-row reader reports, bad input too."""

from __future__ import annotations

import gzip
import json
import random
import time

import duckdb
import pandas as pd
import pyarrow as pa
import pytest
from ecpx.logs import readers
from ecpx.logs.load import LogFormatError, load_events
from ecpx.logs.validate import TIMESTAMP_DTYPE, _with_offsets, parse_times

from tests.logs.conftest import HEADER, as_csv_text, random_log

GOOD = "c1,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field"


def body(n: int = 300) -> list[str]:
    return as_csv_text(random_log(n, seed=5), seed=5).to_csv(index=False).splitlines()[1:]


def bad_inputs() -> dict[str, bytes]:
    rows = body()
    middle = len(rows) // 2

    def planted(*lines: bytes) -> bytes:
        text = [r.encode() for r in rows]
        text[middle:middle] = list(lines)
        return HEADER.encode() + b"\n" + b"\n".join(text) + b"\n"
    return {
        "bad_utf8": planted("c2,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,"
                            "field,Hélène".encode("latin-1")),
        "huge_line": planted(b"c9,2024-03-04T09:00:00Z,A,app_opened,ok,," + b"x" * 3_000_000
                             + b",14,CPS,field"),
        "wrong_field_count": planted(b"c2,2024-03-04T09:00:00Z,A"),
        "embedded_newline": planted(b'c3,2024-03-04T09:00:00Z,A,"app\nopened",ok,,android,14,'
                                    b'CPS,field'),
        "duplicate_line": planted(rows[3].encode(), rows[3].encode()),
        "blank_lines": planted(b"", b"   "),
        "crlf": (HEADER + "\r\n" + "\r\n".join(rows) + "\r\n").encode(),
        "empty": b"",
        "utf16": (HEADER + "\n" + GOOD + "\n").encode("utf-16"),
        "not_a_log": bytes(range(256)) * 20,
        "no_final_newline": (HEADER + "\n" + "\n".join(rows)).encode(),
    }


def as_json_lines(data: bytes) -> bytes:
    """The same rows as JSON objects (a short row gives a short object); lines that are not
    UTF-8 or not rows stay as they are."""
    names = HEADER.split(",")
    out = []
    for line in data.split(b"\n")[1:]:
        try:
            fields = line.decode("utf-8").rstrip("\r").split(",")
        except UnicodeDecodeError:
            out.append(line)
            continue
        out.append(json.dumps(dict(zip(names, fields, strict=False))).encode()
                   if line.strip() and len(fields) > 1 else line)
    return b"\n".join(out)


def report(path) -> tuple:
    try:
        result = load_events(path, progress=False)
    except LogFormatError as error:
        return ("error", str(error))
    rejected = result.rejected.assign(reason=result.rejected["reason"].map(str))
    return (result.events.astype("str").to_csv(), rejected.astype("str").to_csv(),
            result.notes)


@pytest.mark.parametrize("kind", sorted(bad_inputs()))
@pytest.mark.parametrize("packing", ["csv", "csv.gz", "jsonl"])
@pytest.mark.parametrize("block", [1 << 23, 2000])
def test_each_bad_input_gets_the_row_by_row_report(tmp_path, monkeypatch, kind, packing, block):
    data = bad_inputs()[kind]
    if packing == "jsonl" and kind not in ("empty", "utf16", "not_a_log"):
        data = as_json_lines(data)
    path = tmp_path / f"log.{packing}"
    path.write_bytes(gzip.compress(data) if packing.endswith(".gz") else data)
    monkeypatch.setattr(readers, "BLOCK_BYTES", block)
    fast = report(path)
    monkeypatch.setattr(readers, "COLUMNAR", False)
    slow = report(path)
    assert fast == slow


def test_planted_malformed_rows_and_figures_match_duckdb(tmp_path):
    rows = body(2000)
    rng = random.Random(8)
    planted = sorted(rng.sample(range(len(rows)), 40))
    breakers = [lambda r: r + ",extra", lambda r: r.split(",", 1)[0] + ",2024-13-45,x",
                lambda r: r.replace(",A,", ",Q,").replace(",B,", ",Q,"),
                lambda r: r.split(",", 1)[0] + ",yesterday," + r.split(",", 2)[2]]
    for i, line in enumerate(planted):
        rows[line] = breakers[i % len(breakers)](rows[line])
    path = tmp_path / "field.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    result = load_events(path, progress=False)
    assert result.rejected["line"].tolist() == [line + 2 for line in planted]
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "\n" + "\n".join(r for i, r in enumerate(rows)
                                              if i not in set(planted)) + "\n")
    expected = duckdb.sql(
        f"select method, step, count(distinct case_id) as cases from read_csv('{good}', "
        "all_varchar=true) group by all order by all").df()
    events = result.events.astype({"method": "str", "step": "str", "case_id": "str"})
    found = (events.groupby(["method", "step"])["case_id"].nunique().rename("cases")
             .reset_index().sort_values(["method", "step"], ignore_index=True))
    pd.testing.assert_frame_equal(found, expected, check_dtype=False)


@pytest.mark.parametrize("text", [
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,"",android,14,CPS,field',
    'c1,"2024-03-04T09:00:00Z",A,"app_opened",ok,,"android",14,CPS,"field"',
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,"x"y,android,14,CPS,field',
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,x"y,android,14,CPS,field',
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,"x""y",android,14,CPS,field',
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,"a,b",android,14,CPS,field',
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,"a\nb",android,14,CPS,field',
    'c1,2024-03-04T09:00:00Z,A,app_opened,ok,"unterminated,android,14,CPS,field',
])
def test_quoted_values_read_as_python_reads_them(tmp_path, monkeypatch, text):
    rows = body(50)
    path = tmp_path / "q.csv"
    path.write_text(HEADER + "\n" + "\n".join([*rows[:20], text, *rows[20:]]) + "\n")
    fast = report(path)
    monkeypatch.setattr(readers, "COLUMNAR", False)
    assert fast == report(path)


def test_a_gzipped_parquet_file_loads_through_the_bounded_stream(tmp_path):
    log = random_log(200, seed=2)
    plain = tmp_path / "log.parquet"
    log.to_parquet(plain)
    packed = tmp_path / "log.parquet.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    a, b = load_events(plain, progress=False), load_events(packed, progress=False)
    pd.testing.assert_frame_equal(a.events.astype("str"), b.events.astype("str"))


def test_blocks_converted_ahead_come_in_order_and_a_read_error_after_them():
    """Conversions finish out of order on the threads; the reader hands them on in file
    order, and an error reading item 4 is raised once items 1 to 3 are handed on."""
    def items():
        yield from (1, 2, 3)
        raise LogFormatError("f.csv", readers.Reason.of("unreadable", detail="cut"), 4)

    def convert(item: int) -> int:
        time.sleep(0.05 * (3 - item))  # the first item is the slowest
        return item * 10

    seen = []
    with pytest.raises(LogFormatError, match=r"f\.csv:4"):
        for result in readers._ahead(items(), convert):
            seen.append(result)
    assert seen == [10, 20, 30]


def test_a_dictionary_that_repeats_a_value_reads_as_one_category():
    """A hostile Parquet file may give a dictionary holding a value twice: one category."""
    repeated = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 0, None], pa.int32()),
                                              pa.array(["c1", "c2", "c1"]))
    values = readers.arrow_categorical(pa.chunked_array([repeated]))
    assert list(values.categories) == ["c1", "c2"]
    assert values.astype("str").tolist()[:4] == ["c1", "c2", "c1", "c1"]
    assert pd.isna(values[4])


@pytest.mark.parametrize("text", [
    "2024-06-18 07:30:22.242174+00", "2024-06-18T07:30:00Z", "2024-06-18T07:30:00.5+02:00",
    "2024-06-18T07:30:00+0200", "2024-06-18T07Z", "2024-06-18T07:30:00-00:30",
    "2024-06-18T07:30:00.123456789Z", "2024-02-30T00:00:00Z", "2024-06-18T24:00:00Z",
    "20240618T073000Z", "2024-06-18t07:30:00z", "2024-06-18T07:30:00+25:00",
    "2024-6-8T07:30:00Z", " 2024-06-18T07:30:00Z", "2024-06-18T07:30:00", "yesterday"])
def test_times_read_by_arrow_are_those_pandas_reads(text):
    """Arrow's ISO 8601 parser takes a column only when every value has its offset; where
    it does, it reads what pandas reads; anything else goes to pandas, which explains."""
    values = pd.Series([text, "2024-06-18T07:30:00Z"], dtype="str")
    expected = pd.to_datetime(values.str.strip(), utc=True, format="ISO8601",
                              errors="coerce").astype(TIMESTAMP_DTYPE)
    fast = _with_offsets(values)
    if fast is not None:
        pd.testing.assert_series_equal(fast, expected)
    parsed = parse_times(values).values
    assert parsed.isna().tolist() == expected.isna().tolist()
    assert parsed.dropna().tolist() == expected.dropna().tolist()
