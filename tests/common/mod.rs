//! Shared test support: compare a parsed report with a `*.truth.json`.

#![allow(dead_code)]

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
    xxgknb_truth::documents_with_truth(&fixture(dir))
}

/// Parse a fixture with the same pipeline as `xxgknb parse`.
pub fn parse(doc: &Path) -> Report {
    match xxgknb::analyse(xxgknb::Input::path(doc), &Limits::default()) {
        Ok(a) => a.report,
        Err(e) => panic!("{}: parse failed: {e}", doc.display()),
    }
}

/// Differences between a fixture's report and its truth (empty = matches).
pub fn differences(doc: &Path) -> Vec<String> {
    xxgknb_truth::report_differences(&parse(doc), doc)
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

/// Is the OCR engine there? Skips (or, with XXGKNB_REQUIRE_OCR, fails):
/// the gate of every test that reads pictures.
pub fn ocr_engine_or_skip(test: &str) -> bool {
    match xxgknb_ocr::check_engine(&xxgknb_ocr::Engine::default()) {
        Ok(()) => true,
        Err(e) if std::env::var_os("XXGKNB_REQUIRE_OCR").is_some() => {
            panic!("{test}: XXGKNB_REQUIRE_OCR is set but {e}")
        }
        Err(e) => {
            eprintln!("SKIPPED {test}: {e}");
            false
        }
    }
}

/// Limits for reading scans and pictures: OCR takes far longer than the
/// default per-file time on a loaded machine.
pub fn ocr_limits() -> Limits {
    Limits {
        time_per_file: std::time::Duration::from_secs(300),
        ..Limits::default()
    }
}
