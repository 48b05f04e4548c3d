//! Word-processor tables to the intermediate form. Word (DOCX and DOC)
//! marks a vertically merged region with a "restart" cell at its top and
//! "continue" cells below it; the intermediate form wants one origin cell
//! with a `row_span` and the covered cells left out. [`MergedRows`] does
//! that row by row for both adapters.

use crate::document::{Cell, SourcePos};

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VerticalMerge {
    /// Not merged.
    #[default]
    None,
    /// The top cell of a region.
    Restart,
    /// Covered by the region above that starts in the same grid column.
    Continue,
}

/// Where an open vertical region has its origin.
#[derive(Debug, Clone, Copy)]
struct Open {
    /// Output row of the origin.
    row: usize,
    /// Index of the origin in that row.
    index: usize,
    /// Grid column where the origin starts.
    col: u32,
}

/// Rows of a table being built, with vertical merges resolved as cells
/// arrive: a continuing cell extends the open region that starts in the
/// same grid column in the row above (its row span grows, its text gets
/// the covered cell's text); a continuation with nothing above to continue
/// is kept as an ordinary cell.
#[derive(Debug, Default)]
pub struct MergedRows {
    rows: Vec<Vec<Cell>>,
    /// The row being built.
    current: Vec<Cell>,
    /// `open[c]`: the region covering grid column `c` in the row above.
    open: Vec<Option<Open>>,
    /// The same for the row being built.
    next_open: Vec<Option<Open>>,
}

impl MergedRows {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// 0-based index of the row being built.
    pub fn row_index(&self) -> usize {
        self.rows.len()
    }

    /// Add a cell at grid column `col`, `span` columns wide.
    pub fn push(
        &mut self,
        col: u32,
        span: u32,
        merge: VerticalMerge,
        text: String,
        pos: SourcePos,
    ) {
        let r = self.rows.len();
        set_open(&mut self.next_open, col, span, None);
        if merge == VerticalMerge::Continue {
            let above = self.open.get(col as usize).copied().flatten();
            if let Some(o) = above.filter(|o| o.col == col) {
                if let Some(origin) = self
                    .rows
                    .get_mut(o.row)
                    .and_then(|row| row.get_mut(o.index))
                {
                    origin.row_span = (r - o.row + 1) as u32;
                    append_text(origin, &text);
                    set_open(&mut self.next_open, col, span, Some(o));
                    return;
                }
            }
        }
        let index = self.current.len();
        self.current.push(Cell::spanning(text, 1, span, pos));
        if merge == VerticalMerge::Restart {
            let o = Open { row: r, index, col };
            set_open(&mut self.next_open, col, span, Some(o));
        }
    }

    /// Widen the last cell of the row being built over the `span` grid
    /// columns from `col` (a legacy horizontal merge) and append `text`;
    /// the widened cell keeps the vertical region it opened, if any.
    /// False when the row has no cell yet.
    pub fn widen_last(&mut self, col: u32, span: u32, text: &str) -> bool {
        let Some(prev) = self.current.last_mut() else {
            return false;
        };
        prev.col_span = prev.col_span.saturating_add(span);
        append_text(prev, text);
        let prev_open = col
            .checked_sub(1)
            .and_then(|c| self.next_open.get(c as usize).copied().flatten());
        set_open(&mut self.next_open, col, span, prev_open);
        true
    }

    /// Finish the row being built and start the next.
    pub fn end_row(&mut self) {
        self.rows.push(std::mem::take(&mut self.current));
        self.open = std::mem::take(&mut self.next_open);
    }

    /// The rows ended with [`MergedRows::end_row`].
    pub fn into_rows(self) -> Vec<Vec<Cell>> {
        self.rows
    }
}

/// Append `extra` to a cell's text on a new line (text found in a covered
/// cell).
fn append_text(cell: &mut Cell, extra: &str) {
    if extra.is_empty() {
        return;
    }
    if !cell.text.is_empty() {
        cell.text.push('\n');
    }
    cell.text.push_str(extra);
}

/// Mark grid columns `col..col+span` as covered by `region`.
fn set_open(open: &mut Vec<Option<Open>>, col: u32, span: u32, region: Option<Open>) {
    let end = col.saturating_add(span) as usize;
    if open.len() < end {
        open.resize(end, None);
    }
    for slot in open.iter_mut().take(end).skip(col as usize) {
        *slot = region;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use VerticalMerge::*;

    fn text(rows: &[Vec<Cell>]) -> Vec<Vec<(String, u32, u32)>> {
        rows.iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.text.clone(), c.row_span, c.col_span))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn continuations_extend_the_region_above() {
        let mut t = MergedRows::new();
        let p = SourcePos::default;
        t.push(0, 1, Restart, "项目".into(), p());
        t.push(1, 2, None, "合计".into(), p());
        t.end_row();
        t.push(0, 1, Continue, "续".into(), p());
        t.push(1, 1, None, "甲".into(), p());
        // nothing above starts at column 2: an ordinary cell
        t.push(2, 1, Continue, "乙".into(), p());
        t.end_row();
        t.push(0, 1, Continue, String::new(), p());
        t.push(1, 1, None, "1".into(), p());
        assert_eq!(t.row_index(), 2);
        t.end_row();
        let rows = t.into_rows();
        assert_eq!(
            text(&rows),
            vec![
                vec![("项目\n续".into(), 3, 1), ("合计".into(), 1, 2)],
                vec![("甲".into(), 1, 1), ("乙".into(), 1, 1)],
                vec![("1".into(), 1, 1)],
            ]
        );
    }

    #[test]
    fn a_widened_cell_keeps_its_region() {
        let mut t = MergedRows::new();
        let p = SourcePos::default;
        assert!(!t.widen_last(0, 1, "x"), "no cell to widen");
        t.push(0, 1, Restart, "a".into(), p());
        assert!(t.widen_last(1, 1, "b"));
        t.end_row();
        t.push(0, 2, Continue, String::new(), p());
        t.end_row();
        let rows = t.into_rows();
        assert_eq!(text(&rows), vec![vec![("a\nb".into(), 2, 2)], vec![]]);
    }
}
