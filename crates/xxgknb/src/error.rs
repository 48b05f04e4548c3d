//! The one error type of the pipeline: what went wrong with which file.

use std::path::PathBuf;
use xxgknb_core::AdapterError;

/// Why a file gave no report. Every variant names the file, and its
/// message is complete on its own (the cause is part of it, not a
/// separate `source()`), so front ends print it as it is.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be opened or read.
    #[error("{}: cannot read: {cause}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        cause: std::io::Error,
    },
    /// The adapter refused or failed on the bytes (unknown format, encrypted,
    /// damaged, a limit exceeded, the time limit, a caught panic …).
    #[error("{}: {cause}", path.display())]
    Adapter {
        /// The file.
        path: PathBuf,
        /// The adapter's typed error.
        cause: AdapterError,
    },
    /// The file was read but holds no part of an annual report.
    #[error("{}: no annual-report tables found (read as {format}; {blocks} blocks)", path.display())]
    NotAReport {
        /// The file.
        path: PathBuf,
        /// The format it was read as.
        format: String,
        /// How many blocks the adapter produced.
        blocks: usize,
    },
}

impl Error {
    /// The file the error is about.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Error::Io { path, .. }
            | Error::Adapter { path, .. }
            | Error::NotAReport { path, .. } => path,
        }
    }

    /// The adapter's error, when the adapter (or a limit) stopped the read.
    pub fn adapter_error(&self) -> Option<&AdapterError> {
        match self {
            Error::Adapter { cause, .. } => Some(cause),
            _ => None,
        }
    }

    pub(crate) fn adapter(path: &std::path::Path, cause: AdapterError) -> Self {
        Error::Adapter {
            path: path.to_path_buf(),
            cause,
        }
    }
}
