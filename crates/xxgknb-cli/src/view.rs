//! A plain-text rendering of a document for diagnostics: paragraphs as
//! lines, table rows as `| cell | cell |` lines, with the byte range of each
//! paragraph and cell remembered so a finding's source position can be
//! underlined, whatever the input format.

use std::collections::HashMap;
use std::ops::Range;
use xxgknb_core::{Block, Document, SourcePos};

/// The rendered text and where each source position landed in it.
pub struct SourceView {
    /// The rendered text.
    pub text: String,
    /// What the document's line positions count (`行` or `段`).
    pub line_unit: &'static str,
    by_cell: HashMap<CellKey, Range<usize>>,
    by_line: HashMap<(Option<u32>, u32), Range<usize>>,
}

/// (page, sheet, line, cell reference): cell references restart in every
/// table of a text file, so the line is part of the key.
type CellKey = (Option<u32>, Option<String>, Option<u32>, String);

/// Pad with empty lines so that the view's line numbers follow the
/// source's where the source numbers lines in order (text files).
fn pad_to_line(text: &mut String, lines: &mut u32, target: Option<u32>) {
    if let Some(t) = target {
        while *lines + 1 < t {
            text.push('\n');
            *lines += 1;
        }
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl SourceView {
    /// Render a document.
    pub fn new(doc: &Document) -> Self {
        let mut text = String::new();
        let mut by_cell = HashMap::new();
        let mut by_line = HashMap::new();
        let mut lines = 0u32;
        for block in &doc.blocks {
            match block {
                Block::Paragraph(p) => {
                    pad_to_line(&mut text, &mut lines, p.pos.line);
                    let start = text.len();
                    text.push_str(&one_line(&p.text));
                    if let Some(l) = p.pos.line {
                        by_line.entry((p.pos.page, l)).or_insert(start..text.len());
                    }
                    text.push('\n');
                    lines += 1;
                }
                Block::Table(t) => {
                    for row in &t.rows {
                        pad_to_line(&mut text, &mut lines, row.first().and_then(|c| c.pos.line));
                        let line_start = text.len();
                        text.push('|');
                        for cell in row {
                            text.push(' ');
                            let start = text.len();
                            text.push_str(&one_line(&cell.text));
                            let end = text.len();
                            text.push_str(" |");
                            if let Some(c) = &cell.pos.cell {
                                by_cell
                                    .entry((
                                        cell.pos.page,
                                        cell.pos.sheet.clone(),
                                        cell.pos.line,
                                        c.clone(),
                                    ))
                                    .or_insert(start..end.max(start));
                            }
                            if let Some(l) = cell.pos.line {
                                by_line
                                    .entry((cell.pos.page, l))
                                    .or_insert(line_start..text.len());
                            }
                        }
                        text.push('\n');
                        lines += 1;
                    }
                }
            }
        }
        SourceView {
            text,
            line_unit: doc.line_unit.chinese(),
            by_cell,
            by_line,
        }
    }

    /// The byte range a position refers to, if it can be found. For a text
    /// position with a column (`x`), the range starts at that column.
    pub fn range(&self, pos: &SourcePos) -> Option<Range<usize>> {
        if let Some(c) = &pos.cell {
            if let Some(r) = self
                .by_cell
                .get(&(pos.page, pos.sheet.clone(), pos.line, c.clone()))
            {
                return Some(r.clone());
            }
        }
        let line = self.by_line.get(&(pos.page, pos.line?))?.clone();
        if let Some(x) = pos.x {
            // narrow to the token starting at character column x
            let slice = self.text.get(line.clone())?;
            let x = x as usize;
            let start = slice.char_indices().nth(x).map(|(b, _)| b);
            if let Some(s) = start {
                let rest = &slice[s..];
                let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
                if len > 0 {
                    return Some(line.start + s..line.start + s + len);
                }
            }
        }
        Some(line)
    }
}
