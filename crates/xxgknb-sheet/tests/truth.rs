//! End to end on every fixture that has a truth file: the adapter's
//! document, recognised and validated by `xxgknb_core::analyse`, must give
//! the truth's tables (every cell; blank and 0 are told apart where the
//! truth has a number), the meta the title rows carry, every expected
//! finding and none of the forbidden ones.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use xxgknb_core::model::Source;
use xxgknb_core::{analyse, Adapter, Limits};
use xxgknb_sheet::SheetAdapter;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sheet")
}

/// Leaf values of a JSON object keyed by dotted path.
fn leaves(v: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                leaves(x, &p, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, k| cur.get(k))
}

fn same_number(got: Option<&Value>, want: &Value) -> bool {
    match (got.and_then(Value::as_f64), want.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => got.is_none_or(Value::is_null) && want.is_null(),
        _ => false,
    }
}

/// Every difference between the analysis of `doc_path` and its truth.
fn differences(doc_path: &Path) -> Vec<String> {
    let truth_path = PathBuf::from(format!("{}.truth.json", doc_path.display()));
    let truth: Value = serde_json::from_str(&std::fs::read_to_string(&truth_path).expect("truth"))
        .expect("truth json");
    let bytes = std::fs::read(doc_path).expect("fixture");
    let ext = doc_path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let sniff = SheetAdapter.sniff(&bytes, ext.as_deref()).expect("claimed");
    let doc = SheetAdapter.read(&bytes, &Limits::default()).expect("read");
    let report = analyse(
        &doc,
        Source {
            path: doc_path.display().to_string(),
            format: sniff.format.to_string(),
            sha256: String::new(),
        },
    );
    let out = serde_json::to_value(&report).expect("report json");
    let skip: Vec<&str> = truth["uncertain"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut diffs = Vec::new();

    let mut cells = Vec::new();
    leaves(&truth["tables"], "tables", &mut cells);
    for (path, want) in cells {
        if skip
            .iter()
            .any(|s| path.strip_prefix("tables.") == Some(*s))
        {
            continue;
        }
        let got = lookup(&out, &path);
        if !same_number(got, &want) {
            diffs.push(format!("{path}: want {want}, got {got:?}"));
        }
    }

    let tm = &truth["meta"];
    let om = &out["meta"];
    if tm["year"] != om["year"] {
        diffs.push(format!(
            "meta.year: want {}, got {}",
            tm["year"], om["year"]
        ));
    }
    if let Some(key) = tm["agency_key"].as_str() {
        if !om["agency"].as_str().is_some_and(|a| a.contains(key)) {
            diffs.push(format!("meta.agency: want ~{key}, got {}", om["agency"]));
        }
    }
    for k in ["published", "format_edition", "doc_number", "period"] {
        if tm.get(k).is_some() && tm[k] != om[k] {
            diffs.push(format!("meta.{k}: want {}, got {}", tm[k], om[k]));
        }
    }

    let rules: Vec<&str> = out["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default();
    for want in truth["expected_findings"].as_array().into_iter().flatten() {
        let w = want.as_str().unwrap_or_default();
        if !rules.contains(&w) {
            diffs.push(format!(
                "finding {w}: expected, not reported (got {rules:?})"
            ));
        }
    }
    for forbidden in truth["forbidden_findings"].as_array().into_iter().flatten() {
        let f = forbidden.as_str().unwrap_or_default();
        if rules.contains(&f) {
            diffs.push(format!("finding {f}: reported, forbidden"));
        }
    }
    diffs
}

fn check(name: &str) {
    let diffs = differences(&fixtures().join(name));
    assert!(diffs.is_empty(), "{name}:\n  {}", diffs.join("\n  "));
}

#[test]
fn xlsx_000_three_sheets_nonstandard_labels_blank_cells() {
    check("000_b0de168757f90498.xlsx");
}

#[test]
fn xlsx_001_edition_2019() {
    check("001_898da3b058eb999e.xlsx");
}

#[test]
fn xlsx_002_three_sheets_blank_cells() {
    check("002_c70a77332f90186d.xlsx");
}

#[test]
fn xlsx_003_stacked_tables_on_one_sheet() {
    check("003_378100d4189c1d99.xlsx");
}

#[test]
fn xls_003_libreoffice_conversion() {
    check("003_378100d4189c1d99.xls");
}

#[test]
fn xlsx_004_stacked_single_row_other_handling() {
    check("004_669b05754e9fb909.xlsx");
}

#[test]
fn xlsx_100_thousands_number_format() {
    check("100_f996102965cf2f4d.xlsx");
}

#[test]
fn xlsx_101_stacked_tables_zero_cells() {
    check("101_ff9983418608c110.xlsx");
}

#[test]
fn xlsx_102_stacked_blank_cells() {
    check("102_5f88a9945c202723.xlsx");
}

#[test]
fn xlsx_103_dash_blanks_variant_character() {
    check("103_8215b758da788e12.xlsx");
}

#[test]
fn every_fixture_with_truth_has_a_test() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".truth.json").map(str::to_string))
        .collect();
    names.sort();
    let source = include_str!("truth.rs");
    for n in names {
        assert!(
            source.contains(&format!("check(\"{n}\")")),
            "no truth test for {n}"
        );
    }
}
