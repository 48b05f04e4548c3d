//! Findings built from the rule list: the one constructor every rule uses
//! (with the table, row, column and source position it concerns) and the
//! number format of the messages.

use crate::document::SourcePos;
use crate::model::{Finding, Location};
use crate::rules::Rule;

/// Format a number for a message: integers without decimals.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A finding of `rule` with its default severity at a table cell and,
/// where known, a source position.
pub(crate) fn finding(
    rule: &Rule,
    message: String,
    table: Option<&str>,
    row: Option<&str>,
    column: Option<&str>,
    source: Option<&SourcePos>,
) -> Finding {
    rule.finding(
        message,
        Location {
            table: table.map(str::to_string),
            row: row.map(str::to_string),
            column: column.map(str::to_string),
            section: None,
            previous: None,
            source: source.cloned().unwrap_or_default(),
        },
    )
}
