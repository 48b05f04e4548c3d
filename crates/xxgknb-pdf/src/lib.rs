//! xxgknb adapter for PDF: positioned text from the content streams
//! (ToUnicode and predefined Chinese CMaps), reading order, and table
//! grids built from ruling lines. See `docs/adapters/pdf.md`.

pub mod assemble;
pub mod cmap;
pub mod content;
pub mod encoding;
pub mod font;
pub mod grid;
pub mod interp;
pub mod layout;

use xxgknb_core::adapter::magic;
use xxgknb_core::{Adapter, AdapterError, Confidence, Deadline, Document, Limits, Sniff};

/// Reads PDF files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct PdfAdapter;

impl Adapter for PdfAdapter {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn sniff(&self, bytes: &[u8], _ext: Option<&str>) -> Option<Sniff> {
        // an HTML page that merely mentions %PDF near its start is not a PDF
        if magic::is_html(bytes) && !bytes.starts_with(b"%PDF") {
            return None;
        }
        magic::is_pdf(bytes).then_some(Sniff {
            format: "pdf",
            confidence: Confidence::Certain,
        })
    }

    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Document, AdapterError> {
        read_pdf(bytes, limits, deadline)
    }
}

fn corrupt(detail: impl Into<String>) -> AdapterError {
    AdapterError::Corrupt {
        format: "pdf",
        detail: detail.into(),
    }
}

/// Load the object model, trying lopdf's cross-reference reconstruction
/// when the file as written cannot be read.
fn load(bytes: &[u8], notes: &mut Vec<String>) -> Result<lopdf::Document, AdapterError> {
    let first = lopdf::Document::load_mem(bytes);
    let doc = match first {
        Ok(d) => d,
        Err(lopdf::Error::InvalidPassword) => {
            return Err(AdapterError::Encrypted(
                "the PDF needs a password to open".into(),
            ))
        }
        Err(e) => {
            let opts = lopdf::LoadOptions {
                force_reconstruct: true,
                ..lopdf::LoadOptions::default()
            };
            match lopdf::Document::load_mem_with_options(bytes, opts) {
                Ok(d) => {
                    notes.push(format!(
                        "damaged PDF ({e}); objects recovered by scanning the file"
                    ));
                    d
                }
                Err(_) => return Err(corrupt(format!("cannot read the PDF structure: {e}"))),
            }
        }
    };
    if doc.xref_recovery.is_some() && notes.is_empty() {
        notes.push("damaged cross-reference table; objects recovered by scanning the file".into());
    }
    if doc.trailer.get(b"Encrypt").is_ok() && doc.encryption_state.is_none() {
        return Err(AdapterError::Encrypted(
            "the PDF is encrypted and needs a user password to open".into(),
        ));
    }
    if doc.encryption_state.is_some() {
        notes.push("encrypted PDF with an empty user password: opened without one".into());
    }
    Ok(doc)
}

/// A page that paints a picture but no visible text that maps to
/// Unicode: a scanned page (its text, if any, is a scanner's invisible
/// layer or undecodable). The facade may read it by OCR.
fn is_picture_page(content: &interp::PageContent) -> bool {
    content.images > 0
        && !content
            .glyphs
            .iter()
            .any(|g| g.mapped && g.visible && !g.text.trim().is_empty())
}

fn read_pdf(bytes: &[u8], limits: &Limits, deadline: &Deadline) -> Result<Document, AdapterError> {
    if !magic::is_pdf(bytes) {
        return Err(corrupt("no %PDF header"));
    }
    let mut out = Document::new("pdf");
    let doc = load(bytes, &mut out.notes)?;
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err(corrupt("no pages found"));
    }
    if pages.len() > limits.max_pages {
        return Err(AdapterError::LimitExceeded {
            what: "pages",
            limit: limits.max_pages as u64,
        });
    }
    let mut interp = interp::Interpreter::new(&doc, limits, deadline);
    let mut page_lines = Vec::with_capacity(pages.len());
    let (mut total, mut unmapped) = (0usize, 0usize);
    for (no, id) in pages {
        let content = interp.page(id)?;
        total += content.glyphs.len();
        unmapped += content.glyphs.iter().filter(|g| !g.mapped).count();
        if is_picture_page(&content) {
            out.pages_without_text.push(no);
        }
        page_lines.push(assemble::page_lines(no, content));
    }
    if total == 0 {
        return Err(AdapterError::NoTextLayer);
    }
    if unmapped > 0 {
        let share = unmapped as f64 * 100.0 / total as f64;
        if unmapped == total {
            return Err(AdapterError::Unsupported {
                format: "pdf",
                detail: format!(
                    "no font has a usable Unicode mapping: all {total} glyphs undecodable"
                ),
            });
        }
        out.notes.push(format!(
            "{unmapped} of {total} glyphs ({share:.1}%) could not be mapped to Unicode and were left out"
        ));
    }
    let removed = assemble::strip_margins(&mut page_lines);
    if removed > 0 {
        out.notes.push(format!(
            "{removed} header/footer/page-number lines left out"
        ));
    }
    assemble::assemble(&mut out, &page_lines);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_pdf_only() {
        let a = PdfAdapter;
        assert!(a.sniff(b"%PDF-1.7\n", Some("pdf")).is_some());
        assert!(a.sniff(b"<!DOCTYPE html><html>", Some("pdf")).is_none());
        assert!(a
            .sniff(b"<html><body>see %PDF-1.4 spec</body></html>", Some("pdf"))
            .is_none());
        assert!(a.sniff(b"\r\njunk\r\n%PDF-1.4\n", None).is_some());
    }

    #[test]
    fn garbage_after_header_is_an_error_not_a_panic() {
        let a = PdfAdapter;
        let mut bytes = b"%PDF-1.4\n".to_vec();
        let mut x: u32 = 12345;
        for _ in 0..5000 {
            x = x.wrapping_mul(1103515245).wrapping_add(12345);
            bytes.push((x >> 16) as u8);
        }
        assert!(a.read(&bytes, &Limits::default()).is_err());
        assert!(a.read(b"%PDF-1.4", &Limits::default()).is_err());
    }
}
