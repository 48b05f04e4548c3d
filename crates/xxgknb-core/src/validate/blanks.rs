//! BLANK_CELLS: cells of the applications and review/litigation tables left
//! blank (or written `/`, `—`, `-`) where the form expects a number. The
//! model keeps them `null`; this only reports them, one finding per table.

use crate::keys::{column_name, row_name, table_name};
use crate::model::{Finding, Location, TableData};
use crate::recognise::Recognised;
use crate::rules;

/// How many blank cells a message names before it says 等.
const NAMED: usize = 12;

/// The (row, column) keys of the blank cells of `table`, in order.
fn blank_cells(table: &TableData) -> Vec<(&str, &str)> {
    table
        .iter()
        .flat_map(|(row, cols)| {
            cols.iter()
                .filter(|(_, v)| v.is_none())
                .map(move |(col, _)| (row, col))
        })
        .collect()
}

/// BLANK_CELLS, for a table whose values were read (not layout-lost).
pub(super) fn blank_cells_findings(rec: &Recognised, out: &mut Vec<Finding>) {
    let tables = [
        ("applications", rec.tables.applications.as_ref()),
        ("review_litigation", rec.tables.review_litigation.as_ref()),
    ];
    for (name, table) in tables {
        let Some(table) = table.filter(|_| !rec.layout_lost.contains(&name)) else {
            continue;
        };
        let blanks = blank_cells(table);
        if blanks.is_empty() {
            continue;
        }
        let named: Vec<String> = blanks
            .iter()
            .take(NAMED)
            .map(|(r, c)| format!("{}/{}", row_name(r), column_name(c)))
            .collect();
        let more = if blanks.len() > NAMED { "等" } else { "" };
        out.push(rules::BLANK_CELLS.finding(
            format!(
                "{}有 {} 个单元格为空或填写“/”“—”（格式要求填数字，没有的填 0）：{}{more}",
                table_name(name),
                blanks.len(),
                named.join("、")
            ),
            Location {
                table: Some(name.to_string()),
                ..Location::default()
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Num, Row};

    /// One row's cells: column key and value.
    type Cells<'a> = &'a [(&'a str, Option<f64>)];

    fn table(rows: &[(&str, Cells)]) -> TableData {
        let mut t = TableData::default();
        for (r, cols) in rows {
            let mut row = Row::default();
            for (c, v) in *cols {
                row.insert(*c, v.map(Num));
            }
            t.insert(*r, row);
        }
        t
    }

    #[test]
    fn one_finding_per_table_names_the_blank_cells() {
        let mut rec = Recognised::default();
        rec.tables.applications = Some(table(&[
            (
                "new_received",
                &[
                    ("natural_person", Some(14.0)),
                    ("commercial", None),
                    ("total", Some(14.0)),
                ],
            ),
            (
                "carried_over",
                &[
                    ("natural_person", None),
                    ("commercial", None),
                    ("total", None),
                ],
            ),
        ]));
        rec.tables.review_litigation = Some(table(&[(
            "review",
            &[("upheld", Some(0.0)), ("total", Some(0.0))],
        )]));
        let mut out = Vec::new();
        blank_cells_findings(&rec, &mut out);
        assert_eq!(out.len(), 1);
        let f = out.first();
        assert_eq!(
            f.and_then(|f| f.location.table.as_deref()),
            Some("applications")
        );
        assert!(f.is_some_and(|f| f.message.contains("4 个") && f.message.contains("二、上年结转/总计")));
    }

    #[test]
    fn full_tables_and_layout_lost_tables_are_not_reported() {
        let mut rec = Recognised::default();
        rec.tables.review_litigation = Some(table(&[(
            "review",
            &[("upheld", Some(1.0)), ("total", Some(1.0))],
        )]));
        rec.tables.applications = Some(table(&[("new_received", &[("total", None)])]));
        rec.layout_lost.push("applications");
        let mut out = Vec::new();
        blank_cells_findings(&rec, &mut out);
        assert!(out.is_empty());
    }
}
