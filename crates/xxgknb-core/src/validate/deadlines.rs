//! Dates against the regulation: PUBLISHED_LATE (art. 49's 31 January and
//! 31 March) and YEAR_MISMATCH (title year, statistical period and 落款
//! date that cannot all be right).
//!
//! Whose deadline applies is read from the agency's name: a name ending in
//! 人民政府/政府 (or the bare unit, 海东市互助县) is the government's own
//! report (31 March); a name ending in a department word (局, 委, 办公室, …)
//! is a department's (31 January). 乡镇 and 街道 have no date in art. 49 and
//! a name whose level is unknown (平潭综合实验区) is not judged. This is wrong
//! when a 政府办公室 signs the government's own report, and the 落款 date
//! may be the date of writing rather than of publication.

use super::authority::{admin_level, Level};
use crate::model::{Finding, Location};
use crate::recognise::Recognised;
use crate::rules;
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年").ok());

/// Whose report it is, as art. 49 distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reporter {
    /// 本级政府: published by the 主管部门 by 31 March.
    Government,
    /// 县级以上地方人民政府的部门: by 31 January.
    Department,
}

const DEPARTMENT_ENDINGS: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办公室",
    "办公厅",
    "厅",
    "办",
    "中心",
    "院",
    "署",
    "处",
    "站",
    "队",
    "所",
];

fn reporter(agency: &str) -> Option<Reporter> {
    let name: String = agency.chars().filter(|c| !c.is_whitespace()).collect();
    if !matches!(
        admin_level(&name),
        Level::County | Level::Prefectural | Level::Provincial
    ) {
        return None;
    }
    if name.ends_with("政府") {
        return Some(Reporter::Government);
    }
    if DEPARTMENT_ENDINGS.iter().any(|e| name.ends_with(e)) {
        return Some(Reporter::Department);
    }
    let unit = crate::agency::normalise(&name);
    ["省", "市", "州", "盟", "县", "区", "旗", "地区", "自治区"]
        .iter()
        .any(|u| unit.ends_with(u))
        .then_some(Reporter::Government)
}

/// PUBLISHED_LATE: the 落款 date (or the page's 发布日期) after art. 49's
/// deadline for the year after the report's year.
pub(super) fn published_late(rec: &Recognised, out: &mut Vec<Finding>) {
    let (Some(agency), Some(year)) = (rec.meta.agency.as_deref(), rec.meta.year) else {
        return;
    };
    let Some(who) = reporter(agency) else {
        return;
    };
    let (date, what) = match (&rec.meta.published, &rec.page_date) {
        (Some(d), _) => (d, "落款日期"),
        (None, Some(d)) => (d, "网页发布日期"),
        (None, None) => return,
    };
    let (deadline, whose) = match who {
        Reporter::Department => (
            format!("{}-01-31", year + 1),
            "部门的年度报告应在 1 月 31 日前公布",
        ),
        Reporter::Government => (
            format!("{}-03-31", year + 1),
            "本级政府的年度报告应在 3 月 31 日前公布",
        ),
    };
    if date.len() == 10 && *date > deadline {
        out.push(rules::PUBLISHED_LATE.finding(
            format!("{agency} {year} 年度报告的{what}为 {date}，晚于 {deadline}（条例第四十九条：{whose}）"),
            Location::default(),
        ));
    }
}

/// The one year a title names, if it names exactly one.
fn title_year(title: &str) -> Option<i32> {
    let re = YEAR.as_ref()?;
    let text = crate::recognise::chinese_date_digits(title);
    let mut years = re
        .captures_iter(&text)
        .filter_map(|c| c.get(1)?.as_str().parse::<i32>().ok());
    let first = years.next()?;
    years.all(|y| y == first).then_some(first)
}

fn year_of(date: &str) -> Option<i32> {
    date.get(..4)?.parse().ok()
}

/// YEAR_MISMATCH: a period outside the title's year, or a 落款 date before
/// the end of the period (of the report's year when no period is stated).
pub(super) fn year_mismatch(rec: &Recognised, out: &mut Vec<Finding>) {
    let meta = &rec.meta;
    let stated = meta.title.as_deref().and_then(title_year);
    if let (Some(y), Some(p)) = (stated, &meta.period) {
        if year_of(&p.start) != Some(y) || year_of(&p.end) != Some(y) {
            out.push(rules::YEAR_MISMATCH.finding(
                format!("标题为 {y} 年度报告，统计期限却为 {} 至 {}", p.start, p.end),
                Location::default(),
            ));
        }
    }
    let Some(published) = meta.published.as_deref() else {
        return;
    };
    let end = match (&meta.period, meta.year) {
        (Some(p), _) => p.end.clone(),
        (None, Some(y)) => format!("{y:04}-12-31"),
        (None, None) => return,
    };
    if published.len() == 10 && end.len() == 10 && published < end.as_str() {
        out.push(rules::YEAR_MISMATCH.finding(
            format!("落款日期 {published} 早于统计期限的结束日 {end}"),
            Location::default(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Meta, Period};

    fn rec(agency: &str, year: i32, published: Option<&str>, page: Option<&str>) -> Recognised {
        Recognised {
            meta: Meta {
                agency: Some(agency.into()),
                year: Some(year),
                title: Some(format!("{agency}{year}年政府信息公开工作年度报告")),
                published: published.map(str::to_string),
                period: Some(Period {
                    start: format!("{year}-01-01"),
                    end: format!("{year}-12-31"),
                }),
                ..Meta::default()
            },
            page_date: page.map(str::to_string),
            ..Recognised::default()
        }
    }

    fn late(r: &Recognised) -> usize {
        let mut out = Vec::new();
        published_late(r, &mut out);
        out.len()
    }

    #[test]
    fn a_department_is_late_after_31_january() {
        // the seed: 刚察县人民政府办公室, 2022 report dated 2023年2月6日
        assert_eq!(
            late(&rec("刚察县人民政府办公室", 2022, Some("2023-02-06"), None)),
            1
        );
        assert_eq!(
            late(&rec("刚察县人民政府办公室", 2022, Some("2023-01-31"), None)),
            0
        );
        assert_eq!(
            late(&rec("海东市教育局", 2022, None, Some("2023-02-01"))),
            1
        );
    }

    #[test]
    fn a_government_has_until_31_march() {
        assert_eq!(
            late(&rec("海东市人民政府", 2023, Some("2024-02-01"), None)),
            0
        );
        assert_eq!(
            late(&rec("海东市互助县", 2023, None, Some("2024-03-31"))),
            0
        );
        assert_eq!(
            late(&rec(
                "互助土族自治县人民政府",
                2023,
                Some("2024-04-02"),
                None
            )),
            1
        );
    }

    #[test]
    fn townships_unknown_levels_and_undated_reports_are_not_judged() {
        assert_eq!(
            late(&rec("威远镇人民政府", 2022, Some("2023-05-06"), None)),
            0
        );
        assert_eq!(
            late(&rec("平潭综合实验区", 2022, Some("2023-05-06"), None)),
            0
        );
        assert_eq!(late(&rec("海东市教育局", 2022, None, None)), 0);
    }

    fn mismatch(r: &Recognised) -> usize {
        let mut out = Vec::new();
        year_mismatch(r, &mut out);
        out.len()
    }

    #[test]
    fn a_period_outside_the_title_year_or_an_early_signature_is_reported() {
        let mut r = rec("互助县人民政府", 2022, Some("2023-01-18"), None);
        assert_eq!(mismatch(&r), 0);
        r.meta.period = Some(Period {
            start: "2021-01-01".into(),
            end: "2021-12-31".into(),
        });
        assert_eq!(mismatch(&r), 1);
        let r = rec("互助县人民政府", 2022, Some("2022-06-01"), None);
        assert_eq!(mismatch(&r), 1);
        let mut r = rec("互助县人民政府", 2022, Some("2022-12-30"), None);
        r.meta.period = None;
        assert_eq!(mismatch(&r), 1);
    }

    #[test]
    fn a_title_in_chinese_numerals_or_without_a_year_is_read_carefully() {
        assert_eq!(title_year("二〇二二年政府信息公开工作年度报告"), Some(2022));
        assert_eq!(title_year("政府信息公开工作年度报告"), None);
        assert_eq!(title_year("2019年至2020年报告"), None);
    }
}
