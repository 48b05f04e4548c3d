//! Benchmark: one corpus HTML page (a Word-pasted TRS article page of about
//! 95 KB) read into the intermediate form, and read + recognised +
//! validated (the whole `xxgknb parse` pipeline minus file I/O and JSON).

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::PathBuf;
use xxgknb_core::{analyse, Adapter, Limits, Source};
use xxgknb_html::HtmlAdapter;

const FIXTURE: &str = "100_f996102965cf2f4d.html";

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/html")
        .join(name);
    match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

fn bench(c: &mut Criterion) {
    let bytes = fixture(FIXTURE);
    let limits = Limits::default();
    c.bench_function("html read", |b| {
        b.iter(|| {
            let doc = HtmlAdapter.read(black_box(&bytes), &limits);
            black_box(doc.map(|d| d.blocks.len()).unwrap_or(0))
        })
    });
    c.bench_function("html read+recognise", |b| {
        b.iter(|| {
            let Ok(doc) = HtmlAdapter.read(black_box(&bytes), &limits) else {
                return 0;
            };
            let source = Source {
                path: FIXTURE.to_string(),
                format: doc.format.clone(),
                sha256: String::new(),
            };
            black_box(analyse(&doc, source).findings.len())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
