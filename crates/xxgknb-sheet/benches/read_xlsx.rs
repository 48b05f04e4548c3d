//! Time to read one corpus report workbook (three tables stacked on one
//! sheet, 54 rows × 15 columns) into the intermediate form, as XLSX and as
//! the XLS LibreOffice made of it, and a three-sheet XLSX. Target: < 5 ms.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use xxgknb_core::{Adapter, Limits};
use xxgknb_sheet::SheetAdapter;

fn read_xlsx(c: &mut Criterion) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/sheet/003_378100d4189c1d99.xlsx"
    );
    let bytes = std::fs::read(path).expect("fixture");
    let limits = Limits::default();
    c.bench_function("sheet_read_xlsx_003", |b| {
        b.iter(|| SheetAdapter.read(black_box(&bytes), &limits).expect("read"))
    });
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/sheet/000_b0de168757f90498.xlsx"
    );
    let bytes = std::fs::read(path).expect("fixture");
    c.bench_function("sheet_read_xlsx_000_three_sheets", |b| {
        b.iter(|| SheetAdapter.read(black_box(&bytes), &limits).expect("read"))
    });
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/sheet/003_378100d4189c1d99.xls"
    );
    let bytes = std::fs::read(path).expect("fixture");
    c.bench_function("sheet_read_xls_003", |b| {
        b.iter(|| SheetAdapter.read(black_box(&bytes), &limits).expect("read"))
    });
}

criterion_group!(benches, read_xlsx);
criterion_main!(benches);
