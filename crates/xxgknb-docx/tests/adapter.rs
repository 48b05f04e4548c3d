#![allow(clippy::expect_used, clippy::unwrap_used)] // tests fail loudly
//! Adapter-level tests on DOCX packages built in the test: by docx-rs's
//! writer (an independent producer) and by hand (zip + tiny XML) for the
//! constructs docx-rs does not write.

use std::io::{Cursor, Write};
use std::time::Duration;

use xxgknb_core::adapter::Confidence;
use xxgknb_core::{Adapter, AdapterError, Block, Document, Limits, Table};
use xxgknb_docx::DocxAdapter;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A zip with the given (name, content) entries, stored uncompressed.
fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in entries {
            z.start_file(*name, opts).expect("start entry");
            z.write_all(data).expect("write entry");
        }
        z.finish().expect("finish zip");
    }
    out.into_inner()
}

/// A minimal DOCX package whose body is `body_xml`.
fn docx_of(body_xml: &str) -> Vec<u8> {
    let doc = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>{body_xml}<w:sectPr/></w:body></w:document>"#
    );
    zip_of(&[
        ("[Content_Types].xml", br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#),
        ("word/document.xml", doc.as_bytes()),
    ])
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

fn tc(props: &str, text: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
}

fn read(bytes: &[u8]) -> Result<Document, AdapterError> {
    DocxAdapter.read(bytes, &Limits::default())
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

/// (text, row_span, col_span) per listed cell.
fn shape(t: &Table) -> Vec<Vec<(&str, u32, u32)>> {
    t.rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| (c.text.as_str(), c.row_span, c.col_span))
                .collect()
        })
        .collect()
}

/// Text of grid slot (r, c) after span resolution.
fn slot_text(t: &Table, r: usize, c: usize) -> Option<String> {
    let g = t.grid();
    let slot = g.slots.get(r)?.get(c).copied().flatten()?;
    t.cell(slot).map(|c| c.text.clone())
}

fn kinds(doc: &Document) -> String {
    doc.blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(_) => 'p',
            Block::Table(_) => 't',
        })
        .collect()
}

#[test]
fn merges_written_by_docx_rs_are_resolved() {
    use docx_rs::{Docx, Paragraph, Run, TableCell, TableRow, VMergeType};
    let cell =
        |t: &str| TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(t)));
    // | 项目 (2 rows) | 申请人情况 (3 cols)       |
    // |               | 自然人 | 企业 | 总计     |
    // | 新收          | 5      |      | 5        |
    let table = docx_rs::Table::new(vec![
        TableRow::new(vec![
            cell("项目").vertical_merge(VMergeType::Restart),
            cell("申请人情况").grid_span(3),
        ]),
        TableRow::new(vec![
            TableCell::new().vertical_merge(VMergeType::Continue),
            cell("自然人"),
            cell("企业"),
            cell("总计"),
        ]),
        TableRow::new(vec![cell("新收"), cell("5"), TableCell::new(), cell("5")]),
    ]);
    let mut out = Cursor::new(Vec::new());
    Docx::new()
        .add_paragraph(
            Paragraph::new().add_run(Run::new().add_text("三、收到和处理政府信息公开申请情况")),
        )
        .add_table(table)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("2024年1月26日")))
        .build()
        .pack(&mut out)
        .expect("docx-rs writes");
    let bytes = out.into_inner();

    let sniff = DocxAdapter.sniff(&bytes, None).expect("claimed");
    assert_eq!(
        (sniff.format, sniff.confidence),
        ("docx", Confidence::Certain)
    );

    let doc = read(&bytes).expect("reads");
    assert_eq!(doc.format, "docx");
    assert_eq!(kinds(&doc), "ptp");
    let t = tables(&doc)[0];
    assert_eq!(
        shape(t),
        vec![
            vec![("项目", 2, 1), ("申请人情况", 1, 3)],
            vec![("自然人", 1, 1), ("企业", 1, 1), ("总计", 1, 1)],
            vec![("新收", 1, 1), ("5", 1, 1), ("", 1, 1), ("5", 1, 1)],
        ]
    );
    // the blank cell stays blank, never "0"
    assert_eq!(slot_text(t, 2, 2).as_deref(), Some(""));
    assert_eq!(slot_text(t, 1, 0).as_deref(), Some("项目"));
    assert_eq!(slot_text(t, 0, 3).as_deref(), Some("申请人情况"));
    assert_eq!(t.rows[1][2].pos.cell.as_deref(), Some("T1R2C4"));
    assert_eq!(t.pos.cell.as_deref(), Some("T1"));
}

#[test]
fn paragraphs_and_tables_keep_document_order_and_positions() {
    let body = format!(
        "{}{}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}<w:tbl><w:tr>{}</w:tr></w:tbl>{}",
        p("东政办〔2024〕8号"),
        p(""),
        tc("", "信息内容"),
        tc("", "本年制发件数"),
        tc("", "规章"),
        tc("", "2"),
        p("三、收到和处理政府信息公开申请情况"),
        tc("", "x"),
        p("海东市人民政府办公室"),
    );
    let doc = read(&docx_of(&body)).expect("reads");
    assert_eq!(kinds(&doc), "ptptp");
    let Block::Paragraph(first) = &doc.blocks[0] else {
        panic!("paragraph first")
    };
    assert_eq!(first.text, "东政办〔2024〕8号");
    assert_eq!(first.pos.line, Some(1));
    let ts = tables(&doc);
    // paragraph 2 is the empty one (dropped but counted), cells are 3..=6
    assert_eq!(ts[0].rows[1][1].pos.line, Some(6));
    assert_eq!(ts[0].rows[1][1].pos.cell.as_deref(), Some("T1R2C2"));
    assert_eq!(ts[1].rows[0][0].pos.cell.as_deref(), Some("T2R1C1"));
    let Block::Paragraph(last) = &doc.blocks[4] else {
        panic!("paragraph last")
    };
    assert_eq!(last.pos.line, Some(9));
}

#[test]
fn cell_paragraphs_join_with_newlines() {
    let body = format!(
        "<w:tbl><w:tr><w:tc>{}{}{}</w:tc><w:tc><w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        p("（三）不予公开"),
        p(""),
        p("1.属于国家秘密"),
    );
    let doc = read(&docx_of(&body)).expect("reads");
    let t = tables(&doc)[0];
    assert_eq!(t.rows[0][0].text, "（三）不予公开\n1.属于国家秘密");
    assert_eq!(t.rows[0][1].text, "a\nb");
}

#[test]
fn vertical_merge_spanning_several_columns() {
    // a 2-column-wide region merged down three rows, beside plain cells
    let span2 = r#"<w:gridSpan w:val="2"/>"#;
    let body = format!(
        "<w:tbl>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}</w:tr>\
         <w:tr>{}{}{}</w:tr>\
         </w:tbl>",
        tc(
            &format!(r#"{span2}<w:vMerge w:val="restart"/>"#),
            "一、本年新收"
        ),
        tc("", "1"),
        tc(&format!("{span2}<w:vMerge/>"), ""),
        tc("", "2"),
        tc(&format!(r#"{span2}<w:vMerge w:val="continue"/>"#), ""),
        tc("", "3"),
        tc("", "a"),
        tc("", "b"),
        tc("", "c"),
    );
    let doc = read(&docx_of(&body)).expect("reads");
    let t = tables(&doc)[0];
    assert_eq!(
        shape(t),
        vec![
            vec![("一、本年新收", 3, 2), ("1", 1, 1)],
            vec![("2", 1, 1)],
            vec![("3", 1, 1)],
            vec![("a", 1, 1), ("b", 1, 1), ("c", 1, 1)],
        ]
    );
    assert_eq!(slot_text(t, 2, 1).as_deref(), Some("一、本年新收"));
    assert_eq!(slot_text(t, 2, 2).as_deref(), Some("3"));
}

#[test]
fn layout_frame_is_unwrapped_and_inner_nesting_flattened() {
    let inner = format!(
        "<w:tbl><w:tr>{}{}</w:tr></w:tbl>",
        tc("", "行政许可"),
        tc("", "12")
    );
    let deep = format!(
        "<w:tbl><w:tr>{}<w:tc>{}<w:tbl><w:tr>{}{}</w:tr></w:tbl></w:tc></w:tr></w:tbl>",
        tc("", "说明"),
        p("见下表"),
        tc("", "x"),
        tc("", "y"),
    );
    // one-column frame holding a heading, a table and a table with a nested table
    let body = format!(
        "<w:tbl><w:tr><w:tc>{}{inner}</w:tc></w:tr><w:tr><w:tc>{deep}</w:tc></w:tr></w:tbl>",
        p("二、主动公开政府信息情况")
    );
    let doc = read(&docx_of(&body)).expect("reads");
    assert_eq!(kinds(&doc), "ptt");
    let ts = tables(&doc);
    assert_eq!(shape(ts[0]), vec![vec![("行政许可", 1, 1), ("12", 1, 1)]]);
    assert_eq!(
        shape(ts[1]),
        vec![vec![("说明", 1, 1), ("见下表\nx\ty", 1, 1)]]
    );
    assert!(
        doc.notes.iter().any(|n| n.contains("T2")),
        "{:?}",
        doc.notes
    );
}

#[test]
fn sniff_claims_docx_only() {
    let docx = docx_of(&p("x"));
    assert!(DocxAdapter.sniff(&docx, Some("docx")).is_some());
    let xlsx = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    assert_eq!(DocxAdapter.sniff(&xlsx, Some("xlsx")), None);
    assert_eq!(DocxAdapter.sniff(&xlsx, None), None);
    let ods = zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", b"<office:document-content/>"),
    ]);
    assert_eq!(DocxAdapter.sniff(&ods, Some("ods")), None);
    assert_eq!(DocxAdapter.sniff(b"%PDF-1.7", Some("docx")), None);
    assert_eq!(DocxAdapter.sniff("<html>".as_bytes(), Some("docx")), None);
}

/// A fake OLE compound file naming a stream (enough for the sniffer).
fn ole_with(stream: &str) -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    b.extend(std::iter::repeat_n(0u8, 504));
    b.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    b.extend(std::iter::repeat_n(0u8, 64));
    b
}

#[test]
fn password_protected_docx_is_reported_as_encrypted() {
    let enc = ole_with("EncryptedPackage");
    let s = DocxAdapter
        .sniff(&enc, Some("docx"))
        .expect("claimed by extension");
    assert_eq!(s.format, "docx");
    assert_eq!(DocxAdapter.sniff(&enc, None), None, "could be any OOXML");
    assert!(matches!(read(&enc), Err(AdapterError::Encrypted(_))));
}

#[test]
fn legacy_doc_is_a_clear_unsupported_error() {
    let doc = ole_with("WordDocument");
    // Word 97-2003 files are left to the `xxgknb-doc` adapter
    assert_eq!(DocxAdapter.sniff(&doc, Some("doc")), None);
    // read directly, this adapter says what the file is
    let err = read(&doc).expect_err("not supported");
    assert!(
        matches!(&err, AdapterError::Unsupported { format: "doc", .. }),
        "{err}"
    );
    assert!(err.to_string().contains(".doc"), "{err}");
}

#[test]
fn zip_that_is_not_a_docx_is_corrupt() {
    let z = zip_of(&[("hello.txt", b"hi")]);
    assert!(DocxAdapter.sniff(&z, None).is_none());
    let s = DocxAdapter.sniff(&z, Some("docx")).expect("claimed weakly");
    assert_eq!(s.confidence, Confidence::Extension);
    let err = read(&z).expect_err("no document part");
    assert!(matches!(err, AdapterError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

#[test]
fn empty_document_is_a_clear_error() {
    let err = read(&docx_of("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>")).expect_err("empty");
    assert!(matches!(err, AdapterError::Unsupported { .. }), "{err}");
    assert!(read(b"").is_err());
}

#[test]
fn truncated_docx_never_panics() {
    let body: String = (0..40).map(|i| p(&format!("第{i}段"))).collect();
    let full = docx_of(&body);
    assert!(read(&full).is_ok());
    for cut in (0..full.len()).step_by(37) {
        let part = &full[..cut];
        let _ = DocxAdapter.sniff(part, Some("docx"));
        let r = read(part);
        assert!(
            !matches!(r, Err(AdapterError::Internal { .. })),
            "cut {cut}: {r:?}"
        );
        if cut < full.len() / 2 {
            assert!(r.is_err(), "cut {cut} should fail");
        }
    }
}

#[test]
fn malformed_document_xml_is_corrupt_with_a_position() {
    let z = zip_of(&[(
        "word/document.xml",
        b"<w:document><w:body><w:p><w:r><w:t>x</w:p></w:body></w:document>",
    )]);
    let err = read(&z).expect_err("malformed");
    assert!(matches!(err, AdapterError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("byte"), "{err}");
}

#[test]
fn inflation_limits_stop_zip_bombs() {
    // 4 MiB of zeros deflates to a few KiB
    let bomb = vec![b' '; 4 << 20];
    let z = zip_of(&[("word/document.xml", &bomb)]);
    assert!(z.len() < 64 * 1024);
    let limits = Limits {
        max_entry_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        DocxAdapter.read(&z, &limits),
        Err(AdapterError::LimitExceeded { .. })
    ));
    let limits = Limits {
        max_total_inflated_bytes: 1 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        DocxAdapter.read(&z, &limits),
        Err(AdapterError::LimitExceeded { .. })
    ));
}

#[test]
fn deadline_and_cell_limits_are_honoured() {
    let rows: String = (0..50)
        .map(|i| format!("<w:tr>{}{}</w:tr>", tc("", &i.to_string()), tc("", "x")))
        .collect();
    let bytes = docx_of(&format!("<w:tbl>{rows}</w:tbl>{}", p(&"长".repeat(40_000))));
    let limits = Limits {
        max_cells_per_table: 60,
        ..Limits::default()
    };
    assert!(matches!(
        DocxAdapter.read(&bytes, &limits),
        Err(AdapterError::LimitExceeded {
            what: "cells per table",
            ..
        })
    ));
    // few cells, but spans that would make a huge grid
    let wide: String = (0..20)
        .map(|_| {
            format!(
                "<w:tr>{}</w:tr>",
                tc(r#"<w:gridSpan w:val="999999"/>"#, "x")
            )
        })
        .collect();
    let limits = Limits {
        max_cells_per_table: 10_000,
        ..Limits::default()
    };
    assert!(matches!(
        DocxAdapter.read(&docx_of(&format!("<w:tbl>{wide}</w:tbl>")), &limits),
        Err(AdapterError::LimitExceeded { .. })
    ));
    let limits = Limits {
        time_per_file: Duration::from_nanos(1),
        ..Limits::default()
    };
    assert!(matches!(
        DocxAdapter.read(&bytes, &limits),
        Err(AdapterError::Timeout(_))
    ));
    // a zero time limit is no limit (`--timeout 0`)
    let unlimited = Limits {
        time_per_file: Duration::ZERO,
        ..Limits::default()
    };
    assert!(DocxAdapter.read(&bytes, &unlimited).is_ok());
}

#[test]
fn automatic_list_numbers_are_materialised() {
    let numbering = r#"<?xml version="1.0"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>"#;
    let styles = br#"<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>"#;
    let numbered = |lvl: u32, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    };
    let body = format!(
        r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>总体情况</w:t></w:r></w:p>{}<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>{}"#,
        numbered(0, "主动公开政府信息情况"),
        numbered(1, "予以公开"),
        p("5"),
        numbered(0, "收到和处理政府信息公开申请情况"),
    );
    let doc = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#
    );
    let bytes = zip_of(&[
        ("word/document.xml", doc.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/styles.xml", styles),
    ]);
    let doc = read(&bytes).expect("reads");
    let texts: Vec<String> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.clone(),
            Block::Table(t) => t.rows[0][0].text.clone(),
        })
        .collect();
    assert_eq!(
        texts,
        [
            "一、总体情况",
            "二、主动公开政府信息情况",
            "（一）予以公开",
            "三、收到和处理政府信息公开申请情况"
        ]
    );
}

/// Deterministic xorshift, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn mutated_documents_never_panic() {
    let span = r#"<w:gridSpan w:val="2"/><w:vMerge w:val="restart"/>"#;
    let body = format!(
        "{}<w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>{}",
        p("标题"),
        tc(span, "a"),
        tc("", "1"),
        tc(r#"<w:gridSpan w:val="2"/><w:vMerge/>"#, ""),
        tc(r#"<w:hMerge w:val="continue"/>"#, "2"),
        p("2024年1月26日"),
    );
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>"#
    )
    .into_bytes();
    let pieces: [&[u8]; 8] = [
        b"<w:tc>",
        b"</w:tr>",
        b"<w:vMerge/>",
        b"<w:gridSpan w:val=\"4294967295\"/>",
        b"<w:tbl>",
        b"&#0;",
        b"<w:p>",
        b"\xff",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..400 {
        let mut m = xml.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(m.len());
            match rng.below(3) {
                0 => m.truncate(at),
                1 => {
                    let piece = pieces[rng.below(pieces.len())];
                    m.splice(at..at, piece.iter().copied());
                }
                _ => {
                    if let Some(b) = m.get_mut(at) {
                        *b ^= 1 << rng.below(8);
                    }
                }
            }
        }
        let z = zip_of(&[("word/document.xml", &m)]);
        let r = read(&z);
        assert!(
            !matches!(r, Err(AdapterError::Internal { .. })),
            "round {round}: {r:?}"
        );
        if let Ok(doc) = r {
            for t in tables(&doc) {
                let _ = t.grid();
            }
        }
    }
    // and flipped bytes in the zip container itself
    let z = docx_of(&body);
    for round in 0..300 {
        let mut m = z.clone();
        let at = rng.below(m.len());
        m[at] ^= 1 << rng.below(8);
        let _ = DocxAdapter.sniff(&m, Some("docx"));
        let r = read(&m);
        assert!(
            !matches!(r, Err(AdapterError::Internal { .. })),
            "zip round {round}: {r:?}"
        );
    }
}

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/docx")
        .join(name);
    std::fs::read(path).expect("fixture")
}

#[test]
fn real_password_protected_docx_is_encrypted_error() {
    let bytes = fixture("password-protected.docx");
    let s = DocxAdapter
        .sniff(&bytes, Some("docx"))
        .expect("claimed by extension");
    assert_eq!((s.format, s.confidence), ("docx", Confidence::Certain));
    let err = read(&bytes).expect_err("encrypted");
    assert!(matches!(err, AdapterError::Encrypted(_)), "{err}");
}

#[test]
fn real_word97_file_is_unsupported_legacy_doc() {
    let bytes = fixture("legacy-word97.doc");
    for ext in [Some("doc"), Some("docx"), None] {
        assert_eq!(DocxAdapter.sniff(&bytes, ext), None, "the doc adapter's");
    }
    let err = read(&bytes).expect_err("legacy");
    assert!(
        matches!(err, AdapterError::Unsupported { format: "doc", .. }),
        "{err}"
    );
}

#[test]
fn rtf_named_doc_is_a_clear_unsupported_error() {
    let rtf = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}} \\f0 report\\par }";
    let s = DocxAdapter.sniff(rtf, Some("doc")).expect("claimed");
    assert_eq!((s.format, s.confidence), ("rtf", Confidence::Certain));
    let err = read(rtf).expect_err("rtf");
    assert!(
        matches!(err, AdapterError::Unsupported { format: "rtf", .. }),
        "{err}"
    );
}
