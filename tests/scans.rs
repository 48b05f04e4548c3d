//! Scanned reports (issue 13): the image-only PDF and the web page of
//! report pictures made by `scripts/make-scan-fixtures.sh` are read by OCR
//! and match their truth in every table cell and meta field; every value
//! is marked `ocr` in `positions` with its confidence.
//!
//! These tests need `tesseract` with the Chinese model. Without it they
//! are skipped with a message, unless `XXGKNB_REQUIRE_OCR` is set (CI sets
//! it, and installs the packages), when they fail.

// test code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use xxgknb_core::{Limits, Placement};

mod common;

#[test]
fn scanned_fixtures_match_their_truth() {
    if !common::ocr_engine_or_skip("scanned_fixtures_match_their_truth") {
        return;
    }
    let docs = common::fixtures_with_truth("scan");
    assert!(docs.len() >= 2, "{docs:?}");
    for doc in docs {
        let report = match xxgknb::analyse(xxgknb::Input::path(&doc), &common::ocr_limits()) {
            Ok(a) => a.report,
            Err(e) => panic!("{}: {e}", doc.display()),
        };
        let diffs: Vec<String> = xxgknb_truth::report_differences(&report, &doc)
            .into_iter()
            // findings may differ (a value left blank as OCR_UNCERTAIN
            // turns an identity into SUM_UNVERIFIED), and so may a 0 left
            // blank; a number not the cell's own, or a non-zero value
            // missed, may not
            .filter(|d| !d.starts_with("finding") && !d.ends_with("want 0 got null"))
            .collect();
        assert!(diffs.is_empty(), "{}:\n{}", doc.display(), diffs.join("\n"));
        assert!(!report.positions.is_empty());
        for (key, pos) in report.positions.iter() {
            assert_eq!(pos.placement, Some(Placement::Ocr), "{key}: {pos:?}");
            assert!(
                pos.confidence
                    .is_some_and(|c| c >= xxgknb_ocr::MIN_CONFIDENCE),
                "{key}: {pos:?}"
            );
            assert!(pos.page.is_some() && pos.bbox.is_some(), "{key}: {pos:?}");
        }
        let forbidden = ["APP_ROW_SUM", "APP_RESULT_SUM", "APP_BALANCE", "REVIEW_SUM"];
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule == "SUM_UNVERIFIED"
                    && forbidden.iter().any(|r| f.message.contains(r))),
            "a blank of ours must not become an error"
        );
    }
}

#[test]
fn a_scanned_pdf_without_the_engine_names_the_packages() {
    let doc = common::fixture("scan/003_378100d4189c1d99.chrome.scan.pdf");
    let bytes = std::fs::read(&doc).unwrap_or_default();
    let opts = xxgknb_ocr::OcrOptions {
        engine: xxgknb_ocr::Engine {
            binary: "/nonexistent/tesseract".into(),
            ..xxgknb_ocr::Engine::default()
        },
        ..xxgknb_ocr::OcrOptions::default()
    };
    let limits = Limits::default();
    let deadline = xxgknb_core::Deadline::after(limits.time_per_file);
    let e = xxgknb_ocr::read_pdf(&bytes, &limits, &deadline, &opts)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim")
            && e.contains("no text layer"),
        "{e}"
    );
}
