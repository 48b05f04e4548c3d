#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly
//! One test per corpus DOCX in `fixtures/docx/`: read it with the adapter,
//! run the recogniser and validator (`xxgknb_core::analyse`), and compare
//! with the file's `.truth.json`: every table cell (a blank cell must stay
//! null, never 0; paths in `uncertain` are not compared), the meta fields,
//! and the expected / forbidden finding rule ids.

use serde_json::Value;
use std::path::PathBuf;
use xxgknb_core::{Adapter, Limits, Source};
use xxgknb_docx::DocxAdapter;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/docx")
        .join(name)
}

fn check(name: &str) {
    xxgknb_truth::assert_adapter_matches(&DocxAdapter, &fixture(name), "docx");
}

macro_rules! corpus {
    ($($test:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*
    };
}

corpus! {
    c000_hzt_2022_edition_2019_labels => "000_b0de168757f90498.docx",
    c001_hzx_2020_edition_2019 => "001_898da3b058eb999e.docx",
    c002_hzt_2025 => "002_c70a77332f90186d.docx",
    c003_mh_2023_blanks_zero => "003_378100d4189c1d99.docx",
    c004_gc_2022_not_full_year => "004_669b05754e9fb909.docx",
    c100_hd_2023_tbl_header_thousands => "100_f996102965cf2f4d.docx",
    c101_hl_2022 => "101_ff9983418608c110.docx",
    c102_hl_2023_text_table_mismatch => "102_5f88a9945c202723.docx",
    c103_cb_2024_fullwidth_digits => "103_8215b758da788e12.docx",
    lo_100_from_html_word_paste => "libreoffice/100_f996102965cf2f4d.from-html.docx",
    lo_102_from_html_nbsp => "libreoffice/102_5f88a9945c202723.from-html.docx",
    lo_003_resaved => "libreoffice/003_378100d4189c1d99.resaved.docx",
}

/// The comparison itself must be able to fail: a tampered document (one
/// applications cell changed) is caught.
#[test]
fn a_changed_cell_is_detected() {
    let name = "100_f996102965cf2f4d.docx";
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    let mut doc = DocxAdapter.read(&bytes, &Limits::default()).expect("reads");
    assert!(
        xxgknb_truth::change_table_cells(&mut doc, "608", "609"),
        "fixture holds the figure 608"
    );
    let report = xxgknb_core::analyse(
        &doc,
        Source {
            path: name.into(),
            format: "docx".into(),
            sha256: String::new(),
        },
    );
    let out = serde_json::to_value(&report).expect("serialises");
    assert_eq!(
        out["tables"]["applications"]["new_received"].get("natural_person"),
        Some(&Value::from(609))
    );
    let rules: Vec<&str> = out["findings"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f["rule"].as_str()).collect())
        .unwrap_or_default();
    assert!(rules.contains(&"APP_ROW_SUM"), "{rules:?}");
}
