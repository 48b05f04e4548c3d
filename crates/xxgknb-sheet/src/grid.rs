//! One worksheet as read from any spreadsheet format: the cells that carry
//! text or a visible border, and the merged regions. This is what the
//! format readers produce and what [`crate::layout`] turns into blocks.

use std::collections::BTreeMap;

/// Rows of the largest sheet Excel and LibreOffice make (2^20).
pub const MAX_ROWS: u32 = 1 << 20;
/// Columns of the largest sheet Excel and LibreOffice make (2^14, `XFD`).
pub const MAX_COLS: u32 = 1 << 14;

/// A cell that has text or a visible border.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawCell {
    /// The cell's text as [`crate::value::cell_text`] renders it.
    pub text: String,
    /// Whether any edge of the cell has a visible border (only known for
    /// XLSX; always false for other formats).
    pub bordered: bool,
}

/// A merged region, inclusive on both ends, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Merge {
    /// First row.
    pub first_row: u32,
    /// First column.
    pub first_col: u32,
    /// Last row.
    pub last_row: u32,
    /// Last column.
    pub last_col: u32,
}

impl Merge {
    /// A region from its corners (inclusive).
    pub fn new(first_row: u32, first_col: u32, last_row: u32, last_col: u32) -> Self {
        Merge {
            first_row,
            first_col,
            last_row,
            last_col,
        }
    }
}

/// One worksheet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SheetData {
    /// Sheet name as shown on its tab.
    pub name: String,
    /// 1-based position of the sheet in the workbook.
    pub index: u32,
    /// Cells with text or a border, keyed by 0-based (row, column).
    pub cells: BTreeMap<(u32, u32), RawCell>,
    /// Merged regions.
    pub merges: Vec<Merge>,
}

impl SheetData {
    /// An empty sheet.
    pub fn new(name: impl Into<String>, index: u32) -> Self {
        SheetData {
            name: name.into(),
            index,
            ..Self::default()
        }
    }

    /// Record a cell; empty unbordered cells, and cells beyond the largest
    /// sheet a spreadsheet program makes ([`MAX_ROWS`] × [`MAX_COLS`]), are
    /// not stored.
    pub fn put(&mut self, row: u32, col: u32, text: String, bordered: bool) {
        if (text.is_empty() && !bordered) || row >= MAX_ROWS || col >= MAX_COLS {
            return;
        }
        self.cells.insert((row, col), RawCell { text, bordered });
    }

    /// Does any cell carry text?
    pub fn has_text(&self) -> bool {
        self.cells.values().any(|c| !c.text.trim().is_empty())
    }
}

/// Spreadsheet-style reference of a 0-based cell position, e.g. `B7`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(col) + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.reverse();
    let mut s: String = letters.into_iter().collect();
    s.push_str(&(u64::from(row) + 1).to_string());
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 1), "B7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn put_drops_empty_unbordered_cells() {
        let mut s = SheetData::new("S", 1);
        s.put(0, 0, String::new(), false);
        s.put(0, 1, String::new(), true);
        s.put(0, 2, "x".into(), false);
        s.put(MAX_ROWS, 0, "far".into(), false);
        s.put(0, MAX_COLS, "far".into(), false);
        assert_eq!(s.cells.len(), 2);
        assert!(s.has_text());
    }
}
