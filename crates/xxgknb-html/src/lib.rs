//! xxgknb adapter for HTML pages: government-site article pages (TRS and
//! other CMSs), Word "save as web page" exports, and `.doc`/`.xls` files
//! that are really HTML.
//!
//! Pipeline: [`charset`] decodes the bytes (BOM, `<meta>` declaration,
//! UTF-8, `chardetng`); `parse` runs `html5ever` (with `scraper`'s tree) on them in chunks,
//! checking limits as it goes; `dom`
//! keeps a compact copy without scripts, styles, navigation, headers,
//! footers and hidden elements; `body` finds the article container; `blocks`
//! walks it in document order emitting paragraphs and, through `table`,
//! tables with their row and column spans. See `docs/adapters/html.md`.

mod blocks;
mod body;
pub mod charset;
mod dom;
pub mod mhtml;
mod parse;
mod source_lines;
mod table;
mod text;

use xxgknb_core::adapter::{magic, Confidence};
use xxgknb_core::{Adapter, AdapterError, Deadline, Document, Limits, Sniff};

pub use charset::{decode_html, Decoded};

/// Reads HTML pages into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct HtmlAdapter;

/// File extensions that promise HTML.
const HTML_EXTS: &[&str] = &["html", "htm", "xhtml", "shtml", "shtm", "mht", "mhtml"];

/// The first few KiB of `bytes` as text, honouring a UTF-16 BOM so that
/// Word's "Unicode" web pages sniff as HTML too.
fn sniff_head(bytes: &[u8]) -> String {
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or_default();
    match encoding_rs::Encoding::for_bom(head) {
        Some((enc, bom)) => enc
            .decode_without_bom_handling(head.get(bom..).unwrap_or_default())
            .0
            .into_owned(),
        None => String::from_utf8_lossy(head).into_owned(),
    }
}

impl Adapter for HtmlAdapter {
    fn name(&self) -> &'static str {
        "html"
    }

    fn sniff(&self, bytes: &[u8], ext: Option<&str>) -> Option<Sniff> {
        if bytes.is_empty() || magic::is_zip(bytes) || magic::is_ole(bytes) {
            return None;
        }
        let sniff = |confidence| {
            Some(Sniff {
                format: "html",
                confidence,
            })
        };
        // a saved "single file web page" (.mht/.mhtml)
        if mhtml::is_mhtml(bytes) {
            return sniff(Confidence::Certain);
        }
        let head = sniff_head(bytes);
        // content decides, whatever the extension (.doc/.xls saved as HTML)
        if magic::is_html(head.as_bytes()) {
            return sniff(Confidence::Certain);
        }
        if !ext.is_some_and(|e| HTML_EXTS.contains(&e)) {
            return None;
        }
        let t = head.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('<') {
            return sniff(Confidence::Weak);
        }
        if head.contains('<') && head.contains('>') {
            return sniff(Confidence::Extension);
        }
        None
    }

    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Document, AdapterError> {
        let page = mhtml::is_mhtml(bytes)
            .then(|| mhtml::page(bytes))
            .transpose()?;
        let decoded = match &page {
            Some(mhtml::Page {
                html,
                charset: Some(label),
            }) => charset::decode_html_transport(html, label),
            Some(p) => decode_html(&p.html),
            None => decode_html(bytes),
        };
        let mut doc = Document::new("html");
        doc.line_unit = xxgknb_core::LineUnit::Paragraph;
        if page.is_some() {
            doc.notes
                .push("page read from the text/html part of an MHTML archive".to_string());
        }
        if decoded.encoding != "UTF-8" {
            doc.notes
                .push(format!("page decoded as {}", decoded.encoding));
        }
        if let Some(declared) = &decoded.declared {
            let same = encoding_rs::Encoding::for_label(declared.as_bytes()).is_some_and(|e| {
                e.name() == decoded.encoding
                    || (e == encoding_rs::GBK && decoded.encoding == "gb18030")
            });
            if !same {
                doc.notes.push(format!(
                    "page declares charset {declared} but was decoded as {}",
                    decoded.encoding
                ));
            }
        }
        if decoded.had_errors {
            doc.notes
                .push("some bytes could not be decoded and were replaced".to_string());
        }
        let (html, mut lines) = parse::parse(&decoded.text, limits, deadline)?;
        if page.is_some() {
            // the lines of the archive's HTML part are not the file's lines
            lines.clear();
        }
        let mut source = source_lines::SourceText::new(&decoded.text);
        let dom = dom::build(&html, &lines, &mut source, limits, deadline)?;
        let root = body::find(&dom);
        if dom.body() != Some(root) {
            doc.notes
                .push(format!("article body taken from <{}>", dom.describe(root)));
        }
        let title = body::title_outside(&dom, root);
        blocks::emit(&dom, root, title, &mut doc, limits, deadline)?;
        Ok(doc)
    }
}

#[cfg(test)]
mod tests;
