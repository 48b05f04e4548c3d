//! The repo's own HTML fixtures printed to PDF by other producers than the
//! corpus uses (`scripts/make-producer-pdfs.sh`, into
//! `fixtures/pdf/producers/`, each with its source's truth):
//!
//! - wkhtmltopdf (`*.wk.pdf`): ruled tables painted whole on every page they
//!   touch (clipped), cell borders a few points apart, rows cut by page
//!   breaks boxed per cell, tab glyphs between cells and glyphs mapped to
//!   CJK radical code points (`⼀` for 一). They must read exactly.
//! - WeasyPrint (`*.wp.pdf`): the same pages unruled, so the tables come
//!   through layout text; what the PDF side owes them is checked here.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};
use xxgknb_core::model::Source;
use xxgknb_core::{Adapter, Block, Limits};
use xxgknb_pdf::PdfAdapter;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf/producers")
}

fn pdfs(suffix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(suffix))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn read(path: &Path) -> xxgknb_core::Document {
    let bytes = std::fs::read(path).unwrap_or_default();
    PdfAdapter
        .read(&bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn misses(path: &Path, doc: &xxgknb_core::Document) -> Vec<String> {
    xxgknb_truth::report_differences(&xxgknb_core::analyse(doc, Source::default()), path)
}

fn all_text(doc: &xxgknb_core::Document) -> String {
    let mut s = String::new();
    for b in &doc.blocks {
        match b {
            Block::Paragraph(p) => s.push_str(&p.text),
            Block::Table(t) => {
                for c in t.rows.iter().flatten() {
                    s.push_str(&c.text);
                }
            }
        }
        s.push('\n');
    }
    s
}

#[test]
fn wkhtmltopdf_pdfs_match_truth() {
    let files = pdfs(".wk.pdf");
    assert!(
        files.len() >= 3,
        "fixtures missing: {}",
        fixtures().display()
    );
    let mut all = Vec::new();
    for f in &files {
        for m in misses(f, &read(f)) {
            all.push(format!("{}: {m}", f.display()));
        }
    }
    assert!(all.is_empty(), "{} misses:\n{}", all.len(), all.join("\n"));
}

#[test]
fn radical_code_points_become_ideographs() {
    // wkhtmltopdf's ToUnicode maps 一 人 民 行 … to Kangxi radicals and CJK
    // Radicals Supplement code points; none may reach the document
    for f in pdfs(".wk.pdf") {
        let text = all_text(&read(&f));
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| xxgknb_core::ideographs::unified(c) != c)
            .collect();
        assert!(bad.is_empty(), "{}: radicals {bad:?}", f.display());
        assert!(text.contains("人民政府"), "{}", f.display());
    }
}

#[test]
fn neighbouring_cells_are_never_glued() {
    // every table cell with digits holds at most one number, and no cell
    // text carries a tab (wkhtmltopdf prints one between cells)
    for f in pdfs(".wk.pdf") {
        for b in &read(&f).blocks {
            if let Block::Table(t) = b {
                for c in t.rows.iter().flatten() {
                    assert!(!c.text.contains('\t'), "{}: {:?}", f.display(), c.text);
                    let numbers = c
                        .text
                        .split(|ch: char| !(ch.is_ascii_digit() || ch == ','))
                        .filter(|s| !s.is_empty())
                        .count();
                    if c.text
                        .chars()
                        .all(|ch| ch.is_ascii_digit() || ch == ',' || ch == '件')
                    {
                        assert!(numbers <= 1, "{}: {:?}", f.display(), c.text);
                    }
                }
            }
        }
    }
}

#[test]
fn weasyprint_pdfs_read_through_layout_text() {
    // unruled: no application table comes as a grid; the rows that the
    // layout text carries on one line each (new requests) and the active
    // disclosure tables read right, and meta that does not depend on the
    // page's own metadata box (year, period) is right
    let files = pdfs(".wp.pdf");
    assert!(
        files.len() >= 3,
        "fixtures missing: {}",
        fixtures().display()
    );
    for f in &files {
        let doc = read(f);
        let text = all_text(&doc);
        assert!(text.contains("人民政府"), "{}", f.display());
        let miss = misses(f, &doc);
        for m in &miss {
            println!("{}: {m}", f.display());
        }
        let hard: Vec<&String> = miss
            .iter()
            .filter(|m| {
                m.contains("tables.active.")
                    || m.contains("applications.new_received.")
                    || m.contains("meta.year")
                    || m.contains("meta.period")
            })
            .collect();
        assert!(hard.is_empty(), "{}: {hard:?}", f.display());
    }
}
