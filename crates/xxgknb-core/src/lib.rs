//! # xxgknb-core
//!
//! The format-independent heart of xxgknb: the intermediate document form
//! adapters produce ([`document`]), the adapter trait and registry
//! ([`adapter`]), the report model ([`model`]), label and number
//! normalisation ([`normalize`]), the recogniser that maps a document onto
//! the model ([`recognise`]) and the validation rules ([`validate`]).

// input-derived data never panics the library (tests may)
#![cfg_attr(
    not(test),
    warn(
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod adapter;
pub mod deadline;
pub mod document;
pub mod keys;
pub mod merges;
pub mod model;
pub mod normalize;
pub mod numbering;
pub mod recognise;
#[cfg(feature = "schema")]
pub mod schema;
pub mod validate;

pub use adapter::{Adapter, AdapterError, Confidence, Limits, Registry, Sniff};
pub use deadline::Deadline;
pub use document::{Block, Cell, Document, Paragraph, Placement, SourcePos, Table};
pub use model::{Finding, Report, Severity, Source};

/// Recognise a document and validate it: the whole single-report pipeline.
pub fn analyse(doc: &Document, source: Source) -> Report {
    let rec = recognise::recognise(doc);
    let mut findings = rec.findings.clone();
    findings.extend(validate::validate(&rec, &doc.format));
    Report {
        source,
        meta: rec.meta,
        sections: rec.sections,
        tables: rec.tables,
        findings,
        positions: rec.positions,
    }
}
