//! Every HTML fixture in `fixtures/html/` read by the adapter, run through
//! the recogniser and validator, and compared with its `.truth.json`:
//! every table cell (blank must stay blank), the meta fields, the expected
//! findings (all reported) and the forbidden ones (none reported).

use serde_json::Value;
use std::path::PathBuf;
use xxgknb_core::{analyse, Adapter, Limits, Source};
use xxgknb_html::HtmlAdapter;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/html")
}

fn load_json(path: &PathBuf) -> Value {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("bad JSON in {}: {e}", path.display()),
    }
}

/// Leaf values of a JSON object keyed by dotted path.
fn flatten(v: &Value, prefix: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(x, &p, out);
            }
        }
        _ => out.push((prefix.to_string(), v.clone())),
    }
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |cur, part| cur.get(part))
}

/// Same value: both blank, or numbers equal to 1e-6.
fn same(got: Option<&Value>, want: &Value) -> bool {
    let got = got.unwrap_or(&Value::Null);
    match (got.as_f64(), want.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-6,
        _ => got.is_null() && want.is_null(),
    }
}

fn check(name: &str) {
    let path = fixtures_dir().join(name);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let truth = load_json(&fixtures_dir().join(format!("{name}.truth.json")));
    let sniff = HtmlAdapter.sniff(&bytes, Some("html"));
    assert_eq!(sniff.map(|s| s.format), Some("html"), "{name}: sniff");
    let doc = match HtmlAdapter.read(&bytes, &Limits::default()) {
        Ok(d) => d,
        Err(e) => panic!("{name}: read failed: {e}"),
    };
    let report = analyse(
        &doc,
        Source {
            path: name.to_string(),
            format: doc.format.clone(),
            sha256: String::new(),
        },
    );
    let out = match serde_json::to_value(&report) {
        Ok(v) => v,
        Err(e) => panic!("{name}: cannot serialise report: {e}"),
    };
    let mut problems = Vec::new();

    // tables, cell by cell (paths listed as uncertain are skipped)
    let uncertain: Vec<&str> = truth["uncertain"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut cells = Vec::new();
    flatten(&truth["tables"], "", &mut cells);
    assert!(!cells.is_empty(), "{name}: truth has no table cells");
    for (p, want) in &cells {
        if uncertain.contains(&p.as_str()) {
            continue;
        }
        let got = lookup(&out["tables"], p);
        if !same(got, want) {
            problems.push(format!("tables.{p}: want {want}, got {got:?}"));
        }
    }

    // meta
    let tm = &truth["meta"];
    let om = &out["meta"];
    if om["year"] != tm["year"] {
        problems.push(format!(
            "meta.year: want {}, got {}",
            tm["year"], om["year"]
        ));
    }
    if let Some(key) = tm["agency_key"].as_str() {
        if !om["agency"].as_str().is_some_and(|a| a.contains(key)) {
            problems.push(format!("meta.agency: want …{key}…, got {}", om["agency"]));
        }
    }
    for k in ["published", "format_edition", "doc_number"] {
        let want = &tm[k];
        let got = &om[k];
        let ok = if want.is_null() {
            got.is_null() || got.as_str() == Some("")
        } else {
            got == want
        };
        if !ok {
            problems.push(format!("meta.{k}: want {want}, got {got}"));
        }
    }
    if !tm["period"].is_null() && om["period"] != tm["period"] {
        problems.push(format!(
            "meta.period: want {}, got {}",
            tm["period"], om["period"]
        ));
    }

    // findings
    let got: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    let ids = |k: &str| -> Vec<String> {
        truth[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    for want in ids("expected_findings") {
        if !got.contains(&want.as_str()) {
            problems.push(format!("finding {want}: expected, not reported"));
        }
    }
    for bad in ids("forbidden_findings") {
        if got.contains(&bad.as_str()) {
            problems.push(format!("finding {bad}: reported, forbidden"));
        }
    }
    assert!(problems.is_empty(), "{name}:\n  {}", problems.join("\n  "));
}

macro_rules! fixture_tests {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        /// Every `.html` fixture with a truth file has a test above.
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
                if name.ends_with(".html") && dir.join(format!("{name}.truth.json")).exists() {
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
    corpus_103_fullwidth_digits => "103_8215b758da788e12.html",
    own_qingxi_trs_misaligned_header => "own-qingxi-2022.html",
    own_shiling_word_gbk_2019_yuan => "own-shiling-2020-gbk.html",
}
