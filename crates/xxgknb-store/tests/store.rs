//! Store behaviour over a batch: idempotent re-ingest, replacement of
//! changed files, interrupted batches, cross-year rules and export.
//!
//! The parse step here reads MODEL.md objects built from the fixtures'
//! truth files, so these tests exercise the store alone; the CLI tests run
//! the real parser over the same fixtures.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use xxgknb_store::export::ExportOptions;
use xxgknb_store::{export, ingest, Filter, Options, Store, StoreError};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/batch")
}

/// A MODEL.md object from a truth file: its meta and tables, and its
/// expected single-report findings.
fn model_from_truth(name: &str) -> Value {
    let text = std::fs::read_to_string(fixtures().join(name)).expect("fixture");
    let truth: Value = serde_json::from_str(&text).expect("truth json");
    let findings: Vec<Value> = truth["expected_findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| json!({"rule": r, "severity": severity(r.as_str().unwrap_or("")), "message": "m", "location": {}}))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "source": {"path": name, "format": "txt"},
        "meta": truth["meta"],
        "sections": [{"number": 1, "title": "总体情况", "text": "……"}],
        "tables": truth["tables"],
        "findings": findings,
    })
}

fn severity(rule: &str) -> &'static str {
    match rule {
        "SECTION_MISSING"
        | "PERIOD_NOT_FULL_YEAR"
        | "RULES_NOT_AUTHORIZED"
        | "TEXT_TABLE_MISMATCH" => "warning",
        "OUTDATED_FORMAT" | "NONSTANDARD_LABEL" => "info",
        _ => "error",
    }
}

const TRUTHS: &[&str] = &[
    "000_b0de168757f90498.txt.truth.json",
    "001_898da3b058eb999e.txt.truth.json",
    "003_378100d4189c1d99.txt.truth.json",
    "100_f996102965cf2f4d.layout.txt.truth.json",
    "101_ff9983418608c110.layout.txt.truth.json",
    "102_5f88a9945c202723.layout.txt.truth.json",
];

/// Write the models into a fresh folder as `NNN.json`.
fn batch_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for t in TRUTHS {
        let model = model_from_truth(t);
        let name = format!("{}.json", &t[..3]);
        std::fs::write(
            dir.path().join(name),
            serde_json::to_vec_pretty(&model).expect("json"),
        )
        .expect("write");
    }
    dir
}

fn parse(_: &Path, bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not a report: {e}"))
}

fn run(store: &mut Store, dir: &Path, opts: &Options) -> Result<ingest::Summary, StoreError> {
    let files = ingest::collect_files(&[dir.to_path_buf()], &|_| true)?;
    ingest::ingest(store, &files, &parse, opts, &mut |_| {})
}

fn opts(jobs: usize) -> Options {
    Options {
        jobs,
        tool_version: "test".into(),
        ..Options::default()
    }
}

/// Every row of every table, sorted, as text: equal dumps mean equal stores.
fn dump(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let mut out = Vec::new();
    for (table, cols) in [
        (
            "reports",
            "id, path, format, agency, agency_key, year, edition, status, error, report_json",
        ),
        // child rows name their report by id: row numbers depend on write order
        (
            "cells c",
            "(SELECT id FROM reports WHERE num = c.report), tbl, row, col, quote(value), source",
        ),
        (
            "findings f",
            "(SELECT id FROM reports WHERE num = f.report), seq, rule, severity, message, location, \
             cross_year, (SELECT id FROM reports WHERE num = f.related)",
        ),
        (
            "sections s",
            "(SELECT id FROM reports WHERE num = s.report), seq, number, title, text",
        ),
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT {cols} FROM {table}"))
            .expect("prepare");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = format!("{table}:");
                for i in 0..n {
                    let v: rusqlite_value::V = r.get(i)?;
                    s.push_str(&format!("{}|", v.0));
                }
                Ok(s)
            })
            .expect("query");
        for row in rows {
            out.push(row.expect("row"));
        }
    }
    out.sort();
    out
}

mod rusqlite_value {
    /// Any SQLite value as text.
    pub struct V(pub String);
    impl rusqlite::types::FromSql for V {
        fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
            use rusqlite::types::ValueRef as R;
            Ok(V(match v {
                R::Null => "NULL".into(),
                R::Integer(i) => i.to_string(),
                R::Real(f) => f.to_string(),
                R::Text(t) => String::from_utf8_lossy(t).into_owned(),
                R::Blob(b) => format!("{b:?}"),
            }))
        }
    }
}

fn cross_rules(store: &Store, path_end: &str) -> Vec<String> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT f.rule FROM findings f JOIN reports r ON r.num = f.report
             WHERE f.cross_year = 1 AND r.path LIKE '%' || ?1 ORDER BY f.rule",
        )
        .expect("prepare");
    let rows = stmt
        .query_map([path_end], |r| r.get::<_, String>(0))
        .expect("query");
    rows.map(|r| r.expect("row")).collect()
}

#[test]
fn ingest_twice_gives_the_same_rows() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    let first = run(&mut store, dir.path(), &opts(2)).expect("ingest");
    assert_eq!(first.files, TRUTHS.len());
    assert_eq!(first.ok + first.with_errors, TRUTHS.len());
    let before = dump(&store);
    assert!(before.iter().any(|l| l.starts_with("cells c:")));
    let second = run(&mut store, dir.path(), &opts(1)).expect("ingest again");
    assert_eq!(second.unchanged, TRUTHS.len());
    assert_eq!(second.ok + second.with_errors + second.unreadable, 0);
    assert_eq!(dump(&store), before);
}

#[test]
fn parallel_and_serial_ingest_agree() {
    let dir = batch_dir();
    let mut a = Store::open_in_memory().expect("store");
    let mut b = Store::open_in_memory().expect("store");
    run(&mut a, dir.path(), &opts(1)).expect("ingest");
    run(&mut b, dir.path(), &opts(3)).expect("ingest");
    assert_eq!(dump(&a), dump(&b));
}

#[test]
fn changed_file_replaces_its_rows() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(1)).expect("ingest");
    let before = store.counts().expect("counts");

    let file = dir.path().join("101.json");
    let mut model: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("json");
    model["tables"]["active"]["penalty"]["decisions"] = json!(1567);
    std::fs::write(&file, serde_json::to_vec(&model).expect("json")).expect("write");

    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    assert_eq!(s.replaced, 1);
    assert_eq!(s.unchanged, TRUTHS.len() - 1);
    let after = store.counts().expect("counts");
    assert_eq!(after.ok + after.errors, before.ok + before.errors);
    assert_eq!(after.cells, before.cells);
    let v: i64 = store
        .connection()
        .query_row(
            "SELECT c.value FROM cells c JOIN reports r ON r.num = c.report
             WHERE r.path LIKE '%101.json' AND c.tbl = 'active' AND c.row = 'penalty'",
            [],
            |r| r.get(0),
        )
        .expect("cell");
    assert_eq!(v, 1567);
}

#[test]
fn a_file_changed_into_a_copy_of_another_drops_its_old_rows() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(1)).expect("ingest");
    std::fs::copy(dir.path().join("100.json"), dir.path().join("101.json")).expect("copy");
    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    assert_eq!(s.unchanged, TRUTHS.len());
    assert_eq!(s.replaced, 1);
    let c = store.counts().expect("counts");
    assert_eq!(c.ok + c.errors, TRUTHS.len() as u64 - 1);
    let n: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM reports WHERE path LIKE '%101.json'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 0);
}

#[test]
fn interrupted_ingest_is_consistent_and_a_rerun_completes_it() {
    let dir = batch_dir();
    let mut whole = Store::open_in_memory().expect("store");
    run(&mut whole, dir.path(), &opts(1)).expect("ingest");

    let db = tempfile::tempdir().expect("tempdir");
    let path = db.path().join("x.sqlite");
    {
        let mut store = Store::open(&path).expect("store");
        let stop = Options {
            stop_after: Some(2),
            ..opts(2)
        };
        let err = run(&mut store, dir.path(), &stop).expect_err("stopped");
        assert!(
            matches!(err, StoreError::Interrupted { written: 2 }),
            "{err}"
        );
    }
    {
        // reopened: exactly the two finished reports, each complete
        let store = Store::open(&path).expect("reopen");
        let c = store.counts().expect("counts");
        assert_eq!(c.ok + c.errors + c.unreadable, 2);
        let orphans: i64 = store
            .connection()
            .query_row(
                "SELECT count(*) FROM cells WHERE report NOT IN (SELECT num FROM reports)",
                [],
                |r| r.get(0),
            )
            .expect("query");
        assert_eq!(orphans, 0);
        for r in store.reports(&Filter::default()).expect("reports") {
            let json = store.report_json(&r.id).expect("json").expect("parsed");
            let model = model_from_truth(
                TRUTHS
                    .iter()
                    .find(|t| r.path.ends_with(&format!("{}.json", &t[..3])))
                    .expect("known file"),
            );
            assert_eq!(json["tables"], model["tables"]);
            let cells = store.cells(&r.id).expect("cells");
            assert!(!cells.is_empty());
        }
        assert!(store.cross_year_stale().expect("flag"));
    }
    let mut store = Store::open(&path).expect("reopen");
    let s = run(&mut store, dir.path(), &opts(2)).expect("rerun");
    assert_eq!(s.unchanged, 2);
    assert_eq!(s.ok + s.with_errors, TRUTHS.len() - 2);
    assert_eq!(dump(&store), dump(&whole));
    assert!(!store.cross_year_stale().expect("flag"));
}

#[test]
fn unreadable_files_are_recorded_and_the_batch_goes_on() {
    let dir = batch_dir();
    std::fs::write(dir.path().join("bad.json"), b"\x00\x01 not a report").expect("write");
    let mut store = Store::open_in_memory().expect("store");
    let s = run(&mut store, dir.path(), &opts(2)).expect("ingest");
    assert_eq!(s.unreadable, 1);
    assert_eq!(s.ok + s.with_errors, TRUTHS.len());
    let (status, error): (String, String) = store
        .connection()
        .query_row(
            "SELECT status, error FROM reports WHERE path LIKE '%bad.json'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert_eq!(status, "unreadable");
    assert!(error.contains("not a report"), "{error}");
    // unchanged on a rerun: not parsed again
    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    assert_eq!(s.unchanged, TRUTHS.len() + 1);
}

#[test]
fn a_parser_panic_is_an_unreadable_file() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    let files = ingest::collect_files(&[dir.path().to_path_buf()], &|_| true).expect("files");
    let panicky = |p: &Path, b: &[u8]| -> Result<Value, String> {
        if p.ends_with("100.json") {
            panic!("boom");
        }
        parse(p, b)
    };
    let s = ingest::ingest(&mut store, &files, &panicky, &opts(2), &mut |_| {}).expect("ingest");
    assert_eq!(s.unreadable, 1);
    assert_eq!(s.ok + s.with_errors, TRUTHS.len() - 1);
}

#[test]
fn cross_year_rules_fire_on_a_broken_pair() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    // 102 (2023) against 101 (2022), 化隆: carried_over 3/1/4 vs carried_forward 1/0/1,
    // normative documents 35 + 3 − 3 ≠ 39
    let rules = cross_rules(&store, "102.json");
    assert!(rules.contains(&"CARRY_MISMATCH".to_string()), "{rules:?}");
    assert!(rules.contains(&"IN_FORCE_CHAIN".to_string()), "{rules:?}");
    assert_eq!(
        rules.iter().filter(|r| *r == "CARRY_MISMATCH").count(),
        3,
        "natural_person, commercial and total differ: {rules:?}"
    );
    // findings belong to the later year only; nothing else pairs up
    assert_eq!(s.cross_year_findings, rules.len());
    assert!(cross_rules(&store, "101.json").is_empty());
    let msg: String = store
        .connection()
        .query_row(
            "SELECT message FROM findings WHERE rule = 'IN_FORCE_CHAIN'",
            [],
            |r| r.get(0),
        )
        .expect("finding");
    assert!(msg.contains("35") && msg.contains("39"), "{msg}");
}

#[test]
fn cross_year_rules_stay_silent_on_a_consistent_pair() {
    // a 2021 report of 化隆 built to agree with 101 (2022): its carried_forward
    // is 101's carried_over and its in_force chains into 101's
    let dir = tempfile::tempdir().expect("tempdir");
    let later = model_from_truth("101_ff9983418608c110.layout.txt.truth.json");
    let mut earlier = later.clone();
    earlier["meta"]["year"] = json!(2021);
    earlier["meta"]["agency"] = json!("海东市化隆县");
    earlier["tables"]["applications"]["carried_forward"] =
        later["tables"]["applications"]["carried_over"].clone();
    for row in ["rules", "normative_documents"] {
        let a = &later["tables"]["active"][row];
        let v = a["in_force"].as_i64().unwrap_or(0) - a["issued"].as_i64().unwrap_or(0)
            + a["repealed"].as_i64().unwrap_or(0);
        earlier["tables"]["active"][row]["in_force"] = json!(v);
    }
    std::fs::write(dir.path().join("2021.json"), earlier.to_string()).expect("write");
    std::fs::write(dir.path().join("2022.json"), later.to_string()).expect("write");
    let mut store = Store::open_in_memory().expect("store");
    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    assert_eq!(s.cross_year_findings, 0);

    // and the same pair with the chain broken does fire: the test can fail
    earlier["tables"]["active"]["normative_documents"]["in_force"] = json!(1);
    std::fs::write(dir.path().join("2021.json"), earlier.to_string()).expect("write");
    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    assert_eq!(s.cross_year_findings, 1);
    assert_eq!(cross_rules(&store, "2022.json"), ["IN_FORCE_CHAIN"]);
}

#[test]
fn one_agency_in_several_formats_gives_one_finding_per_cell() {
    let dir = batch_dir();
    // the 2022 report twice (another rendering of the same figures)
    let mut copy = model_from_truth("101_ff9983418608c110.layout.txt.truth.json");
    copy["source"]["format"] = json!("docx");
    std::fs::write(dir.path().join("101-docx.json"), copy.to_string()).expect("write");
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(2)).expect("ingest");
    let rules = cross_rules(&store, "102.json");
    assert_eq!(rules.iter().filter(|r| *r == "IN_FORCE_CHAIN").count(), 1);
    assert_eq!(rules.iter().filter(|r| *r == "CARRY_MISMATCH").count(), 3);
}

#[test]
fn jsonl_export_round_trips() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(2)).expect("ingest");
    let mut out = Vec::new();
    let n = export::jsonl(&store, &ExportOptions::default(), &mut out).expect("export");
    assert_eq!(n, TRUTHS.len());
    let text = String::from_utf8(out).expect("utf8");
    for line in text.lines() {
        let got: Value = serde_json::from_str(line).expect("json line");
        let path = got["source"]["path"].as_str().expect("path");
        let stem = Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("stem");
        let truth = TRUTHS.iter().find(|t| t.starts_with(stem)).expect("truth");
        let want = model_from_truth(truth);
        assert_eq!(got["meta"], want["meta"]);
        assert_eq!(got["tables"], want["tables"]);
        assert_eq!(got["sections"], want["sections"]);
        assert!(path.ends_with(".json") && path.contains(stem));
        let n_own = want["findings"].as_array().map_or(0, Vec::len);
        let findings = got["findings"].as_array().expect("findings");
        assert_eq!(
            &findings[..n_own],
            want["findings"].as_array().expect("findings").as_slice()
        );
        let cross: Vec<&str> = findings[n_own..]
            .iter()
            .filter_map(|f| f["rule"].as_str())
            .collect();
        if stem == "102" {
            assert!(cross.contains(&"CARRY_MISMATCH") && cross.contains(&"IN_FORCE_CHAIN"));
        } else {
            assert!(cross.is_empty(), "{stem}: {cross:?}");
        }
    }
    // stable order: a second export is byte-identical
    let mut again = Vec::new();
    export::jsonl(&store, &ExportOptions::default(), &mut again).expect("export");
    assert_eq!(String::from_utf8(again).expect("utf8"), text);
}

/// Parse a CSV line (quoted fields allowed) for the round-trip checks.
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn tidy_csv_round_trips_the_tables() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(2)).expect("ingest");
    let mut out = Vec::new();
    export::tidy_csv(&store, &ExportOptions::default(), &mut out).expect("export");
    let text = String::from_utf8(out).expect("utf8");
    let mut lines = text.lines();
    assert_eq!(
        csv_fields(lines.next().expect("header")),
        export::TIDY_HEADER
    );
    // rebuild each report's tables from the CSV and compare with the input
    let mut rebuilt: std::collections::BTreeMap<String, Value> = Default::default();
    for line in lines {
        let f = csv_fields(line);
        assert_eq!(f.len(), export::TIDY_HEADER.len(), "{line}");
        let col = |name: &str| {
            let i = export::TIDY_HEADER
                .iter()
                .position(|h| *h == name)
                .expect(name);
            f[i].clone()
        };
        let text = col("count_value") + &col("amount_wan_yuan");
        let value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).expect("number")
        };
        if col("value_kind") == "count" {
            assert!(!text.contains('.'), "a count is an integer: {line}");
        }
        assert_eq!(col("report_id").len(), 64, "{line}");
        let t = rebuilt
            .entry(col("source_file"))
            .or_insert_with(|| json!({}));
        t[&col("table_key")][&col("row_key")][&col("column_key")] = value;
    }
    assert_eq!(rebuilt.len(), TRUTHS.len());
    for (path, tables) in rebuilt {
        let stem = Path::new(&path)
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("stem")
            .to_string();
        let truth = TRUTHS.iter().find(|t| t.starts_with(&stem)).expect("truth");
        let mut want = model_from_truth(truth)["tables"].clone();
        // absent tables have no lines
        if let Value::Object(m) = &mut want {
            m.retain(|_, v| !v.is_null());
        }
        assert_eq!(tables, want, "{path}");
    }
}

#[test]
fn filters_and_wide_csv() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(2)).expect("ingest");
    let filter = Filter {
        agencies: vec![xxgknb_core::agency::normalise("海东市化隆回族自治县")],
        year_from: Some(2023),
        year_to: None,
    };
    let picked = store.reports(&filter).expect("reports");
    assert_eq!(picked.len(), 1);
    assert!(picked[0].path.ends_with("102.json"));

    let out = tempfile::tempdir().expect("tempdir");
    let files = export::wide_csv(&store, &ExportOptions::default(), out.path()).expect("wide");
    assert_eq!(files.len(), 3);
    let apps = std::fs::read_to_string(out.path().join("applications.csv")).expect("csv");
    let mut lines = apps.lines();
    let header = csv_fields(lines.next().expect("header"));
    assert_eq!(&header[..3], ["report_id", "agency", "agency_key"]);
    let file = header
        .iter()
        .position(|h| h == "source_file")
        .expect("source_file");
    let col = header
        .iter()
        .position(|h| h == "carried_over__total")
        .expect("carried_over__total column");
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    assert_eq!(rows.len(), TRUTHS.len());
    let r102 = rows
        .iter()
        .find(|r| r[file].ends_with("102.json"))
        .expect("102");
    assert_eq!(r102[col], "4");
    assert!(rows.iter().all(|r| r.len() == header.len()));
}

#[cfg(unix)]
#[test]
fn a_broken_entry_in_a_folder_is_recorded_not_fatal() {
    let dir = batch_dir();
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.json"),
        dir.path().join("dangling.json"),
    )
    .expect("symlink");
    let mut store = Store::open_in_memory().expect("store");
    let s = run(&mut store, dir.path(), &opts(2)).expect("ingest");
    assert_eq!(s.unreadable, 1);
    assert_eq!(s.ok + s.with_errors, TRUTHS.len());
    let (id, error): (String, String) = store
        .connection()
        .query_row(
            "SELECT id, error FROM reports WHERE status = 'unreadable'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("row");
    assert!(
        id.starts_with("unread:") && id.ends_with("dangling.json"),
        "{id}"
    );
    assert!(error.starts_with("cannot read"), "{error}");
}

#[test]
fn oversized_files_are_not_read() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    let small = Options {
        max_file_bytes: 10,
        ..opts(1)
    };
    let s = run(&mut store, dir.path(), &small).expect("ingest");
    assert_eq!(s.unreadable, TRUTHS.len());
    let c = store.counts().expect("counts");
    assert_eq!((c.unreadable, c.cells), (TRUTHS.len() as u64, 0));
}

#[test]
fn a_newer_schema_is_refused() {
    let db = tempfile::tempdir().expect("tempdir");
    let path = db.path().join("x.sqlite");
    drop(Store::open(&path).expect("create"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    conn.pragma_update(None, "user_version", 99).expect("bump");
    drop(conn);
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::SchemaTooNew { found: 99, .. })
    ));
}

#[test]
fn the_same_bytes_at_a_second_path_record_that_path_too() {
    let dir = batch_dir();
    std::fs::copy(dir.path().join("100.json"), dir.path().join("copy.json")).expect("copy");
    let mut store = Store::open_in_memory().expect("store");
    let s = run(&mut store, dir.path(), &opts(2)).expect("ingest");
    assert_eq!(s.unchanged, 1);
    let c = store.counts().expect("counts");
    assert_eq!(
        c.ok + c.errors,
        TRUTHS.len() as u64,
        "one report, two paths"
    );
    // with two jobs either path may be the one the report was first
    // recorded under
    let id: String = store
        .connection()
        .query_row(
            "SELECT id FROM reports WHERE path LIKE '%100.json' OR path LIKE '%copy.json'",
            [],
            |r| r.get(0),
        )
        .expect("id");
    let paths = store.paths(&id).expect("paths");
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("copy.json")));
    // the first path disappears: the report stays, under its other path
    std::fs::remove_file(dir.path().join("100.json")).expect("rm");
    let o = Options {
        prune: vec![dir.path().to_path_buf()],
        ..opts(1)
    };
    let s = run(&mut store, dir.path(), &o).expect("ingest");
    assert_eq!(s.pruned, 1);
    let paths = store.paths(&id).expect("paths");
    assert_eq!(paths.len(), 1);
    let path: String = store
        .connection()
        .query_row("SELECT path FROM reports WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .expect("path");
    assert!(path.ends_with("copy.json"), "{path}");
}

#[test]
fn prune_removes_reports_whose_files_are_gone_and_only_under_the_inputs() {
    let dir = batch_dir();
    let other = batch_dir();
    std::fs::remove_file(other.path().join("000.json")).expect("rm");
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(1)).expect("ingest");
    // the other folder's files are the same bytes: only paths are added
    run(&mut store, other.path(), &opts(1)).expect("ingest");
    std::fs::remove_file(dir.path().join("101.json")).expect("rm");
    // without --prune a gone file stays
    let s = run(&mut store, dir.path(), &opts(1)).expect("ingest");
    assert_eq!(s.pruned, 0);
    let o = Options {
        prune: vec![dir.path().to_path_buf()],
        ..opts(1)
    };
    let s = run(&mut store, dir.path(), &o).expect("ingest");
    assert_eq!(s.pruned, 1);
    // 101 is still stored: the other folder holds a copy
    let c = store.counts().expect("counts");
    assert_eq!(c.ok + c.errors, TRUTHS.len() as u64);
    // and when the copy goes too, the report goes
    std::fs::remove_file(other.path().join("101.json")).expect("rm");
    let o = Options {
        prune: vec![other.path().to_path_buf()],
        ..opts(1)
    };
    let s = run(&mut store, other.path(), &o).expect("ingest");
    assert_eq!(s.pruned, 1);
    let c = store.counts().expect("counts");
    assert_eq!(c.ok + c.errors, TRUTHS.len() as u64 - 1);
    let n: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_paths p WHERE p.report = r.num)", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0, "no report without a path");
}

#[test]
fn duplicates_of_one_agency_year_are_flagged_and_one_is_canonical() {
    let dir = batch_dir();
    // the same report as another file: a PDF reading with fewer cells
    let mut model: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("101.json")).expect("read"))
            .expect("json");
    model["source"]["format"] = json!("pdf");
    model["tables"]["active"] = Value::Null;
    std::fs::write(
        dir.path().join("101-pdf.json"),
        serde_json::to_vec(&model).expect("json"),
    )
    .expect("write");
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(1)).expect("ingest");
    let all = export::select(&store, &ExportOptions::default()).expect("select");
    assert_eq!(all.len(), TRUTHS.len() + 1);
    let dup: Vec<_> = all.iter().filter(|s| s.agency_year_reports == 2).collect();
    assert_eq!(dup.len(), 2);
    let canon: Vec<_> = dup.iter().filter(|s| s.canonical).collect();
    assert_eq!(canon.len(), 1);
    assert!(
        canon[0].report.path.ends_with("101.json"),
        "more cells wins"
    );
    assert_eq!(dup[0].canonical_id, dup[1].canonical_id);
    let only = ExportOptions {
        canonical_only: true,
        ..ExportOptions::default()
    };
    let kept = export::select(&store, &only).expect("select");
    assert_eq!(kept.len(), TRUTHS.len());
    assert!(kept.iter().all(|s| s.canonical));
    // the reports CSV says so too
    let mut out = Vec::new();
    export::reports_csv(&store, &ExportOptions::default(), &mut out).expect("csv");
    let text = String::from_utf8(out).expect("utf8");
    assert_eq!(text.lines().count(), TRUTHS.len() + 2);
    assert_eq!(
        csv_fields(text.lines().next().expect("header")),
        export::REPORTS_HEADER
    );
}

#[test]
fn excel_csv_starts_with_a_bom() {
    let dir = batch_dir();
    let mut store = Store::open_in_memory().expect("store");
    run(&mut store, dir.path(), &opts(1)).expect("ingest");
    let excel = ExportOptions {
        excel: true,
        ..ExportOptions::default()
    };
    let mut out = Vec::new();
    export::tidy_csv(&store, &excel, &mut out).expect("csv");
    assert!(out.starts_with("\u{feff}report_id,".as_bytes()));
    assert!(String::from_utf8(out).expect("utf8").contains("\r\n"));
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_stored_without_loss_and_reopen() {
    use std::os::unix::ffi::OsStrExt;
    let dir = batch_dir();
    let model = std::fs::read(dir.path().join("000.json")).expect("read");
    // two GBK names that print alike (both lossy as `��.json`)
    let names: [&[u8]; 2] = [b"\xb1\xa8.json", b"\xb1\xa9.json"];
    let sub = tempfile::tempdir().expect("tempdir");
    for n in names {
        std::fs::write(sub.path().join(std::ffi::OsStr::from_bytes(n)), &model).expect("write");
    }
    let db = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&db.path().join("s.sqlite")).expect("open");
    run(&mut store, sub.path(), &opts(1)).expect("ingest");
    let conn = store.connection();
    let mut stmt = conn.prepare("SELECT path FROM report_paths").expect("sql");
    let stored: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(stored.len(), 2, "{stored:?}");
    for n in names {
        let want = sub.path().join(std::ffi::OsStr::from_bytes(n));
        let key = xxgknb_store::escaped_path(&want).expect("escaped");
        assert!(stored.contains(&key), "{key} not in {stored:?}");
        assert_eq!(xxgknb_store::stored_path(&key), want);
        assert!(xxgknb_store::stored_path(&key).exists());
    }
}
