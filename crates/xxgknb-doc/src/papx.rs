//! Paragraph properties: the `PlcBtePapx` bin table (in the table stream)
//! names 512-byte `PapxFkp` pages of the `WordDocument` stream; each page
//! maps FC ranges (one per paragraph) to a `PapxInFkp` holding the style
//! and the paragraph's sprms. Only the table-related sprms are decoded
//! (see [`ParaProps`]).

use xxgknb_core::AdapterError;

use crate::bytes::{corrupt, le16, le_i16, le_i32, slice, u32_at};
use xxgknb_core::Deadline;

/// Size of an FKP page.
const PAGE: usize = 512;
/// Most FKP pages read (a 256 MB stream has half a million).
const MAX_PAGES: usize = 1 << 19;

/// One FC range of an FKP and its sprms.
#[derive(Debug, Clone)]
struct Run {
    fc_start: u32,
    fc_end: u32,
    grpprl: Vec<u8>,
}

/// All paragraph runs of the document, sorted by FC.
#[derive(Debug, Default)]
pub struct PapxIndex {
    runs: Vec<Run>,
    /// The `Data` stream, where `sprmPHugePapx` keeps large property sets.
    data: Vec<u8>,
}

/// A table row definition from `sprmTDefTable`, with `sprmTVertMerge`
/// overrides applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableDef {
    /// Cell boundaries in twips: cell i spans `centers[i]..centers[i+1]`.
    pub centers: Vec<i16>,
    /// Per cell: horizontal merge (0 none, 1 first, 2/3 merged into the
    /// previous) from the legacy `TC80` flags.
    pub horz: Vec<u8>,
    /// Per cell: vertical merge (0 none, 1/2 continues the cell above, 3
    /// starts a merged region).
    pub vert: Vec<u8>,
}

/// The paragraph properties the reader uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaProps {
    /// `sprmPFInTable`: the paragraph is in a table.
    pub in_table: bool,
    /// `sprmPFTtp`: the paragraph is a table row end (TTP).
    pub ttp: bool,
    /// `sprmPItap` (+ `sprmPDtap`): table nesting depth, if given.
    pub itap: Option<i32>,
    /// `sprmPFInnerTableCell`: ends a cell of a nested table.
    pub inner_cell: bool,
    /// `sprmPFInnerTtp`: ends a row of a nested table.
    pub inner_ttp: bool,
    /// The row's cell layout, on a row-end paragraph.
    pub def: Option<TableDef>,
    /// `sprmPIlfo`: 1-based list override, 0 when not in a list.
    pub ilfo: u16,
    /// `sprmPIlvl`: list level.
    pub ilvl: u8,
}

impl ParaProps {
    /// Table nesting depth: `sprmPItap`, else 1 when in a table.
    pub fn depth(&self) -> i32 {
        self.itap.unwrap_or(i32::from(self.in_table))
    }
}

impl PapxIndex {
    /// Read the bin table and every FKP page it names. `data` is the
    /// `Data` stream (empty if the file has none).
    pub fn read(
        word: &[u8],
        table: &[u8],
        data: &[u8],
        at: (u32, u32),
        deadline: &Deadline,
    ) -> Result<Self, AdapterError> {
        if at.1 == 0 {
            return Ok(Self::default());
        }
        let plc = slice(table, at.0 as usize, at.1 as usize, "PlcBtePapx")?;
        if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(8) {
            return Err(corrupt(format!(
                "PlcBtePapx has a size of {} bytes, not 4 + 8n",
                plc.len()
            )));
        }
        let n = (plc.len() - 4) / 8;
        if n > MAX_PAGES {
            return Err(corrupt(format!(
                "PlcBtePapx names {n} FKP pages (at most {MAX_PAGES} are read)"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        let mut runs = Vec::new();
        for i in 0..n {
            let pn = u32_at(plc, 4 * (n + 1) + 4 * i, "PlcBtePapx page number")? & 0x003F_FFFF;
            if !seen.insert(pn) {
                continue;
            }
            if i % 64 == 0 {
                deadline.check()?;
            }
            let page = slice(word, pn as usize * PAGE, PAGE, "PAPX FKP page")?;
            fkp(page, &mut runs)?;
        }
        runs.sort_by_key(|r| r.fc_start);
        Ok(PapxIndex {
            runs,
            data: data.to_vec(),
        })
    }

    /// Properties of the paragraph whose mark is at `fc`, with `extra`
    /// sprms (the piece's property modifier) applied after the FKP's.
    pub fn props_at(&self, fc: u32, extra: &[u8]) -> ParaProps {
        let i = self.runs.partition_point(|r| r.fc_start <= fc);
        let run = i
            .checked_sub(1)
            .and_then(|i| self.runs.get(i))
            .filter(|r| fc < r.fc_end);
        let grpprl = run.map_or(&[][..], |r| r.grpprl.as_slice());
        props_with(grpprl, extra, &self.data)
    }
}

/// Parse one `PapxFkp` page into runs.
fn fkp(page: &[u8], runs: &mut Vec<Run>) -> Result<(), AdapterError> {
    let crun = usize::from(page.get(PAGE - 1).copied().unwrap_or(0));
    let bx = 4 * (crun + 1);
    if bx + 13 * crun > PAGE - 1 {
        return Err(corrupt(format!(
            "PAPX FKP page claims {crun} runs, too many for a page"
        )));
    }
    for i in 0..crun {
        let fc_start = u32_at(page, 4 * i, "FKP rgfc")?;
        let fc_end = u32_at(page, 4 * (i + 1), "FKP rgfc")?;
        let b_offset = usize::from(page.get(bx + 13 * i).copied().unwrap_or(0));
        let grpprl = if b_offset == 0 {
            Vec::new()
        } else {
            papx_grpprl(page, 2 * b_offset)?
        };
        runs.push(Run {
            fc_start,
            fc_end,
            grpprl,
        });
    }
    Ok(())
}

/// The sprms of a `PapxInFkp` at `off` (its 2-byte style index skipped).
fn papx_grpprl(page: &[u8], off: usize) -> Result<Vec<u8>, AdapterError> {
    let cb = usize::from(page.get(off).copied().unwrap_or(0));
    let (start, len) = if cb == 0 {
        let cb2 = usize::from(page.get(off + 1).copied().unwrap_or(0));
        (off + 2, 2 * cb2)
    } else {
        (off + 1, 2 * cb - 1)
    };
    let data = slice(page, start, len, "PapxInFkp")?;
    Ok(data.get(2..).unwrap_or_default().to_vec())
}

/// Size of a sprm's operand at `rest` (the bytes after the 2-byte sprm).
fn operand_len(sprm: u16, rest: &[u8]) -> usize {
    match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => match sprm {
            // sprmTDefTable / sprmTDefTable10: a 2-byte count of the
            // bytes that follow, plus one
            0xD608 | 0xD606 => usize::from(le16(rest, 0)).saturating_add(1),
            // sprmPChgTabs with the 255 escape
            0xC615 if rest.first() == Some(&255) => {
                let del = usize::from(rest.get(1).copied().unwrap_or(0));
                let add_at = 2 + 4 * del;
                let add = usize::from(rest.get(add_at).copied().unwrap_or(0));
                add_at + 1 + 3 * add
            }
            _ => 1 + usize::from(rest.first().copied().unwrap_or(0)),
        },
    }
}

/// Decode the table-related sprms of a grpprl (no `Data` stream).
#[cfg(test)]
pub fn props(grpprl: &[u8]) -> ParaProps {
    props_with(grpprl, &[], &[])
}

/// Decode the table-related sprms of a grpprl, then of `extra`;
/// `sprmPHugePapx` is followed into `data` (one level: a huge PAPX in the
/// `Data` stream is not followed again).
pub fn props_with(grpprl: &[u8], extra: &[u8], data: &[u8]) -> ParaProps {
    let mut p = ParaProps::default();
    let mut vmerges: Vec<(usize, u8)> = Vec::new();
    apply(grpprl, Some(data), &mut p, &mut vmerges);
    apply(extra, None, &mut p, &mut vmerges);
    if let Some(def) = p.def.as_mut() {
        for (itc, flag) in vmerges {
            if let Some(v) = def.vert.get_mut(itc) {
                *v = flag;
            }
        }
    }
    p
}

/// The grpprl of a `PrcData` at `fc` in the `Data` stream.
fn huge_grpprl(data: &[u8], fc: usize) -> Option<&[u8]> {
    let cb = usize::from(le16(data.get(fc..)?, 0));
    data.get(fc.checked_add(2)?..fc.checked_add(2 + cb)?)
}

/// Apply the sprms of `grpprl` to `p`.
fn apply(grpprl: &[u8], data: Option<&[u8]>, p: &mut ParaProps, vmerges: &mut Vec<(usize, u8)>) {
    let mut off = 0usize;
    while let Some(head) = grpprl.get(off..off + 2) {
        let sprm = le16(head, 0);
        let rest = grpprl.get(off + 2..).unwrap_or_default();
        let len = operand_len(sprm, rest);
        let Some(op) = rest.get(..len) else {
            break;
        };
        match sprm {
            0x2416 => p.in_table = op.first().is_some_and(|b| *b != 0),
            0x2417 => p.ttp = op.first().is_some_and(|b| *b != 0),
            0x244B => p.inner_cell = op.first().is_some_and(|b| *b != 0),
            0x244C => p.inner_ttp = op.first().is_some_and(|b| *b != 0),
            0x6649 => p.itap = Some(le_i32(op, 0)),
            0x460B => p.ilfo = le16(op, 0),
            0x260A => p.ilvl = op.first().copied().unwrap_or(0),
            0x664A => p.itap = Some(p.itap.unwrap_or(0).saturating_add(le_i32(op, 0))),
            0xD608 => p.def = Some(table_def(op)),
            // sprmTVertMerge: size byte, cell index, flag
            0xD62B => {
                if let (Some(itc), Some(flag)) = (op.get(1), op.get(2)) {
                    vmerges.push((usize::from(*itc), *flag));
                }
            }
            // sprmPHugePapx: the properties live in the Data stream
            0x6646 => {
                if let Some(huge) = data.and_then(|d| huge_grpprl(d, le_i32(op, 0) as u32 as usize))
                {
                    apply(huge, None, p, vmerges);
                }
            }
            _ => {}
        }
        off = off.saturating_add(2 + len);
    }
}

/// `TDefTableOperand`: cb (2), itcMac (1), rgdxaCenter (itcMac+1 × 2),
/// then up to itcMac 20-byte `TC80`s (missing ones are default).
fn table_def(op: &[u8]) -> TableDef {
    let n = usize::from(op.get(2).copied().unwrap_or(0));
    let centers: Vec<i16> = (0..=n)
        .map_while(|i| {
            let at = 3 + 2 * i;
            op.get(at + 1).map(|_| le_i16(op, at))
        })
        .collect();
    let tc_base = 3 + 2 * (n + 1);
    let mut horz = Vec::with_capacity(n);
    let mut vert = Vec::with_capacity(n);
    for i in 0..n {
        let at = tc_base + 20 * i;
        let grf = if op.get(at + 1).is_some() {
            le16(op, at)
        } else {
            0
        };
        horz.push((grf & 0x3) as u8);
        vert.push(((grf >> 5) & 0x3) as u8);
    }
    TableDef {
        centers,
        horz,
        vert,
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decodes_table_sprms() {
        let mut g = vec![0x16, 0x24, 1, 0x17, 0x24, 1];
        // sprmTDefTable with two cells, boundaries 0, 100, 300; cell 2
        // starts a vertical merge
        let mut op = vec![2u8];
        for x in [0i16, 100, 300] {
            op.extend(x.to_le_bytes());
        }
        op.extend([0u8; 20]);
        let mut tc = [0u8; 20];
        tc[0] = 3 << 5;
        op.extend(tc);
        g.extend([0x08, 0xD6]);
        g.extend(((op.len() + 1) as u16).to_le_bytes());
        g.extend(&op);
        // sprmTVertMerge on cell 0: continue
        g.extend([0x2B, 0xD6, 2, 0, 1]);
        let p = props(&g);
        assert!(p.in_table && p.ttp);
        assert_eq!(p.depth(), 1);
        let def = p.def.unwrap();
        assert_eq!(def.centers, vec![0, 100, 300]);
        assert_eq!(def.vert, vec![1, 3]);
        assert_eq!(def.horz, vec![0, 0]);
    }

    #[test]
    fn huge_papx_is_followed_once() {
        // Data stream: junk, then a PrcData at 4 holding sprmPFTtp and a
        // nested sprmPHugePapx pointing at itself
        let mut data = vec![0u8; 4];
        let inner = [0x17u8, 0x24, 1, 0x46, 0x66, 4, 0, 0, 0];
        data.extend((inner.len() as u16).to_le_bytes());
        data.extend(inner);
        let p = props_with(&[0x46, 0x66, 4, 0, 0, 0], &[], &data);
        assert!(p.ttp);
        // outside the stream: ignored
        assert_eq!(
            props_with(&[0x46, 0x66, 0xFF, 0xFF, 0xFF, 0x7F], &[], &data),
            ParaProps::default()
        );
    }

    #[test]
    fn truncated_sprms_stop_quietly() {
        assert_eq!(props(&[0x16]), ParaProps::default());
        assert_eq!(props(&[0x08, 0xD6, 0xFF, 0xFF, 1]).def, None);
        let p = props(&[0x49, 0x66, 2, 0, 0, 0]);
        assert_eq!(p.depth(), 2);
    }

    #[test]
    fn fkp_with_absurd_run_count_is_corrupt() {
        let mut page = vec![0u8; PAGE];
        page[PAGE - 1] = 200;
        let mut runs = Vec::new();
        assert!(fkp(&page, &mut runs).is_err());
    }
}
