//! `cargo bench -p xxgknb-pdf`: time reading one corpus PDF (extraction,
//! grids, reading order) and the full parse + validate of it; prints the
//! median and spread of each over repeated runs.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use std::path::Path;
use std::time::{Duration, Instant};
use xxgknb_core::model::Source;
use xxgknb_core::{Adapter, Limits};
use xxgknb_pdf::PdfAdapter;

fn measure(name: &str, runs: usize, mut f: impl FnMut()) {
    f(); // warm up
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    let med = t[t.len() / 2];
    println!(
        "{name:<32} median {:>8.3} ms   min {:>8.3} ms   max {:>8.3} ms   ({runs} runs)",
        med.as_secs_f64() * 1e3,
        t[0].as_secs_f64() * 1e3,
        t[t.len() - 1].as_secs_f64() * 1e3
    );
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf");
    for name in [
        "100_f996102965cf2f4d.pdf",
        "100_f996102965cf2f4d.chrome.pdf",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("missing fixture {name}");
            continue;
        };
        let limits = Limits::default();
        measure(&format!("read {name}"), 30, || {
            let _ = std::hint::black_box(PdfAdapter.read(&bytes, &limits));
        });
        measure(&format!("parse+validate {name}"), 30, || {
            if let Ok(doc) = PdfAdapter.read(&bytes, &limits) {
                let r = xxgknb_core::analyse(&doc, Source::default());
                std::hint::black_box(r);
            }
        });
    }
}
