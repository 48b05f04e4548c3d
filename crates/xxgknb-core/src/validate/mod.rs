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

use crate::document::{Document, SourcePos};
use crate::model::{Finding, Location, Severity};
use crate::recognise::Recognised;

/// All single-report rules over what was recognised in `doc` (a document
/// that holds tables only, a workbook, gets no SECTION_MISSING).
pub fn validate(rec: &Recognised, doc: &Document) -> Vec<Finding> {
    let mut out = Vec::new();
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

/// TABLE_LAYOUT_LOST: a table read from flattened text that lost its
/// layout (columns written one after another, blank cells left out) cannot
/// be mapped onto cells; its numbers are not reported rather than reported
/// in the wrong cells. `evidence` says, in Chinese, what showed it.
pub fn layout_lost_finding(table: &str, evidence: &str, pos: Option<SourcePos>) -> Finding {
    finding(
        "TABLE_LAYOUT_LOST",
        Severity::Warning,
        format!(
            "{}的版式在文本中已丢失（{evidence}），无法可靠对应到单元格，未提取数值；请使用原始 PDF/Word 文件或保留版式的文本（如 pdftotext -layout）",
            crate::keys::table_name(table)
        ),
        Some(table),
        None,
        None,
        pos.as_ref(),
    )
}

/// CELL_AMBIGUOUS: a value read from positioned text could not be put in
/// one cell (it lies between two column bands, shares a band with another
/// value of its row, or its row has no column positions); the cells stay
/// blank. `columns` are the cells it may belong to.
pub fn cell_ambiguous_finding(
    table: &str,
    row: &str,
    columns: &[&str],
    text: &str,
    why: &str,
    pos: &SourcePos,
) -> Finding {
    let cells = if columns.is_empty() {
        "任一列".to_string()
    } else {
        columns
            .iter()
            .map(|c| crate::keys::column_name(c))
            .collect::<Vec<_>>()
            .join("或")
    };
    finding(
        "CELL_AMBIGUOUS",
        Severity::Warning,
        format!(
            "{} {} 的数值 {text} 无法确定所在单元格（{why}；可能属于{cells}），未填入，相关合计未核对",
            crate::keys::table_name(table),
            if row.is_empty() {
                "行名未能识别的一行"
            } else {
                crate::keys::row_name(row)
            }
        ),
        Some(table),
        Some(row).filter(|r| !r.is_empty()),
        columns.first().copied().filter(|_| columns.len() == 1),
        Some(pos),
    )
}

/// Format a number for a message: integers without decimals.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub(crate) fn finding(
    rule: &str,
    severity: Severity,
    message: String,
    table: Option<&str>,
    row: Option<&str>,
    column: Option<&str>,
    source: Option<&SourcePos>,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        message,
        location: Location {
            table: table.map(str::to_string),
            row: row.map(str::to_string),
            column: column.map(str::to_string),
            section: None,
            previous: None,
            source: source.cloned().unwrap_or_default(),
        },
    }
}
