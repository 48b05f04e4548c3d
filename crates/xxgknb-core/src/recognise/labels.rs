//! The official row and column labels of the three tables, as patterns
//! over normalised label text (see [`crate::normalize::label`]).

use super::Fact;
use crate::document::SourcePos;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// A row of one of the tables: its MODEL.md key and the pattern that
/// recognises its label.
pub(crate) struct RowLabel {
    /// MODEL.md row key.
    pub key: &'static str,
    /// Pattern over the normalised label.
    pub pattern: Regex,
}

fn rows(spec: &[(&'static str, &str)]) -> Vec<RowLabel> {
    spec.iter()
        .filter_map(|(key, pat)| {
            Regex::new(pat)
                .ok()
                .map(|pattern| RowLabel { key, pattern })
        })
        .collect()
}

/// Rows of the applications table, in printed order.
pub(crate) static APPLICATION_ROWS: LazyLock<Vec<RowLabel>> = LazyLock::new(|| {
    rows(&[
        ("new_received", r"本年新收|新收.{0,12}申请"),
        ("carried_over", r"上年结转"),
        ("granted", r"予以公开"),
        ("partially_granted", r"部分公开"),
        ("withheld_state_secret", r"国家秘密"),
        ("withheld_law_prohibited", r"法律行政法规禁止|禁止公开"),
        ("withheld_three_security", r"三安全一稳定|危及"),
        ("withheld_third_party", r"第三方"),
        ("withheld_internal_affairs", r"内部事务"),
        ("withheld_process_info", r"过程性信息"),
        ("withheld_enforcement_file", r"执法案卷"),
        ("withheld_admin_query", r"行政查询"),
        ("unable_not_held", r"不掌握"),
        ("unable_needs_creation", r"另行制作|没有现成|需要另行"),
        ("unable_unclear", r"仍不明确|补正后申请"),
        ("rejected_petition", r"信访|举报投诉"),
        ("rejected_repeat", r"重复申请"),
        ("rejected_publication", r"公开出版物"),
        ("rejected_excessive", r"大量反复"),
        ("rejected_confirm", r"确认或重|行政机关确认|重新出具"),
        (
            "other_overdue_correction",
            r"逾期不补正|不补正|无正当理由逾期",
        ),
        ("other_overdue_fee", r"收费通|缴纳费用|逾期未按"),
        ("other_other", r"(?:\d[.、,，]?|^)其他$"),
        ("other_handling", r"其他处理"),
        ("total_processed", r"总计"),
        ("carried_forward", r"结转下年|下年度继续办理"),
    ])
});

/// The most characters a match of an [`APPLICATION_ROWS`] pattern spans
/// (`新收.{0,12}申请`).
pub(crate) const LONGEST_APPLICATION_LABEL: usize = 16;

/// All application row patterns as one set, to find candidates in one pass.
static APPLICATION_SET: LazyLock<Option<regex::RegexSet>> = LazyLock::new(|| {
    regex::RegexSet::new(APPLICATION_ROWS.iter().map(|r| r.pattern.as_str())).ok()
});

/// Indices into [`APPLICATION_ROWS`] of the patterns that match `text`.
pub(crate) fn candidates(text: &str) -> Vec<usize> {
    match APPLICATION_SET.as_ref() {
        Some(set) => set.matches(text).into_iter().collect(),
        None => (0..APPLICATION_ROWS.len()).collect(),
    }
}

pub(crate) use crate::keys::{APPLICATION_COLUMNS, REVIEW_FIELDS, REVIEW_GROUPS};

/// Classify a header cell of the applications table as a column key.
pub(crate) fn application_column(norm: &str) -> Option<&'static str> {
    let n = norm.trim_matches(|c: char| c.is_ascii_digit() || c == '.' || c == '、');
    if n.is_empty() {
        return None;
    }
    if n.contains("自然人") || n == "自然" {
        Some("natural_person")
    } else if n.contains("商业企业") || n == "商业" {
        Some("commercial")
    } else if n.contains("科研机构") || n == "科研" {
        Some("research")
    } else if n.contains("公益") {
        Some("social_welfare")
    } else if n.contains("法律服务") {
        Some("legal_services")
    } else if n == "其他" || n == "其它" {
        Some("other_org")
    } else if n == "总计" || n == "合计" {
        Some("total")
    } else {
        misread_column(n)
    }
}

/// The applicant column a header one character off its printed name is
/// (`法委服务机构` read from a scan for `法律服务机构`): the only column
/// header of four characters or more within one edit of the cell's whole
/// text.
fn misread_column(n: &str) -> Option<&'static str> {
    const HEADERS: [(&str, &str); 4] = [
        ("商业企业", "commercial"),
        ("科研机构", "research"),
        ("社会公益组织", "social_welfare"),
        ("法律服务机构", "legal_services"),
    ];
    let text: Vec<char> = n.chars().collect();
    let mut close = HEADERS.iter().filter(|(h, _)| {
        let h: Vec<char> = h.chars().collect();
        edit_distance(&text, &h, 1) <= 1
    });
    match (close.next(), close.next()) {
        (Some((_, key)), None) => Some(key),
        _ => None,
    }
}

/// Rows of the active-disclosure table with their fields per edition.
pub(crate) struct ActiveRow {
    /// MODEL.md row key.
    pub key: &'static str,
    /// Pattern over the normalised label (a cell holding just the label).
    pub pattern: Regex,
    /// The label's core word, found anywhere in flattened text.
    pub word: &'static str,
    /// Fields in the 2021 edition (empty: not in that edition).
    pub fields_2021: &'static [&'static str],
    /// Fields in the 2019 edition.
    pub fields_2019: &'static [&'static str],
}

/// Rows of the active-disclosure table.
pub(crate) static ACTIVE_ROWS: LazyLock<Vec<ActiveRow>> = LazyLock::new(|| {
    const COUNTS_2021: &[&str] = &["issued", "repealed", "in_force"];
    const COUNTS_2019: &[&str] = &["made", "published", "total_published"];
    const DECISIONS_2019: &[&str] = &["previous", "change", "decisions"];
    type Spec = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );
    let spec: [Spec; 8] = [
        (
            "rules",
            r"^规章$|^规章\(|规章件数",
            "规章",
            COUNTS_2021,
            COUNTS_2019,
        ),
        (
            "normative_documents",
            r"规范性文件",
            "规范性文件",
            COUNTS_2021,
            COUNTS_2019,
        ),
        (
            "licensing",
            r"^行政许可",
            "行政许可",
            &["decisions"],
            DECISIONS_2019,
        ),
        (
            "other_services",
            r"对外管理服务",
            "对外管理服务",
            &[],
            DECISIONS_2019,
        ),
        (
            "penalty",
            r"^行政处罚",
            "行政处罚",
            &["decisions"],
            DECISIONS_2019,
        ),
        (
            "coercion",
            r"^行政强制",
            "行政强制",
            &["decisions"],
            DECISIONS_2019,
        ),
        (
            "fees",
            r"事业性收费",
            "事业性收费",
            &["amount"],
            &["previous", "change"],
        ),
        (
            "procurement",
            r"集中采购",
            "集中采购",
            &[],
            &["items", "amount"],
        ),
    ];
    spec.into_iter()
        .filter_map(|(key, pat, word, f21, f19)| {
            Regex::new(pat).ok().map(|pattern| ActiveRow {
                key,
                pattern,
                word,
                fields_2021: f21,
                fields_2019: f19,
            })
        })
        .collect()
});

/// The active row a normalised label names, if any.
pub(crate) fn active_row(norm: &str) -> Option<&'static ActiveRow> {
    ACTIVE_ROWS.iter().find(|r| r.pattern.is_match(norm))
}

/// The active row a label read from a picture names with one character of
/// its row's word misread or lost (`行政处团`, `行政处` for `行政处罚`): for
/// a row whose pattern is anchored at the label's start, the whole label
/// is one edit (a character changed, lost or added) from the word; for
/// the others, the label holds the word with one character changed. No
/// other row's word may be as near, and words shorter than four
/// characters (`规章`) are never matched so.
pub(crate) fn near_active_row(norm: &str) -> Option<&'static ActiveRow> {
    let chars: Vec<char> = norm.chars().collect();
    let near = |r: &ActiveRow| {
        let word: Vec<char> = r.word.chars().collect();
        if word.len() < 4 {
            return false;
        }
        if r.pattern.as_str().starts_with('^') {
            return edit_distance(&chars, &word, 1) == 1;
        }
        chars
            .windows(word.len())
            .any(|w| w.iter().zip(&word).filter(|(a, b)| a != b).count() == 1)
    };
    let mut found = ACTIVE_ROWS.iter().filter(|r| near(r));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// Classify a review header cell as a field.
pub(crate) fn review_field(norm: &str) -> Option<&'static str> {
    if norm.contains("维持") {
        Some("upheld")
    } else if norm.contains("纠正") {
        Some("corrected")
    } else if norm.contains("其他") {
        Some("other")
    } else if norm.contains("未审结") || norm.contains("尚未") {
        Some("pending")
    } else if norm.contains("总计") || norm.contains("合计") {
        Some("total")
    } else {
        None
    }
}

/// Classify a review header cell as a group.
pub(crate) fn review_group(norm: &str) -> Option<&'static str> {
    if norm.contains("直接起诉") {
        Some("litigation_direct")
    } else if norm.contains("复议后起诉") {
        Some("litigation_after_review")
    } else if norm.contains("行政复议") {
        Some("review")
    } else {
        None
    }
}

/// Every application row matched in `text`, in order of where the match
/// ends.
pub(crate) fn application_rows_in(text: &str) -> Vec<&'static str> {
    let mut found: Vec<(usize, &'static str)> = candidates(text)
        .into_iter()
        .filter_map(|i| APPLICATION_ROWS.get(i))
        .flat_map(|r| r.pattern.find_iter(text).map(move |m| (m.end(), r.key)))
        .collect();
    found.sort();
    let mut out: Vec<&'static str> = Vec::new();
    for (_, k) in found {
        if out.last() != Some(&k) {
            out.push(k);
        }
    }
    out
}

/// The application row whose label match ends last in `text` (the most
/// specific label in a cell that also carries group labels, or the last
/// label before a run of numbers in flattened text).
pub(crate) fn rightmost_application_row(text: &str) -> Option<&'static str> {
    let mut best: Option<(usize, usize, &'static str)> = None;
    for r in candidates(text)
        .into_iter()
        .filter_map(|i| APPLICATION_ROWS.get(i))
    {
        if let Some(m) = r.pattern.find_iter(text).last() {
            let cand = (m.end(), m.start(), r.key);
            if best.is_none_or(|b| (cand.0, cand.1) > (b.0, b.1)) {
                best = Some(cand);
            }
        }
    }
    best.map(|b| b.2)
}

/// The official labels of the applications rows (2021 form; 2019's
/// single （六）其他处理 row included), in [`APPLICATION_ROWS`] order, as
/// printed with their numbering.
pub(crate) const OFFICIAL_APPLICATION_LABELS: [&str; 26] = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（六）其他处理",
    "（七）总计",
    "四、结转下年度继续办理",
];

/// Leading numbering (`一、`, `(三)`, `1.`) and the trailing parenthetical
/// note removed, punctuation dropped: the words a fuzzy comparison uses.
fn label_core(norm: &str) -> Vec<char> {
    static NUMBERING: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]?)+").ok()
    });
    let n = label(norm);
    let rest = match NUMBERING.as_ref().and_then(|re| re.find(&n)) {
        Some(m) => n.get(m.end()..).unwrap_or_default().to_string(),
        None => n,
    };
    let rest = match rest.find('(') {
        Some(i) if i > 0 => rest.get(..i).unwrap_or_default().to_string(),
        _ => rest,
    };
    rest.chars()
        .filter(|c| !c.is_ascii_punctuation() && !"、，。；：“”".contains(*c))
        .collect()
}

fn label(s: &str) -> String {
    crate::normalize::label(s)
}

/// Levenshtein distance over characters, giving up (returning `limit + 1`)
/// once every path costs more than `limit`.
fn edit_distance(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(c0) = cur.first_mut() {
            *c0 = i + 1;
        }
        let mut row_min = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(usize::MAX) + usize::from(ca != cb);
            let del = prev
                .get(j + 1)
                .copied()
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let ins = cur.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            let v = sub.min(del).min(ins);
            if let Some(c) = cur.get_mut(j + 1) {
                *c = v;
            }
            row_min = row_min.min(v);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(usize::MAX)
}

/// Edits a fuzzy match may need for a label of `len` characters (without
/// numbering): none below four characters, then one per four characters
/// (one edit for `属于国家秘密`, three for `其他法律行政法规禁止公开`).
fn allowed_edits(len: usize) -> usize {
    if len < 4 {
        0
    } else {
        len / 4
    }
}

/// What a printed label that no row pattern recognises is closest to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Fuzzy {
    /// One row is closest and close enough: its key and official label.
    Unique {
        /// MODEL.md row key.
        key: &'static str,
        /// The official label, as printed on the form.
        official: &'static str,
    },
    /// Two or more rows are equally close: the label maps to none.
    Ambiguous(Vec<&'static str>),
    /// No row is close enough.
    None,
}

/// The applications row a label no pattern recognises is a misspelling
/// of: the row whose official label is within [`allowed_edits`] of the
/// label's words (or of the words after its last numbering mark, when a
/// group heading was printed in the same cell), and strictly closer than
/// every other row. Rows in `taken` (matched exactly by another label)
/// are never candidates.
#[cfg(test)]
pub(crate) fn fuzzy_application_row(norm: &str, taken: &BTreeSet<&str>) -> Fuzzy {
    fuzzy_match(norm, taken).0
}

/// The part of a label the fuzzy matcher compares: the words after its
/// last numbering mark when a group heading shares the cell, else all.
/// A number's dot may be missing (`2其他…`: a scan loses the small dot).
fn row_part(norm: &str) -> &str {
    static LAST_NUMBER: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"(?:\([一二三四五六七八九十]+\)|\d+[.、]?)[^()\d]*$").ok());
    match LAST_NUMBER.as_ref().and_then(|re| re.find(norm)) {
        Some(m) if m.start() > 0 => m.as_str(),
        _ => norm,
    }
}

fn fuzzy_match<'a>(norm: &'a str, taken: &BTreeSet<&str>) -> (Fuzzy, &'a str) {
    let part = row_part(norm);
    let mut forms = vec![label_core(norm)];
    if part.len() < norm.len() {
        forms.push(label_core(part));
    }
    let mut best: Option<(usize, Vec<usize>)> = None;
    for (i, (row, official)) in APPLICATION_ROWS
        .iter()
        .zip(OFFICIAL_APPLICATION_LABELS.iter())
        .enumerate()
    {
        if taken.contains(row.key) {
            continue;
        }
        let off = label_core(official);
        let limit = allowed_edits(off.len());
        if limit == 0 {
            continue;
        }
        let d = forms
            .iter()
            .filter(|f| f.len() >= 4)
            .map(|f| edit_distance(f, &off, limit))
            .min()
            .unwrap_or(usize::MAX);
        if d == 0 || d > limit {
            continue;
        }
        match best.as_mut() {
            Some((bd, idx)) if d == *bd => idx.push(i),
            Some((bd, _)) if d > *bd => {}
            _ => best = Some((d, vec![i])),
        }
    }
    let verdict = match best {
        Some((_, idx)) if idx.len() == 1 => {
            let i = idx.first().copied().unwrap_or(0);
            match (APPLICATION_ROWS.get(i), OFFICIAL_APPLICATION_LABELS.get(i)) {
                (Some(r), Some(o)) => Fuzzy::Unique {
                    key: r.key,
                    official: o,
                },
                _ => Fuzzy::None,
            }
        }
        Some((_, idx)) => Fuzzy::Ambiguous(
            idx.iter()
                .filter_map(|i| APPLICATION_ROWS.get(*i).map(|r| r.key))
                .collect(),
        ),
        None => Fuzzy::None,
    };
    (verdict, part)
}

/// Map a label no row pattern recognises by [`fuzzy_application_row`],
/// recording what was seen: the printed and the official label when one
/// row matches (nothing when the label is the official one's beginning,
/// the rest wrapped away, or when it was read from a picture), or the
/// equally close official labels when several do. A row matched is added
/// to `taken` so that no second label takes it.
///
/// A label read by OCR (`pos` carries a confidence) that is a few
/// characters off its row's official wording is read as that row, but no
/// `LabelVariant` is recorded: the difference is the reader's far more
/// often than the printer's (`不予公开` read as `不子公开`), and a
/// misreading must not become a finding against the report.
pub(crate) fn fuzzy_application_row_noted(
    norm: &str,
    taken: &mut BTreeSet<&'static str>,
    pos: Option<&SourcePos>,
    facts: &mut Vec<Fact>,
) -> Option<&'static str> {
    let (verdict, printed) = fuzzy_match(norm, taken);
    match verdict {
        Fuzzy::Unique { key, official } => {
            taken.insert(key);
            // the start of the official label: a label that wraps onto a
            // line after its numbers (layout text), not a misspelt one
            let (p, o) = (label_core(printed), label_core(official));
            let ocr = pos.is_some_and(|p| p.confidence.is_some());
            if o.starts_with(&p) || ocr {
                return Some(key);
            }
            facts.push(Fact::LabelVariant {
                row: key,
                printed: printed.to_string(),
                official,
                pos: pos.cloned(),
            });
            Some(key)
        }
        Fuzzy::Ambiguous(keys) => {
            let officials: Vec<&str> = keys
                .iter()
                .filter_map(|k| {
                    APPLICATION_ROWS
                        .iter()
                        .position(|r| r.key == *k)
                        .and_then(|i| OFFICIAL_APPLICATION_LABELS.get(i).copied())
                })
                .map(|o| o.trim())
                .collect();
            facts.push(Fact::LabelAmbiguous {
                printed: printed.to_string(),
                officials,
                pos: pos.cloned(),
            });
            None
        }
        Fuzzy::None => None,
    }
}

/// The rows the form prints strictly between the rows `prev` and `next`
/// (model order), as the editions print them: the 2021 edition's three
/// （六） sub-rows or the 2019 edition's single （六）其他处理 row. One
/// sequence per edition that differs; empty when `next` does not follow
/// `prev`.
pub(crate) fn official_rows_between(prev: &str, next: &str) -> Vec<Vec<&'static str>> {
    const SUB_ROWS: [&str; 3] = [
        "other_overdue_correction",
        "other_overdue_fee",
        "other_other",
    ];
    let keys = crate::keys::APPLICATION_ROWS;
    let (Some(a), Some(b)) = (
        keys.iter().position(|k| *k == prev),
        keys.iter().position(|k| *k == next),
    ) else {
        return Vec::new();
    };
    let Some(gap) = keys.get(a + 1..b) else {
        return Vec::new();
    };
    let edition_2021: Vec<&'static str> = gap
        .iter()
        .copied()
        .filter(|k| *k != "other_handling")
        .collect();
    let edition_2019: Vec<&'static str> = gap
        .iter()
        .copied()
        .filter(|k| !SUB_ROWS.contains(k))
        .collect();
    let mut out = vec![edition_2021];
    if out.first() != Some(&edition_2019) {
        out.push(edition_2019);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn active_labels_one_edit_off_name_their_row_alone() {
        let key = |l: &str| near_active_row(l).map(|r| r.key);
        assert_eq!(key("行政处团"), Some("penalty"));
        assert_eq!(key("行政处"), Some("penalty"));
        assert_eq!(key("行政许可证"), Some("licensing"));
        assert_eq!(key("行政事业住收费"), Some("fees"));
        // as near two rows, or two edits off
        assert_eq!(key("行政处制"), None);
        assert_eq!(key("行政复议"), None);
        assert_eq!(key("规草"), None);
    }
    use crate::normalize::label;

    #[test]
    fn rows_between_follow_the_editions() {
        assert_eq!(
            official_rows_between("carried_over", "partially_granted"),
            vec![vec!["granted"]]
        );
        assert_eq!(
            official_rows_between("rejected_confirm", "total_processed"),
            vec![
                vec![
                    "other_overdue_correction",
                    "other_overdue_fee",
                    "other_other"
                ],
                vec!["other_handling"]
            ]
        );
        assert_eq!(
            official_rows_between("granted", "partially_granted"),
            vec![Vec::<&str>::new()]
        );
        assert!(official_rows_between("total_processed", "granted")
            .iter()
            .all(|s| s.is_empty()));
    }

    #[test]
    fn rightmost_row_wins() {
        let t = label("三、本年度办理结果 （三）不予公开 (一) 予以公开");
        assert_eq!(rightmost_application_row(&t), Some("granted"));
        let t = label(
            "（六）其他处理 1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        );
        assert_eq!(
            rightmost_application_row(&t),
            Some("other_overdue_correction")
        );
        assert_eq!(
            rightmost_application_row(&label("3.其他")),
            Some("other_other")
        );
        assert_eq!(
            rightmost_application_row(&label("（六）其他处理")),
            Some("other_handling")
        );
        assert_eq!(
            rightmost_application_row(&label(
                "二、上年结转政务公开申请数量三、本年度办理结果（一）予以公开"
            )),
            Some("granted")
        );
        assert_eq!(
            rightmost_application_row(&label("8.属于行政査询事项")),
            Some("withheld_admin_query")
        );
        assert_eq!(
            rightmost_application_row(&label(
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
            )),
            Some("partially_granted")
        );
    }

    #[test]
    fn row_patterns_follow_the_model_order() {
        let keys: Vec<&str> = APPLICATION_ROWS.iter().map(|r| r.key).collect();
        assert_eq!(keys, crate::keys::APPLICATION_ROWS);
        let keys: Vec<&str> = ACTIVE_ROWS.iter().map(|r| r.key).collect();
        assert_eq!(keys, crate::keys::ACTIVE_ROWS);
    }

    #[test]
    fn columns_classify() {
        assert_eq!(application_column(&label("商业 企业")), Some("commercial"));
        assert_eq!(
            application_column(&label("法律服务")),
            Some("legal_services")
        );
        assert_eq!(application_column("法人或其他组织"), None);
        // one character misread in a scan
        assert_eq!(application_column("法委服务机构"), Some("legal_services"));
        assert_eq!(application_column("科妍机构"), Some("research"));
        assert_eq!(application_column("服务"), None);
        assert_eq!(application_column("行政机构"), None);
        assert_eq!(application_column("申请人情况"), None);
    }

    fn fuzzy(t: &str) -> Fuzzy {
        fuzzy_application_row(&label(t), &BTreeSet::new())
    }

    #[test]
    fn misspelt_labels_map_to_their_row() {
        assert_eq!(
            fuzzy("2.其他法律行政止公开"),
            Fuzzy::Unique {
                key: "withheld_law_prohibited",
                official: "2.其他法律行政法规禁止公开"
            }
        );
        assert!(matches!(
            fuzzy("1.属于国家秘秘密"),
            Fuzzy::Unique {
                key: "withheld_state_secret",
                ..
            }
        ));
        assert!(matches!(
            fuzzy("（三）不予公开 4.保护第叁方合法权益"),
            Fuzzy::Unique {
                key: "withheld_third_party",
                ..
            }
        ));
        assert!(matches!(
            fuzzy("2其他法律行政法规茜上\n公开"),
            Fuzzy::Unique {
                key: "withheld_law_prohibited",
                ..
            }
        ));
        // the group headings of the spanning cells before it, and the
        // numbering's dot lost in a scan
        assert!(matches!(
            fuzzy("本年\n度办\n理结\n果 人三)\n不予公\n开 2其他法律行政法规茜上\n公开"),
            Fuzzy::Unique {
                key: "withheld_law_prohibited",
                ..
            }
        ));
        assert!(matches!(
            fuzzy("3.补正后申清内容仍不明"),
            Fuzzy::Unique {
                key: "unable_unclear",
                ..
            }
        ));
    }

    #[test]
    fn fuzzy_does_not_fire_on_other_text() {
        for t in [
            "申请人情况",
            "三、本年度办理结果",
            "（三）不予公开",
            "（四）无法提供",
            "（五）不予处理",
            "商业企业",
            "其他",
            "总计",
            "合计",
            "一、行政复议",
        ] {
            assert_eq!(fuzzy(t), Fuzzy::None, "{t}");
        }
        // an exact label is not a fuzzy one
        assert_eq!(fuzzy("1.属于国家秘密"), Fuzzy::None);
    }

    #[test]
    fn fuzzy_never_takes_a_row_matched_exactly() {
        let taken: BTreeSet<&str> = ["withheld_state_secret"].into_iter().collect();
        assert_eq!(
            fuzzy_application_row(&label("1.属于国家秘秘密"), &taken),
            Fuzzy::None
        );
    }

    #[test]
    fn equally_close_rows_are_ambiguous() {
        // two edits from both 7.属于行政执法案卷 and 8.属于行政查询事项
        let amb = label("属于行政执法事项");
        assert_eq!(rightmost_application_row(&amb), None);
        assert_eq!(
            fuzzy_application_row(&amb, &BTreeSet::new()),
            Fuzzy::Ambiguous(vec!["withheld_enforcement_file", "withheld_admin_query"])
        );
        let mut taken = BTreeSet::new();
        let mut facts = Vec::new();
        assert_eq!(
            fuzzy_application_row_noted(&amb, &mut taken, None, &mut facts),
            None
        );
        assert!(taken.is_empty());
        assert!(
            matches!(facts.as_slice(), [Fact::LabelAmbiguous { printed, officials, .. }]
                if printed.contains("属于行政执法事项") && officials.len() == 2),
            "{facts:?}"
        );
        // once one of the two is taken exactly, the other is the unique match
        let taken: BTreeSet<&str> = ["withheld_admin_query"].into_iter().collect();
        assert!(matches!(
            fuzzy_application_row(&amb, &taken),
            Fuzzy::Unique {
                key: "withheld_enforcement_file",
                ..
            }
        ));
    }

    #[test]
    fn a_unique_match_is_noted_with_both_labels() {
        let mut taken = BTreeSet::new();
        let mut facts = Vec::new();
        let r = fuzzy_application_row_noted(
            &label("（三）不予公开 1.属于国家秘秘密"),
            &mut taken,
            None,
            &mut facts,
        );
        assert_eq!(r, Some("withheld_state_secret"));
        assert!(taken.contains("withheld_state_secret"));
        assert!(
            matches!(facts.as_slice(), [Fact::LabelVariant { row: "withheld_state_secret", printed, official, .. }]
                if printed.contains("1.属于国家秘秘密") && official.contains("1.属于国家秘密")),
            "{facts:?}"
        );
        // a second label for the same row does not take it again
        let r = fuzzy_application_row_noted(&label("1.属于国家密密"), &mut taken, None, &mut facts);
        assert_eq!(r, None);
    }

    #[test]
    fn a_label_read_by_ocr_is_its_row_without_a_variant() {
        let mut taken = BTreeSet::new();
        let mut facts = Vec::new();
        let pos = SourcePos {
            confidence: Some(91.0),
            ..SourcePos::default()
        };
        let r = fuzzy_application_row_noted(
            &label("1.属于国家秘秘密"),
            &mut taken,
            Some(&pos),
            &mut facts,
        );
        assert_eq!(r, Some("withheld_state_secret"));
        assert!(facts.is_empty(), "{facts:?}");
        // printed text (no confidence) still records the variant
        let mut taken = BTreeSet::new();
        let r = fuzzy_application_row_noted(
            &label("1.属于国家秘秘密"),
            &mut taken,
            Some(&SourcePos::default()),
            &mut facts,
        );
        assert_eq!(r, Some("withheld_state_secret"));
        assert_eq!(facts.len(), 1, "{facts:?}");
    }

    #[test]
    fn edit_distance_counts() {
        let a: Vec<char> = "属于国家秘密".chars().collect();
        let b: Vec<char> = "属于国家秘秘密".chars().collect();
        assert_eq!(edit_distance(&a, &b, 3), 1);
        assert_eq!(edit_distance(&a, &a, 3), 0);
        let c: Vec<char> = "完全不同的文字".chars().collect();
        assert_eq!(edit_distance(&a, &c, 2), 3);
    }
}
