//! Merge resolution: turns a [`RawTable`] (Word's model, where a merged
//! region is one cell with `w:gridSpan` plus `w:vMerge="continue"` cells
//! below it) into the intermediate [`Table`] (the HTML model, where the
//! region's origin cell carries `row_span`/`col_span` and covered cells are
//! not listed).
//!
//! Cells are placed on the table grid by their running column (after
//! `w:gridBefore`); a continuing cell extends the open region that starts
//! in the same grid column in the row above. A continuation with nothing
//! above to continue is kept as an ordinary cell. Legacy `w:hMerge`
//! continuations widen the cell before them.

use xxgknb_core::merges::{MergedRows, VerticalMerge};
use xxgknb_core::{SourcePos, Table};

use crate::body::{Item, Merge, RawCell, RawTable};

/// The text of a cell: its paragraphs (and manual line breaks) joined with
/// `\n`, empty paragraphs left out; a nested table contributes its rows as
/// lines with cells separated by tabs.
pub fn cell_text(items: &[Item]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for item in items {
        let text = match item {
            Item::Para(p) => p.lines.join("\n"),
            Item::Table(t) => nested_text(t),
            // a picture inside a table cell is not read
            Item::Picture(_) => String::new(),
        };
        if !text.is_empty() {
            parts.push(text);
        }
    }
    parts.join("\n")
}

/// A nested table flattened to text: one line per row, cells separated by
/// tabs (line breaks inside a nested cell become spaces).
fn nested_text(t: &RawTable) -> String {
    t.rows
        .iter()
        .filter(|r| !r.deleted)
        .map(|r| {
            r.cells
                .iter()
                .filter(|c| c.v_merge != Merge::Continue && c.h_merge != Merge::Continue)
                .map(|c| cell_text(&c.items).replace('\n', " "))
                .collect::<Vec<_>>()
                .join("\t")
        })
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The paragraph index of the first paragraph in some content.
pub fn first_line(items: &[Item]) -> Option<u32> {
    items.iter().find_map(|i| match i {
        Item::Para(p) => Some(p.index),
        Item::Table(t) => t
            .rows
            .iter()
            .flat_map(|r| r.cells.iter())
            .find_map(|c| first_line(&c.items)),
        Item::Picture(_) => None,
    })
}

/// Does any cell of the table hold a nested table?
pub fn has_nested_table(t: &RawTable) -> bool {
    t.rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .any(|c| c.items.iter().any(|i| matches!(i, Item::Table(_))))
}

/// Position of a cell: `T{table}R{row}C{col}`, 1-based, col being the grid
/// column where the cell starts; line = its first paragraph.
fn cell_pos(table_no: u32, row: usize, col: u32, cell: &RawCell) -> SourcePos {
    SourcePos {
        line: first_line(&cell.items),
        cell: Some(format!("T{table_no}R{}C{}", row + 1, col + 1)),
        ..SourcePos::default()
    }
}

/// Resolve merges. `table_no` is the table's 1-based number in the
/// document, used in cell positions.
pub fn resolve(raw: &RawTable, table_no: u32) -> Table {
    let mut rows = MergedRows::new();
    for raw_row in raw.rows.iter().filter(|r| !r.deleted) {
        let r = rows.row_index();
        let mut col: u32 = 0;
        if raw_row.grid_before > 0 {
            // Grid columns the row leaves out: a blank placeholder keeps the
            // following cells in their true columns.
            let span = raw_row.grid_before.min(xxgknb_core::document::MAX_SPAN);
            let pos = SourcePos {
                cell: Some(format!("T{table_no}R{}C1", r + 1)),
                ..SourcePos::default()
            };
            rows.push(0, span, VerticalMerge::None, String::new(), pos);
            col = span;
        }
        for raw_cell in &raw_row.cells {
            let span = raw_cell.grid_span.clamp(1, xxgknb_core::document::MAX_SPAN);
            let text = cell_text(&raw_cell.items);
            let start = col;
            col = col.saturating_add(span);
            if raw_cell.h_merge == Merge::Continue && rows.widen_last(start, span, &text) {
                continue;
            }
            let merge = match raw_cell.v_merge {
                Merge::None => VerticalMerge::None,
                Merge::Restart => VerticalMerge::Restart,
                Merge::Continue => VerticalMerge::Continue,
            };
            rows.push(
                start,
                span,
                merge,
                text,
                cell_pos(table_no, r, start, raw_cell),
            );
        }
        rows.end_row();
    }
    Table {
        rows: rows.into_rows(),
        pos: SourcePos {
            line: first_line_of_table(raw),
            cell: Some(format!("T{table_no}")),
            ..SourcePos::default()
        },
    }
}

/// First paragraph index inside a table.
fn first_line_of_table(raw: &RawTable) -> Option<u32> {
    raw.rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .find_map(|c| first_line(&c.items))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::body::{Para, RawRow};

    fn c(text: &str, span: u32, v: Merge) -> RawCell {
        RawCell {
            grid_span: span,
            v_merge: v,
            h_merge: Merge::None,
            items: vec![Item::Para(Para {
                index: 1,
                lines: vec![text.to_string()],
            })],
        }
    }

    fn row(cells: Vec<RawCell>) -> RawRow {
        RawRow {
            grid_before: 0,
            deleted: false,
            cells,
        }
    }

    fn shape(t: &Table) -> Vec<Vec<(String, u32, u32)>> {
        t.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| (c.text.clone(), c.row_span, c.col_span))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn vertical_and_horizontal_merges() {
        use Merge::*;
        // | A (2 rows) | B (2 cols)  |
        // |            | C   | D     |
        // | E          | F   | G     |
        let raw = RawTable {
            rows: vec![
                row(vec![c("A", 1, Restart), c("B", 2, None)]),
                row(vec![c("", 1, Continue), c("C", 1, None), c("D", 1, None)]),
                row(vec![c("E", 1, None), c("F", 1, None), c("G", 1, None)]),
            ],
        };
        let t = resolve(&raw, 2);
        let s = |x: &str, r, cs| (x.to_string(), r, cs);
        assert_eq!(
            shape(&t),
            vec![
                vec![s("A", 2, 1), s("B", 1, 2)],
                vec![s("C", 1, 1), s("D", 1, 1)],
                vec![s("E", 1, 1), s("F", 1, 1), s("G", 1, 1)],
            ]
        );
        assert_eq!(t.rows[1][1].pos.cell.as_deref(), Some("T2R2C3"));
    }

    #[test]
    fn continuation_must_start_in_the_same_column() {
        use Merge::*;
        // the continuation in row 2 starts in column 1, where nothing is open
        let raw = RawTable {
            rows: vec![
                row(vec![c("A", 2, Restart), c("B", 1, None)]),
                row(vec![c("X", 1, None), c("Y", 1, Continue), c("Z", 1, None)]),
            ],
        };
        let t = resolve(&raw, 1);
        assert_eq!(t.rows[0][0].row_span, 1);
        assert_eq!(t.rows[1].len(), 3);
    }

    #[test]
    fn region_closes_when_a_row_does_not_continue_it() {
        use Merge::*;
        let raw = RawTable {
            rows: vec![
                row(vec![c("A", 1, Restart)]),
                row(vec![c("B", 1, None)]),
                row(vec![c("", 1, Continue)]),
            ],
        };
        let t = resolve(&raw, 1);
        assert_eq!(t.rows[0][0].row_span, 1);
        assert_eq!(t.rows[2].len(), 1, "orphan continuation kept as a cell");
    }

    #[test]
    fn grid_before_and_deleted_rows() {
        use Merge::*;
        let mut shifted = row(vec![c("x", 1, None)]);
        shifted.grid_before = 2;
        let mut gone = row(vec![c("deleted", 3, None)]);
        gone.deleted = true;
        let raw = RawTable {
            rows: vec![
                row(vec![c("a", 1, None), c("b", 1, None), c("c", 1, Restart)]),
                gone,
                shifted,
            ],
        };
        let t = resolve(&raw, 1);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][0].text, "");
        assert_eq!(t.rows[1][0].col_span, 2);
        assert_eq!(t.rows[1][1].pos.cell.as_deref(), Some("T1R2C3"));
        let g = t.grid();
        assert_eq!(g.width, 3);
    }

    #[test]
    fn legacy_hmerge_widens_the_previous_cell() {
        let mut cont = c("", 1, Merge::None);
        cont.h_merge = Merge::Continue;
        let mut start = c("A", 1, Merge::None);
        start.h_merge = Merge::Restart;
        let raw = RawTable {
            rows: vec![row(vec![start, cont, c("B", 1, Merge::None)])],
        };
        let t = resolve(&raw, 1);
        assert_eq!(
            shape(&t),
            vec![vec![("A".into(), 1, 2), ("B".into(), 1, 1)]]
        );
    }

    #[test]
    fn cell_text_joins_paragraphs_and_flattens_nested_tables() {
        let nested = RawTable {
            rows: vec![row(vec![c("x", 1, Merge::None), c("y", 1, Merge::None)])],
        };
        let items = vec![
            Item::Para(Para {
                index: 3,
                lines: vec!["一".into(), "二".into()],
            }),
            Item::Para(Para {
                index: 4,
                lines: vec![String::new()],
            }),
            Item::Table(nested),
        ];
        assert_eq!(cell_text(&items), "一\n二\nx\ty");
        assert_eq!(first_line(&items), Some(3));
    }
}
