//! Store-only benchmark: ingest 1,000 ready-made MODEL.md objects (the batch
//! fixtures' truth tables with varied numbers), so the time is the store's
//! own (hashing, one transaction per report, cells/findings/sections rows,
//! cross-year pass), without any document parsing.
//!
//! `cargo bench -p xxgknb-store --bench store_write`

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use serde_json::{json, Value};
use std::path::Path;
use std::time::Instant;
use xxgknb_store::{ingest, Options, Store};

fn vary(v: &mut Value, k: i64) {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                *v = json!(i + k);
            }
        }
        Value::Object(m) => m.values_mut().for_each(|x| vary(x, k)),
        Value::Array(a) => a.iter_mut().for_each(|x| vary(x, k)),
        _ => {}
    }
}

fn main() {
    let n: usize = std::env::var("XXGKNB_BENCH_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/batch");
    let mut models = Vec::new();
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if e.file_name().to_string_lossy().ends_with(".truth.json") {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                if let Ok(truth) = serde_json::from_str::<Value>(&t) {
                    models.push(json!({
                        "source": {"format": "txt"},
                        "meta": truth["meta"],
                        "sections": [{"number": 1, "title": "总体情况", "text": "……"}],
                        "tables": truth["tables"],
                        "findings": [{"rule": "APP_BALANCE", "severity": "error", "message": "m", "location": {"table": "applications"}}],
                    }));
                }
            }
        }
    }
    let Ok(tmp) = tempfile::tempdir() else {
        eprintln!("cannot make a temporary folder");
        std::process::exit(1);
    };
    let mut files = Vec::new();
    for i in 0..n {
        let Some(m) = models.get(i % models.len().max(1)) else {
            eprintln!("no truth files in fixtures/batch");
            std::process::exit(1);
        };
        let mut m = m.clone();
        vary(&mut m["tables"], (i / models.len()) as i64);
        let p = tmp.path().join(format!("{i:05}.json"));
        if std::fs::write(&p, m.to_string()).is_err() {
            std::process::exit(1);
        }
        files.push(p);
    }
    let parse = |_: &Path, b: &[u8]| serde_json::from_slice::<Value>(b).map_err(|e| e.to_string());
    let Ok(mut store) = Store::open(&tmp.path().join("bench.sqlite")) else {
        eprintln!("cannot open the store");
        std::process::exit(1);
    };
    let opts = Options {
        jobs: 1,
        tool_version: "bench".into(),
        ..Options::default()
    };
    let t = Instant::now();
    match ingest(&mut store, &files, &parse, &opts, &mut |_| {}) {
        Ok(s) => {
            let secs = t.elapsed().as_secs_f64();
            println!(
                "store only: {n} reports in {secs:.2} s, {:.0} reports/s ({} cross-year findings)",
                n as f64 / secs,
                s.cross_year_findings
            );
        }
        Err(e) => {
            eprintln!("ingest failed: {e}");
            std::process::exit(1);
        }
    }
}
