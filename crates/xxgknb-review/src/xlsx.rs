//! The XLSX workbook: a summary sheet (汇总) with one row per file, then
//! one sheet per report with every finding, its cell reference and the
//! numbers involved.

use crate::review::by_agency;
use crate::{ReportReview, ReviewError, Verdict};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};
use xxgknb_core::{rules, Severity};

/// The summary sheet's name.
pub const SUMMARY_SHEET: &str = "汇总";

/// Columns of the summary sheet.
pub const SUMMARY_COLUMNS: &[&str] = &[
    "序号",
    "文件",
    "机关",
    "年度",
    "格式",
    "版式",
    "结论",
    "错误",
    "警告",
    "提示",
    "无法读取的原因",
    "明细工作表",
];

/// Columns of the findings table on a report's sheet.
pub const FINDING_COLUMNS: &[&str] = &[
    "序号",
    "规则",
    "级别",
    "问题",
    "跨年度",
    "单元格",
    "单元格键",
    "原文件位置",
    "本单元格数值",
    "对比年度数值",
    "规则含义",
];

/// The row (0-based) of the findings table's header on a report's sheet.
pub const FINDING_HEADER_ROW: u32 = 5;

struct Styles {
    head: Format,
    wrap: Format,
    bold: Format,
    error: Format,
    warning: Format,
}

impl Styles {
    fn new() -> Self {
        let wrap = Format::new().set_text_wrap().set_border(FormatBorder::Thin);
        Styles {
            head: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDE6F0))
                .set_border(FormatBorder::Thin),
            bold: Format::new().set_bold(),
            error: wrap.clone().set_font_color(Color::RGB(0xB00020)),
            warning: wrap.clone().set_font_color(Color::RGB(0x9A6700)),
            wrap,
        }
    }
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`,
/// unique by its leading number.
fn sheet_name(n: usize, r: &ReportReview) -> String {
    let year = r.year.map_or("年度不明".to_string(), |y| y.to_string());
    format!("{n} {year} {}", r.agency_or_unknown())
        .chars()
        .filter(|c| !"[]:*?/\\'".contains(*c) && !c.is_control())
        .take(31)
        .collect()
}

/// The workbook of a batch, as bytes.
pub fn workbook(reports: &[ReportReview]) -> Result<Vec<u8>, ReviewError> {
    let styles = Styles::new();
    let mut book = Workbook::new();
    let ordered: Vec<&ReportReview> = by_agency(reports)
        .into_iter()
        .flat_map(|(_, g)| g)
        .collect();
    let names: Vec<String> = ordered
        .iter()
        .enumerate()
        .map(|(i, r)| sheet_name(i + 1, r))
        .collect();
    let summary = book.add_worksheet();
    summary_sheet(summary, &ordered, &names, &styles)?;
    for (r, name) in ordered.iter().zip(&names) {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        report_sheet(sheet, r, &styles)?;
    }
    Ok(book.save_to_buffer()?)
}

fn summary_sheet(
    sheet: &mut Worksheet,
    reports: &[&ReportReview],
    names: &[String],
    s: &Styles,
) -> Result<(), ReviewError> {
    sheet.set_name(SUMMARY_SHEET)?;
    for (c, h) in SUMMARY_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &s.head)?;
    }
    for (i, (r, name)) in reports.iter().zip(names).enumerate() {
        let row = i as u32 + 1;
        let verdict = r.verdict();
        let vfmt = match verdict {
            Verdict::Pass => &s.wrap,
            Verdict::Fail | Verdict::Unreadable => &s.error,
        };
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.wrap)?;
        sheet.write_string_with_format(row, 1, &r.name, &s.wrap)?;
        sheet.write_string_with_format(row, 2, r.agency_or_unknown(), &s.wrap)?;
        match r.year {
            Some(y) => sheet.write_number_with_format(row, 3, f64::from(y), &s.wrap)?,
            None => sheet.write_blank(row, 3, &s.wrap)?,
        };
        sheet.write_string_with_format(row, 4, r.format.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_string_with_format(row, 5, r.edition.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_string_with_format(row, 6, verdict.chinese(), vfmt)?;
        for (c, sev) in [
            (7, Severity::Error),
            (8, Severity::Warning),
            (9, Severity::Info),
        ] {
            sheet.write_number_with_format(row, c, r.count(sev) as f64, &s.wrap)?;
        }
        sheet.write_string_with_format(row, 10, r.unreadable.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_url_with_text(row, 11, format!("internal:'{name}'!A1").as_str(), name)?;
    }
    for (c, w) in [6, 40, 28, 8, 8, 8, 10, 8, 8, 8, 40, 28].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !reports.is_empty() {
        sheet.autofilter(
            0,
            0,
            reports.len() as u32,
            (SUMMARY_COLUMNS.len() - 1) as u16,
        )?;
    }
    Ok(())
}

fn report_sheet(sheet: &mut Worksheet, r: &ReportReview, s: &Styles) -> Result<(), ReviewError> {
    let facts = [
        ("文件", r.name.clone()),
        ("机关", r.agency_or_unknown().to_string()),
        ("年度", r.year_text()),
        (
            "结论",
            match &r.unreadable {
                Some(why) => format!("无法读取：{why}"),
                None => format!(
                    "{}（错误 {}，警告 {}，提示 {}）",
                    r.verdict().chinese(),
                    r.count(Severity::Error),
                    r.count(Severity::Warning),
                    r.count(Severity::Info)
                ),
            },
        ),
    ];
    for (i, (k, v)) in facts.iter().enumerate() {
        sheet.write_string_with_format(i as u32, 0, *k, &s.bold)?;
        sheet.write_string(i as u32, 1, v)?;
    }
    for (c, h) in FINDING_COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(FINDING_HEADER_ROW, c as u16, *h, &s.head)?;
    }
    for (i, f) in r.findings.iter().enumerate() {
        let row = FINDING_HEADER_ROW + 1 + i as u32;
        let fmt = match f.finding.severity {
            Severity::Error => &s.error,
            Severity::Warning => &s.warning,
            Severity::Info => &s.wrap,
        };
        let title = rules::by_id(&f.finding.rule).map_or("", |r| r.title);
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &s.wrap)?;
        sheet.write_string_with_format(row, 1, &f.finding.rule, &s.wrap)?;
        sheet.write_string_with_format(row, 2, f.finding.severity.chinese(), fmt)?;
        sheet.write_string_with_format(row, 3, &f.finding.message, fmt)?;
        sheet.write_string_with_format(row, 4, if f.cross_year { "是" } else { "" }, &s.wrap)?;
        sheet.write_string_with_format(row, 5, f.cell.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_string_with_format(row, 6, f.key.as_deref().unwrap_or(""), &s.wrap)?;
        sheet.write_string_with_format(row, 7, f.place.as_deref().unwrap_or(""), &s.wrap)?;
        for (c, v) in [(8, f.value), (9, f.previous)] {
            match v {
                Some(n) => sheet.write_number_with_format(row, c, n, &s.wrap)?,
                None => sheet.write_blank(row, c, &s.wrap)?,
            };
        }
        sheet.write_string_with_format(row, 10, title, &s.wrap)?;
    }
    for (c, w) in [6, 22, 8, 60, 8, 36, 30, 24, 12, 12, 30].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(FINDING_HEADER_ROW + 1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_for_excel() {
        let mut r = ReportReview::unreadable("x.pdf", None, "坏");
        assert_eq!(sheet_name(3, &r), "3 年度不明 未识别机关");
        r.agency = Some("某某[市]:*?/\\'局".repeat(5));
        r.year = Some(2023);
        let n = sheet_name(12, &r);
        assert!(n.chars().count() <= 31);
        assert!(
            !n.contains(['[', ']', ':', '*', '?', '/', '\\', '\'']),
            "{n}"
        );
        assert!(workbook(&[r.clone(), r]).is_ok());
    }
}
