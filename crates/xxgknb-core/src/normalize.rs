//! Normalisation of labels and numbers as printed in real reports:
//! full-width forms, stray spaces, variant characters, bracket and quote
//! variants, blank markers, units, thousands separators and annotations.

/// Map full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to
/// their ASCII equivalents; everything else is unchanged.
pub fn half_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        _ => c,
    }
}

/// Wide (East Asian Wide or Fullwidth) characters: CJK ideographs and
/// radicals, kana, hangul, full-width forms and CJK punctuation. A layout
/// renderer gives them two columns; an HTML reader drops a source line
/// break between two of them (except hangul).
pub fn is_wide(c: char) -> bool {
    is_hangul_syllable(c)
        || matches!(c as u32,
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD)
}

/// A precomposed hangul syllable (U+AC00–U+D7A3).
pub fn is_hangul_syllable(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// Variant characters that occur in place of the standard simplified form
/// (Japanese shinjitai and traditional forms from fonts, OCR or input
/// methods).
const VARIANTS: &[(char, char)] = &[
    ('査', '查'),
    ('處', '处'),
    ('処', '处'),
    ('關', '关'),
    ('関', '关'),
    ('請', '请'),
    ('開', '开'),
    ('決', '决'),
    ('訴', '诉'),
    ('訟', '讼'),
    ('議', '议'),
    ('總', '总'),
    ('計', '计'),
    ('産', '产'),
    ('権', '权'),
];

/// The standard form of a variant character, if `c` is one.
pub fn standard_variant(c: char) -> Option<char> {
    VARIANTS.iter().find(|(v, _)| *v == c).map(|(_, s)| *s)
}

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{a0}' | '\u{200b}' | '\u{feff}' | '\u{2002}'..='\u{200a}'
        )
}

/// Normalise a label for matching: half-width forms, no whitespace at all,
/// CJK radicals replaced by their unified ideographs
/// ([`crate::ideographs::unified`]), variant characters replaced, brackets unified to `(` `)`, quotes and
/// markdown emphasis removed, `．`/`、` after item numbers unified to `.`.
pub fn label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = half_width(c);
        if is_space(c) {
            continue;
        }
        let c = crate::ideographs::unified(c);
        let c = standard_variant(c).unwrap_or(c);
        let c = match c {
            '【' | '〔' | '[' | '［' | '﹝' | '〖' => '(',
            '】' | '〕' | ']' | '］' | '﹞' | '〗' => ')',
            '．' | '｡' => '.',
            '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」' | '『' | '』' | '*' | '#' | '`' => {
                continue
            }
            c => c,
        };
        out.push(c);
    }
    out
}

/// Unit printed with a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// No unit.
    None,
    /// 万元 (ten thousand yuan).
    TenThousandYuan,
    /// 元 (yuan).
    Yuan,
    /// A count word: 件, 个, 条, 项, 次, 起, 宗, 人次.
    Count,
}

/// What a cell or token holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing, or a blank marker: `/`, `—`, `-`, `无`, `空` …
    Blank,
    /// A number, with the unit printed beside it.
    Number {
        /// The value as printed (not converted).
        value: f64,
        /// The unit printed with it.
        unit: Unit,
    },
    /// Anything else (labels, prose).
    Text,
}

impl Value {
    /// The number, if it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// True for numbers and blank markers: things that fill a value slot.
    pub fn is_value(&self) -> bool {
        !matches!(self, Value::Text)
    }
}

const BLANK_MARKERS: &[&str] = &[
    "", "/", "\\", "-", "--", "—", "——", "–", "－", "―", "─", "无", "空", "/ ", "×", "-/-", "—/—",
    "……", "…", "_", "__",
];

/// Strip a trailing annotation in brackets: `22(其中修订16件)` → `22`.
fn strip_annotation(s: &str) -> &str {
    if let Some(i) = s.find('(') {
        if i > 0 && s.ends_with(')') {
            return &s[..i];
        }
    }
    s
}

/// Unit words a value may carry, after the number or as the next token;
/// longer words first (`万元` before `元`, `人次` before `次`).
pub(crate) const UNIT_WORDS: &[(&str, Unit)] = &[
    ("万元", Unit::TenThousandYuan),
    ("元", Unit::Yuan),
    ("人次", Unit::Count),
    ("件", Unit::Count),
    ("个", Unit::Count),
    ("条", Unit::Count),
    ("项", Unit::Count),
    ("次", Unit::Count),
    ("起", Unit::Count),
    ("宗", Unit::Count),
    ("家", Unit::Count),
];

/// Parse a cell's text as a value. Full-width digits, thousands separators,
/// a leading `+`/`-`, a trailing unit (件, 万元, 元 …) and a trailing
/// annotation in brackets are understood; blank markers give
/// [`Value::Blank`]; anything else is [`Value::Text`].
pub fn value(s: &str) -> Value {
    let mut t = String::with_capacity(s.len());
    for c in s.chars() {
        let c = half_width(c);
        if is_space(c) {
            continue;
        }
        let c = match c {
            '（' => '(',
            '）' => ')',
            '－' | '−' | '﹣' => '-',
            '，' => ',',
            '．' => '.',
            c => c,
        };
        t.push(c);
    }
    if BLANK_MARKERS.contains(&t.as_str()) {
        return Value::Blank;
    }
    let mut body = strip_annotation(&t);
    let mut unit = Unit::None;
    for &(suffix, u) in UNIT_WORDS {
        if let Some(b) = body.strip_suffix(suffix) {
            body = b;
            unit = u;
            break;
        }
    }
    match parse_number(body) {
        Some(value) => Value::Number { value, unit },
        None => Value::Text,
    }
}

/// Parse `[+-]digits[.digits]` with optional `,` thousands separators in
/// groups of three. No other characters are allowed.
pub fn parse_number(s: &str) -> Option<f64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest.is_empty() {
        return None;
    }
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return None;
    }
    if int.contains(',') {
        let groups: Vec<&str> = int.split(',').collect();
        let first_ok = groups
            .first()
            .is_some_and(|g| !g.is_empty() && g.len() <= 3);
        if !first_ok || groups.iter().skip(1).any(|g| g.len() != 3) {
            return None;
        }
    }
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
    }
    let clean: String = rest.chars().filter(|c| *c != ',').collect();
    let v: f64 = clean.parse().ok()?;
    if !v.is_finite() {
        return None;
    }
    Some(if neg { -v } else { v })
}

/// Is this text a page number as printed in a footer: `-3-`, `— 5 —`,
/// `第3页`, `3/12`, `- 3 -`?
pub fn is_page_number(s: &str) -> bool {
    // the longest form, `第 12 页 共 34 页` with spaces, is far shorter
    let s = s.trim();
    if s.len() > 48 {
        return false;
    }
    let t: String = s
        .chars()
        .map(half_width)
        .filter(|c| !is_space(*c))
        .collect();
    if t.is_empty() {
        return false;
    }
    let dash = |c: char| matches!(c, '-' | '—' | '–' | '－' | '―' | '─' | '·' | '•');
    let inner = t.trim_start_matches(dash);
    let stripped_front = inner.len() != t.len();
    let inner2 = inner.trim_end_matches(dash);
    let stripped_back = inner2.len() != inner.len();
    if stripped_front
        && stripped_back
        && !inner2.is_empty()
        && inner2.chars().all(|c| c.is_ascii_digit())
    {
        return true;
    }
    if let Some(x) = t.strip_prefix('第').and_then(|x| x.strip_suffix('页')) {
        return !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    }
    if let Some((a, b)) = t.split_once('/') {
        return !a.is_empty()
            && !b.is_empty()
            && a.len() <= 3
            && b.len() <= 3
            && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit());
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Option<f64> {
        value(s).number()
    }

    #[test]
    fn labels_are_normalised() {
        assert_eq!(label("8.属于行政査询事项"), "8.属于行政查询事项");
        assert_eq!(
            label("（二）部分公开 （区分处理的）"),
            "(二)部分公开(区分处理的)"
        );
        assert_eq!(label("3.危及“三安全一稳定 ”"), "3.危及三安全一稳定");
        assert_eq!(label("商业 企业"), "商业企业");
        assert_eq!(label("１．属于国家秘密"), "1.属于国家秘密");
        assert_eq!(label("## 二、主动公开"), "二、主动公开");
        assert_eq!(label("〔2023〕"), "(2023)");
    }

    #[test]
    fn radical_code_points_become_ideographs_in_labels() {
        // as wkhtmltopdf's ToUnicode maps them: ⼀ U+2F00, ⼈ U+2F08, ⺠ U+2EA0, ⾏ U+2F8F
        assert_eq!(label("\u{2F00}、总体情况"), "一、总体情况");
        assert_eq!(label("\u{2F08}\u{2EA0}政府"), "人民政府");
        assert_eq!(label("四、\u{2F8F}政复议"), "四、行政复议");
    }

    #[test]
    fn numbers_are_parsed() {
        assert_eq!(num("3119"), Some(3119.0));
        assert_eq!(num("１２"), Some(12.0));
        assert_eq!(num("50,243"), Some(50243.0));
        assert_eq!(num("25,637.55"), Some(25637.55));
        assert_eq!(num("+1036"), Some(1036.0));
        assert_eq!(num("-30984"), Some(-30984.0));
        assert_eq!(num("－53"), Some(-53.0));
        assert_eq!(num("12件"), Some(12.0));
        assert_eq!(num("22（其中修订16件）"), Some(22.0));
        assert_eq!(num(" 7 "), Some(7.0));
        assert_eq!(
            value("202 万元"),
            Value::Number {
                value: 202.0,
                unit: Unit::TenThousandYuan
            }
        );
        assert_eq!(
            value("75394432.52元"),
            Value::Number {
                value: 75394432.52,
                unit: Unit::Yuan
            }
        );
    }

    #[test]
    fn blanks_and_text_are_not_numbers() {
        for b in ["", "/", "—", "-", "无", "——", " ", "\u{a0}", "－"] {
            assert_eq!(value(b), Value::Blank, "{b:?}");
        }
        for t in [
            "自然人",
            "1.",
            "3,45",
            "1,2345",
            "12a",
            "98%",
            "第一项",
            "2.5.1",
        ] {
            assert_eq!(value(t), Value::Text, "{t:?}");
        }
    }

    #[test]
    fn page_numbers_are_recognised() {
        for p in ["-3-", "— 5 —", "—1—", "第3页", "3/12", "- 12 -"] {
            assert!(is_page_number(p), "{p}");
        }
        for p in ["3", "-3", "2022", "1.", "三、"] {
            assert!(!is_page_number(p), "{p}");
        }
    }
}
