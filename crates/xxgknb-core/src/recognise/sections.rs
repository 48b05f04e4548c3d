//! Finding the six section headings and their text.

use super::Para;
use crate::model::Section;
use regex::Regex;
use std::sync::LazyLock;

static HEADING: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?:第([一二三四五六])部分|([一二三四五六])[、.,:)])").ok());

/// Keywords that identify each section's heading (1-based).
const KEYWORDS: [&[&str]; 6] = [
    &["总体情况", "总体", "概述", "基本情况"],
    &["主动公开"],
    &["收到和处理", "依申请", "申请情况", "收到处理"],
    &["复议", "诉讼"],
    &["问题", "改进"],
    &["其他需要报告", "其他事项", "其他需报告", "其他需要说明"],
];

fn numeral(c: &str) -> Option<u8> {
    "一二三四五六"
        .chars()
        .position(|x| c.starts_with(x))
        .map(|p| p as u8 + 1)
}

/// If `norm` (a normalised paragraph) is the heading of section n, return
/// n and the heading title (without its numeral).
pub(crate) fn heading_number(norm: &str) -> Option<(u8, String)> {
    let re = HEADING.as_ref()?;
    let caps = re.captures(norm)?;
    let num = caps
        .get(1)
        .or(caps.get(2))
        .and_then(|m| numeral(m.as_str()))?;
    let rest = &norm[caps.get(0)?.end()..];
    let head: String = rest.chars().take(24).collect();
    let kws = KEYWORDS.get(usize::from(num) - 1)?;
    if !kws.iter().any(|k| head.contains(k)) {
        return None;
    }
    // title: up to the first sentence punctuation, at most 40 characters
    let title: String = rest
        .chars()
        .take_while(|c| !matches!(c, '。' | ',' | ';' | '，'))
        .take(40)
        .collect();
    Some((num, title))
}

/// A section heading found at paragraph index `para`.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    /// Section number 1–6.
    pub number: u8,
    /// Title without numeral.
    pub title: String,
    /// Index into the paragraph list.
    pub para: usize,
}

/// A heading whose numeral was lost (a scan dropped `三、` or read `六、`
/// as `相`): a paragraph that is the official title of section `next`
/// alone, after at most two other characters (not `无`: `无其他需要报告的
/// 事项` is that section's text).
fn unnumbered_heading(norm: &str, next: u8) -> Option<(u8, String)> {
    let title = crate::normalize::label(
        crate::keys::SECTION_TITLES.get(usize::from(next).checked_sub(1)?)?,
    );
    let lead = norm.strip_suffix(title.as_str())?;
    (lead.chars().count() <= 2 && !lead.contains('无')).then_some((next, title))
}

/// Find the headings in order: for each section number, the first
/// candidate after the previous heading found.
pub(crate) fn find_headings(paras: &[Para]) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut last_num = 0u8;
    for (i, p) in paras.iter().enumerate() {
        let Some((n, title)) =
            heading_number(&p.norm).or_else(|| unnumbered_heading(&p.norm, last_num + 1))
        else {
            continue;
        };
        // a heading line is short; a long paragraph whose title runs on is
        // prose that happens to start with a numeral and a keyword
        let long = p.norm.chars().count() > 60 && !p.norm.starts_with('第');
        if long && title.chars().count() >= 40 {
            continue;
        }
        if n > last_num {
            out.push(Heading {
                number: n,
                title,
                para: i,
            });
            last_num = n;
        }
    }
    out
}

/// The sections with their text (paragraphs up to the next heading).
pub(crate) fn sections(paras: &[Para], headings: &[Heading]) -> Vec<Section> {
    headings
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let end = headings.get(k + 1).map_or(paras.len(), |n| n.para);
            let text = paras
                .get(h.para + 1..end)
                .unwrap_or_default()
                .iter()
                .map(|p| p.text.trim())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            Section {
                number: h.number,
                title: h.title.clone(),
                text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::label;

    #[test]
    fn headings_are_recognised() {
        assert_eq!(heading_number(&label("一、总体情况")).map(|h| h.0), Some(1));
        assert_eq!(
            heading_number(&label("四、政务公开行政复议、行政诉讼情况")).map(|h| h.0),
            Some(4)
        );
        assert_eq!(
            heading_number(&label("### 六、其他需要报告的事项")).map(|h| h.0),
            Some(6)
        );
        assert_eq!(heading_number(&label("四、结转下年度继续办理")), None);
        assert_eq!(
            heading_number(&label("一、本年新收政府信息公开申请数量")),
            None
        );
        assert_eq!(heading_number(&label("三、本年度办理结果")), None);
    }

    #[test]
    fn a_heading_whose_numeral_was_lost_is_the_next_section() {
        let h = |t: &str, next| unnumbered_heading(&label(t), next).map(|h| h.0);
        assert_eq!(h("收到和处理政府信息公开申请情况", 3), Some(3));
        assert_eq!(h("相其他需要报告的事项", 6), Some(6));
        assert_eq!(h("政府信息公开行政复议、行政诉讼情况", 4), Some(4));
        // only the section that comes next, only the title alone
        assert_eq!(h("收到和处理政府信息公开申请情况", 5), None);
        assert_eq!(h("无其他需要报告的事项", 6), None);
        assert_eq!(h("本年度无其他需要报告的事项", 6), None);
        assert_eq!(h("2023年总体情况", 1), None);
    }
}
