//! Mixed PDFs: the text pages come from the text layer, the scanned pages
//! the PDF adapter lists (no visible text that maps to Unicode, a picture
//! painted) are read by OCR, and the blocks are merged in page order.

use xxgknb_core::{AdapterError, Block, Deadline, Document, Limits};
use xxgknb_ocr::OcrOptions;

use super::block_page;

/// `doc` (read from its text layer) with its scanned pages read by OCR.
/// Pages whose picture is not page-sized stay as they are (the engine is
/// not even looked for then).
pub fn scanned_pages(
    bytes: &[u8],
    mut doc: Document,
    limits: &Limits,
) -> Result<Document, AdapterError> {
    let deadline = Deadline::after(limits.time_per_file);
    let pages = doc.pages_without_text.clone();
    let read = xxgknb_core::adapter::catch_panics("pdf", || {
        xxgknb_ocr::read_pdf_pages(bytes, &pages, limits, &deadline, &OcrOptions::default())
    })?;
    let Some(ocr) = read else {
        return Ok(doc);
    };
    let read_pages: Vec<u32> = ocr.blocks.iter().filter_map(block_page).collect();
    doc.notes.extend(ocr.notes);
    doc.notes.push(format!(
        "mixed PDF: page(s) {} read by OCR, the others from the text layer",
        join_pages(&pages)
    ));
    merge_by_page(&mut doc.blocks, ocr.blocks, &read_pages);
    Ok(doc)
}

/// Put the OCR blocks among the text-layer blocks in page order. A page
/// read by OCR loses its text-layer blocks (a scanner's invisible or
/// undecodable layer): the reading takes their place.
fn merge_by_page(blocks: &mut Vec<Block>, ocr: Vec<Block>, read_pages: &[u32]) {
    let text: Vec<Block> = std::mem::take(blocks)
        .into_iter()
        .filter(|b| !block_page(b).is_some_and(|p| read_pages.contains(&p)))
        .collect();
    let mut text = text.into_iter().peekable();
    for b in ocr {
        let page = block_page(&b).unwrap_or(0);
        while let Some(t) = text.next_if(|t| block_page(t).is_none_or(|p| p <= page)) {
            blocks.push(t);
        }
        blocks.push(b);
    }
    blocks.extend(text);
}

fn join_pages(pages: &[u32]) -> String {
    pages
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgknb_core::{Paragraph, SourcePos};

    fn para(text: &str, page: u32) -> Block {
        Block::Paragraph(Paragraph {
            text: text.into(),
            pos: SourcePos::page(page, Some(1)),
        })
    }

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                Block::Table(_) => None,
            })
            .collect()
    }

    #[test]
    fn pages_read_by_ocr_take_their_place_in_page_order() {
        let mut blocks = vec![
            para("一", 1),
            para("invisible", 2),
            para("三", 3),
            para("五", 5),
        ];
        let ocr = vec![para("二a", 2), para("二b", 2), para("四", 4), para("六", 6)];
        merge_by_page(&mut blocks, ocr, &[2, 4, 6]);
        assert_eq!(texts(&blocks), ["一", "二a", "二b", "三", "四", "五", "六"]);
    }
}
