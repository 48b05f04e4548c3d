//! Scanned reports (cargo feature `ocr`): pages and pictures that carry the
//! report as an image are read by the OCR adapter (`xxgknb-ocr`), and their
//! blocks take the place of those pictures in the document, so the
//! recogniser sees one document. The format adapters know nothing of OCR:
//! they say where the pictures are, and this module reads them:
//!
//! - a PDF with no text layer at all (`NoTextLayer`): every page;
//! - a PDF whose adapter lists [`Document::pages_without_text`] (a mixed
//!   document: text pages plus scanned table pages): those pages
//!   ([`pdf`]);
//! - a DOCX without tables whose [`Document::pictures`] are page- or
//!   table-sized ([`word`]);
//! - a web page without tables whose `<img>` pictures (data: URIs, or
//!   files beside a page read from a path) are ([`web`]).

mod pdf;
mod web;
#[cfg(feature = "docx")]
mod word;

use std::path::Path;

use xxgknb_core::{AdapterError, Block, Deadline, Document, Limits};
use xxgknb_ocr::{OcrOptions, Picture};

/// Pages of a scanned PDF, by OCR.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Document, AdapterError> {
    let deadline = Deadline::after(limits.time_per_file);
    xxgknb_core::adapter::catch_panics("pdf", || {
        xxgknb_ocr::read_pdf(bytes, limits, &deadline, &OcrOptions::default())
    })
}

/// A document a format adapter read, with the pictures it points at read
/// by OCR where they carry the report; the document unchanged when there
/// are none. `folder` is the folder of a page read from a path (pictures
/// beside it are read from there; `None`: no file is opened).
pub fn with_pictures(
    bytes: &[u8],
    doc: Document,
    limits: &Limits,
    folder: Option<&Path>,
) -> Result<Document, AdapterError> {
    match doc.format.as_str() {
        "pdf" if !doc.pages_without_text.is_empty() => pdf::scanned_pages(bytes, doc, limits),
        #[cfg(feature = "docx")]
        "docx" if !doc.pictures.is_empty() => word::pictures(bytes, doc, limits),
        "html" => web::pictures(bytes, doc, limits, folder),
        _ => Ok(doc),
    }
}

/// Read pictures as pages of a document of `format`, on the file's time
/// limit, panics caught.
fn read_pictures(
    pictures: Vec<Picture>,
    format: &'static str,
    limits: &Limits,
) -> Result<Document, AdapterError> {
    let deadline = Deadline::after(limits.time_per_file);
    xxgknb_core::adapter::catch_panics(format, || {
        xxgknb_ocr::read_pictures(pictures, format, limits, &deadline, &OcrOptions::default())
    })
}

/// The page a block starts on.
fn block_page(b: &Block) -> Option<u32> {
    match b {
        Block::Paragraph(p) => p.pos.page,
        Block::Table(t) => t.pos.page,
    }
}
