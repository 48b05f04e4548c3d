//! Scanned reports (cargo feature `ocr`): a PDF with no text layer, and a
//! web page whose report is pictures (`<img>` with `data:` URIs), are read
//! by the OCR adapter (`xxgknb-ocr`). The PDF adapter itself knows nothing
//! of OCR: it answers `NoTextLayer` and the facade routes the file here.

use xxgknb_core::{AdapterError, Block, Deadline, Document, Limits};
use xxgknb_ocr::{OcrOptions, Picture};

/// Pages of a scanned PDF, by OCR.
pub fn read_pdf(bytes: &[u8], limits: &Limits) -> Result<Document, AdapterError> {
    let deadline = Deadline::after(limits.time_per_file);
    xxgknb_core::adapter::catch_panics("pdf", || {
        xxgknb_ocr::read_pdf(bytes, limits, &deadline, &OcrOptions::default())
    })
}

/// Smallest picture (decoded pixels) taken for a page of a report: icons,
/// logos and QR codes are smaller.
const MIN_PAGE_PIXELS: usize = 400 * 500;

/// A web page read as text whose report is in pictures: when the page has
/// no table and carries page-sized `data:` JPEG pictures, the pictures are
/// read by OCR and their blocks follow the page's own text (title, date).
/// `None` when the page is not such a page.
pub fn html_pictures(
    bytes: &[u8],
    doc: &Document,
    limits: &Limits,
) -> Option<Result<Document, AdapterError>> {
    if doc.format != "html" || doc.table_count() > 0 {
        return None;
    }
    let pictures: Vec<Picture> = xxgknb_ocr::html::data_jpegs(bytes)
        .into_iter()
        .filter_map(|jpeg| xxgknb_ocr::pdfimage::decode_jpeg(&jpeg).ok())
        .filter(|g| g.width * g.height >= MIN_PAGE_PIXELS)
        .enumerate()
        .map(|(i, image)| Picture {
            page: i as u32 + 1,
            // a page picture is as wide as an A4 page (8.27 in)
            dpi: image.width as f64 / 8.27,
            image,
        })
        .collect();
    if pictures.is_empty() {
        return None;
    }
    let deadline = Deadline::after(limits.time_per_file);
    let read = xxgknb_core::adapter::catch_panics("html", || {
        xxgknb_ocr::read_pictures(pictures, "html", limits, &deadline, &OcrOptions::default())
    });
    Some(read.map(|ocr| {
        let mut out = doc.clone();
        out.line_unit = xxgknb_core::LineUnit::Line;
        // the page's own paragraphs keep their place before the pictures
        out.blocks.retain(|b| matches!(b, Block::Paragraph(_)));
        out.blocks.extend(ocr.blocks);
        out.notes.extend(ocr.notes);
        out
    }))
}
