//! Benchmark: read one corpus HTML page (a Word-pasted TRS article page of
//! about 95 KB) into the intermediate form.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::PathBuf;
use xxgknb_core::{Adapter, Limits};
use xxgknb_html::HtmlAdapter;

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
    let bytes = fixture("100_f996102965cf2f4d.html");
    let limits = Limits::default();
    c.bench_function("html read 100_f996102965cf2f4d", |b| {
        b.iter(|| {
            let doc = HtmlAdapter.read(black_box(&bytes), &limits);
            black_box(doc.map(|d| d.blocks.len()).unwrap_or(0))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
