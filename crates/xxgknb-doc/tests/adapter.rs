// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]
#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly
//! The adapter on small documents built in memory (text, fields, special
//! characters, tables with merges, nested tables) and on hostile input:
//! each bad file is a typed error, never a panic.

mod common;

use common::*;
use xxgknb_core::{Adapter, AdapterError, Block, Confidence, Document, Limits, Table};
use xxgknb_doc::DocAdapter;

fn read(bytes: &[u8]) -> Result<Document, AdapterError> {
    DocAdapter.read(bytes, &Limits::default())
}

fn texts(doc: &Document) -> Vec<String> {
    doc.paragraphs().map(|p| p.text.clone()).collect()
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

#[test]
fn paragraphs_fields_and_special_characters() {
    let d = doc(&[
        ("标题\r", vec![]),
        // field: code dropped, result kept; nested field inside the code
        (
            "页码\u{13} PAGE \u{13}x\u{14}y\u{15}\u{14}3\u{15}页\r",
            vec![],
        ),
        ("机关\u{b}2024年1月\r", vec![]),
        ("non\u{1e}breaking soft\u{1f}hyphen\u{1}\u{8}\r", vec![]),
        ("\r", vec![]),
        ("  缩进\t制表\r", vec![]),
    ]);
    let out = read(&d).unwrap();
    assert_eq!(out.format, "doc");
    assert_eq!(
        texts(&out),
        vec![
            "标题",
            "页码3页",
            "机关",
            "2024年1月",
            "non-breaking softhyphen",
            "  缩进\t制表"
        ]
    );
    // positions: paragraph ordinals, the empty one counted
    let lines: Vec<Option<u32>> = out
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.pos.line,
            Block::Table(t) => t.pos.line,
        })
        .collect();
    assert_eq!(
        lines,
        vec![Some(1), Some(2), Some(3), Some(3), Some(4), Some(6)]
    );
}

#[test]
fn table_with_vertical_and_horizontal_spans() {
    let t = in_table;
    let d = doc(&[
        ("前\r", vec![]),
        // row 1: 项目 (starts a vertical merge) | 数量 over two columns
        ("项目\u{7}", t()),
        ("数量\u{7}", t()),
        ("\u{7}", row_end(&[0, 1000, 3000], &[3, 0], &[])),
        // row 2: (continues) | 甲 | 乙
        ("\u{7}", t()),
        ("甲\u{7}", t()),
        ("乙\u{7}", t()),
        ("\u{7}", row_end(&[0, 1000, 2000, 3000], &[1, 0, 0], &[])),
        // row 3: 合计 | 5 | blank; cell with two paragraphs
        ("合\r", t()),
        ("计\u{7}", t()),
        ("5\u{7}", t()),
        ("\u{7}", t()),
        ("\u{7}", row_end(&[0, 1000, 2000, 3000], &[], &[])),
        ("后\r", vec![]),
    ]);
    let out = read(&d).unwrap();
    assert_eq!(texts(&out), vec!["前", "后"]);
    let ts = tables(&out);
    assert_eq!(ts.len(), 1);
    let tb = ts[0];
    let g = tb.grid();
    assert_eq!((g.slots.len(), g.width), (3, 3));
    let cells: Vec<Vec<(&str, u32, u32)>> = tb
        .rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| (c.text.as_str(), c.row_span, c.col_span))
                .collect()
        })
        .collect();
    assert_eq!(
        cells,
        vec![
            vec![("项目", 2, 1), ("数量", 1, 2)],
            vec![("甲", 1, 1), ("乙", 1, 1)],
            vec![("合\n计", 1, 1), ("5", 1, 1), ("", 1, 1)],
        ]
    );
    assert_eq!(tb.rows[1][0].pos.cell.as_deref(), Some("T1R2C2"));
    assert_eq!(tb.rows[0][0].pos.line, Some(2));
    assert_eq!(tb.pos.cell.as_deref(), Some("T1"));
}

#[test]
fn legacy_horizontal_merge_widens_the_first_cell() {
    let t = in_table;
    let d = doc(&[
        ("合并\u{7}", t()),
        ("\u{7}", t()),
        ("x\u{7}", t()),
        ("\u{7}", row_end(&[0, 500, 1000, 1500], &[], &[1, 2, 0])),
        ("a\u{7}", t()),
        ("b\u{7}", t()),
        ("c\u{7}", t()),
        ("\u{7}", row_end(&[0, 500, 1000, 1500], &[], &[])),
    ]);
    let out = read(&d).unwrap();
    let tb = tables(&out)[0];
    assert_eq!(tb.rows[0].len(), 2);
    assert_eq!(
        (tb.rows[0][0].text.as_str(), tb.rows[0][0].col_span),
        ("合并", 2)
    );
    assert_eq!(tb.grid().width, 3);
}

#[test]
fn nested_table_is_flattened_into_its_cell() {
    let t = in_table;
    let d = doc(&[
        ("外\r", t()),
        ("a\r", nested(true, false)),
        ("b\r", nested(true, false)),
        ("\r", nested(false, true)),
        ("\u{7}", t()),
        ("右\u{7}", t()),
        ("\u{7}", row_end(&[0, 100, 200], &[], &[])),
    ]);
    let out = read(&d).unwrap();
    let tb = tables(&out)[0];
    assert_eq!(tb.rows[0][0].text, "外\na\tb");
    assert_eq!(tb.rows[0][1].text, "右");
    assert!(
        out.notes.iter().any(|n| n.contains("nested")),
        "{:?}",
        out.notes
    );
}

#[test]
fn table_marks_from_the_pieces_property_modifier() {
    // the in-table mark is carried by the piece's Prm, not by the FKP
    let paras = [
        ("x\r", vec![]),
        ("a\u{7}", vec![]),
        ("b\u{7}", vec![]),
        ("\u{7}", row_end(&[0, 100, 200], &[], &[])),
    ];
    let prm1 = {
        let (w, t) = doc_streams_with(&paras, &[vec![0x33, 0x24, 1], in_table()], 1 | (1 << 1));
        read(&ole(&[("WordDocument", &w), ("1Table", &t)])).unwrap()
    };
    let prm0 = {
        let (w, t) = doc_streams_with(&paras, &[], (0x18 << 1) | (1 << 8));
        read(&ole(&[("WordDocument", &w), ("1Table", &t)])).unwrap()
    };
    for out in [prm1, prm0] {
        let ts = tables(&out);
        assert_eq!(ts.len(), 1);
        let texts: Vec<&str> = ts[0]
            .rows
            .iter()
            .flatten()
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(texts, vec!["x\na", "b"]);
        assert!(out.blocks.iter().all(|b| matches!(b, Block::Table(_))));
    }
}

#[test]
fn sniffs_by_content_whatever_the_name() {
    let d = doc(&[("x\r", vec![])]);
    for ext in [Some("doc"), Some("wps"), Some("xls"), None] {
        let s = DocAdapter.sniff(&d, ext).expect("claimed");
        assert_eq!((s.format, s.confidence), ("doc", Confidence::Certain));
    }
    let xls = ole(&[("Workbook", b"x")]);
    assert_eq!(DocAdapter.sniff(&xls, Some("doc")), None);
    assert_eq!(DocAdapter.sniff(b"", Some("doc")), None);
    assert_eq!(DocAdapter.sniff(b"{\\rtf1", Some("doc")), None);
}

#[test]
fn the_three_line_word97_fixture_reads() {
    // the file the DOCX adapter's tests use as "a legacy .doc"
    let out = read(&read_fixture("docx/legacy-word97.doc")).unwrap();
    assert_eq!(
        texts(&out),
        vec![
            "测试单位2024年政府信息公开工作年度报告",
            "一、总体情况",
            "本文件为测试用。"
        ]
    );
}

// ---- hostile input ----

fn corrupt(r: Result<Document, AdapterError>) -> String {
    match r {
        Err(AdapterError::Corrupt {
            format: "doc",
            detail,
        }) => detail,
        other => panic!("expected Corrupt, got {other:?}"),
    }
}

#[test]
fn empty_and_random_bytes() {
    assert!(corrupt(read(b"")).contains("not an OLE"));
    let magic = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    for len in [0usize, 100, 600, 5000] {
        let mut b = magic.to_vec();
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            b.push(state as u8);
        }
        assert!(matches!(read(&b), Err(AdapterError::Corrupt { .. })));
    }
}

#[test]
fn truncated_fixture_at_many_lengths() {
    let bytes = read_fixture("doc/100_f996102965cf2f4d.doc");
    let n = bytes.len();
    for cut in [1, 8, 100, 512, 1024, 4096, n / 4, n / 2, n - 512, n - 1] {
        let r = read(&bytes[..cut]);
        assert!(
            matches!(r, Err(AdapterError::Corrupt { .. }) | Ok(_)),
            "cut {cut}: {r:?}"
        );
    }
}

#[test]
fn ole_without_word_document_is_unsupported() {
    let b = ole(&[("Workbook", b"junk")]);
    assert!(matches!(
        read(&b),
        Err(AdapterError::Unsupported { format: "doc", .. })
    ));
}

#[test]
fn encrypted_and_old_versions() {
    let (mut word, table) = doc_streams(&[("x\r", vec![])]);
    word[11] |= 0x01; // fEncrypted
    let b = ole(&[("WordDocument", &word), ("1Table", &table)]);
    assert!(matches!(read(&b), Err(AdapterError::Encrypted(_))));
    let (mut word, table) = doc_streams(&[("x\r", vec![])]);
    put16(&mut word, 2, 0x0065); // Word 6
    let b = ole(&[("WordDocument", &word), ("1Table", &table)]);
    let e = read(&b).unwrap_err();
    assert!(matches!(e, AdapterError::Unsupported { .. }), "{e}");
    assert!(e.to_string().contains("Word 6.0/95"), "{e}");
    let (mut word, table) = doc_streams(&[("x\r", vec![])]);
    put16(&mut word, 0, 0x1234);
    let b = ole(&[("WordDocument", &word), ("1Table", &table)]);
    assert!(corrupt(read(&b)).contains("wIdent"));
    // the table stream the FIB names is missing
    let (word, table) = doc_streams(&[("x\r", vec![])]);
    let b = ole(&[("WordDocument", &word), ("0Table", &table)]);
    assert!(corrupt(read(&b)).contains("1Table"));
}

#[test]
fn piece_table_pointing_outside_the_stream() {
    let bytes = read_fixture("doc/100_f996102965cf2f4d.doc");
    let b = patched(&bytes, |s| {
        let word = stream_mut(s, "WordDocument").clone();
        let fc_clx = get32(&word, FC_LCB + 33 * 8) as usize;
        let lcb_clx = get32(&word, FC_LCB + 33 * 8 + 4) as usize;
        let table = stream_mut(s, "1Table");
        let clx = &mut table[fc_clx..fc_clx + lcb_clx];
        // skip Prc entries to the Pcdt
        let mut off = 0;
        while clx[off] == 1 {
            off += 3 + u16::from_le_bytes([clx[off + 1], clx[off + 2]]) as usize;
        }
        let lcb = get32(clx, off + 1) as usize;
        let n = (lcb - 4) / 12;
        let pcd = off + 5 + 4 * (n + 1);
        put32(clx, pcd + 2, 0x3FFF_FF00);
    });
    assert!(corrupt(read(&b)).contains("outside the WordDocument stream"));
}

#[test]
fn absurd_lengths_and_counts() {
    let (word, table) = doc_streams(&[("x\r", vec![])]);
    let with = |f: &dyn Fn(&mut Vec<u8>, &mut Vec<u8>)| {
        let (mut w, mut t) = (word.clone(), table.clone());
        f(&mut w, &mut t);
        read(&ole(&[("WordDocument", &w), ("1Table", &t)]))
    };
    // ccpText beyond the text
    assert!(matches!(
        with(&|w, _| put32(w, 76, 0x7FFF_FFFF)),
        Err(AdapterError::LimitExceeded { .. } | AdapterError::Corrupt { .. })
    ));
    assert!(matches!(
        with(&|w, _| put32(w, 76, 5000)),
        Err(AdapterError::Corrupt { .. })
    ));
    // negative ccpText
    assert!(matches!(
        with(&|w, _| put32(w, 76, 0xFFFF_FFFF)),
        Err(AdapterError::Corrupt { .. })
    ));
    // Clx size past the table stream
    assert!(matches!(
        with(&|w, _| put32(w, FC_LCB + 33 * 8 + 4, 0xFFFF_FFF0)),
        Err(AdapterError::Corrupt { .. })
    ));
    // PlcBtePapx of absurd size, and naming a page past the stream
    assert!(matches!(
        with(&|w, _| put32(w, FC_LCB + 13 * 8 + 4, 0x7FFF_FFF0)),
        Err(AdapterError::Corrupt { .. })
    ));
    assert!(matches!(
        with(&|_, t| put32(t, 8, 0x003F_FFFF)),
        Err(AdapterError::Corrupt { .. })
    ));
    // an FKP claiming 255 runs
    assert!(matches!(
        with(&|w, _| {
            let last = w.len() - 1;
            w[last] = 255;
        }),
        Err(AdapterError::Corrupt { .. })
    ));
    // fewer fc/lcb pairs than Word 97 has
    assert!(matches!(
        with(&|w, _| put16(w, 152, 5)),
        Err(AdapterError::Corrupt { .. })
    ));
    // a huge piece count in a Clx that does not hold it
    assert!(matches!(
        with(&|w, t| {
            let at = get32(w, FC_LCB + 33 * 8) as usize;
            put32(t, at + 1, 0x7FFF_FFF0);
        }),
        Err(AdapterError::Corrupt { .. })
    ));
}

#[test]
fn limits_are_honoured() {
    let bytes = read_fixture("doc/100_f996102965cf2f4d.doc");
    let small = |l: Limits| DocAdapter.read(&bytes, &l);
    assert!(matches!(
        small(Limits {
            max_file_bytes: 1000,
            ..Limits::default()
        }),
        Err(AdapterError::LimitExceeded { .. })
    ));
    assert!(matches!(
        small(Limits {
            max_entry_bytes: 4096,
            ..Limits::default()
        }),
        Err(AdapterError::LimitExceeded { .. })
    ));
    assert!(matches!(
        small(Limits {
            max_cells_per_table: 20,
            ..Limits::default()
        }),
        Err(AdapterError::LimitExceeded { .. })
    ));
    assert!(matches!(
        small(Limits {
            time_per_file: std::time::Duration::from_nanos(1),
            ..Limits::default()
        }),
        Err(AdapterError::Timeout(_))
    ));
}

#[test]
fn document_without_text_is_unsupported() {
    let d = doc(&[("\r", vec![]), ("\u{1}\r", vec![])]);
    let r = read(&d);
    assert!(matches!(r, Err(AdapterError::Unsupported { .. })), "{r:?}");
    // the one picture is named as what is not read
    let e = r.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        e.contains("1 embedded picture(s)") && e.contains(".docx"),
        "{e}"
    );
    // beside text, the pictures left unread are a note
    let d = doc(&[("报告正文\r", vec![]), ("\u{1}\r", vec![])]);
    let notes = read(&d).map(|d| d.notes).unwrap_or_default();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 embedded picture(s) not read")),
        "{notes:?}"
    );
}

/// Damage the streams (not the container) of real documents at random:
/// every read ends in a document or a typed error, never a panic (which
/// `catch_unwind` would report as `Internal`). `DOC_MUTATION_ROUNDS`
/// runs more rounds per file.
#[test]
fn mutated_streams_never_panic() {
    let rounds: usize = std::env::var("DOC_MUTATION_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150);
    for name in [
        "doc/002_c70a77332f90186d.doc",
        "doc/lists-chinese-numbering.doc",
    ] {
        mutate(name, rounds);
    }
}

fn mutate(name: &str, rounds: usize) {
    let bytes = read_fixture(name);
    let original = streams(&bytes);
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut outcomes = [0usize; 2];
    for round in 0..rounds {
        let mut s = original.clone();
        let k = (next() % s.len() as u64) as usize;
        let data = &mut s[k].1;
        if data.is_empty() {
            continue;
        }
        for _ in 0..(1 + next() % 8) {
            let at = if next() % 2 == 0 {
                // the FIB and the structures near the start matter most
                (next() % 1024.min(data.len() as u64)) as usize
            } else {
                (next() % data.len() as u64) as usize
            };
            data[at] = next() as u8;
        }
        if round % 50 == 0 {
            let cut = (next() % data.len() as u64) as usize;
            data.truncate(cut);
        }
        let refs: Vec<(&str, &[u8])> = s.iter().map(|(n, d)| (n.as_str(), d.as_slice())).collect();
        match read(&ole(&refs)) {
            Ok(_) => outcomes[0] += 1,
            Err(AdapterError::Internal { detail, .. }) => {
                panic!("{name} round {round}: panic: {detail}")
            }
            Err(_) => outcomes[1] += 1,
        }
    }
    // both outcomes occur, so the damage reached the reader
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{name}: {outcomes:?}");
}
