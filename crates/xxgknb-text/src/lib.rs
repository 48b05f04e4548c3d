//! Plain-text adapter: decodes the bytes (UTF-8, UTF-16 with BOM, GB18030 /
//! GBK and other legacy encodings detected with `chardetng`), splits lines
//! (`\n`, `\r\n`, `\r`; form feeds start a new page), and turns runs of
//! markdown pipe rows or tab-separated rows into tables. Every other
//! non-empty line becomes a paragraph with its leading spaces kept, because
//! in `pdftotext -layout` output the columns carry the table layout.

pub mod decode;
mod lines;

use xxgknb_core::adapter::{magic, Confidence};
use xxgknb_core::{Adapter, AdapterError, Deadline, Document, Limits, Sniff};

pub use decode::{decode_text, Decoded};

/// Reads plain-text reports.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextAdapter;

impl Adapter for TextAdapter {
    fn name(&self) -> &'static str {
        "txt"
    }

    fn sniff(&self, bytes: &[u8], ext: Option<&str>) -> Option<Sniff> {
        if bytes.is_empty()
            || magic::is_zip(bytes)
            || magic::is_ole(bytes)
            || magic::is_pdf(bytes)
            || magic::is_html(bytes)
        {
            return None;
        }
        let looks_text = decode::looks_like_text(bytes);
        let by_ext = matches!(ext, Some("txt" | "text" | "md" | "csv" | "tsv"));
        match (looks_text, by_ext) {
            (true, _) => Some(Sniff {
                format: "txt",
                confidence: if by_ext {
                    Confidence::Certain
                } else {
                    Confidence::Weak
                },
            }),
            (false, _) => None,
        }
    }

    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        _deadline: &Deadline,
    ) -> Result<Document, AdapterError> {
        let decoded = decode_text(bytes);
        let mut doc = Document::new("txt");
        if decoded.encoding != "UTF-8" {
            doc.notes
                .push(format!("text decoded as {}", decoded.encoding));
        }
        if decoded.had_errors {
            doc.notes
                .push("some bytes could not be decoded and were replaced".to_string());
        }
        lines::split_into_blocks(&decoded.text, &mut doc, limits)?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgknb_core::Block;

    #[test]
    fn reads_pipe_and_tab_tables() {
        let text = "标题\n\n| a | b |\n|---|---|\n| 1 | 2 |\n正文\nx\ty\t\n1\t2\t\n";
        let doc = TextAdapter
            .read(text.as_bytes(), &Limits::default())
            .expect("reads");
        let kinds: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::Table(_) => "t",
            })
            .collect();
        assert_eq!(kinds, ["p", "t", "p", "t"]);
        let Block::Table(t) = &doc.blocks[1] else {
            panic!("table expected")
        };
        assert_eq!(t.rows.len(), 2, "separator row dropped");
        assert_eq!(t.rows[1][1].text, "2");
        let Block::Table(t) = &doc.blocks[3] else {
            panic!("table expected")
        };
        assert_eq!(t.rows[0].len(), 3, "trailing tab keeps an empty cell");
    }

    #[test]
    fn sniffs_text_but_not_binary() {
        assert!(TextAdapter.sniff("你好".as_bytes(), None).is_some());
        assert!(TextAdapter.sniff(b"%PDF-1.4", Some("txt")).is_none());
        assert!(TextAdapter.sniff(&[0, 1, 2, 3, 0, 0, 0xff], None).is_none());
    }

    #[test]
    fn form_feed_starts_a_new_page() {
        let doc = TextAdapter
            .read("一\n\x0c二\n".as_bytes(), &Limits::default())
            .expect("reads");
        let pages: Vec<Option<u32>> = doc.paragraphs().map(|p| p.pos.page).collect();
        assert_eq!(pages, [Some(1), Some(2)]);
    }
}
