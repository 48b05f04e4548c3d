//! The five seed reports (plain text in five different renderings) must
//! match their ground truth exactly: tables cell by cell (blank stays
//! null), meta, and the rule ids found.

mod common;

#[test]
fn seed_000_one_cell_per_line() {
    let d = common::differences(&common::fixture("seeds/000_b0de168757f90498.txt"));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn seed_001_pipe_tables_shifted_rows_split_table() {
    let d = common::differences(&common::fixture("seeds/001_898da3b058eb999e.txt"));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn seed_002_pipe_tables_2021_edition() {
    let d = common::differences(&common::fixture("seeds/002_c70a77332f90186d.txt"));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn seed_003_seven_numbers_per_row_wrapped_labels() {
    let d = common::differences(&common::fixture("seeds/003_378100d4189c1d99.txt"));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn seed_004_tab_rows_extra_column() {
    let d = common::differences(&common::fixture("seeds/004_669b05754e9fb909.txt"));
    assert!(d.is_empty(), "{d:#?}");
}

#[test]
fn gbk_and_utf16_text_read_like_utf8() {
    common::assert_fixtures_match("text");
}

#[test]
fn blank_cells_stay_null() {
    let r = common::parse(&common::fixture("seeds/000_b0de168757f90498.txt"));
    let apps = r.tables.applications.as_ref().expect("applications table");
    assert_eq!(apps.value("carried_over", "total"), None);
    assert_eq!(apps.value("new_received", "total"), Some(9.0));
    let json = serde_json::to_value(&r).expect("json");
    assert!(json["tables"]["applications"]["carried_over"]["total"].is_null());
}
