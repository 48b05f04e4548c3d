//! `<table>` elements into [`Table`]s: rows and cells as the source lays
//! them out (the origin cell carries the spans), cell text with `<p>`,
//! `<div>` and `<br>` as line breaks, nested tables flattened into their
//! cell's text (one line per nested row), and layout tables (a single
//! column, or a frame of a few cells around nested tables) recognised so
//! that the caller can read through them as ordinary content.

use crate::dom::{Dom, Kind, Role};
use crate::text::Lines;
use xxgknb_core::document::MAX_SPAN;
use xxgknb_core::{AdapterError, Cell, Limits, SourcePos, Table};

/// The rows of table `t` and, for each, its cells (elements, not text),
/// ignoring rows and cells of nested tables.
pub fn own_rows(dom: &Dom, t: usize) -> Vec<Vec<usize>> {
    let mut rows = Vec::new();
    let push_row = |tr: usize, rows: &mut Vec<Vec<usize>>| {
        let cells = dom
            .children(tr)
            .iter()
            .copied()
            .filter(|c| dom.role(*c) == Some(Role::Cell))
            .collect();
        rows.push(cells);
    };
    for &c in dom.children(t) {
        match dom.role(c) {
            Some(Role::Row) => push_row(c, &mut rows),
            Some(Role::RowGroup) => {
                for &r in dom.children(c) {
                    if dom.role(r) == Some(Role::Row) {
                        push_row(r, &mut rows);
                    }
                }
            }
            _ => {}
        }
    }
    rows
}

/// Does element `i` contain a `<table>` below it?
fn has_nested_table(dom: &Dom, i: usize) -> bool {
    let mut stack = dom.children(i).to_vec();
    while let Some(n) = stack.pop() {
        if dom.role(n) == Some(Role::Table) {
            return true;
        }
        stack.extend_from_slice(dom.children(n));
    }
    false
}

/// A table used for page layout rather than data: every row has at most
/// one cell, or it frames nested tables with at most three non-empty cells.
pub fn is_layout(dom: &Dom, t: usize) -> bool {
    let rows = own_rows(dom, t);
    if rows.iter().all(|r| r.len() <= 1) {
        return true;
    }
    let cells: Vec<usize> = rows.iter().flatten().copied().collect();
    let non_empty = cells.iter().filter(|c| dom.weight(**c) > 0).count();
    non_empty <= 3 && cells.iter().any(|c| has_nested_table(dom, *c))
}

/// Parse a span attribute the HTML way: leading digits after optional
/// whitespace, trailing junk ignored; missing or unparsable is `default`.
fn parse_span(v: Option<&str>, default: u32) -> u32 {
    let Some(v) = v else { return default };
    let digits: String = v
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    digits.parse().unwrap_or(default)
}

/// The text of a cell: block children and `<br>` break lines, inline runs
/// join, nested table rows become lines with their cells space-separated.
pub fn cell_text(dom: &Dom, cell: usize) -> String {
    enum Step {
        Enter(usize),
        Exit(Role),
    }
    let mut out = Lines::new();
    let mut stack: Vec<Step> = dom
        .children(cell)
        .iter()
        .rev()
        .map(|c| Step::Enter(*c))
        .collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Exit(role) => match role {
                Role::Cell => out.soft_space(),
                _ => out.break_line(),
            },
            Step::Enter(n) => {
                let Some(node) = dom.node(n) else { continue };
                match &node.kind {
                    Kind::Text(t) => out.push_text(t),
                    Kind::Element(e) => {
                        match e.role {
                            Role::Break => {
                                out.break_line();
                                continue;
                            }
                            Role::Inline | Role::Link => {}
                            Role::Cell => {
                                out.soft_space();
                                stack.push(Step::Exit(Role::Cell));
                            }
                            role => {
                                out.break_line();
                                stack.push(Step::Exit(role));
                            }
                        }
                        for c in node.children.iter().rev() {
                            stack.push(Step::Enter(*c));
                        }
                    }
                }
            }
        }
    }
    out.finish()
}

/// Build the [`Table`] for element `t`, the `number`-th table of the
/// document (1-based), starting at paragraph index `line`. Cell positions
/// read `T{number}R{row}C{column}` with 1-based grid row and column.
pub fn build(
    dom: &Dom,
    t: usize,
    number: usize,
    line: u32,
    limits: &Limits,
) -> Result<Table, AdapterError> {
    let rows = own_rows(dom, t);
    let n_rows = rows.len();
    let n_cells: usize = rows.iter().map(Vec::len).sum();
    let too_many = || AdapterError::LimitExceeded {
        what: "cells per table",
        limit: limits.max_cells_per_table as u64,
    };
    if n_cells > limits.max_cells_per_table {
        return Err(too_many());
    }
    // spans, clamped: colspan to the HTML maximum, rowspan to the rows left
    // (rowspan=0 means "to the end of the table")
    let mut spans: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n_rows);
    let mut widest: u64 = 0; // most columns started in one row
    let mut spanned_down: u64 = 0; // columns taken by cells spanning rows
    let mut slots: u64 = 0; // grid slots covered by cells
    for (r, row) in rows.iter().enumerate() {
        let left = (n_rows - r) as u32;
        let mut line_spans = Vec::with_capacity(row.len());
        let mut width: u64 = 0;
        for &c in row {
            let e = dom.node(c).and_then(|n| n.elem());
            let cs = parse_span(e.and_then(|e| e.colspan.as_deref()), 1).clamp(1, MAX_SPAN);
            let rs = match parse_span(e.and_then(|e| e.rowspan.as_deref()), 1) {
                0 => left,
                v => v.min(left).max(1),
            };
            width += u64::from(cs);
            if rs > 1 {
                spanned_down += u64::from(cs);
            }
            slots += u64::from(rs) * u64::from(cs);
            line_spans.push((rs, cs));
        }
        widest = widest.max(width);
        spans.push(line_spans);
    }
    // the resolved grid is at most rows × (widest row + columns pushed right
    // by cells spanning down); bound it and the covered slots so hostile
    // spans cannot blow up memory or time here or downstream
    let bound = limits.max_cells_per_table as u64 * 4;
    let grid_area = (n_rows as u64).saturating_mul(widest + spanned_down);
    if slots > bound || grid_area > bound {
        return Err(too_many());
    }
    let mut table_pos = SourcePos {
        line: Some(line),
        cell: Some(format!("T{number}")),
        ..SourcePos::default()
    };
    crate::blocks::set_source(&mut table_pos, crate::blocks::source_of(dom, t));
    let mut table = Table {
        rows: Vec::with_capacity(n_rows),
        pos: table_pos,
    };
    for (row, row_spans) in rows.iter().zip(&spans) {
        let cells = row
            .iter()
            .zip(row_spans)
            .map(|(&c, &(rs, cs))| {
                let mut pos = SourcePos::default();
                crate::blocks::set_source(&mut pos, crate::blocks::source_of(dom, c));
                Cell::spanning(cell_text(dom, c), rs, cs, pos)
            })
            .collect();
        table.rows.push(cells);
    }
    // name every origin cell by its grid row and column
    let grid = table.grid();
    for (gr, slots) in grid.slots.iter().enumerate() {
        for (gc, slot) in slots.iter().enumerate() {
            let Some(slot) = slot.filter(|s| s.origin) else {
                continue;
            };
            if let Some(cell) = table
                .rows
                .get_mut(slot.row)
                .and_then(|r| r.get_mut(slot.index))
            {
                cell.pos = SourcePos {
                    line: Some(line),
                    cell: Some(format!("T{number}R{}C{}", gr + 1, gc + 1)),
                    ..std::mem::take(&mut cell.pos)
                };
            }
        }
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_attributes_parse_like_browsers() {
        assert_eq!(parse_span(None, 1), 1);
        assert_eq!(parse_span(Some(" 3"), 1), 3);
        assert_eq!(parse_span(Some("2px"), 1), 2);
        assert_eq!(parse_span(Some("x"), 1), 1);
        assert_eq!(parse_span(Some("0"), 1), 0);
        assert_eq!(parse_span(Some("99999999999999"), 1), 999_999_999);
    }
}
