//! Shared driver of the fuzz targets: run one adapter over arbitrary bytes
//! with small limits, then recognise and validate whatever it produced.

use xxgknb_core::{Adapter, Document, Limits, Source};

/// Limits small enough that one fuzz input cannot take long or allocate
/// much, but large enough that every code path is still reachable.
pub fn fuzz_limits() -> Limits {
    Limits {
        max_file_bytes: 1 << 20,
        max_entry_bytes: 8 << 20,
        max_total_inflated_bytes: 16 << 20,
        max_xml_depth: 256,
        max_cells_per_table: 20_000,
        max_pages: 50,
        max_ops_per_page: 200_000,
        ..Limits::default()
    }
}

/// Replace libfuzzer-sys's panic hook (which aborts on every panic, even
/// one the code under test catches) with a silent one: adapters catch
/// panics of their dependencies and report them as
/// `AdapterError::Internal`, which is a clear error, not a crash. A panic
/// that escapes to the harness still aborts (libfuzzer-sys aborts when its
/// `catch_unwind` sees one), so it is still found.
fn quiet_caught_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::panic::set_hook(Box::new(|_| {})));
}

/// Sniff and read `data` with `adapter`; on success run the recogniser and
/// the validation rules over the document. A panic escaping it is a bug.
pub fn run_adapter(adapter: &dyn Adapter, data: &[u8]) {
    quiet_caught_panics();
    let _ = adapter.sniff(data, None);
    let _ = adapter.sniff(data, Some(adapter.name()));
    if let Ok(doc) = adapter.read(data, &fuzz_limits()) {
        analyse(&doc);
    }
}

/// Recognise and validate a document, also resolving every table's grid.
pub fn analyse(doc: &Document) {
    for b in &doc.blocks {
        if let xxgknb_core::Block::Table(t) = b {
            let _ = t.grid();
        }
    }
    let source = Source {
        path: "fuzz".into(),
        format: doc.format.clone(),
        sha256: String::new(),
    };
    let report = xxgknb_core::analyse(doc, source);
    let _ = report.findings.len();
}
