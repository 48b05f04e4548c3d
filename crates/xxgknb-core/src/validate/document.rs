//! Document-level rules: missing tables and sections, the statistical
//! period, outdated form editions and nonstandard labels.

use super::finding;
use crate::keys::SECTION_TITLES;
use crate::model::Finding;
use crate::normalize;
use crate::recognise::Recognised;
use crate::rules;

/// TABLE_MISSING.
pub(super) fn table_missing(rec: &Recognised, out: &mut Vec<Finding>) {
    let t = &rec.tables;
    for (name, present) in [
        ("active", t.active.is_some()),
        ("applications", t.applications.is_some()),
        ("review_litigation", t.review_litigation.is_some()),
    ] {
        if !present {
            out.push(finding(
                &rules::TABLE_MISSING,
                format!("未找到{}", crate::keys::table_name(name)),
                Some(name),
                None,
                None,
                None,
            ));
        }
    }
}

/// SECTION_MISSING (not for bare spreadsheets, which carry only tables).
pub(super) fn section_missing(rec: &Recognised, tables_only: bool, out: &mut Vec<Finding>) {
    if tables_only && rec.sections.is_empty() {
        return;
    }
    if rec.sections.is_empty() && !rec.has_narrative {
        return;
    }
    for (i, title) in SECTION_TITLES.iter().enumerate() {
        let n = i as u8 + 1;
        if !rec.sections.iter().any(|s| s.number == n) {
            let mut f = finding(
                &rules::SECTION_MISSING,
                format!(
                    "缺少第{}部分“{}”",
                    "一二三四五六".chars().nth(i).unwrap_or('?'),
                    title
                ),
                None,
                None,
                None,
                None,
            );
            f.location.section = Some(n);
            out.push(f);
        }
    }
}

/// PERIOD_NOT_FULL_YEAR.
pub(super) fn period(rec: &Recognised, out: &mut Vec<Finding>) {
    let Some(p) = &rec.meta.period else {
        return;
    };
    let year = rec
        .meta
        .year
        .or_else(|| p.start.get(..4).and_then(|y| y.parse().ok()));
    let Some(y) = year else {
        return;
    };
    let (s, e) = (format!("{y:04}-01-01"), format!("{y:04}-12-31"));
    if p.start != s || p.end != e {
        out.push(finding(
            &rules::PERIOD_NOT_FULL_YEAR,
            format!(
                "统计期限为 {} 至 {}，不是 {} 年全年（{} 至 {}）",
                p.start, p.end, y, s, e
            ),
            None,
            None,
            None,
            None,
        ));
    }
}

/// OUTDATED_FORMAT: a report for 2021 or later on the 2019 form, or with
/// the 2019 single-row （六）其他处理.
pub(super) fn outdated_format(rec: &Recognised, out: &mut Vec<Finding>) {
    let Some(y) = rec.meta.year else {
        return;
    };
    if y < 2021 {
        return;
    }
    if rec.meta.format_edition.as_deref() == Some("2019") {
        out.push(finding(
            &rules::OUTDATED_FORMAT,
            format!("{y} 年度报告仍使用 2019 年版表格格式（应使用国办公开办函〔2021〕30号格式）"),
            Some("active"),
            None,
            None,
            None,
        ));
    } else if rec.single_other_row && rec.tables.applications.is_some() {
        out.push(finding(
            &rules::OUTDATED_FORMAT,
            format!("{y} 年度报告的“（六）其他处理”仍按 2019 年版印为一行，2021 年版应分为三项"),
            Some("applications"),
            Some("other_handling"),
            None,
            rec.labels
                .iter()
                .find(|l| l.table == "applications" && l.text.contains("其他处理"))
                .map(|l| &l.pos),
        ));
    }
}

/// NONSTANDARD_LABEL: 政务公开申请 for 政府信息公开申请, 规范性文件 for
/// 行政规范性文件 (2021 form), variant characters such as 査.
pub(super) fn nonstandard_labels(rec: &Recognised, out: &mut Vec<Finding>) {
    let e2021 = rec.meta.format_edition.as_deref() != Some("2019");
    let mut said: Vec<&'static str> = Vec::new();
    for l in &rec.labels {
        let t = l.text.as_str();
        let issue: Option<(&'static str, String)> = if t.contains("政务公开申请")
            || (l.table == "heading" && t.contains("政务公开行政复议"))
        {
            Some((
                "政务公开",
                format!("标签“{t}”使用“政务公开”，规范表述为“政府信息公开”"),
            ))
        } else if e2021
            && l.table == "active"
            && t.contains("规范性文件")
            && !t.contains("行政规范性文件")
        {
            Some((
                "规范性文件",
                format!("标签“{t}”应为“行政规范性文件”（2021 年版格式）"),
            ))
        } else {
            None
        };
        if let Some((key, msg)) = issue {
            if !said.contains(&key) {
                said.push(key);
                out.push(finding(
                    &rules::NONSTANDARD_LABEL,
                    msg,
                    (l.table != "heading").then_some(l.table),
                    None,
                    None,
                    Some(&l.pos),
                ));
            }
        }
    }
    // variant characters in table labels (normalisation has replaced them)
    if let Some((v, text, pos)) = rec.variants.first() {
        out.push(finding(
            &rules::NONSTANDARD_LABEL,
            format!(
                "标签“{}”使用异体字“{}”（规范字为“{}”）",
                text,
                v,
                normalize::standard_variant(*v).unwrap_or(*v)
            ),
            None,
            None,
            None,
            Some(pos),
        ));
    }
}
