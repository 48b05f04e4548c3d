//! Small PDFs built in the test: Form XObjects, ruled tables with touching
//! glyphs, fake bold, no text layer, encryption and a damaged xref.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

mod common;

use common::{build_pages, n, op, s, save};

use lopdf::content::{Content, Operation};
use lopdf::{
    dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
};
use xxgknb_core::{Adapter, AdapterError, Block, Document as XDoc, Limits};
use xxgknb_pdf::PdfAdapter;

/// One A4 page with the given operations; a WinAnsi Helvetica as /F1 with
/// all glyphs 500 units wide, and optional extra XObjects.
fn build(ops: Vec<Operation>, xobjects: Vec<(&str, Stream)>) -> Document {
    build_rotated(ops, xobjects, 0)
}

/// As [`build`], with a page `/Rotate`.
fn build_rotated(ops: Vec<Operation>, xobjects: Vec<(&str, Stream)>, rotate: i64) -> Document {
    build_pages(vec![ops], xobjects, rotate)
}

fn text_at(x: f32, y: f32, t: &str) -> Vec<Operation> {
    vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F1".to_vec()), n(10.0)]),
        op("Td", vec![n(x), n(y)]),
        op("Tj", vec![s(t)]),
        op("ET", vec![]),
    ]
}

fn read(bytes: &[u8]) -> Result<XDoc, AdapterError> {
    PdfAdapter.read(bytes, &Limits::default())
}

fn paragraphs(d: &XDoc) -> Vec<String> {
    d.paragraphs().map(|p| p.text.clone()).collect()
}

fn hello() -> Vec<Operation> {
    text_at(72.0, 700.0, "Hello 2023")
}

#[test]
fn reads_text_and_form_xobjects() {
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 500.into(), 100.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 300.into()],
        },
        Content {
            operations: text_at(72.0, 100.0, "In a form"),
        }
        .encode()
        .unwrap_or_default(),
    );
    let mut ops = hello();
    ops.push(op("Do", vec![Object::Name(b"Fm1".to_vec())]));
    let d = read(&save(build(ops, vec![("Fm1", form)]))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paragraphs(&d), vec!["Hello 2023", "In a form"]);
}

#[test]
fn ruled_table_keeps_touching_digits_whole_and_drops_fake_bold() {
    let mut ops = Vec::new();
    // a 2x2 grid drawn as thin filled rectangles: x 100..200..300, y 600..620..640
    for y in [600.0, 620.0, 640.0] {
        ops.push(op("re", vec![n(100.0), n(y - 0.25), n(200.0), n(0.5)]));
    }
    for x in [100.0, 200.0, 300.0] {
        ops.push(op("re", vec![n(x - 0.25), n(600.0), n(0.5), n(40.0)]));
    }
    ops.push(op("f", vec![]));
    ops.extend(text_at(105.0, 625.0, "Item"));
    ops.extend(text_at(205.0, 625.0, "Count"));
    ops.extend(text_at(105.0, 605.0, "Total"));
    // "3119" shown as two strings that touch, each printed twice (fake bold)
    for dx in [0.0, 0.3] {
        ops.extend(text_at(205.0 + dx, 605.0, "31"));
        ops.extend(text_at(215.0 + dx, 605.0, "19"));
    }
    let d = read(&save(build(ops, vec![]))).unwrap_or_else(|e| panic!("{e}"));
    let tables: Vec<_> = d.tables().collect();
    assert_eq!(tables.len(), 1);
    let cells: Vec<Vec<&str>> = tables[0]
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(cells, vec![vec!["Item", "Count"], vec!["Total", "3119"]]);
}

#[test]
fn image_only_page_has_no_text_layer() {
    let img = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0],
    );
    let ops = vec![
        op("q", vec![]),
        op(
            "cm",
            vec![n(500.0), n(0.0), n(0.0), n(700.0), n(40.0), n(40.0)],
        ),
        op("Do", vec![Object::Name(b"Im1".to_vec())]),
        op("Q", vec![]),
    ];
    let r = read(&save(build(ops, vec![("Im1", img)])));
    assert!(matches!(r, Err(AdapterError::NoTextLayer)), "{r:?}");
}

#[test]
fn pages_with_a_picture_and_no_visible_text_are_listed() {
    let img = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 1, "Height" => 1,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0],
    );
    let picture = || {
        vec![
            op("q", vec![]),
            op(
                "cm",
                vec![n(500.0), n(0.0), n(0.0), n(700.0), n(40.0), n(40.0)],
            ),
            op("Do", vec![Object::Name(b"Im1".to_vec())]),
            op("Q", vec![]),
        ]
    };
    // a scanner's invisible text layer (rendering mode 3) over its picture
    let mut invisible = picture();
    invisible.push(op("BT", vec![]));
    invisible.push(op("Tr", vec![n(3.0)]));
    invisible.extend(text_at(72.0, 600.0, "Hidden 2023").into_iter().skip(1));
    let mut seen = picture();
    seen.extend(text_at(72.0, 600.0, "Caption"));
    let pages = vec![hello(), picture(), invisible, seen];
    let d =
        read(&save(build_pages(pages, vec![("Im1", img)], 0))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(d.pages_without_text, vec![2, 3]);
    // the invisible text is still there, for a reader without OCR
    assert!(paragraphs(&d).iter().any(|p| p.contains("Hidden")));
}

fn encrypted(user: &str) -> Vec<u8> {
    let mut doc = build(hello(), vec![]);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::string_literal(b"0123456789abcdef".to_vec()),
            Object::string_literal(b"fedcba9876543210".to_vec()),
        ]),
    );
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner",
        user_password: user,
        key_length: 128,
        permissions: Permissions::all(),
    });
    let Ok(state) = state else {
        panic!("cannot set up encryption")
    };
    assert!(doc.encrypt(&state).is_ok());
    save(doc)
}

#[test]
fn encrypted_with_user_password_is_a_clear_error() {
    let r = read(&encrypted("secret"));
    assert!(matches!(r, Err(AdapterError::Encrypted(_))), "{r:?}");
}

#[test]
fn encrypted_with_empty_user_password_opens() {
    let d = read(&encrypted("")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paragraphs(&d), vec!["Hello 2023"]);
    assert!(
        d.notes.iter().any(|n| n.contains("encrypted")),
        "{:?}",
        d.notes
    );
}

#[test]
fn damaged_xref_is_recovered() {
    let mut bytes = save(build(hello(), vec![]));
    // point startxref at the wrong place
    let text = String::from_utf8_lossy(&bytes).to_string();
    let Some(pos) = text.rfind("startxref") else {
        panic!("no startxref")
    };
    let tail = pos + "startxref".len();
    for b in bytes.iter_mut().skip(tail + 1).take(3) {
        if b.is_ascii_digit() {
            *b = b'1';
        }
    }
    let d = read(&bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paragraphs(&d), vec!["Hello 2023"]);
}

fn opaque_text(y: f32) -> Vec<Operation> {
    vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F2".to_vec()), n(10.0)]),
        op("Td", vec![n(72.0), n(y)]),
        op(
            "Tj",
            vec![Object::String(
                vec![0, 5, 0, 6, 0, 7],
                lopdf::StringFormat::Hexadecimal,
            )],
        ),
        op("ET", vec![]),
    ]
}

#[test]
fn undecodable_fonts_are_reported_not_emitted_as_garbage() {
    let r = read(&save(build(opaque_text(700.0), vec![])));
    assert!(
        matches!(&r, Err(AdapterError::Unsupported { detail, .. }) if detail.contains("undecodable")),
        "{r:?}"
    );
    let mut ops = hello();
    ops.extend(opaque_text(650.0));
    let d = read(&save(build(ops, vec![]))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paragraphs(&d), vec!["Hello 2023"]);
    assert!(
        d.notes.iter().any(|n| n.contains("3 of 13 glyphs")),
        "{:?}",
        d.notes
    );
}

#[test]
fn rotated_page_reads_left_to_right_top_down() {
    // a landscape page made with /Rotate 90: text runs up the portrait page
    let line = |x: f32, t: &str| {
        vec![
            op("BT", vec![]),
            op("Tf", vec![Object::Name(b"F1".to_vec()), n(10.0)]),
            op("Tm", vec![n(0.0), n(1.0), n(-1.0), n(0.0), n(x), n(100.0)]),
            op("Tj", vec![s(t)]),
            op("ET", vec![]),
        ]
    };
    // after a clockwise quarter turn the page's left edge is at the top:
    // smaller x is higher on the screen
    let mut ops = line(300.0, "second line");
    ops.extend(line(200.0, "first line"));
    let d = read(&save(build_rotated(ops, vec![], 90))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(paragraphs(&d), vec!["first line", "second line"]);
}

#[test]
fn gbk_font_in_a_stroked_table() {
    // rules drawn as stroked lines (m/l/S), text in a GBK-EUC-H font
    let mut ops = vec![op("w", vec![n(0.5)])];
    for y in [600.0, 620.0, 640.0] {
        ops.push(op("m", vec![n(100.0), n(y)]));
        ops.push(op("l", vec![n(300.0), n(y)]));
    }
    for x in [100.0, 200.0, 300.0] {
        ops.push(op("m", vec![n(x), n(600.0)]));
        ops.push(op("l", vec![n(x), n(640.0)]));
    }
    ops.push(op("S", vec![]));
    let gbk = |x: f32, y: f32, bytes: &[u8]| {
        vec![
            op("BT", vec![]),
            op("Tf", vec![Object::Name(b"F3".to_vec()), n(10.0)]),
            op("Td", vec![n(x), n(y)]),
            op(
                "Tj",
                vec![Object::String(
                    bytes.to_vec(),
                    lopdf::StringFormat::Hexadecimal,
                )],
            ),
            op("ET", vec![]),
        ]
    };
    // 项目 / 数量 ; 合计 / 12
    ops.extend(gbk(105.0, 625.0, &[0xCF, 0xEE, 0xC4, 0xBF]));
    ops.extend(gbk(205.0, 625.0, &[0xCA, 0xFD, 0xC1, 0xBF]));
    ops.extend(gbk(105.0, 605.0, &[0xBA, 0xCF, 0xBC, 0xC6]));
    ops.extend(gbk(205.0, 605.0, b"12"));
    let d = read(&save(build(ops, vec![]))).unwrap_or_else(|e| panic!("{e}"));
    let Some(Block::Table(t)) = d.blocks.first() else {
        panic!("no table: {:?}", d.blocks)
    };
    let cells: Vec<Vec<&str>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(cells, vec![vec!["项目", "数量"], vec!["合计", "12"]]);
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

/// A two-column ruled table at `top` with the given rows (20 pt each).
fn table(top: f32, rows: &[(&str, &str)]) -> Vec<Operation> {
    let mut ops = vec![op("w", vec![n(0.5)])];
    let bottom = top - 20.0 * rows.len() as f32;
    for k in 0..=rows.len() {
        let y = top - 20.0 * k as f32;
        ops.push(op("m", vec![n(100.0), n(y)]));
        ops.push(op("l", vec![n(300.0), n(y)]));
    }
    for x in [100.0, 200.0, 300.0] {
        ops.push(op("m", vec![n(x), n(bottom)]));
        ops.push(op("l", vec![n(x), n(top)]));
    }
    ops.push(op("S", vec![]));
    for (k, (a, b)) in rows.iter().enumerate() {
        let y = top - 20.0 * (k + 1) as f32 + 5.0;
        ops.extend(text_at(105.0, y, a));
        ops.extend(text_at(205.0, y, b));
    }
    ops
}

#[test]
fn table_continued_on_next_page_is_joined_once() {
    let mut p1 = text_at(72.0, 760.0, "Report");
    p1.extend(table(
        140.0,
        &[("Item", "Count"), ("Permits", "3119"), ("Fines", "7")],
    ));
    // the next page repeats the header, after a "continued" marker
    let mut p2 = vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F3".to_vec()), n(10.0)]),
        op("Td", vec![n(100.0), n(770.0)]),
        op(
            "Tj",
            vec![Object::String(
                vec![0xD0, 0xF8, 0xB1, 0xED],
                lopdf::StringFormat::Hexadecimal,
            )],
        ),
        op("ET", vec![]),
    ];
    p2.extend(table(760.0, &[("Item", "Count"), ("Fees", "12")]));
    p2.extend(text_at(72.0, 600.0, "After the table"));
    let d = read(&save(build_pages(vec![p1, p2], vec![], 0))).unwrap_or_else(|e| panic!("{e}"));
    let tables: Vec<_> = d.tables().collect();
    assert_eq!(tables.len(), 1, "{:?}", d.blocks);
    let cells: Vec<Vec<&str>> = tables[0]
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        cells,
        vec![
            vec!["Item", "Count"],
            vec!["Permits", "3119"],
            vec!["Fines", "7"],
            vec!["Fees", "12"]
        ]
    );
    assert_eq!(paragraphs(&d), vec!["Report", "After the table"]);
    assert!(d.notes.iter().any(|n| n.contains("续表")), "{:?}", d.notes);
}

#[test]
fn html_error_page_named_pdf_is_not_sniffed() {
    assert!(PdfAdapter
        .sniff(b"<!DOCTYPE html><html><body>404</body></html>", Some("pdf"))
        .is_none());
}
