//! Reading one input file into the intermediate form.

use crate::adapters;
use anyhow::{Context, Result};
use std::path::Path;
use xxgknb_core::{Document, Limits};

/// Lower-case extension of a path, without the dot.
pub fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Read and adapt one file's bytes.
pub fn read_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let ext = extension(path);
    adapters::registry()
        .read(bytes, ext.as_deref(), limits)
        .with_context(|| format!("{}", path.display()))
}

/// Read a file from disk and adapt it.
pub fn read_file(path: &Path, limits: &Limits) -> Result<(Vec<u8>, Document)> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let doc = read_bytes(path, &bytes, limits)?;
    Ok((bytes, doc))
}
