//! Fonts: how to split a shown string into codes, what text each code
//! stands for, and how far each glyph advances.
//!
//! Mapping order: the font's ToUnicode CMap; else the predefined CMap of a
//! Type0 font (GBK bytes, UTF-16BE bytes); else, for simple fonts, the
//! base encoding with `/Differences`. Codes with no mapping are reported
//! as unmapped, never guessed.

use crate::cmap::CMap;
use crate::encoding::{glyph_name, BaseEncoding, Predefined};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Adobe's CID → Unicode CMap for the Adobe-GB1 character collection
/// (BSD-3-Clause, notice in the file; see `data/README.md`).
const ADOBE_GB1_UCS2: &[u8] = include_bytes!("../data/Adobe-GB1-UCS2");
/// Adobe's GBK-EUC-H CMap: GBK byte codes → Adobe-GB1 CIDs (for widths).
const GBK_EUC_H: &[u8] = include_bytes!("../data/GBK-EUC-H");

/// The Adobe-GB1 CID → Unicode table, parsed on first use.
pub fn gb1_ucs2() -> &'static CMap {
    static T: OnceLock<CMap> = OnceLock::new();
    T.get_or_init(|| CMap::parse(ADOBE_GB1_UCS2))
}

/// The GBK-EUC-H code → CID table, parsed on first use.
pub fn gbk_euc_h() -> &'static CMap {
    static T: OnceLock<CMap> = OnceLock::new();
    T.get_or_init(|| CMap::parse(GBK_EUC_H))
}

/// Largest decompressed size of an embedded CMap stream.
const MAX_CMAP_BYTES: usize = 8 << 20;

/// One decoded code of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// Unicode text, if the code could be mapped.
    pub text: Option<String>,
    /// Advance in text space for a font size of 1.
    pub width: f32,
    /// A single-byte code 32 (word spacing applies).
    pub is_space_byte: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    /// Type1, TrueType, MMType1 (and Type3, see `type3_scale`).
    Simple {
        map: Box<[Option<String>; 256]>,
        first: u32,
        widths: Vec<f32>,
        missing: f32,
    },
    /// Type0 composite font.
    Composite {
        predefined: Option<Predefined>,
        embedded: Option<CMap>,
        widths: HashMap<u32, f32>,
        default_width: f32,
        /// The CIDs are Adobe-GB1 (Ordering GB1, or a GB CMap).
        gb1: bool,
    },
}

/// A font as far as text extraction needs it.
#[derive(Debug, Clone)]
pub struct Font {
    kind: Kind,
    to_unicode: Option<CMap>,
    /// Glyph space to text space factor for Type 3 fonts (FontMatrix a).
    pub type3_scale: Option<f32>,
    /// Factor from `Tf` size to the visual em size (1 except odd Type 3).
    pub size_factor: f32,
}

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Follow a reference (one level is enough for well-formed files; a few
/// levels are tolerated).
pub fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(t) => o = t,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    o
}

/// A dictionary entry, dereferenced.
pub fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().map(|o| deref(doc, o))
}

/// A stream's decoded bytes, bounded.
pub fn stream_bytes(doc: &Document, o: &Object, limit: usize) -> Option<Vec<u8>> {
    let s = deref(doc, o).as_stream().ok()?;
    match s.decompressed_content_with_limit(limit) {
        Ok(b) => Some(b),
        Err(_) if s.dict.get(b"Filter").is_err() && s.content.len() <= limit => {
            Some(s.content.clone())
        }
        Err(_) => None,
    }
}

fn read_to_unicode(doc: &Document, d: &Dictionary) -> Option<CMap> {
    let o = d.get(b"ToUnicode").ok()?;
    let bytes = stream_bytes(doc, o, MAX_CMAP_BYTES)?;
    let mut c = CMap::parse(&bytes);
    unify_radicals(c.unicode.values_mut());
    (!c.unicode.is_empty()).then_some(c)
}

/// Producers that map glyphs to Kangxi radicals or CJK Radicals Supplement
/// code points (`⼀` for `一`, `⺠` for `民`) get the unified ideograph
/// instead (Unicode's Equivalent_Unified_Ideograph), once per font.
fn unify_radicals<'a>(texts: impl Iterator<Item = &'a mut String>) {
    for t in texts {
        if xxgknb_core::ideographs::has_radicals(t) {
            *t = xxgknb_core::ideographs::unify(t);
        }
    }
}

fn simple_map(doc: &Document, d: &Dictionary, is_type3: bool) -> Box<[Option<String>; 256]> {
    let mut base = if is_type3 {
        None
    } else {
        Some(BaseEncoding::Standard)
    };
    let mut diffs: Option<&Vec<Object>> = None;
    match get(doc, d, b"Encoding") {
        Some(Object::Name(n)) => base = BaseEncoding::from_name(n).or(base),
        Some(Object::Dictionary(e)) => {
            if let Some(Object::Name(n)) = get(doc, e, b"BaseEncoding") {
                base = BaseEncoding::from_name(n).or(base);
            }
            if let Some(Object::Array(a)) = get(doc, e, b"Differences") {
                diffs = Some(a);
            }
        }
        _ => {}
    }
    let mut map: Box<[Option<String>; 256]> = Box::new(std::array::from_fn(|_| None));
    if let Some(b) = base {
        for (code, slot) in map.iter_mut().enumerate() {
            *slot = b.decode(code as u8).map(|c| c.to_string());
        }
    }
    if let Some(a) = diffs {
        let mut code: usize = 0;
        for item in a {
            match deref(doc, item) {
                Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                Object::Name(n) => {
                    if let Some(slot) = map.get_mut(code) {
                        *slot = glyph_name(n);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    unify_radicals(map.iter_mut().flatten());
    map
}

fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    while i < w.len() && out.len() < 1 << 20 {
        let Some(first) = w.get(i).and_then(|o| num(deref(doc, o))) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in list.iter().enumerate() {
                    if let Some(v) = num(deref(doc, v)) {
                        out.insert(first.saturating_add(k as u32), v / 1000.0);
                    }
                }
                i += 2;
            }
            Some(o) => {
                // range form: c_first c_last w
                let last = num(o).unwrap_or(-1.0);
                let width = w.get(i + 2).and_then(|o| num(deref(doc, o)));
                if let Some(width) = width {
                    if last >= first as f32 {
                        let last = (last as u32).min(first.saturating_add(1 << 16));
                        for c in first..=last {
                            out.insert(c, width / 1000.0);
                        }
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

impl Font {
    /// Build from a font dictionary.
    pub fn load(doc: &Document, d: &Dictionary) -> Font {
        let subtype = match get(doc, d, b"Subtype") {
            Some(Object::Name(n)) => n.clone(),
            _ => Vec::new(),
        };
        let to_unicode = read_to_unicode(doc, d);
        if subtype == b"Type0" {
            let mut predefined = None;
            let mut embedded = None;
            match get(doc, d, b"Encoding") {
                Some(Object::Name(n)) => predefined = Predefined::from_name(n),
                Some(Object::Stream(s)) => {
                    if let Some(Object::Name(n)) = get(doc, &s.dict, b"CMapName") {
                        predefined = Predefined::from_name(n);
                    }
                    if let Ok(b) = s.decompressed_content_with_limit(MAX_CMAP_BYTES) {
                        embedded = Some(CMap::parse(&b));
                    } else if s.dict.get(b"Filter").is_err() {
                        embedded = Some(CMap::parse(&s.content));
                    }
                }
                _ => {}
            }
            let desc = match get(doc, d, b"DescendantFonts") {
                Some(Object::Array(a)) => a.first().map(|o| deref(doc, o)),
                _ => None,
            };
            let (mut widths, mut default_width) = (HashMap::new(), 1.0);
            let mut gb1 = matches!(predefined, Some(Predefined::Gbk | Predefined::Utf16));
            if let Some(Object::Dictionary(df)) = desc {
                if let Some(Object::Dictionary(info)) = get(doc, df, b"CIDSystemInfo") {
                    if let Some(Object::String(o, _)) = get(doc, info, b"Ordering") {
                        gb1 |= o == b"GB1";
                    }
                }
                if let Some(dw) = get(doc, df, b"DW").and_then(num) {
                    default_width = dw / 1000.0;
                }
                if let Some(Object::Array(w)) = get(doc, df, b"W") {
                    widths = cid_widths(doc, w);
                }
            }
            return Font {
                kind: Kind::Composite {
                    predefined,
                    embedded,
                    widths,
                    default_width,
                    gb1,
                },
                to_unicode,
                type3_scale: None,
                size_factor: 1.0,
            };
        }
        let is_type3 = subtype == b"Type3";
        let mut type3_scale = None;
        let mut size_factor = 1.0;
        if is_type3 {
            let (mut a, mut dd) = (0.001f32, 0.001f32);
            if let Some(Object::Array(m)) = get(doc, d, b"FontMatrix") {
                let v: Vec<f32> = m.iter().filter_map(|o| num(deref(doc, o))).collect();
                if let &[v0, _, _, v3, _, _] = v.as_slice() {
                    a = v0;
                    dd = v3;
                }
            }
            type3_scale = Some(a);
            let units = if dd.abs() > 1e-9 { 1.0 / dd.abs() } else { 0.0 };
            size_factor = if (500.0..=4096.0).contains(&units) {
                1.0
            } else {
                (dd.abs() * 1000.0).clamp(0.01, 100.0)
            };
        }
        let first = get(doc, d, b"FirstChar")
            .and_then(num)
            .unwrap_or(0.0)
            .clamp(0.0, 255.0) as u32;
        let scale = type3_scale.unwrap_or(0.001);
        let widths = match get(doc, d, b"Widths") {
            Some(Object::Array(w)) => w
                .iter()
                .take(256)
                .map(|o| num(deref(doc, o)).unwrap_or(0.0) * scale)
                .collect(),
            _ => Vec::new(),
        };
        let mut missing = 0.5;
        if let Some(Object::Dictionary(fd)) = get(doc, d, b"FontDescriptor") {
            if let Some(m) = get(doc, fd, b"MissingWidth").and_then(num) {
                missing = m * scale;
            }
        }
        Font {
            kind: Kind::Simple {
                map: simple_map(doc, d, is_type3),
                first,
                widths,
                missing,
            },
            to_unicode,
            type3_scale,
            size_factor,
        }
    }

    /// Decode the bytes of a shown string into codes.
    pub fn decode(&self, bytes: &[u8]) -> Vec<Code> {
        match &self.kind {
            Kind::Simple {
                map,
                first,
                widths,
                missing,
            } => bytes
                .iter()
                .map(|&b| {
                    let code = u32::from(b);
                    let text = self
                        .to_unicode
                        .as_ref()
                        .and_then(|t| t.unicode.get(&(1, code)).cloned())
                        .or_else(|| map.get(usize::from(b)).and_then(|m| m.clone()));
                    let width = code
                        .checked_sub(*first)
                        .and_then(|i| widths.get(i as usize).copied())
                        .unwrap_or(*missing);
                    Code {
                        text,
                        width,
                        is_space_byte: b == 32,
                    }
                })
                .collect(),
            Kind::Composite {
                predefined,
                embedded,
                widths,
                default_width,
                gb1,
            } => {
                let codes = if let Some(e) = embedded.as_ref().filter(|e| !e.spaces.is_empty()) {
                    e.split(bytes, 2)
                } else if let Some(p) = predefined {
                    p.split(bytes)
                } else if let Some(t) = self.to_unicode.as_ref().filter(|t| !t.spaces.is_empty()) {
                    t.split(bytes, 2)
                } else {
                    crate::cmap::split_codes(&[], bytes, 2)
                };
                codes
                    .into_iter()
                    .map(|(code, len)| {
                        let cid = match (embedded, predefined) {
                            (Some(e), _) if !e.cids.is_empty() => {
                                e.cids.get(&(len, code)).copied().unwrap_or(0)
                            }
                            (_, Some(Predefined::Identity)) | (None, None) => code,
                            (_, Some(Predefined::Gbk)) => gbk_euc_h()
                                .cids
                                .get(&(len, code))
                                .copied()
                                .unwrap_or(u32::MAX),
                            // CID unknown without the predefined CMap's table
                            _ => u32::MAX,
                        };
                        let text = self
                            .to_unicode
                            .as_ref()
                            .and_then(|t| t.unicode.get(&(len, code)).cloned())
                            .or_else(|| predefined.and_then(|p| p.decode(code, len)))
                            .or_else(|| {
                                (*gb1 && cid != u32::MAX)
                                    .then(|| gb1_ucs2().unicode.get(&(2, cid)).cloned())
                                    .flatten()
                            });
                        let width = match widths.get(&cid) {
                            Some(w) => *w,
                            None if cid == u32::MAX => width_guess(text.as_deref(), *default_width),
                            None => *default_width,
                        };
                        Code {
                            text,
                            width,
                            is_space_byte: len == 1 && code == 32,
                        }
                    })
                    .collect()
            }
        }
    }
}

/// Advance of a code whose CID (and so its /W entry) is unknown: CJK
/// glyphs are full-width, others half-width, as in the Adobe-GB1 fonts.
fn width_guess(text: Option<&str>, default_width: f32) -> f32 {
    match text.and_then(|t| t.chars().next()) {
        Some(c) if (c as u32) < 0x2E80 => default_width * 0.5,
        _ => default_width,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    #[test]
    fn w_array_both_forms() {
        let doc = Document::new();
        let w = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(500), Object::Integer(600)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(1000),
        ];
        let m = cid_widths(&doc, &w);
        assert_eq!(m.get(&1), Some(&0.5));
        assert_eq!(m.get(&2), Some(&0.6));
        assert_eq!(m.get(&11), Some(&1.0));
        assert_eq!(m.get(&13), None);
    }

    #[test]
    fn type0_gbk_without_to_unicode() {
        let doc = Document::new();
        // '1' (0x31) is CID 814 + 0x10 = 830 in GBK-EUC-H: half width
        let df = dictionary! {
            "W" => vec![Object::Integer(830), Object::Array(vec![Object::Integer(500)])],
        };
        let d = dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => "GBK-EUC-H",
            "DescendantFonts" => vec![Object::Dictionary(df)],
        };
        let f = Font::load(&doc, &d);
        let codes = f.decode(&[0xD6, 0xD0, 0x31]);
        let text: Vec<_> = codes.iter().map(|c| c.text.clone()).collect();
        assert_eq!(text, vec![Some("中".to_string()), Some("1".to_string())]);
        assert_eq!((codes[0].width, codes[1].width), (1.0, 0.5));
    }

    #[test]
    fn type0_identity_with_to_unicode() {
        let mut doc = Document::new();
        let cmap = b"1 begincodespacerange <0000> <FFFF> endcodespacerange
            1 beginbfchar <0005> <5E74> endbfchar"
            .to_vec();
        let id = doc.add_object(Stream::new(dictionary! {}, cmap));
        let df = dictionary! { "W" => vec![Object::Integer(5), Object::Array(vec![Object::Integer(900)])] };
        let d = dictionary! {
            "Subtype" => "Type0", "Encoding" => "Identity-H", "ToUnicode" => id,
            "DescendantFonts" => vec![Object::Dictionary(df)],
        };
        let f = Font::load(&doc, &d);
        let codes = f.decode(&[0, 5, 0, 6]);
        assert_eq!(codes[0].text.as_deref(), Some("年"));
        assert_eq!(codes[0].width, 0.9);
        assert_eq!(codes[1].text, None);
        assert_eq!(codes[1].width, 1.0);
    }

    #[test]
    fn identity_gb1_without_to_unicode_uses_adobe_table() {
        let doc = Document::new();
        let info = dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 5,
        };
        let df = dictionary! { "CIDSystemInfo" => Object::Dictionary(info) };
        let d = dictionary! {
            "Subtype" => "Type0", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Dictionary(df)],
        };
        let f = Font::load(&doc, &d);
        // CID 2893 is 年, CID 17 is '0' in Adobe-GB1
        let codes = f.decode(&[0x0B, 0x4D, 0x00, 0x11]);
        assert_eq!(codes[0].text.as_deref(), Some("年"));
        assert_eq!(codes[1].text.as_deref(), Some("0"));
        // GBK-EUC-H codes get their Adobe-GB1 CID (for /W widths)
        assert_eq!(gbk_euc_h().cids.get(&(2, 0xC4EA)), Some(&2893));
    }

    #[test]
    fn simple_font_differences() {
        let doc = Document::new();
        let enc = dictionary! {
            "BaseEncoding" => "WinAnsiEncoding",
            "Differences" => vec![Object::Integer(65), Object::Name(b"uni4E2D".to_vec()), Object::Name(b"two".to_vec())],
        };
        let d = dictionary! {
            "Subtype" => "TrueType", "Encoding" => Object::Dictionary(enc),
            "FirstChar" => 65, "Widths" => vec![Object::Integer(1000), Object::Integer(500)],
        };
        let f = Font::load(&doc, &d);
        let codes = f.decode(b"ABC");
        assert_eq!(codes[0].text.as_deref(), Some("中"));
        assert_eq!(codes[1].text.as_deref(), Some("2"));
        assert_eq!(codes[2].text.as_deref(), Some("C"));
        assert_eq!(codes[0].width, 1.0);
    }
}
