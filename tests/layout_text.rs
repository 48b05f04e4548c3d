//! `pdftotext -layout` renderings (columns carry the table layout, labels
//! wrap around their numbers, a review table with blank cells left empty)
//! and the seeds kept for the batch tests must match their truth.

mod common;

#[test]
fn layout_text_and_batch_fixtures_match_truth() {
    common::assert_fixtures_match("batch");
}
