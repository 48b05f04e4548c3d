#![allow(clippy::expect_used, clippy::unwrap_used)] // benches fail loudly
//! Reading one corpus report saved as Word 97-2003 (`cargo bench -p
//! xxgknb-doc`): the adapter's read, and read + recognise + validate.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use xxgknb_core::{Adapter, Limits, Source};
use xxgknb_doc::DocAdapter;

const FIXTURE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/doc/100_f996102965cf2f4d.doc"
));

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    c.bench_function("doc_read", |b| {
        b.iter(|| DocAdapter.read(black_box(FIXTURE), &limits))
    });
    c.bench_function("doc_read_recognise", |b| {
        b.iter(|| {
            let doc = DocAdapter
                .read(black_box(FIXTURE), &limits)
                .expect("fixture reads");
            let source = Source {
                path: "100_f996102965cf2f4d.doc".into(),
                format: "doc".into(),
                sha256: String::new(),
            };
            xxgknb_core::analyse(&doc, source)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
