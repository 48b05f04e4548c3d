//! The CLI for people (issue 14): locations the user can open, Chinese
//! messages, rule selection and `xxgknb.toml`, parallel output in input
//! order, exit statuses, impossible dates and contradicting extensions.
#![allow(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xxgknb"));
    // no xxgknb.toml of the developer's is picked up
    c.current_dir(std::env::temp_dir());
    c
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel)
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run xxgknb")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run xxgknb")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(rel: &str) -> String {
    fixture(rel).display().to_string()
}

fn places(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains("位置：")).collect()
}

#[test]
fn locations_are_the_files_own_for_every_format() {
    // PDF: page, table, row and column
    let o = run(&[
        "check",
        "--color",
        "never",
        &path("pdf/003_378100d4189c1d99.pdf"),
    ]);
    let t = out(&o);
    assert!(
        places(&t)
            .iter()
            .any(|l| l.contains("第7页 表2 第10行第10列")),
        "{t}"
    );
    // the row as the reader sees it, the cell marked
    assert!(t.contains("该行：| （七）总计 | 1 | 0 |"), "{t}");
    assert!(
        !t.contains(" │ "),
        "no snippet of the internal rendering: {t}"
    );

    // DOCX: table, row and column; paragraphs by number
    let t = out(&run(&["check", &path("docx/004_669b05754e9fb909.docx")]));
    assert!(
        places(&t).iter().any(|l| l.contains("表2 第25行第10列")),
        "{t}"
    );
    let t = out(&run(&["check", &path("docx/003_378100d4189c1d99.docx")]));
    let p = places(&t);
    assert!(!p.is_empty(), "{t}");
    assert!(
        p.iter()
            .all(|l| l.contains("第") && (l.ends_with('段') || l.ends_with('列'))),
        "{p:?}"
    );

    // XLSX: Sheet!Cell
    let t = out(&run(&["check", &path("sheet/004_669b05754e9fb909.xlsx")]));
    assert!(
        places(&t).iter().any(|l| l.contains("年报统计表!J45")),
        "{t}"
    );

    // HTML: the table and its grid cell, not a line of the rendering, and
    // the line:col of the cell's <td> in the page's source
    let page = path("html/004_669b05754e9fb909.html");
    let t = out(&run(&["check", &page]));
    let p = places(&t);
    assert!(
        p.iter().any(|l| l.contains("表") && l.ends_with('列')),
        "{t}"
    );
    let source = std::fs::read_to_string(&page).unwrap_or_default();
    let mut checked = 0;
    for l in &p {
        let Some(at) = l.split(&format!("{page}:")).nth(1) else {
            continue;
        };
        let mut nums = at.split([':', ' ']).map(|n| n.parse::<usize>().ok());
        let (Some(Some(line)), Some(Some(col))) = (nums.next(), nums.next()) else {
            panic!("no line:col in {l:?}");
        };
        let text = source.lines().nth(line - 1).unwrap_or_default();
        let tag: String = text.chars().skip(col - 1).take(3).collect();
        assert_eq!(tag.to_ascii_lowercase(), "<td", "{l}: {text:?}");
        checked += 1;
    }
    assert!(checked > 0, "{t}");

    // plain text: path:line:col, and that column is the file's own
    let seed = path("seeds/003_378100d4189c1d99.txt");
    let t = out(&run(&["check", &seed]));
    assert!(places(&t).is_empty(), "{t}");
    let header = t
        .lines()
        .find(|l| l.contains(&format!("{seed}:378:")))
        .unwrap_or_else(|| panic!("{t}"));
    let col: usize = header.rsplit(':').next().unwrap().trim().parse().unwrap();
    let line = std::fs::read_to_string(&seed).unwrap();
    let line = line.lines().nth(377).unwrap();
    assert_eq!(line.chars().nth(col - 1), Some('1'), "{line:?} col {col}");
}

#[test]
fn messages_and_help_are_in_chinese_json_keeps_english_keys() {
    let o = run(&["check", "/nonexistent/报告.pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("无法读取：文件不存在"), "{}", out(&o));
    let prose = std::env::temp_dir().join(format!("xxgknb-prose-{}.txt", std::process::id()));
    std::fs::write(&prose, "这是一段与年报无关的文字。\n".repeat(20)).unwrap();
    let o = run(&["check", prose.to_str().unwrap()]);
    assert!(out(&o).contains("未找到年度报告"), "{}", out(&o));
    let o = run(&["parse", prose.to_str().unwrap()]);
    assert!(err(&o).contains("未找到年度报告"), "{}", err(&o));
    let o = run(&["check", "--format", "json", prose.to_str().unwrap()]);
    let _ = std::fs::remove_file(&prose);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["status"], "unreadable");
    assert_eq!(v[0]["error_kind"], "not_a_report");
    assert!(v[0]["error"]
        .as_str()
        .unwrap()
        .contains("no annual-report tables"));
    assert!(v[0]["message"].as_str().unwrap().contains("未找到年度报告"));

    for args in [&["--help"][..], &["check", "--help"], &["ingest", "-h"]] {
        let h = out(&run(args));
        assert!(h.contains("用法：") && h.contains("选项"), "{h}");
        assert!(!h.contains("Print help"), "{h}");
        assert!(!h.contains("Possible values"), "{h}");
    }
    // a bad --color value is an error of the value enum
    let o = run(&[
        "check",
        "--color",
        "rainbow",
        &path("seeds/002_c70a77332f90186d.txt"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("rainbow"), "{}", err(&o));
}

#[test]
fn select_ignore_statistics_quiet_exit_zero() {
    let broken = path("seeds/003_378100d4189c1d99.txt");
    let clean = path("seeds/002_c70a77332f90186d.txt");
    let o = run(&["check", "--select", "APP_ROW_SUM", &broken]);
    let t = out(&o);
    assert!(
        t.contains("APP_ROW_SUM") && !t.contains("APP_RESULT_SUM"),
        "{t}"
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["check", "--ignore", "APP_*", &broken]);
    assert!(!out(&o).contains("error[APP_"), "{}", out(&o));
    assert_eq!(o.status.code(), Some(0), "no error left");
    let o = run(&["check", "--exit-zero", &broken]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["check", "--statistics", "-q", &broken, &clean]);
    let t = out(&o);
    let lines: Vec<&str> = t.lines().filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].ends_with("不通过（错误 3，警告 1，提示 1）"),
        "{t}"
    );
    assert!(
        lines[1].contains("002_c70a77332f90186d.txt") && lines[1].contains("通过"),
        "{t}"
    );
    assert_eq!(lines[2], "按规则统计：", "{t}");
    assert!(t.contains("     2  APP_RESULT_SUM"), "{t}");
    assert!(!t.contains("error["), "quiet: {t}");
    let o = run(&["check", "--only-failing", "-q", &broken, &clean]);
    let t = out(&o);
    assert!(t.contains("003_") && !t.contains("002_"), "{t}");
    let o = run(&["check", "--select", "NO_SUCH_RULE", &broken]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("没有规则 NO_SUCH_RULE"), "{}", err(&o));
}

#[test]
fn xxgknb_toml_is_found_in_a_parent_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let sub = tmp.path().join("年报").join("2023");
    std::fs::create_dir_all(&sub).unwrap();
    let report = sub.join("海东市.txt");
    std::fs::copy(fixture("batch/100_f996102965cf2f4d.layout.txt"), &report).unwrap();
    let report = report.to_str().unwrap();
    // 海东市人民政府 is a prefectural government by its name: no finding
    let o = run_in(&sub, &["check", report]);
    assert!(!out(&o).contains("RULES_NOT_AUTHORIZED"), "{}", out(&o));
    std::fs::write(
        tmp.path().join("xxgknb.toml"),
        "ignore = [\"BLANK_CELLS\"]\ncounty-level = [\"海东市人民政府\"]\n\n[severity]\nRULES_NOT_AUTHORIZED = \"error\"\n",
    )
    .unwrap();
    let o = run_in(&sub, &["check", report]);
    let t = out(&o);
    assert!(t.contains("error[RULES_NOT_AUTHORIZED]"), "{t}");
    assert!(!t.contains("BLANK_CELLS"), "{t}");
    assert_eq!(o.status.code(), Some(1), "{t}");
    // --no-config and --config FILE
    let o = run_in(&sub, &["check", "--no-config", report]);
    assert!(!out(&o).contains("RULES_NOT_AUTHORIZED"));
    let other = tmp.path().join("other.toml");
    std::fs::write(&other, "select = [\"RULES_NOT_AUTHORIZED\"]\n").unwrap();
    let o = run(&["check", "--config", other.to_str().unwrap(), report]);
    assert!(
        out(&o).contains("通过（错误 0，警告 0，提示 0）"),
        "{}",
        out(&o)
    );
    // a mistake in the file is reported with the file's name
    std::fs::write(&other, "selekt = []\n").unwrap();
    let o = run(&["check", "--config", other.to_str().unwrap(), report]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("other.toml") && err(&o).contains("配置文件有误"),
        "{}",
        err(&o)
    );
}

#[test]
fn parallel_results_come_in_input_order() {
    let tmp = tempfile::tempdir().unwrap();
    let sources = [
        "seeds/000_b0de168757f90498.txt",
        "docx/003_378100d4189c1d99.docx",
        "seeds/003_378100d4189c1d99.txt",
        "html/100_f996102965cf2f4d.html",
        "sheet/004_669b05754e9fb909.xlsx",
        "pdf/003_378100d4189c1d99.pdf",
    ];
    let mut names = Vec::new();
    for i in 0..24 {
        let src = fixture(sources[i % sources.len()]);
        let ext = src.extension().unwrap().to_str().unwrap().to_string();
        let name = format!("{i:03}.{ext}");
        std::fs::copy(&src, tmp.path().join(&name)).unwrap();
        names.push(name);
    }
    let dir = tmp.path().to_str().unwrap();
    let verdicts = |jobs: &str| -> Vec<String> {
        let o = run(&["check", "-q", "-j", jobs, dir]);
        out(&o).lines().map(String::from).collect()
    };
    let one = verdicts("1");
    let two = verdicts("2");
    assert_eq!(one.len(), 24, "{one:?}");
    assert_eq!(one, two);
    for (line, name) in one.iter().zip(&names) {
        assert!(line.contains(name.as_str()), "{line} before {name}");
    }
    // JSON too: one element per file, in order
    let o = run(&["check", "--format", "json", "-j", "2", dir]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 24);
    for (p, name) in paths.iter().zip(&names) {
        assert!(p.ends_with(name.as_str()), "{p} before {name}");
    }
}

#[test]
fn exit_statuses() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.json"), "{}").unwrap();
    let o = run(&["check", tmp.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert_eq!(e.lines().count(), 1, "{e}");
    assert!(e.contains("没有报告文件"), "{e}");
    assert!(out(&o).is_empty());
    let o = run(&["check", &path("seeds/002_c70a77332f90186d.txt")]);
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["completions", "bash"]);
    assert!(o.status.success() && out(&o).contains("xxgknb"));
    let o = run(&["man"]);
    assert!(o.status.success() && out(&o).contains(".TH xxgknb"));
}

#[test]
fn an_impossible_date_is_a_warning_and_stays_null() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(fixture("seeds/000_b0de168757f90498.txt")).unwrap();
    assert!(text.contains("2023年 1月 18日"));
    let bad = tmp.path().join("bad-date.txt");
    std::fs::write(&bad, text.replace("2023年 1月 18日", "2023年2月30日")).unwrap();
    let bad = bad.to_str().unwrap();
    let o = run(&["parse", bad]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["meta"]["published"], serde_json::Value::Null);
    let f: Vec<&serde_json::Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "DATE_INVALID")
        .collect();
    assert_eq!(f.len(), 1, "{v}");
    assert_eq!(f[0]["severity"], "warning");
    assert!(f[0]["message"].as_str().unwrap().contains("2023年2月30日"));
    assert!(f[0]["message"].as_str().unwrap().contains("只有 28 天"));
}

#[test]
fn a_file_is_read_by_its_content_whatever_its_extension() {
    let tmp = tempfile::tempdir().unwrap();
    let named = tmp.path().join("报告.docx");
    std::fs::copy(fixture("pdf/003_378100d4189c1d99.pdf"), &named).unwrap();
    let o = run(&["parse", named.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["source"]["format"], "pdf");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "FORMAT_MISMATCH")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(f["severity"], "info");
    assert!(f["message"].as_str().unwrap().contains(".docx"));
}

#[test]
fn ingest_lists_unreadable_files_and_exits_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture("seeds/002_c70a77332f90186d.txt"),
        dir.join("ok.txt"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.pdf"), b"%PDF-1.7 broken").unwrap();
    let o = run_in(tmp.path(), &["ingest", "reports"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    let e = err(&o);
    let last: Vec<&str> = e.lines().rev().take(2).collect();
    assert!(last[0].contains("broken.pdf"), "{e}");
    assert!(last[1].contains("1 个文件无法读取"), "{e}");
    assert!(out(&o).contains("1 个无法读取"), "{}", out(&o));
}

#[cfg(unix)]
#[test]
fn a_name_that_is_not_utf8_is_read_and_kept_without_loss() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = tempfile::tempdir().unwrap();
    // 报告 in GBK, as names come out of Windows archives
    let mut name = vec![0xb1, 0xa8, 0xb8, 0xe6];
    name.extend_from_slice(b"2023.txt");
    let file = tmp.path().join(std::ffi::OsStr::from_bytes(&name));
    std::fs::copy(fixture("seeds/002_c70a77332f90186d.txt"), &file).unwrap();
    let o = bin()
        .args(["check".as_ref(), "-q".as_ref(), tmp.path().as_os_str()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(
        out(&o).contains("2023.txt: 互助土族自治县人民政府"),
        "{}",
        out(&o)
    );
    let o = bin()
        .args([
            "check".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
            file.as_os_str(),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let escaped = v[0]["path_escaped"].as_str().unwrap();
    assert!(
        escaped.ends_with("\\xb1\\xa8\\xb8\\xe62023.txt"),
        "{escaped}"
    );
    // the escaped form gives the bytes back: the file reopens
    let back = xxgknb_store::path_from_escaped(escaped).unwrap();
    assert_eq!(back, file);
    assert!(back.is_file());
    // a UTF-8 name needs no escape
    let o = run(&[
        "check",
        "--format",
        "json",
        &path("seeds/002_c70a77332f90186d.txt"),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v[0].get("path_escaped").is_none());
}
