//! What calamine does not give for XLS: which cells have borders. A BIFF8
//! `Workbook` stream lists the cell formats (`XF` records, whose border line
//! styles say whether an edge is drawn) in its globals, and every cell
//! record of a worksheet names its `XF`. This pass reads just those records;
//! anything it cannot read leaves the workbook without border information
//! (calamine reports real damage).

use std::io::{Cursor, Read};
use xxgknb_core::{AdapterError, Limits};

/// BIFF record types used here.
mod rec {
    pub const BOF: u16 = 0x0809;
    pub const EOF: u16 = 0x000A;
    pub const XF: u16 = 0x00E0;
    pub const BOUNDSHEET: u16 = 0x0085;
    pub const DIMENSIONS: u16 = 0x0200;
    pub const MULBLANK: u16 = 0x00BE;
    pub const MULRK: u16 = 0x00BD;
    /// Records that start with row, column and XF index.
    pub const CELLS: [u16; 8] = [
        0x0201, // BLANK
        0x0203, // NUMBER
        0x0204, // LABEL
        0x0205, // BOOLERR
        0x00FD, // LABELSST
        0x027E, // RK
        0x0006, // FORMULA
        0x00D6, // RSTRING
    ];
}

/// The bordered cells of each worksheet, by sheet name, in workbook order.
pub type SheetBorders = Vec<(String, Vec<(u32, u32)>)>;

/// Read the bordered cells of every worksheet of an XLS file; empty when
/// the file is not a readable BIFF8 workbook.
pub fn read_borders(bytes: &[u8], limits: &Limits) -> SheetBorders {
    let Ok(mut ole) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let Ok(stream) = ole.open_stream("/Workbook") else {
        return Vec::new(); // BIFF5 `Book` streams: not read
    };
    let mut data = Vec::new();
    if stream
        .take(limits.max_entry_bytes)
        .read_to_end(&mut data)
        .is_err()
    {
        return Vec::new();
    }
    parse_workbook(&data, limits.max_cells_per_table)
}

/// Most cells a BIFF8 sheet can have (65 536 rows × 256 columns).
const BIFF8_MAX_CELLS: u64 = 65_536 * 256;

/// Refuse a workbook whose `DIMENSIONS` records declare a used range that
/// is inverted or larger than a BIFF8 sheet can be, before calamine sees it:
/// calamine reserves memory for the declared range (rows × columns), so a
/// crafted record would make it allocate petabytes and abort the process.
/// Checks the records of the whole stream and of every sheet offset.
pub fn check_dimensions(bytes: &[u8], limits: &Limits, max_area: u64) -> Result<(), AdapterError> {
    check_dimensions_raw(bytes)?;
    // calamine's own container reader is more lenient than `cfb` and reads
    // damaged containers that `cfb` refuses; such a file would reach
    // calamine unchecked (fuzz: 23 TB reserve, 1 GB dense range), so a
    // container `cfb` cannot open is refused as damaged
    let mut ole =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| AdapterError::Corrupt {
            format: "xls",
            detail: format!("damaged compound-file container: {e}"),
        })?;
    let mut checked_a_stream = false;
    for name in ["/Workbook", "/Book"] {
        let Ok(stream) = ole.open_stream(name) else {
            continue;
        };
        checked_a_stream = true;
        let mut data = Vec::new();
        if let Err(e) = stream.take(limits.max_entry_bytes).read_to_end(&mut data) {
            return Err(AdapterError::Corrupt {
                format: "xls",
                detail: format!("workbook stream cannot be read: {e}"),
            });
        }
        let mut starts = vec![0usize];
        for (typ, body) in records(&data, 0) {
            if typ == rec::BOUNDSHEET {
                if let Some(pos) = u32_at(body, 0) {
                    starts.push(pos as usize);
                }
            }
        }
        for (i, start) in starts.into_iter().enumerate() {
            for (typ, body) in records(&data, start) {
                if typ == rec::DIMENSIONS {
                    check_dimensions_record(body)?;
                }
            }
            if i > 0 {
                check_extent(&data, start, max_area)?;
            }
        }
    }
    if !checked_a_stream {
        return Err(AdapterError::Corrupt {
            format: "xls",
            detail: "no Workbook or Book stream in the compound file".into(),
        });
    }
    Ok(())
}

/// calamine reads the compound file with its own reader, which can see the
/// streams of a damaged container differently from `cfb` (a fuzzed file hid
/// an inverted DIMENSIONS record from the stream scan above and made
/// calamine reserve 23 TB). So every DIMENSIONS-shaped record anywhere in
/// the raw bytes is checked too: type 0x0200 with a 10- or 14-byte body.
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

/// calamine allocates the dense range between the smallest and largest
/// cell positions of a sheet: refuse a sheet whose cell records span more
/// than `max_area` cells (two cells at opposite corners of an XLS sheet
/// would make it allocate a gigabyte).
fn check_extent(data: &[u8], start: usize, max_area: u64) -> Result<(), AdapterError> {
    let mut ext: Option<(u16, u16, u16, u16)> = None;
    let mut depth = 0usize;
    for (typ, body) in records(data, start) {
        match typ {
            rec::BOF => depth += 1,
            rec::EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            _ if depth != 1 => {}
            t if rec::CELLS.contains(&t) || t == rec::MULRK || t == rec::MULBLANK => {
                let (Some(r), Some(c)) = (u16_at(body, 0), u16_at(body, 2)) else {
                    continue;
                };
                // MULRK/MULBLANK end with their last column
                let last = if t == rec::MULRK || t == rec::MULBLANK {
                    body.len()
                        .checked_sub(2)
                        .and_then(|at| u16_at(body, at))
                        .unwrap_or(c)
                } else {
                    c
                };
                let (lo, hi) = (c.min(last), c.max(last));
                ext = Some(match ext {
                    None => (r, r, lo, hi),
                    Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(lo), c1.max(hi)),
                });
            }
            _ => {}
        }
    }
    if let Some((r0, r1, c0, c1)) = ext {
        let area = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        if area > max_area {
            return Err(AdapterError::LimitExceeded {
                what: "used cells per sheet",
                limit: max_area,
            });
        }
    }
    Ok(())
}

/// One `DIMENSIONS` record, read the way calamine reads it.
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

/// Iterate the records starting at `offset`: (type, body).
fn records(data: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = offset;
    std::iter::from_fn(move || {
        let &[t0, t1, l0, l1] = data.get(pos..pos + 4)? else {
            return None;
        };
        let typ = u16::from_le_bytes([t0, t1]);
        let len = u16::from_le_bytes([l0, l1]) as usize;
        let body = data.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, body))
    })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_le_bytes)
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
}

/// A BOUNDSHEET's name: `cch` characters, compressed (Latin-1) or UTF-16LE.
fn sheet_name(body: &[u8]) -> Option<String> {
    let cch = *body.get(6)? as usize;
    let flags = *body.get(7)?;
    let chars = body.get(8..)?;
    if flags & 1 == 1 {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(cch)
            .filter_map(|c| c.try_into().ok().map(u16::from_le_bytes))
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(chars.iter().take(cch).map(|&b| char::from(b)).collect())
    }
}

/// Parse the globals (XF and BOUNDSHEET records) and each worksheet's cell
/// records; at most `budget` bordered cells per sheet are recorded.
fn parse_workbook(data: &[u8], budget: usize) -> SheetBorders {
    let mut xf_bordered: Vec<bool> = Vec::new();
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (typ, body) in records(data, 0) {
        match typ {
            rec::XF => {
                // BIFF8 XF: line styles of left/right/top/bottom in the low
                // 16 bits of the dword at offset 10 (0 = no line)
                let borders = u32_at(body, 10).unwrap_or(0);
                xf_bordered.push(borders & 0xFFFF != 0);
            }
            // only worksheets (sheet type 0)
            rec::BOUNDSHEET if body.get(5) == Some(&0) => {
                if let (Some(pos), Some(name)) = (u32_at(body, 0), sheet_name(body)) {
                    sheets.push((name, pos as usize));
                }
            }
            rec::EOF => break,
            _ => {}
        }
    }
    let bordered = |ixfe: u16| xf_bordered.get(ixfe as usize).copied().unwrap_or(false);
    sheets
        .into_iter()
        .map(|(name, offset)| {
            let mut cells = Vec::new();
            let mut push = |row: u16, col: u16| {
                if cells.len() < budget {
                    cells.push((u32::from(row), u32::from(col)));
                }
            };
            let mut depth = 0usize;
            for (typ, body) in records(data, offset) {
                match typ {
                    rec::BOF => depth += 1,
                    rec::EOF => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ if depth != 1 => {}
                    t if rec::CELLS.contains(&t) => {
                        if let (Some(r), Some(c), Some(x)) =
                            (u16_at(body, 0), u16_at(body, 2), u16_at(body, 4))
                        {
                            if bordered(x) {
                                push(r, c);
                            }
                        }
                    }
                    rec::MULBLANK => {
                        if let (Some(r), Some(c0)) = (u16_at(body, 0), u16_at(body, 2)) {
                            let n = body.len().saturating_sub(6) / 2;
                            for k in 0..n {
                                if u16_at(body, 4 + 2 * k).is_some_and(bordered) {
                                    push(r, c0.saturating_add(k as u16));
                                }
                            }
                        }
                    }
                    rec::MULRK => {
                        if let (Some(r), Some(c0)) = (u16_at(body, 0), u16_at(body, 2)) {
                            let n = body.len().saturating_sub(6) / 6;
                            for k in 0..n {
                                if u16_at(body, 4 + 6 * k).is_some_and(bordered) {
                                    push(r, c0.saturating_add(k as u16));
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            (name, cells)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, body: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend_from_slice(&(body.len() as u16).to_le_bytes());
        v.extend_from_slice(body);
        v
    }

    fn xf(bordered: bool) -> Vec<u8> {
        let mut b = vec![0u8; 20];
        if bordered {
            b[10] = 0x11; // thin left and right
        }
        record(rec::XF, &b)
    }

    fn cell(typ: u16, row: u16, col: u16, ixfe: u16, extra: usize) -> Vec<u8> {
        let mut b = Vec::new();
        for v in [row, col, ixfe] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.resize(6 + extra, 0);
        record(typ, &b)
    }

    #[test]
    fn cells_with_bordered_formats_are_found() {
        let mut globals = record(rec::BOF, &[0; 16]);
        globals.extend(xf(false));
        globals.extend(xf(true));
        let boundsheet_at = globals.len();
        // BOUNDSHEET: offset patched below, visible worksheet, "表1" in UTF-16
        let mut bs = vec![0u8, 0, 0, 0, 0, 0, 2, 1];
        for u in "表1".encode_utf16() {
            bs.extend_from_slice(&u.to_le_bytes());
        }
        globals.extend(record(rec::BOUNDSHEET, &bs));
        globals.extend(record(rec::EOF, &[]));
        let sheet_at = globals.len() as u32;
        globals[boundsheet_at + 4..boundsheet_at + 8].copy_from_slice(&sheet_at.to_le_bytes());
        let mut data = globals;
        data.extend(record(rec::BOF, &[0; 16]));
        data.extend(cell(0x00FD, 0, 0, 1, 4)); // LABELSST, bordered
        data.extend(cell(0x0203, 0, 1, 0, 8)); // NUMBER, not bordered
                                               // MULBLANK row 1, cols 0..=2, formats 1, 0, 1
        let mut mb = Vec::new();
        for v in [1u16, 0, 1, 0, 1, 2] {
            mb.extend_from_slice(&v.to_le_bytes());
        }
        data.extend(record(rec::MULBLANK, &mb));
        // a chart substream inside the sheet is skipped
        data.extend(record(rec::BOF, &[0; 16]));
        data.extend(cell(0x0201, 9, 9, 1, 0));
        data.extend(record(rec::EOF, &[]));
        data.extend(cell(0x0201, 2, 3, 1, 0)); // BLANK, bordered
        data.extend(record(rec::EOF, &[]));
        let sheets = parse_workbook(&data, 100);
        assert_eq!(
            sheets,
            vec![("表1".to_string(), vec![(0, 0), (1, 0), (1, 2), (2, 3)])]
        );
        assert_eq!(parse_workbook(&data, 2)[0].1.len(), 2);
    }

    #[test]
    fn garbage_gives_no_borders() {
        assert!(read_borders(b"not an ole file", &Limits::default()).is_empty());
        assert!(parse_workbook(&[0xff; 7], 10).is_empty());
    }
}
