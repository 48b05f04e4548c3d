//! The typed error every adapter returns (and the shared guards: the size
//! limit, the deadline, the panic guard).

use std::time::Duration;
use thiserror::Error;

/// Why an adapter could not turn bytes into a [`Document`](crate::Document).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AdapterError {
    /// The bytes are not of a format any registered adapter reads.
    #[error("unrecognised file format ({0})")]
    UnknownFormat(String),
    /// The file is encrypted or password-protected.
    #[error("encrypted or password-protected file: {0}")]
    Encrypted(String),
    /// The file is damaged, truncated or not what its header says.
    #[error("damaged or truncated {format} file: {detail}")]
    Corrupt {
        /// Format the adapter expected.
        format: &'static str,
        /// What is wrong.
        detail: String,
    },
    /// A PDF without a text layer (and no OCR adapter compiled in to read
    /// its pictures).
    #[error("scanned image, no text layer: OCR is not supported yet")]
    NoTextLayer,
    /// A scanned file whose pictures need the OCR engine, which is not
    /// installed: the message names the packages to install.
    #[error("scanned image, no text layer: {0}")]
    OcrUnavailable(String),
    /// The file uses something this adapter does not support.
    #[error("unsupported {format} feature: {detail}")]
    Unsupported {
        /// Format being read.
        format: &'static str,
        /// What is unsupported.
        detail: String,
    },
    /// A configured resource limit was hit.
    #[error("limit exceeded: {what} (limit {limit})")]
    LimitExceeded {
        /// Which limit, e.g. `inflated bytes per zip entry`.
        what: &'static str,
        /// The limit's value.
        limit: u64,
    },
    /// Reading took longer than [`Limits::time_per_file`](crate::Limits::time_per_file).
    #[error("parse took longer than {0:?} and was stopped")]
    Timeout(Duration),
    /// The adapter itself failed unexpectedly (a panic in a dependency,
    /// caught and reported instead of aborting the batch).
    #[error("internal error in the {format} reader: {detail}")]
    Internal {
        /// Format being read.
        format: &'static str,
        /// What happened.
        detail: String,
    },
}
