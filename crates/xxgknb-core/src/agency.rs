//! Agency-name normalisation: one key per issuing body, so that the reports
//! of one agency line up across years although each year prints its name a
//! little differently.
//!
//! The rule (documented with examples in `docs/store.md`):
//!
//! 1. Remove white space and turn full-width ASCII into ASCII.
//! 2. Drop the ethnic designation of autonomous counties, prefectures and
//!    banners: `互助土族自治县` → `互助县`, `海西蒙古族藏族自治州` → `海西州`.
//!    Autonomous *regions* (`广西壮族自治区`) keep their name.
//! 3. Drop leading higher-level place names when a lower-level unit follows:
//!    `青海省海东市互助县` → `互助县`, `城北区小桥大街街道办事处` →
//!    `小桥大街街道`. A functional zone (开发区, 园区, 新区, 实验区, …) keeps
//!    its city prefix, because zone names repeat from city to city.
//! 4. The government of a unit is the unit itself: `人民政府`, `政府` and,
//!    for a 街道, `办事处` are dropped. Anything else after the unit names a
//!    different body and is kept, with `人民政府` shortened to `政府`:
//!    `互助县人民政府办公室` → `互助县政府办公室`, `海东市教育局` stays.

use regex::Regex;
use std::sync::OnceLock;

/// The 55 officially recognised minority nationalities, as they appear in
/// the names of autonomous areas.
const NATIONALITIES: &[&str] = &[
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
];

/// Unit types, longest first so that `街道` and `自治区` win over `区`.
const UNIT_TYPES: &str = "街道|自治区|地区|省|市|州|盟|县|区|旗|镇|乡";

/// Characters that show a "unit" is really part of a department's name
/// (`住房和城乡建设局` is not a 乡).
const DEPARTMENT_CHARS: &[char] = &[
    '和', '局', '委', '厅', '办', '会', '院', '所', '部', '处', '站', '队', '司', '中', '心',
];

/// Name endings of functional zones, which keep their city prefix.
const ZONE_ENDINGS: &[&str] = &[
    "开发", "园", "新", "实验", "示范", "保税", "工业", "产业", "合作", "试验", "景", "管理",
];

struct Patterns {
    autonomous: Regex,
    unit: Regex,
}

fn patterns() -> Option<&'static Patterns> {
    static P: OnceLock<Option<Patterns>> = OnceLock::new();
    P.get_or_init(|| {
        let mut names: Vec<String> = NATIONALITIES
            .iter()
            .map(|n| {
                // a one-character name only counts with 族 (回族, not 回)
                if n.chars().count() == 1 {
                    format!("{n}族")
                } else {
                    format!("{n}族?")
                }
            })
            .collect();
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        let eth = names.join("|");
        let autonomous =
            Regex::new(&format!("([^省市州县区旗盟镇乡])(?:{eth})+自治(县|州|旗)")).ok()?;
        let unit = Regex::new(&format!(r"^(\p{{Han}}{{2,}}?)({UNIT_TYPES})")).ok()?;
        Some(Patterns { autonomous, unit })
    })
    .as_ref()
}

/// White space removed, full-width ASCII made ASCII.
fn clean(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A leading administrative unit: (name, type, byte length of the match).
fn leading_unit<'a>(p: &Patterns, s: &'a str) -> Option<(&'a str, &'a str, usize)> {
    let caps = p.unit.captures(s)?;
    let name = caps.get(1)?.as_str();
    let kind = caps.get(2)?.as_str();
    Some((name, kind, caps.get(0)?.end()))
}

/// Is `rest` (what follows a candidate prefix of type `outer`) a real
/// lower-level unit, so that the prefix may be dropped?
fn is_lower_unit(p: &Patterns, outer: &str, rest: &str) -> bool {
    let Some((name, kind, end)) = leading_unit(p, rest) else {
        return false;
    };
    if name.chars().any(|c| DEPARTMENT_CHARS.contains(&c)) {
        return false;
    }
    // 市场, 区域, 乡村, 县域 … : the type character starts a word
    if let Some(next) = rest[end..].chars().next() {
        if "场域村政容级划镇".contains(next) && kind != "街道" {
            return false;
        }
    }
    let province = matches!(outer, "省" | "自治区");
    if !province && ZONE_ENDINGS.iter().any(|z| name.ends_with(z)) {
        return false;
    }
    // a province or region cannot sit below a city
    !matches!(kind, "省" | "自治区")
}

/// The normalised key of an agency name. Equal keys mean "the same agency"
/// for the cross-year rules and the `--agency` filters. Returns the cleaned
/// name unchanged when it has no recognisable administrative unit.
pub fn normalise(name: &str) -> String {
    let mut s = clean(name);
    let Some(p) = patterns() else {
        return s;
    };
    s = p.autonomous.replace_all(&s, "$1$2").into_owned();

    // drop higher-level prefixes while a lower-level unit follows
    while let Some((_, kind, end)) = leading_unit(p, &s) {
        if is_lower_unit(p, kind, &s[end..]) {
            s = s[end..].to_string();
        } else {
            break;
        }
    }

    let Some((_, kind, end)) = leading_unit(p, &s) else {
        return s;
    };
    let (unit, rest) = s.split_at(end);
    let rest = match rest {
        "" | "人民政府" | "政府" => "",
        "办事处" | "办" if kind == "街道" => "",
        _ => rest,
    };
    let rest = if let Some(tail) = rest.strip_prefix("人民政府") {
        format!("政府{tail}")
    } else {
        rest.to_string()
    };
    let rest = match rest.as_str() {
        "政府办" => "政府办公室".to_string(),
        _ => rest,
    };
    format!("{unit}{rest}")
}

#[cfg(test)]
mod tests {
    use super::normalise;

    fn same(a: &str, b: &str) {
        assert_eq!(normalise(a), normalise(b), "{a} vs {b}");
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(normalise(a), normalise(b), "{a} vs {b}");
    }

    #[test]
    fn issue_examples() {
        assert_eq!(normalise("互助县"), "互助县");
        same("互助县", "互助土族自治县人民政府");
        same("互助县", "海东市互助县");
        same("互助县", "青海省海东市互助土族自治县人民政府");
        differ("互助县", "互助县人民政府办公室");
        assert_eq!(normalise("互助县人民政府办公室"), "互助县政府办公室");
    }

    #[test]
    fn government_suffixes() {
        same("刚察县人民政府", "刚察县");
        same("刚察县政府", "刚察县");
        same("刚察县人民政府办公室", "刚察县政府办公室");
        same("刚察县政府办", "刚察县人民政府办公室");
        differ("刚察县人民政府办公室", "刚察县");
        assert_eq!(normalise("海东市人民政府"), "海东市");
        assert_eq!(normalise("青海省人民政府办公厅"), "青海省政府办公厅");
        differ("海东市人民政府", "海东市教育局");
    }

    #[test]
    fn autonomous_names() {
        assert_eq!(normalise("民和回族土族自治县人民政府"), "民和县");
        assert_eq!(normalise("化隆回族自治县人民政府"), "化隆县");
        assert_eq!(normalise("河南蒙古族自治县"), "河南县");
        assert_eq!(normalise("海西蒙古族藏族自治州人民政府"), "海西州");
        assert_eq!(normalise("长阳土家族自治县"), "长阳县");
        assert_eq!(normalise("木垒哈萨克自治县"), "木垒县");
        // an autonomous banner named after its nationality keeps its name
        assert_eq!(normalise("鄂伦春自治旗人民政府"), "鄂伦春自治旗");
        // regions keep their name
        assert_eq!(normalise("广西壮族自治区人民政府"), "广西壮族自治区");
    }

    #[test]
    fn prefixes() {
        assert_eq!(normalise("城北区小桥大街街道办事处"), "小桥大街街道");
        same("西宁市城北区小桥大街街道办事处", "小桥大街街道");
        assert_eq!(normalise("青海省海东市教育局"), "海东市教育局");
        assert_eq!(normalise("海东市乐都区人民政府"), "乐都区");
        // departments whose names contain a unit character are not units
        assert_eq!(
            normalise("海东市住房和城乡建设局"),
            "海东市住房和城乡建设局"
        );
        assert_eq!(normalise("海东市市场监督管理局"), "海东市市场监督管理局");
        // functional zones keep their city
        assert_eq!(normalise("海东市工业园区管委会"), "海东市工业园区管委会");
        assert_eq!(normalise("平潭综合实验区"), "平潭综合实验区");
        same("福建省平潭综合实验区", "平潭综合实验区");
    }

    #[test]
    fn cleaning() {
        same(" 互助县 人民政府 ", "互助县");
        same("互助县\u{3000}人民政府", "互助县");
        assert_eq!(normalise(""), "");
        assert_eq!(normalise("国务院办公厅"), "国务院办公厅");
        assert_eq!(normalise("Agency 1"), "Agency1");
    }
}
