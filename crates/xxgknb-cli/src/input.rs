//! Reading one input file: bytes → intermediate form → validated report.

use crate::adapters;
use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::path::Path;
use xxgknb_core::{Document, Limits, Report, Source};

/// Lower-case extension of a path, without the dot.
pub fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// SHA-256 of bytes as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
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

/// Adapt, recognise and validate one file's bytes. A document in which no
/// part of an annual report can be found is an error, not an empty report.
pub fn analyse_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Report> {
    let doc = read_bytes(path, bytes, limits)?;
    let source = Source {
        path: path.display().to_string(),
        format: doc.format.clone(),
        sha256: sha256_hex(bytes),
    };
    let report = xxgknb_core::analyse(&doc, source);
    let t = &report.tables;
    if t.active.is_none()
        && t.applications.is_none()
        && t.review_litigation.is_none()
        && report.sections.len() < 2
    {
        bail!(
            "{}: no annual-report tables found (read as {}; {} blocks)",
            path.display(),
            doc.format,
            doc.blocks.len()
        );
    }
    Ok(report)
}

/// Read, recognise and validate a file from disk.
pub fn analyse_file(path: &Path, limits: &Limits) -> Result<Report> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    analyse_bytes(path, &bytes, limits)
}
