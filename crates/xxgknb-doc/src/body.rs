//! Splits the main text into paragraphs (visible text per line, fields
//! reduced to their results) and groups table paragraphs into rows and
//! cells by their table marks: a cell ends at a cell mark (0x07), a row at
//! its row-end (TTP) paragraph, whose properties carry the row layout.
//! Nested tables (depth > 1) are flattened into the text of the outer cell;
//! list paragraphs get their automatic number in front.

use xxgknb_core::AdapterError;

use crate::lists::Lists;
use crate::papx::{PapxIndex, TableDef};
use crate::pieces::Text;
use xxgknb_core::Deadline;

/// Deepest field nesting tracked (deeper ones count as code).
const MAX_FIELD_DEPTH: usize = 64;

/// A body paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// 1-based paragraph ordinal in the document.
    pub index: u32,
    /// Lines split at manual line and page breaks.
    pub lines: Vec<String>,
}

/// One cell as the text gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCell {
    /// Its paragraphs' texts (lines joined with `\n`).
    pub paras: Vec<String>,
    /// Ordinal of its first paragraph.
    pub first_line: Option<u32>,
}

/// One row: its cells and the layout from its row-end paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawRow {
    /// Cells in text order.
    pub cells: Vec<RawCell>,
    /// `sprmTDefTable` of the row end, if any.
    pub def: Option<TableDef>,
}

/// A table: consecutive rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawTable {
    /// The rows.
    pub rows: Vec<RawRow>,
    /// Whether a cell holds a (flattened) nested table.
    pub nested: bool,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph outside tables.
    Para(Para),
    /// A table.
    Table(RawTable),
}

/// A nested table being flattened: finished row lines and the open row.
#[derive(Debug, Default)]
struct Nested {
    lines: Vec<String>,
    row: Vec<String>,
    cell: Vec<String>,
}

/// Accumulates items.
struct Builder {
    items: Vec<Item>,
    table: Option<RawTable>,
    row: Vec<RawCell>,
    cell: RawCell,
    nested: Nested,
    cells: usize,
    max_cells: usize,
}

impl Builder {
    fn close_table(&mut self) {
        self.flush_nested();
        if !self.cell.paras.is_empty() || self.cell.first_line.is_some() {
            let cell = std::mem::take(&mut self.cell);
            self.row.push(cell);
        }
        if !self.row.is_empty() {
            let cells = std::mem::take(&mut self.row);
            self.table
                .get_or_insert_with(RawTable::default)
                .rows
                .push(RawRow { cells, def: None });
        }
        if let Some(t) = self.table.take() {
            self.items.push(Item::Table(t));
        }
    }

    /// Put a pending nested table's text into the current cell.
    fn flush_nested(&mut self) {
        let n = std::mem::take(&mut self.nested);
        let mut lines = n.lines;
        let mut row = n.row;
        if !n.cell.is_empty() {
            row.push(n.cell.join(" "));
        }
        if !row.is_empty() {
            lines.push(row.join("\t"));
        }
        let text = lines
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        if !text.is_empty() {
            self.cell.paras.push(text);
        }
    }

    fn count_cell(&mut self) -> Result<(), AdapterError> {
        self.cells += 1;
        if self.cells > self.max_cells {
            return Err(AdapterError::LimitExceeded {
                what: "cells per table",
                limit: self.max_cells as u64,
            });
        }
        Ok(())
    }
}

/// One paragraph of text with the FC of its mark.
struct RawPara {
    lines: Vec<String>,
    /// Terminator code unit (0x0D, 0x07) or 0 at the end of the text.
    mark: u16,
    mark_fc: Option<u32>,
}

/// Split the text into paragraphs with their visible text.
fn paragraphs(text: &Text, deadline: &Deadline) -> Result<Vec<RawPara>, AdapterError> {
    let mut out = Vec::new();
    // field stack: true once the separator (0x14) is seen
    let mut fields: Vec<bool> = Vec::new();
    let mut deep = 0usize;
    let mut lines: Vec<Vec<u16>> = vec![Vec::new()];
    let mut marks = text.mark_fcs.iter().copied();
    for (i, &u) in text.units.iter().enumerate() {
        if i % 4096 == 0 {
            deadline.check()?;
        }
        let visible = deep == 0 && fields.iter().all(|r| *r);
        match u {
            0x0D | 0x07 => {
                out.push(RawPara {
                    lines: decode(std::mem::replace(&mut lines, vec![Vec::new()])),
                    mark: u,
                    mark_fc: marks.next(),
                });
            }
            0x13 => {
                if fields.len() < MAX_FIELD_DEPTH {
                    fields.push(false);
                } else {
                    deep += 1;
                }
            }
            0x14 => {
                if deep == 0 {
                    if let Some(top) = fields.last_mut() {
                        *top = true;
                    }
                }
            }
            0x15 => {
                if deep > 0 {
                    deep -= 1;
                } else {
                    fields.pop();
                }
            }
            _ if !visible => {}
            0x0B | 0x0C => lines.push(Vec::new()),
            0x09 => push(&mut lines, 0x09),
            0x1E => push(&mut lines, u16::from(b'-')),
            // optional hyphen, objects, footnote/annotation marks, other controls
            0x00..=0x1F => {}
            _ => push(&mut lines, u),
        }
    }
    let tail = decode(lines);
    if tail.iter().any(|l| !l.is_empty()) {
        out.push(RawPara {
            lines: tail,
            mark: 0,
            mark_fc: None,
        });
    }
    Ok(out)
}

fn push(lines: &mut [Vec<u16>], u: u16) {
    if let Some(l) = lines.last_mut() {
        l.push(u);
    }
}

fn decode(lines: Vec<Vec<u16>>) -> Vec<String> {
    lines
        .into_iter()
        .map(|l| String::from_utf16_lossy(&l))
        .collect()
}

/// Build the body items.
pub fn parse(
    text: &Text,
    papx: &PapxIndex,
    lists: &mut Lists,
    max_cells: usize,
    deadline: &Deadline,
) -> Result<Vec<Item>, AdapterError> {
    let paras = paragraphs(text, deadline)?;
    let mut b = Builder {
        items: Vec::new(),
        table: None,
        row: Vec::new(),
        cell: RawCell::default(),
        nested: Nested::default(),
        cells: 0,
        max_cells,
    };
    let mut index: u32 = 0;
    let mut mark = 0usize;
    for (k, mut p) in paras.into_iter().enumerate() {
        if k % 1024 == 0 {
            deadline.check()?;
        }
        let props = match p.mark_fc {
            Some(fc) => {
                mark += 1;
                papx.props_at(fc, &text.prm_sprms(mark - 1))
            }
            None => Default::default(),
        };
        let depth = props.depth();
        // an automatic list number (not on row ends, which show no text)
        if props.ilfo != 0 && !props.ttp && !props.inner_ttp {
            if let Some(label) = lists.label(props.ilfo, props.ilvl) {
                if let Some(first) = p.lines.first_mut() {
                    first.insert_str(0, &label);
                }
            }
        }
        // a cell mark outside any table mark still ends a cell
        let in_table = depth >= 1 || p.mark == 0x07;
        if !in_table {
            if b.table.is_some() || !b.row.is_empty() || b.cell.first_line.is_some() {
                b.close_table();
                b.cells = 0;
            }
            index += 1;
            b.items.push(Item::Para(Para {
                index,
                lines: p.lines,
            }));
            continue;
        }
        let text = p.lines.join("\n");
        if depth > 1 {
            // nested table: flatten into the outer cell
            if let Some(t) = b.table.as_mut() {
                t.nested = true;
            } else {
                b.table = Some(RawTable {
                    nested: true,
                    ..RawTable::default()
                });
            }
            if props.inner_ttp || props.ttp {
                // inner row end: not a paragraph of its own
                let mut row = std::mem::take(&mut b.nested.row);
                if !b.nested.cell.is_empty() {
                    row.push(std::mem::take(&mut b.nested.cell).join(" "));
                }
                b.nested.lines.push(row.join("\t"));
                continue;
            }
            index += 1;
            b.cell.first_line.get_or_insert(index);
            if !text.is_empty() {
                b.nested.cell.push(text.replace('\n', " "));
            }
            if props.inner_cell || p.mark == 0x07 {
                let cell = std::mem::take(&mut b.nested.cell).join(" ");
                b.nested.row.push(cell);
            }
            continue;
        }
        if props.ttp {
            // row end: the cells gathered so far form the row
            b.flush_nested();
            if !b.cell.paras.is_empty() || b.cell.first_line.is_some() {
                let cell = std::mem::take(&mut b.cell);
                b.count_cell()?;
                b.row.push(cell);
            }
            let cells = std::mem::take(&mut b.row);
            b.table
                .get_or_insert_with(RawTable::default)
                .rows
                .push(RawRow {
                    cells,
                    def: props.def,
                });
            continue;
        }
        index += 1;
        b.flush_nested();
        b.cell.first_line.get_or_insert(index);
        if !text.is_empty() {
            b.cell.paras.push(text);
        }
        if p.mark == 0x07 {
            let cell = std::mem::take(&mut b.cell);
            b.count_cell()?;
            b.row.push(cell);
        }
    }
    b.close_table();
    Ok(b.items)
}
