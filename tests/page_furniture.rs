//! Page furniture in text (`pdftotext -layout` output): a page break with a
//! page number in every common style, a running header and a `续表`
//! caption, landing inside each of the three tables, changes no value and
//! adds no finding. A page number never merges with a value.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;
use std::path::Path;
use xxgknb_core::Limits;

mod common;

/// The page-number styles, as functions of (page, total pages).
const STYLES: [&str; 7] = [
    "-{p}-",
    "— {p} —",
    "- {p} -",
    "第{p}页",
    "第 {p} 页 共 {n} 页",
    "{p}/{n}",
    "{p}",
];

fn style(s: &str, p: usize, n: usize) -> String {
    s.replace("{p}", &p.to_string())
        .replace("{n}", &n.to_string())
}

/// Is this line one of the fixture's own page numbers (`—2—`)?
fn own_page_number(l: &str) -> bool {
    let t = l.trim().trim_start_matches('\x0c');
    t.starts_with('—') && t.ends_with('—') && t.chars().count() <= 6
}

/// The text with its page numbers replaced by `st` on every page, a new
/// page break before line `at` (0-based), and on every page after the first
/// a running header; `caption` adds `续表` at the top of the new page.
fn repaginate(text: &str, at: usize, st: &str, caption: bool) -> String {
    let mut body = String::new();
    for (i, l) in text.split('\n').enumerate() {
        if own_page_number(l) {
            // keep its form feed, drop the number
            if l.starts_with('\x0c') {
                body.push('\x0c');
            }
            continue;
        }
        if i == at {
            body.push('\x0c');
            if caption {
                body.push_str("续表\n");
            }
        }
        body.push_str(l);
        body.push('\n');
    }
    let pages: Vec<&str> = body.split('\x0c').collect();
    let n = pages.len();
    let mut out = String::new();
    for (k, page) in pages.iter().enumerate() {
        if k > 0 {
            out.push('\x0c');
            out.push_str("                 某市2023年政府信息公开工作年度报告\n\n");
        }
        out.push_str(page.trim_end_matches('\n'));
        out.push_str("\n\n");
        out.push_str(&" ".repeat(34));
        out.push_str(&style(st, k + 1, n));
        out.push('\n');
    }
    out
}

fn report(name: &str, text: &str) -> Value {
    let r = xxgknb::analyse_here(Path::new(name), text.as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::to_value(r.report).unwrap_or(Value::Null)
}

fn rules(r: &Value) -> Vec<String> {
    let mut v: Vec<String> = r["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["rule"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn page_numbers_inside_each_table_change_no_value() {
    let path = common::fixture("batch/100_f996102965cf2f4d.layout.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
    let truth = xxgknb_truth::load_truth(&path).unwrap_or_else(|e| panic!("{e}"));
    let base = report("base.layout.txt", &text);
    assert!(xxgknb_truth::differences(&base, &truth).is_empty());
    let lines: Vec<&str> = text.split('\n').collect();
    let find = |needle: &str| {
        lines
            .iter()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not in the fixture"))
    };
    // a line inside each table: the break falls before it
    let inside = [
        ("active", find("行政规范性文件  ")),
        ("applications", find("1.属于国家秘密")),
        (
            "applications (after a wrapped label)",
            find("4.保护第三方合法权益"),
        ),
        ("review_litigation", find("27   4     4")),
    ];
    let mut failures = Vec::new();
    for st in STYLES {
        for (table, at) in inside {
            for caption in [false, true] {
                let t = repaginate(&text, at, st, caption);
                let r = report("paged.layout.txt", &t);
                let diffs = xxgknb_truth::differences(&r, &truth);
                if r["tables"] != base["tables"] || !diffs.is_empty() || rules(&r) != rules(&base) {
                    failures.push(format!(
                        "style {st:?} in {table} (caption {caption}): {diffs:?} findings {:?}",
                        rules(&r)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bare_numbers_that_do_not_follow_the_pages_are_kept() {
    // raw pdftotext writes one value per line: a value at a page's edge is
    // not a page number unless the numbers follow the pages
    let text = "一、总体情况\n\n第一段。\n\x0c7\n第二段。\n\x0c0\n第三段。\n";
    let doc = xxgknb::read_here(Path::new("raw.txt"), text.as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let paras: Vec<String> = doc
        .paragraphs()
        .map(|p| p.text.trim().to_string())
        .collect();
    assert!(paras.contains(&"7".to_string()), "{paras:?}");
    assert!(paras.contains(&"0".to_string()), "{paras:?}");
    // numbers that follow the pages go
    let text = "第一段。\n1\n\x0c第二段。\n2\n\x0c第三段。\n3\n";
    let doc = xxgknb::read_here(Path::new("raw.txt"), text.as_bytes(), &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let paras: Vec<String> = doc
        .paragraphs()
        .map(|p| p.text.trim().to_string())
        .collect();
    assert_eq!(paras, ["第一段。", "第二段。", "第三段。"]);
}
