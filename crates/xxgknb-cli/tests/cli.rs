//! The `xxgknb` binary: exit codes, stderr lines and JSON output.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xxgknb"))
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel)
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xxgknb-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write temp file");
    p
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    bin().args(args).output().expect("run xxgknb")
}

#[test]
fn parse_prints_model_json() {
    let seed = fixture("seeds/002_c70a77332f90186d.txt");
    let out = run(&["parse".as_ref(), seed.as_os_str()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    for key in ["source", "meta", "sections", "tables", "findings"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["source"]["format"], "txt");
    assert_eq!(v["source"]["sha256"].as_str().map(str::len), Some(64));
    assert_eq!(v["tables"]["applications"]["new_received"]["total"], 14);
}

#[test]
fn parse_rejects_empty_binary_and_random_input_with_one_line() {
    let mut random = Vec::with_capacity(4096);
    let mut x: u32 = 12345;
    for _ in 0..4096 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        random.push((x >> 16) as u8);
    }
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty.txt", Vec::new()),
        ("random.bin", random.clone()),
        ("random.pdf", [b"%PDF-1.7\n".as_slice(), &random].concat()),
        ("random.docx", [b"PK\x03\x04".as_slice(), &random].concat()),
        (
            "prose.txt",
            "这是一段与年报无关的文字。\n".repeat(20).into_bytes(),
        ),
    ];
    for (name, bytes) in cases {
        let p = temp_file(name, &bytes);
        let out = run(&["parse".as_ref(), p.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim().lines().count(), 1, "{name}: {err}");
        assert!(err.contains(name), "{name}: error names the file: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
    }
}

#[test]
fn check_exit_codes() {
    let clean = fixture("seeds/002_c70a77332f90186d.txt");
    let broken = fixture("seeds/003_378100d4189c1d99.txt");
    let missing = fixture("seeds/does-not-exist.txt");
    let out = run(&["check".as_ref(), clean.as_os_str()]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["check".as_ref(), clean.as_os_str(), broken.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("APP_RESULT_SUM"), "{text}");
    assert!(text.contains("不通过"), "{text}");
    let out = run(&["check".as_ref(), missing.as_os_str(), broken.as_os_str()]);
    assert_eq!(out.status.code(), Some(2), "unreadable file wins");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("APP_ROW_SUM"),
        "goes on past the bad file: {text}"
    );
}

#[test]
fn check_json_format() {
    let broken = fixture("seeds/003_378100d4189c1d99.txt");
    let out = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        broken.as_os_str(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v[0]["status"], "errors");
    let rules: Vec<&str> = v[0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"APP_ROW_SUM"));
}

#[test]
fn check_runs_cross_year_rules_between_files_checked_together() {
    let y2022 = fixture("batch/101_ff9983418608c110.layout.txt");
    let y2023 = fixture("batch/102_5f88a9945c202723.layout.txt");
    let out = run(&["check".as_ref(), y2022.as_os_str(), y2023.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CARRY_MISMATCH"), "{text}");
    assert!(text.contains("IN_FORCE_CHAIN"), "{text}");
    // alone, a report has no other year to compare with
    let out = run(&["check".as_ref(), y2023.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("CARRY_MISMATCH"), "{text}");
}

#[test]
fn check_walks_folders() {
    let dir = fixture("seeds");
    let out = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        dir.as_os_str(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        v.as_array().map(Vec::len),
        Some(5),
        "five seed reports, truth files skipped"
    );
    // saved web pages often end in .shtml; other files are skipped
    let dir = std::env::temp_dir().join(format!("xxgknb-walk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let page = std::fs::read(fixture("html/100_f996102965cf2f4d.html")).expect("fixture");
    std::fs::write(dir.join("report.shtml"), page).expect("write");
    std::fs::write(dir.join("notes.json"), b"{}").expect("write");
    let out = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        dir.as_os_str(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v[0]["status"], "ok", "{v}");
}

#[test]
fn check_timeout_stops_one_file_and_the_batch_goes_on() {
    let rows: String = (0..100_000).map(|i| format!("项目{i}\t{i}\n")).collect();
    let slow = temp_file("slow-100k.txt", rows.as_bytes());
    let good = fixture("seeds/002_c70a77332f90186d.txt");
    let out = run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--timeout".as_ref(),
        "1ms".as_ref(),
        slow.as_os_str(),
        good.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "a file could not be read");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = v.as_array().expect("array");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["status"], "unreadable");
    let err = items[0]["error"].as_str().unwrap_or_default();
    assert!(err.contains("parse took longer than"), "{err}");
    // the batch went on to the next file (which may time out too at 1 ms)
    let second = items[1]["path"].as_str().unwrap_or_default();
    assert!(second.ends_with("002_c70a77332f90186d.txt"), "{second}");
    // the size flag is honoured too
    let out = run(&[
        "check".as_ref(),
        "--max-file-bytes".as_ref(),
        "1K".as_ref(),
        good.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2), "1K is smaller than the seed");
    assert!(String::from_utf8_lossy(&out.stdout).contains("单个文件字节数"));
}

#[test]
fn check_names_paragraphs_for_docx_and_lines_for_text() {
    // DOCX: a place in the file (表N 第R行第C列 or 第N段), no rendered line numbers
    let path = fixture("docx/003_378100d4189c1d99.docx");
    let out = run(&["check".as_ref(), path.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let places: Vec<&str> = text.lines().filter(|l| l.contains("位置：")).collect();
    assert!(!places.is_empty(), "{text}");
    assert!(
        places
            .iter()
            .all(|l| l.ends_with('段') || l.ends_with('列')),
        "{places:?}"
    );
    // text: path:line:col
    let path = fixture("seeds/003_378100d4189c1d99.txt");
    let out = run(&["check".as_ref(), path.as_os_str()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&format!("{}:376:", path.display())), "{text}");
}
