//! # xxgknb-store
//!
//! The batch side of xxgknb: an embedded SQLite store of parsed reports
//! ([`mod@store`], schema and migrations in [`mod@schema`]), parallel crash-safe
//! ingest ([`mod@ingest`]), the cross-year rules over the whole store
//! ([`cross_year`], which runs core's `validate::cross_year`) and export
//! ([`export`]; Parquet with the `parquet` feature).
//!
//! The store works on the MODEL.md JSON object of a report; the parse step
//! is passed in by the caller, so this crate does not depend on the
//! adapters. See `docs/store.md` for the schema and the guarantees.

pub mod cross_year;
pub mod export;
pub mod ingest;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod paths;
pub mod record;
pub mod schema;
pub mod store;

pub use ingest::{collect_files, ingest, Options, Outcome, ParseFn, Progress, Summary};
pub use paths::{escaped_path, path_from_escaped, stored_path};
pub use store::{Counts, Filter, Store};

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite failed.
    #[error("database: {0}")]
    Sql(#[from] rusqlite::Error),
    /// Writing output failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// Stored JSON could not be (de)serialised.
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An input path given on the command line cannot be read.
    #[error("{path}: {source}")]
    Input {
        /// The path.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The database was written by a newer xxgknb.
    #[error("database schema version {found} is newer than this xxgknb supports ({supported})")]
    SchemaTooNew {
        /// Version found.
        found: i64,
        /// Highest version known.
        supported: i64,
    },
    /// The parser thread pool could not be started.
    #[error("cannot start parser threads: {0}")]
    Threads(String),
    /// The batch was stopped by the `stop_after` test hook.
    #[error("ingest stopped after {written} reports (test hook)")]
    Interrupted {
        /// Reports written before stopping.
        written: usize,
    },
}
