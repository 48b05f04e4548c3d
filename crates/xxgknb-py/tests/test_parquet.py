"""`xxgknb export --format parquet` read directly by DuckDB and pandas."""

import pytest

import xxgknb

duckdb = pytest.importorskip("duckdb")


def test_duckdb_reads_the_partitioned_datasets(parquet_dir, mixed):
    con = duckdb.connect()
    cells = f"read_parquet('{parquet_dir}/cells/*/*.parquet', hive_partitioning = true)"
    types = dict((r[0], r[1]) for r in con.execute(f"describe select * from {cells}").fetchall())
    assert types["count_value"] == "BIGINT"
    assert types["amount_wan_yuan"] == "DECIMAL(18,6)"
    assert types["canonical"] == "BOOLEAN"
    assert types["year"] == "BIGINT"
    # the same cells as the Python API gives
    df = xxgknb.cells(mixed)
    n, total = con.execute(f"select count(*), sum(count_value) from {cells}").fetchall()[0]
    assert n == len(df)
    assert total == int(df["count_value"].sum())
    # partitioned by year: one folder per year, the year column agrees
    years = sorted(p.name for p in (parquet_dir / "cells").iterdir())
    assert years == sorted(f"year={y}" for y in df["year"].dropna().unique())
    # reports: every report once, with its paths; findings present
    reports = f"read_parquet('{parquet_dir}/reports/*/*.parquet')"
    rows = con.execute(f"select report_id, copies, len(all_paths) from {reports}").fetchall()
    assert len(rows) == len(mixed) and all(c == k == 1 for _, c, k in rows)
    findings = f"read_parquet('{parquet_dir}/findings/*/*.parquet')"
    assert con.execute(f"select count(*) from {findings}").fetchall()[0][0] > 0
    # one canonical report per agency-year
    dup = con.execute(f"""select agency_key, year, count(*), sum(canonical::int) from {reports}
                          group by all having count(*) > 1""").fetchall()
    assert dup and all(c == 1 for *_, c in dup)


def test_pandas_reads_it(parquet_dir):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    df = pd.read_parquet(parquet_dir / "cells")
    assert {"report_id", "count_value", "amount_wan_yuan", "year"} <= set(df.columns)
    assert len(df) > 100
