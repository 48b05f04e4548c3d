//! End to end on every fixture that has a truth file: the adapter's
//! document, recognised and validated by `xxgknb_core::analyse`, must give
//! the truth's tables (every cell; blank and 0 are told apart where the
//! truth has a number), the meta the title rows carry, every expected
//! finding and none of the forbidden ones.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use xxgknb_sheet::SheetAdapter;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sheet")
}

/// Every difference between the analysis of `doc_path` and its truth.
fn differences(doc_path: &Path) -> Vec<String> {
    xxgknb_truth::adapter_differences(&SheetAdapter, doc_path)
}

fn check(name: &str) {
    let diffs = differences(&fixtures().join(name));
    assert!(diffs.is_empty(), "{name}:\n  {}", diffs.join("\n  "));
}

#[test]
fn xlsx_000_three_sheets_nonstandard_labels_blank_cells() {
    check("000_b0de168757f90498.xlsx");
}

#[test]
fn xlsx_001_edition_2019() {
    check("001_898da3b058eb999e.xlsx");
}

#[test]
fn xlsx_002_three_sheets_blank_cells() {
    check("002_c70a77332f90186d.xlsx");
}

#[test]
fn xlsx_003_stacked_tables_on_one_sheet() {
    check("003_378100d4189c1d99.xlsx");
}

#[test]
fn xls_003_libreoffice_conversion() {
    check("003_378100d4189c1d99.xls");
}

#[test]
fn xlsx_004_stacked_single_row_other_handling() {
    check("004_669b05754e9fb909.xlsx");
}

#[test]
fn xlsx_100_thousands_number_format() {
    check("100_f996102965cf2f4d.xlsx");
}

#[test]
fn xlsx_101_stacked_tables_zero_cells() {
    check("101_ff9983418608c110.xlsx");
}

#[test]
fn ods_101_libreoffice_conversion() {
    check("101_ff9983418608c110.ods");
}

#[test]
fn xlsx_102_stacked_blank_cells() {
    check("102_5f88a9945c202723.xlsx");
}

#[test]
fn xlsx_103_dash_blanks_variant_character() {
    check("103_8215b758da788e12.xlsx");
}

#[test]
fn every_fixture_with_truth_has_a_test() {
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".truth.json").map(str::to_string))
        .collect();
    names.sort();
    let source = include_str!("truth.rs");
    for n in names {
        assert!(
            source.contains(&format!("check(\"{n}\")")),
            "no truth test for {n}"
        );
    }
}
