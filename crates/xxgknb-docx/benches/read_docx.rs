#![allow(clippy::expect_used, clippy::unwrap_used)] // benches fail loudly
//! Reading one corpus DOCX (`cargo bench -p xxgknb-docx`): the adapter's
//! read, read + recognise + validate (`xxgknb_core::analyse`, the figure
//! with a 5 ms budget), and for comparison docx-rs's own reader on the same bytes (the
//! figure behind the choice documented in docs/adapters/docx.md).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use xxgknb_core::{Adapter, Limits, Source};
use xxgknb_docx::DocxAdapter;

const FIXTURE: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/docx/100_f996102965cf2f4d.docx"
));

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    c.bench_function("docx_read", |b| {
        b.iter(|| DocxAdapter.read(black_box(FIXTURE), &limits))
    });
    c.bench_function("docx_read_recognise", |b| {
        b.iter(|| {
            let doc = DocxAdapter
                .read(black_box(FIXTURE), &limits)
                .expect("fixture reads");
            let source = Source {
                path: "100_f996102965cf2f4d.docx".into(),
                format: "docx".into(),
                sha256: String::new(),
            };
            xxgknb_core::analyse(&doc, source)
        })
    });
    c.bench_function("docx_rs_read_docx_for_comparison", |b| {
        b.iter(|| docx_rs::read_docx(black_box(FIXTURE)).is_ok())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
