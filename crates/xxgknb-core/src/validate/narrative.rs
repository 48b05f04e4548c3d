//! TEXT_TABLE_MISMATCH: figures stated in the narrative (共收到政府信息公开
//! 申请14件, 行政复议2起, 行政诉讼1起) against the tables.

use super::{finding, fmt_num};
use crate::model::{Finding, Severity};
use crate::recognise::Recognised;
use regex::Regex;
use std::sync::LazyLock;

static RECEIVED: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:收到|受理|新收)([^,。;:：\d]{0,14}?)(\d+)件").ok());
static REVIEW_AFTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"行政复议(?:案件)?(?:共|共计)?(\d+)(?:起|件|宗)").ok());
static REVIEW_BEFORE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(\d+)(?:起|件|宗)[^,。;\d]{0,12}?行政复议").ok());
static COMPLETED: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"办结[^,。;:\d]{0,10}?(\d+)件").ok());
static CARRIED_FORWARD: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(\d+)件(?:申请)?结转下年|结转下年度?(?:继续办理)?(\d+)件").ok());
static LITIGATION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"行政诉讼(?:案件)?(?:共|共计)?(\d+)(?:起|件|宗)").ok());

fn first_number(re: &LazyLock<Option<Regex>>, text: &str, group: usize) -> Option<(f64, usize)> {
    let re = re.as_ref()?;
    let c = re.captures(text)?;
    let m = c.get(group)?;
    Some((m.as_str().parse().ok()?, m.start()))
}

/// TEXT_TABLE_MISMATCH.
pub(super) fn text_table_mismatch(rec: &Recognised, out: &mut Vec<Finding>) {
    let text = rec.narrative.as_str();
    // a table whose values were not extracted (layout lost) is not compared
    let usable = |table: &str| !rec.layout_lost.contains(&table);
    let applications = rec
        .tables
        .applications
        .as_ref()
        .filter(|_| usable("applications"));
    let review = rec
        .tables
        .review_litigation
        .as_ref()
        .filter(|_| usable("review_litigation"));
    if let (Some(t), Some(re)) = (applications, RECEIVED.as_ref()) {
        let stated = re
            .captures_iter(text)
            .find(|c| c.get(1).is_some_and(|m| m.as_str().contains("申请")))
            .and_then(|c| c.get(2)?.as_str().parse::<f64>().ok());
        if let Some(n) = stated {
            let new = t.value_or_zero("new_received", "total");
            let with_carry = new + t.value_or_zero("carried_over", "total");
            if n != new && n != with_carry {
                out.push(finding(
                    "TEXT_TABLE_MISMATCH",
                    Severity::Warning,
                    format!(
                        "正文称收到政府信息公开申请 {} 件，但表中本年新收总计为 {}",
                        fmt_num(n),
                        fmt_num(new)
                    ),
                    Some("applications"),
                    Some("new_received"),
                    Some("total"),
                    rec.positions.get("applications.new_received.total"),
                ));
            }
        }
    }
    if let Some(t) = applications {
        // 办结 N 件 and N 件结转下年度, only in a clause about applications
        const ABOUT: &[&str] = &[
            "政府信息公开申请",
            "依申请公开",
            "信息公开申请",
            "政务公开申请",
        ];
        for segment in text.split(['。', ';']) {
            let Some(at) = ABOUT.iter().filter_map(|k| segment.find(k)).min() else {
                continue;
            };
            let segment = &segment[at..];
            let checks: [(&LazyLock<Option<Regex>>, &str, &str); 2] = [
                (&COMPLETED, "total_processed", "办结"),
                (&CARRIED_FORWARD, "carried_forward", "结转下年度"),
            ];
            for (re, row, word) in checks {
                let Some(c) = re.as_ref().and_then(|re| re.captures(segment)) else {
                    continue;
                };
                let Some(n) = c
                    .iter()
                    .skip(1)
                    .flatten()
                    .next()
                    .and_then(|m| m.as_str().parse::<f64>().ok())
                else {
                    continue;
                };
                let table = t.value_or_zero(row, "total");
                if n != table {
                    out.push(finding(
                        "TEXT_TABLE_MISMATCH",
                        Severity::Warning,
                        format!(
                            "正文称{word} {} 件，但表中{}总计为 {}",
                            fmt_num(n),
                            crate::keys::row_name(row),
                            fmt_num(table)
                        ),
                        Some("applications"),
                        Some(row),
                        Some("total"),
                        rec.positions.get(&format!("applications.{row}.total")),
                    ));
                }
            }
        }
    }
    if let Some(t) = review {
        let review =
            first_number(&REVIEW_AFTER, text, 1).or_else(|| first_number(&REVIEW_BEFORE, text, 1));
        if let Some((n, _)) = review {
            let total = t.value_or_zero("review", "total");
            if n != total {
                out.push(finding(
                    "TEXT_TABLE_MISMATCH",
                    Severity::Warning,
                    format!(
                        "正文称行政复议 {} 起，但表中行政复议总计为 {}",
                        fmt_num(n),
                        fmt_num(total)
                    ),
                    Some("review_litigation"),
                    Some("review"),
                    Some("total"),
                    rec.positions.get("review_litigation.review.total"),
                ));
            }
        }
        if let Some((n, _)) = first_number(&LITIGATION, text, 1) {
            let total = t.value_or_zero("litigation_direct", "total")
                + t.value_or_zero("litigation_after_review", "total");
            if n != total {
                out.push(finding(
                    "TEXT_TABLE_MISMATCH",
                    Severity::Warning,
                    format!(
                        "正文称行政诉讼 {} 起，但表中行政诉讼总计为 {}",
                        fmt_num(n),
                        fmt_num(total)
                    ),
                    Some("review_litigation"),
                    Some("litigation_direct"),
                    Some("total"),
                    rec.positions
                        .get("review_litigation.litigation_direct.total"),
                ));
            }
        }
    }
}
