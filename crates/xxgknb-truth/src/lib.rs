//! Compare a report (the MODEL.md JSON of `xxgknb parse`) with a ground-truth
//! file `FILE.truth.json`: every table cell strictly (a blank must stay
//! `null`, 0 must be 0; paths listed in `uncertain` are skipped), the meta
//! fields (year, agency key contained in the agency, published, edition,
//! 文号, period), and the rule ids in `expected_findings` (must be reported)
//! and `forbidden_findings` (must not be).
//!
//! Used by every adapter's fixture tests and the end-to-end suite, so that
//! "matches the truth" means one thing everywhere: an adapter's tests call
//! [`adapter_differences`] (sniff → read → recognise → validate → compare),
//! the end-to-end suite calls [`report_differences`] on the report of the
//! whole pipeline.

// test support: its assertions panic by design
#![allow(clippy::panic)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use xxgknb_core::{Adapter, Block, Document, Limits, Report, Source};

/// The truth file of a document: `FILE` → `FILE.truth.json`.
pub fn truth_path(doc: &Path) -> PathBuf {
    let mut s = doc.as_os_str().to_owned();
    s.push(".truth.json");
    PathBuf::from(s)
}

/// Read and parse the truth file of a document.
pub fn load_truth(doc: &Path) -> Result<Value, String> {
    let p = truth_path(doc);
    let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))
}

fn lookup<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |cur, k| cur.get(*k))
}

fn same_cell(want: &Value, have: &Value) -> bool {
    match (want.as_f64(), have.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        (None, None) => want.is_null() && have.is_null(),
        _ => false,
    }
}

/// Every way `report` differs from `truth`, one line each (empty: it
/// matches).
pub fn differences(report: &Value, truth: &Value) -> Vec<String> {
    let uncertain: Vec<&str> = truth["uncertain"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut diffs = Vec::new();
    for (t, rows) in truth["tables"].as_object().into_iter().flatten() {
        for (r, cols) in rows.as_object().into_iter().flatten() {
            for (c, want) in cols.as_object().into_iter().flatten() {
                let key = format!("{t}.{r}.{c}");
                if uncertain.contains(&key.as_str()) {
                    continue;
                }
                let have = lookup(report, &["tables", t, r, c]).unwrap_or(&Value::Null);
                if !same_cell(want, have) {
                    diffs.push(format!("tables.{key}: want {want} got {have}"));
                }
            }
        }
    }
    let meta = &truth["meta"];
    let got = &report["meta"];
    if let Some(y) = meta.get("year") {
        if got["year"] != *y {
            diffs.push(format!("meta.year: want {y} got {}", got["year"]));
        }
    }
    if let Some(k) = meta["agency_key"].as_str() {
        if !got["agency"].as_str().unwrap_or("").contains(k) {
            diffs.push(format!("meta.agency: want *{k}* got {}", got["agency"]));
        }
    }
    for k in ["published", "format_edition", "doc_number"] {
        if let Some(w) = meta.get(k) {
            let ok = match w {
                Value::Null => got[k].is_null() || got[k] == "",
                _ => got[k] == *w,
            };
            if !ok {
                diffs.push(format!("meta.{k}: want {w} got {}", got[k]));
            }
        }
    }
    if meta["period"].is_object() && got["period"] != meta["period"] {
        diffs.push(format!(
            "meta.period: want {} got {}",
            meta["period"], got["period"]
        ));
    }
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default();
    for e in truth["expected_findings"].as_array().into_iter().flatten() {
        let e = e.as_str().unwrap_or_default();
        if !rules.contains(&e) {
            diffs.push(format!("finding {e}: expected, not reported"));
        }
    }
    for f in truth["forbidden_findings"].as_array().into_iter().flatten() {
        let f = f.as_str().unwrap_or_default();
        if rules.contains(&f) {
            diffs.push(format!("finding {f}: reported, not expected"));
        }
    }
    diffs
}

/// Every way a report differs from the truth of the document `doc` (a
/// missing or broken truth file is one difference).
pub fn report_differences(report: &Report, doc: &Path) -> Vec<String> {
    match load_truth(doc) {
        Ok(truth) => {
            let out = serde_json::to_value(report).unwrap_or(Value::Null);
            differences(&out, &truth)
        }
        Err(e) => vec![format!("no truth: {e}")],
    }
}

/// Read the fixture `doc` with one adapter, which must claim it by its
/// content, run core's recogniser and validation on what it reads, and list
/// every difference from the fixture's truth (empty: it matches).
pub fn adapter_differences(adapter: &dyn Adapter, doc: &Path) -> Vec<String> {
    match analyse_with(adapter, doc) {
        Ok(report) => report_differences(&report, doc),
        Err(e) => vec![e],
    }
}

/// Sniff, read, recognise and validate one file with one adapter.
fn analyse_with(adapter: &dyn Adapter, doc: &Path) -> Result<Report, String> {
    let bytes = std::fs::read(doc).map_err(|e| format!("cannot read: {e}"))?;
    let ext = doc
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let sniff = adapter
        .sniff(&bytes, ext.as_deref())
        .ok_or_else(|| format!("not claimed by the {} adapter", adapter.name()))?;
    let document = adapter
        .read(&bytes, &Limits::default())
        .map_err(|e| format!("read failed: {e}"))?;
    let format = if document.format.is_empty() {
        sniff.format.to_string()
    } else {
        document.format.clone()
    };
    let source = Source {
        path: doc.display().to_string(),
        format,
        sha256: String::new(),
    };
    Ok(xxgknb_core::analyse(&document, source))
}

/// Assert that `adapter` reads the fixture `doc` as `format` and that the
/// report matches the fixture's truth, listing every miss when it does not.
pub fn assert_adapter_matches(adapter: &dyn Adapter, doc: &Path, format: &str) {
    let report = analyse_with(adapter, doc).unwrap_or_else(|e| panic!("{}: {e}", doc.display()));
    assert_eq!(report.source.format, format, "{}: read as", doc.display());
    let misses = report_differences(&report, doc);
    assert!(
        misses.is_empty(),
        "{}:\n  {}",
        doc.display(),
        misses.join("\n  ")
    );
}

/// Change every table cell of `doc` printed as `from` to `to`, for a test
/// that shows a comparison can fail; true when a cell was changed.
pub fn change_table_cells(doc: &mut Document, from: &str, to: &str) -> bool {
    let mut changed = false;
    for b in &mut doc.blocks {
        if let Block::Table(t) = b {
            for c in t.rows.iter_mut().flatten().filter(|c| c.text == from) {
                c.text = to.to_string();
                changed = true;
            }
        }
    }
    changed
}

/// Every document under `dir` that has a truth file, sorted.
pub fn documents_with_truth(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| !p.to_string_lossy().ends_with(".truth.json"))
                .filter(|p| truth_path(p).exists())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn truth() -> Value {
        json!({
            "meta": {"year": 2022, "agency_key": "互助", "published": null, "format_edition": "2021"},
            "tables": {"applications": {"new_received": {"natural_person": 9, "commercial": null}}},
            "expected_findings": ["SECTION_MISSING"],
            "forbidden_findings": ["APP_BALANCE"],
            "uncertain": []
        })
    }

    #[test]
    fn a_matching_report_has_no_differences() {
        let report = json!({
            "meta": {"year": 2022, "agency": "互助土族自治县人民政府", "published": null, "format_edition": "2021"},
            "tables": {"applications": {"new_received": {"natural_person": 9, "commercial": null}}},
            "findings": [{"rule": "SECTION_MISSING"}]
        });
        assert_eq!(differences(&report, &truth()), Vec::<String>::new());
    }

    /// Reads every line of text as a paragraph; claims only text starting
    /// with `#`.
    struct Lines;
    impl Adapter for Lines {
        fn name(&self) -> &'static str {
            "lines"
        }
        fn sniff(&self, bytes: &[u8], _: Option<&str>) -> Option<xxgknb_core::Sniff> {
            bytes.starts_with(b"#").then_some(xxgknb_core::Sniff {
                format: "txt",
                confidence: xxgknb_core::Confidence::Weak,
            })
        }
        fn read_within(
            &self,
            bytes: &[u8],
            _: &Limits,
            _: &xxgknb_core::Deadline,
        ) -> Result<xxgknb_core::Document, xxgknb_core::AdapterError> {
            let mut d = xxgknb_core::Document::new("");
            for (i, l) in String::from_utf8_lossy(bytes).lines().enumerate() {
                d.push_paragraph(l, xxgknb_core::SourcePos::line(i as u32 + 1));
            }
            Ok(d)
        }
    }

    #[test]
    fn the_adapter_harness_compares_and_reports_what_stopped_it() {
        let dir = std::env::temp_dir().join(format!("xxgknb-truth-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let doc = dir.join("r.txt");
        let _ = std::fs::write(&doc, "#\n互助县人民政府2022年政府信息公开工作年度报告\n");
        let _ = std::fs::write(
            truth_path(&doc),
            r#"{"meta": {"year": 2022, "agency_key": "互助"}, "tables": {}}"#,
        );
        assert_eq!(adapter_differences(&Lines, &doc), Vec::<String>::new());
        let _ = std::fs::write(
            truth_path(&doc),
            r#"{"meta": {"year": 2021}, "tables": {"active": {"rules": {"issued": 1}}}}"#,
        );
        assert_eq!(adapter_differences(&Lines, &doc).len(), 2);
        let _ = std::fs::write(&doc, "not claimed");
        assert_eq!(
            adapter_differences(&Lines, &doc),
            ["not claimed by the lines adapter"]
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn zero_for_blank_wrong_value_and_findings_are_caught() {
        let report = json!({
            "meta": {"year": 2021, "agency": "刚察县", "format_edition": "2021"},
            "tables": {"applications": {"new_received": {"natural_person": 8, "commercial": 0}}},
            "findings": [{"rule": "APP_BALANCE"}]
        });
        let d = differences(&report, &truth());
        assert_eq!(d.len(), 6, "{d:#?}");
    }
}
