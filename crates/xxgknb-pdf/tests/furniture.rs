//! Page numbers printed inside a ruled table at a page break (the table's
//! rules run through the footer, as WPS draws a table cut by the page
//! end): every common style is left out and never glued onto a value.

// test and benchmark code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

mod common;

use common::{n, op};

use lopdf::content::Operation;
use lopdf::Object;
use xxgknb_core::{Adapter, Document as XDoc, Limits};
use xxgknb_pdf::PdfAdapter;

/// GBK bytes of the few characters the page-number styles use (ASCII as is).
fn gbk(t: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for c in t.chars() {
        match c {
            '第' => out.extend([0xB5, 0xDA]),
            '页' => out.extend([0xD2, 0xB3]),
            '共' => out.extend([0xB9, 0xB2]),
            '—' => out.extend([0xA1, 0xAA]),
            c if c.is_ascii() => out.push(c as u8),
            _ => panic!("no GBK byte for {c}"),
        }
    }
    out
}

/// Text in a GBK-EUC-H font (half-width ASCII, 1000-unit CJK).
fn text_at(x: f32, y: f32, t: &str) -> Vec<Operation> {
    vec![
        op("BT", vec![]),
        op("Tf", vec![Object::Name(b"F3".to_vec()), n(10.0)]),
        op("Td", vec![n(x), n(y)]),
        op(
            "Tj",
            vec![Object::String(gbk(t), lopdf::StringFormat::Hexadecimal)],
        ),
        op("ET", vec![]),
    ]
}

/// The pages as a PDF file (the text in /F3, GBK-EUC-H).
fn build_pages(pages: Vec<Vec<Operation>>) -> Vec<u8> {
    common::save(common::build_pages(pages, Vec::new(), 0))
}

/// A three-column ruled table from `top` down, rows of 20 pt; with
/// `open_bottom` the vertical rules run on 40 pt below the last row (the
/// table is cut by the page end) and `footer` is printed centred in that
/// open part, inside the middle column.
fn table(top: f32, rows: &[[&str; 3]], open_bottom: bool, open_top: bool) -> Vec<Operation> {
    let xs = [100.0, 250.0, 350.0, 500.0];
    let mut ops = vec![op("w", vec![n(0.5)])];
    let bottom = top - 20.0 * rows.len() as f32;
    for k in 0..=rows.len() {
        let y = top - 20.0 * k as f32;
        ops.push(op("m", vec![n(100.0), n(y)]));
        ops.push(op("l", vec![n(500.0), n(y)]));
    }
    let (y0, y1) = (
        if open_bottom { bottom - 40.0 } else { bottom },
        if open_top { top + 15.0 } else { top },
    );
    for x in xs {
        ops.push(op("m", vec![n(x), n(y0)]));
        ops.push(op("l", vec![n(x), n(y1)]));
    }
    ops.push(op("S", vec![]));
    for (k, r) in rows.iter().enumerate() {
        let y = top - 20.0 * (k + 1) as f32 + 5.0;
        for (c, t) in r.iter().enumerate() {
            if let Some(x) = xs.get(c) {
                ops.extend(text_at(x + 5.0, y, t));
            }
        }
    }
    ops
}

fn read(bytes: &[u8]) -> XDoc {
    PdfAdapter
        .read(bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn cells(d: &XDoc) -> Vec<Vec<Vec<String>>> {
    d.tables()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect()
        })
        .collect()
}

const STYLES: [&str; 8] = [
    "-{p}-",
    "- {p} -",
    "— {p} —",
    "第{p}页",
    "第 {p} 页 共 {n} 页",
    "{p}/{n}",
    "{p}",
    "Page {p} of {n}",
];

#[test]
fn page_numbers_inside_a_table_cut_by_the_page_end_are_left_out() {
    let mut failures = Vec::new();
    for st in STYLES {
        let num = |p: usize| st.replace("{p}", &p.to_string()).replace("{n}", "2");
        // the table's last rows sit low on page 1, its rules run through
        // the footer, where the page number is printed in the middle column
        let mut p1 = text_at(100.0, 760.0, "Report 2023");
        p1.extend(table(
            120.0,
            &[
                ["Item", "Count", "Total"],
                ["Permits", "4", "4"],
                ["Fines", "0", "0"],
            ],
            true,
            false,
        ));
        p1.extend(text_at(280.0, 35.0, &num(1)));
        // page 2 continues the table: header again, one more row
        let mut p2 = table(
            780.0,
            &[["Item", "Count", "Total"], ["Fees", "12", "12"]],
            false,
            true,
        );
        p2.extend(text_at(280.0, 40.0, &num(2)));
        let d = read(&build_pages(vec![p1, p2]));
        let got = cells(&d);
        let want = vec![vec![
            vec!["Item", "Count", "Total"],
            vec!["Permits", "4", "4"],
            vec!["Fines", "0", "0"],
            vec!["Fees", "12", "12"],
        ]];
        if got != want {
            failures.push(format!("{st}: {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bare_number_in_a_low_table_cell_is_kept_when_it_does_not_follow_the_pages() {
    // a value in the last row of a table that reaches into the bottom
    // margin, with no page numbers elsewhere: it is a value, not a number
    let p1 = table(
        140.0,
        &[
            ["Item", "Count", "Total"],
            ["Permits", "4", "4"],
            ["Fines", "", "7"],
        ],
        false,
        false,
    );
    let p2 = text_at(100.0, 700.0, "After");
    let d = read(&build_pages(vec![p1, p2]));
    assert_eq!(
        cells(&d),
        vec![vec![
            vec!["Item", "Count", "Total"],
            vec!["Permits", "4", "4"],
            vec!["Fines", "", "7"],
        ]]
    );
}
