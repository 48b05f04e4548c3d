//! Every HTML fixture in `fixtures/html/` read by the adapter, run through
//! the recogniser and validator, and compared with its `.truth.json`:
//! every table cell (blank must stay blank), the meta fields, the expected
//! findings (all reported) and the forbidden ones (none reported).

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use std::path::PathBuf;
use xxgknb_html::HtmlAdapter;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/html")
}

fn check(name: &str) {
    xxgknb_truth::assert_adapter_matches(&HtmlAdapter, &fixtures_dir().join(name), "html");
}

macro_rules! fixture_tests {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        /// Every `.html`/`.mht` fixture with a truth file has a test above.
        #[test]
        fn every_fixture_is_tested() {
            let listed = [$($file),*];
            let dir = fixtures_dir();
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => panic!("cannot list {}: {e}", dir.display()),
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let page = name.ends_with(".html") || name.ends_with(".mht");
                if page && dir.join(format!("{name}.truth.json")).exists() {
                    assert!(listed.contains(&name.as_str()), "no test for fixture {name}");
                }
            }
        }
    };
}

fixture_tests! {
    corpus_000_clean_2021_nonstandard_labels => "000_b0de168757f90498.html",
    corpus_001_clean_2019_edition => "001_898da3b058eb999e.html",
    corpus_002_clean_2025 => "002_c70a77332f90186d.html",
    corpus_003_clean_sum_errors => "003_378100d4189c1d99.html",
    corpus_004_clean_balance_errors => "004_669b05754e9fb909.html",
    corpus_100_word_paste_thousands => "100_f996102965cf2f4d.html",
    corpus_101_clean_2022 => "101_ff9983418608c110.html",
    corpus_102_word_paste_nbsp => "102_5f88a9945c202723.html",
    mhtml_102_quoted_printable_gb2312 => "102_5f88a9945c202723.mht",
    corpus_103_fullwidth_digits => "103_8215b758da788e12.html",
    own_qingxi_trs_misaligned_header => "own-qingxi-2022.html",
    own_shiling_word_gbk_2019_yuan => "own-shiling-2020-gbk.html",
}
