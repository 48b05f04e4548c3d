//! Findings built from the rule list: the one constructor every rule uses
//! (with the table, row, column and source position it concerns), and the
//! findings the recogniser records about what it could not read (a lost
//! layout, a value it could not place). Shared by the recogniser and the
//! validation rules, so neither imports the other's internals.

use crate::document::SourcePos;
use crate::model::{Finding, Location};
use crate::rules::{self, Rule};

/// TABLE_LAYOUT_LOST: a table read from flattened text that lost its
/// layout (columns written one after another, blank cells left out) cannot
/// be mapped onto cells; its numbers are not reported rather than reported
/// in the wrong cells. `evidence` says, in Chinese, what showed it.
pub fn layout_lost_finding(table: &str, evidence: &str, pos: Option<SourcePos>) -> Finding {
    finding(
        &rules::TABLE_LAYOUT_LOST,
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
        &rules::CELL_AMBIGUOUS,
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

/// OCR_UNCERTAIN: a value cell of a scanned page read with too little
/// confidence (or two readings that disagree) is left blank. `row` and
/// `column` name the model cell when the recogniser knows it.
pub fn ocr_uncertain_finding(
    table: &str,
    row: Option<&str>,
    column: Option<&str>,
    text: &str,
    confidence: f32,
    pos: &SourcePos,
) -> Finding {
    let cell = match (row, column) {
        (Some(r), Some(c)) => format!(
            "{} {}×{}",
            crate::keys::table_name(table),
            crate::keys::row_name(r),
            crate::keys::column_name(c)
        ),
        (Some(r), None) => format!(
            "{} {}",
            crate::keys::table_name(table),
            crate::keys::row_name(r)
        ),
        _ if table.is_empty() => "表格".to_string(),
        _ => crate::keys::table_name(table).to_string(),
    };
    finding(
        &rules::OCR_UNCERTAIN,
        format!(
            "{cell}（{}）识别为“{text}”，置信度 {confidence:.0}，低于采用阈值或两次识别不一致，未填入，请对照原件核对",
            pos.describe()
        ),
        Some(table).filter(|t| !t.is_empty()),
        row,
        column,
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
