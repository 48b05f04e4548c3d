//! # xxgknb-ocr
//!
//! Scanned reports: image-only PDFs and report pictures, read with the
//! `tesseract` command (Tesseract 5 with the Simplified Chinese model,
//! Debian's `tesseract-ocr tesseract-ocr-chi-sim`) into the same
//! [`Document`] every other adapter produces, so the core recogniser reads
//! them unchanged.
//!
//! Per page ([`page::read_page`]): the picture comes straight out of the
//! PDF ([`pdfimage`]: JPEG and Flate images, pure Rust), is brought to
//! 150 dpi and straightened ([`raster`]); ruled tables are found
//! morphologically and resolved into cells with their spans ([`ruling`]);
//! the page is read once with the Chinese model after its rulings are
//! erased, each word going to the cell its box lies in; value cells with
//! ink are read again, all of a page in one strip image, with a digit
//! whitelist, and a value is kept only when both readings agree and the
//! confidence reaches [`MIN_CONFIDENCE`] (otherwise the cell stays blank
//! and carries an [`UncertainRead`](xxgknb_core::document::UncertainRead)).
//! Pages run in parallel on a bounded rayon pool ([`OcrOptions::jobs`]).
//!
//! See docs/adapters/ocr.md.

pub mod glyphs;
pub mod html;
pub mod page;
pub mod pdfimage;
pub mod picture;
pub mod raster;
pub mod ruling;
pub mod tesseract;
pub mod text;
pub mod values;

use std::time::Duration;

use rayon::prelude::*;
use xxgknb_core::{AdapterError, Deadline, Document, Limits};

pub use page::Settings;
pub use tesseract::{Engine, PACKAGES};

/// Lowest confidence (0–100) at which a value read from a picture is used.
/// Tesseract's LSTM model gives printed digits it reads right 90–97 on the
/// degraded scans of `../shared/scans` and our fixtures; the few misreads
/// seen (a 3 for an 8 under noise, a stray stroke read as 1) came at 40–80.
/// The second, whitelisted reading must also agree with the first.
pub const MIN_CONFIDENCE: f32 = 80.0;

/// Why a picture could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OcrError {
    /// The `tesseract` command (or its Chinese model) is not installed.
    #[error(
        "the OCR engine `{binary}` is not available: install it with `apt-get install {}` (or set XXGKNB_TESSERACT to its path)",
        PACKAGES
    )]
    Missing {
        /// The program (and language) looked for.
        binary: String,
    },
    /// One run of the engine took longer than allowed.
    #[error("tesseract took longer than {0:?} and was stopped")]
    Timeout(Duration),
    /// The engine failed.
    #[error("{0}")]
    Engine(String),
    /// The picture could not be taken out or decoded.
    #[error("{0}")]
    Image(String),
    /// An image compression this reader does not decode.
    #[error("{0}")]
    Unsupported(String),
}

impl OcrError {
    fn into_adapter(self, format: &'static str, budget: Duration) -> AdapterError {
        match self {
            OcrError::Missing { .. } => AdapterError::OcrUnavailable(self.to_string()),
            OcrError::Timeout(_) if !budget.is_zero() => AdapterError::Timeout(budget),
            OcrError::Unsupported(detail) => AdapterError::Unsupported {
                format,
                detail: format!("scanned page: {detail}"),
            },
            // a picture that cannot be taken out or decoded: a damaged file
            OcrError::Image(detail) => AdapterError::Corrupt {
                format,
                detail: format!("scanned page: {detail}"),
            },
            other => AdapterError::Internal {
                format,
                detail: format!("OCR: {other}"),
            },
        }
    }
}

/// How scanned pages are read.
#[derive(Debug, Clone)]
pub struct OcrOptions {
    /// The engine command.
    pub engine: Engine,
    /// Pages read at once (at least 1).
    pub jobs: usize,
    /// Page reading settings.
    pub settings: Settings,
}

impl Default for OcrOptions {
    fn default() -> Self {
        let jobs = std::env::var("XXGKNB_JOBS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
            .unwrap_or(1)
            .max(1);
        OcrOptions {
            engine: Engine::default(),
            jobs,
            settings: Settings::default(),
        }
    }
}

/// A picture to read as one page: encoded image bytes (JPEG) or decoded
/// grey samples, and its resolution when known.
#[derive(Debug, Clone)]
pub struct Picture {
    /// Page number it becomes.
    pub page: u32,
    /// The grey image.
    pub image: raster::Gray,
    /// Pixels per inch across the page.
    pub dpi: f64,
}

/// Is `tesseract` there with the Chinese model? (`tesseract --list-langs`)
pub fn check_engine(engine: &Engine) -> Result<(), OcrError> {
    let out = std::process::Command::new(&engine.binary)
        .arg("--list-langs")
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => {
                OcrError::Missing {
                    binary: engine.binary.clone(),
                }
            }
            _ => OcrError::Engine(format!("cannot start {}: {e}", engine.binary)),
        })?;
    let langs = String::from_utf8_lossy(&out.stdout);
    for lang in ["chi_sim", "eng"] {
        if !langs.lines().any(|l| l.trim() == lang) {
            return Err(OcrError::Missing {
                binary: format!("{} (language {lang})", engine.binary),
            });
        }
    }
    Ok(())
}

/// Read pictures as the pages of one document of `format`.
pub fn read_pictures(
    pictures: Vec<Picture>,
    format: &str,
    limits: &Limits,
    deadline: &Deadline,
    opts: &OcrOptions,
) -> Result<Document, AdapterError> {
    let fmt: &'static str = if format == "pdf" { "pdf" } else { "picture" };
    check_engine(&opts.engine).map_err(|e| e.into_adapter(fmt, limits.time_per_file))?;
    if pictures.len() > limits.max_pages {
        return Err(AdapterError::LimitExceeded {
            what: "pages",
            limit: limits.max_pages as u64,
        });
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs.max(1))
        .build()
        .map_err(|e| AdapterError::Internal {
            format: fmt,
            detail: format!("cannot start the OCR threads: {e}"),
        })?;
    let results: Vec<Result<page::PageRead, AdapterError>> = pool.install(|| {
        pictures
            .par_iter()
            .map(|p| {
                deadline.check()?;
                let mut engine = opts.engine.clone();
                if let Some(left) = deadline.remaining() {
                    engine.timeout = engine.timeout.min(left + Duration::from_millis(50));
                }
                page::read_page(p.page, &p.image, p.dpi, &engine, &opts.settings)
                    .map_err(|e| e.into_adapter(fmt, limits.time_per_file))
            })
            .collect()
    });
    let mut doc = Document::new(format);
    let mut uncertain = 0;
    let mut skews = Vec::new();
    for r in results {
        let r = r?;
        uncertain += r.uncertain;
        skews.push(r.skew);
        doc.blocks.extend(r.blocks);
    }
    deadline.check()?;
    doc.notes.push(format!(
        "{} scanned page(s) read by OCR (tesseract, chi_sim; skew corrected {}°)",
        skews.len(),
        skews
            .iter()
            .map(|s| format!("{s:.2}"))
            .collect::<Vec<_>>()
            .join("/")
    ));
    if uncertain > 0 {
        doc.notes.push(format!(
            "{uncertain} value cell(s) read with low confidence were left blank (OCR_UNCERTAIN)"
        ));
    }
    Ok(doc)
}

/// Read an image-only PDF: the largest picture of each page, by OCR.
pub fn read_pdf(
    bytes: &[u8],
    limits: &Limits,
    deadline: &Deadline,
    opts: &OcrOptions,
) -> Result<Document, AdapterError> {
    let pictures = pdf_pictures(bytes, None, limits, deadline)?;
    if pictures.is_empty() {
        return Err(AdapterError::NoTextLayer);
    }
    read_pictures(pictures, "pdf", limits, deadline, opts)
}

/// Read the scanned pages of a mixed PDF: of the pages listed, those whose
/// largest picture is page-sized (at least
/// [`picture::MIN_PAGE_PIXELS`]), by OCR. `Ok(None)` when none is (a blank
/// page with a logo): the engine is not even looked for.
pub fn read_pdf_pages(
    bytes: &[u8],
    pages: &[u32],
    limits: &Limits,
    deadline: &Deadline,
    opts: &OcrOptions,
) -> Result<Option<Document>, AdapterError> {
    let pictures: Vec<Picture> = pdf_pictures(bytes, Some(pages), limits, deadline)?
        .into_iter()
        .filter(|p| p.image.width.saturating_mul(p.image.height) >= picture::MIN_PAGE_PIXELS)
        .collect();
    if pictures.is_empty() {
        return Ok(None);
    }
    read_pictures(pictures, "pdf", limits, deadline, opts).map(Some)
}

/// The largest picture of each page of a PDF (of the pages listed, when a
/// list is given), with its resolution.
fn pdf_pictures(
    bytes: &[u8],
    only: Option<&[u32]>,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Vec<Picture>, AdapterError> {
    let conv = |e: OcrError| e.into_adapter("pdf", limits.time_per_file);
    let doc = pdfimage::open(bytes).map_err(conv)?;
    let pages = doc.get_pages();
    if pages.len() > limits.max_pages {
        return Err(AdapterError::LimitExceeded {
            what: "pages",
            limit: limits.max_pages as u64,
        });
    }
    let mut pictures = Vec::new();
    for (no, id) in pages {
        if only.is_some_and(|list| !list.contains(&no)) {
            continue;
        }
        deadline.check()?;
        if let Some(img) = pdfimage::page_image(&doc, no, id).map_err(conv)? {
            let dpi = img.dpi();
            pictures.push(Picture {
                page: no,
                image: img.image,
                dpi,
            });
        }
    }
    Ok(pictures)
}
