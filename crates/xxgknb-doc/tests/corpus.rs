#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly
//! One test per corpus report saved as Word 97-2003 in `fixtures/doc/`:
//! read it with the adapter, run the recogniser and validator, and compare
//! with its `.truth.json` (every cell, blank stays null; meta; expected and
//! forbidden findings). Each is also compared with the DOCX it was
//! converted from (`fixtures/docx/`): the same tables with the same grid
//! shapes, spans, cell texts and positions, and the same paragraphs.

mod common;

use common::read_fixture;
use serde_json::Value;
use xxgknb_core::{Adapter, Block, Document, Limits, Source};
use xxgknb_doc::DocAdapter;
use xxgknb_docx::DocxAdapter;

fn read(name: &str) -> Document {
    let bytes = read_fixture(&format!("doc/{name}.doc"));
    let sniff = DocAdapter.sniff(&bytes, Some("doc")).expect("claimed");
    assert_eq!(sniff.format, "doc");
    DocAdapter.read(&bytes, &Limits::default()).expect("reads")
}

fn check_truth(name: &str) {
    let path = common::fixture(&format!("doc/{name}.doc"));
    xxgknb_truth::assert_adapter_matches(&DocAdapter, &path, "doc");
}

/// (rows, grid width) of each table, and the cells as (text, spans, pos).
type Shape = (usize, usize, Vec<(String, u32, u32, Option<String>)>);

fn shapes(doc: &Document) -> Vec<Shape> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => {
                let g = t.grid();
                let cells = t
                    .rows
                    .iter()
                    .flatten()
                    .map(|c| (c.text.clone(), c.row_span, c.col_span, c.pos.cell.clone()))
                    .collect();
                Some((g.slots.len(), g.width, cells))
            }
            Block::Paragraph(_) => None,
        })
        .collect()
}

fn paragraphs(doc: &Document) -> Vec<(String, Option<u32>)> {
    doc.paragraphs()
        .map(|p| (p.text.clone(), p.pos.line))
        .collect()
}

fn check_same_as_docx(name: &str) {
    let doc = read(name);
    let docx = DocxAdapter
        .read(
            &read_fixture(&format!("docx/{name}.docx")),
            &Limits::default(),
        )
        .expect("docx reads");
    let (a, b) = (shapes(&doc), shapes(&docx));
    assert_eq!(a.len(), b.len(), "{name}: table count");
    assert!(!a.is_empty(), "{name}: has tables");
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        assert_eq!(
            (x.0, x.1),
            (y.0, y.1),
            "{name}: table {} rows × columns",
            i + 1
        );
        assert_eq!(x.2, y.2, "{name}: table {} cells", i + 1);
    }
    assert_eq!(paragraphs(&doc), paragraphs(&docx), "{name}: paragraphs");
}

macro_rules! corpus {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check_truth($file);
                check_same_as_docx($file);
            }
        )*
    };
}

corpus! {
    c000 => "000_b0de168757f90498",
    c001 => "001_898da3b058eb999e",
    c002 => "002_c70a77332f90186d",
    c003_blanks_zero => "003_378100d4189c1d99",
    c004 => "004_669b05754e9fb909",
    c100 => "100_f996102965cf2f4d",
    c101 => "101_ff9983418608c110",
    c102 => "102_5f88a9945c202723",
    c103_fullwidth_digits => "103_8215b758da788e12",
}

/// The comparison can fail: one changed figure is caught by the truth.
#[test]
fn a_changed_cell_is_detected() {
    let name = "100_f996102965cf2f4d";
    let mut doc = read(name);
    assert!(
        xxgknb_truth::change_table_cells(&mut doc, "608", "609"),
        "fixture holds the figure 608"
    );
    let report = xxgknb_core::analyse(
        &doc,
        Source {
            path: name.into(),
            format: "doc".into(),
            sha256: String::new(),
        },
    );
    let out = serde_json::to_value(&report).unwrap();
    let truth: Value =
        serde_json::from_slice(&read_fixture(&format!("doc/{name}.doc.truth.json"))).unwrap();
    assert!(!xxgknb_truth::differences(&out, &truth).is_empty());
}

/// Automatic list numbers (Chinese counting with "、" and "（）", decimal
/// with a following space, restarting below a new heading) read as in
/// the DOCX the file was converted from.
#[test]
fn list_numbers_are_rendered_like_the_docx() {
    let doc = DocAdapter
        .read(
            &read_fixture("doc/lists-chinese-numbering.doc"),
            &Limits::default(),
        )
        .expect("reads");
    let docx = DocxAdapter
        .read(
            &read_fixture("doc/lists-chinese-numbering.docx"),
            &Limits::default(),
        )
        .expect("docx reads");
    let texts: Vec<String> = paragraphs(&doc).into_iter().map(|p| p.0).collect();
    assert_eq!(
        texts,
        vec![
            "报告",
            "一、总体情况",
            "（一）主动公开",
            "（二）依申请公开",
            "1. 第一项",
            "2. 第二项",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "（一）其他",
        ]
    );
    assert_eq!(paragraphs(&doc), paragraphs(&docx));
}
