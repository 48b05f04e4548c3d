//! Metamorphic tests over `pdftotext -layout` renderings of the fixture
//! PDFs (`fixtures/text/layout/`, made by `scripts/make-text-fixtures.sh`):
//! moving a table right, widening one of its columns, or breaking its page
//! inside it must not change any value; and no rendering may give a truth
//! cell a number that is not its own.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Lines of the applications and review tables: from the 三、 heading to
/// the 五、 heading.
fn table_region(lines: &[&str]) -> Option<(usize, usize)> {
    let start = lines
        .iter()
        .position(|l| l.contains("三、收到和处理政府信息公开申请情况"))?;
    let end = lines
        .iter()
        .skip(start)
        .position(|l| l.trim_start().starts_with("五、"))
        .map_or(lines.len(), |p| p + start);
    Some((start + 1, end))
}

fn write_variant(doc: &Path, tag: &str, text: &str) -> PathBuf {
    let name = doc
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("doc.layout.txt");
    let dir = std::env::temp_dir().join(format!("xxgknb-metamorphic-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let path = dir.join(format!("{tag}-{name}"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn tables(doc: &Path) -> Value {
    let report = serde_json::to_value(common::parse(doc)).unwrap_or(Value::Null);
    report.get("tables").cloned().unwrap_or(Value::Null)
}

/// Shift every line of the tables right by `n` spaces.
fn shifted(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some((s, e)) = table_region(&lines) else {
        return text.to_string();
    };
    let pad = " ".repeat(n);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if (s..e).contains(&i) && !l.trim().is_empty() {
                format!("{pad}{l}")
            } else {
                (*l).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Widen one column: insert `n` spaces at a character column that is blank
/// on every line of the tables and lies between two numbers of some line
/// (a gap between columns), in every line long enough to reach it.
fn widened(text: &str, n: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let (s, e) = table_region(&lines)?;
    let region: Vec<Vec<char>> = lines
        .get(s..e)?
        .iter()
        .map(|l| l.chars().collect())
        .collect();
    let width = region.iter().map(Vec::len).max()?;
    let blank_everywhere = |c: usize| region.iter().all(|l| l.get(c).is_none_or(|ch| *ch == ' '));
    let between_numbers = |c: usize| {
        region.iter().any(|l| {
            let digit_before = l.iter().take(c).rev().find(|ch| **ch != ' ');
            let digit_after = l.iter().skip(c).find(|ch| **ch != ' ');
            digit_before.is_some_and(char::is_ascii_digit)
                && digit_after.is_some_and(char::is_ascii_digit)
        })
    };
    // the rightmost such gap: the 总计 column moves
    let col = (1..width)
        .rev()
        .find(|c| blank_everywhere(*c) && between_numbers(*c))?;
    let pad = " ".repeat(n);
    let out = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let chars: Vec<char> = l.chars().collect();
            if (s..e).contains(&i) && chars.len() > col {
                let (a, b) = chars.split_at(col);
                format!(
                    "{}{pad}{}",
                    a.iter().collect::<String>(),
                    b.iter().collect::<String>()
                )
            } else {
                (*l).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    Some(out)
}

/// Insert a page break (form feed, then a centred `- 9 -` page number)
/// before the line holding the 予以公开 row.
fn page_broken(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let (s, e) = table_region(&lines)?;
    // between two whole rows (a page break falls between table rows: a
    // cell wrapped over three lines, `３` / row / `件`, is not cut), from
    // the 予以公开 row on
    let from = (s..e).find(|i| lines.get(*i).is_some_and(|l| l.contains("予以公开")))?;
    let values = |i: usize| {
        lines.get(i).map_or(0, |l| {
            l.split_whitespace()
                .filter(|t| t.chars().all(|c| c.is_ascii_digit() || "—-/".contains(c)))
                .count()
        })
    };
    let at = (from.max(s + 1)..e).find(|i| values(*i - 1) >= 5 && values(*i) >= 5)?;
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    out.insert(
        at,
        "\u{c}                                  - 9 -".to_string(),
    );
    out.insert(at, String::new());
    Some(out.join("\n"))
}

fn layout_fixtures() -> Vec<PathBuf> {
    // the renderings of the fixture PDFs themselves; the LibreOffice
    // re-renderings with other fonts and widths (`*.sans.*`, `*.serif.*`)
    // are checked by tests/generated_fixtures.rs, with its list of files
    // still known to be wrong
    let docs: Vec<_> = common::fixtures_with_truth("text/layout")
        .into_iter()
        .filter(|p| {
            let n = p.to_string_lossy();
            !n.contains(".sans.") && !n.contains(".serif.")
        })
        .collect();
    assert!(!docs.is_empty(), "no fixtures under fixtures/text/layout");
    docs
}

/// Truth cells given a number that is not theirs.
fn wrong_values(report_tables: &Value, truth: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(tt) = truth.get("tables").and_then(Value::as_object) else {
        return out;
    };
    for (t, rows) in tt {
        let Some(rows) = rows.as_object() else {
            continue;
        };
        for (r, cols) in rows {
            let Some(cols) = cols.as_object() else {
                continue;
            };
            for (c, want) in cols {
                let got = report_tables
                    .get(t)
                    .and_then(|x| x.get(r))
                    .and_then(|x| x.get(c));
                if let Some(g) = got.and_then(Value::as_f64) {
                    let w = want.as_f64().unwrap_or(0.0);
                    if (g - w).abs() > 1e-9 {
                        out.push(format!("{t}.{r}.{c}: want {want} got {g}"));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn layout_renderings_give_no_wrong_value() {
    let mut failures = Vec::new();
    for doc in layout_fixtures() {
        let truth: Value = serde_json::from_str(
            &std::fs::read_to_string(format!("{}.truth.json", doc.display()))
                .unwrap_or_else(|e| panic!("{e}")),
        )
        .unwrap_or(Value::Null);
        let wrong = wrong_values(&tables(&doc), &truth);
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", doc.display(), wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn assert_same_values(transform: &str, f: &dyn Fn(&str) -> Option<String>) {
    let mut failures = Vec::new();
    let mut applied = 0;
    for doc in layout_fixtures() {
        let text = std::fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{e}"));
        let Some(variant) = f(&text) else {
            continue;
        };
        applied += 1;
        let path = write_variant(&doc, transform, &variant);
        let (a, b) = (tables(&doc), tables(&path));
        if a != b {
            failures.push(format!("{} ({transform})", doc.display()));
        }
        let _ = std::fs::remove_file(&path);
    }
    assert!(applied > 0, "{transform}: applied to no fixture");
    assert!(
        failures.is_empty(),
        "values changed: {}",
        failures.join(", ")
    );
}

#[test]
fn shifting_a_table_right_changes_no_value() {
    assert_same_values("shift3", &|t| Some(shifted(t, 3)));
    assert_same_values("shift11", &|t| Some(shifted(t, 11)));
}

#[test]
fn widening_a_column_changes_no_value() {
    assert_same_values("widen4", &|t| widened(t, 4));
}

#[test]
fn a_page_break_inside_a_table_changes_no_value() {
    assert_same_values("pagebreak", &page_broken);
}
