//! TEXT_TABLE_MISMATCH: figures stated in the narrative (共收到政府信息公开
//! 申请14件, 行政复议2起, 行政诉讼1起) against the tables.
//!
//! Besides the totals, [`stated_rows`] compares the sentences that name
//! their row outright: 本年新收…申请N件 and 上年结转…申请N件 (the words are
//! the row labels), 予以公开N件 and 部分公开N件 in a clause about
//! applications that names no applicant type (自然人, 法人, 企业: then the
//! figure is a part of a column) and that does not join two rows
//! (予以公开及部分公开42件 is their sum), 直接起诉/直接提起行政诉讼N起 and
//! 复议后起诉N起. A figure whose subject is not one of these is not compared.

use super::{finding, fmt_num};
use crate::model::{Finding, Location, TableData};
use crate::recognise::Recognised;
use crate::rules;
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

/// A table cell's value for comparing with the text: the value, `0` for a
/// cell the source leaves blank, and `None` for a blank that may be ours (a
/// value read in the table could not be put in its cell and may belong
/// here, `*`: an unsure reading of a scan whose row is not known): a
/// comparison over it would judge xxgknb's failure, not the report.
fn comparable(rec: &Recognised, t: &TableData, table: &str, row: &str, col: &str) -> Option<f64> {
    if let Some(v) = t.value(row, col) {
        return Some(v);
    }
    let positioned = rec.placed_by_position(table);
    let ours = rec.unplaced.iter().any(|u| {
        u.table == table
            && (!positioned
                || (u.row == row || u.row.is_empty() || u.row == "*")
                    && (u.columns.is_empty() || u.columns.contains(&col)))
    });
    (!ours).then_some(0.0)
}

/// TEXT_TABLE_MISMATCH for the totals the narrative states: applications
/// received, completed and carried forward, reviews and lawsuits.
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
    if let Some(t) = applications {
        received(rec, t, text, out);
        completed_and_carried(rec, t, text, out);
    }
    if let Some(t) = review {
        reviews(rec, t, text, out);
        lawsuits(rec, t, text, out);
    }
}

/// 共收到…申请 N 件 against 本年新收 (or 本年新收 + 上年结转).
fn received(rec: &Recognised, t: &TableData, text: &str, out: &mut Vec<Finding>) {
    let Some(re) = RECEIVED.as_ref() else {
        return;
    };
    let stated = re
        .captures_iter(text)
        .find(|c| c.get(1).is_some_and(|m| m.as_str().contains("申请")))
        .and_then(|c| c.get(2)?.as_str().parse::<f64>().ok());
    let Some(n) = stated else {
        return;
    };
    let cell = |row| comparable(rec, t, "applications", row, "total");
    if let (Some(new), Some(carried)) = (cell("new_received"), cell("carried_over")) {
        if n != new && n != new + carried {
            out.push(finding(
                &rules::TEXT_TABLE_MISMATCH,
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

/// 办结 N 件 and N 件结转下年度, only in a clause about applications.
fn completed_and_carried(rec: &Recognised, t: &TableData, text: &str, out: &mut Vec<Finding>) {
    const ABOUT: &[&str] = &[
        "政府信息公开申请",
        "依申请公开",
        "信息公开申请",
        "政务公开申请",
    ];
    let checks: [(&LazyLock<Option<Regex>>, &str, &str); 2] = [
        (&COMPLETED, "total_processed", "办结"),
        (&CARRIED_FORWARD, "carried_forward", "结转下年度"),
    ];
    for segment in text.split(['。', ';']) {
        let Some(at) = ABOUT.iter().filter_map(|k| segment.find(k)).min() else {
            continue;
        };
        let segment = &segment[at..];
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
            let Some(table) = comparable(rec, t, "applications", row, "total") else {
                continue;
            };
            if n != table {
                out.push(finding(
                    &rules::TEXT_TABLE_MISMATCH,
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

/// 行政复议 N 起 against the reviews' 总计.
fn reviews(rec: &Recognised, t: &TableData, text: &str, out: &mut Vec<Finding>) {
    let stated =
        first_number(&REVIEW_AFTER, text, 1).or_else(|| first_number(&REVIEW_BEFORE, text, 1));
    let Some((n, _)) = stated else {
        return;
    };
    let total = comparable(rec, t, "review_litigation", "review", "total");
    if let Some(total) = total.filter(|total| n != *total) {
        out.push(finding(
            &rules::TEXT_TABLE_MISMATCH,
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

/// 行政诉讼 N 起 against the lawsuits' 总计 (direct and after review).
fn lawsuits(rec: &Recognised, t: &TableData, text: &str, out: &mut Vec<Finding>) {
    let Some((n, _)) = first_number(&LITIGATION, text, 1) else {
        return;
    };
    let cell = |row| comparable(rec, t, "review_litigation", row, "total");
    let total = cell("litigation_direct").zip(cell("litigation_after_review"));
    if let Some(total) = total.map(|(a, b)| a + b).filter(|total| n != *total) {
        out.push(finding(
            &rules::TEXT_TABLE_MISMATCH,
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

static NEW_RECEIVED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"本年度?新收(?:到)?(?:的)?(?:政府信息公开|依申请公开|信息公开)?申请(?:共|共计)?(\d+)件",
    )
    .ok()
});
static CARRIED_OVER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"上年度?结转(?:的)?(?:政府信息公开|依申请公开|信息公开)?申请(?:共|共计)?(\d+)件")
        .ok()
});
static GRANTED: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(不)?予以公开(?:的)?(?:共|共计)?(\d+)件").ok());
static PARTIALLY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(及|和|与|、|或)?(?:予以)?部分公开(?:的)?(?:共|共计)?(\d+)件").ok()
});
static DIRECT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"直接(?:向人民法院)?(?:提起行政诉讼|起诉)(?:案件)?(?:共|共计)?(\d+)(?:起|件|宗)")
        .ok()
});
static AFTER_REVIEW: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"复议后(?:向人民法院)?(?:提起行政诉讼|起诉)(?:案件)?(?:共|共计)?(\d+)(?:起|件|宗)")
        .ok()
});

/// Words that make a clause about one kind of applicant, not the column
/// 总计.
const APPLICANT_KINDS: &[&str] = &[
    "自然人",
    "法人",
    "企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
];

/// Words that make a clause about applications.
const ABOUT_APPLICATIONS: &[&str] = &[
    "政府信息公开申请",
    "依申请公开",
    "信息公开申请",
    "政务公开申请",
];

/// The first figure of `re` in `text` (its last group), skipping matches
/// whose first group is set when `negated` is true (不予以公开, and
/// 予以公开及部分公开 N 件, which is the sum of two rows).
fn stated(re: &LazyLock<Option<Regex>>, text: &str, negated: bool) -> Option<f64> {
    let re = re.as_ref()?;
    re.captures_iter(text).find_map(|c| {
        if negated && c.get(1).is_some() {
            return None;
        }
        c.iter().flatten().last()?.as_str().parse().ok()
    })
}

/// The clauses of `text` about applications that name no applicant kind
/// (the figures in them are the column 总计), in order.
fn application_clauses(text: &str) -> Vec<&str> {
    text.split(['。', ';', '；'])
        .filter(|clause| {
            ABOUT_APPLICATIONS.iter().any(|k| clause.contains(k))
                && !APPLICANT_KINDS.iter().any(|k| clause.contains(k))
        })
        .collect()
}

/// The first figure of `re` in one of `clauses` (`negated` as for
/// [`stated`]).
fn stated_of_applications(
    re: &LazyLock<Option<Regex>>,
    clauses: &[&str],
    negated: bool,
) -> Option<f64> {
    clauses
        .iter()
        .find_map(|clause| stated(re, clause, negated))
}

/// TEXT_TABLE_MISMATCH for the sentences that name their row (module doc).
pub(super) fn stated_rows(rec: &Recognised, out: &mut Vec<Finding>) {
    let text = rec.narrative.as_str();
    let usable = |name: &str| !rec.layout_lost.contains(&name);
    let mut checks: Vec<(&str, &TableData, &str, &str, Option<f64>)> = Vec::new();
    if let Some(t) = rec
        .tables
        .applications
        .as_ref()
        .filter(|_| usable("applications"))
    {
        checks.push((
            "applications",
            t,
            "new_received",
            "本年新收申请",
            stated(&NEW_RECEIVED, text, false),
        ));
        checks.push((
            "applications",
            t,
            "carried_over",
            "上年结转申请",
            stated(&CARRIED_OVER, text, false),
        ));
        let clauses = application_clauses(text);
        checks.push((
            "applications",
            t,
            "granted",
            "予以公开",
            stated_of_applications(&GRANTED, &clauses, true),
        ));
        checks.push((
            "applications",
            t,
            "partially_granted",
            "部分公开",
            stated_of_applications(&PARTIALLY, &clauses, true),
        ));
    }
    if let Some(t) = rec
        .tables
        .review_litigation
        .as_ref()
        .filter(|_| usable("review_litigation"))
    {
        checks.push((
            "review_litigation",
            t,
            "litigation_direct",
            "未经复议直接起诉",
            stated(&DIRECT, text, false),
        ));
        checks.push((
            "review_litigation",
            t,
            "litigation_after_review",
            "复议后起诉",
            stated(&AFTER_REVIEW, text, false),
        ));
    }
    for (table, data, row, word, n) in checks {
        let Some(n) = n else {
            continue;
        };
        let Some(value) = comparable(rec, data, table, row, "total") else {
            continue;
        };
        // the totals check already reported this cell
        let reported = out.iter().any(|f| {
            f.rule == rules::TEXT_TABLE_MISMATCH.id && f.location.row.as_deref() == Some(row)
        });
        if n == value || reported {
            continue;
        }
        out.push(
            rules::TEXT_TABLE_MISMATCH.finding(
                format!(
                    "正文称{word} {} 件，但表中{}总计为 {}",
                    fmt_num(n),
                    crate::keys::row_name(row),
                    fmt_num(value)
                ),
                Location {
                    table: Some(table.to_string()),
                    row: Some(row.to_string()),
                    column: Some("total".to_string()),
                    source: rec
                        .positions
                        .get(&format!("{table}.{row}.total"))
                        .cloned()
                        .unwrap_or_default(),
                    ..Location::default()
                },
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Num, Row};

    fn rec(narrative: &str) -> Recognised {
        let mut app = TableData::default();
        for (r, v) in [
            ("new_received", 14.0),
            ("carried_over", 1.0),
            ("granted", 10.0),
            ("partially_granted", 2.0),
        ] {
            let mut row = Row::default();
            row.insert("total", Some(Num(v)));
            app.insert(r, row);
        }
        let mut rev = TableData::default();
        for (r, v) in [
            ("review", 0.0),
            ("litigation_direct", 1.0),
            ("litigation_after_review", 0.0),
        ] {
            let mut row = Row::default();
            row.insert("total", Some(Num(v)));
            rev.insert(r, row);
        }
        let mut r = Recognised {
            narrative: crate::normalize::label(narrative),
            ..Recognised::default()
        };
        r.tables.applications = Some(app);
        r.tables.review_litigation = Some(rev);
        r
    }

    fn rows(narrative: &str) -> Vec<String> {
        let mut out = Vec::new();
        stated_rows(&rec(narrative), &mut out);
        out.into_iter().filter_map(|f| f.location.row).collect()
    }

    #[test]
    fn sentences_naming_their_row_are_compared() {
        assert_eq!(
            rows("本年新收政府信息公开申请15件，上年结转申请3件。"),
            vec!["new_received", "carried_over"]
        );
        assert_eq!(
            rows("共收到政府信息公开申请15件，其中予以公开9件，部分公开3件。"),
            vec!["granted", "partially_granted"]
        );
        assert_eq!(
            rows("未经复议直接起诉2起，复议后起诉1起。"),
            vec!["litigation_direct", "litigation_after_review"]
        );
    }

    #[test]
    fn a_total_left_blank_by_an_unsure_scan_is_not_compared() {
        use crate::document::{Placement, SourcePos};
        let mut r = rec("共收到政府信息公开申请14件。");
        if let Some(app) = r.tables.applications.as_mut() {
            app.insert("new_received", Row::default());
        }
        r.positions.insert(
            "applications.carried_over.total".to_string(),
            SourcePos {
                placement: Some(Placement::Ocr),
                ..SourcePos::default()
            },
        );
        let mut out = Vec::new();
        text_table_mismatch(&r, &mut out);
        assert_eq!(out.len(), 1, "a blank the source left is 0");
        // an unsure reading of the table, its row not known
        r.unplaced.push(crate::recognise::UnplacedCell {
            table: "applications",
            row: "*",
            columns: Vec::new(),
            why: String::new(),
        });
        let mut out = Vec::new();
        text_table_mismatch(&r, &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn agreeing_or_unclear_sentences_are_not_compared() {
        assert!(rows("本年新收政府信息公开申请14件，上年结转申请1件，予以公开10件。").is_empty());
        assert!(
            rows("共收到政府信息公开申请15件，其中予以公开10件，部分公开2件。直接起诉1起。")
                .is_empty()
        );
        // not about applications, or about one kind of applicant, or 不予以公开
        assert!(rows("主动公开政府信息，予以公开3件。").is_empty());
        assert!(rows("政府信息公开申请中，自然人申请予以公开5件。").is_empty());
        assert!(rows("政府信息公开申请不予以公开4件。").is_empty());
        // two rows together (平潭 2023: 22 + 20)
        assert!(rows("办结依申请公开81件，其中：予以公开及部分公开12件，占51.85%。").is_empty());
    }
}
