//! Character-set detection for HTML bytes: a byte-order mark wins; then a
//! `<meta charset>` / `<meta http-equiv="Content-Type" content="…charset=…">`
//! declaration found by a pre-scan of the first bytes; then UTF-8 when the
//! bytes are valid UTF-8; then `chardetng`'s guess. GB2312 and GBK are
//! always decoded as GB18030, their superset.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// How many leading bytes the `<meta>` pre-scan looks at. The HTML standard
/// says 1024; CMS pages often put dozens of `<meta>` tags first, and Word
/// puts its declaration after a long `<html xmlns…>` tag, so look further.
const PRESCAN_BYTES: usize = 16 * 1024;

/// Where the encoding decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A byte-order mark.
    Bom,
    /// A `<meta>` declaration that the bytes agree with.
    Meta,
    /// The charset a transport header declared (an MHTML part's
    /// `Content-Type`).
    Transport,
    /// No usable declaration; the bytes are valid UTF-8.
    Utf8,
    /// Guessed by `chardetng`.
    Guess,
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// Name of the encoding used, e.g. `UTF-8` or `gb18030`.
    pub encoding: &'static str,
    /// Where the decision came from.
    pub source: Source,
    /// The label declared in a `<meta>`, if any (even when not followed).
    pub declared: Option<String>,
    /// True when some bytes were malformed and replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decode HTML bytes of unknown encoding (see the module docs for the order
/// of evidence). A declaration of a legacy encoding is overridden when the
/// bytes are valid, non-ASCII UTF-8 (pages re-saved as UTF-8 keep their old
/// `charset=gb2312`), and a UTF-8 declaration is overridden by `chardetng`
/// when the bytes are not valid UTF-8.
pub fn decode_html(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_len..).unwrap_or_default();
        return finish(enc, body, Source::Bom, None);
    }
    let declared = prescan_meta(bytes);
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    if let Some(label) = &declared {
        if let Some(enc) = Encoding::for_label(label.as_bytes()) {
            // a `<meta>` cannot truthfully declare UTF-16 in an ASCII-compatible
            // stream; the standard says to read it as UTF-8
            let enc = if enc == UTF_16LE || enc == UTF_16BE {
                UTF_8
            } else {
                enc
            };
            let agrees = if enc == UTF_8 {
                valid_utf8
            } else {
                !valid_utf8 || bytes.is_ascii()
            };
            if agrees {
                return finish(enc, bytes, Source::Meta, declared);
            }
        }
    }
    if valid_utf8 {
        return finish(UTF_8, bytes, Source::Utf8, declared);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(Some(b"cn"), true);
    finish(enc, bytes, Source::Guess, declared)
}

/// Decode HTML bytes whose transport (an MHTML part's `Content-Type`)
/// declared `label`: the declaration wins, as the HTML standard has it for
/// transport-level charsets, unless there is a BOM, the label is unknown
/// or UTF-16, or it says UTF-8 for bytes that are not.
pub fn decode_html_transport(bytes: &[u8], label: &str) -> Decoded {
    if Encoding::for_bom(bytes).is_none() {
        if let Some(enc) = Encoding::for_label(label.trim().as_bytes()) {
            let fits = enc != UTF_8 || std::str::from_utf8(bytes).is_ok();
            if fits && enc != UTF_16LE && enc != UTF_16BE {
                return finish(enc, bytes, Source::Transport, prescan_meta(bytes));
            }
        }
    }
    decode_html(bytes)
}

fn finish(
    enc: &'static Encoding,
    bytes: &[u8],
    source: Source,
    declared: Option<String>,
) -> Decoded {
    // GB18030 is a superset of GB2312 and GBK and decodes everything they do
    let enc = if enc == GBK { GB18030 } else { enc };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        source,
        declared,
        had_errors,
    }
}

/// Find the charset label declared by the first `<meta>` tag that declares
/// one within the first `PRESCAN_BYTES` (16 KiB).
pub fn prescan_meta(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(PRESCAN_BYTES))?;
    let mut at = 0usize;
    while let Some(found) = find_ci(head.get(at..)?, b"<meta") {
        let start = at + found + 5;
        let rest = head.get(start..)?;
        // `<meta` must be followed by whitespace or `/` to be the meta tag
        match rest.first() {
            Some(b) if b.is_ascii_whitespace() || *b == b'/' => {}
            _ => {
                at = start;
                continue;
            }
        }
        let end = rest.iter().position(|b| *b == b'>').unwrap_or(rest.len());
        let attrs = parse_attributes(rest.get(..end).unwrap_or_default());
        if let Some(label) = charset_from_attributes(&attrs) {
            return Some(label);
        }
        at = start + end;
    }
    None
}

/// The charset a meta tag's attributes declare, if any.
fn charset_from_attributes(attrs: &[(String, String)]) -> Option<String> {
    let get = |name: &str| {
        attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if let Some(cs) = get("charset") {
        let cs = cs.trim();
        if !cs.is_empty() {
            return Some(cs.to_ascii_lowercase());
        }
    }
    let content = get("content")?;
    charset_from_content(content)
}

/// Extract `charset=…` from a `content` value such as
/// `text/html; charset=gb2312`.
pub fn charset_from_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let pos = lower.find("charset")?;
    let rest = lower.get(pos + 7..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, ';' | '"' | '\'' | ','))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// Lenient attribute parsing for the inside of a start tag: `name=value`,
/// `name="value"`, `name='value'` or a bare `name`. Names are lower-cased.
fn parse_attributes(tag: &[u8]) -> Vec<(String, String)> {
    let s = String::from_utf8_lossy(tag);
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars
            .peek()
            .is_some_and(|c| c.is_ascii_whitespace() || *c == '/')
        {
            chars.next();
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_ascii_whitespace() || c == '=' || c == '/' {
                break;
            }
            name.push(c.to_ascii_lowercase());
            chars.next();
        }
        if name.is_empty() {
            if chars.next().is_none() {
                break;
            }
            continue;
        }
        while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'=') {
            chars.next();
            while chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            match chars.peek().copied() {
                Some(q @ ('"' | '\'')) => {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == q {
                            break;
                        }
                        value.push(c);
                    }
                }
                _ => {
                    while let Some(&c) = chars.peek() {
                        if c.is_ascii_whitespace() {
                            break;
                        }
                        value.push(c);
                        chars.next();
                    }
                }
            }
        }
        out.push((name, value));
    }
    out
}

/// Case-insensitive (ASCII) search for `needle` in `hay`.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "平潭综合实验区2021年度政府信息公开工作年度报告";

    fn gbk_page(meta: &str) -> Vec<u8> {
        let page =
            format!("<html><head>{meta}<title>t</title></head><body><p>{SAMPLE}</p></body></html>");
        let (bytes, _, _) = GBK.encode(&page);
        bytes.into_owned()
    }

    #[test]
    fn meta_http_equiv_gb2312_decodes_as_gb18030() {
        let bytes =
            gbk_page(r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312">"#);
        let d = decode_html(&bytes);
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.source, Source::Meta);
        assert_eq!(d.declared.as_deref(), Some("gb2312"));
        assert!(d.text.contains(SAMPLE));
        assert!(!d.had_errors);
    }

    #[test]
    fn meta_charset_attribute_unquoted_and_uppercase() {
        let bytes = gbk_page("<META CHARSET=GBK>");
        let d = decode_html(&bytes);
        assert_eq!(d.encoding, "gb18030");
        assert_eq!(d.source, Source::Meta);
        assert!(d.text.contains(SAMPLE));
    }

    #[test]
    fn undeclared_gbk_is_guessed() {
        let bytes = gbk_page("");
        let d = decode_html(&bytes);
        assert_eq!(d.source, Source::Guess);
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.contains(SAMPLE));
    }

    #[test]
    fn utf8_declared_but_gbk_bytes_is_guessed() {
        let bytes = gbk_page(r#"<meta charset="utf-8">"#);
        let d = decode_html(&bytes);
        assert_eq!(d.source, Source::Guess);
        assert!(d.text.contains(SAMPLE));
    }

    #[test]
    fn gb2312_declared_but_utf8_bytes_stays_utf8() {
        let page = format!(
            r#"<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>{SAMPLE}</p>"#
        );
        let d = decode_html(page.as_bytes());
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.source, Source::Utf8);
        assert_eq!(d.declared.as_deref(), Some("gb2312"));
        assert!(d.text.contains(SAMPLE));
    }

    #[test]
    fn bom_wins_over_meta() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(format!("<meta charset=gbk><p>{SAMPLE}</p>").as_bytes());
        let d = decode_html(&bytes);
        assert_eq!(d.source, Source::Bom);
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("<meta"));
        let mut u16 = vec![0xFF, 0xFE];
        for u in format!("<p>{SAMPLE}</p>").encode_utf16() {
            u16.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_html(&u16);
        assert_eq!(d.encoding, "UTF-16LE");
        assert!(d.text.contains(SAMPLE));
    }

    #[test]
    fn content_charset_forms() {
        assert_eq!(
            charset_from_content("text/html; charset=GB2312").as_deref(),
            Some("gb2312")
        );
        assert_eq!(
            charset_from_content("text/html;charset = 'utf-8'").as_deref(),
            Some("utf-8")
        );
        assert_eq!(charset_from_content("text/html"), None);
        assert_eq!(prescan_meta(b"<metadata charset=gbk>"), None);
        assert_eq!(
            prescan_meta(b"<meta name=x><meta\ncharset=\"big5\">").as_deref(),
            Some("big5")
        );
    }
}
