//! CMap parsing: code space ranges, `bfchar`/`bfrange` (ToUnicode) and
//! `cidchar`/`cidrange` (embedded CID CMaps). Tolerant of junk: anything it
//! does not understand is skipped.

use std::collections::HashMap;

/// Most mappings one CMap may define (a `bfrange` can expand to many codes).
const MAX_MAPPINGS: usize = 1 << 20;

/// A range of byte codes of one length, e.g. `<0000> <FFFF>` for Identity-H.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeSpace {
    /// Number of bytes of codes in this range (1..=4).
    pub len: u8,
    /// Lowest code, big-endian value.
    pub lo: u32,
    /// Highest code.
    pub hi: u32,
}

/// A parsed CMap: how to split a byte string into codes, and what each code
/// maps to (Unicode text for ToUnicode CMaps, a CID for CID CMaps).
#[derive(Debug, Clone, Default)]
pub struct CMap {
    /// Code space ranges; empty means "not declared".
    pub spaces: Vec<CodeSpace>,
    /// Code (with its byte length) to Unicode text.
    pub unicode: HashMap<(u8, u32), String>,
    /// Code (with its byte length) to CID.
    pub cids: HashMap<(u8, u32), u32>,
}

/// A lexical token of a CMap file.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Int(i64),
    Word(Vec<u8>),
    Open,
    Close,
}

fn tokenize(src: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&b) = src.get(i) {
        match b {
            b'%' => {
                while src.get(i).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    i += 1;
                }
            }
            b'<' if src.get(i + 1) == Some(&b'<') => {
                i += 2;
            }
            b'>' if src.get(i + 1) == Some(&b'>') => {
                i += 2;
            }
            b'<' => {
                i += 1;
                let mut digits = Vec::new();
                while let Some(&c) = src.get(i) {
                    if c == b'>' {
                        break;
                    }
                    if c.is_ascii_hexdigit() {
                        digits.push(c);
                    }
                    i += 1;
                }
                i += 1;
                if digits.len() % 2 == 1 {
                    digits.push(b'0');
                }
                let bytes = digits
                    .chunks_exact(2)
                    .filter_map(|p| match *p {
                        [h, l] => Some((hex(h) << 4) | hex(l)),
                        _ => None,
                    })
                    .collect();
                out.push(Tok::Hex(bytes));
            }
            b'[' => {
                out.push(Tok::Open);
                i += 1;
            }
            b']' => {
                out.push(Tok::Close);
                i += 1;
            }
            b'(' => {
                // literal string: skip (not used by the mappings we read)
                let mut depth = 0usize;
                while let Some(&c) = src.get(i) {
                    match c {
                        b'\\' => i += 1,
                        b'(' => depth += 1,
                        b')' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ if b.is_ascii_whitespace() => i += 1,
            _ => {
                let start = i;
                while src.get(i).is_some_and(|&c| is_regular(c)) {
                    i += 1;
                }
                if i == start {
                    // a lone '/' or other delimiter: part of a name
                    i += 1;
                    while src.get(i).is_some_and(|&c| is_regular(c)) {
                        i += 1;
                    }
                    out.push(Tok::Word(src.get(start..i).unwrap_or_default().to_vec()));
                    continue;
                }
                let w = src.get(start..i).unwrap_or_default();
                match std::str::from_utf8(w)
                    .ok()
                    .and_then(|s| s.parse::<i64>().ok())
                {
                    Some(n) => out.push(Tok::Int(n)),
                    None => out.push(Tok::Word(w.to_vec())),
                }
            }
        }
    }
    out
}

/// True for bytes that may continue a word (not whitespace, not a delimiter).
fn is_regular(c: u8) -> bool {
    !c.is_ascii_whitespace() && !matches!(c, b'<' | b'>' | b'[' | b']' | b'(' | b'%' | b'/')
}

fn hex(d: u8) -> u8 {
    match d {
        b'0'..=b'9' => d - b'0',
        b'a'..=b'f' => d - b'a' + 10,
        b'A'..=b'F' => d - b'A' + 10,
        _ => 0,
    }
}

fn code_of(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let v = bytes.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
    Some((bytes.len() as u8, v))
}

/// The UTF-16BE units of a destination string (an odd last byte is a
/// unit of its own).
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|p| match *p {
            [h, l] => u16::from_be_bytes([h, l]),
            [b] => u16::from(b),
            _ => 0,
        })
        .collect()
}

/// Decode a UTF-16BE destination string of a `bfchar`/`bfrange` entry.
pub fn utf16be(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

/// Destination bytes plus an offset added to the last UTF-16 unit.
fn offset_utf16(bytes: &[u8], add: u32) -> String {
    let mut units = utf16_units(bytes);
    if let Some(last) = units.last_mut() {
        *last = last.wrapping_add(add as u16);
    }
    String::from_utf16_lossy(&units)
}

/// The sections of a CMap read from its tokens, with a budget of mappings
/// (hostile CMaps declare ranges of millions of codes).
struct Parser<'t> {
    toks: &'t [Tok],
    i: usize,
    budget: usize,
    cmap: CMap,
}

impl<'t> Parser<'t> {
    /// Entries of `width` tokens from the current token on, handed to
    /// `entry` while it accepts them: the first it does not accept (or the
    /// end of the tokens, or a spent budget when `metered`) ends the section.
    fn entries(
        &mut self,
        width: usize,
        metered: bool,
        mut entry: impl FnMut(&mut CMap, &mut usize, &'t [Tok]) -> bool,
    ) {
        let toks = self.toks;
        while !metered || self.budget > 0 {
            let Some(window) = toks.get(self.i..self.i + width) else {
                break;
            };
            if !entry(&mut self.cmap, &mut self.budget, window) {
                break;
            }
            self.i += width;
        }
    }

    /// `begincodespacerange`: `<lo> <hi>` pairs.
    fn codespace_ranges(&mut self) {
        self.entries(2, false, |cmap, _, e| {
            let [Tok::Hex(a), Tok::Hex(b)] = e else {
                return false;
            };
            if let (Some((len, lo)), Some((_, hi))) = (code_of(a), code_of(b)) {
                cmap.spaces.push(CodeSpace { len, lo, hi });
            }
            true
        });
    }

    /// `beginbfchar`: `<code> <utf16>` or `<code> /glyphname`.
    fn bf_chars(&mut self) {
        self.entries(2, true, |cmap, budget, e| {
            let (code, text) = match e {
                [Tok::Hex(a), Tok::Hex(d)] => (code_of(a), Some(utf16be(d))),
                [Tok::Hex(a), Tok::Word(name)] => (
                    code_of(a),
                    crate::encoding::glyph_name(name).map(|s| s.to_string()),
                ),
                _ => return false,
            };
            if let (Some(code), Some(text)) = (code, text) {
                cmap.unicode.insert(code, text);
                *budget -= 1;
            }
            true
        });
    }

    /// `beginbfrange`: `<lo> <hi> <utf16>` (consecutive destinations) or
    /// `<lo> <hi> [<utf16> …]` (one destination per code).
    fn bf_ranges(&mut self) {
        let toks = self.toks;
        while self.budget > 0 {
            let Some([Tok::Hex(a), Tok::Hex(b), dst]) = toks.get(self.i..self.i + 3) else {
                break;
            };
            self.i += 3;
            let (Some((len, lo)), Some((_, hi))) = (code_of(a), code_of(b)) else {
                continue;
            };
            match dst {
                Tok::Hex(d) => {
                    let n = hi.saturating_sub(lo).min(self.budget as u32);
                    for k in 0..=n {
                        self.cmap.unicode.insert((len, lo + k), offset_utf16(d, k));
                    }
                    self.budget = self.budget.saturating_sub(n as usize + 1);
                }
                Tok::Open => self.bf_range_array(len, lo, hi),
                _ => {}
            }
        }
    }

    /// The `[<utf16> …]` destinations of a bfrange, up to `]`.
    fn bf_range_array(&mut self, len: u8, lo: u32, hi: u32) {
        let mut k = 0u32;
        while let Some(t) = self.toks.get(self.i) {
            self.i += 1;
            match t {
                Tok::Hex(d) => {
                    if lo + k <= hi {
                        self.cmap.unicode.insert((len, lo + k), utf16be(d));
                        self.budget = self.budget.saturating_sub(1);
                    }
                    k += 1;
                }
                Tok::Close => break,
                _ => {}
            }
        }
    }

    /// `begincidchar`: `<code> cid`.
    fn cid_chars(&mut self) {
        self.entries(2, true, |cmap, budget, e| {
            let [Tok::Hex(a), Tok::Int(cid)] = e else {
                return false;
            };
            if let Some(code) = code_of(a) {
                cmap.cids.insert(code, (*cid).max(0) as u32);
                *budget -= 1;
            }
            true
        });
    }

    /// `begincidrange`: `<lo> <hi> first_cid`.
    fn cid_ranges(&mut self) {
        self.entries(3, true, |cmap, budget, e| {
            let [Tok::Hex(a), Tok::Hex(b), Tok::Int(cid)] = e else {
                return false;
            };
            if let (Some((len, lo)), Some((_, hi))) = (code_of(a), code_of(b)) {
                let n = hi.saturating_sub(lo).min(*budget as u32);
                for k in 0..=n {
                    cmap.cids.insert((len, lo + k), (*cid).max(0) as u32 + k);
                }
                *budget = budget.saturating_sub(n as usize + 1);
            }
            true
        });
    }
}

impl CMap {
    /// Parse the text of a CMap stream.
    pub fn parse(src: &[u8]) -> CMap {
        let toks = tokenize(src);
        let mut p = Parser {
            toks: &toks,
            i: 0,
            budget: MAX_MAPPINGS,
            cmap: CMap::default(),
        };
        while let Some(t) = p.toks.get(p.i) {
            p.i += 1;
            let Tok::Word(w) = t else {
                continue;
            };
            match w.as_slice() {
                b"begincodespacerange" => p.codespace_ranges(),
                b"beginbfchar" => p.bf_chars(),
                b"beginbfrange" => p.bf_ranges(),
                b"begincidchar" => p.cid_chars(),
                b"begincidrange" => p.cid_ranges(),
                _ => {}
            }
        }
        p.cmap
    }

    /// Split `bytes` into codes using the code space ranges (or, if none
    /// were declared, the lengths of the mapped codes, defaulting to
    /// `default_len`). Returns `(code, byte length)` pairs.
    pub fn split(&self, bytes: &[u8], default_len: u8) -> Vec<(u32, u8)> {
        split_codes(&self.spaces, bytes, default_len)
    }
}

/// Split `bytes` into codes by code space ranges; bytes matching no range
/// are taken `default_len` at a time (the PDF rule is: shortest partial
/// match, but one code of the default length keeps positions aligned).
pub fn split_codes(spaces: &[CodeSpace], bytes: &[u8], default_len: u8) -> Vec<(u32, u8)> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let default_len = default_len.clamp(1, 4) as usize;
    while i < bytes.len() {
        let mut taken = None;
        for len in 1..=4usize {
            let Some(chunk) = bytes.get(i..i + len) else {
                break;
            };
            let v = chunk.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
            if spaces
                .iter()
                .any(|s| s.len as usize == len && in_range(s, chunk, v))
            {
                taken = Some((v, len as u8));
                break;
            }
        }
        let (v, len) = taken.unwrap_or_else(|| {
            let len = default_len.min(bytes.len() - i);
            let v = bytes
                .iter()
                .skip(i)
                .take(len)
                .fold(0u32, |a, b| (a << 8) | u32::from(*b));
            (v, len as u8)
        });
        out.push((v, len));
        i += len as usize;
    }
    out
}

/// Byte-wise range test (each byte within the corresponding bytes of lo/hi),
/// as the CMap specification defines multi-byte code space ranges.
fn in_range(s: &CodeSpace, bytes: &[u8], _v: u32) -> bool {
    let n = bytes.len();
    bytes.iter().enumerate().all(|(k, b)| {
        let shift = 8 * (n - 1 - k);
        let lo = ((s.lo >> shift) & 0xFF) as u8;
        let hi = ((s.hi >> shift) & 0xFF) as u8;
        (lo..=hi).contains(b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Adobe-Identity-UCS def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
2 beginbfchar
<0003> <0020>
<0011> <4E2D>
endbfchar
2 beginbfrange
<0020> <0022> <0041>
<0030> <0032> [<5E74> <62A5> <D840DC00>]
endbfrange
endcmap";

    #[test]
    fn parses_bfchar_bfrange_and_arrays() {
        let c = CMap::parse(SAMPLE);
        assert_eq!(
            c.spaces,
            vec![CodeSpace {
                len: 2,
                lo: 0,
                hi: 0xFFFF
            }]
        );
        assert_eq!(c.unicode.get(&(2, 3)).map(String::as_str), Some(" "));
        assert_eq!(c.unicode.get(&(2, 0x11)).map(String::as_str), Some("中"));
        assert_eq!(c.unicode.get(&(2, 0x21)).map(String::as_str), Some("B"));
        assert_eq!(c.unicode.get(&(2, 0x22)).map(String::as_str), Some("C"));
        assert_eq!(c.unicode.get(&(2, 0x30)).map(String::as_str), Some("年"));
        assert_eq!(c.unicode.get(&(2, 0x31)).map(String::as_str), Some("报"));
        assert_eq!(
            c.unicode.get(&(2, 0x32)).map(String::as_str),
            Some("\u{20000}")
        );
        assert!(!c.unicode.contains_key(&(2, 0x33)));
    }

    #[test]
    fn splits_mixed_code_spaces() {
        // GBK-like: one byte for ASCII, two bytes for lead bytes 81-FE
        let spaces = vec![
            CodeSpace {
                len: 1,
                lo: 0x00,
                hi: 0x80,
            },
            CodeSpace {
                len: 2,
                lo: 0x8140,
                hi: 0xFEFE,
            },
        ];
        let codes = split_codes(&spaces, &[0x31, 0xD6, 0xD0, 0x32], 1);
        assert_eq!(codes, vec![(0x31, 1), (0xD6D0, 2), (0x32, 1)]);
        // Identity-H: two bytes each, odd tail taken alone
        let id = vec![CodeSpace {
            len: 2,
            lo: 0,
            hi: 0xFFFF,
        }];
        assert_eq!(split_codes(&id, &[0, 5, 1], 2), vec![(5, 2), (1, 1)]);
    }

    #[test]
    fn parses_cid_ranges() {
        let c = CMap::parse(
            b"1 begincodespacerange <00> <FF> endcodespacerange
            1 begincidrange <20> <22> 100 endcidrange 1 begincidchar <41> 7 endcidchar",
        );
        assert_eq!(c.cids.get(&(1, 0x21)), Some(&101));
        assert_eq!(c.cids.get(&(1, 0x41)), Some(&7));
    }

    #[test]
    fn survives_garbage() {
        let c = CMap::parse(b"beginbfrange <00> beginbfchar <zz> [ <01 endbfrange (x");
        assert!(c.unicode.len() <= 1);
        let huge = CMap::parse(b"1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(huge.unicode.len() <= MAX_MAPPINGS + 1);
    }
}
