//! RULES_NOT_AUTHORIZED: 规章 may only be made by provincial governments and
//! governments of cities with districts; a county-level or lower body that
//! reports 规章 counts has misfilled the form.

use super::{finding, fmt_num};
use crate::document::SourcePos;
use crate::model::{Finding, OrderedMap, Report, Tables};
use crate::recognise::Recognised;
use crate::rules;

/// Administrative level of an agency, as far as its name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// 省、自治区、直辖市.
    Provincial,
    /// 市、州、盟、地区 (a 市 may also be county-level: not decidable).
    Prefectural,
    /// 县、自治县、旗、市辖区.
    County,
    /// 乡、镇、街道.
    Township,
    /// The name does not say.
    Unknown,
}

/// Infer the level from the last administrative unit named in `agency`
/// (互助县教育局 → County, 海东市互助县 → County, 城北区小桥大街街道办事处 →
/// Township, 海东市人民政府 → Prefectural, 平潭综合实验区 → Unknown).
pub fn admin_level(agency: &str) -> Level {
    let name: String = agency.chars().filter(|c| !c.is_whitespace()).collect();
    // markers, longest first, with the level they imply
    const MARKERS: &[(&str, Level)] = &[
        ("街道办事处", Level::Township),
        ("街道", Level::Township),
        ("苏木", Level::Township),
        ("乡", Level::Township),
        ("镇", Level::Township),
        ("自治县", Level::County),
        ("自治旗", Level::County),
        ("县", Level::County),
        ("旗", Level::County),
        ("自治区", Level::Provincial),
        ("省", Level::Provincial),
        ("自治州", Level::Prefectural),
        ("州", Level::Prefectural),
        ("盟", Level::Prefectural),
        ("地区", Level::Prefectural),
        ("市", Level::Prefectural),
        ("区", Level::County),
    ];
    // 区 in these words is not a 市辖区
    const NOT_DISTRICT: &[&str] = &[
        "实验区",
        "新区",
        "开发区",
        "园区",
        "示范区",
        "景区",
        "保护区",
        "自治区",
        "地区",
        "试验区",
        "合作区",
        "社区",
        "城区管理",
        "片区",
    ];
    let mut best: Option<(usize, Level)> = None;
    for (m, level) in MARKERS {
        for (i, _) in name.match_indices(m) {
            if *m == "区"
                && NOT_DISTRICT
                    .iter()
                    .any(|w| name[..i + m.len()].ends_with(w) || name[i..].starts_with(w))
            {
                continue;
            }
            if *m == "乡" && name[i..].starts_with("乡村") {
                continue;
            }
            let end = i + m.len();
            if best.is_none_or(|(e, _)| end > e) {
                best = Some((end, *level));
            }
        }
    }
    // an unrecognised 区 at the end (平潭综合实验区) means unknown
    match best {
        Some((_, l)) => l,
        None => Level::Unknown,
    }
}

/// RULES_NOT_AUTHORIZED.
pub(super) fn rules_not_authorized(rec: &Recognised, out: &mut Vec<Finding>) {
    let Some(agency) = rec.meta.agency.as_deref() else {
        return;
    };
    if !matches!(admin_level(agency), Level::County | Level::Township) {
        return;
    }
    out.extend(rules_reported(agency, &rec.tables, &rec.positions));
}

/// RULES_NOT_AUTHORIZED for an agency the caller knows to be county level
/// or lower whatever its name says (a configured list, e.g. 平潭综合实验区):
/// the finding when the report's 规章 row holds a non-zero count and the
/// rule has not already fired on the name.
pub fn rules_not_authorized_known_county(report: &Report) -> Option<Finding> {
    if report
        .findings
        .iter()
        .any(|f| f.rule == rules::RULES_NOT_AUTHORIZED.id)
    {
        return None;
    }
    let agency = report.meta.agency.as_deref().unwrap_or("该机关");
    rules_reported(agency, &report.tables, &report.positions)
}

/// The finding for the first non-zero value of the 规章 row, if any.
fn rules_reported(
    agency: &str,
    tables: &Tables,
    positions: &OrderedMap<SourcePos>,
) -> Option<Finding> {
    let row = tables.active.as_ref()?.get("rules")?;
    let (field, v) = row
        .iter()
        .filter_map(|(k, v)| v.map(|n| (k, n.0)))
        .find(|(_, v)| *v != 0.0)?;
    Some(finding(
        &rules::RULES_NOT_AUTHORIZED,
        format!(
            "{agency} 为县级或以下机关，无权制定规章，但规章“{}” = {}",
            crate::keys::column_name(field),
            fmt_num(v)
        ),
        Some("active"),
        Some("rules"),
        Some(field),
        positions.get(&format!("active.rules.{field}")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_names() {
        assert_eq!(admin_level("互助土族自治县人民政府"), Level::County);
        assert_eq!(admin_level("海东市互助县"), Level::County);
        assert_eq!(admin_level("互助县教育局"), Level::County);
        assert_eq!(admin_level("城北区小桥大街街道办事处"), Level::Township);
        assert_eq!(admin_level("海东市人民政府"), Level::Prefectural);
        assert_eq!(admin_level("青海省人民政府办公厅"), Level::Provincial);
        assert_eq!(admin_level("平潭综合实验区"), Level::Unknown);
        assert_eq!(admin_level("西宁市城北区人民政府"), Level::County);
        assert_eq!(admin_level("国家发展和改革委员会"), Level::Unknown);
    }
}
