//! Turns the body tree into the intermediate [`Document`]: paragraphs (one
//! block per line between manual breaks, blank lines dropped) and tables
//! numbered in document order.
//!
//! Nested tables: a one-column "layout" table that holds tables (a page
//! pasted into a one-cell frame) is unwrapped, its content emitted as if it
//! were in the body; any other nested table is flattened into the text of
//! the cell that holds it, and a note says so.
//!
//! Pictures of the body are listed in [`Document::pictures`] where they
//! sit (not decoded: the facade may read them by OCR).

use xxgknb_core::document::MAX_SPAN;
use xxgknb_core::{AdapterError, Document, PictureRef, SourcePos};

use crate::body::{Item, RawTable};
use crate::grid;

/// English Metric Units per inch (DrawingML sizes).
const EMU_PER_INCH: f32 = 914_400.0;

/// Builds the document, numbering tables as it goes.
pub struct Emitter {
    doc: Document,
    tables: u32,
    max_slots: usize,
}

impl Emitter {
    /// An emitter for a `docx` document whose tables may resolve to at
    /// most `max_slots` grid slots each (rows × columns, so that hostile
    /// spans cannot make the resolved grid huge).
    pub fn new(max_slots: usize) -> Self {
        Emitter {
            doc: Document {
                line_unit: xxgknb_core::LineUnit::Paragraph,
                ..Document::new("docx")
            },
            tables: 0,
            max_slots,
        }
    }

    /// Emit a sequence of body items.
    pub fn items(&mut self, items: &[Item]) -> Result<(), AdapterError> {
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
                Item::Table(t) => self.table(t)?,
                // the relationship id for now: `read_package` resolves it
                Item::Picture(link) => self.doc.pictures.push(PictureRef {
                    before_block: self.doc.blocks.len(),
                    part: link.rel.clone(),
                    width_in: link.width_emu.map(|w| w as f32 / EMU_PER_INCH),
                }),
            }
        }
        Ok(())
    }

    /// Emit a table, unwrapping one-column layout frames.
    fn table(&mut self, t: &RawTable) -> Result<(), AdapterError> {
        let live = || t.rows.iter().filter(|r| !r.deleted);
        let one_column = live().all(|r| r.cells.len() <= 1 && r.grid_before == 0);
        if one_column && grid::has_nested_table(t) {
            for row in live() {
                for cell in &row.cells {
                    self.items(&cell.items)?;
                }
            }
            return Ok(());
        }
        let width = live()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| u64::from(c.grid_span.clamp(1, MAX_SPAN)))
                    .sum::<u64>()
                    + u64::from(r.grid_before.min(MAX_SPAN))
            })
            .max()
            .unwrap_or(0);
        let slots = width.saturating_mul(live().count() as u64);
        if slots > self.max_slots as u64 {
            return Err(AdapterError::LimitExceeded {
                what: "cells per table (grid rows × columns after spans)",
                limit: self.max_slots as u64,
            });
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
        Ok(())
    }

    /// The finished document.
    pub fn finish(self) -> Document {
        self.doc
    }
}
