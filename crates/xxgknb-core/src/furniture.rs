//! Page furniture: page numbers, running headers and footers, continued-
//! table captions. Shared by the adapters that see page breaks (PDF, text
//! with form feeds) so that none of it is read as a table value.

/// How a line reads as a page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageNumber {
    /// A page number that cannot be a value: `-3-`, `— 3 —`, `- 3 -`,
    /// `第3页`, `第 3 页 共 5 页`, `Page 3 of 5`.
    Decorated,
    /// A number alone or a fraction: `3`, `3/5`. A page number only where
    /// a page begins or ends (or in a margin), else possibly a value.
    Bare,
}

/// The line with digit runs folded to `#` and white space dropped.
pub fn shape(s: &str) -> String {
    let mut out = String::new();
    let mut in_digits = false;
    for c in s.chars() {
        if c.is_whitespace() {
            in_digits = false;
            continue;
        }
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        };
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
        } else {
            in_digits = false;
            out.push(c);
        }
    }
    out
}

/// Does this line (as printed) read as a page number, and of which kind?
pub fn page_number(line: &str) -> Option<PageNumber> {
    const DASHES: &str = "-—–－‐‑‒―_·.。~～";
    let t = line.trim();
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    // every page-number shape below is made of these characters only: a
    // line with any other is not one (checked first, without allocating)
    let possible = |c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || c.is_whitespace()
            || DASHES.contains(c)
            || "#第页共,，/／PpAGEageof".contains(c)
    };
    if !t.chars().all(possible) {
        return None;
    }
    let n = shape(t);
    let core = n.trim_matches(|c: char| DASHES.contains(c));
    // dashes on both sides (`-3-`, `— 3 —`): a number with a dash before it
    // only is a negative value (`-30984` in 本年增/减), never a page number
    let dashed = core.len() < n.len()
        && n.starts_with(|c: char| DASHES.contains(c))
        && n.ends_with(|c: char| DASHES.contains(c));
    let decorated = matches!(
        core,
        "第#页"
            | "第#页共#页"
            | "第#页,共#页"
            | "第#页，共#页"
            | "第#页/共#页"
            | "共#页第#页"
            | "共#页,第#页"
            | "Page#"
            | "page#"
            | "PAGE#"
            | "Page#of#"
            | "page#of#"
            | "#of#"
    );
    if decorated || (dashed && matches!(core, "#" | "#/#")) {
        return Some(PageNumber::Decorated);
    }
    if matches!(core, "#" | "#/#" | "#／#") && core == n {
        return Some(PageNumber::Bare);
    }
    None
}

/// Is this line only a continued-table caption such as `续表`, `续表1`,
/// `（续）` or `接上表`?
pub fn is_continuation_marker(line: &str) -> bool {
    let text: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    text.chars().count() <= 12
        && (text.starts_with("续表")
            || text.starts_with("续上表")
            || text.starts_with("接上表")
            || matches!(text.as_str(), "（续）" | "(续)" | "续"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_number_styles() {
        for s in [
            "-3-",
            "- 3 -",
            "— 3 —",
            "—3—",
            "－ 12 －",
            "第3页",
            "第 3 页",
            "第 3 页 共 5 页",
            "第3页/共5页",
            "Page 3 of 5",
            "- 3/5 -",
        ] {
            assert_eq!(page_number(s), Some(PageNumber::Decorated), "{s}");
        }
        // negative values are not page numbers
        for s in ["-30984", "-53", "－13", "—5"] {
            assert_eq!(page_number(s), None, "{s}");
        }
        for s in ["3", " 12 ", "3/5", "３"] {
            assert_eq!(page_number(s), Some(PageNumber::Bare), "{s}");
        }
        for s in [
            "3 0 0",
            "30",
            "1.属于国家秘密 3",
            "第三页",
            "2023年",
            "-",
            "3-5",
            "0 0 0 0 0 0 0",
        ] {
            assert_ne!(page_number(s), Some(PageNumber::Decorated), "{s}");
        }
        assert_eq!(page_number("3 0 0"), None);
        assert_eq!(page_number("30"), Some(PageNumber::Bare));
    }

    #[test]
    fn continuation_markers() {
        assert!(is_continuation_marker("续表"));
        assert!(is_continuation_marker("  续表 1 "));
        assert!(is_continuation_marker("（续）"));
        assert!(!is_continuation_marker("继续办理"));
    }
}
