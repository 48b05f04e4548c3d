//! 勾稽关系: row sums, result sums and the balance of the applications
//! table, the review/litigation totals, and negative counts.

use super::{finding, fmt_num};
use crate::keys::{column_name, row_name, table_name};
use crate::keys::{APPLICATION_COLUMNS, RESULT_ROWS, REVIEW_FIELDS, REVIEW_GROUPS};
use crate::model::{Finding, TableData};
use crate::recognise::Recognised;
use crate::rules;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Push `f`, an identity that does not hold, unless a cell it adds up is
/// one the recogniser could not place (a blank of ours, not of the
/// source): then SUM_UNVERIFIED, a warning that the identity could not be
/// checked and why. `col` None: any column of the rows.
fn push_checked(
    rec: &Recognised,
    table: &str,
    rows: &[&str],
    col: Option<&str>,
    f: Finding,
    out: &mut Vec<Finding>,
) {
    let blocking = super::unplaced_may_be_in(rec, table, rows, col);
    match blocking {
        None => out.push(f),
        Some(u) => out.push(rules::SUM_UNVERIFIED.finding(
            format!(
                "无法核对（{} 有数值未能放入单元格：{}）：{}",
                if u.row.is_empty() {
                    "行名未能识别的一行"
                } else if u.row == "*" {
                    "扫描件中的一格"
                } else {
                    row_name(u.row)
                },
                u.why,
                f.message
            ),
            f.location,
        )),
    }
}

/// APP_ROW_SUM, APP_RESULT_SUM, APP_BALANCE.
pub(super) fn applications(rec: &Recognised, out: &mut Vec<Finding>) {
    let Some(t) = &rec.tables.applications else {
        return;
    };
    let pos = |row: &str, col: &str| rec.positions.get(&format!("applications.{row}.{col}"));
    for (row, _) in t.iter() {
        let has_any = APPLICATION_COLUMNS
            .iter()
            .any(|c| t.value(row, c).is_some());
        if !has_any {
            continue;
        }
        let applicants = APPLICATION_COLUMNS.iter().filter(|c| **c != "total");
        let sum: f64 = applicants.map(|c| t.value_or_zero(row, c)).sum();
        let total = t.value_or_zero(row, "total");
        if !close(sum, total) {
            let f = finding(
                &rules::APP_ROW_SUM,
                format!(
                    "{} 总计列 = {}，但六类申请人之和 = {}",
                    row_name(row),
                    fmt_num(total),
                    fmt_num(sum)
                ),
                Some("applications"),
                Some(row),
                Some("total"),
                pos(row, "total"),
            );
            push_checked(rec, "applications", &[row], None, f, out);
        }
    }
    let results: Vec<&str> = RESULT_ROWS
        .iter()
        .copied()
        .filter(|r| t.contains_key(r))
        .collect();
    for col in APPLICATION_COLUMNS {
        let sum: f64 = results.iter().map(|r| t.value_or_zero(r, col)).sum();
        let total = t.value_or_zero("total_processed", col);
        if !close(sum, total) {
            let mut rows = results.clone();
            rows.push("total_processed");
            // the results already placed exceed a placed total: a value
            // left unplaced (a count, never negative) can only widen the gap
            let certain = sum > total && t.value("total_processed", col).is_some();
            let f = finding(
                &rules::APP_RESULT_SUM,
                format!(
                    "三（七）总计 {}列 = {}，但各项办理结果之和 = {}",
                    column_name(col),
                    fmt_num(total),
                    fmt_num(sum)
                ),
                Some("applications"),
                Some("total_processed"),
                Some(col),
                pos("total_processed", col),
            );
            if certain {
                out.push(f);
            } else {
                push_checked(rec, "applications", &rows, Some(col), f, out);
            }
        }
        let lhs = t.value_or_zero("new_received", col) + t.value_or_zero("carried_over", col);
        let rhs = total + t.value_or_zero("carried_forward", col);
        if !close(lhs, rhs) {
            let f = finding(
                &rules::APP_BALANCE,
                format!(
                    "{}列：本年新收 {} + 上年结转 {} = {}，但办理总计 {} + 结转下年度 {} = {}",
                    column_name(col),
                    fmt_num(t.value_or_zero("new_received", col)),
                    fmt_num(t.value_or_zero("carried_over", col)),
                    fmt_num(lhs),
                    fmt_num(total),
                    fmt_num(t.value_or_zero("carried_forward", col)),
                    fmt_num(rhs)
                ),
                Some("applications"),
                Some("total_processed"),
                Some(col),
                pos("new_received", col).or(pos("total_processed", col)),
            );
            let rows = [
                "new_received",
                "carried_over",
                "total_processed",
                "carried_forward",
            ];
            push_checked(rec, "applications", &rows, Some(col), f, out);
        }
    }
}

/// REVIEW_SUM.
pub(super) fn review(rec: &Recognised, out: &mut Vec<Finding>) {
    let Some(t) = &rec.tables.review_litigation else {
        return;
    };
    for g in REVIEW_GROUPS {
        let parts: f64 = REVIEW_FIELDS
            .iter()
            .filter(|f| **f != "total")
            .map(|f| t.value_or_zero(g, f))
            .sum();
        let total = t.value_or_zero(g, "total");
        if !close(parts, total) {
            let f = finding(
                &rules::REVIEW_SUM,
                format!(
                    "{} 总计 = {}，但维持 {} + 纠正 {} + 其他 {} + 尚未审结 {} = {}",
                    row_name(g),
                    fmt_num(total),
                    fmt_num(t.value_or_zero(g, "upheld")),
                    fmt_num(t.value_or_zero(g, "corrected")),
                    fmt_num(t.value_or_zero(g, "other")),
                    fmt_num(t.value_or_zero(g, "pending")),
                    fmt_num(parts)
                ),
                Some("review_litigation"),
                Some(g),
                Some("total"),
                rec.positions.get(&format!("review_litigation.{g}.total")),
            );
            push_checked(rec, "review_litigation", &[g], None, f, out);
        }
    }
}

fn negatives(
    name: &str,
    t: &TableData,
    rec: &Recognised,
    out: &mut Vec<Finding>,
    edition_2019: bool,
) {
    for (row, cols) in t.iter() {
        for (col, v) in cols.iter() {
            let Some(v) = v.map(|n| n.0) else {
                continue;
            };
            if v >= 0.0 || (edition_2019 && col == "change") {
                continue;
            }
            out.push(finding(
                &rules::NEGATIVE_VALUE,
                format!(
                    "{} {} {} 为负数：{}",
                    table_name(name),
                    row_name(row),
                    col,
                    fmt_num(v)
                ),
                Some(name),
                Some(row),
                Some(col),
                rec.positions.get(&format!("{name}.{row}.{col}")),
            ));
        }
    }
}

/// NEGATIVE_VALUE: counts below zero (2019 本年增/减 may be negative).
pub(super) fn negative(rec: &Recognised, out: &mut Vec<Finding>) {
    let e2019 = rec.meta.format_edition.as_deref() == Some("2019");
    if let Some(t) = &rec.tables.active {
        negatives("active", t, rec, out, e2019);
    }
    if let Some(t) = &rec.tables.applications {
        negatives("applications", t, rec, out, false);
    }
    if let Some(t) = &rec.tables.review_litigation {
        negatives("review_litigation", t, rec, out, false);
    }
}
