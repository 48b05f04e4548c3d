#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly
//! One test per corpus DOCX in `fixtures/docx/`: read it with the adapter,
//! run the recogniser and validator (`xxgknb_core::analyse`), and compare
//! with the file's `.truth.json`: every table cell (a blank cell must stay
//! null, never 0; paths in `uncertain` are not compared), the meta fields,
//! and the expected / forbidden finding rule ids.

use serde_json::Value;
use std::path::PathBuf;
use xxgknb_core::{Adapter, Limits, Source};
use xxgknb_docx::DocxAdapter;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/docx")
        .join(name)
}

/// Leaf paths (`a.b.c`) of a JSON object.
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
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, k| cur.get(k))
}

/// Same value: both null, or numerically equal.
fn same(got: Option<&Value>, want: &Value) -> bool {
    match (got.unwrap_or(&Value::Null), want) {
        (Value::Null, Value::Null) => true,
        (g, w) => match (g.as_f64(), w.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-6,
            _ => false,
        },
    }
}

fn check(name: &str) {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    let truth: Value = serde_json::from_slice(
        &std::fs::read(fixture(&format!("{name}.truth.json"))).expect("truth"),
    )
    .expect("truth json");

    let sniff = DocxAdapter.sniff(&bytes, Some("docx")).expect("claimed");
    assert_eq!(sniff.format, "docx");
    let doc = DocxAdapter.read(&bytes, &Limits::default()).expect("reads");
    let report = xxgknb_core::analyse(
        &doc,
        Source {
            path: name.to_string(),
            format: "docx".into(),
            sha256: String::new(),
        },
    );
    let out = serde_json::to_value(&report).expect("report serialises");

    let mut miss = Vec::new();
    let uncertain: Vec<&str> = truth["uncertain"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut cells = Vec::new();
    leaves(&truth["tables"], "", &mut cells);
    assert!(cells.len() > 50, "truth has the three tables");
    for (path, want) in &cells {
        if uncertain.contains(&path.as_str()) {
            continue;
        }
        let got = lookup(&out["tables"], path);
        if !same(got, want) {
            miss.push(format!("tables.{path}: want {want} got {got:?}"));
        }
    }

    let tm = &truth["meta"];
    let om = &out["meta"];
    if let Some(y) = tm.get("year") {
        if om.get("year") != Some(y) {
            miss.push(format!("meta.year: want {y} got {:?}", om.get("year")));
        }
    }
    if let Some(key) = tm["agency_key"].as_str() {
        let agency = om["agency"].as_str().unwrap_or_default();
        if !agency.contains(key) {
            miss.push(format!("meta.agency: want …{key}… got {agency}"));
        }
    }
    for k in ["published", "format_edition", "doc_number"] {
        if let Some(want) = tm.get(k) {
            let got = om.get(k).unwrap_or(&Value::Null);
            let ok = match want {
                Value::Null => got.is_null() || got.as_str() == Some(""),
                w => got == w,
            };
            if !ok {
                miss.push(format!("meta.{k}: want {want} got {got}"));
            }
        }
    }
    if tm["period"].is_object() && om["period"] != tm["period"] {
        miss.push(format!(
            "meta.period: want {} got {}",
            tm["period"], om["period"]
        ));
    }

    let rules: Vec<&str> = out["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default();
    for want in truth["expected_findings"].as_array().into_iter().flatten() {
        let want = want.as_str().unwrap_or_default();
        if !rules.contains(&want) {
            miss.push(format!("finding {want}: expected, not reported"));
        }
    }
    for bad in truth["forbidden_findings"].as_array().into_iter().flatten() {
        let bad = bad.as_str().unwrap_or_default();
        if rules.contains(&bad) {
            miss.push(format!("finding {bad}: reported, not expected"));
        }
    }
    assert!(miss.is_empty(), "{name}:\n{}", miss.join("\n"));
}

macro_rules! corpus {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*
    };
}

corpus! {
    c000_hzt_2022_edition_2019_labels => "000_b0de168757f90498.docx",
    c001_hzx_2020_edition_2019 => "001_898da3b058eb999e.docx",
    c002_hzt_2025 => "002_c70a77332f90186d.docx",
    c003_mh_2023_blanks_zero => "003_378100d4189c1d99.docx",
    c004_gc_2022_not_full_year => "004_669b05754e9fb909.docx",
    c100_hd_2023_tbl_header_thousands => "100_f996102965cf2f4d.docx",
    c101_hl_2022 => "101_ff9983418608c110.docx",
    c102_hl_2023_text_table_mismatch => "102_5f88a9945c202723.docx",
    c103_cb_2024_fullwidth_digits => "103_8215b758da788e12.docx",
    lo_100_from_html_word_paste => "libreoffice/100_f996102965cf2f4d.from-html.docx",
    lo_102_from_html_nbsp => "libreoffice/102_5f88a9945c202723.from-html.docx",
    lo_003_resaved => "libreoffice/003_378100d4189c1d99.resaved.docx",
}

/// The comparison itself must be able to fail: a tampered document (one
/// applications cell changed) is caught.
#[test]
fn a_changed_cell_is_detected() {
    let name = "100_f996102965cf2f4d.docx";
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    let mut doc = DocxAdapter.read(&bytes, &Limits::default()).expect("reads");
    let mut changed = false;
    for b in &mut doc.blocks {
        if let xxgknb_core::Block::Table(t) = b {
            for c in t.rows.iter_mut().flatten() {
                if c.text == "608" {
                    c.text = "609".into();
                    changed = true;
                }
            }
        }
    }
    assert!(changed, "fixture holds the figure 608");
    let report = xxgknb_core::analyse(
        &doc,
        Source {
            path: name.into(),
            format: "docx".into(),
            sha256: String::new(),
        },
    );
    let out = serde_json::to_value(&report).expect("serialises");
    assert_eq!(
        lookup(&out["tables"], "applications.new_received.natural_person"),
        Some(&Value::from(609))
    );
    let rules: Vec<&str> = out["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default();
    assert!(rules.contains(&"APP_ROW_SUM"), "{rules:?}");
}
