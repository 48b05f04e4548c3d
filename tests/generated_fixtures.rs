//! The fixtures made by `scripts/make-text-fixtures.sh` (issue 10, item 7):
//! `pdftotext -layout` and plain `pdftotext` text of every fixture PDF, and
//! the corpus DOCX printed again by LibreOffice with other fonts and column
//! widths. No truth cell may get a number that is not its own (`wrong`),
//! and no forbidden finding may be raised, except in the files listed in
//! [`KNOWN_WRONG`] (empty today: a file that goes wrong is a regression,
//! listed there only with an issue open for it); the files in
//! [`FULL_MATCH`] match their truth entirely.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use serde_json::Value;

mod common;

/// Generated fixtures that match their truth in every cell, meta field and
/// finding today.
const FULL_MATCH: &[&str] = &[
    "pdf/rerender/000_b0de168757f90498.sans.pdf",
    "pdf/rerender/000_b0de168757f90498.serif.pdf",
    "pdf/rerender/001_898da3b058eb999e.sans.pdf",
    "pdf/rerender/001_898da3b058eb999e.serif.pdf",
    "pdf/rerender/002_c70a77332f90186d.sans.pdf",
    "pdf/rerender/002_c70a77332f90186d.serif.pdf",
    "pdf/rerender/003_378100d4189c1d99.sans.pdf",
    "pdf/rerender/003_378100d4189c1d99.serif.pdf",
    "pdf/rerender/004_669b05754e9fb909.sans.pdf",
    "pdf/rerender/004_669b05754e9fb909.serif.pdf",
    "pdf/rerender/100_f996102965cf2f4d.sans.pdf",
    "pdf/rerender/100_f996102965cf2f4d.serif.pdf",
    "pdf/rerender/101_ff9983418608c110.sans.pdf",
    "pdf/rerender/101_ff9983418608c110.serif.pdf",
    "pdf/rerender/102_5f88a9945c202723.sans.pdf",
    "pdf/rerender/102_5f88a9945c202723.serif.pdf",
    "pdf/rerender/103_8215b758da788e12.sans.pdf",
    "pdf/rerender/103_8215b758da788e12.serif.pdf",
    "text/layout/000_b0de168757f90498.chrome.layout.txt",
    "text/layout/000_b0de168757f90498.layout.txt",
    "text/layout/000_b0de168757f90498.sans.layout.txt",
    "text/layout/000_b0de168757f90498.serif.layout.txt",
    "text/layout/001_898da3b058eb999e.sans.layout.txt",
    "text/layout/001_898da3b058eb999e.serif.layout.txt",
    "text/layout/003_378100d4189c1d99.chrome.layout.txt",
    "text/layout/003_378100d4189c1d99.layout.txt",
    "text/layout/003_378100d4189c1d99.sans.layout.txt",
    "text/layout/003_378100d4189c1d99.serif.layout.txt",
    "text/layout/004_669b05754e9fb909.sans.layout.txt",
    "text/layout/004_669b05754e9fb909.serif.layout.txt",
    "text/layout/100_f996102965cf2f4d.chrome.layout.txt",
    "text/layout/100_f996102965cf2f4d.layout.txt",
    "text/layout/100_f996102965cf2f4d.sans.layout.txt",
    "text/layout/100_f996102965cf2f4d.serif.layout.txt",
    "text/layout/101_ff9983418608c110.sans.layout.txt",
    "text/layout/101_ff9983418608c110.serif.layout.txt",
    "text/layout/103_8215b758da788e12.chrome.layout.txt",
    "text/layout/103_8215b758da788e12.layout.txt",
    "text/layout/103_8215b758da788e12.serif.layout.txt",
];

/// Generated fixtures that still get a wrong number or a forbidden finding
/// (empty since issue 10: a file here is a regression with an open issue).
/// Remove a file from here as soon as it is clean.
const KNOWN_WRONG: &[&str] = &[];

const DIRS: [&str; 3] = ["text/layout", "text/raw", "pdf/rerender"];

/// Truth cells given a number that is not theirs, and forbidden findings
/// raised.
fn wrong_and_forbidden(diffs: &[String]) -> Vec<String> {
    diffs
        .iter()
        .filter(|d| {
            if d.ends_with("reported, not expected") {
                return true;
            }
            if !d.starts_with("tables.") {
                return false;
            }
            // "tables.x.y.z: want W got G": wrong when G is a number
            d.rsplit_once(" got ")
                .is_some_and(|(_, got)| got.parse::<f64>().is_ok())
        })
        .cloned()
        .collect()
}

#[test]
fn generated_fixtures_get_no_wrong_number_and_no_forbidden_finding() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for dir in DIRS {
        let docs = common::fixtures_with_truth(dir);
        assert!(
            !docs.is_empty(),
            "no generated fixtures under fixtures/{dir}"
        );
        for d in docs {
            seen += 1;
            let name = format!(
                "{dir}/{}",
                d.file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            );
            let truth = xxgknb_truth::load_truth(&d).unwrap_or_else(|e| panic!("{e}"));
            let report = serde_json::to_value(common::parse(&d)).unwrap_or(Value::Null);
            let diffs = xxgknb_truth::differences(&report, &truth);
            if std::env::var_os("GENFIX_STATUS").is_some() {
                let bad = wrong_and_forbidden(&diffs);
                let status = if diffs.is_empty() {
                    "FULL"
                } else if bad.is_empty() {
                    "OK"
                } else {
                    "WRONG"
                };
                eprintln!("STATUS {status} {name}");
                for b in &bad {
                    eprintln!("    {b}");
                }
            }
            if FULL_MATCH.contains(&name.as_str()) {
                if !diffs.is_empty() {
                    failures.push(format!(
                        "{name} (full match expected):\n  {}",
                        diffs.join("\n  ")
                    ));
                }
                continue;
            }
            let bad = wrong_and_forbidden(&diffs);
            let known = KNOWN_WRONG.contains(&name.as_str());
            if !bad.is_empty() && !known {
                failures.push(format!("{name}:\n  {}", bad.join("\n  ")));
            }
            if bad.is_empty() && known {
                failures.push(format!("{name}: no longer wrong, take it off KNOWN_WRONG"));
            }
        }
    }
    assert!(
        seen >= FULL_MATCH.len(),
        "fixtures missing: run scripts/make-text-fixtures.sh"
    );
    for f in FULL_MATCH.iter().chain(KNOWN_WRONG) {
        assert!(common::fixture(f).exists(), "{f} listed but missing");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
