//! Required content: FEE_NOT_REPORTED (第六部分 and the 信息处理费) and
//! SECTION_EMPTY (a section with a heading and nothing under it).

use crate::model::{Finding, Location, Section};
use crate::recognise::Recognised;
use crate::rules;

/// Words that show 第六部分 speaks of the 信息处理费 (an amount, or that none
/// was collected).
const FEE_WORDS: &[&str] = &["处理费", "收费", "收取费用", "未收取", "不收取"];

/// What a section says once the 落款 (agency line and date line) is left
/// out, without white space and punctuation; at most `limit` characters.
fn substance(section: &Section, agency: Option<&str>, limit: usize) -> String {
    section
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && Some(*l) != agency && !is_signature_line(l))
        .flat_map(str::chars)
        .filter(|c| {
            !c.is_whitespace()
                && !c.is_ascii_punctuation()
                && !"。，；：、！？“”‘’（）—…·-".contains(*c)
        })
        .take(limit)
        .collect()
}

/// Characters of a section's substance that tell an empty section (or one
/// that only says 无) from one with content: more than any text that
/// [`says_nothing`].
const SUBSTANCE_CHARS: usize = 12;

/// A 落款 line: a date, an agency, or a separator after the body.
fn is_signature_line(line: &str) -> bool {
    // the numeral conversion keeps a line's last and first words and only
    // shortens it: decide what it cannot change first
    let candidate = line.ends_with('日')
        || line.ends_with("印发")
        || line.starts_with("抄送")
        || line.chars().all(|c| c == '-' || c == '—');
    if !candidate || line.chars().count() > 90 {
        return false;
    }
    let digits = crate::recognise::chinese_date_digits(line);
    let short = digits.chars().count() <= 30;
    short
        && (digits.ends_with('日') && digits.contains('年') && digits.contains('月')
            || digits.ends_with("印发")
            || digits.starts_with("抄送")
            || digits.chars().all(|c| c == '-' || c == '—'))
}

/// Text that says nothing: 无, 暂无, 没有.
fn says_nothing(text: &str) -> bool {
    matches!(text, "" | "无" | "暂无" | "没有" | "无内容")
}

/// FEE_NOT_REPORTED: a report for 2021 or later whose 第六部分 does not
/// mention the 信息处理费. A missing 第六部分 is SECTION_MISSING's.
pub(super) fn fee_not_reported(rec: &Recognised, out: &mut Vec<Finding>) {
    if rec.meta.year.is_none_or(|y| y < 2021) {
        return;
    }
    let Some(sixth) = rec.sections.iter().find(|s| s.number == 6) else {
        return;
    };
    let text = substance(sixth, rec.meta.agency.as_deref(), usize::MAX);
    if FEE_WORDS.iter().any(|w| text.contains(w)) {
        return;
    }
    // quote the first line only: the 落款 and page furniture may follow
    let said: String = sixth
        .text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .chars()
        .take(30)
        .collect();
    out.push(rules::FEE_NOT_REPORTED.finding(
        format!(
            "第六部分“其他需要报告的事项”未说明收取信息处理费的情况（原文：“{}”）",
            if said.is_empty() {
                "（空）".to_string()
            } else {
                said
            }
        ),
        Location {
            section: Some(6),
            ..Location::default()
        },
    ));
}

/// SECTION_EMPTY: 第一、五部分 with no text or only 无; 第二至四部分 with
/// neither text nor their table; 第六部分 with nothing at all.
pub(super) fn section_empty(rec: &Recognised, out: &mut Vec<Finding>) {
    let t = &rec.tables;
    for s in &rec.sections {
        let text = substance(s, rec.meta.agency.as_deref(), SUBSTANCE_CHARS);
        let empty = match s.number {
            1 | 5 => says_nothing(&text),
            2 => text.is_empty() && t.active.is_none(),
            3 => text.is_empty() && t.applications.is_none(),
            4 => text.is_empty() && t.review_litigation.is_none(),
            _ => text.is_empty(),
        };
        if !empty {
            continue;
        }
        let pos = rec
            .heading_positions
            .iter()
            .find(|(n, _)| *n == s.number)
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        let numeral = "一二三四五六"
            .chars()
            .nth(usize::from(s.number).saturating_sub(1))
            .unwrap_or('?');
        out.push(rules::SECTION_EMPTY.finding(
            format!(
                "第{numeral}部分“{}”只有标题，没有内容{}",
                s.title,
                if text.is_empty() {
                    String::new()
                } else {
                    format!("（只写“{text}”）")
                }
            ),
            Location {
                section: Some(s.number),
                source: pos,
                ..Location::default()
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Meta, TableData};

    fn rec(year: i32, sections: &[(u8, &str)]) -> Recognised {
        Recognised {
            meta: Meta {
                agency: Some("刚察县人民政府办公室".into()),
                year: Some(year),
                ..Meta::default()
            },
            sections: sections
                .iter()
                .map(|(n, t)| Section {
                    number: *n,
                    title: "标题".into(),
                    text: (*t).into(),
                })
                .collect(),
            ..Recognised::default()
        }
    }

    fn run(f: fn(&Recognised, &mut Vec<Finding>), r: &Recognised) -> Vec<Finding> {
        let mut out = Vec::new();
        f(r, &mut out);
        out
    }

    #[test]
    fn a_sixth_part_that_says_only_none_does_not_report_the_fee() {
        let r = rec(2022, &[(6, "无。\n刚察县人民政府办公室\n2023年2月6日")]);
        let f = run(fee_not_reported, &r);
        assert_eq!(f.len(), 1);
        assert_eq!(f.first().map(|f| f.rule.as_str()), Some("FEE_NOT_REPORTED"));
        assert!(f
            .first()
            .is_some_and(|f| f.message.contains("（原文：“无。”）")));
        assert_eq!(
            run(
                fee_not_reported,
                &rec(2022, &[(6, "无其他需要报告的事项。")])
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_fee_statement_an_old_year_or_no_sixth_part_is_fine() {
        assert!(run(
            fee_not_reported,
            &rec(2022, &[(6, "2022年，无收取信息处理费情况。")])
        )
        .is_empty());
        assert!(run(
            fee_not_reported,
            &rec(2023, &[(6, "本年度未收取任何费用。")])
        )
        .is_empty());
        assert!(run(fee_not_reported, &rec(2020, &[(6, "无。")])).is_empty());
        assert!(run(fee_not_reported, &rec(2022, &[(5, "无。")])).is_empty());
    }

    #[test]
    fn an_empty_first_or_fifth_part_is_reported() {
        let r = rec(2022, &[(1, ""), (5, "无。"), (6, "无。")]);
        let f = run(section_empty, &r);
        let sections: Vec<_> = f.iter().filter_map(|f| f.location.section).collect();
        assert_eq!(sections, vec![1, 5]);
        // the 落款 after an empty sixth part is not content
        let r = rec(2022, &[(6, "刚察县人民政府办公室\n2023年2月6日")]);
        assert_eq!(run(section_empty, &r).len(), 1);
    }

    #[test]
    fn sections_with_text_or_their_table_are_not_empty() {
        let mut r = rec(
            2022,
            &[
                (1, "2022年，我县坚持……"),
                (2, ""),
                (5, "一是解读不够。"),
                (6, "无。"),
            ],
        );
        r.tables.active = Some(TableData::default());
        assert!(run(section_empty, &r).is_empty());
        r.tables.active = None;
        assert_eq!(run(section_empty, &r).len(), 1);
    }
}
