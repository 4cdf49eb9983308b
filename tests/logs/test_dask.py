"""The same analyses on a Dask DataFrame partitioned by case give identical results."""

from __future__ import annotations

import pandas as pd
import pytest
from dask.distributed import Client, LocalCluster
from ecpx.logs.load import load_events
from ecpx.logs.report import analyse, partition_by_case

from tests.logs.conftest import as_csv_text

TABLES = ("funnel", "activation", "step_durations", "errors", "error_totals", "variants",
          "conformance", "deviations", "daily_trend")


@pytest.fixture(scope="module")
def client():
    with LocalCluster(processes=False, n_workers=1, threads_per_worker=2,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def test_dask_partitions_give_identical_results(client, medium_log, tmp_path):
    path = tmp_path / "log.csv"
    as_csv_text(medium_log).to_csv(path, index=False)
    events = load_events(path, progress=False).events
    distributed = partition_by_case(events, npartitions=7)
    assert distributed.npartitions == 7

    local, remote = analyse(events), analyse(distributed)

    assert remote.events == local.events
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(remote, name).astype("str"),
                                      getattr(local, name).astype("str"), obj=name)
    pd.testing.assert_frame_equal(remote.breakdown("platform", "os_version").astype("str"),
                                  local.breakdown("platform", "os_version").astype("str"))
    assert remote.to_dict() == local.to_dict()
