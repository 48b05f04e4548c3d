//! Simple-font encodings (WinAnsi, Standard, MacRoman's ASCII half), glyph
//! names (`/Differences`) and the predefined Chinese CMaps that need no
//! table: GBK-EUC-H / GB-EUC-H (bytes are GBK) and UniGB-UCS2-H /
//! UniGB-UTF16-H (bytes are UTF-16BE).

/// WinAnsiEncoding 0x80..=0x9F (the rest of the upper half is Latin-1).
const WIN_ANSI_80: [u16; 32] = [
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
];

/// The base encoding of a simple font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    /// WinAnsiEncoding.
    WinAnsi,
    /// StandardEncoding (and the default for unknown fonts).
    Standard,
    /// MacRomanEncoding (only its ASCII half is mapped).
    MacRoman,
}

impl BaseEncoding {
    /// From an `/Encoding` or `/BaseEncoding` name.
    pub fn from_name(name: &[u8]) -> Option<Self> {
        match name {
            b"WinAnsiEncoding" => Some(Self::WinAnsi),
            b"StandardEncoding" => Some(Self::Standard),
            b"MacRomanEncoding" => Some(Self::MacRoman),
            _ => None,
        }
    }

    /// The character a byte code stands for, if any.
    pub fn decode(self, code: u8) -> Option<char> {
        match (self, code) {
            (_, 0x20..=0x7E) => {
                if self == Self::Standard {
                    match code {
                        0x27 => return Some('\u{2019}'),
                        0x60 => return Some('\u{2018}'),
                        _ => {}
                    }
                }
                Some(code as char)
            }
            (Self::WinAnsi, 0x80..=0x9F) => {
                let u = WIN_ANSI_80
                    .get(usize::from(code - 0x80))
                    .copied()
                    .unwrap_or(0);
                if u == 0 {
                    None
                } else {
                    char::from_u32(u32::from(u))
                }
            }
            (Self::WinAnsi, 0xA0..=0xFF) => Some(code as char),
            _ => None,
        }
    }
}

/// Unicode text for a glyph name: `uniXXXX`, `uXXXX[XX]`, single letters
/// and digits' names, and the common punctuation names.
pub fn glyph_name(name: &[u8]) -> Option<String> {
    let name = name.strip_prefix(b"/").unwrap_or(name);
    let name = std::str::from_utf8(name).ok()?;
    // drop a suffix like ".sc" or ".alt"
    let base = name.split('.').next().unwrap_or(name);
    if base.len() == 1 {
        let c = base.chars().next()?;
        if c.is_ascii_alphabetic() {
            return Some(c.to_string());
        }
    }
    if let Some(hex) = base.strip_prefix("uni") {
        if hex.len() >= 4 && hex.len() % 4 == 0 {
            let units: Option<Vec<u16>> = (0..hex.len() / 4)
                .map(|k| u16::from_str_radix(&hex[4 * k..4 * k + 4], 16).ok())
                .collect();
            return units.map(|u| String::from_utf16_lossy(&u));
        }
    }
    if let Some(hex) = base.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                return Some(c.to_string());
            }
        }
    }
    let c = match base {
        "space" | "nbspace" | "nonbreakingspace" => ' ',
        "zero" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        "period" => '.',
        "comma" => ',',
        "colon" => ':',
        "semicolon" => ';',
        "hyphen" | "minus" => '-',
        "endash" => '\u{2013}',
        "emdash" => '\u{2014}',
        "parenleft" => '(',
        "parenright" => ')',
        "bracketleft" => '[',
        "bracketright" => ']',
        "braceleft" => '{',
        "braceright" => '}',
        "slash" => '/',
        "backslash" => '\\',
        "percent" => '%',
        "ampersand" => '&',
        "asterisk" => '*',
        "plus" => '+',
        "equal" => '=',
        "less" => '<',
        "greater" => '>',
        "question" => '?',
        "exclam" => '!',
        "at" => '@',
        "numbersign" => '#',
        "dollar" => '$',
        "underscore" => '_',
        "bar" => '|',
        "quotesingle" => '\'',
        "quotedbl" => '"',
        "quoteleft" => '\u{2018}',
        "quoteright" => '\u{2019}',
        "quotedblleft" => '\u{201C}',
        "quotedblright" => '\u{201D}',
        "bullet" => '\u{2022}',
        "ellipsis" => '\u{2026}',
        "periodcentered" | "middot" => '\u{00B7}',
        "degree" => '\u{00B0}',
        "yen" => '\u{00A5}',
        "asciitilde" => '~',
        "asciicircum" => '^',
        "grave" => '`',
        _ => return None,
    };
    Some(c.to_string())
}

/// Which predefined CMap family a Type0 font names in its `/Encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predefined {
    /// Identity-H / Identity-V: 2-byte codes equal to CIDs.
    Identity,
    /// GBK-EUC-H, GB-EUC-H, GBpc-EUC-H, GBKp-EUC-H, GBK2K-H: the bytes are
    /// GBK (a superset of GB 2312 EUC).
    Gbk,
    /// UniGB-UCS2-H / UniGB-UTF16-H (and -V): the bytes are UTF-16BE.
    Utf16,
}

impl Predefined {
    /// From a CMap name (`/Encoding` of a Type0 font).
    pub fn from_name(name: &[u8]) -> Option<Self> {
        let n = name.strip_suffix(b"-H").or(name.strip_suffix(b"-V"))?;
        match n {
            b"Identity" => Some(Self::Identity),
            b"GBK-EUC" | b"GB-EUC" | b"GBpc-EUC" | b"GBKp-EUC" | b"GBK2K" | b"GBT-EUC" => {
                Some(Self::Gbk)
            }
            b"UniGB-UCS2" | b"UniGB-UTF16" => Some(Self::Utf16),
            _ => None,
        }
    }

    /// Split a string's bytes into codes.
    pub fn split(self, bytes: &[u8]) -> Vec<(u32, u8)> {
        match self {
            Self::Identity => crate::cmap::split_codes(&[], bytes, 2),
            Self::Utf16 => {
                let mut out = Vec::new();
                let mut rest = bytes;
                while let Some(&lead) = rest.first() {
                    let take = if rest.len() >= 4 && (0xD8..=0xDB).contains(&lead) {
                        4
                    } else {
                        2.min(rest.len())
                    };
                    let Some((code, tail)) = rest.split_at_checked(take) else {
                        break;
                    };
                    let v = code.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
                    out.push((v, take as u8));
                    rest = tail;
                }
                out
            }
            Self::Gbk => {
                let mut out = Vec::new();
                let mut rest = bytes;
                while let Some(&lead) = rest.first() {
                    let take = if lead >= 0x81 && rest.len() >= 2 {
                        2
                    } else {
                        1
                    };
                    let Some((code, tail)) = rest.split_at_checked(take) else {
                        break;
                    };
                    let v = code.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
                    out.push((v, take as u8));
                    rest = tail;
                }
                out
            }
        }
    }

    /// Unicode text of a code, where the CMap itself determines it.
    pub fn decode(self, code: u32, len: u8) -> Option<String> {
        match self {
            Self::Identity => None,
            Self::Utf16 => {
                let bytes = code.to_be_bytes();
                let s = crate::cmap::utf16be(
                    bytes.get(4 - usize::from(len.min(4))..).unwrap_or_default(),
                );
                (!s.contains('\u{FFFD}')).then_some(s)
            }
            Self::Gbk => {
                if len == 1 {
                    let b = code as u8;
                    return (b < 0x80).then(|| (b as char).to_string());
                }
                let bytes = (code as u16).to_be_bytes();
                let (s, _, bad) = encoding_rs::GBK.decode(&bytes);
                (!bad).then(|| s.into_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_and_utf16_predefined() {
        let g = Predefined::from_name(b"GBK-EUC-H");
        assert_eq!(g, Some(Predefined::Gbk));
        let codes = Predefined::Gbk.split(&[0x32, 0xC4, 0xEA]);
        assert_eq!(codes, vec![(0x32, 1), (0xC4EA, 2)]);
        assert_eq!(Predefined::Gbk.decode(0xC4EA, 2).as_deref(), Some("年"));
        let u = Predefined::from_name(b"UniGB-UCS2-H");
        assert_eq!(u, Some(Predefined::Utf16));
        assert_eq!(Predefined::Utf16.decode(0x5E74, 2).as_deref(), Some("年"));
        assert_eq!(
            Predefined::from_name(b"Identity-H"),
            Some(Predefined::Identity)
        );
    }

    #[test]
    fn glyph_names_and_bases() {
        assert_eq!(glyph_name(b"uni5E74").as_deref(), Some("年"));
        assert_eq!(glyph_name(b"three").as_deref(), Some("3"));
        assert_eq!(glyph_name(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_name(b"g123"), None);
        assert_eq!(BaseEncoding::WinAnsi.decode(0x93), Some('\u{201C}'));
        assert_eq!(BaseEncoding::Standard.decode(0x27), Some('\u{2019}'));
    }
}
