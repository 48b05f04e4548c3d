//! `xxgknb ingest` / `xxgknb export` end to end, with the real parser, on
//! the batch fixtures (text renderings of corpus reports and the seeds).

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgknb"))
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/batch")
}

/// The fixture reports (not their truth files) copied into `dir/reports`.
fn copy_reports(dir: &Path, names: &[&str]) -> PathBuf {
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).expect("mkdir");
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".txt") && (names.is_empty() || names.iter().any(|n| name.starts_with(n)))
        {
            std::fs::copy(entry.path(), reports.join(&name)).expect("copy");
        }
    }
    reports
}

fn ingest(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .arg("ingest")
        .args(args)
        .output()
        .expect("run xxgknb")
}

fn export(dir: &Path, args: &[&str]) -> String {
    let out = bin()
        .current_dir(dir)
        .arg("export")
        .args(args)
        .output()
        .expect("run xxgknb");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn ingest_is_idempotent_and_summarises() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_reports(tmp.path(), &[]);
    std::fs::write(
        tmp.path().join("reports/broken.txt"),
        [0xff, 0xfe, 0x00, 0x00],
    )
    .expect("write");
    let first = ingest(tmp.path(), &["reports", "-j", "2"]);
    // a file could not be read: exit 2, the file listed at the end
    assert_eq!(
        first.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let s = stdout(&first);
    assert!(s.starts_with("10 个文件"), "{s}");
    assert!(s.contains("1 个无法读取"), "{s}");
    let err = String::from_utf8_lossy(&first.stderr);
    let tail: Vec<&str> = err.lines().rev().take(2).collect();
    assert!(tail[0].contains("broken.txt"), "{err}");
    assert!(tail[1].contains("1 个文件无法读取"), "{err}");
    // not a terminal: one plain progress line per file on stderr
    let progress = String::from_utf8_lossy(&first.stderr);
    assert_eq!(
        progress.lines().filter(|l| l.starts_with('[')).count(),
        10,
        "{progress}"
    );
    assert!(progress.contains("broken.txt: 无法读取"), "{progress}");
    assert!(tmp.path().join("xxgknb.sqlite").exists());
    let csv1 = export(tmp.path(), &["--format", "csv"]);
    let jsonl1 = export(tmp.path(), &["--format", "jsonl"]);

    let second = ingest(tmp.path(), &["reports", "-j", "1"]);
    assert!(stdout(&second).contains("10 个未变"), "{}", stdout(&second));
    assert_eq!(export(tmp.path(), &["--format", "csv"]), csv1);
    assert_eq!(export(tmp.path(), &["--format", "jsonl"]), jsonl1);
}

#[test]
fn a_killed_ingest_is_completed_by_a_rerun() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_reports(tmp.path(), &[]);
    let whole = tempfile::tempdir().expect("tempdir");
    copy_reports(whole.path(), &[]);
    assert!(ingest(whole.path(), &["reports", "-j", "2"])
        .status
        .success());

    let killed = bin()
        .current_dir(tmp.path())
        .env("XXGKNB_TEST_ABORT_AFTER", "3")
        .args(["ingest", "reports", "-j", "2"])
        .output()
        .expect("run");
    assert!(!killed.status.success(), "the hook must abort the process");
    // the store is readable and holds exactly the reports written before the kill
    let partial = export(tmp.path(), &["--format", "jsonl"]);
    assert_eq!(partial.lines().count(), 3);

    let rerun = ingest(tmp.path(), &["reports", "-j", "2"]);
    assert!(rerun.status.success());
    assert!(stdout(&rerun).contains("3 个未变"), "{}", stdout(&rerun));
    assert_eq!(
        export(tmp.path(), &["--format", "jsonl"]).replace(&tmp.path().display().to_string(), ""),
        export(whole.path(), &["--format", "jsonl"])
            .replace(&whole.path().display().to_string(), "")
    );
}

fn cross_rules(jsonl: &str, stem: &str) -> Vec<String> {
    let mut rules = Vec::new();
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).expect("json");
        let path = v["source"]["path"].as_str().unwrap_or("");
        if !path.contains(stem) {
            continue;
        }
        for f in v["findings"].as_array().into_iter().flatten() {
            let rule = f["rule"].as_str().unwrap_or("");
            if rule == "CARRY_MISMATCH" || rule == "IN_FORCE_CHAIN" {
                rules.push(rule.to_string());
            }
        }
    }
    rules.sort();
    rules.dedup();
    rules
}

/// Rule ids listed under `key` in the fixture's truth file.
fn truth_rules(file_name: &str, key: &str) -> Vec<String> {
    let text = std::fs::read_to_string(fixtures().join(format!("{file_name}.truth.json")))
        .expect("truth file");
    let truth: Value = serde_json::from_str(&text).expect("truth json");
    truth[key]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn cross_year_findings_match_the_truth_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_reports(tmp.path(), &[]);
    assert!(ingest(tmp.path(), &["reports"]).status.success());
    let jsonl = export(tmp.path(), &["--format", "jsonl"]);
    let mut fired = 0;
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).expect("json");
        let path = v["source"]["path"].as_str().expect("path");
        let name = Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .expect("name");
        let stem = name.split('.').next().expect("stem");
        let found = cross_rules(&jsonl, stem);
        let expected = truth_rules(name, "expected_batch_findings");
        let forbidden = truth_rules(name, "forbidden_batch_findings");
        for rule in &expected {
            assert!(
                found.contains(rule),
                "{name}: {rule} expected, found {found:?}"
            );
        }
        for rule in &found {
            assert!(!forbidden.contains(rule), "{name}: {rule} forbidden");
            // nothing else in this batch pairs up
            assert!(expected.contains(rule), "{name}: unexpected {rule}");
        }
        fired += found.len();
    }
    assert!(fired >= 2, "the broken pair must fire");
    // the agency filter takes any spelling of the agency
    let only = export(
        tmp.path(),
        &[
            "--format",
            "jsonl",
            "--agency",
            "海东市化隆县",
            "--year",
            "2023",
        ],
    );
    assert_eq!(only.lines().count(), 1);
    assert!(only.contains("102_5f88a9945c202723"));
}

#[test]
fn exports_agree_with_the_parsed_reports() {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_reports(tmp.path(), &["101_", "102_"]);
    assert!(ingest(tmp.path(), &["reports"]).status.success());
    let jsonl = export(tmp.path(), &["--format", "jsonl"]);
    let csv = export(tmp.path(), &["--format", "csv"]);
    // every cell in the tidy CSV is the value of the JSON report of its file
    let reports: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(reports.len(), 2);
    let mut n = 0;
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).expect(name);
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), header.len(), "{line}");
        let report = reports
            .iter()
            .find(|r| r["source"]["path"] == f[at("source_file")])
            .expect("report of the line");
        assert_eq!(report["source"]["sha256"], f[at("report_id")]);
        assert_eq!(report["store"]["report_id"], f[at("report_id")]);
        let v = &report["tables"][f[at("table_key")]][f[at("row_key")]][f[at("column_key")]];
        let text = if v.is_null() {
            String::new()
        } else {
            v.to_string()
        };
        let got = format!("{}{}", f[at("count_value")], f[at("amount_wan_yuan")]);
        assert_eq!(text, got, "{line}");
        n += 1;
    }
    assert!(n > 50, "{n} cells");
    // the same report parsed directly: jsonl has it as ingested
    for r in &reports {
        let path = r["source"]["path"].as_str().expect("path");
        let parsed = bin()
            .current_dir(tmp.path())
            .args(["parse", path])
            .output()
            .expect("parse");
        let direct: Value = serde_json::from_slice(&parsed.stdout).expect("parse json");
        assert_eq!(direct["tables"], r["tables"], "{path}");
        assert_eq!(direct["meta"], r["meta"], "{path}");
    }

    let wide = tmp.path().join("wide");
    let out = bin()
        .current_dir(tmp.path())
        .args(["export", "--format", "wide", "-o"])
        .arg(&wide)
        .output()
        .expect("run");
    assert!(out.status.success());
    let apps = std::fs::read_to_string(wide.join("applications.csv")).expect("csv");
    assert_eq!(apps.lines().count(), 3, "header + one line per report");
}

#[test]
fn cross_year_rules_stay_silent_on_a_consistent_pair() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let reports = copy_reports(tmp.path(), &["101_", "102_"]);
    let consistent = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/batch-consistent/hualong-2021.layout.txt");
    std::fs::copy(&consistent, reports.join("hualong-2021.layout.txt")).expect("copy");
    assert!(ingest(tmp.path(), &["reports"]).status.success());
    let jsonl = export(tmp.path(), &["--format", "jsonl"]);
    assert_eq!(jsonl.lines().count(), 3);
    // 2021 → 2022 is consistent: nothing on 2022 (nor on 2021, which has no predecessor)
    assert!(cross_rules(&jsonl, "101_").is_empty());
    assert!(cross_rules(&jsonl, "hualong-2021").is_empty());
    // 2022 → 2023 is broken
    assert_eq!(
        cross_rules(&jsonl, "102_"),
        ["CARRY_MISMATCH", "IN_FORCE_CHAIN"]
    );
}

/// Two `xxgknb ingest` processes started at once into one database, new
/// or existing: both finish, every report is stored once, nothing is lost.
#[test]
fn two_concurrent_ingests_into_one_database_both_finish() {
    for existing in [false, true] {
        let dir = tempfile::tempdir().expect("tempdir");
        let reports = copy_reports(dir.path(), &[]);
        let n_files = std::fs::read_dir(&reports).expect("dir").count() as i64;
        // the second process sees the files under another path too
        let copy = dir.path().join("copy");
        std::fs::create_dir_all(&copy).expect("mkdir");
        for e in std::fs::read_dir(&reports).expect("dir") {
            let e = e.expect("entry");
            std::fs::copy(e.path(), copy.join(e.file_name())).expect("copy");
        }
        if existing {
            let first = std::fs::read_dir(&reports)
                .expect("dir")
                .next()
                .expect("a file")
                .expect("entry")
                .file_name();
            let first = format!("reports/{}", first.to_string_lossy());
            let o = ingest(dir.path(), &[&first, "-j", "1"]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        }
        let spawn = |what: &str| {
            bin()
                .current_dir(dir.path())
                .args(["ingest", what, "-j", "1"])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let a = spawn("reports");
        let b = spawn("copy");
        for child in [a, b] {
            let o = child.wait_with_output().expect("wait");
            assert!(
                o.status.success(),
                "existing={existing}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let conn = rusqlite_count(dir.path());
        assert_eq!(conn.0, n_files, "existing={existing}: every report once");
        assert_eq!(
            conn.1,
            2 * n_files,
            "existing={existing}: every path recorded"
        );
    }
}

/// (reports, paths) in `dir/xxgknb.sqlite`, read through the export.
fn rusqlite_count(dir: &Path) -> (i64, i64) {
    let reports = export(dir, &["--format", "reports"]);
    let mut lines = reports.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let copies = header.iter().position(|h| *h == "copies").expect("copies");
    let mut n = 0;
    let mut paths = 0;
    for l in lines {
        n += 1;
        let f: Vec<&str> = l.split(',').collect();
        paths += f[copies].parse::<i64>().expect("copies");
    }
    (n, paths)
}
