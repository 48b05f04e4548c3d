//! Test support shared by the core tests: a small report written as
//! markdown-style lines.

use xxgknb_core::{Block, Cell, Document, Paragraph, SourcePos, Table};

/// Build a document from lines: `|` rows become table rows (consecutive
/// rows one table), other non-empty lines paragraphs, trimmed when `trim`
/// (else kept as printed: leading spaces are layout columns).
pub fn markdown_doc(text: &str, trim: bool) -> Document {
    let mut d = Document::new("txt");
    let mut table: Option<Table> = None;
    for (i, line) in text.lines().enumerate() {
        let pos = SourcePos::line(i as u32 + 1);
        let t = line.trim();
        if let Some(inner) = t.strip_prefix('|') {
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let row = inner
                .split('|')
                .map(|c| Cell::new(c.trim(), pos.clone()))
                .collect();
            table.get_or_insert_with(Table::default).rows.push(row);
            continue;
        }
        if let Some(tb) = table.take() {
            d.blocks.push(Block::Table(tb));
        }
        if !t.is_empty() {
            d.blocks.push(Block::Paragraph(Paragraph {
                text: if trim { t } else { line }.to_string(),
                pos,
            }));
        }
    }
    if let Some(tb) = table.take() {
        d.blocks.push(Block::Table(tb));
    }
    d
}
