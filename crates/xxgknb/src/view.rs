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
    /// The format the document was read as (`txt`, `pdf`, `docx` …).
    pub format: String,
    by_cell: HashMap<CellKey, Range<usize>>,
    /// Per cell: the table's number in the document (1-based) and the
    /// byte range of its row's line.
    cell_row: HashMap<CellKey, (usize, Range<usize>)>,
    by_line: HashMap<(Option<u32>, u32), Range<usize>>,
}

/// A cell as a reader finds it: its row with the cell marked.
pub struct RowView<'a> {
    /// The row as rendered: `| label | 1 | 0 |`.
    pub text: &'a str,
    /// The cell's byte range within `text`.
    pub cell: Range<usize>,
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
        let mut cell_row = HashMap::new();
        let mut lines = 0u32;
        let mut tables = 0usize;
        let plain = doc.format == "txt";
        for block in &doc.blocks {
            match block {
                Block::Paragraph(p) => {
                    pad_to_line(&mut text, &mut lines, p.pos.line);
                    let start = text.len();
                    if plain {
                        // a text file's line as it is: columns stay true
                        text.push_str(&p.text.replace(['\n', '\r'], " "));
                    } else {
                        text.push_str(&one_line(&p.text));
                    }
                    if let Some(l) = p.pos.line {
                        by_line.entry((p.pos.page, l)).or_insert(start..text.len());
                    }
                    text.push('\n');
                    lines += 1;
                }
                Block::Table(t) => {
                    tables += 1;
                    for row in &t.rows {
                        let mut row_cells = Vec::new();
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
                                let key = (
                                    cell.pos.page,
                                    cell.pos.sheet.clone(),
                                    cell.pos.line,
                                    c.clone(),
                                );
                                row_cells.push(key.clone());
                                by_cell.entry(key).or_insert(start..end.max(start));
                            }
                            if let Some(l) = cell.pos.line {
                                by_line
                                    .entry((cell.pos.page, l))
                                    .or_insert(line_start..text.len());
                            }
                        }
                        let line = line_start..text.len();
                        for key in row_cells {
                            cell_row.entry(key).or_insert((tables, line.clone()));
                        }
                        text.push('\n');
                        lines += 1;
                    }
                }
            }
        }
        SourceView {
            text,
            format: doc.format.clone(),
            by_cell,
            cell_row,
            by_line,
        }
    }

    /// The table number of a cell position (1-based, in document order).
    pub fn table_of(&self, pos: &SourcePos) -> Option<usize> {
        let key = (pos.page, pos.sheet.clone(), pos.line, pos.cell.clone()?);
        self.cell_row.get(&key).map(|(t, _)| *t)
    }

    /// The rendered line (a table row or a paragraph) a position falls
    /// in, with the position's cell or token marked.
    pub fn row(&self, pos: &SourcePos) -> Option<RowView<'_>> {
        let r = self.range(pos)?;
        let head = self.text.get(..r.start)?;
        let start = head.rfind('\n').map_or(0, |i| i + 1);
        let tail = self.text.get(r.start..)?;
        let end = r.start + tail.find('\n').unwrap_or(tail.len());
        Some(RowView {
            text: self.text.get(start..end)?,
            cell: r.start - start..r.end.min(end) - start,
        })
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
