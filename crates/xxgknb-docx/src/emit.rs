//! Turns the body tree into the intermediate [`Document`]: paragraphs (one
//! block per line between manual breaks, blank lines dropped) and tables
//! numbered in document order.
//!
//! Nested tables: a one-column "layout" table that holds tables (a page
//! pasted into a one-cell frame) is unwrapped, its content emitted as if it
//! were in the body; any other nested table is flattened into the text of
//! the cell that holds it, and a note says so.

use xxgknb_core::{Document, SourcePos};

use crate::body::{Item, RawTable};
use crate::grid;

/// Builds the document, numbering tables as it goes.
pub struct Emitter {
    doc: Document,
    tables: u32,
}

impl Emitter {
    /// An emitter for a `docx` document.
    pub fn new() -> Self {
        Emitter {
            doc: Document::new("docx"),
            tables: 0,
        }
    }

    /// Emit a sequence of body items.
    pub fn items(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Para(p) => {
                    for line in &p.lines {
                        if !line.trim().is_empty() {
                            self.doc
                                .push_paragraph(line.clone(), SourcePos::line(p.index));
                        }
                    }
                }
                Item::Table(t) => self.table(t),
            }
        }
    }

    /// Emit a table, unwrapping one-column layout frames.
    fn table(&mut self, t: &RawTable) {
        let live = || t.rows.iter().filter(|r| !r.deleted);
        let one_column = live().all(|r| r.cells.len() <= 1 && r.grid_before == 0);
        if one_column && grid::has_nested_table(t) {
            for row in live() {
                for cell in &row.cells {
                    self.items(&cell.items);
                }
            }
            return;
        }
        self.tables += 1;
        if grid::has_nested_table(t) {
            self.doc.notes.push(format!(
                "table T{} holds a nested table; its text was flattened into the cell",
                self.tables
            ));
        }
        let table = grid::resolve(t, self.tables);
        self.doc.push_table(table);
    }

    /// The finished document.
    pub fn finish(self) -> Document {
        self.doc
    }
}

impl Default for Emitter {
    fn default() -> Self {
        Self::new()
    }
}
