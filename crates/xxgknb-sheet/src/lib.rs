//! xxgknb adapter for spreadsheets: XLSX, XLS and ODS, read with calamine.
//!
//! Every worksheet in order becomes paragraphs (title rows such as the
//! report title or 填报单位…) and tables (merged regions as row/column
//! spans, HTML-style rows). Several tables stacked on one sheet become
//! separate tables. Numbers are rendered as a spreadsheet shows them in a
//! general format (`3`, not `3.0`); positions carry the sheet name, the
//! A1-style cell reference and the 1-based sheet index as `page`. See
//! `docs/adapters/sheet.md`.

#![cfg_attr(test, allow(clippy::expect_used, clippy::unwrap_used))]

mod grid;
mod guard;
mod layout;
mod ods;
mod sniff;
mod value;
mod workbook;
mod xls;

pub use value::{format_number, SIGNIFICANT_DIGITS};

use xxgknb_core::{Adapter, AdapterError, Deadline, Document, Limits, Sniff};

/// Reads spreadsheet files (XLSX, XLS, ODS) into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct SheetAdapter;

impl Adapter for SheetAdapter {
    fn name(&self) -> &'static str {
        "sheet"
    }

    fn sniff(&self, bytes: &[u8], ext: Option<&str>) -> Option<Sniff> {
        sniff::detect(bytes, ext).map(|(kind, confidence)| Sniff {
            format: kind.format(),
            confidence,
        })
    }

    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Document, AdapterError> {
        // `read` gets no extension: an encrypted package is reported as
        // xlsx, the usual case
        let kind = match sniff::detect(bytes, Some("xlsx")) {
            Some((kind, _)) => kind,
            None => {
                return Err(AdapterError::UnknownFormat(format!(
                    "not an XLSX, XLS or ODS workbook ({})",
                    xxgknb_core::adapter::describe_magic(bytes)
                )))
            }
        };
        read_kind(kind, bytes, limits, deadline)
    }
}

/// Read a workbook of a known kind into a document.
fn read_kind(
    kind: sniff::Kind,
    bytes: &[u8],
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Document, AdapterError> {
    let book = workbook::read(kind, bytes, limits, deadline)?;
    let mut doc = Document::new(kind.format());
    // a workbook holds the tables, not the report's narrative sections
    doc.tables_only = true;
    doc.notes = book.notes;
    if !book.sheets.iter().any(grid::SheetData::has_text) {
        return Err(AdapterError::Corrupt {
            format: kind.format(),
            detail: format!(
                "no cells in workbook: {} sheet(s), all empty",
                book.sheets.len()
            ),
        });
    }
    for sheet in &book.sheets {
        layout::lay_out(sheet, limits, &mut doc)?;
    }
    Ok(doc)
}
