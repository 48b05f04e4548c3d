//! Automatic list numbers: a paragraph in a list (`sprmPIlfo` naming a list
//! override `LFO`, `sprmPIlvl` its level) gets the label Word displays,
//! built from the list definitions (`PlfLst`: `LSTF`s followed by their
//! `LVL`s; `PlfLfo`: the overrides with their start-at values) so that an
//! auto-numbered heading reads "一、总体情况" like a typed one, as the DOCX
//! adapter does. A damaged list table only means no labels: it never fails
//! the read.

use std::collections::HashMap;

use crate::bytes::{le16, le_i32};

/// Levels of a multi-level list.
const LEVELS: usize = 9;
/// Most lists and overrides read.
const MAX_LISTS: usize = 10_000;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    /// Number format (`nfc`, the RTF `\levelnfc` values).
    nfc: u8,
    /// Number text: characters 0-8 stand for the levels' numbers.
    xst: Vec<u16>,
    /// What follows the label: 0 tab, 1 space, 2 nothing.
    follow: u8,
}

/// A list definition (`LSTF` + its levels).
#[derive(Debug, Clone)]
struct Lst {
    lsid: i32,
    levels: Vec<Level>,
}

/// A list override (`LFO`): which list, and restarted levels.
#[derive(Debug, Clone)]
struct Lfo {
    lsid: i32,
    starts: [Option<u32>; LEVELS],
}

/// The document's lists and the running counters.
#[derive(Debug, Default)]
pub struct Lists {
    lsts: Vec<Lst>,
    lfos: Vec<Lfo>,
    counters: HashMap<i64, [Option<u32>; LEVELS]>,
}

/// Parse an `LVL` at `off`; returns it and the offset after it.
fn level(b: &[u8], off: usize) -> Option<(Level, usize)> {
    let lvlf = b.get(off..off.checked_add(28)?)?;
    let start = u32::try_from(le_i32(lvlf, 0)).unwrap_or(0);
    let nfc = *lvlf.get(4)?;
    let follow = *lvlf.get(15)?;
    let cb_chpx = usize::from(*lvlf.get(24)?);
    let cb_papx = usize::from(*lvlf.get(25)?);
    let xst_at = off + 28 + cb_papx + cb_chpx;
    let cch = usize::from(le16(b.get(xst_at..)?, 0));
    let chars = b.get(xst_at + 2..xst_at + 2 + 2 * cch)?;
    let xst = chars.chunks_exact(2).map(|c| le16(c, 0)).collect();
    Some((
        Level {
            start,
            nfc,
            xst,
            follow,
        },
        xst_at + 2 + 2 * cch,
    ))
}

impl Lists {
    /// Read `PlfLst` and `PlfLfo` (each an fc/lcb in the table stream).
    pub fn read(table: &[u8], plf_lst: (u32, u32), plf_lfo: (u32, u32)) -> Self {
        let mut lists = Lists::default();
        lists.read_lsts(table, plf_lst);
        if !lists.lsts.is_empty() {
            lists.read_lfos(table, plf_lfo);
        }
        lists
    }

    fn read_lsts(&mut self, t: &[u8], (fc, lcb): (u32, u32)) -> Option<()> {
        let (fc, lcb) = (fc as usize, lcb as usize);
        let plf = t.get(fc..fc.checked_add(lcb)?)?;
        let count = usize::try_from(le16(plf, 0) as i16).ok()?;
        if count > MAX_LISTS || 2 + 28 * count > plf.len() {
            return None;
        }
        // the LVLs follow the PlfLst, in LSTF order
        let mut off = fc + lcb;
        for i in 0..count {
            let lstf = plf.get(2 + 28 * i..2 + 28 * (i + 1))?;
            let simple = lstf.get(26).is_some_and(|f| f & 1 == 1);
            let mut levels = Vec::new();
            for _ in 0..if simple { 1 } else { LEVELS } {
                let (lvl, next) = level(t, off)?;
                levels.push(lvl);
                off = next;
            }
            self.lsts.push(Lst {
                lsid: le_i32(lstf, 0),
                levels,
            });
        }
        Some(())
    }

    fn read_lfos(&mut self, t: &[u8], (fc, lcb): (u32, u32)) -> Option<()> {
        let fc = fc as usize;
        if lcb < 4 {
            return None;
        }
        let head = t.get(fc..fc.checked_add(4)?)?;
        let n = u32::from(le16(head, 0)) | (u32::from(le16(head, 2)) << 16);
        let n = usize::try_from(n).ok()?;
        if n > MAX_LISTS {
            return None;
        }
        let lfos_at = fc + 4;
        // the LFOData (start-at overrides) follow all LFOs, in order
        let mut off = lfos_at.checked_add(16 * n)?;
        for i in 0..n {
            let lfo = t.get(lfos_at + 16 * i..lfos_at + 16 * (i + 1))?;
            let lsid = le_i32(lfo, 0);
            let clfolvl = usize::from(*lfo.get(12)?);
            let mut starts = [None; LEVELS];
            if clfolvl > 0 {
                // LFOData: cp, then clfolvl LFOLVLs (each maybe with a LVL)
                off += 4;
                for _ in 0..clfolvl.min(LEVELS) {
                    let lfolvl = t.get(off..off + 8)?;
                    let at = u32::try_from(le_i32(lfolvl, 0)).unwrap_or(0);
                    let flags = le16(lfolvl, 4);
                    off += 8;
                    if flags & 0x10 != 0 {
                        if let Some(slot) = starts.get_mut(usize::from(flags & 0xF)) {
                            *slot = Some(at);
                        }
                    }
                    if flags & 0x20 != 0 {
                        off = level(t, off)?.1;
                    }
                }
            }
            self.lfos.push(Lfo { lsid, starts });
        }
        Some(())
    }

    /// The label of the next paragraph in list override `ilfo` (1-based)
    /// at level `ilvl`, with its separator; advances the counters.
    pub fn label(&mut self, ilfo: u16, ilvl: u8) -> Option<String> {
        let ilvl = usize::from(ilvl);
        if ilfo == 0 || ilvl >= LEVELS {
            return None;
        }
        let lfo = self.lfos.get(usize::from(ilfo) - 1)?;
        let lst = self.lsts.iter().find(|l| l.lsid == lfo.lsid)?;
        // lists with restarts count on their own; others share their
        // definition's counters, as Word continues them
        let key = if lfo.starts.iter().any(Option::is_some) {
            -i64::from(ilfo)
        } else {
            i64::from(lfo.lsid) + (1 << 32)
        };
        let starts: Vec<u32> = (0..LEVELS)
            .map(|l| {
                lfo.starts
                    .get(l)
                    .copied()
                    .flatten()
                    .or_else(|| lst.levels.get(l).map(|x| x.start))
                    .unwrap_or(1)
            })
            .collect();
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        let slot = counters.get_mut(ilvl)?;
        *slot = Some(slot.map_or(starts.get(ilvl).copied().unwrap_or(1), |v| {
            v.saturating_add(1)
        }));
        for deeper in counters.iter_mut().skip(ilvl + 1) {
            *deeper = None;
        }
        let level = lst.levels.get(ilvl)?;
        if matches!(level.nfc, 23 | 255) {
            return None;
        }
        let mut out = String::new();
        for &u in &level.xst {
            if u < LEVELS as u16 {
                let l = usize::from(u);
                let value = counters
                    .get(l)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| starts.get(l).copied().unwrap_or(1));
                let nfc = lst.levels.get(l).map_or(0, |x| x.nfc);
                out.push_str(&format_number(value, nfc)?);
            } else {
                out.push_str(&String::from_utf16_lossy(&[u]));
            }
        }
        if out.is_empty() {
            return None;
        }
        // follow 2: nothing between the number and the text
        Some(xxgknb_core::numbering::finish_label(out, level.follow != 2))
    }
}

/// A counter value in number format `nfc` ([MS-DOC] MSONFC); `None` for
/// formats not rendered.
fn format_number(n: u32, nfc: u8) -> Option<String> {
    use xxgknb_core::numbering::{format, NumberStyle as S};
    let style = match nfc {
        0 | 5 => S::Decimal,
        22 => S::DecimalZero,
        1 => S::UpperRoman,
        2 => S::LowerRoman,
        3 => S::UpperLetter,
        4 => S::LowerLetter,
        // double-byte (full-width) digits
        14 | 19 => S::FullWidth,
        18 | 28 => S::Circled,
        27 => S::Parenthesised,
        30 => S::HeavenlyStem,
        31 => S::EarthlyBranch,
        // ideographic digits one by one (一〇一)
        10 => S::IdeographDigits,
        // Chinese / Taiwanese counting (一 … 十 … 九十九), legal 壹贰叁
        11 | 33 | 37 | 39 => S::Chinese,
        38 => S::ChineseLegal,
        _ => return None,
    };
    format(n, style)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(11, 37).as_deref(), Some("十一"));
        assert_eq!(format_number(20, 37).as_deref(), Some("二十"));
        assert_eq!(format_number(105, 37).as_deref(), Some("一百零五"));
        assert_eq!(format_number(3, 38).as_deref(), Some("叁"));
        assert_eq!(format_number(2, 30).as_deref(), Some("乙"));
        assert_eq!(format_number(3, 18).as_deref(), Some("③"));
        assert_eq!(format_number(4, 2).as_deref(), Some("iv"));
        assert_eq!(format_number(28, 3).as_deref(), Some("BB"));
        assert_eq!(format_number(7, 22).as_deref(), Some("07"));
        assert_eq!(format_number(101, 10).as_deref(), Some("一〇一"));
        assert_eq!(format_number(1, 200), None);
    }

    #[test]
    fn damaged_tables_give_no_labels() {
        let mut l = Lists::read(&[0xFF; 64], (0, 64), (0, 64));
        assert_eq!(l.label(1, 0), None);
        let mut l = Lists::read(&[], (10, u32::MAX), (u32::MAX, 8));
        assert_eq!(l.label(1, 0), None);
    }
}
