//! Report pictures where they sit (issue 13): a mixed PDF (text page plus
//! scanned table pages), a DOCX whose report is page pictures in
//! `word/media` (JPEG and PNG), and a saved web page whose `<img>` files
//! sit beside it, all made by `scripts/make-picture-fixtures.sh`, are read
//! and match their truth; the scanned values are marked `ocr`, the text
//! layer's pages are not read again.
//!
//! The OCR tests need `tesseract` with the Chinese model. Without it they
//! are skipped with a message, unless `XXGKNB_REQUIRE_OCR` is set (CI sets
//! it, and installs the packages), when they fail.

// test code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;
use xxgknb_core::{Block, Limits, Placement};

mod common;

const NAME: &str = "003_378100d4189c1d99.chrome";

fn fixture(kind: &str) -> PathBuf {
    common::fixture(&format!("pictures/{NAME}.{kind}"))
}

/// The fixture read by the whole pipeline matches its truth (a 0 left
/// blank and findings aside, as in tests/scans.rs); every value is OCR's.
fn assert_read_by_ocr(kind: &str) -> xxgknb::Analysis {
    let doc = fixture(kind);
    let analysis = match xxgknb::analyse(xxgknb::Input::path(&doc), &common::ocr_limits()) {
        Ok(a) => a,
        Err(e) => panic!("{}: {e}", doc.display()),
    };
    let diffs: Vec<String> = xxgknb_truth::report_differences(&analysis.report, &doc)
        .into_iter()
        .filter(|d| !d.starts_with("finding") && !d.ends_with("want 0 got null"))
        .collect();
    assert!(diffs.is_empty(), "{}:\n{}", doc.display(), diffs.join("\n"));
    assert!(!analysis.report.positions.is_empty());
    for (key, pos) in analysis.report.positions.iter() {
        assert_eq!(pos.placement, Some(Placement::Ocr), "{key}: {pos:?}");
        assert!(pos.page.is_some() && pos.bbox.is_some(), "{key}: {pos:?}");
    }
    analysis
}

fn block_page(b: &Block) -> Option<u32> {
    match b {
        Block::Paragraph(p) => p.pos.page,
        Block::Table(t) => t.pos.page,
    }
}

fn has_confidence(b: &Block) -> bool {
    match b {
        Block::Paragraph(p) => p.pos.confidence.is_some(),
        Block::Table(t) => t.rows.iter().flatten().any(|c| c.pos.confidence.is_some()),
    }
}

#[test]
fn the_pdf_adapter_lists_the_scanned_pages_only() {
    // the format adapter alone, without the facade's OCR
    let registry = xxgknb::registry();
    let bytes = std::fs::read(fixture("mixed.pdf")).unwrap_or_default();
    let doc = registry
        .read(&bytes, Some("pdf"), &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.pages_without_text, vec![2, 3]);
    for text_pdf in common::fixtures_with_truth("pdf") {
        let bytes = std::fs::read(&text_pdf).unwrap_or_default();
        if let Ok(doc) = registry.read(&bytes, Some("pdf"), &Limits::default()) {
            assert!(
                doc.pages_without_text.is_empty(),
                "{}: {:?}",
                text_pdf.display(),
                doc.pages_without_text
            );
        }
    }
}

#[test]
fn a_mixed_pdf_is_read_page_by_page() {
    if !common::ocr_engine_or_skip("a_mixed_pdf_is_read_page_by_page") {
        return;
    }
    let analysis = assert_read_by_ocr("mixed.pdf");
    let blocks = &analysis.document.blocks;
    assert_eq!(analysis.document.format, "pdf");
    let pages: Vec<u32> = blocks.iter().filter_map(block_page).collect();
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    // page 1 from its text layer, pages 2 and 3 by OCR
    for b in blocks {
        let page = block_page(b).unwrap_or(0);
        assert_eq!(has_confidence(b), page >= 2, "page {page}: {b:?}");
    }
    assert!(pages.contains(&1) && pages.contains(&2) && pages.contains(&3));
}

#[test]
fn a_docx_of_page_pictures_is_read_by_ocr() {
    if !common::ocr_engine_or_skip("a_docx_of_page_pictures_is_read_by_ocr") {
        return;
    }
    let analysis = assert_read_by_ocr("pictures.docx");
    assert_eq!(analysis.document.format, "docx");
    let pages: Vec<u32> = analysis
        .document
        .blocks
        .iter()
        .filter_map(block_page)
        .collect();
    // the three pictures (JPEG, PNG, JPEG) in document order
    assert!(pages.windows(2).all(|w| w[0] <= w[1]), "{pages:?}");
    assert_eq!(pages.last(), Some(&3));
}

#[test]
fn pictures_beside_a_saved_page_are_read_from_its_folder() {
    if !common::ocr_engine_or_skip("pictures_beside_a_saved_page_are_read_from_its_folder") {
        return;
    }
    let analysis = assert_read_by_ocr("files.html");
    let pages: Vec<u32> = analysis
        .document
        .blocks
        .iter()
        .filter_map(block_page)
        .collect();
    // page1.jpg, page2.png, page3.jpg; the `..`, absolute and http pictures
    // are not read
    assert_eq!(pages.iter().max(), Some(&3), "{pages:?}");
}

#[test]
fn a_page_given_as_bytes_opens_no_file_beside_it() {
    let path = fixture("files.html");
    let bytes = std::fs::read(&path).unwrap_or_default();
    let r = xxgknb::analyse(xxgknb::Input::bytes(path, bytes), &Limits::default());
    assert!(matches!(r, Err(xxgknb::Error::NotAReport { .. })), "{r:?}");
}

#[test]
fn a_mixed_pdf_without_the_engine_names_the_packages() {
    let bytes = std::fs::read(fixture("mixed.pdf")).unwrap_or_default();
    let opts = xxgknb_ocr::OcrOptions {
        engine: xxgknb_ocr::Engine {
            binary: "/nonexistent/tesseract".into(),
            ..xxgknb_ocr::Engine::default()
        },
        ..xxgknb_ocr::OcrOptions::default()
    };
    let limits = Limits::default();
    let deadline = xxgknb_core::Deadline::after(limits.time_per_file);
    let e = xxgknb_ocr::read_pdf_pages(&bytes, &[2, 3], &limits, &deadline, &opts)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        e.contains("apt-get install tesseract-ocr tesseract-ocr-chi-sim"),
        "{e}"
    );
    // a listed page whose picture is not a page (here: a text page's
    // nothing) is not read, and the engine is not looked for
    let none = xxgknb_ocr::read_pdf_pages(&bytes, &[1], &limits, &deadline, &opts);
    assert!(matches!(none, Ok(None)), "{none:?}");
}
