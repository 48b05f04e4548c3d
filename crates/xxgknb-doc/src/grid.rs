//! Merge resolution: places each row's cells on a column grid built from
//! the union of all cell boundaries of the table (`rgdxaCenter` of every
//! row's `sprmTDefTable`), so a cell covering several narrower cells of
//! another row gets the right `col_span`; legacy horizontal merges
//! (`fMerged` cells) widen the cell before them; vertical merges
//! (`vertMerge` 1/2 below a 3) become `row_span` on the top cell.

use xxgknb_core::document::MAX_SPAN;
use xxgknb_core::merges::{MergedRows, VerticalMerge};
use xxgknb_core::{AdapterError, SourcePos, Table};

use crate::body::{RawRow, RawTable};

/// Boundaries closer than this many twips (about 0.2 mm) are one grid line.
const SNAP: i32 = 10;

/// A cell on the grid before vertical merges.
struct Placed {
    text: String,
    col: u32,
    span: u32,
    vert: u8,
    line: Option<u32>,
}

/// The boundaries of a row's cells, when its definition covers them.
fn row_bounds(row: &RawRow) -> Option<Vec<i32>> {
    let def = row.def.as_ref()?;
    if def.centers.len() < row.cells.len() + 1 || row.cells.is_empty() {
        return None;
    }
    Some(
        def.centers
            .iter()
            .take(row.cells.len() + 1)
            .map(|c| i32::from(*c))
            .collect(),
    )
}

/// The grid lines of the table: sorted, near-duplicates merged.
fn grid_lines(raw: &RawTable) -> Vec<i32> {
    let mut xs: Vec<i32> = raw.rows.iter().filter_map(row_bounds).flatten().collect();
    xs.sort_unstable();
    let mut lines: Vec<i32> = Vec::new();
    for x in xs {
        if lines.last().is_none_or(|l| x - l > SNAP) {
            lines.push(x);
        }
    }
    lines
}

/// Grid column of boundary `x`: the nearest grid line.
fn column(lines: &[i32], x: i32) -> u32 {
    let i = lines.partition_point(|l| *l < x - SNAP);
    (i.min(lines.len().saturating_sub(1))) as u32
}

/// Place a row's cells on the grid, folding legacy horizontal merges.
fn place(row: &RawRow, lines: &[i32]) -> Vec<Placed> {
    let bounds = row_bounds(row);
    let def = row.def.as_ref();
    let mut out: Vec<Placed> = Vec::new();
    let mut next_col: u32 = 0;
    for (i, cell) in row.cells.iter().enumerate() {
        let text = cell.paras.join("\n");
        let (col, span) = match &bounds {
            Some(b) => {
                let l = column(lines, b.get(i).copied().unwrap_or(0));
                let r = column(lines, b.get(i + 1).copied().unwrap_or(0));
                (l, r.saturating_sub(l).max(1))
            }
            None => (next_col, 1),
        };
        let horz = def.and_then(|d| d.horz.get(i)).copied().unwrap_or(0);
        if horz >= 2 {
            if let Some(prev) = out.last_mut() {
                prev.span = (col + span).saturating_sub(prev.col).max(prev.span);
                if !text.is_empty() {
                    if !prev.text.is_empty() {
                        prev.text.push('\n');
                    }
                    prev.text.push_str(&text);
                }
                next_col = prev.col + prev.span;
                continue;
            }
        }
        next_col = col.saturating_add(span);
        out.push(Placed {
            text,
            col,
            span: span.min(MAX_SPAN),
            vert: def.and_then(|d| d.vert.get(i)).copied().unwrap_or(0),
            line: cell.first_line,
        });
    }
    out
}

/// Resolve a raw table into the intermediate form. `table_no` is the
/// table's 1-based number; `max_slots` bounds rows × grid columns.
pub fn resolve(raw: &RawTable, table_no: u32, max_slots: usize) -> Result<Table, AdapterError> {
    let lines = grid_lines(raw);
    let placed: Vec<Vec<Placed>> = raw.rows.iter().map(|r| place(r, &lines)).collect();
    let width = placed
        .iter()
        .filter_map(|r| r.last().map(|c| u64::from(c.col) + u64::from(c.span)))
        .max()
        .unwrap_or(0);
    if width.saturating_mul(placed.len() as u64) > max_slots as u64 {
        return Err(AdapterError::LimitExceeded {
            what: "cells per table (grid rows × columns after spans)",
            limit: max_slots as u64,
        });
    }
    let mut rows = MergedRows::new();
    for row in placed {
        let r = rows.row_index();
        if let Some(first) = row.first().filter(|c| c.col > 0) {
            // grid columns left of the row's first cell: a blank
            // placeholder keeps the cells in their true columns
            let pos = SourcePos {
                cell: Some(format!("T{table_no}R{}C1", r + 1)),
                ..SourcePos::default()
            };
            rows.push(
                0,
                first.col.min(MAX_SPAN),
                VerticalMerge::None,
                String::new(),
                pos,
            );
        }
        for c in row {
            let merge = match c.vert {
                1 | 2 => VerticalMerge::Continue,
                3 => VerticalMerge::Restart,
                _ => VerticalMerge::None,
            };
            let pos = SourcePos {
                line: c.line,
                cell: Some(format!("T{table_no}R{}C{}", r + 1, c.col + 1)),
                ..SourcePos::default()
            };
            rows.push(c.col, c.span, merge, c.text, pos);
        }
        rows.end_row();
    }
    let first_line = raw
        .rows
        .iter()
        .flat_map(|r| r.cells.iter())
        .find_map(|c| c.first_line);
    Ok(Table {
        rows: rows.into_rows(),
        pos: SourcePos {
            line: first_line,
            cell: Some(format!("T{table_no}")),
            ..SourcePos::default()
        },
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::body::RawCell;
    use crate::papx::TableDef;

    fn row(texts: &[&str], centers: &[i16], vert: &[u8], horz: &[u8]) -> RawRow {
        RawRow {
            cells: texts
                .iter()
                .map(|t| RawCell {
                    paras: if t.is_empty() {
                        vec![]
                    } else {
                        vec![t.to_string()]
                    },
                    first_line: Some(1),
                })
                .collect(),
            def: Some(TableDef {
                centers: centers.to_vec(),
                horz: horz.to_vec(),
                vert: vert.to_vec(),
            }),
        }
    }

    #[test]
    fn union_grid_gives_col_and_row_spans() {
        let raw = RawTable {
            rows: vec![
                row(&["项目", "合计"], &[0, 1000, 3000], &[3, 0], &[0, 0]),
                row(
                    &["", "甲", "乙"],
                    &[0, 1000, 2000, 3000],
                    &[1, 0, 0],
                    &[0, 0, 0],
                ),
                row(
                    &["x", "1", ""],
                    &[0, 1000, 2005, 3000],
                    &[0, 0, 0],
                    &[0, 0, 0],
                ),
            ],
            nested: false,
        };
        let t = resolve(&raw, 1, 1000).unwrap();
        let g = t.grid();
        assert_eq!((g.slots.len(), g.width), (3, 3));
        assert_eq!(t.rows[0][0].row_span, 2);
        assert_eq!(t.rows[0][1].col_span, 2);
        assert_eq!(t.rows[1].len(), 2);
        assert_eq!(t.rows[2][2].text, "", "blank stays blank");
        assert_eq!(t.rows[1][0].pos.cell.as_deref(), Some("T1R2C2"));
    }

    #[test]
    fn legacy_horizontal_merge_widens() {
        let raw = RawTable {
            rows: vec![
                row(&["a", "", "b"], &[0, 400, 500, 900], &[0, 0, 0], &[1, 2, 0]),
                row(
                    &["c", "d", "e"],
                    &[0, 400, 500, 900],
                    &[0, 0, 0],
                    &[0, 0, 0],
                ),
            ],
            nested: false,
        };
        let t = resolve(&raw, 1, 1000).unwrap();
        assert_eq!(t.rows[0].len(), 2);
        assert_eq!(t.rows[0][0].col_span, 2);
        assert!(resolve(&raw, 1, 2).is_err());
    }
}
