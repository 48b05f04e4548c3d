//! Automatic list numbers as word processors print them (`一、`, `（二）`,
//! `③`, `iv` …). Adapters map their format's number-format codes (DOCX
//! `w:numFmt`, DOC `nfc`) onto [`NumberStyle`] and render the counter with
//! [`format()`], so a numbered heading reads as it was typed.

/// How a list counter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberStyle {
    /// 1, 2, 3.
    Decimal,
    /// 01 … 09, 10.
    DecimalZero,
    /// Full-width digits: １, ２.
    FullWidth,
    /// I, II, III (up to 3999).
    UpperRoman,
    /// i, ii, iii.
    LowerRoman,
    /// A … Z, AA …
    UpperLetter,
    /// a … z, aa …
    LowerLetter,
    /// ① … ⑳.
    Circled,
    /// ⑴ … ⒇.
    Parenthesised,
    /// Chinese counting below 10 000: 一 … 十一 … 一百零五.
    Chinese,
    /// Chinese legal (financial) numerals: 壹 … 拾壹.
    ChineseLegal,
    /// Ideographic digits one by one: 一〇一.
    IdeographDigits,
    /// Heavenly stems 甲 … 癸 (1–10).
    HeavenlyStem,
    /// Earthly branches 子 … 亥 (1–12).
    EarthlyBranch,
}

/// The counter `n` in `style`; `None` when the style has no form for `n`
/// (e.g. a circled 21).
pub fn format(n: u32, style: NumberStyle) -> Option<String> {
    Some(match style {
        NumberStyle::Decimal => n.to_string(),
        NumberStyle::DecimalZero if n < 10 => format!("0{n}"),
        NumberStyle::DecimalZero => n.to_string(),
        NumberStyle::FullWidth => n
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10).and_then(|d| char::from_u32(0xFF10 + d)))
            .collect(),
        NumberStyle::UpperRoman => roman(n),
        NumberStyle::LowerRoman => roman(n).to_lowercase(),
        NumberStyle::UpperLetter | NumberStyle::LowerLetter if n >= 1 => {
            let base = if style == NumberStyle::LowerLetter {
                b'a'
            } else {
                b'A'
            };
            let letter = char::from(base + ((n - 1) % 26) as u8);
            letter.to_string().repeat(((n - 1) / 26 + 1) as usize)
        }
        NumberStyle::UpperLetter | NumberStyle::LowerLetter => return None,
        NumberStyle::Circled if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1)?.to_string()
        }
        NumberStyle::Parenthesised if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n - 1)?.to_string()
        }
        NumberStyle::Circled | NumberStyle::Parenthesised => return None,
        NumberStyle::Chinese => chinese(n, false),
        NumberStyle::ChineseLegal => chinese(n, true),
        NumberStyle::IdeographDigits => n
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .filter_map(|d| "〇一二三四五六七八九".chars().nth(d as usize))
            .collect(),
        NumberStyle::HeavenlyStem => nth_char("甲乙丙丁戊己庚辛壬癸", n)?,
        NumberStyle::EarthlyBranch => nth_char("子丑寅卯辰巳午未申酉戌亥", n)?,
    })
}

/// A rendered list label as it stands before the paragraph text: a space
/// follows it when the list puts a separator after the number
/// (`separated`), unless it already ends with CJK punctuation (`一、`,
/// `（二）`).
pub fn finish_label(mut label: String, separated: bool) -> String {
    let cjk_end = label.ends_with(['、', '．', '。', '）', ')', '】', '〕']);
    if separated && !cjk_end {
        label.push(' ');
    }
    label
}

/// The `n`th (1-based) character of `chars`.
fn nth_char(chars: &str, n: u32) -> Option<String> {
    let i = usize::try_from(n.checked_sub(1)?).ok()?;
    chars.chars().nth(i).map(String::from)
}

/// Chinese numerals below 10 000 (十一, not 一十一, except in the legal
/// form); larger numbers in decimal.
fn chinese(n: u32, legal: bool) -> String {
    let (digits, units) = if legal {
        ("零壹贰叁肆伍陆柒捌玖", ["", "拾", "佰", "仟"])
    } else {
        ("〇一二三四五六七八九", ["", "十", "百", "千"])
    };
    let digit = |d: u32| digits.chars().nth(d as usize).unwrap_or('?');
    if n == 0 {
        return digit(0).to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let ds: Vec<u32> = n
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .collect();
    let len = ds.len();
    let mut out = String::new();
    let mut zero = false;
    for (i, &d) in ds.iter().enumerate() {
        let pos = len - 1 - i;
        if d == 0 {
            zero = true;
            continue;
        }
        if zero && !out.is_empty() {
            out.push('零');
        }
        zero = false;
        if !(d == 1 && pos == 1 && i == 0 && !legal) {
            out.push(digit(d));
        }
        out.push_str(units.get(pos).copied().unwrap_or(""));
    }
    out
}

/// Roman numerals up to 3999 (larger numbers in decimal).
fn roman(mut n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use NumberStyle::*;

    #[test]
    fn counters_in_every_style() {
        assert_eq!(format(11, Chinese).as_deref(), Some("十一"));
        assert_eq!(format(20, Chinese).as_deref(), Some("二十"));
        assert_eq!(format(105, Chinese).as_deref(), Some("一百零五"));
        assert_eq!(format(12_345, Chinese).as_deref(), Some("12345"));
        assert_eq!(format(11, ChineseLegal).as_deref(), Some("壹拾壹"));
        assert_eq!(format(101, IdeographDigits).as_deref(), Some("一〇一"));
        assert_eq!(format(2, HeavenlyStem).as_deref(), Some("乙"));
        assert_eq!(format(11, HeavenlyStem), None);
        assert_eq!(format(12, EarthlyBranch).as_deref(), Some("亥"));
        assert_eq!(format(0, EarthlyBranch), None);
        assert_eq!(format(3, Circled).as_deref(), Some("③"));
        assert_eq!(format(21, Circled), None);
        assert_eq!(format(1, Parenthesised).as_deref(), Some("⑴"));
        assert_eq!(format(4, LowerRoman).as_deref(), Some("iv"));
        assert_eq!(format(1994, UpperRoman).as_deref(), Some("MCMXCIV"));
        assert_eq!(format(28, UpperLetter).as_deref(), Some("BB"));
        assert_eq!(format(0, LowerLetter), None);
        assert_eq!(format(7, DecimalZero).as_deref(), Some("07"));
        assert_eq!(format(12, FullWidth).as_deref(), Some("１２"));
        assert_eq!(format(u32::MAX, Decimal).as_deref(), Some("4294967295"));
    }

    #[test]
    fn labels_are_separated_unless_they_end_in_cjk_punctuation() {
        assert_eq!(finish_label("1.".into(), true), "1. ");
        assert_eq!(finish_label("一、".into(), true), "一、");
        assert_eq!(finish_label("（二）".into(), true), "（二）");
        assert_eq!(finish_label("1.".into(), false), "1.");
    }
}
