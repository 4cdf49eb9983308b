"""Analyses checked against cases worked by hand and against DuckDB SQL."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest
from ecpx.logs.analysis import (
    activation,
    conformance,
    daily_trend,
    deviations,
    error_totals,
    errors,
    funnel,
    step_durations,
    variants,
)
from ecpx.logs.cases import case_table, variant_labels
from ecpx.logs.load import load_events
from ecpx.logs.report import analyse

from tests.logs.conftest import as_csv_text


@pytest.fixture
def hand(hand_written):
    events = load_events(hand_written, progress=False).events
    return events, case_table(events), variant_labels(events)


def test_funnel_worked_by_hand(hand):
    table = funnel(hand[1]).set_index(["method", "step"])["cases"]
    assert table["A"].tolist() == [4, 4, 4, 3, 2, 2, 2, 2, 2]
    assert table["B"].tolist() == [3, 3, 2, 2, 2, 2, 2, 2]
    full = funnel(hand[1]).set_index(["method", "step"])
    assert full.loc[("A", "activation_started"), "conversion"] == pytest.approx(3 / 4)
    assert full.loc[("A", "qr_scanned"), "drop_off"] == 1


def test_time_to_activate_worked_by_hand(hand):
    table = activation(hand[1]).set_index("method")
    assert table.loc["A", ["cases", "activated"]].tolist() == [4, 2]
    assert table.loc["A", "median_s"] == 330  # h1 260 s, h7 400 s
    assert table.loc["A", "p90_s"] == pytest.approx(386)
    assert table.loc["B", "median_s"] == 425  # h3 250 s, h6 600 s
    assert table.loc["B", "p90_s"] == pytest.approx(565)


def test_step_durations_worked_by_hand(hand):
    table = step_durations(hand[1]).set_index(["method", "step"])
    assert table.loc[("A", "cgu_accepted"), "cases"] == 4  # 20, 30, 30, 40 s
    assert table.loc[("A", "cgu_accepted"), "median_s"] == 30
    assert table.loc[("B", "sms_code_entered"), "median_s"] == pytest.approx((30 + 120) / 2)


def test_errors_worked_by_hand(hand):
    totals = error_totals(hand[1]).set_index("error")["cases"].to_dict()
    assert totals == {"details_outdated": 1, "password_ascending": 1, "pin_wrong": 1,
                      "qr_expired": 1, "sms_code_wrong": 1}  # h2's two qr_expired: one case
    ranked = errors(hand[1])
    assert ranked[ranked["method"] == "A"]["error"].tolist() == [
        "pin_wrong", "qr_expired", "password_ascending"]  # in the procedure's order
    assert "message" not in ranked  # codes only: the screens word them


def test_breakdowns_and_daily_trend_worked_by_hand(hand):
    by_platform = activation(hand[1], ("platform",)).set_index(["method", "platform"])
    assert by_platform.loc[("A", "android"), ["cases", "activated"]].tolist() == [2, 1]
    assert by_platform.loc[("A", "macos"), "median_s"] == 400
    by_card = activation(hand[1], ("card_type",)).set_index(["method", "card_type"])
    assert by_card.loc[("A", "CPE"), "activated"] == 0
    trend = daily_trend(hand[1])
    trend["day"] = trend["day"].dt.strftime("%Y-%m-%d")
    assert trend.values.tolist() == [["2024-03-04", "A", 1, 1], ["2024-03-05", "A", 1, 0],
                                     ["2024-03-05", "B", 2, 1], ["2024-03-06", "A", 2, 1],
                                     ["2024-03-06", "B", 1, 1]]


def test_conformance_and_deviation_worked_by_hand(hand):
    table = conformance(hand[1]).set_index("method")
    assert table.loc["A", ["cases", "conforming"]].tolist() == [4, 3]
    assert table.loc["B", "share"] == 1
    assert deviations(hand[1]).values.tolist() == [["A", 3, "activation_started", "app_opened",
                                                    1]]


def test_variants_worked_by_hand(hand):
    table = variants(hand[1], hand[2])
    assert len(table) == 7 and table["cases"].eq(1).all()
    h2 = table[table["label"].str.contains("qr_expired")]
    assert h2["label"].item() == ("app_opened → cgu_accepted → portal_login → "
                                  "activation_started → qr_expired → qr_expired")


# --- against DuckDB, on a larger log with every kind of path -----------------------------

@pytest.fixture(scope="module")
def medium(medium_log, tmp_path_factory):
    path = tmp_path_factory.mktemp("medium") / "log.csv"
    as_csv_text(medium_log).to_csv(path, index=False)
    events = load_events(path, progress=False).events
    con = duckdb.connect()
    sql_events = events.astype({c: "str" for c in events.columns if c != "timestamp"})
    sql_events["seq"] = np.arange(len(sql_events))  # the loader's order breaks time ties
    con.register("events", sql_events)
    return events, case_table(events), variant_labels(events), con


def test_funnel_matches_duckdb(medium):
    _, cases, _, con = medium
    sql = con.sql("""select method, step, count(distinct case_id) as cases from events
                     where outcome = 'ok' group by all""").df()
    ours = funnel(cases)
    merged = ours.merge(sql, on=["method", "step"], how="left", suffixes=("", "_sql"))
    assert (merged["cases"] == merged["cases_sql"].fillna(0)).all()


def test_time_to_activate_matches_duckdb(medium):
    _, cases, _, con = medium
    sql = con.sql("""
        with per_case as (
            select case_id, any_value(method) as method, min(timestamp) as start,
                   min(timestamp) filter (where step = 'activated' and outcome = 'ok') as done
            from events group by case_id)
        select method, count(*) as cases, count(done) as activated,
               quantile_cont(epoch(done) - epoch(start), 0.5) as median_s,
               quantile_cont(epoch(done) - epoch(start), 0.9) as p90_s
        from per_case group by method order by method""").df()
    ours = activation(cases)
    pd.testing.assert_frame_equal(ours[["method", "cases", "activated"]],
                                  sql[["method", "cases", "activated"]], check_dtype=False)
    assert np.allclose(ours[["median_s", "p90_s"]], sql[["median_s", "p90_s"]])


def test_errors_match_duckdb(medium):
    _, cases, _, con = medium
    sql = con.sql("""select error, count(distinct case_id) as cases from events
                     where outcome = 'error' group by error""").df()
    ours = error_totals(cases)
    assert dict(zip(ours["error"], ours["cases"], strict=True)) == \
        dict(zip(sql["error"], sql["cases"], strict=True))


def test_daily_trend_matches_duckdb(medium):
    _, cases, _, con = medium
    sql = con.sql("""
        with per_case as (
            select case_id, any_value(method) as method, min(timestamp) as start,
                   bool_or(step = 'activated' and outcome = 'ok') as done
            from events group by case_id)
        select strftime(start at time zone 'UTC', '%Y-%m-%d') as day, method,
               count(*) as cases, count(*) filter (where done) as activated
        from per_case group by all order by day, method""").df()
    ours = daily_trend(cases)
    ours["day"] = ours["day"].dt.strftime("%Y-%m-%d")
    assert ours.values.tolist() == sql.values.tolist()


def test_variants_match_duckdb(medium):
    _, cases, labels, con = medium
    sql = con.sql("""
        with paths as (
            select case_id, any_value(method) as method,
                   string_agg(case when outcome = 'ok' then step else error end,
                              ' → ' order by timestamp, seq) as label
            from events group by case_id)
        select method, label, count(*) as cases from paths group by all""").df()
    ours = variants(cases, labels)
    assert len(ours) == len(sql) > 100
    assert dict(zip(zip(ours["method"], ours["label"], strict=True), ours["cases"], strict=True)) \
        == dict(zip(zip(sql["method"], sql["label"], strict=True), sql["cases"], strict=True))


def test_step_durations_match_duckdb(medium):
    _, cases, _, con = medium
    sql = con.sql("""
        with firsts as (
            select case_id, method, step, min(timestamp) as t from events
            where outcome = 'ok' group by all)
        select b.method, b.step, count(*) as cases,
               quantile_cont(epoch(b.t) - epoch(a.t), 0.5) as median_s
        from firsts a join firsts b on a.case_id = b.case_id
        join (select unnest(['app_opened', 'cgu_accepted', 'portal_login',
                             'activation_started', 'qr_scanned', 'pairing_code_entered',
                             'password_created', 'password_confirmed', 'activated']) as s,
                     unnest(range(9)) as k) pa on b.method = 'A' and pa.s = b.step
        join (select unnest(['app_opened', 'cgu_accepted', 'portal_login',
                             'activation_started', 'qr_scanned', 'pairing_code_entered',
                             'password_created', 'password_confirmed', 'activated']) as s,
                     unnest(range(9)) as k) pb on pb.k = pa.k - 1 and pb.s = a.step
        group by all""").df()
    ours = step_durations(cases)
    ours = ours[ours["method"] == "A"].merge(sql, on=["method", "step"], suffixes=("", "_sql"))
    assert len(ours) == 8
    assert (ours["cases"] == ours["cases_sql"]).all()
    assert np.allclose(ours["median_s"], ours["median_s_sql"])


def test_report_json_has_the_promised_keys(medium):
    events = medium[0]
    data = analyse(events).to_dict()
    assert {"events", "cases", "rejected", "funnel", "activated", "time_to_activate_s",
            "errors"} <= set(data)
    assert set(data["funnel"]) == {"A", "B"}
    assert set(data["funnel"]["A"][0]) == {"step", "cases"}
    assert set(data["time_to_activate_s"]["B"]) == {"median", "p90"}
    assert data["events"] == len(events)


def _events(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """A one-case method A log from (time, step, outcome, error) rows."""
    frame = pd.DataFrame(rows, columns=["timestamp", "step", "outcome", "error"])
    frame["timestamp"] = pd.to_datetime("2024-03-04T09:00:00Z") + pd.to_timedelta(
        frame["timestamp"].astype(int), unit="s")
    for column, value in (("case_id", "k"), ("method", "A"), ("platform", "ios"),
                          ("os_version", "17"), ("card_type", "CPS"), ("source", "field")):
        frame[column] = value
    return frame.astype({c: "category" for c in frame.columns if c != "timestamp"})


def test_a_retry_the_procedure_asks_for_is_not_a_deviation():
    start = [("0", "app_opened", "ok", ""), ("1", "cgu_accepted", "ok", ""),
             ("2", "portal_login", "ok", ""), ("3", "activation_started", "ok", ""),
             ("4", "qr_scanned", "ok", ""), ("5", "pairing_code_entered", "ok", ""),
             ("6", "password_created", "ok", "")]
    mismatch = [*start, ("7", "password_confirmed", "error", "password_mismatch"),
                ("8", "password_created", "ok", ""),
                ("9", "password_confirmed", "ok", ""), ("9", "activated", "ok", "")]
    assert case_table(_events(mismatch))["deviation"].tolist() == [-1]
    redone = [*start, ("7", "password_created", "ok", "")]
    cases = case_table(_events(redone))
    assert cases["deviation"].tolist() == [7]
    assert cases["deviation_step"].astype(str).tolist() == ["password_created"]
    skipped = [("0", "app_opened", "ok", ""), ("1", "portal_login", "ok", "")]
    assert case_table(_events(skipped))["deviation"].tolist() == [1]
