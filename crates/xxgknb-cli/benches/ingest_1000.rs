//! Batch-ingest benchmark: makes 1,000 reports by varying the numbers of the
//! text fixtures in `fixtures/batch`, then runs `xxgknb ingest` on them with
//! `-j 1` and `-j 2`, printing reports/second and (where `/usr/bin/time`
//! exists) the peak resident memory of the process.
//!
//! `cargo bench -p xxgknb-cli --bench ingest_1000`; `XXGKNB_BENCH_REPORTS=N`
//! changes the number of reports.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Shift every count in `text` by `k`, leaving years, dates and document
/// numbers alone, so each generated report has its own bytes and figures.
fn vary(text: &str, k: u64) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let next = chars.get(i).copied().unwrap_or(' ');
            let prev = if start > 0 { chars[start - 1] } else { ' ' };
            let is_year = run.len() == 4 && (run.starts_with("19") || run.starts_with("20"));
            let keep = is_year
                || "年月日号〕.-:/".contains(next)
                || ".-:/〔".contains(prev)
                || run.len() > 9;
            match run.parse::<u64>() {
                Ok(n) if !keep => out.push_str(&(n + k).to_string()),
                _ => out.push_str(&run),
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn templates() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/batch");
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.ends_with(".txt") {
                if let Ok(text) = std::fs::read_to_string(e.path()) {
                    out.push((name, text));
                }
            }
        }
    }
    out.sort();
    out
}

/// A figure from `/usr/bin/time -v` output.
fn time_field(stderr: &str, label: &str) -> Option<f64> {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .and_then(|v| v.trim().parse().ok())
}

fn main() {
    let n: usize = std::env::var("XXGKNB_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let Ok(tmp) = tempfile::tempdir() else {
        eprintln!("cannot make a temporary folder");
        std::process::exit(1);
    };
    let reports = tmp.path().join("reports");
    let templates = templates();
    if templates.is_empty() || std::fs::create_dir_all(&reports).is_err() {
        eprintln!("no templates in fixtures/batch");
        std::process::exit(1);
    }
    for i in 0..n {
        let (name, text) = &templates[i % templates.len()];
        let k = (i / templates.len()) as u64;
        let path = reports.join(format!("{i:05}_{name}"));
        if std::fs::write(&path, vary(text, k)).is_err() {
            eprintln!("cannot write {}", path.display());
            std::process::exit(1);
        }
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_xxgknb"));
    let time = Path::new("/usr/bin/time");
    println!(
        "ingest of {n} generated text reports ({} templates)",
        templates.len()
    );
    for jobs in [1, 2] {
        let db = tmp.path().join(format!("j{jobs}.sqlite"));
        let mut cmd = if time.exists() {
            let mut c = Command::new(time);
            c.arg("-v").arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        cmd.arg("ingest")
            .arg(&reports)
            .arg("--db")
            .arg(&db)
            .arg("-j")
            .arg(jobs.to_string());
        let started = Instant::now();
        let out = match cmd.output() {
            Ok(o) => o,
            Err(e) => {
                eprintln!("cannot run {}: {e}", bin.display());
                std::process::exit(1);
            }
        };
        let secs = started.elapsed().as_secs_f64();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            eprintln!("ingest failed: {stdout}\n{stderr}");
            std::process::exit(1);
        }
        let peak = time_field(&stderr, "Maximum resident set size (kbytes):")
            .map(|kb| format!("{:.1} MB", kb / 1024.0))
            .unwrap_or_else(|| "n/a (no /usr/bin/time)".into());
        let cpu = match (
            time_field(&stderr, "User time (seconds):"),
            time_field(&stderr, "System time (seconds):"),
        ) {
            (Some(u), Some(s)) => format!("{:.2} s CPU", u + s),
            _ => "CPU n/a".into(),
        };
        println!(
            "-j {jobs}: {secs:.2} s wall ({cpu}), {:.0} reports/s, peak memory {peak}; {}",
            n as f64 / secs,
            stdout.lines().next().unwrap_or("")
        );
    }
}
