//! Automatic list numbering: Word can generate a paragraph's "一、",
//! "（二）" or "3." from `word/numbering.xml` instead of storing it as
//! text. This module reads the list definitions (and the numbering that
//! paragraph styles carry, from `word/styles.xml`) and produces the label
//! a reader sees, so a heading typed as an auto-numbered list reads
//! "一、总体情况" like a typed one.
//!
//! Supported: `w:abstractNum` levels (`w:start`, `w:numFmt`, `w:lvlText`,
//! `w:suff`), `w:num` with `w:startOverride`, style-linked numbering
//! through `w:pStyle`/`w:basedOn`. Counters run per list in document
//! order; a level restarts when a shallower level advances. Bullets and
//! unknown formats produce no label.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Most list levels Word defines.
const LEVELS: usize = 9;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    fmt: String,
    text: String,
    /// `w:suff`: `tab` (default), `space` or `nothing`.
    suff: String,
}

/// A concrete list (`w:num`): its definition and start overrides.
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    start_override: HashMap<usize, u32>,
}

/// Numbering numPr of a paragraph style, and its parent style.
#[derive(Debug, Clone, Default)]
struct Style {
    num: Option<(u32, usize)>,
    based_on: Option<String>,
}

/// List definitions plus the running counters.
#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Vec<Level>>,
    nums: HashMap<u32, Num>,
    styles: HashMap<String, Style>,
    /// Counters per list instance key, one per level (`None`: not started).
    counters: HashMap<u32, [Option<u32>; LEVELS]>,
}

/// The `w:val` of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

/// An attribute by local name.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn num_attr(e: &BytesStart<'_>, name: &str) -> Option<u32> {
    attr(e, name).and_then(|v| v.trim().parse().ok())
}

impl Numbering {
    /// Read `numbering.xml` and `styles.xml` (either may be absent).
    /// Malformed XML just yields fewer definitions: numbering is an
    /// embellishment, never a reason to fail the document.
    pub fn parse(numbering: Option<&str>, styles: Option<&str>) -> Self {
        let mut n = Numbering::default();
        if let Some(x) = numbering {
            n.read_numbering(x);
        }
        if let Some(x) = styles {
            n.read_styles(x);
        }
        n
    }

    fn read_numbering(&mut self, xml: &str) {
        let mut r = Reader::from_str(xml);
        r.config_mut().expand_empty_elements = true;
        let mut cur_abstract: Option<(u32, Vec<Level>)> = None;
        let mut cur_level: Option<usize> = None;
        let mut cur_num: Option<(u32, Num)> = None;
        let mut override_level: Option<usize> = None;
        loop {
            let ev = match r.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) => match e.local_name().as_ref() {
                    "abstractNum" => {
                        cur_abstract = num_attr(&e, "abstractNumId")
                            .map(|id| (id, vec![Level::default(); LEVELS]));
                    }
                    "lvl" if cur_abstract.is_some() => {
                        cur_level = num_attr(&e, "ilvl")
                            .map(|l| l as usize)
                            .filter(|l| *l < LEVELS);
                    }
                    "num" => {
                        cur_num = num_attr(&e, "numId").map(|id| (id, Num::default()));
                    }
                    "abstractNumId" => {
                        if let (Some((_, num)), Some(v)) = (cur_num.as_mut(), num_attr(&e, "val")) {
                            num.abstract_id = v;
                        }
                    }
                    "lvlOverride" => {
                        override_level = num_attr(&e, "ilvl").map(|l| l as usize);
                    }
                    "startOverride" => {
                        if let (Some((_, num)), Some(l), Some(v)) =
                            (cur_num.as_mut(), override_level, num_attr(&e, "val"))
                        {
                            num.start_override.insert(l, v);
                        }
                    }
                    name => {
                        if let (Some((_, levels)), Some(l)) = (cur_abstract.as_mut(), cur_level) {
                            if let Some(level) = levels.get_mut(l) {
                                match name {
                                    "start" => level.start = num_attr(&e, "val").unwrap_or(1),
                                    "numFmt" => level.fmt = val(&e).unwrap_or_default(),
                                    "lvlText" => level.text = val(&e).unwrap_or_default(),
                                    "suff" => level.suff = val(&e).unwrap_or_default(),
                                    _ => {}
                                }
                            }
                        }
                    }
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "abstractNum" => {
                        if let Some((id, levels)) = cur_abstract.take() {
                            self.abstracts.insert(id, levels);
                        }
                    }
                    "lvl" => cur_level = None,
                    "num" => {
                        if let Some((id, num)) = cur_num.take() {
                            self.nums.insert(id, num);
                        }
                    }
                    "lvlOverride" => override_level = None,
                    _ => {}
                },
                _ => {}
            }
        }
    }

    fn read_styles(&mut self, xml: &str) {
        let mut r = Reader::from_str(xml);
        r.config_mut().expand_empty_elements = true;
        let mut cur: Option<(String, Style)> = None;
        let mut num_id: Option<u32> = None;
        let mut ilvl: usize = 0;
        loop {
            let ev = match r.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(ev) => ev,
            };
            match ev {
                Event::Start(e) => match e.local_name().as_ref() {
                    "style" => {
                        cur = attr(&e, "styleId").map(|id| (id, Style::default()));
                        num_id = None;
                        ilvl = 0;
                    }
                    "basedOn" => {
                        if let Some((_, s)) = cur.as_mut() {
                            s.based_on = val(&e);
                        }
                    }
                    "numId" => num_id = num_attr(&e, "val"),
                    "ilvl" => ilvl = num_attr(&e, "val").unwrap_or(0) as usize,
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "numPr" => {
                        if let (Some((_, s)), Some(id)) = (cur.as_mut(), num_id) {
                            s.num = Some((id, ilvl));
                        }
                    }
                    "style" => {
                        if let Some((id, s)) = cur.take() {
                            self.styles.insert(id, s);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// The numbering a paragraph style gives (following `basedOn`).
    fn style_num(&self, style: &str) -> Option<(u32, usize)> {
        let mut id = style;
        for _ in 0..16 {
            let s = self.styles.get(id)?;
            if s.num.is_some() {
                return s.num;
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// The label of the next paragraph with these properties, advancing
    /// the list's counters; `None` when the paragraph is not numbered.
    /// `direct` is the paragraph's own `w:numPr` (numId, ilvl; numId 0
    /// switches numbering off), `style` its `w:pStyle`.
    pub fn label(
        &mut self,
        direct: Option<(u32, Option<usize>)>,
        style: Option<&str>,
    ) -> Option<String> {
        let from_style = style.and_then(|s| self.style_num(s));
        let (num_id, ilvl) = match (direct, from_style) {
            (Some((id, lvl)), st) => (id, lvl.or(st.map(|s| s.1)).unwrap_or(0)),
            (None, Some(st)) => st,
            (None, None) => return None,
        };
        if num_id == 0 || ilvl >= LEVELS {
            return None;
        }
        let num = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        // lists with overrides count on their own; others share their
        // definition's counters, as Word continues them
        let key = if num.start_override.is_empty() {
            num.abstract_id
        } else {
            u32::MAX - num_id
        };
        let starts: Vec<u32> = (0..LEVELS)
            .map(|l| {
                num.start_override
                    .get(&l)
                    .copied()
                    .or_else(|| levels.get(l).map(|x| x.start))
                    .unwrap_or(1)
            })
            .collect();
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        let start = starts.get(ilvl).copied().unwrap_or(1);
        let slot = counters.get_mut(ilvl)?;
        *slot = Some(slot.map_or(start, |v| v.saturating_add(1)));
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let level = levels.get(ilvl)?;
        if level.fmt == "bullet" || level.fmt == "none" {
            return None;
        }
        let mut out = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1);
                    let value = counters
                        .get(l)
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| starts.get(l).copied().unwrap_or(1));
                    let fmt = levels.get(l).map_or("decimal", |x| x.fmt.as_str());
                    out.push_str(&format_number(value, fmt)?);
                    continue;
                }
            }
            out.push(c);
        }
        if out.is_empty() {
            return None;
        }
        Some(xxgknb_core::numbering::finish_label(
            out,
            level.suff != "nothing",
        ))
    }
}

/// A counter value in a `w:numFmt`; `None` for formats not rendered.
fn format_number(n: u32, fmt: &str) -> Option<String> {
    use xxgknb_core::numbering::{format, NumberStyle as S};
    let style = match fmt {
        "" | "decimal" => S::Decimal,
        "decimalZero" => S::DecimalZero,
        "chineseCounting" | "chineseCountingThousand" => S::Chinese,
        "chineseLegalSimplified" => S::ChineseLegal,
        "ideographDigital" => S::IdeographDigits,
        "decimalFullWidth" | "decimalFullWidth2" => S::FullWidth,
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => S::Circled,
        "decimalEnclosedParen" => S::Parenthesised,
        "ideographTraditional" => S::HeavenlyStem,
        "ideographZodiac" => S::EarthlyBranch,
        "lowerLetter" => S::LowerLetter,
        "upperLetter" => S::UpperLetter,
        "lowerRoman" => S::LowerRoman,
        "upperRoman" => S::UpperRoman,
        _ => return None,
    };
    format(n, style)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="w">
      <w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="H1x"><w:basedOn w:val="H1"/></w:style>
    </w:styles>"#;

    #[test]
    fn multilevel_chinese_list() {
        let mut n = Numbering::parse(Some(NUMBERING), Some(STYLES));
        let l = |n: &mut Numbering, lvl| n.label(Some((1, Some(lvl))), None);
        assert_eq!(l(&mut n, 0).as_deref(), Some("一、"));
        assert_eq!(l(&mut n, 1).as_deref(), Some("（一）"));
        assert_eq!(l(&mut n, 1).as_deref(), Some("（二）"));
        assert_eq!(l(&mut n, 2).as_deref(), Some("1. "));
        assert_eq!(l(&mut n, 0).as_deref(), Some("二、"));
        assert_eq!(l(&mut n, 1).as_deref(), Some("（一）"), "restarts");
        // style-linked, through basedOn, continues the same list
        assert_eq!(n.label(None, Some("H1x")).as_deref(), Some("三、"));
        // numId 0 switches numbering off
        assert_eq!(n.label(Some((0, None)), Some("H1")), None);
        // bullets give no label
        assert_eq!(n.label(Some((2, Some(0))), None), None);
        // an override list counts on its own
        assert_eq!(n.label(Some((3, Some(0))), None).as_deref(), Some("五、"));
    }

    #[test]
    fn number_formats_map_onto_styles() {
        let f = |n, fmt| format_number(n, fmt);
        assert_eq!(f(11, "chineseCounting").as_deref(), Some("十一"));
        assert_eq!(
            f(105, "chineseCountingThousand").as_deref(),
            Some("一百零五")
        );
        assert_eq!(f(12, "ideographDigital").as_deref(), Some("一二"));
        assert_eq!(f(3, "chineseLegalSimplified").as_deref(), Some("叁"));
        assert_eq!(f(3, "decimalEnclosedCircle").as_deref(), Some("③"));
        assert_eq!(f(28, "lowerLetter").as_deref(), Some("bb"));
        assert_eq!(f(14, "upperRoman").as_deref(), Some("XIV"));
        assert_eq!(f(7, "decimalZero").as_deref(), Some("07"));
        assert_eq!(f(1, "bullet"), None);
    }
}
