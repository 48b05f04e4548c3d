// test helpers fail loudly (the workspace lints are for library code)
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    dead_code
)]
//! Builders for small Word 97 binary documents made in memory: a FIB, one
//! Unicode text piece, one PAPX FKP page and the compound file around
//! them; and a way to rebuild a fixture with patched streams.

use std::io::{Cursor, Read, Write};
use std::path::PathBuf;

/// Where the text starts in the WordDocument stream.
pub const TEXT_FC: usize = 2048;
/// Offset of the first fc/lcb pair in the FIB.
pub const FC_LCB: usize = 154;

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name)
}

pub fn read_fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).expect("fixture")
}

/// A compound file holding `streams`.
pub fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        cf.create_stream(format!("/{name}"))
            .unwrap()
            .write_all(data)
            .unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// The streams of a compound file (root level).
pub fn streams(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = cf
        .read_root_storage()
        .filter(|e| e.is_stream())
        .map(|e| e.name().to_string())
        .collect();
    names
        .into_iter()
        .map(|n| {
            let mut v = Vec::new();
            cf.open_stream(format!("/{n}"))
                .unwrap()
                .read_to_end(&mut v)
                .unwrap();
            (n, v)
        })
        .collect()
}

/// Rebuild a document with `patch` applied to its streams.
pub fn patched(bytes: &[u8], patch: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut s = streams(bytes);
    patch(&mut s);
    let refs: Vec<(&str, &[u8])> = s.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
    ole(&refs)
}

/// A stream by name.
pub fn stream_mut<'a>(s: &'a mut [(String, Vec<u8>)], name: &str) -> &'a mut Vec<u8> {
    &mut s.iter_mut().find(|(n, _)| n == name).unwrap().1
}

pub fn put16(b: &mut [u8], off: usize, v: u16) {
    b[off..off + 2].copy_from_slice(&v.to_le_bytes());
}

pub fn put32(b: &mut [u8], off: usize, v: u32) {
    b[off..off + 4].copy_from_slice(&v.to_le_bytes());
}

pub fn get32(b: &[u8], off: usize) -> u32 {
    u32::from_le_bytes(b[off..off + 4].try_into().unwrap())
}

/// sprms marking a paragraph as in a table (depth 1).
pub fn in_table() -> Vec<u8> {
    vec![0x16, 0x24, 1]
}

/// sprms of a row end: in table, TTP, and `sprmTDefTable` with these cell
/// boundaries and vertical-merge flags (horizontal flags in `horz`).
pub fn row_end(centers: &[i16], vert: &[u8], horz: &[u8]) -> Vec<u8> {
    let mut g = vec![0x16, 0x24, 1, 0x17, 0x24, 1];
    let n = centers.len() - 1;
    let mut op = vec![n as u8];
    for c in centers {
        op.extend(c.to_le_bytes());
    }
    for i in 0..n {
        let mut tc = [0u8; 20];
        let grf = u16::from(horz.get(i).copied().unwrap_or(0))
            | (u16::from(vert.get(i).copied().unwrap_or(0)) << 5);
        tc[..2].copy_from_slice(&grf.to_le_bytes());
        op.extend(tc);
    }
    g.extend([0x08, 0xD6]);
    g.extend(((op.len() + 1) as u16).to_le_bytes());
    g.extend(op);
    g
}

/// sprms of a paragraph in a nested table (depth 2), optionally ending an
/// inner cell or row.
pub fn nested(cell_end: bool, row_end: bool) -> Vec<u8> {
    let mut g = vec![0x16, 0x24, 1, 0x49, 0x66, 2, 0, 0, 0];
    if cell_end {
        g.extend([0x4B, 0x24, 1]);
    }
    if row_end {
        g.extend([0x4C, 0x24, 1]);
    }
    g
}

/// A Word 97 document whose main text is the paragraphs' texts (each
/// ending in its own mark: `\r` or `\u{7}`), each with its sprms.
pub fn doc(paras: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let (word, table) = doc_streams(paras);
    ole(&[("WordDocument", &word), ("1Table", &table)])
}

/// The WordDocument and 1Table streams of [`doc`].
pub fn doc_streams(paras: &[(&str, Vec<u8>)]) -> (Vec<u8>, Vec<u8>) {
    doc_streams_with(paras, &[], 0)
}

/// [`doc_streams`] with `Prc` grpprls in the `Clx` and a `Prm` on the one
/// text piece.
pub fn doc_streams_with(
    paras: &[(&str, Vec<u8>)],
    prcs: &[Vec<u8>],
    prm: u16,
) -> (Vec<u8>, Vec<u8>) {
    let units: Vec<u16> = paras.iter().flat_map(|(t, _)| t.encode_utf16()).collect();
    let n = units.len();
    let mut word = vec![0u8; TEXT_FC];
    put16(&mut word, 0, 0xA5EC);
    put16(&mut word, 2, 0x00C1);
    put16(&mut word, 10, 0x0200);
    put32(&mut word, 76, n as u32);
    put16(&mut word, 152, 93);
    word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    // FKP pages after the text, a few paragraphs each
    let mut fc = TEXT_FC as u32;
    let mut bte: Vec<(u32, u32)> = Vec::new(); // (first fc, page number)
    for chunk in paras.chunks(4) {
        let pn = word.len().div_ceil(512);
        word.resize(pn * 512, 0);
        bte.push((fc, pn as u32));
        let mut page = vec![0u8; 512];
        let crun = chunk.len();
        let mut free = 511usize;
        for (i, (t, grpprl)) in chunk.iter().enumerate() {
            put32(&mut page, 4 * i, fc);
            fc += 2 * t.encode_utf16().count() as u32;
            let mut body = vec![0u8, 0]; // istd
            body.extend(grpprl);
            let rec: Vec<u8> = if body.len() % 2 == 1 {
                let mut r = vec![body.len().div_ceil(2) as u8];
                r.extend(&body);
                r
            } else {
                let mut r = vec![0u8, (body.len() / 2) as u8];
                r.extend(&body);
                r
            };
            free = (free - rec.len()) & !1;
            page[free..free + rec.len()].copy_from_slice(&rec);
            page[4 * (crun + 1) + 13 * i] = (free / 2) as u8;
        }
        put32(&mut page, 4 * crun, fc);
        assert!(4 * (crun + 1) + 13 * crun < free, "FKP page overflow");
        page[511] = crun as u8;
        word.extend(page);
    }

    let mut table = Vec::new();
    // PlcBtePapx: the first fc of each page, the last fc, page numbers
    let bte_at = table.len();
    for (f, _) in &bte {
        table.extend(f.to_le_bytes());
    }
    table.extend(fc.to_le_bytes());
    for (_, pn) in &bte {
        table.extend(pn.to_le_bytes());
    }
    let bte_len = table.len() - bte_at;
    // Clx: one Pcdt with one Unicode piece
    let clx_at = table.len();
    let mut plc = Vec::new();
    plc.extend(0u32.to_le_bytes());
    plc.extend((n as u32).to_le_bytes());
    plc.extend([0u8, 0]);
    plc.extend((TEXT_FC as u32).to_le_bytes());
    plc.extend(prm.to_le_bytes());
    for g in prcs {
        table.push(0x01);
        table.extend((g.len() as u16).to_le_bytes());
        table.extend(g);
    }
    table.push(0x02);
    table.extend((plc.len() as u32).to_le_bytes());
    table.extend(plc);
    let clx_len = table.len() - clx_at;
    put32(&mut word, FC_LCB + 13 * 8, bte_at as u32);
    put32(&mut word, FC_LCB + 13 * 8 + 4, bte_len as u32);
    put32(&mut word, FC_LCB + 33 * 8, clx_at as u32);
    put32(&mut word, FC_LCB + 33 * 8 + 4, clx_len as u32);
    (word, table)
}
