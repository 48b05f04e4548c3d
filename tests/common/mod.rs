//! Shared test support: compare a parsed report with a `*.truth.json`.

#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use xxgknb_core::{Limits, Report};

/// Path of a fixture relative to the repository root.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Every document under `fixtures/<dir>` that has a truth file.
pub fn fixtures_with_truth(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(fixture(dir))
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

fn truth_path(doc: &Path) -> PathBuf {
    let mut s = doc.as_os_str().to_owned();
    s.push(".truth.json");
    PathBuf::from(s)
}

/// Parse a fixture with the same pipeline as `xxgknb parse`.
pub fn parse(doc: &Path) -> Report {
    match xxgknb_cli::input::analyse_file(doc, &Limits::default()) {
        Ok(r) => r,
        Err(e) => panic!("{}: parse failed: {e:#}", doc.display()),
    }
}

fn lookup<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(v, |cur, k| cur.get(*k))
}

/// Differences between a report and its truth (empty = matches). Cells are
/// compared strictly: a blank (null) must stay null and 0 must be 0.
pub fn differences(doc: &Path) -> Vec<String> {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(truth_path(doc))
            .unwrap_or_else(|e| panic!("truth of {}: {e}", doc.display())),
    )
    .unwrap_or_else(|e| panic!("truth of {}: {e}", doc.display()));
    let report = parse(doc);
    let got = serde_json::to_value(&report).unwrap_or(Value::Null);
    let uncertain: Vec<&str> = truth["uncertain"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut diffs = Vec::new();
    if let Some(tables) = truth["tables"].as_object() {
        for (t, rows) in tables {
            for (r, cols) in rows.as_object().into_iter().flatten() {
                for (c, want) in cols.as_object().into_iter().flatten() {
                    let key = format!("{t}.{r}.{c}");
                    if uncertain.contains(&key.as_str()) {
                        continue;
                    }
                    let have = lookup(&got, &["tables", t, r, c])
                        .cloned()
                        .unwrap_or(Value::Null);
                    let same = match (want.as_f64(), have.as_f64()) {
                        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
                        (None, None) => want.is_null() && have.is_null(),
                        _ => false,
                    };
                    if !same {
                        diffs.push(format!("{key}: want {want} got {have}"));
                    }
                }
            }
        }
    }
    let meta = &truth["meta"];
    let gm = &got["meta"];
    if let Some(y) = meta.get("year") {
        if gm["year"] != *y {
            diffs.push(format!("meta.year: want {y} got {}", gm["year"]));
        }
    }
    if let Some(k) = meta["agency_key"].as_str() {
        if !gm["agency"].as_str().unwrap_or("").contains(k) {
            diffs.push(format!("meta.agency: want *{k}* got {}", gm["agency"]));
        }
    }
    for k in ["published", "format_edition", "doc_number"] {
        if let Some(w) = meta.get(k) {
            let ok = match w {
                Value::Null => gm[k].is_null() || gm[k] == "",
                _ => gm[k] == *w,
            };
            if !ok {
                diffs.push(format!("meta.{k}: want {w} got {}", gm[k]));
            }
        }
    }
    if meta["period"].is_object() && gm["period"] != meta["period"] {
        diffs.push(format!(
            "meta.period: want {} got {}",
            meta["period"], gm["period"]
        ));
    }
    let rules: Vec<String> = report.findings.iter().map(|f| f.rule.clone()).collect();
    for e in truth["expected_findings"].as_array().into_iter().flatten() {
        let e = e.as_str().unwrap_or_default();
        if !rules.iter().any(|r| r == e) {
            diffs.push(format!("finding {e}: expected, not reported"));
        }
    }
    for f in truth["forbidden_findings"].as_array().into_iter().flatten() {
        let f = f.as_str().unwrap_or_default();
        if rules.iter().any(|r| r == f) {
            diffs.push(format!("finding {f}: reported, not expected"));
        }
    }
    diffs
}

/// Assert every fixture with a truth file under `dir` matches it.
pub fn assert_fixtures_match(dir: &str) {
    let docs = fixtures_with_truth(dir);
    assert!(
        !docs.is_empty(),
        "no fixtures with truth under fixtures/{dir}"
    );
    let mut failures = Vec::new();
    for d in &docs {
        let diffs = differences(d);
        if !diffs.is_empty() {
            failures.push(format!("{}:\n  {}", d.display(), diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
