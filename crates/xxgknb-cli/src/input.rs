//! Reading one input file: bytes → intermediate form → validated report,
//! within the configured [`Limits`]: the file size is checked before the
//! file is read, and every parse runs on a worker thread that is abandoned
//! (and reported) once it exceeds [`Limits::time_per_file`], so a batch
//! goes on past a file that hangs, and a panic in a reader becomes an error.

use crate::adapters;
use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;
use xxgknb_core::{AdapterError, Document, Limits, Report, Source};

/// Stack size of the worker thread a file is parsed on: generous, so that
/// deeply nested (but within-limit) structures cannot overflow it.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

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

/// Read a file's bytes, refusing files larger than
/// [`Limits::max_file_bytes`] without reading more than that.
pub fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    let cannot = || format!("{}: cannot read", path.display());
    let file = std::fs::File::open(path).with_context(cannot)?;
    let too_big = || {
        anyhow!(AdapterError::LimitExceeded {
            what: "bytes per file",
            limit: limits.max_file_bytes,
        })
        .context(format!("{}", path.display()))
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limits.max_file_bytes {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    // the size on disk can lie (pipes, growing files): never read past the limit
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(cannot)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Run `work` on a worker thread and wait at most `limit` for it (no limit
/// when `limit` is zero). A parse that takes longer is abandoned and
/// reported as [`AdapterError::Timeout`]; a panic is reported as
/// [`AdapterError::Internal`]. Either way the caller can go on.
pub fn with_time_limit<T, F>(path: &Path, limit: Duration, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T> + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("xxgknb-parse".into())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            // the receiver is gone when the caller gave up waiting
            let _ = tx.send(outcome);
        });
    spawned.with_context(|| format!("{}: cannot start a worker thread", path.display()))?;
    let received = if limit.is_zero() {
        rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected)
    } else {
        rx.recv_timeout(limit)
    };
    match received {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => {
            let detail = xxgknb_core::adapter::panic_message(panic.as_ref());
            Err(anyhow!(AdapterError::Internal {
                format: "input",
                detail,
            })
            .context(format!("{}", path.display())))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(anyhow!(AdapterError::Timeout(limit)).context(format!("{}", path.display())))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(anyhow!(AdapterError::Internal {
            format: "input",
            detail: "the reader stopped without a result".to_string(),
        })
        .context(format!("{}", path.display()))),
    }
}

/// Read and adapt one file's bytes (on the calling thread, no time limit).
pub fn read_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Document> {
    let ext = extension(path);
    adapters::registry()
        .read(bytes, ext.as_deref(), limits)
        .with_context(|| format!("{}", path.display()))
}

/// Read a file from disk and adapt it, within the limits (size and time).
pub fn read_file(path: &Path, limits: &Limits) -> Result<(Vec<u8>, Document)> {
    let bytes = Arc::new(read_limited(path, limits)?);
    let (p, b, l) = (path.to_path_buf(), Arc::clone(&bytes), limits.clone());
    let doc = with_time_limit(path, limits.time_per_file, move || read_bytes(&p, &b, &l))?;
    let bytes = Arc::try_unwrap(bytes).unwrap_or_else(|shared| shared.as_ref().clone());
    Ok((bytes, doc))
}

/// Recognise and validate an already adapted document. A document in which
/// no part of an annual report can be found is an error, not an empty report.
pub fn analyse_doc(path: &Path, bytes: &[u8], doc: &Document) -> Result<Report> {
    let source = Source {
        path: path.display().to_string(),
        format: doc.format.clone(),
        sha256: sha256_hex(bytes),
    };
    let report = xxgknb_core::analyse(doc, source);
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

/// Adapt, recognise and validate one file's bytes (on the calling thread,
/// no time limit).
pub fn analyse_bytes(path: &Path, bytes: &[u8], limits: &Limits) -> Result<Report> {
    let doc = read_bytes(path, bytes, limits)?;
    analyse_doc(path, bytes, &doc)
}

/// Adapt, recognise and validate bytes already read, within the time limit
/// (on a watched worker thread, like [`analyse_file`]).
pub fn analyse_bytes_within(path: &Path, bytes: Vec<u8>, limits: &Limits) -> Result<Report> {
    let (p, l) = (path.to_path_buf(), limits.clone());
    with_time_limit(path, limits.time_per_file, move || {
        analyse_bytes(&p, &bytes, &l)
    })
}

/// Read, recognise and validate a file from disk within the limits, and
/// return the intermediate form too.
pub fn analyse_file_with_doc(path: &Path, limits: &Limits) -> Result<(Document, Report)> {
    let bytes = read_limited(path, limits)?;
    let (p, l) = (path.to_path_buf(), limits.clone());
    with_time_limit(path, limits.time_per_file, move || {
        let doc = read_bytes(&p, &bytes, &l)?;
        let report = analyse_doc(&p, &bytes, &doc)?;
        Ok((doc, report))
    })
}

/// Read, recognise and validate a file from disk within the limits.
pub fn analyse_file(path: &Path, limits: &Limits) -> Result<Report> {
    analyse_file_with_doc(path, limits).map(|(_, report)| report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_limit_stops_waiting_and_reports() {
        let started = std::time::Instant::now();
        let r: Result<()> =
            with_time_limit(Path::new("slow.txt"), Duration::from_millis(50), || {
                std::thread::sleep(Duration::from_secs(5));
                Ok(())
            });
        let e = r.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(
            e.contains("slow.txt") && e.contains("parse took longer than"),
            "{e}"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn panics_become_errors() {
        let r: Result<()> = with_time_limit(Path::new("bad.txt"), Duration::ZERO, || {
            panic!("boom in a reader")
        });
        let e = r.err().map(|e| format!("{e:#}")).unwrap_or_default();
        assert!(
            e.contains("internal error") && e.contains("boom in a reader"),
            "{e}"
        );
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let dir = std::env::temp_dir().join(format!("xxgknb-input-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let p = dir.join("big.txt");
        let _ = std::fs::write(&p, vec![b'a'; 100]);
        let limits = Limits {
            max_file_bytes: 10,
            ..Limits::default()
        };
        let e = read_limited(&p, &limits)
            .err()
            .map(|e| format!("{e:#}"))
            .unwrap_or_default();
        assert!(e.contains("bytes per file"), "{e}");
        assert_eq!(
            read_limited(&p, &Limits::default()).map(|b| b.len()).ok(),
            Some(100)
        );
    }
}
