//! Seconds per scanned page: the three-page image-only fixture PDF
//! (`fixtures/scan/`, 150 dpi) read by OCR with one and with two page
//! jobs. Divide the time per iteration by 3 for seconds per page.
//! Skipped (with a message) when `tesseract` is not installed.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;
use xxgknb_core::{Deadline, Limits};
use xxgknb_ocr::{check_engine, read_pdf, Engine, OcrOptions};

fn bench(c: &mut Criterion) {
    if let Err(e) = check_engine(&Engine::default()) {
        eprintln!("ocr bench skipped: {e}");
        return;
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/scan/003_378100d4189c1d99.chrome.scan.pdf");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("ocr bench skipped: {} missing", path.display());
        return;
    };
    let limits = Limits {
        time_per_file: Duration::ZERO,
        ..Limits::default()
    };
    let mut group = c.benchmark_group("scan_3_pages");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(40));
    for jobs in [1usize, 2] {
        let opts = OcrOptions {
            jobs,
            ..OcrOptions::default()
        };
        group.bench_function(format!("j{jobs}"), |b| {
            b.iter(|| {
                let deadline = Deadline::after(Duration::ZERO);
                black_box(read_pdf(black_box(&bytes), &limits, &deadline, &opts).is_ok())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
