//! A Word document whose report (or whose tables) are pictures in
//! `word/media`: when the DOCX adapter found no table, its page- or
//! table-sized pictures are read by OCR and their blocks put where the
//! pictures sit.

use xxgknb_core::{AdapterError, Deadline, Document, Limits, PictureRef};

/// `doc` with its pictures read by OCR, when it has no table of its own.
pub fn pictures(bytes: &[u8], doc: Document, limits: &Limits) -> Result<Document, AdapterError> {
    if doc.table_count() > 0 {
        return Ok(doc);
    }
    let deadline = Deadline::after(limits.time_per_file);
    let mut refs = doc.pictures.clone();
    refs.truncate(limits.max_pages.saturating_add(1));
    let parts: Vec<String> = refs.iter().map(|p| p.part.clone()).collect();
    let data = xxgknb_docx::read_parts(bytes, &parts, limits, &deadline)?;
    let encoded: Vec<(Vec<u8>, Option<f64>)> = refs
        .iter()
        .map(|r| {
            let bytes = data
                .iter()
                .find(|(part, _)| *part == r.part)
                .map(|(_, b)| b.clone())
                .unwrap_or_default();
            (bytes, r.width_in.map(f64::from))
        })
        .collect();
    let (pages, undecoded) = xxgknb_ocr::picture::pages(&encoded, 1);
    if pages.is_empty() {
        return no_pages(doc, undecoded);
    }
    let places: Vec<(u32, usize)> = pages
        .iter()
        .filter_map(|(i, p)| refs.get(*i).map(|r: &PictureRef| (p.page, r.before_block)))
        .collect();
    let ocr = super::read_pictures(pages.into_iter().map(|(_, p)| p).collect(), "docx", limits)?;
    Ok(place(doc, ocr, &places, undecoded))
}

/// A Word file whose pictures are all too small (or undecodable) to be
/// pages: the text as read, or the old error when there is no text.
fn no_pages(doc: Document, undecoded: usize) -> Result<Document, AdapterError> {
    if doc.blocks.is_empty() {
        return Err(AdapterError::Unsupported {
            format: "docx",
            detail: format!(
                "the document body has no text and no tables, and none of its {} picture(s) is a \
                 JPEG or PNG page picture that can be read",
                doc.pictures.len()
            ),
        });
    }
    let mut doc = doc;
    if undecoded > 0 {
        doc.notes
            .push(format!("{undecoded} picture(s) could not be decoded"));
    }
    Ok(doc)
}

/// The OCR blocks of each picture (`page` → `before_block`) put before
/// the block that follows the picture.
fn place(mut doc: Document, ocr: Document, places: &[(u32, usize)], undecoded: usize) -> Document {
    let text = std::mem::take(&mut doc.blocks);
    let mut ocr_blocks = ocr.blocks.into_iter().peekable();
    for (i, block) in text.into_iter().enumerate() {
        push_pictures_before(&mut doc, &mut ocr_blocks, places, i);
        doc.blocks.push(block);
    }
    doc.blocks.extend(ocr_blocks);
    doc.line_unit = xxgknb_core::LineUnit::Line;
    doc.notes.extend(ocr.notes);
    if undecoded > 0 {
        doc.notes
            .push(format!("{undecoded} picture(s) could not be decoded"));
    }
    doc
}

/// Move the OCR blocks of the pictures that sit before block `index`.
fn push_pictures_before(
    doc: &mut Document,
    ocr: &mut std::iter::Peekable<std::vec::IntoIter<xxgknb_core::Block>>,
    places: &[(u32, usize)],
    index: usize,
) {
    let before = |b: &xxgknb_core::Block| {
        super::block_page(b)
            .and_then(|page| places.iter().find(|(p, _)| *p == page))
            .is_some_and(|(_, at)| *at <= index)
    };
    while let Some(b) = ocr.next_if(before) {
        doc.blocks.push(b);
    }
}
