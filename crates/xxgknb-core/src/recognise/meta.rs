//! Document facts: agency, year, title, 文号, 落款 date, statistical period.

use super::Para;
use crate::model::Period;
use regex::Regex;
use std::sync::LazyLock;

fn re(p: &str) -> Option<Regex> {
    Regex::new(p).ok()
}

static YEAR_IN_TITLE: LazyLock<Option<Regex>> = LazyLock::new(|| re(r"((?:19|20)\d{2})年"));
static DOC_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(r"^\p{Han}{1,16}[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*\d{1,4}\s*号$")
});
static DATE_LINE: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(印发|印制|发布)?\)?$"));
static PERIOD: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:起|开始)?(?:至|到|-|—|–|~|～|止至)(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日",
    )
});

static PAGE_DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    re(
        r"(?:发布日期|发布时间|发文日期)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})",
    )
});

/// Convert Chinese numerals in dates (二〇二三年一月十八日) to digits.
pub(crate) fn chinese_date_digits(s: &str) -> String {
    let is_numeral = |c: char| {
        matches!(
            c,
            '〇' | '一'
                | '二'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '零'
                | 'O'
                | '○'
        )
    };
    let mut out = String::with_capacity(s.len());
    // bytes of `s` already copied to `out`
    let mut copied = 0;
    for (at, unit) in s.char_indices() {
        if !matches!(unit, '年' | '月' | '日') {
            continue;
        }
        // the run of numerals right before the unit
        let before = s.get(copied..at).unwrap_or_default();
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_numeral(*c))
            .last()
            .map(|(k, _)| copied + k);
        let Some(start) = start else {
            continue;
        };
        out.push_str(s.get(copied..start).unwrap_or_default());
        let run: Vec<char> = s.get(start..at).unwrap_or_default().chars().collect();
        out.push_str(&numeral_digits(&run));
        copied = at;
    }
    out.push_str(s.get(copied..).unwrap_or_default());
    out
}

/// Arabic digits of a run of Chinese numerals: 二〇二三 → 2023, 十八 → 18,
/// 二十一 → 21.
fn numeral_digits(run: &[char]) -> String {
    const DIGITS: &str = "〇一二三四五六七八九";
    let val = |c: char| -> u32 {
        match c {
            '零' | 'O' | '○' | '〇' => 0,
            _ => DIGITS.chars().position(|d| d == c).unwrap_or(0) as u32,
        }
    };
    match run.iter().position(|c| *c == '十') {
        // 十, 十八, 二十, 二十一
        Some(p) => {
            let tens = if p == 0 {
                1
            } else {
                run.first().map_or(0, |c| val(*c))
            };
            let ones = run.get(p + 1).map_or(0, |c| val(*c));
            (tens * 10 + ones).to_string()
        }
        None => run
            .iter()
            .map(|c| char::from_digit(val(*c), 10).unwrap_or('0'))
            .collect(),
    }
}

/// `y-m-d` as ISO 8601 when that day exists in the calendar (checked with
/// chrono: 2022年2月30日 and 2023年2月29日 give `None`).
fn iso(y: &str, m: &str, d: &str) -> Option<String> {
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

static ANY_DATE: LazyLock<Option<Regex>> =
    LazyLock::new(|| re(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日"));

/// Why a printed date does not exist, in Chinese (`None` when it does).
pub(crate) fn date_problem(y: &str, m: &str, d: &str) -> Option<String> {
    if iso(y, m, d).is_some() {
        return None;
    }
    let (Ok(yn), Ok(mn)) = (y.parse::<i32>(), m.parse::<u32>()) else {
        return Some("无法解析".into());
    };
    if !(1..=12).contains(&mn) {
        return Some(format!("没有 {mn} 月"));
    }
    let first = chrono::NaiveDate::from_ymd_opt(yn, mn, 1);
    let next = if mn == 12 {
        chrono::NaiveDate::from_ymd_opt(yn + 1, 1, 1)
    } else {
        chrono::NaiveDate::from_ymd_opt(yn, mn + 1, 1)
    };
    Some(match (first, next) {
        (Some(a), Some(b)) => format!("{yn} 年 {mn} 月只有 {} 天", (b - a).num_days()),
        _ => "不在日历范围内".into(),
    })
}

/// Dates printed anywhere in the paragraphs that do not exist in the
/// calendar: (the date as printed after numeral conversion, why, where).
pub(crate) fn invalid_dates(paras: &[Para]) -> Vec<(String, String, crate::document::SourcePos)> {
    let Some(re) = ANY_DATE.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in paras {
        if !(p.norm.contains('年') && p.norm.contains('日')) {
            continue;
        }
        let norm = chinese_date_digits(&p.norm);
        for c in re.captures_iter(&norm) {
            let (Some(all), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
            else {
                continue;
            };
            if let Some(why) = date_problem(y.as_str(), m.as_str(), d.as_str()) {
                out.push((all.as_str().to_string(), why, p.pos.clone()));
            }
        }
    }
    out
}

/// Title, agency and year found at the top of the document.
#[derive(Debug, Default)]
pub(crate) struct TitleInfo {
    pub title: Option<String>,
    pub agency: Option<String>,
    pub year: Option<i32>,
}

fn looks_like_agency(norm: &str) -> bool {
    let n = norm.chars().count();
    (2..=30).contains(&n)
        && !norm.chars().any(|c| c.is_ascii_digit())
        && !norm.contains('。')
        && [
            "政府",
            "办公室",
            "办公厅",
            "局",
            "委员会",
            "委",
            "厅",
            "部",
            "署",
            "院",
            "县",
            "区",
            "市",
            "镇",
            "乡",
            "街道",
            "办事处",
            "中心",
            "管委会",
            "旗",
            "州",
            "省",
        ]
        .iter()
        .any(|s| norm.ends_with(s))
}

/// Field names that a web page's metadata box prints before the title
/// (`名    称：XX县人民政府2022年…年度报告`).
const TITLE_FIELD_NAMES: &[&str] = &["名称", "标题", "题名", "题目", "文件名称", "信息名称"];

/// The text after a leading metadata field name and its colon, if the line
/// starts with one; whitespace inside the field name is ignored (pages pad
/// `名称` to the width of four-character field names).
fn strip_title_field(raw: &str) -> &str {
    let Some((field, rest)) = raw.split_once([':', '：']) else {
        return raw;
    };
    let field: String = field.chars().filter(|c| !c.is_whitespace()).collect();
    if TITLE_FIELD_NAMES.contains(&field.as_str()) {
        rest
    } else {
        raw
    }
}

fn clean_title(raw: &str) -> String {
    strip_title_field(raw.trim())
        .trim()
        .trim_start_matches(['#', '*', ' ', '《'])
        .trim_end_matches(['*', ' ', '》'])
        .trim()
        .to_string()
}

/// Find the title among the paragraphs before section 一 (`limit`; a web
/// page printed to PDF can carry dozens of navigation lines before it).
pub(crate) fn title(paras: &[Para], limit: usize) -> TitleInfo {
    let Some(year_re) = YEAR_IN_TITLE.as_ref() else {
        return TitleInfo::default();
    };
    let end = limit.min(paras.len());
    for (i, p) in paras.iter().enumerate().take(end) {
        // the numeral conversion never adds 报告 or 。 and only shortens
        let raw = strip_title_field(&p.norm);
        let has_report = raw.contains("报告") || raw.contains("年报");
        if !has_report || raw.contains('。') || raw.chars().count() > 140 {
            continue;
        }
        let norm = chinese_date_digits(raw);
        if norm.chars().count() > 70 {
            continue;
        }
        // join with the previous short line when the title wraps
        let mut text = clean_title(&p.text);
        let mut joined = norm.clone();
        let mut first = i;
        if !year_re.is_match(&joined)
            || joined.starts_with("信息公开")
            || joined.starts_with("工作")
        {
            if let Some(prev) = i.checked_sub(1).and_then(|k| paras.get(k)) {
                let pn = chinese_date_digits(strip_title_field(&prev.norm));
                if pn.chars().count() <= 40 && !pn.contains('。') {
                    joined = format!("{pn}{joined}");
                    text = format!("{}{}", clean_title(&prev.text), text);
                    first = i - 1;
                }
            }
        }
        let joined = joined.trim_start_matches('《').to_string();
        let Some(m) = year_re.captures(&joined) else {
            continue;
        };
        let year = m.get(1).and_then(|y| y.as_str().parse().ok());
        let start = m.get(0).map_or(0, |x| x.start());
        let mut agency = joined[..start].trim_end_matches(['关', '于']).to_string();
        if agency.is_empty() {
            // 2022年度XX县政府信息公开工作年度报告: the agency follows the year
            let after = joined[m.get(0).map_or(0, |x| x.end())..].trim_start_matches('度');
            let cut = [
                "政府信息公开",
                "政务公开",
                "信息公开",
                "年度报告",
                "工作报告",
            ]
            .iter()
            .filter_map(|k| after.find(k))
            .min()
            .unwrap_or(0);
            let cand = &after[..cut];
            if cand.ends_with("人民") {
                // XX县人民政府信息公开…: 政府 is shared by both words
                agency = format!("{cand}政府");
            } else if looks_like_agency(cand) {
                agency = cand.to_string();
            }
        }
        if agency.is_empty() {
            // agency printed on the line above the title
            if let Some(prev) = first.checked_sub(1).and_then(|k| paras.get(k)) {
                if looks_like_agency(&prev.norm) {
                    agency = prev.norm.clone();
                    text = format!("{}{}", clean_title(&prev.text), text);
                }
            }
        }
        return TitleInfo {
            title: Some(text),
            agency: (!agency.is_empty()).then_some(agency),
            year,
        };
    }
    TitleInfo::default()
}

/// 文号: a standalone line such as 刚政办〔2023〕5号 before section 一
/// (`limit`).
pub(crate) fn doc_number(paras: &[Para], limit: usize) -> Option<String> {
    let re = DOC_NUMBER.as_ref()?;
    paras
        .iter()
        .take(limit)
        .map(|p| p.text.trim().trim_start_matches(['#', ' ']).trim())
        .find(|t| re.is_match(t))
        .map(|t| t.split_whitespace().collect())
}

/// 落款 date: the last short line ending in a date, near the end; a line
/// marked 印发 only when there is no other.
pub(crate) fn published(paras: &[Para], from: usize) -> Option<(String, usize)> {
    let re = DATE_LINE.as_ref()?;
    let mut fallback = None;
    let start = from.max(paras.len().saturating_sub(40));
    for (i, p) in paras.iter().enumerate().skip(start).rev() {
        let norm = chinese_date_digits(&p.norm);
        if norm.chars().count() > 40
            || ["发布时间", "日期:", "时间:", "来源", "。", "访问"]
                .iter()
                .any(|k| norm.contains(k))
        {
            continue;
        }
        if let Some(c) = re.captures(&norm) {
            let date = iso(&c[1], &c[2], &c[3]);
            if c.get(4).is_some() {
                if fallback.is_none() {
                    fallback = date.map(|d| (d, i));
                }
                continue;
            }
            match date {
                Some(d) => return Some((d, i)),
                // an impossible 落款 date (DATE_INVALID) stays null
                None => break,
            }
        }
    }
    fallback
}

/// The agency signing the report: the short line just above the 落款 date.
pub(crate) fn signatory(paras: &[Para], date_para: usize) -> Option<String> {
    let prev = paras.get(date_para.checked_sub(1)?)?;
    looks_like_agency(&prev.norm).then(|| prev.norm.clone())
}

/// The date a web page prints in its metadata line (`发布时间：2023-01-21
/// 10:48`), from the first paragraph that has one.
pub(crate) fn page_date(paras: &[Para]) -> Option<String> {
    let re = PAGE_DATE.as_ref()?;
    paras.iter().find_map(|p| {
        let c = re.captures(&p.text)?;
        iso(c.get(1)?.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str())
    })
}

/// Statistical period stated anywhere in the narrative.
pub(crate) fn period(all_norm: &str) -> Option<Period> {
    let re = PERIOD.as_ref()?;
    let text = chinese_date_digits(all_norm);
    let c = re.captures(&text)?;
    let y1 = c.get(1)?.as_str();
    let y2 = c.get(4).map_or(y1, |m| m.as_str());
    Some(Period {
        start: iso(y1, &c[2], &c[3])?,
        end: iso(y2, &c[5], &c[6])?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_not_iso_dates() {
        assert_eq!(iso("2022", "2", "28").as_deref(), Some("2022-02-28"));
        assert_eq!(iso("2024", "2", "29").as_deref(), Some("2024-02-29"));
        assert_eq!(iso("2022", "2", "30"), None);
        assert_eq!(iso("2023", "2", "29"), None);
        assert_eq!(iso("2022", "4", "31"), None);
        assert_eq!(iso("2022", "13", "1"), None);
        assert_eq!(
            date_problem("2022", "2", "30").as_deref(),
            Some("2022 年 2 月只有 28 天")
        );
        assert_eq!(
            date_problem("2022", "13", "1").as_deref(),
            Some("没有 13 月")
        );
        assert_eq!(date_problem("2022", "12", "31"), None);
    }

    #[test]
    fn an_impossible_signing_date_stays_null() {
        let paras = [para("XX县人民政府"), para("2022年2月30日")];
        assert_eq!(published(&paras, 0), None);
        let bad = invalid_dates(&paras);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].0, "2022年2月30日");
        let good = [para("XX县人民政府"), para("二〇二三年一月十八日")];
        assert!(invalid_dates(&good).is_empty());
        assert_eq!(
            published(&good, 0).map(|d| d.0).as_deref(),
            Some("2023-01-18")
        );
    }

    #[test]
    fn chinese_dates_become_digits() {
        assert_eq!(chinese_date_digits("二〇二三年一月十八日"), "2023年1月18日");
        assert_eq!(
            chinese_date_digits("二〇二〇年十二月三十一日"),
            "2020年12月31日"
        );
        assert_eq!(chinese_date_digits("第一项"), "第一项");
    }

    fn para(t: &str) -> Para {
        Para {
            text: t.to_string(),
            norm: crate::normalize::label(t),
            pos: Default::default(),
        }
    }

    #[test]
    fn title_variants() {
        let t = title(
            &[
                para("互助县人民政府"),
                para("2022 年政府信息公开工作年度报告"),
            ],
            5,
        );
        assert_eq!(t.agency.as_deref(), Some("互助县人民政府"));
        assert_eq!(t.year, Some(2022));
        let t = title(&[para("2023年度刚察县人民政府政府信息公开工作年度报告")], 5);
        assert_eq!(t.agency.as_deref(), Some("刚察县人民政府"));
        let t = title(
            &[
                para("民和县人民政府 2023 年政府"),
                para("信息公开工作年度报告"),
            ],
            5,
        );
        assert_eq!(t.agency.as_deref(), Some("民和县人民政府"));
        let t = title(
            &[para("《平潭综合实验区2019年度政府信息公开工作年度报告》")],
            5,
        );
        assert_eq!(t.agency.as_deref(), Some("平潭综合实验区"));
    }

    #[test]
    fn a_metadata_field_name_is_not_part_of_the_title() {
        let t = title(
            &[para(
                "名     称：   互助县人民政府2022年政府信息公开工作年度报告",
            )],
            5,
        );
        assert_eq!(t.agency.as_deref(), Some("互助县人民政府"));
        assert_eq!(
            t.title.as_deref(),
            Some("互助县人民政府2022年政府信息公开工作年度报告")
        );
        // only known field names are dropped
        assert_eq!(
            strip_title_field("附件：二〇二二年报告"),
            "附件：二〇二二年报告"
        );
        assert_eq!(strip_title_field("标\u{3000}题:年报"), "年报");
    }

    #[test]
    fn a_page_date_is_read_from_the_metadata_line() {
        let d = page_date(&[
            para("首页 > 政府信息公开"),
            para("发布时间：2023-01-21 10:48　来源：互助土族自治县人民政府"),
        ]);
        assert_eq!(d.as_deref(), Some("2023-01-21"));
        assert_eq!(
            page_date(&[para("发布日期：2024年2月1日")]).as_deref(),
            Some("2024-02-01")
        );
        assert_eq!(page_date(&[para("规范标注成文日期、发布日期等要素")]), None);
    }

    #[test]
    fn periods_are_found() {
        let p = period("本报告数据统计期限从2022年1月1日起到2022年12月31日止。");
        assert_eq!(
            p,
            Some(Period {
                start: "2022-01-01".into(),
                end: "2022-12-31".into()
            })
        );
        let p = period("统计期限为2020年1月1日至12月31日止");
        assert_eq!(p.map(|p| p.end), Some("2020-12-31".into()));
    }
}
