//! The adapter trait every source format implements, the typed error they
//! return, the resource limits they honour, and the registry that picks the
//! right adapter for a file by sniffing its bytes.

use crate::deadline::Deadline;
use crate::document::Document;
pub use crate::error::AdapterError;
use std::time::Duration;

/// Resource limits an adapter must honour so that hostile or enormous input
/// cannot crash, hang or exhaust the machine. See `docs/limits.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Largest inflated size of one zip entry (DOCX/XLSX/ODS), and of the
    /// workbook stream read out of an XLS compound file.
    pub max_entry_bytes: u64,
    /// Largest inflated size of all zip entries read together.
    pub max_total_inflated_bytes: u64,
    /// Deepest XML/HTML element nesting accepted.
    pub max_xml_depth: usize,
    /// Most cells in one table (or sheet).
    pub max_cells_per_table: usize,
    /// Most pages (PDF) or sheets read.
    pub max_pages: usize,
    /// Most content-stream operators interpreted per PDF page.
    pub max_ops_per_page: usize,
    /// Wall-clock time allowed per file.
    pub time_per_file: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 200 * 1024 * 1024,
            max_entry_bytes: 256 * 1024 * 1024,
            max_total_inflated_bytes: 512 * 1024 * 1024,
            max_xml_depth: 512,
            max_cells_per_table: 200_000,
            max_pages: 2_000,
            max_ops_per_page: 2_000_000,
            time_per_file: Duration::from_secs(60),
        }
    }
}

/// How sure an adapter is that some bytes are its format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Only the file extension suggests it.
    Extension = 1,
    /// A plausible guess from the content (e.g. text that decodes).
    Weak = 2,
    /// Magic bytes or container structure identify it.
    Certain = 3,
}

/// A successful sniff: which concrete format and how sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniff {
    /// The concrete format name reported as `source.format`.
    pub format: &'static str,
    /// How sure the adapter is.
    pub confidence: Confidence,
}

/// A source-format reader. Implement this in a new crate and add one line to
/// the facade's registry (`crates/xxgknb/src/registry.rs`) to support a new
/// format.
///
/// An adapter implements [`Adapter::sniff`] and [`Adapter::read_within`];
/// the guards every format shares (the size limit, the time limit as a
/// [`Deadline`], a panic in the reader or a dependency caught as
/// [`AdapterError::Internal`]) are applied once, by the provided
/// [`Adapter::read`] that callers use.
pub trait Adapter: Send + Sync {
    /// Short name of the adapter, e.g. `docx`.
    fn name(&self) -> &'static str;

    /// Does this adapter read these bytes? `ext` is the lower-case file
    /// extension without the dot, if known; content must decide where it
    /// can, the extension only breaks ties.
    fn sniff(&self, bytes: &[u8], ext: Option<&str>) -> Option<Sniff>;

    /// Read the bytes into the intermediate form, within `limits`, checking
    /// `deadline` between units of work. Called by [`Adapter::read`], which
    /// has checked the size already and catches panics.
    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Document, AdapterError>;

    /// Read the bytes into the intermediate form with the shared guards:
    /// bytes over [`Limits::max_file_bytes`] are refused, the deadline is
    /// [`Limits::time_per_file`] from now, and a panic becomes
    /// [`AdapterError::Internal`].
    fn read(&self, bytes: &[u8], limits: &Limits) -> Result<Document, AdapterError> {
        check_size(bytes, limits)?;
        let deadline = Deadline::after(limits.time_per_file);
        catch_panics(self.name(), || self.read_within(bytes, limits, &deadline))
    }
}

/// `LimitExceeded` for input over [`Limits::max_file_bytes`].
pub fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), AdapterError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(AdapterError::LimitExceeded {
            what: "bytes per file",
            limit: limits.max_file_bytes,
        });
    }
    Ok(())
}

/// The set of adapters the application knows, asked in registration order.
#[derive(Default)]
pub struct Registry {
    adapters: Vec<Box<dyn Adapter>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Register an adapter (builder style).
    pub fn with(mut self, adapter: impl Adapter + 'static) -> Self {
        self.adapters.push(Box::new(adapter));
        self
    }

    /// Names of the registered adapters.
    pub fn names(&self) -> Vec<&'static str> {
        self.adapters.iter().map(|a| a.name()).collect()
    }

    /// The adapter most confident it reads these bytes (earlier
    /// registrations win ties), with its sniff.
    pub fn detect(&self, bytes: &[u8], ext: Option<&str>) -> Option<(&dyn Adapter, Sniff)> {
        let mut best: Option<(&dyn Adapter, Sniff)> = None;
        for a in &self.adapters {
            if let Some(s) = a.sniff(bytes, ext) {
                if best.is_none_or(|(_, b)| s.confidence > b.confidence) {
                    best = Some((a.as_ref(), s));
                }
            }
        }
        best
    }

    /// Sniff and read in one go. The returned document's `format` is the
    /// sniffed format unless the adapter set a more specific one.
    pub fn read(
        &self,
        bytes: &[u8],
        ext: Option<&str>,
        limits: &Limits,
    ) -> Result<Document, AdapterError> {
        check_size(bytes, limits)?;
        let Some((adapter, sniff)) = self.detect(bytes, ext) else {
            return Err(AdapterError::UnknownFormat(describe_magic(bytes)));
        };
        let mut doc = adapter.read(bytes, limits)?;
        if doc.format.is_empty() {
            doc.format = sniff.format.to_string();
        }
        Ok(doc)
    }
}

/// The message a caught panic carried (`"panic"` when it was not text).
pub fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// Run a reader so that a panic in it (in a dependency, say) becomes
/// [`AdapterError::Internal`] for `format` instead of unwinding into the
/// caller: the file is reported and a batch goes on.
pub fn catch_panics<T>(
    format: &'static str,
    read: impl FnOnce() -> Result<T, AdapterError>,
) -> Result<T, AdapterError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|panic| {
        Err(AdapterError::Internal {
            format,
            detail: format!("the reader panicked: {}", panic_message(panic.as_ref())),
        })
    })
}

/// A short description of what the first bytes look like, for error
/// messages about unrecognised files.
pub fn describe_magic(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        return "empty file".to_string();
    }
    let head: String = bytes
        .iter()
        .take(8)
        .map(|b| {
            if b.is_ascii_graphic() {
                (*b as char).to_string()
            } else {
                format!("\\x{b:02x}")
            }
        })
        .collect();
    let kind = if magic::is_ole(bytes) {
        ": an OLE compound file (Office 97-2003) whose streams name no known document; damaged or truncated?"
    } else if magic::is_zip(bytes) {
        ": a zip archive that is no known document package; damaged or truncated?"
    } else {
        ""
    };
    format!("{} bytes starting with {head}{kind}", bytes.len())
}

/// Content-sniffing helpers shared by adapters.
pub mod magic {
    /// Zip local-file header.
    pub fn is_zip(b: &[u8]) -> bool {
        b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06")
    }
    /// OLE2 compound file (legacy .doc/.xls, and encrypted OOXML).
    pub fn is_ole(b: &[u8]) -> bool {
        b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
    }
    /// `%PDF` within the first KiB (some writers put junk before it).
    pub fn is_pdf(b: &[u8]) -> bool {
        let head = b.get(..1024).unwrap_or(b);
        head.windows(4).any(|w| w == b"%PDF")
    }
    /// Does `needle` occur among the raw bytes of a zip's central directory
    /// (file names are stored uncompressed)?
    pub fn zip_has_entry(b: &[u8], needle: &str) -> bool {
        !needle.is_empty() && b.windows(needle.len()).any(|w| w == needle.as_bytes())
    }
    /// Looks like HTML: `<html`, `<!doctype html`, `<body`, `<table` or
    /// `<meta` near the start, ignoring case, BOM and whitespace.
    pub fn is_html(b: &[u8]) -> bool {
        let head = String::from_utf8_lossy(b.get(..4096).unwrap_or(b)).to_ascii_lowercase();
        let t = head.trim_start_matches('\u{feff}').trim_start();
        t.starts_with('<')
            && [
                "<html",
                "<!doctype html",
                "<body",
                "<table",
                "<meta",
                "<head",
            ]
            .iter()
            .any(|m| head.contains(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake(&'static str, Confidence);
    impl Adapter for Fake {
        fn name(&self) -> &'static str {
            self.0
        }
        fn sniff(&self, _: &[u8], _: Option<&str>) -> Option<Sniff> {
            Some(Sniff {
                format: self.0,
                confidence: self.1,
            })
        }
        fn read_within(
            &self,
            bytes: &[u8],
            _: &Limits,
            deadline: &Deadline,
        ) -> Result<Document, AdapterError> {
            match bytes {
                b"panic" => panic!("a reader bug"),
                b"slow" => loop {
                    deadline.check()?;
                    std::thread::sleep(std::time::Duration::from_millis(1));
                },
                _ => Ok(Document::default()),
            }
        }
    }

    #[test]
    fn the_provided_read_applies_the_shared_guards() {
        let a = Fake("a", Confidence::Certain);
        let tight = Limits {
            max_file_bytes: 4,
            time_per_file: std::time::Duration::from_millis(20),
            ..Limits::default()
        };
        assert!(matches!(
            a.read(b"12345", &tight),
            Err(AdapterError::LimitExceeded { .. })
        ));
        assert!(matches!(
            a.read(b"slow", &tight),
            Err(AdapterError::Timeout(_))
        ));
        let roomy = Limits::default();
        match a.read(b"panic", &roomy) {
            Err(AdapterError::Internal { format, detail }) => {
                assert_eq!(format, "a");
                assert!(detail.contains("a reader bug"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert!(a.read(b"ok", &roomy).is_ok());
    }

    #[test]
    fn registry_prefers_most_confident() {
        let r = Registry::new()
            .with(Fake("a", Confidence::Weak))
            .with(Fake("b", Confidence::Certain))
            .with(Fake("c", Confidence::Certain));
        let (a, s) = r.detect(b"x", None).expect("some adapter");
        assert_eq!(a.name(), "b");
        assert_eq!(s.format, "b");
        let doc = r.read(b"x", None, &Limits::default()).expect("read");
        assert_eq!(doc.format, "b");
    }

    #[test]
    fn registry_rejects_unknown_and_oversized() {
        let r = Registry::new();
        assert!(matches!(
            r.read(b"", None, &Limits::default()),
            Err(AdapterError::UnknownFormat(m)) if m == "empty file"
        ));
        let r = Registry::new().with(Fake("a", Confidence::Certain));
        let limits = Limits {
            max_file_bytes: 2,
            ..Limits::default()
        };
        assert!(matches!(
            r.read(b"abc", None, &limits),
            Err(AdapterError::LimitExceeded { .. })
        ));
    }

    #[test]
    fn panics_in_a_reader_become_internal_errors() {
        let r: Result<(), AdapterError> = catch_panics("xls", || panic!("index out of range"));
        match r {
            Err(AdapterError::Internal { format, detail }) => {
                assert_eq!(format, "xls");
                assert!(detail.contains("panicked: index out of range"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
        assert!(catch_panics("xls", || Ok(1)).is_ok_and(|v| v == 1));
    }

    #[test]
    fn magic_sniffs() {
        assert!(magic::is_zip(b"PK\x03\x04rest"));
        assert!(magic::is_pdf(b"junk%PDF-1.7"));
        assert!(magic::is_html(b"\xef\xbb\xbf  <!DOCTYPE html><html>"));
        assert!(!magic::is_html(b"plain text <html"));
        assert!(!magic::zip_has_entry(b"PK\x03\x04", ""));
    }
}
