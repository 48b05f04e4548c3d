//! The official row and column labels of the three tables, as patterns
//! over normalised label text (see [`crate::normalize::label`]).

use regex::Regex;
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
        ("other_other", r"(?:\d[.、]?|^)其他$"),
        ("other_handling", r"其他处理"),
        ("total_processed", r"总计"),
        ("carried_forward", r"结转下年|下年度继续办理"),
    ])
});

/// All application row patterns as one set, to find candidates in one pass.
static APPLICATION_SET: LazyLock<Option<regex::RegexSet>> = LazyLock::new(|| {
    regex::RegexSet::new(APPLICATION_ROWS.iter().map(|r| r.pattern.as_str())).ok()
});

/// Indices into [`APPLICATION_ROWS`] of the patterns that match `text`.
fn candidates(text: &str) -> Vec<usize> {
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
        None
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::label;

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
        assert_eq!(application_column("申请人情况"), None);
    }
}
