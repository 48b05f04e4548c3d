//! What calamine does not give for XLS: which cells have borders. A BIFF8
//! `Workbook` stream lists the cell formats (`XF` records, whose border line
//! styles say whether an edge is drawn) in its globals, and every cell
//! record of a worksheet names its `XF`. This pass reads just those records;
//! anything it cannot read leaves the workbook without border information
//! (calamine reports real damage).

use super::biff::{rec, records, sheet_name, u16_at, u32_at};

/// The bordered cells of each worksheet, by sheet name, in workbook order.
pub type SheetBorders = Vec<(String, Vec<(u32, u32)>)>;

/// Parse the globals (XF and BOUNDSHEET records) and each worksheet's cell
/// records; at most `budget` bordered cells per sheet are recorded.
pub fn parse_workbook(data: &[u8], budget: usize) -> SheetBorders {
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
    use super::super::biff::record;
    use super::*;

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
        assert!(parse_workbook(&[0xff; 7], 10).is_empty());
    }
}
