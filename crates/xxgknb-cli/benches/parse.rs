//! Time to read, recognise and validate one report, per bundled seed, and
//! for one layout-text rendering and one PDF fixture.

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use xxgknb_core::Limits;

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/seeds");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    v.push(fixtures.join("text/layout/100_f996102965cf2f4d.chrome.layout.txt"));
    v.push(fixtures.join("pdf/100_f996102965cf2f4d.chrome.pdf"));
    v
}

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    for path in seeds() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        c.bench_function(&format!("parse+validate {name}"), |b| {
            b.iter(|| {
                xxgknb_cli::input::analyse_bytes(black_box(&path), black_box(&bytes), &limits)
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
