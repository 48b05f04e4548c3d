//! Time to read, recognise and validate one report: every bundled seed,
//! plus one layout text (`pdftotext -layout` of a corpus PDF) and the PDF
//! itself, the two inputs whose tables are rebuilt from positioned text.

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
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    v.push(root.join("text/layout/100_f996102965cf2f4d.chrome.layout.txt"));
    v.push(root.join("pdf/100_f996102965cf2f4d.pdf"));
    v.push(root.join("pdf/100_f996102965cf2f4d.chrome.pdf"));
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
            b.iter(|| xxgknb::analyse_here(black_box(&path), black_box(&bytes), &limits))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
