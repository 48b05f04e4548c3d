//! Reading a workbook's worksheets with calamine into [`SheetData`]: cell
//! text, merged regions, and which cells have borders.
//!
//! Borders come from calamine's style API for XLSX and from our own passes
//! for ODS (`ods.rs`) and XLS (`xls.rs`).
//!
//! XLSX sheets are streamed cell by cell, so a sparse sheet never becomes a
//! dense range; ODS sheets are measured by our own `content.xml` pass
//! before calamine builds their ranges; XLS workbooks are parsed whole by
//! calamine when opened (see docs/adapters/sheet.md).

use crate::grid::{Merge, SheetData};
use crate::guard;
use crate::ods;
use crate::sniff::Kind;
use crate::value::cell_text;
use crate::xls;
use calamine::{
    Data, Dimensions, Ods, OdsError, Reader, SheetType, SheetVisible, Xls, XlsError, Xlsx,
    XlsxError,
};
use std::io::Cursor;
use xxgknb_core::{AdapterError, Deadline, Limits};

/// A used area (rows × columns) above this many times
/// [`Limits::max_cells_per_table`] is refused before a dense range is built.
const AREA_FACTOR: u64 = 16;

/// The worksheets of a workbook, in order, and notes for the user.
#[derive(Debug, Default)]
pub struct Workbook {
    /// Worksheets read.
    pub sheets: Vec<SheetData>,
    /// Things the user should know (skipped hidden or chart sheets).
    pub notes: Vec<String>,
}

/// Read every worksheet of a workbook of the given kind.
pub fn read(
    kind: Kind,
    bytes: &[u8],
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Workbook, AdapterError> {
    match kind {
        Kind::Encrypted(format) => Err(AdapterError::Encrypted(format!(
            "password-protected {format} workbook (OLE EncryptedPackage)"
        ))),
        Kind::Xlsx => {
            guard::check_zip(bytes, limits, "xlsx")?;
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(xlsx_error)?;
            read_sheets(&mut wb, limits, deadline, |wb, name, index| {
                read_xlsx_sheet(wb, name, index, limits)
            })
        }
        Kind::Xls => {
            let max_area = (limits.max_cells_per_table as u64).saturating_mul(AREA_FACTOR);
            let xls::Prepared { container, borders } = xls::prepare(bytes, limits, max_area)?;
            let mut wb = Xls::new(Cursor::new(container.as_slice())).map_err(xls_error)?;
            read_sheets(&mut wb, limits, deadline, |wb, name, index| {
                let range = wb.worksheet_range(name).map_err(xls_error)?;
                let merges = wb.merge_cells_by_sheet_name(name).map_err(xls_error)?;
                let mut sheet = from_range(name, index, &range, &merges);
                if let Some((_, cells)) = borders.iter().find(|(n, _)| n == name) {
                    mark_bordered(&mut sheet, cells);
                }
                Ok(sheet)
            })
        }
        Kind::Ods => {
            guard::check_zip(bytes, limits, "ods")?;
            let spans = ods::read_sheets(bytes, limits)?;
            let max_area = (limits.max_cells_per_table as u64).saturating_mul(AREA_FACTOR);
            if spans
                .iter()
                .any(|s| s.used_rows.saturating_mul(s.used_cols) > max_area)
            {
                return Err(AdapterError::LimitExceeded {
                    what: "used cells per sheet",
                    limit: max_area,
                });
            }
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(ods_error)?;
            read_sheets(&mut wb, limits, deadline, |wb, name, index| {
                let range = wb.worksheet_range(name).map_err(ods_error)?;
                let mut sheet = from_range(name, index, &range, &[]);
                if let Some(info) = spans.iter().find(|s| s.name == name) {
                    sheet.merges.clone_from(&info.merges);
                    mark_bordered(&mut sheet, &info.bordered);
                }
                Ok(sheet)
            })
        }
    }
}

/// Read the worksheets of an open workbook in order, honouring the sheet
/// and time limits; hidden and non-work sheets are skipped with a note.
fn read_sheets<'b, W, F>(
    wb: &mut W,
    limits: &Limits,
    deadline: &Deadline,
    mut read_one: F,
) -> Result<Workbook, AdapterError>
where
    W: Reader<Cursor<&'b [u8]>>,
    F: FnMut(&mut W, &str, u32) -> Result<SheetData, AdapterError>,
{
    let meta: Vec<(String, SheetType, SheetVisible)> = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.typ, s.visible))
        .collect();
    let mut out = Workbook::default();
    let worksheets = meta
        .iter()
        .filter(|(_, t, _)| *t == SheetType::WorkSheet)
        .count();
    if worksheets > limits.max_pages {
        return Err(AdapterError::LimitExceeded {
            what: "sheets per workbook",
            limit: limits.max_pages as u64,
        });
    }
    for (i, (name, typ, visible)) in meta.iter().enumerate() {
        let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if *typ != SheetType::WorkSheet {
            out.notes.push(format!(
                "skipped sheet {index} \"{name}\": not a worksheet ({typ:?})"
            ));
            continue;
        }
        if *visible != SheetVisible::Visible {
            out.notes
                .push(format!("skipped hidden sheet {index} \"{name}\""));
            continue;
        }
        out.sheets.push(read_one(wb, name, index)?);
        deadline.check()?;
    }
    Ok(out)
}

/// Stream an XLSX worksheet: values, border flags and merged regions.
fn read_xlsx_sheet(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    index: u32,
    limits: &Limits,
) -> Result<SheetData, AdapterError> {
    let mut sheet = SheetData::new(name, index);
    let max_stored = (limits.max_cells_per_table as u64).saturating_mul(AREA_FACTOR);
    {
        let mut reader = wb.worksheet_cells_reader(name).map_err(xlsx_error)?;
        let bordered: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| s.borders.as_ref().is_some_and(|b| b.has_visible_borders()))
            .collect();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(xlsx_error)? {
            let (row, col) = cell.get_position();
            let text = cell_text(&Data::from(cell.get_value().clone()));
            let has_border = bordered.get(style).copied().unwrap_or(false);
            sheet.put(row, col, text, has_border);
            if sheet.cells.len() as u64 > max_stored {
                return Err(AdapterError::LimitExceeded {
                    what: "used cells per sheet",
                    limit: max_stored,
                });
            }
        }
    }
    let merges = wb.merge_cells_by_sheet_name(name).map_err(xlsx_error)?;
    sheet.merges = merges.iter().map(merge_of).collect();
    Ok(sheet)
}

/// A sheet from a calamine range (absolute positions) and merged regions.
fn from_range(
    name: &str,
    index: u32,
    range: &calamine::Range<Data>,
    merges: &[Dimensions],
) -> SheetData {
    let mut sheet = SheetData::new(name, index);
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, value) in range.used_cells() {
        let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
            continue;
        };
        sheet.put(
            r0.saturating_add(r),
            c0.saturating_add(c),
            cell_text(value),
            false,
        );
    }
    sheet.merges = merges.iter().map(merge_of).collect();
    sheet
}

/// Flag the given cells as bordered, adding empty ones where needed.
fn mark_bordered(sheet: &mut SheetData, cells: &[(u32, u32)]) {
    for &(r, c) in cells {
        match sheet.cells.get_mut(&(r, c)) {
            Some(cell) => cell.bordered = true,
            None => sheet.put(r, c, String::new(), true),
        }
    }
}

fn merge_of(d: &Dimensions) -> Merge {
    Merge::new(d.start.0, d.start.1, d.end.0, d.end.1)
}

fn xlsx_error(e: XlsxError) -> AdapterError {
    match e {
        XlsxError::Password => AdapterError::Encrypted("password-protected xlsx workbook".into()),
        other => AdapterError::Corrupt {
            format: "xlsx",
            detail: other.to_string(),
        },
    }
}

fn xls_error(e: XlsError) -> AdapterError {
    match e {
        XlsError::Password => AdapterError::Encrypted("password-protected xls workbook".into()),
        other => AdapterError::Corrupt {
            format: "xls",
            detail: other.to_string(),
        },
    }
}

fn ods_error(e: OdsError) -> AdapterError {
    match e {
        OdsError::Password => AdapterError::Encrypted("password-protected ods workbook".into()),
        other => AdapterError::Corrupt {
            format: "ods",
            detail: other.to_string(),
        },
    }
}
