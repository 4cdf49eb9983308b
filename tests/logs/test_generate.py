"""The synthetic log: made by the simulators, reproducible, realistic in shape."""

from __future__ import annotations

import pandas as pd
import pytest
from ecpx.activation.events import COLUMNS
from ecpx.cli import main
from ecpx.logs.generate import generate_chunks, generate_events, simulate_chunk
from ecpx.logs.load import load_events
from ecpx.logs.report import analyse
from ecpx.texts import ERROR_STEP, STEPS


@pytest.fixture(scope="module")
def log() -> pd.DataFrame:
    return generate_events(4000, seed=42)


def test_the_log_is_valid_journal_data(log, tmp_path):
    path = tmp_path / "synthetic.csv"
    from ecpx.logs.export import write_csv
    write_csv(log, path)
    result = load_events(path, progress=False)
    assert result.rejected.empty and len(result.events) == len(log)
    assert list(log.columns) == list(COLUMNS)
    assert set(log["source"]) == {"synthetic"}
    assert log["case_id"].nunique() == 4000


def test_only_steps_and_errors_of_the_simulators(log):
    for method, group in log.groupby("method", observed=True):
        assert set(group["step"]) <= set(STEPS[method])
    errors = log[log["outcome"] == "error"]
    assert (errors["step"].astype("str") == errors["error"].astype("str").map(ERROR_STEP)).all()


def test_same_seed_same_log_whatever_the_workers():
    one = pd.concat(generate_chunks(900, seed=5, jobs=1), ignore_index=True)
    two = pd.concat(generate_chunks(900, seed=5, jobs=2), ignore_index=True)
    pd.testing.assert_frame_equal(one, two)
    other = simulate_chunk(6, 0, 900)
    assert not other["case_id"].isin(one["case_id"]).any()


def test_realistic_shape(log):
    report = analyse(log)
    activation = report.activation.set_index("method")
    for method in "AB":
        assert 0.5 < activation.loc[method, "activation_rate"] < 0.9
        assert 120 < activation.loc[method, "median_s"] < 900  # minutes, not hours or ms
    funnel = report.funnel
    for _method, steps in funnel.groupby("method"):
        assert steps["cases"].is_monotonic_decreasing
    errors = set(report.error_totals["error"])
    assert {"pin_wrong", "qr_expired", "card_not_detected", "password_ascending",
            "password_mismatch", "identifier_format", "details_outdated",
            "card_type_not_eligible", "email_not_received", "os_unsupported"} <= errors
    assert 0.9 < report.conformance["share"].min() <= 1


def test_daily_and_weekly_rhythms(log):
    starts = analyse(log).cases["start"].dt.tz_convert("Europe/Paris")
    weekend = starts.dt.day_of_week >= 5
    assert weekend.mean() < 0.12  # 2 days out of 7 would be 0.29
    office = starts.dt.hour.between(8, 18)
    assert office.mean() > 0.8


def test_card_type_and_platform_shape_the_errors(log):
    cases = analyse(log).cases
    blocked = cases["errors"].astype("uint64") & (1 << list(ERROR_STEP).index("page_blocked"))
    by_card = (blocked > 0).groupby(cases["card_type"].isin(["CPE", "CPA", "CDE"])).mean()
    assert by_card[True] > 2 * by_card[False]
    b_cases = cases[cases["method"] == "B"]
    assert (b_cases["card_type"] != "CPS").mean() < 0.05


def test_cli_generate_writes_parquet_that_analyses(tmp_path, capsys):
    out = tmp_path / "synthetic.parquet"
    assert main(["logs", "generate", "--cases", "500", "--seed", "1", "--out", str(out),
                 "--jobs", "1", "--quiet"]) == 0
    assert "events of 500 cases written" in capsys.readouterr().err
    assert main(["logs", "analyze", str(out), "--format", "json", "--quiet"]) == 0
    assert '"cases": 500' in capsys.readouterr().out
