//! Validation rules (MODEL.md's rule ids) over a recognised report. Each
//! finding names the rule, its severity, the table/row/column and, where
//! known, the source position, with the numbers involved in Chinese.

mod arithmetic;
pub mod authority;
mod blanks;
mod content;
pub mod cross_year;
mod deadlines;
mod document;
mod narrative;
mod recorded;

use crate::document::Document;
pub(crate) use crate::findings::{finding, fmt_num};
use crate::model::Finding;
use crate::recognise::{Recognised, UnplacedCell};

/// All single-report findings over what was recognised in `doc`: first
/// those of what the recogniser saw ([`crate::recognise::Fact`]), in the
/// order seen, then the rules (a document that holds tables only, a
/// workbook, gets no SECTION_MISSING).
pub fn validate(rec: &Recognised, doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
    recorded::recorded(rec, &mut out);
    document::table_missing(rec, &mut out);
    document::section_missing(rec, doc.tables_only, &mut out);
    arithmetic::applications(rec, &mut out);
    arithmetic::review(rec, &mut out);
    arithmetic::negative(rec, &mut out);
    document::period(rec, &mut out);
    authority::rules_not_authorized(rec, &mut out);
    narrative::text_table_mismatch(rec, &mut out);
    narrative::stated_rows(rec, &mut out);
    document::outdated_format(rec, &mut out);
    document::nonstandard_labels(rec, &mut out);
    deadlines::published_late(rec, &mut out);
    content::fee_not_reported(rec, &mut out);
    blanks::blank_cells_findings(rec, &mut out);
    content::section_empty(rec, &mut out);
    deadlines::year_mismatch(rec, &mut out);
    out
}

/// A value the recogniser read but could not place that may belong to a
/// cell of `rows` × `col` of `table` (`col` None: any column), so that a
/// check over those cells would judge xxgknb's failure, not the report.
/// In a table placed in reading order only, a value left out may belong to
/// any cell (see [`Recognised::placed_by_position`]); a value of a row not
/// recognised (`""`) may belong to any row of a sum across rows; `*` is a
/// scanned value unsure of its row too.
pub(crate) fn unplaced_may_be_in<'a>(
    rec: &'a Recognised,
    table: &str,
    rows: &[&str],
    col: Option<&str>,
) -> Option<&'a UnplacedCell> {
    let positioned = rec.placed_by_position(table);
    rec.unplaced.iter().find(|u| {
        let in_rows = rows.contains(&u.row) || (u.row.is_empty() && rows.len() > 1) || u.row == "*";
        let in_col = col.is_none_or(|c| u.columns.is_empty() || u.columns.contains(&c));
        u.table == table && (!positioned || in_rows && in_col)
    })
}
