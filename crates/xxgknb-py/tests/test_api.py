"""xxgknb's Python API: parse, check, cells, errors, limits, threads."""

import concurrent.futures
import pathlib

import pandas as pd
import pytest

import xxgknb


def test_version():
    assert xxgknb.__version__.count(".") == 2


def test_parse_path_pathlike_and_bytes_agree(seed):
    by_str = xxgknb.parse(str(seed))
    by_path = xxgknb.parse(seed)
    by_bytes = xxgknb.parse(seed.read_bytes(), name=str(seed))
    assert by_str["tables"]["applications"]["total_processed"]["total"] == 9
    assert by_str == by_path
    assert by_bytes["tables"] == by_str["tables"]
    assert by_bytes["source"]["path"] == str(seed)
    assert set(by_str) >= {"source", "meta", "sections", "tables", "findings"}
    assert by_str["source"]["sha256"] and by_str["meta"]["year"]


def test_format_forces_the_adapter(seed):
    r = xxgknb.parse(seed.read_bytes(), format="txt")
    assert r["source"]["format"] == "txt"
    assert r["source"]["path"] == "<bytes>.txt"


def test_check_lists_findings(seed):
    findings = xxgknb.check(seed)
    assert isinstance(findings, list)
    assert findings == xxgknb.parse(seed)["findings"]
    for f in findings:
        assert {"rule", "severity", "message", "location"} <= set(f)


def test_read_error_names_the_file_and_the_cause(tmp_path):
    missing = tmp_path / "nowhere.pdf"
    with pytest.raises(xxgknb.ReadError) as e:
        xxgknb.parse(missing)
    assert e.value.path == str(missing)
    assert e.value.cause
    assert str(missing) in str(e.value)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01 not a report")
    with pytest.raises(xxgknb.ReadError):
        xxgknb.parse(junk)


def test_limits_are_keyword_arguments(seed):
    with pytest.raises(xxgknb.ReadError) as e:
        xxgknb.parse(seed, max_file_bytes=10)
    assert "10" in e.value.cause
    with pytest.raises(TypeError):
        xxgknb.parse(seed, no_such_limit=1)
    assert xxgknb.parse(seed, timeout=30, max_pages=50)["meta"]["year"]


def test_threads_give_the_same_results(mixed):
    want = [xxgknb.parse(p) for p in mixed]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        got = list(pool.map(xxgknb.parse, mixed * 3))
    assert got == want * 3


def test_cells_dataframe_has_proper_dtypes(mixed):
    df = xxgknb.cells(mixed, jobs=2)
    assert list(df.columns) == xxgknb.CELL_COLUMNS
    assert len(df) > 100
    assert str(df["count_value"].dtype) == "Int64"
    assert str(df["year"].dtype) == "Int64"
    assert df["amount_wan_yuan"].dtype == "float64"
    assert df["canonical"].dtype == bool
    assert isinstance(df["table_key"].dtype, pd.CategoricalDtype)
    counts = df[df["value_kind"] == "count"]
    assert counts["amount_wan_yuan"].isna().all()
    amounts = df[df["value_kind"] == "amount"]
    assert amounts["count_value"].isna().all()
    # a blank cell is <NA>, never 0
    assert counts["count_value"].isna().any()
    # every report once per agency-year is canonical; the 003 report is
    # here as HTML and PDF: one agency-year, two reports, one canonical
    per = df.drop_duplicates("report_id")
    assert len(per) == len(mixed)
    dup = per[per["agency_year_reports"] > 1]
    assert len(dup) == 2 and dup["canonical"].sum() == 1
    # the source position of a cell
    assert df["src_line"].notna().any() or df["src_cell"].notna().any()


def test_cells_match_parse(seed):
    df = xxgknb.cells([seed])
    r = xxgknb.parse(seed)
    row = df[(df.table_key == "applications") & (df.row_key == "total_processed")
             & (df.column_key == "total")]
    assert int(row["count_value"].iloc[0]) == r["tables"]["applications"]["total_processed"]["total"]
    assert row["report_id"].iloc[0] == r["source"]["sha256"]


def test_cells_errors_raise_or_skip(seed, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK not a zip")
    with pytest.raises(xxgknb.ReadError) as e:
        xxgknb.cells([seed, bad])
    assert e.value.path == str(bad)
    df = xxgknb.cells([seed, bad], errors="skip")
    assert df.attrs["unreadable"][0][0] == str(bad)
    assert df["source_file"].nunique() == 1


def test_column_names_need_no_quoting_in_duckdb(mixed):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    reserved = {r[0] for r in con.execute(
        "select keyword_name from duckdb_keywords() where keyword_category = 'reserved'").fetchall()}
    assert not reserved & set(xxgknb.CELL_COLUMNS)
    con.register("cells", xxgknb.cells(mixed))
    n = con.execute("select count(*) from cells where table_key = 'applications'"
                    " and row_key = 'new_received'").fetchall()[0][0]
    assert n > 0
