//! Corpus PDFs (LibreOffice and Chromium renderings, copied into
//! `fixtures/pdf/` with their truth) read, recognised and compared with the
//! truth the way `score.py` does; plus robustness on damaged bytes.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use xxgknb_core::model::Source;
use xxgknb_core::{Adapter, AdapterError, Block, Limits};
use xxgknb_pdf::PdfAdapter;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf")
}

fn pdfs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Read one file and compare its report with its truth; returns the misses.
fn misses(path: &Path) -> Vec<String> {
    xxgknb_truth::adapter_differences(&PdfAdapter, path)
}

/// Compare a document's report with the truth of `path`.
fn compare(path: &Path, doc: &xxgknb_core::Document) -> Vec<String> {
    xxgknb_truth::report_differences(&xxgknb_core::analyse(doc, Source::default()), path)
}

#[test]
fn corpus_pdfs_match_truth() {
    let files = pdfs();
    assert!(
        files.len() >= 8,
        "fixtures missing: {}",
        fixtures().display()
    );
    let mut all = Vec::new();
    for f in &files {
        for m in misses(f) {
            all.push(format!("{}: {m}", f.display()));
        }
    }
    assert!(all.is_empty(), "{} misses:\n{}", all.len(), all.join("\n"));
}

#[test]
fn numbers_come_out_whole_and_no_glyph_is_doubled() {
    // every table cell that holds digits holds one whole number (with
    // its unit): no cell is a fragment like "31" + "19"
    for f in pdfs() {
        let bytes = std::fs::read(&f).unwrap_or_default();
        let doc = PdfAdapter
            .read(&bytes, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for b in &doc.blocks {
            if let Block::Table(t) = b {
                for c in t.rows.iter().flatten() {
                    let digits: Vec<&str> = c
                        .text
                        .split(|ch: char| !(ch.is_ascii_digit() || ch == ',' || ch == '.'))
                        .filter(|s| s.chars().any(|ch| ch.is_ascii_digit()))
                        .collect();
                    if c.text.chars().all(|ch| ch.is_ascii_digit() || ch == ',') {
                        assert!(
                            digits.len() <= 1,
                            "{}: split number {:?}",
                            f.display(),
                            c.text
                        );
                    }
                }
            }
        }
        let text: String = doc.paragraphs().map(|p| p.text.as_str()).collect();
        assert!(
            !text.contains("政政府府") && !text.contains("公公开开"),
            "{}: doubled glyphs",
            f.display()
        );
    }
}

#[test]
fn damaged_files_never_panic_or_hang() {
    let Some(f) = pdfs().into_iter().next() else {
        panic!("no fixtures");
    };
    let bytes = std::fs::read(&f).unwrap_or_default();
    let limits = Limits {
        time_per_file: Duration::from_secs(20),
        ..Limits::default()
    };
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for frac in [0.05, 0.3, 0.5, 0.7, 0.9, 0.99] {
        cases.push(bytes[..(bytes.len() as f64 * frac) as usize].to_vec());
    }
    // flipped bytes all over the file
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..6 {
        let mut b = bytes.clone();
        for _ in 0..200 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let i = (x as usize) % b.len();
            b[i] = (x >> 32) as u8;
        }
        cases.push(b);
    }
    // random bytes behind a header
    let mut junk = b"%PDF-1.7\n".to_vec();
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        junk.push(x as u8);
    }
    cases.push(junk);
    for (i, c) in cases.iter().enumerate() {
        let t = Instant::now();
        let r = PdfAdapter.read(c, &limits);
        assert!(
            !matches!(r, Err(AdapterError::Internal { .. })),
            "case {i}: caught a panic: {r:?}"
        );
        assert!(t.elapsed() < Duration::from_secs(30), "case {i} too slow");
    }
}

/// Read a PDF the adapter's way but with every ruling line removed, so
/// tables must come through the text-column (layout) fallback.
fn read_without_rules(bytes: &[u8]) -> xxgknb_core::Document {
    use xxgknb_pdf::{assemble, interp};
    let doc = lopdf::Document::load_mem(bytes).unwrap_or_default();
    let limits = Limits::default();
    let mut it = interp::Interpreter::new(
        &doc,
        &limits,
        &xxgknb_core::Deadline::after(limits.time_per_file),
    );
    let mut pages = Vec::new();
    for (no, id) in doc.get_pages() {
        if let Ok(mut c) = it.page(id) {
            c.segments.clear();
            pages.push(assemble::page_lines(no, c));
        }
    }
    assemble::strip_margins(&mut pages);
    let mut out = xxgknb_core::Document::new("pdf");
    assemble::assemble(&mut out, &pages);
    out
}

#[test]
fn unruled_tables_fall_back_to_layout_text() {
    // Without rules the tables reach the recogniser as space-padded layout
    // lines. The LibreOffice renderings must still read completely; the
    // Chromium ones split table rows across pages, which layout text
    // cannot always put back together (their misses are only printed).
    let mut strict = 0;
    for f in pdfs() {
        let bytes = std::fs::read(&f).unwrap_or_default();
        let doc = read_without_rules(&bytes);
        assert_eq!(doc.table_count(), 0);
        let miss = compare(&f, &doc);
        let chrome = f.to_string_lossy().ends_with(".chrome.pdf");
        for m in &miss {
            println!("{}: {m}", f.display());
        }
        if !chrome {
            strict += 1;
            assert!(miss.is_empty(), "{}: {} misses", f.display(), miss.len());
        }
    }
    assert!(strict >= 4);
}
