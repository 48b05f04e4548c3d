//! One file through the pipeline: bytes → adapter → [`Document`] →
//! recogniser → validation → [`Report`], within the [`Limits`]: the file
//! size is checked before the file is read, and the work runs on a worker
//! thread that is abandoned (and reported) once it exceeds
//! [`Limits::time_per_file`], so a batch goes on past a file that hangs;
//! a panic becomes an error.

use crate::{registry, Error};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use xxgknb_core::{AdapterError, Document, Limits, Report, Source};

/// Stack size of the worker thread a file is parsed on: generous, so that
/// deeply nested (but within-limit) structures cannot overflow it.
const WORKER_STACK_BYTES: usize = 64 * 1024 * 1024;

/// What to analyse: a file on disk, or bytes already in memory under a
/// name (the name gives the extension that breaks sniffing ties, and is
/// the path reports and errors show).
#[derive(Debug, Clone)]
pub enum Input {
    /// A file to read (refused unread when larger than the size limit).
    Path(PathBuf),
    /// Bytes with the name they go by.
    Bytes {
        /// Shown in the report's `source.path` and in errors.
        name: PathBuf,
        /// The file's content.
        bytes: Vec<u8>,
    },
}

impl Input {
    /// A file on disk.
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Input::Path(path.into())
    }

    /// Bytes in memory, going by `name`.
    pub fn bytes(name: impl Into<PathBuf>, bytes: Vec<u8>) -> Self {
        Input::Bytes {
            name: name.into(),
            bytes,
        }
    }

    /// The path or name the input goes by.
    pub fn name(&self) -> &Path {
        match self {
            Input::Path(p) => p,
            Input::Bytes { name, .. } => name,
        }
    }

    /// The bytes: read from disk within the size limit, or as given.
    fn into_bytes(self, limits: &Limits) -> Result<(PathBuf, Vec<u8>), Error> {
        match self {
            Input::Path(path) => {
                let bytes = read_limited(&path, limits)?;
                Ok((path, bytes))
            }
            Input::Bytes { name, bytes } => {
                if bytes.len() as u64 > limits.max_file_bytes {
                    return Err(too_big(&name, limits));
                }
                Ok((name, bytes))
            }
        }
    }
}

/// A file's intermediate form and its validated report.
#[derive(Debug)]
pub struct Analysis {
    /// What the adapter made of the bytes (for source snippets).
    pub document: Document,
    /// The MODEL.md report.
    pub report: Report,
}

/// SHA-256 of bytes as lower-case hex (the report's `source.sha256`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn too_big(path: &Path, limits: &Limits) -> Error {
    Error::adapter(
        path,
        AdapterError::LimitExceeded {
            what: "bytes per file",
            limit: limits.max_file_bytes,
        },
    )
}

/// Read a file's bytes, refusing files larger than
/// [`Limits::max_file_bytes`] without reading more than that.
pub fn read_limited(path: &Path, limits: &Limits) -> Result<Vec<u8>, Error> {
    let io = |cause| Error::Io {
        path: path.to_path_buf(),
        cause,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if len > limits.max_file_bytes {
        return Err(too_big(path, limits));
    }
    let mut bytes = Vec::new();
    // the size on disk can lie (pipes, growing files): never read past the limit
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_big(path, limits));
    }
    Ok(bytes)
}

/// Run `work` on a worker thread and wait at most `limit` for it (no limit
/// when `limit` is zero). A parse that takes longer is abandoned and
/// reported as [`AdapterError::Timeout`]; a panic is reported as
/// [`AdapterError::Internal`]. Either way the caller can go on.
pub fn with_time_limit<T, F>(path: &Path, limit: Duration, work: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, Error> + Send + 'static,
{
    let internal = |detail: String| {
        Error::adapter(
            path,
            AdapterError::Internal {
                format: "input",
                detail,
            },
        )
    };
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("xxgknb-parse".into())
        .stack_size(WORKER_STACK_BYTES)
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
            // the receiver is gone when the caller gave up waiting
            let _ = tx.send(outcome);
        });
    if let Err(e) = spawned {
        return Err(internal(format!("cannot start a worker thread: {e}")));
    }
    let received = if limit.is_zero() {
        rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected)
    } else {
        rx.recv_timeout(limit)
    };
    match received {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => Err(internal(xxgknb_core::adapter::panic_message(
            panic.as_ref(),
        ))),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(Error::adapter(path, AdapterError::Timeout(limit)))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(internal("the reader stopped without a result".to_string()))
        }
    }
}

/// Adapt bytes into the intermediate form, on the calling thread and with
/// no time limit (the size limit still holds). [`read`] is the watched
/// version. No file beside `name` is opened (a web page's picture files
/// are read only when the page is read from a path, by [`read`] and
/// [`analyse`]).
pub fn read_here(name: &Path, bytes: &[u8], limits: &Limits) -> Result<Document, Error> {
    read_in(name, bytes, limits, None)
}

/// [`read_here`] for bytes read from a file in `folder` (`None`: in
/// memory), whose pictures beside it may be read.
fn read_in(
    name: &Path,
    bytes: &[u8],
    limits: &Limits,
    folder: Option<&Path>,
) -> Result<Document, Error> {
    let ext = crate::extension(name);
    let read = registry().read(bytes, ext.as_deref(), limits);
    #[cfg(feature = "ocr")]
    let read = match read {
        // a PDF of page pictures: the OCR adapter reads the pictures
        Err(AdapterError::NoTextLayer) => crate::scanned::read_pdf(bytes, limits),
        Ok(doc) => crate::scanned::with_pictures(bytes, doc, limits, folder),
        other => other,
    };
    #[cfg(not(feature = "ocr"))]
    let _ = folder;
    read.map_err(|cause| Error::adapter(name, cause))
}

/// The format an extension promises (`None` for extensions that promise
/// nothing in particular).
fn promised_format(ext: &str) -> Option<&'static str> {
    Some(match ext {
        "pdf" => "pdf",
        "docx" => "docx",
        "doc" | "wps" => "doc",
        "xlsx" => "xlsx",
        "xls" => "xls",
        "ods" => "ods",
        "html" | "htm" | "shtml" | "shtm" | "xhtml" | "mht" | "mhtml" => "html",
        "txt" => "txt",
        _ => return None,
    })
}

/// FORMAT_MISMATCH: the file was read by its content as `format`, which
/// its extension contradicts (a PDF named `.docx`).
fn format_mismatch(name: &Path, format: &str) -> Option<xxgknb_core::Finding> {
    let ext = crate::extension(name)?;
    let promised = promised_format(&ext)?;
    (promised != format).then(|| {
        xxgknb_core::rules::FORMAT_MISMATCH.finding(
            format!("扩展名为 .{ext}，内容却是 {format} 格式：已按内容（{format}）读取；建议把文件改名为 .{format}"),
            xxgknb_core::model::Location::default(),
        )
    })
}

/// Recognise and validate an already adapted document. A document in which
/// no part of an annual report can be found is an error, not an empty report.
pub fn analyse_document(name: &Path, bytes: &[u8], doc: &Document) -> Result<Report, Error> {
    let source = Source {
        path: name.display().to_string(),
        format: doc.format.clone(),
        sha256: sha256_hex(bytes),
    };
    let mut report = xxgknb_core::analyse(doc, source);
    if let Some(f) = format_mismatch(name, &doc.format) {
        report.findings.push(f);
    }
    let t = &report.tables;
    if t.active.is_none()
        && t.applications.is_none()
        && t.review_litigation.is_none()
        && report.sections.len() < 2
    {
        return Err(Error::NotAReport {
            path: name.to_path_buf(),
            format: doc.format.clone(),
            blocks: doc.blocks.len(),
        });
    }
    Ok(report)
}

/// The whole pipeline on the calling thread, with no time limit (the size
/// limit still holds): for benchmarks and for callers that run their own
/// watchdog. [`analyse`] is the watched version.
pub fn analyse_here(name: &Path, bytes: &[u8], limits: &Limits) -> Result<Analysis, Error> {
    analyse_in(name, bytes, limits, None)
}

fn analyse_in(
    name: &Path,
    bytes: &[u8],
    limits: &Limits,
    folder: Option<&Path>,
) -> Result<Analysis, Error> {
    let document = read_in(name, bytes, limits, folder)?;
    let report = analyse_document(name, bytes, &document)?;
    Ok(Analysis { document, report })
}

/// The folder of an input read from a path (its pictures beside it).
fn folder_of(input: &Input) -> Option<PathBuf> {
    match input {
        Input::Path(p) => Some(match p.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        }),
        Input::Bytes { .. } => None,
    }
}

/// Read (a path, within the size limit) and adapt an input on a watched
/// worker thread: the intermediate form only, as `xxgknb dump` shows it.
pub fn read(input: Input, limits: &Limits) -> Result<Document, Error> {
    let folder = folder_of(&input);
    let (name, bytes) = input.into_bytes(limits)?;
    let l = limits.clone();
    let n = name.clone();
    with_time_limit(&name, limits.time_per_file, move || {
        read_in(&n, &bytes, &l, folder.as_deref())
    })
}

/// The pipeline every front end uses: read (a path, within the size
/// limit), adapt, recognise and validate on a watched worker thread within
/// [`Limits::time_per_file`].
pub fn analyse(input: Input, limits: &Limits) -> Result<Analysis, Error> {
    let folder = folder_of(&input);
    let (name, bytes) = input.into_bytes(limits)?;
    let l = limits.clone();
    let n = name.clone();
    with_time_limit(&name, limits.time_per_file, move || {
        analyse_in(&n, &bytes, &l, folder.as_deref())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_extension_that_contradicts_the_content_is_an_info_finding() {
        let f = format_mismatch(Path::new("报告.docx"), "pdf");
        let f = f.map(|f| (f.rule, f.severity));
        assert_eq!(
            f,
            Some((
                xxgknb_core::rules::FORMAT_MISMATCH.id.to_string(),
                xxgknb_core::Severity::Info
            ))
        );
        assert!(format_mismatch(Path::new("报告.pdf"), "pdf").is_none());
        assert!(format_mismatch(Path::new("报告.HTM"), "html").is_none());
        assert!(format_mismatch(Path::new("报告"), "pdf").is_none());
        assert!(format_mismatch(Path::new("报告.bin"), "pdf").is_none());
    }

    #[test]
    fn time_limit_stops_waiting_and_reports() {
        let started = std::time::Instant::now();
        let r: Result<(), Error> =
            with_time_limit(Path::new("slow.txt"), Duration::from_millis(50), || {
                std::thread::sleep(Duration::from_secs(5));
                Ok(())
            });
        let e = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            e.contains("slow.txt") && e.contains("parse took longer than"),
            "{e}"
        );
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[test]
    fn panics_become_errors() {
        let r: Result<(), Error> = with_time_limit(Path::new("bad.txt"), Duration::ZERO, || {
            panic!("boom in a reader")
        });
        let e = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            e.contains("internal error") && e.contains("boom in a reader"),
            "{e}"
        );
    }

    #[test]
    fn oversized_inputs_are_refused_before_reading() {
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
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("bytes per file"), "{e}");
        assert_eq!(
            read_limited(&p, &Limits::default()).map(|b| b.len()).ok(),
            Some(100)
        );
        let e = analyse(Input::bytes("mem.txt", vec![b'a'; 100]), &limits)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.starts_with("mem.txt: ") && e.contains("bytes per file"),
            "{e}"
        );
    }

    #[test]
    fn a_missing_file_names_itself() {
        let e = analyse(Input::path("/nonexistent/报告.pdf"), &Limits::default())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.starts_with("/nonexistent/报告.pdf: cannot read"), "{e}");
    }

    #[test]
    fn text_without_a_report_is_an_error_not_an_empty_report() {
        let r = analyse(
            Input::bytes("note.txt", "会议通知\n明天开会。\n".as_bytes().to_vec()),
            &Limits::default(),
        );
        assert!(matches!(r, Err(Error::NotAReport { .. })), "{r:?}");
    }
}
