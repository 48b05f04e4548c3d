//! A web page whose report is pictures: when the HTML adapter found no
//! table, the page's `<img>` pictures (JPEG/PNG `data:` URIs, and files
//! beside a page read from a path, e.g. `report_files/page1.jpg`) that are
//! page-sized are read by OCR; their blocks follow the page's own text
//! (title, date line). Nothing is fetched from the network, and a file is
//! read only inside the page's own folder.

use std::path::Path;

use xxgknb_core::{AdapterError, Block, Document, Limits};
use xxgknb_ocr::html::ImgSource;

/// `doc` with its report pictures read by OCR, when it has no table.
pub fn pictures(
    bytes: &[u8],
    doc: Document,
    limits: &Limits,
    folder: Option<&Path>,
) -> Result<Document, AdapterError> {
    if doc.table_count() > 0 {
        return Ok(doc);
    }
    let mut encoded = Vec::new();
    for source in xxgknb_ocr::html::img_sources(bytes) {
        if encoded.len() > limits.max_pages {
            break;
        }
        let data = match source {
            ImgSource::Data(data) => Some(data),
            ImgSource::File(rel) => folder.and_then(|f| read_beside(f, &rel, limits)),
        };
        if let Some(data) = data {
            encoded.push((data, None));
        }
    }
    let (pages, _) = xxgknb_ocr::picture::pages(&encoded, 1);
    if pages.is_empty() {
        return Ok(doc);
    }
    let ocr = super::read_pictures(pages.into_iter().map(|(_, p)| p).collect(), "html", limits)?;
    let mut out = doc;
    out.line_unit = xxgknb_core::LineUnit::Line;
    // the page's own paragraphs keep their place before the pictures
    out.blocks.retain(|b| matches!(b, Block::Paragraph(_)));
    out.blocks.extend(ocr.blocks);
    out.notes.extend(ocr.notes);
    Ok(out)
}

/// The bytes of `rel` (a relative path without `..`, see
/// [`xxgknb_ocr::html::relative_path`]) inside `folder`: `None` when it is
/// missing, not a file, larger than the file size limit, or (through a
/// symbolic link) outside the folder.
pub fn read_beside(folder: &Path, rel: &str, limits: &Limits) -> Option<Vec<u8>> {
    let root = folder.canonicalize().ok()?;
    let path = root.join(rel).canonicalize().ok()?;
    if !path.starts_with(&root) || !path.is_file() {
        return None;
    }
    crate::pipeline::read_limited(&path, limits).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_only_inside_the_page_folder() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page");
        std::fs::create_dir_all(page.join("report_files")).unwrap();
        std::fs::write(page.join("report_files/p1.jpg"), b"inside").unwrap();
        std::fs::write(dir.path().join("secret.jpg"), b"outside").unwrap();
        let limits = Limits::default();
        assert_eq!(
            read_beside(&page, "report_files/p1.jpg", &limits).as_deref(),
            Some(&b"inside"[..])
        );
        assert_eq!(read_beside(&page, "report_files", &limits), None);
        assert_eq!(read_beside(&page, "missing.jpg", &limits), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.jpg"), page.join("link.jpg"))
                .unwrap();
            assert_eq!(read_beside(&page, "link.jpg", &limits), None);
        }
        let small = Limits {
            max_file_bytes: 3,
            ..Limits::default()
        };
        assert_eq!(read_beside(&page, "report_files/p1.jpg", &small), None);
    }
}
