//! Row labels printed with a dropped, doubled or wrong character still map
//! to their row (with a NONSTANDARD_LABEL info quoting both labels); a label
//! equally close to two rows maps to none, with a warning, and no number
//! goes to the wrong row.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use xxgknb_core::Limits;

mod common;

fn report(text: &str) -> Value {
    let r = xxgknb::analyse_here(
        Path::new("labels.layout.txt"),
        text.as_bytes(),
        &Limits::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    serde_json::to_value(r.report).unwrap_or(Value::Null)
}

fn findings(r: &Value, rule: &str) -> Vec<(String, String)> {
    r["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn fixture() -> (String, Value) {
    let path = common::fixture("batch/100_f996102965cf2f4d.layout.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let truth = xxgknb_truth::load_truth(&path).unwrap_or_else(|e| panic!("{e}"));
    (text, truth)
}

#[test]
fn misspelt_row_labels_in_layout_text_keep_their_values() {
    let (text, truth) = fixture();
    let base = report(&text);
    assert!(findings(&base, "NONSTANDARD_LABEL").is_empty());
    for (right, wrong) in [
        ("1.属于国家秘密", "1.属于国家秘秘密"),
        ("6.属于四类过程性信息", "6.属于四类过程信息"),
        ("8.属于行政查询事项", "8.属于行政查洵事项"),
    ] {
        assert!(text.contains(right), "{right}");
        let t = text.replacen(right, wrong, 1);
        let r = report(&t);
        assert_eq!(r["tables"], base["tables"], "{wrong}");
        let diffs: Vec<String> = xxgknb_truth::differences(&r, &truth)
            .into_iter()
            .filter(|d| !d.contains("NONSTANDARD_LABEL"))
            .collect();
        assert!(diffs.is_empty(), "{wrong}: {diffs:?}");
        let notes = findings(&r, "NONSTANDARD_LABEL");
        assert!(
            notes
                .iter()
                .any(|(sev, m)| sev == "info" && m.contains(wrong) && m.contains(right)),
            "{wrong}: {notes:?}"
        );
    }
}

#[test]
fn an_ambiguous_label_maps_to_no_row_and_says_so() {
    let (text, truth) = fixture();
    // two edits from both 7.属于行政执法案卷 and 8.属于行政查询事项
    let t = text.replacen("7.属于行政执法案卷", "7.属于行政执法事项", 1);
    let r = report(&t);
    let notes = findings(&r, "NONSTANDARD_LABEL");
    assert!(
        notes
            .iter()
            .any(|(sev, m)| sev == "warning" && m.contains("属于行政执法事项")),
        "{notes:?}"
    );
    // no truth cell got a number that is not its own
    let wrong: Vec<String> = xxgknb_truth::differences(&r, &truth)
        .into_iter()
        .filter(|d| {
            d.starts_with("tables.")
                && d.rsplit_once(" got ")
                    .is_some_and(|(_, g)| g.parse::<f64>().is_ok())
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    let row = &r["tables"]["applications"]["withheld_enforcement_file"];
    assert!(
        row.as_object()
            .into_iter()
            .flatten()
            .all(|(_, v)| v.is_null()),
        "{row}"
    );
}
