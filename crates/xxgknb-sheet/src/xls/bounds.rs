//! Bounds on what calamine will allocate for an XLS workbook stream,
//! checked before calamine parses it.
//!
//! calamine parses every worksheet when a workbook is opened and, for each,
//! reserves room for the declared used range (`DIMENSIONS`) and builds a
//! dense range between the smallest and largest cell positions it reads. A
//! crafted record makes either ask for gigabytes or petabytes, and a failed
//! allocation aborts the process. These checks walk the stream the way
//! calamine does (same record boundaries, same substream rules, same cell
//! records) and refuse a workbook whose ranges are out of bounds.

use super::biff::{self, rec, u16_at, u32_at};
use xxgknb_core::AdapterError;

/// Most cells a BIFF8 sheet can have (65 536 rows × 256 columns).
const BIFF8_MAX_CELLS: u64 = 65_536 * 256;

/// Check the `DIMENSIONS` records and the cell extent of every sheet of a
/// workbook stream; `max_area` bounds the dense range of one sheet.
pub fn check_stream(data: &[u8], max_area: u64) -> Result<(), AdapterError> {
    check_dimensions_raw(data)?;
    for start in std::iter::once(0).chain(biff::sheet_offsets(data)) {
        for (typ, body) in biff::records(data, start) {
            if typ == rec::DIMENSIONS {
                check_dimensions_record(body)?;
            }
        }
        if start > 0 {
            check_extent(data, start, max_area)?;
        }
    }
    Ok(())
}

/// Every DIMENSIONS-shaped run of bytes (type 0x0200 with a 10- or 14-byte
/// body) at any offset, so that a sheet offset pointing into the middle of
/// a record cannot hide one.
fn check_dimensions_raw(bytes: &[u8]) -> Result<(), AdapterError> {
    for (pos, w) in bytes.windows(4).enumerate() {
        if let [0x00, 0x02, len @ (10 | 14), 0x00] = *w {
            let start = pos + 4;
            if let Some(body) = bytes.get(start..start + usize::from(len)) {
                check_dimensions_record(body)?;
            }
        }
    }
    Ok(())
}

/// One `DIMENSIONS` record, read the way calamine reads it: refused when
/// inverted or larger than a BIFF8 sheet can be.
fn check_dimensions_record(body: &[u8]) -> Result<(), AdapterError> {
    let (rf, rl, cf, cl) = match body.len() {
        10 => (
            u16_at(body, 0).map(u32::from),
            u16_at(body, 2).map(u32::from),
            u16_at(body, 4),
            u16_at(body, 6),
        ),
        14 | 16 => (
            u32_at(body, 0),
            u32_at(body, 4),
            u16_at(body, 8),
            u16_at(body, 10),
        ),
        _ => return Ok(()), // calamine rejects other lengths itself
    };
    let (Some(rf), Some(rl), Some(cf), Some(cl)) = (rf, rl, cf, cl) else {
        return Ok(());
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return Ok(()); // calamine takes a one-cell range
    }
    let rows = i64::from(rl) - 1 - i64::from(rf) + 1;
    let cols = i64::from(cl) - 1 - i64::from(cf) + 1;
    if rows <= 0 || cols <= 0 {
        return Err(AdapterError::Corrupt {
            format: "xls",
            detail: format!("sheet dimensions end before they start (rows {rf}..{rl})"),
        });
    }
    if (rows as u64).saturating_mul(cols as u64) > BIFF8_MAX_CELLS {
        return Err(AdapterError::Corrupt {
            format: "xls",
            detail: format!(
                "sheet dimensions of {rows} rows × {cols} columns exceed what XLS allows \
                 (65536 × 256)"
            ),
        });
    }
    Ok(())
}

/// The smallest rectangle holding a set of cell positions.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Extent(Option<(u16, u16, u16, u16)>);

impl Extent {
    /// Take in the cells of one row from column `c0` to `c1` (either order).
    fn add(&mut self, row: u16, c0: u16, c1: u16) {
        let (lo, hi) = (c0.min(c1), c0.max(c1));
        self.0 = Some(match self.0 {
            None => (row, row, lo, hi),
            Some((r0, r1, a, b)) => (r0.min(row), r1.max(row), a.min(lo), b.max(hi)),
        });
    }

    /// Cells in the rectangle.
    fn area(self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// Refuse a sheet whose cells span more than `max_area` cells. The walk
/// follows calamine's: records from the sheet offset on, with or without a
/// leading BOF; a nested BOF..EOF (embedded chart) skipped; the sheet's EOF
/// ends it; a STRING record lands on the last FORMULA's cell, (0, 0) when
/// none came before. Blank cells, which calamine drops, are counted too:
/// the bound only needs to hold calamine's extent.
fn check_extent(data: &[u8], start: usize, max_area: u64) -> Result<(), AdapterError> {
    let mut extent = Extent::default();
    let mut seen_sheet_bof = false;
    let mut nested = 0usize;
    let mut formula_cell = (0u16, 0u16);
    for (typ, body) in biff::records(data, start) {
        if nested > 0 {
            match typ {
                rec::BOF => nested += 1,
                rec::EOF => nested -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            rec::BOF if seen_sheet_bof => nested += 1,
            rec::BOF => seen_sheet_bof = true,
            rec::EOF => break,
            rec::STRING => extent.add(formula_cell.0, formula_cell.1, formula_cell.1),
            t if rec::CELLS.contains(&t) || t == rec::MULRK || t == rec::MULBLANK => {
                let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) else {
                    continue;
                };
                if t == rec::FORMULA {
                    formula_cell = (r, c);
                }
                // MULRK/MULBLANK end with their last column
                let last = if t == rec::MULRK || t == rec::MULBLANK {
                    body.len()
                        .checked_sub(2)
                        .and_then(|at| u16_at(body, at))
                        .unwrap_or(c)
                } else {
                    c
                };
                extent.add(r, c, last);
            }
            _ => {}
        }
    }
    if extent.area() > max_area {
        return Err(AdapterError::LimitExceeded {
            what: "used cells per sheet",
            limit: max_area,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::biff::record;
    use super::*;

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut b = Vec::new();
        for v in [row, col, 0] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.resize(14, 0);
        record(0x0203, &b)
    }

    /// A stream with one sheet at offset `globals.len()`.
    fn stream(sheet: &[u8]) -> Vec<u8> {
        let mut data = record(rec::BOF, &[0; 16]);
        let offset = (data.len() + (4 + 9) + 4) as u32; // BOUNDSHEET + EOF
        let mut bs = offset.to_le_bytes().to_vec();
        bs.extend_from_slice(&[0, 0, 1, 0, b'S']);
        data.extend(record(rec::BOUNDSHEET, &bs));
        data.extend(record(rec::EOF, &[]));
        assert_eq!(data.len() as u32, offset);
        data.extend_from_slice(sheet);
        data
    }

    #[test]
    fn cells_far_apart_are_refused() {
        let mut sheet = record(rec::BOF, &[0; 16]);
        sheet.extend(number(0, 0));
        sheet.extend(number(60_000, 200));
        sheet.extend(record(rec::EOF, &[]));
        assert!(check_stream(&stream(&sheet), 1_000_000).is_err());
        assert!(check_stream(&stream(&sheet), 100_000_000).is_ok());
    }

    #[test]
    fn cells_without_a_leading_bof_count() {
        // calamine reads cells from the sheet offset on even when no BOF
        // opens the sheet
        let mut sheet = number(0, 0);
        sheet.extend(number(60_000, 200));
        assert!(check_stream(&stream(&sheet), 1_000_000).is_err());
    }

    #[test]
    fn a_string_record_before_any_formula_lands_on_a1() {
        let mut sheet = record(rec::BOF, &[0; 16]);
        sheet.extend(record(rec::STRING, &[1, 0, 0, b'x']));
        sheet.extend(number(60_000, 200));
        sheet.extend(record(rec::EOF, &[]));
        assert!(check_stream(&stream(&sheet), 1_000_000).is_err());
    }

    #[test]
    fn a_nested_chart_substream_is_skipped() {
        let mut sheet = record(rec::BOF, &[0; 16]);
        sheet.extend(number(0, 0));
        sheet.extend(record(rec::BOF, &[0; 16]));
        sheet.extend(number(60_000, 200));
        sheet.extend(record(rec::EOF, &[]));
        sheet.extend(record(rec::EOF, &[]));
        assert!(check_stream(&stream(&sheet), 1_000_000).is_ok());
    }

    #[test]
    fn inverted_dimensions_are_refused() {
        let mut sheet = record(rec::BOF, &[0; 16]);
        // rows 10..5, columns 0..3
        let mut d = Vec::new();
        for v in [10u32, 5] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(&[0, 0, 3, 0, 0, 0]);
        sheet.extend(record(rec::DIMENSIONS, &d));
        sheet.extend(record(rec::EOF, &[]));
        assert!(matches!(
            check_stream(&stream(&sheet), 1_000_000),
            Err(AdapterError::Corrupt { .. })
        ));
    }
}
