//! The piece table (`Clx` → `Pcdt` → `PlcPcd` in the table stream) and the
//! main document text it describes. Each piece maps a run of character
//! positions (CPs) onto bytes of the `WordDocument` stream, either 8-bit
//! "compressed" (cp1252 with the spec's mapping of 0x80-0x9F) or UTF-16LE.
//! The result keeps, for every paragraph or cell mark of the main text,
//! its file offset (FC), which is how paragraph properties are found.

use xxgknb_core::AdapterError;

use crate::bytes::{corrupt, slice, u16_at, u32_at};
use xxgknb_core::Deadline;

/// One piece: CPs `[cp_start, cp_end)` stored from byte `fc`.
#[derive(Debug, Clone, Copy)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
    /// Property modifier applied to the piece's content.
    prm: u16,
}

/// The main document text: code units, and the FC of each mark.
#[derive(Debug, Default)]
pub struct Text {
    /// UTF-16 code units (compressed characters mapped to Unicode).
    pub units: Vec<u16>,
    /// Byte offset in the `WordDocument` stream of each paragraph mark
    /// (0x0D) and cell mark (0x07), in text order.
    pub mark_fcs: Vec<u32>,
    /// The `Prm` of the piece holding each mark.
    mark_prms: Vec<u16>,
    /// The `Prc` grpprls of the `Clx`, which a complex `Prm` indexes.
    prcs: Vec<Vec<u8>>,
}

impl Text {
    fn push(&mut self, unit: u16, fc: usize, prm: u16) {
        if matches!(unit, 0x0D | 0x07) {
            self.mark_fcs.push(fc as u32);
            self.mark_prms.push(prm);
        }
        self.units.push(unit);
    }

    /// The sprms the piece's property modifier adds to the paragraph of
    /// mark `k` (empty when none): a `Prm1` names a `Prc` grpprl of the
    /// `Clx`; a `Prm0` holds one sprm, of which only the table marks
    /// (isprm 0x18 `sprmPFInTable`, 0x19 `sprmPFTtp`) matter here.
    pub fn prm_sprms(&self, k: usize) -> Vec<u8> {
        let Some(&prm) = self.mark_prms.get(k) else {
            return Vec::new();
        };
        if prm & 1 == 1 {
            return self
                .prcs
                .get(usize::from(prm >> 1))
                .cloned()
                .unwrap_or_default();
        }
        let val = (prm >> 8) as u8;
        match (prm >> 1) & 0x7F {
            0x18 => vec![0x16, 0x24, val],
            0x19 => vec![0x17, 0x24, val],
            _ => Vec::new(),
        }
    }
}

/// The `PlcPcd` out of a `Clx`, after the `Prc` entries (`clxt` 0x01,
/// whose grpprls are collected), from the `Pcdt` (`clxt` 0x02).
fn plc_pcd(clx: &[u8]) -> Result<(&[u8], Vec<Vec<u8>>), AdapterError> {
    let mut off = 0usize;
    let mut prcs = Vec::new();
    // every Prc consumes at least 3 bytes, so this loop ends
    loop {
        match clx.get(off) {
            Some(0x01) => {
                let cb = usize::from(u16_at(clx, off + 1, "Clx Prc size")?);
                prcs.push(slice(clx, off + 3, cb, "Clx Prc")?.to_vec());
                off = off.saturating_add(3 + cb);
            }
            Some(0x02) => {
                let lcb = u32_at(clx, off + 1, "Clx Pcdt size")? as usize;
                return Ok((slice(clx, off + 5, lcb, "Clx PlcPcd")?, prcs));
            }
            Some(other) => {
                return Err(corrupt(format!(
                    "piece table (Clx) has an entry of unknown type {other:#04x} at offset {off}"
                )))
            }
            None => return Err(corrupt("piece table (Clx) has no Pcdt")),
        }
    }
}

/// Parse the pieces of a `PlcPcd`: n+1 CPs, then n 8-byte `Pcd`s.
fn parse_pieces(plc: &[u8]) -> Result<Vec<Piece>, AdapterError> {
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(corrupt(format!(
            "piece table (PlcPcd) has a size of {} bytes, not 4 + 12n",
            plc.len()
        )));
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    for i in 0..n {
        let cp_start = u32_at(plc, 4 * i, "PlcPcd CP")?;
        let cp_end = u32_at(plc, 4 * (i + 1), "PlcPcd CP")?;
        if cp_end < cp_start {
            return Err(corrupt(format!(
                "piece table CPs go backwards ({cp_start} then {cp_end})"
            )));
        }
        let pcd = 4 * (n + 1) + 8 * i;
        let raw = u32_at(plc, pcd + 2, "Pcd fc")?;
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc: raw & 0x3FFF_FFFF,
            compressed: raw & 0x4000_0000 != 0,
            prm: u16_at(plc, pcd + 6, "Pcd prm")?,
        });
    }
    Ok(pieces)
}

/// Unicode for a compressed (8-bit) character: 0x80-0x9F per the spec's
/// table (the cp1252 graphics), everything else Latin-1.
fn compressed_char(b: u8) -> u16 {
    match b {
        0x82 => 0x201A,
        0x83 => 0x0192,
        0x84 => 0x201E,
        0x85 => 0x2026,
        0x86 => 0x2020,
        0x87 => 0x2021,
        0x88 => 0x02C6,
        0x89 => 0x2030,
        0x8A => 0x0160,
        0x8B => 0x2039,
        0x8C => 0x0152,
        0x91 => 0x2018,
        0x92 => 0x2019,
        0x93 => 0x201C,
        0x94 => 0x201D,
        0x95 => 0x2022,
        0x96 => 0x2013,
        0x97 => 0x2014,
        0x98 => 0x02DC,
        0x99 => 0x2122,
        0x9A => 0x0161,
        0x9B => 0x203A,
        0x9C => 0x0153,
        0x9F => 0x0178,
        b => u16::from(b),
    }
}

/// Decode the first `ccp_text` characters of the document. `max_units`
/// bounds the text (pieces may overlap, so the stream size alone does not).
pub fn main_text(
    word: &[u8],
    table: &[u8],
    clx: (u32, u32),
    ccp_text: u32,
    max_units: u64,
    deadline: &Deadline,
) -> Result<Text, AdapterError> {
    let clx = slice(table, clx.0 as usize, clx.1 as usize, "piece table (Clx)")?;
    let (plc, prcs) = plc_pcd(clx)?;
    let pieces = parse_pieces(plc)?;
    if u64::from(ccp_text) > max_units {
        return Err(AdapterError::LimitExceeded {
            what: "characters of main document text (bytes per stream)",
            limit: max_units,
        });
    }
    // every character takes at least one byte of the stream
    if ccp_text as usize > word.len() {
        return Err(corrupt(format!(
            "FIB ccpText {ccp_text} exceeds the {} bytes of the WordDocument stream",
            word.len()
        )));
    }
    let mut text = Text {
        units: Vec::with_capacity(ccp_text as usize),
        prcs,
        ..Text::default()
    };
    for p in pieces {
        deadline.check()?;
        if p.cp_start >= ccp_text {
            break;
        }
        let count = (p.cp_end.min(ccp_text) - p.cp_start) as usize;
        if p.compressed {
            let start = (p.fc / 2) as usize;
            let bytes = slice(word, start, count, "text piece")
                .map_err(|_| corrupt(piece_outside(p, word.len())))?;
            for (k, b) in bytes.iter().enumerate() {
                text.push(compressed_char(*b), start + k, p.prm);
            }
        } else {
            let start = p.fc as usize;
            let bytes = slice(word, start, count.saturating_mul(2), "text piece")
                .map_err(|_| corrupt(piece_outside(p, word.len())))?;
            for (k, c) in bytes.chunks_exact(2).enumerate() {
                let unit = u16::from_le_bytes([
                    c.first().copied().unwrap_or(0),
                    c.get(1).copied().unwrap_or(0),
                ]);
                text.push(unit, start + 2 * k, p.prm);
            }
        }
    }
    if (text.units.len() as u64) < u64::from(ccp_text) {
        return Err(corrupt(format!(
            "piece table covers {} of the {ccp_text} characters of main text",
            text.units.len()
        )));
    }
    Ok(text)
}

fn piece_outside(p: Piece, len: usize) -> String {
    format!(
        "piece table points outside the WordDocument stream ({} characters from byte {} \
         of {len})",
        p.cp_end - p.cp_start,
        if p.compressed { p.fc / 2 } else { p.fc }
    )
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn clx(pieces: &[(u32, u32, u32)]) -> Vec<u8> {
        // (cp_start, cp_end, raw fc) with contiguous CPs
        let mut plc = Vec::new();
        for (s, _, _) in pieces {
            plc.extend(s.to_le_bytes());
        }
        plc.extend(pieces.last().map_or(0, |p| p.1).to_le_bytes());
        for (_, _, fc) in pieces {
            plc.extend([0u8, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0u8, 0]);
        }
        let mut c = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        c.extend((plc.len() as u32).to_le_bytes());
        c.extend(plc);
        c
    }

    fn read(word: &[u8], table: &[u8], ccp: u32) -> Result<Text, AdapterError> {
        let d = Deadline::after(Duration::from_secs(5));
        main_text(word, table, (0, table.len() as u32), ccp, 1 << 20, &d)
    }

    #[test]
    fn decodes_compressed_and_unicode_pieces() {
        let mut word = b"ab\x93\r".to_vec();
        word.extend("中\u{7}".encode_utf16().flat_map(u16::to_le_bytes));
        let table = clx(&[(0, 4, 0x4000_0000), (4, 6, 4)]);
        let t = read(&word, &table, 6).unwrap();
        assert_eq!(String::from_utf16(&t.units).unwrap(), "ab\u{201C}\r中\u{7}");
        assert_eq!(t.mark_fcs, vec![3, 6]);
    }

    #[test]
    fn bad_tables_are_corrupt() {
        let word = b"abc".to_vec();
        // piece outside the stream
        let table = clx(&[(0, 3, 100)]);
        assert!(matches!(
            read(&word, &table, 3),
            Err(AdapterError::Corrupt { .. })
        ));
        // no Pcdt
        assert!(matches!(
            read(&word, &[0x01, 0, 0], 3),
            Err(AdapterError::Corrupt { .. })
        ));
        assert!(matches!(
            read(&word, &[0x07], 3),
            Err(AdapterError::Corrupt { .. })
        ));
        // too little text
        let table = clx(&[(0, 3, 0x4000_0000)]);
        assert!(matches!(
            read(&word, &table, 9),
            Err(AdapterError::Corrupt { .. })
        ));
        // absurd length
        let d = Deadline::after(Duration::from_secs(5));
        assert!(matches!(
            main_text(
                &word,
                &table,
                (0, table.len() as u32),
                u32::MAX >> 1,
                10,
                &d
            ),
            Err(AdapterError::LimitExceeded { .. })
        ));
    }
}
