//! `xxgknb check --format xlsx|html -o FILE` against `check --format
//! json` on the same files: every finding of the JSON (single-report and
//! cross-year) is in the workbook (read back with calamine) and in the
//! HTML report, file by file; unreadable files are listed with a reason.

#![allow(clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use calamine::Reader;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgknb"))
}

/// The batch fixtures plus a damaged file, in a temp folder.
fn inputs(dir: &Path) -> PathBuf {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/batch");
    let out = dir.join("reports");
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") {
            std::fs::copy(e.path(), out.join(&name)).unwrap();
        }
    }
    std::fs::write(out.join("damaged.docx"), b"PK\x03\x04 truncated").unwrap();
    out
}

/// (file, message) of every finding of `check --format json`.
fn json_findings(reports: &Path) -> BTreeMap<String, Vec<String>> {
    let out = bin()
        .args(["check", "--no-config", "--format", "json", "-j", "2"])
        .arg(reports)
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for item in items {
        let path = item["path"].as_str().unwrap().to_string();
        let e = by_file.entry(path).or_default();
        for f in item["findings"].as_array().unwrap() {
            e.push(f["message"].as_str().unwrap().to_string());
        }
    }
    for v in by_file.values_mut() {
        v.sort();
    }
    by_file
}

fn check_to(reports: &Path, format: &str, out: &Path) {
    let st = bin()
        .args(["check", "--no-config", "-j", "2", "--format", format, "-o"])
        .arg(out)
        .arg(reports)
        .status()
        .unwrap();
    // findings and an unreadable file: exit 2, the output written anyway
    assert_eq!(st.code(), Some(2));
}

#[test]
fn the_workbook_holds_every_finding_of_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let reports = inputs(dir.path());
    let expected = json_findings(&reports);
    assert!(expected.values().map(Vec::len).sum::<usize>() > 10);
    let xlsx = dir.path().join("审核结果.xlsx");
    check_to(&reports, "xlsx", &xlsx);

    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let names = book.sheet_names().to_vec();
    assert_eq!(names[0], "汇总");
    let summary = book.worksheet_range("汇总").unwrap();
    let rows: Vec<_> = summary.rows().skip(1).collect();
    assert_eq!(rows.len(), expected.len(), "one summary row per file");
    let damaged = rows
        .iter()
        .find(|r| r[1].to_string().ends_with("damaged.docx"))
        .expect("the damaged file is listed");
    assert_eq!(damaged[6].to_string(), "无法读取");
    assert!(!damaged[10].to_string().is_empty(), "with its reason");

    let mut got: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in names.iter().skip(1) {
        let range = book.worksheet_range(n).unwrap();
        let file = range.get((0, 1)).unwrap().to_string();
        let e = got.entry(file).or_default();
        for row in range.rows().skip(6) {
            e.push(row[3].to_string());
            // a cell finding has its cell reference
            if !row[6].to_string().is_empty() {
                assert!(!row[5].to_string().is_empty());
            }
        }
    }
    for v in got.values_mut() {
        v.sort();
    }
    assert_eq!(got, expected);
}

#[test]
fn the_html_report_holds_every_finding_one_page_per_agency() {
    let dir = tempfile::tempdir().unwrap();
    let reports = inputs(dir.path());
    let expected = json_findings(&reports);
    let html_path = dir.path().join("审核结果.html");
    check_to(&reports, "html", &html_path);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.contains("break-after: page"));
    for (file, messages) in &expected {
        assert!(html.contains(&xxgknb_review::html::escape(file)), "{file}");
        for m in messages {
            assert!(
                html.contains(&xxgknb_review::html::escape(m)),
                "{file}: {m}"
            );
        }
    }
    // the 化隆 reports (2022, 2023) share one agency page
    let agency = html.matches("<h2>化隆回族自治县人民政府</h2>").count();
    assert_eq!(agency, 1);
}

#[test]
fn xlsx_needs_an_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let reports = inputs(dir.path());
    let out = bin()
        .args(["check", "--no-config", "--format", "xlsx"])
        .arg(&reports)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o"));
}
