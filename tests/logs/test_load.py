"""Loading: every bad input is reported with its file, line, column and reason; no row is lost."""

from __future__ import annotations

import gzip
import io
import random

import pandas as pd
import pytest
from ecpx.activation.events import COLUMNS
from ecpx.logs.load import LogFormatError, load_events, write_rejected

from tests.logs.conftest import HEADER, as_csv_text, random_log

GOOD = "c1,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field"


def write(tmp_path, text: str | bytes, name: str = "log.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def lines(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def test_a_hand_written_log_loads_in_utc_grouped_by_case_and_time(hand_written):
    result = load_events(hand_written, progress=False)
    assert result.rejected.empty
    assert len(result.events) == 51
    events = result.events
    assert list(events.columns) == list(COLUMNS)
    assert str(events["timestamp"].dt.tz) == "UTC"
    h1 = events[events["case_id"] == "h1"]
    assert h1["timestamp"].iloc[0] == pd.Timestamp("2024-03-04T09:00:00Z")  # was +01:00
    for _, case in events.groupby("case_id", observed=True):
        assert case["timestamp"].is_monotonic_increasing
    assert any("sorted by time" in note for note in result.notes)


def test_missing_column_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "case_id,timestamp,method\nc1,2024-03-04T09:00:00Z,A\n")
    with pytest.raises(LogFormatError) as error:
        load_events(path, progress=False)
    assert error.value.line == 1
    assert str(error.value).startswith(f"{path}:1: missing column 'step'")


def test_bad_timestamp_is_rejected_with_line_and_reason(tmp_path):
    path = write(tmp_path, lines(GOOD, "c1,04/03/2024 09:01,A,cgu_accepted,ok,,android,14,CPS,"
                                       "field"))
    result = load_events(path, progress=False)
    assert len(result.events) == 1
    row = result.rejected.iloc[0]
    assert (row["line"], row["column"]) == (3, "timestamp")
    assert "bad timestamp '04/03/2024 09:01'" in str(row["reason"])


def test_unknown_step_is_rejected(tmp_path):
    path = write(tmp_path, lines(GOOD, "c1,2024-03-04T09:01:00Z,A,request_sent,ok,,android,14,"
                                       "CPS,field", "c1,2024-03-04T09:02:00Z,A,dance,ok,,"
                                       "android,14,CPS,field"))
    result = load_events(path, progress=False)
    assert result.rejected["line"].tolist() == [3, 4]
    assert result.rejected["reason"].map(str).tolist() == [
        "unknown step 'request_sent' for method A", "unknown step 'dance' for method A"]


def test_an_empty_file_is_an_error(tmp_path):
    with pytest.raises(LogFormatError, match="empty"):
        load_events(write(tmp_path, b""), progress=False)
    with pytest.raises(LogFormatError, match="empty"):
        load_events(write(tmp_path, b"", "log.jsonl"), progress=False)


def test_a_header_alone_loads_no_event(tmp_path):
    result = load_events(write(tmp_path, HEADER + "\n"), progress=False)
    assert result.events.empty and result.rejected.empty


def test_a_line_that_is_not_utf8_is_rejected_and_the_rest_loads(tmp_path):
    latin = ("c2,2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field,"
             "Hélène").encode("latin-1")
    data = (HEADER + "\n" + GOOD + "\n").encode() + latin + b"\n"
    result = load_events(write(tmp_path, data), progress=False)
    assert len(result.events) == 1
    row = result.rejected.iloc[0]
    assert row["line"] == 3
    assert "not valid UTF-8 (byte 0xe9" in str(row["reason"])


def test_a_utf16_file_is_refused_with_a_hint(tmp_path):
    path = write(tmp_path, lines(GOOD).encode("utf-16"))
    with pytest.raises(LogFormatError, match="UTF-16; save it as UTF-8"):
        load_events(path, progress=False)


def test_duplicated_events_keep_the_first_and_reject_the_others(tmp_path):
    second = "c1,2024-03-04T09:01:00Z,A,cgu_accepted,ok,,android,14,CPS,field"
    path = write(tmp_path, lines(GOOD, second, GOOD, second, second))
    result = load_events(path, progress=False)
    assert len(result.events) == 2
    assert result.rejected["line"].tolist() == [4, 5, 6]
    assert result.rejected["reason"].map(str).tolist() == [
        "duplicate of line 2", "duplicate of line 3", "duplicate of line 3"]


def test_unsorted_events_load_in_case_and_time_order(tmp_path, medium_log):
    text = as_csv_text(medium_log)
    sorted_text = text.sort_values(["case_id"], kind="stable")
    a = load_events(write(tmp_path, text.to_csv(index=False), "shuffled.csv"), progress=False)
    b = load_events(write(tmp_path, sorted_text.to_csv(index=False), "grouped.csv"),
                    progress=False)
    assert a.rejected.empty and b.rejected.empty
    key = ["case_id", "timestamp", "step", "outcome", "error"]
    left = a.events.astype({"case_id": "str"})[key].sort_values(key, ignore_index=True)
    right = b.events.astype({"case_id": "str"})[key].sort_values(key, ignore_index=True)
    pd.testing.assert_frame_equal(left, right, check_categorical=False)
    assert a.events.groupby("case_id", observed=True)["timestamp"] \
        .apply(lambda t: t.is_monotonic_increasing).all()


def test_a_huge_line_is_rejected_without_reading_it_whole(tmp_path):
    huge = "c9,2024-03-04T09:00:00Z,A,app_opened,ok,," + "x" * 5_000_000 + ",14,CPS,field"
    path = write(tmp_path, lines(GOOD, huge, "c1,2024-03-04T09:01:00Z,A,cgu_accepted,ok,,"
                                             "android,14,CPS,field"))
    result = load_events(path, progress=False)
    assert len(result.events) == 2
    row = result.rejected.iloc[0]
    assert row["line"] == 3 and "bytes long" in str(row["reason"])
    assert len(row["raw"]) < 200


def test_wrong_field_count_and_bad_values_are_each_reported(tmp_path):
    path = write(tmp_path, lines(GOOD, "c2,2024-03-04T09:00:00Z,A",
                                 "c3,2024-03-04T09:00:00Z,C,app_opened,ok,,android,14,CPS,field",
                                 ",2024-03-04T09:00:00Z,A,app_opened,ok,,android,14,CPS,field",
                                 "c5,2024-03-04T09:00:00Z,A,app_opened,ok,,windows,x,CPZ,lab",
                                 "c6,2024-03-04T09:00:00Z,A,portal_login,error,,android,14,CPS,"
                                 "field",
                                 "c7,2024-03-04T09:00:00Z,A,portal_login,error,qr_expired,"
                                 "android,14,CPS,field"))
    reasons = load_events(path, progress=False).rejected.set_index("line")
    assert str(reasons.loc[3, "reason"]) == "expected 10 fields, found 3"
    assert str(reasons.loc[4, "reason"]) == "unknown method 'C' (expected A or B)"
    assert reasons.loc[5, "column"] == "case_id"
    assert reasons.loc[6, "column"] == "platform, os_version, card_type, source"
    assert str(reasons.loc[7, "reason"]) == "outcome is 'error' but no error code"
    assert str(reasons.loc[8, "reason"]) == ("error 'qr_expired' is recorded at step 'qr_scanned', "
                                        "not 'portal_login'")


def test_one_percent_malformed_rows_are_each_reported_and_no_valid_row_is_lost(tmp_path):
    log = as_csv_text(random_log(2000, seed=3), seed=3)
    text = log.to_csv(index=False).splitlines()
    rng = random.Random(11)
    corrupt = sorted(rng.sample(range(1, len(text)), len(text) // 100))
    breakers = [lambda r: r.replace(",A,", ",Z,").replace(",B,", ",Z,"),
                lambda r: r.split(",", 2)[0] + ",yesterday," + r.split(",", 2)[2],
                lambda r: r + ",extra",
                lambda r: r.replace(",ok,", ",maybe,").replace(",error,", ",maybe,")]
    for i, line in enumerate(corrupt):
        text[line] = breakers[i % len(breakers)](text[line])
    path = write(tmp_path, "\n".join(text) + "\n")
    result = load_events(path, progress=False)
    assert result.rejected["line"].tolist() == [line + 1 for line in corrupt]
    assert result.rejected["reason"].map(str).str.len().gt(0).all()
    assert len(result.events) == len(log) - len(corrupt)
    kept = set(zip(result.events["case_id"].astype("str"), result.events["step"].astype("str"),
                   result.events["timestamp"], strict=True))
    valid = log.drop(index=[line - 1 for line in corrupt])
    expected = set(zip(valid["case_id"], valid["step"],
                       pd.to_datetime(valid["timestamp"], utc=True, format="ISO8601"),
                       strict=True))
    assert kept == expected
    written = write_rejected(result)
    assert written.name == "log.csv.rejected.csv"
    table = pd.read_csv(written, keep_default_na=False)
    assert {"file", "line", "column", "reason"} <= set(table.columns)
    assert len(table) == len(corrupt)


@pytest.mark.parametrize("kind", ["jsonl", "parquet", "csv.gz", "bytes"])
def test_other_formats_give_the_same_events(tmp_path, kind, medium_log):
    reference = load_events(write(tmp_path, as_csv_text(medium_log).to_csv(index=False)),
                            progress=False).events
    if kind == "jsonl":
        source = write(tmp_path, as_csv_text(medium_log).to_json(orient="records", lines=True),
                       "log.jsonl")
    elif kind == "parquet":
        source = tmp_path / "log.parquet"
        medium_log.to_parquet(source)
    elif kind == "csv.gz":
        source = write(tmp_path, gzip.compress(as_csv_text(medium_log).to_csv(index=False)
                                               .encode()), "log.csv.gz")
    else:
        source = as_csv_text(medium_log).to_csv(index=False).encode()
    result = load_events(source, name="upload.csv" if kind == "bytes" else None,
                         progress=False)
    assert result.rejected.empty
    pd.testing.assert_frame_equal(result.events.astype("str"), reference.astype("str"))


def test_small_chunks_give_the_same_result(tmp_path, medium_log):
    path = write(tmp_path, as_csv_text(medium_log).to_csv(index=False))
    whole = load_events(path, progress=False)
    chunked = load_events(path, chunk_rows=97, progress=False)
    pd.testing.assert_frame_equal(whole.events.astype("str"), chunked.events.astype("str"))


def test_pm4py_column_names_and_activity_labels_are_understood(tmp_path):
    text = ("case:concept:name,concept:name,time:timestamp,case:method,org:resource\n"
            "k1,app_opened,2024-03-04T09:00:00Z,A,someone\n"
            "k1,pin_wrong,2024-03-04T09:01:00Z,A,someone\n")
    result = load_events(write(tmp_path, text), progress=False)
    assert result.rejected.empty
    assert result.events[["step", "outcome", "error"]].astype("str").values.tolist() == [
        ["app_opened", "ok", ""], ["portal_login", "error", "pin_wrong"]]
    assert result.ignored_columns == ["org:resource"]
    assert set(result.events["source"]) == {"field"}


def test_a_user_mapping_renames_foreign_columns(tmp_path):
    text = "attempt;when;route;what\nk1;2024-03-04T09:00:00Z;b;app_opened\n"
    result = load_events(write(tmp_path, text), progress=False,
                         columns={"attempt": "case_id", "when": "timestamp", "route": "method",
                                  "what": "step"})
    assert result.rejected.empty
    assert result.events["method"].tolist() == ["B"]


def test_naive_timestamps_are_read_in_the_given_time_zone(tmp_path):
    path = write(tmp_path, lines("c1,2024-07-01T10:00:00,A,app_opened,ok,,android,14,CPS,field",
                                 "c1,2024-03-31T02:30:00,A,cgu_accepted,ok,,android,14,CPS,"
                                 "field"))
    result = load_events(path, naive_timezone="Europe/Paris", progress=False)
    assert result.events["timestamp"].tolist() == [pd.Timestamp("2024-07-01T08:00:00Z")]
    assert "local time '2024-03-31T02:30:00' does not exist in Europe/Paris" \
        in str(result.rejected["reason"].iloc[0])


def test_a_case_cannot_change_method(tmp_path):
    path = write(tmp_path, lines(GOOD, "c1,2024-03-04T09:01:00Z,B,cgu_accepted,ok,,android,14,"
                                       "CPS,field"))
    result = load_events(path, progress=False)
    assert result.rejected["reason"].map(str).tolist() == ["case started with method A, this event "
                                                  "says B"]


def test_json_lines_problems_are_reported_per_line(tmp_path):
    good = ('{"case_id": "c1", "timestamp": "2024-03-04T09:00:00Z", "method": "A", '
            '"step": "app_opened"}')
    text = "\n".join([good, "{not json", "[1, 2]", '{"case_id": "c2", "method": "A", '
                      '"step": "app_opened"}']) + "\n"
    result = load_events(write(tmp_path, text, "log.jsonl"), progress=False)
    assert len(result.events) == 1
    reasons = result.rejected.set_index("line")["reason"].map(str)
    assert reasons[2].startswith("not valid JSON")
    assert reasons[3] == "not a JSON object"
    assert reasons[4].startswith("bad timestamp ''")


def test_uploaded_bytes_in_a_buffer(medium_log):
    buffer = io.BytesIO(as_csv_text(medium_log).to_csv(index=False).encode())
    result = load_events(buffer, name="classe.csv", progress=False)
    assert result.file == "classe.csv" and len(result.events) == len(medium_log)
