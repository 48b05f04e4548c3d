//! Word 97-2003 `.doc` fixtures through the whole pipeline (registry
//! sniffing, the doc adapter, recogniser, validation) against their truth.

mod common;

#[test]
fn doc_fixtures_match_their_truth() {
    common::assert_fixtures_match("doc");
}
