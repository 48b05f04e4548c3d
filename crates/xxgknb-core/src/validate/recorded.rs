//! The findings of what the recogniser saw ([`Fact`]): TABLE_LAYOUT_LOST,
//! UNIT_CONVERTED, NONSTANDARD_LABEL (a label read as its closest row, or
//! equally close to several), CELL_AMBIGUOUS, OCR_UNCERTAIN and
//! DATE_INVALID, in the order the facts were recorded.

use super::finding;
use crate::document::SourcePos;
use crate::keys::{column_name, row_name, table_name};
use crate::model::{Finding, Severity};
use crate::recognise::{Fact, Recognised};
use crate::rules;

/// At most this many DATE_INVALID findings per report.
const MAX_INVALID_DATES: usize = 10;

/// One finding per fact of `rec`, in order.
pub(super) fn recorded(rec: &Recognised, out: &mut Vec<Finding>) {
    let mut dates = 0;
    for fact in &rec.facts {
        if matches!(fact, Fact::DateInvalid { .. }) {
            dates += 1;
            if dates > MAX_INVALID_DATES {
                continue;
            }
        }
        out.push(fact_finding(fact));
    }
}

/// The finding of one fact.
fn fact_finding(fact: &Fact) -> Finding {
    match fact {
        Fact::LayoutLost {
            table,
            evidence,
            pos,
        } => layout_lost(table, evidence, pos.as_ref()),
        Fact::UnitConverted {
            row,
            column,
            printed,
            wan,
            pos,
        } => finding(
            &rules::UNIT_CONVERTED,
            format!(
                "主动公开 {} 金额印为 {printed} 元，已换算为 {wan} 万元",
                Some(row_name(row)).filter(|n| !n.is_empty()).unwrap_or(row)
            ),
            Some("active"),
            Some(row),
            Some(column),
            Some(pos),
        ),
        Fact::LabelVariant {
            row,
            printed,
            official,
            pos,
        } => finding(
            &rules::NONSTANDARD_LABEL,
            format!("标签“{printed}”与规范表述“{official}”不一致，按该行读取"),
            Some("applications"),
            Some(row),
            None,
            pos.as_ref(),
        ),
        Fact::LabelAmbiguous {
            printed,
            officials,
            pos,
        } => {
            let mut f = finding(
                &rules::NONSTANDARD_LABEL,
                format!(
                    "标签“{printed}”与“{}”同样接近，无法确定所属行，该行数值未读取",
                    officials.join("”“")
                ),
                Some("applications"),
                None,
                None,
                pos.as_ref(),
            );
            // a warning, not the rule's info: the row's numbers were not read
            f.severity = Severity::Warning;
            f
        }
        Fact::CellAmbiguous {
            table,
            row,
            columns,
            text,
            why,
            pos,
        } => cell_ambiguous(table, row, columns, text, why, pos),
        Fact::OcrUncertain {
            table,
            row,
            column,
            text,
            confidence,
            pos,
        } => ocr_uncertain(table, *row, *column, text, *confidence, pos),
        Fact::DateInvalid { date, why, pos } => finding(
            &rules::DATE_INVALID,
            format!("日期“{date}”不存在（{why}），未作为日期记录"),
            None,
            None,
            None,
            Some(pos),
        ),
    }
}

/// TABLE_LAYOUT_LOST: a table read from flattened text that lost its
/// layout cannot be mapped onto cells; its numbers are not reported rather
/// than reported in the wrong cells.
fn layout_lost(table: &str, evidence: &str, pos: Option<&SourcePos>) -> Finding {
    finding(
        &rules::TABLE_LAYOUT_LOST,
        format!(
            "{}的版式在文本中已丢失（{evidence}），无法可靠对应到单元格，未提取数值；请使用原始 PDF/Word 文件或保留版式的文本（如 pdftotext -layout）",
            table_name(table)
        ),
        Some(table),
        None,
        None,
        pos,
    )
}

/// CELL_AMBIGUOUS: a value read from positioned text could not be put in
/// one cell (it lies between two column bands, shares a band with another
/// value of its row, or its row has no column positions); the cells stay
/// blank. `columns` are the cells it may belong to.
fn cell_ambiguous(
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
            .map(|c| column_name(c))
            .collect::<Vec<_>>()
            .join("或")
    };
    finding(
        &rules::CELL_AMBIGUOUS,
        format!(
            "{} {} 的数值 {text} 无法确定所在单元格（{why}；可能属于{cells}），未填入，相关合计未核对",
            table_name(table),
            if row.is_empty() {
                "行名未能识别的一行"
            } else {
                row_name(row)
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
fn ocr_uncertain(
    table: &str,
    row: Option<&str>,
    column: Option<&str>,
    text: &str,
    confidence: f32,
    pos: &SourcePos,
) -> Finding {
    let cell = match (row, column) {
        (Some(r), Some(c)) => format!("{} {}×{}", table_name(table), row_name(r), column_name(c)),
        (Some(r), None) => format!("{} {}", table_name(table), row_name(r)),
        _ if table.is_empty() => "表格".to_string(),
        _ => table_name(table).to_string(),
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

#[cfg(test)]
mod tests {
    use crate::document::{Document, SourcePos};
    use crate::model::{Finding, Source};
    use crate::rules;

    /// The findings of a report whose active table is given as text.
    fn findings(lines: &[&str]) -> Vec<Finding> {
        let mut doc = Document::new("txt");
        let head = [
            "XX县人民政府2023年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
        ];
        for (i, line) in head.iter().chain(lines).enumerate() {
            doc.push_paragraph(*line, SourcePos::line(i as u32 + 1));
        }
        crate::analyse(&doc, Source::default()).findings
    }

    #[test]
    fn unit_converted_fires_on_an_amount_in_yuan() {
        let found = findings(&["行政事业性收费 75394432.52元"]);
        let f: Vec<&Finding> = found
            .iter()
            .filter(|f| f.rule == rules::UNIT_CONVERTED.id)
            .collect();
        let [f] = f.as_slice() else {
            panic!("one conversion: {found:?}");
        };
        assert_eq!(f.severity, rules::UNIT_CONVERTED.severity);
        assert_eq!(f.location.row.as_deref(), Some("fees"));
        assert_eq!(f.location.column.as_deref(), Some("amount"));
        assert!(f.message.contains("75394432.52 元"), "{}", f.message);
        assert!(f.message.contains("7539.443252 万元"), "{}", f.message);
        assert!(!f.message.contains("元 元"), "unit once: {}", f.message);
    }

    #[test]
    fn unit_converted_does_not_fire_on_wan_yuan() {
        let found = findings(&["行政事业性收费 7539.44万元"]);
        assert!(
            found.iter().all(|f| f.rule != rules::UNIT_CONVERTED.id),
            "{found:?}"
        );
    }
}
