"""The docs/scale.md job on a dask.distributed LocalCluster of two workers,
then a DuckDB query over its Parquet output."""

import pytest

import xxgknb

distributed = pytest.importorskip("dask.distributed")
duckdb = pytest.importorskip("duckdb")


def test_local_cluster_parses_and_writes_parquet(tmp_path, mixed):
    from xxgknb import dask_job

    out = tmp_path / "cells"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        n = dask_job.run(mixed * 2, str(out), chunk=3)
    df = xxgknb.cells(mixed)
    assert n == 2 * len(df)
    con = duckdb.connect()
    rows = con.execute(f"""
        select agency_key, year, sum(count_value) as applications
        from read_parquet('{out}/*/*.parquet', hive_partitioning = true)
        where table_key = 'applications' and row_key = 'new_received' and column_key = 'total'
          and canonical
        group by agency_key, year order by agency_key, year""").fetchall()
    assert rows
    want = df[(df.table_key == "applications") & (df.row_key == "new_received")
              & (df.column_key == "total") & df.canonical]
    assert sum(r[2] or 0 for r in rows) == 2 * int(want["count_value"].sum())
