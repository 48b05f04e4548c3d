//! Reading whole workbooks: corpus XLSX fixtures, a LibreOffice-made XLS,
//! and small XLSX/ODS files built in memory.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{ods, xlsx, zip_of, Sheet, V};
use std::path::PathBuf;
use xxgknb_core::{Adapter, AdapterError, Confidence, Document, Limits, Table};
use xxgknb_sheet::SheetAdapter;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/sheet")
}

fn fixture_files(ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures/sheet")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn read(bytes: &[u8]) -> Result<Document, AdapterError> {
    SheetAdapter.read(bytes, &Limits::default())
}

fn tables(doc: &Document) -> Vec<&Table> {
    doc.tables().collect()
}

fn paragraphs(doc: &Document) -> Vec<&str> {
    doc.paragraphs().map(|p| p.text.as_str()).collect()
}

/// Texts of the resolved grid of a table (covered slots repeat the text).
fn grid_texts(t: &Table) -> Vec<Vec<String>> {
    let g = t.grid();
    g.slots
        .iter()
        .map(|row| {
            row.iter()
                .map(|s| {
                    s.and_then(|s| t.cell(s))
                        .map(|c| c.text.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

#[test]
fn corpus_xlsx_fixtures_give_title_and_three_report_tables() {
    let files = fixture_files("xlsx");
    assert!(files.len() >= 9, "corpus xlsx fixtures missing");
    for f in files {
        let bytes = std::fs::read(&f).expect("read fixture");
        assert_eq!(
            SheetAdapter
                .sniff(&bytes, Some("xlsx"))
                .map(|s| (s.format, s.confidence)),
            Some(("xlsx", Confidence::Certain))
        );
        let doc = read(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        assert_eq!(doc.format, "xlsx");
        let paras = paragraphs(&doc);
        assert!(
            paras
                .first()
                .is_some_and(|p| p.contains("政府信息公开工作年度报告")),
            "{}: title paragraph first, got {paras:?}",
            f.display()
        );
        let ts = tables(&doc);
        assert_eq!(ts.len(), 3, "{}: one table per report table", f.display());
        for t in &ts {
            for row in &t.rows {
                for c in row {
                    assert!(
                        !c.text.ends_with(".0"),
                        "{}: float text {:?}",
                        f.display(),
                        c.text
                    );
                    assert!(c.pos.sheet.is_some() && c.pos.cell.is_some() && c.pos.page.is_some());
                }
            }
            // every grid row is as wide as the table: spans resolve cleanly
            let g = t.grid();
            assert!(
                g.slots.iter().all(|r| r.iter().all(Option::is_some)),
                "{}: holes in grid",
                f.display()
            );
        }
    }
}

#[test]
fn libreoffice_xls_reads_like_its_xlsx() {
    let xls = std::fs::read(fixtures().join("003_378100d4189c1d99.xls")).expect("xls fixture");
    let xlsx = std::fs::read(fixtures().join("003_378100d4189c1d99.xlsx")).expect("xlsx fixture");
    assert_eq!(
        SheetAdapter.sniff(&xls, Some("xls")).map(|s| s.format),
        Some("xls")
    );
    let a = read(&xls).expect("xls");
    let b = read(&xlsx).expect("xlsx");
    assert_eq!(a.format, "xls");
    assert_eq!(tables(&a).len(), 3);
    // with borders read from the BIFF XF records, the XLS lays out exactly
    // like the XLSX it was converted from
    assert_eq!(paragraphs(&a), paragraphs(&b));
    for i in 0..3 {
        assert_eq!(grid_texts(tables(&a)[i]), grid_texts(tables(&b)[i]));
        assert_eq!(tables(&a)[i].pos, tables(&b)[i].pos);
    }
}

#[test]
fn numbers_are_normalised_and_text_passes_through() {
    let book = xlsx(&[Sheet {
        name: "表",
        cells: vec![
            ("A1", V::S("项目"), true),
            ("B1", V::S("数量"), true),
            ("C1", V::S("金额"), true),
            ("A2", V::S("a"), true),
            ("B2", V::N(3.0), true),
            ("C2", V::N(3.000_000_000_1), true),
            ("A3", V::S("b"), true),
            ("B3", V::S("3,456"), true),
            ("C3", V::S("１２"), true),
            ("A4", V::S("c"), true),
            ("B4", V::B, true),
            ("C4", V::N(25637.55), true),
        ],
        merges: vec![],
    }]);
    let doc = read(&book).expect("read");
    let t = tables(&doc)[0];
    assert_eq!(
        grid_texts(t),
        vec![
            vec!["项目", "数量", "金额"],
            vec!["a", "3", "3"],
            vec!["b", "3,456", "１２"],
            vec!["c", "", "25637.55"],
        ]
    );
    assert_eq!(t.rows[1][1].pos.cell.as_deref(), Some("B2"));
    assert_eq!(t.rows[1][1].pos.sheet.as_deref(), Some("表"));
}

#[test]
fn every_sheet_in_order_with_its_index() {
    let sheet = |name| Sheet {
        name,
        cells: vec![("B2", V::S(name), false), ("C2", V::N(1.0), false)],
        merges: vec![],
    };
    let doc = read(&xlsx(&[sheet("一"), sheet("二"), sheet("三")])).expect("read");
    let ts = tables(&doc);
    assert_eq!(ts.len(), 3);
    for (i, t) in ts.iter().enumerate() {
        assert_eq!(t.pos.page, Some(i as u32 + 1));
        assert_eq!(t.pos.cell.as_deref(), Some("B2"));
    }
    assert_eq!(ts[2].rows[0][0].text, "三");
}

#[test]
fn sheet_limit_is_enforced() {
    let sheet = |name| Sheet {
        name,
        cells: vec![("A1", V::S("x"), false)],
        merges: vec![],
    };
    let limits = Limits {
        max_pages: 1,
        ..Limits::default()
    };
    let r = SheetAdapter.read(&xlsx(&[sheet("a"), sheet("b")]), &limits);
    assert!(
        matches!(
            r,
            Err(AdapterError::LimitExceeded {
                what: "sheets per workbook",
                ..
            })
        ),
        "{r:?}"
    );
}

#[test]
fn inflated_size_limits_are_checked_before_reading() {
    let bytes = std::fs::read(fixtures().join("000_b0de168757f90498.xlsx")).expect("fixture");
    let limits = Limits {
        max_entry_bytes: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        SheetAdapter.read(&bytes, &limits),
        Err(AdapterError::LimitExceeded {
            what: "inflated bytes per zip entry",
            ..
        })
    ));
    let limits = Limits {
        max_total_inflated_bytes: 10_000,
        ..Limits::default()
    };
    assert!(matches!(
        SheetAdapter.read(&bytes, &limits),
        Err(AdapterError::LimitExceeded {
            what: "inflated bytes per zip archive",
            ..
        })
    ));
}

#[test]
fn empty_workbook_is_an_error_not_an_empty_success() {
    let book = xlsx(&[Sheet {
        name: "Sheet1",
        cells: vec![],
        merges: vec![],
    }]);
    match read(&book) {
        Err(AdapterError::Corrupt { detail, .. }) => {
            assert!(detail.contains("no cells in workbook"))
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn truncated_and_foreign_zips_give_typed_errors() {
    let bytes = std::fs::read(fixtures().join("003_378100d4189c1d99.xlsx")).expect("fixture");
    for cut in [bytes.len() / 2, bytes.len() - 10, 100] {
        let part = &bytes[..cut];
        assert!(
            SheetAdapter.sniff(part, Some("xlsx")).is_some(),
            "truncated xlsx still claimed"
        );
        match read(part) {
            Err(AdapterError::Corrupt { format: "xlsx", .. }) => {}
            other => panic!("cut at {cut}: expected Corrupt, got {other:?}"),
        }
    }
    let docx = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", "<w:document/>"),
    ]);
    assert_eq!(SheetAdapter.sniff(&docx, Some("docx")), None);
    assert_eq!(SheetAdapter.sniff(&docx, None), None);
    let other = zip_of(&[("readme.txt", "hello")]);
    assert_eq!(SheetAdapter.sniff(&other, None), None);
    assert!(matches!(read(&other), Err(AdapterError::UnknownFormat(_))));
}

#[test]
fn garbage_never_panics() {
    let bytes = std::fs::read(fixtures().join("000_b0de168757f90498.xlsx")).expect("fixture");
    // flip bytes in the compressed data: every outcome must be a value
    for i in (200..bytes.len()).step_by(97) {
        let mut b = bytes.clone();
        b[i] ^= 0x5a;
        let _ = read(&b);
    }
    let xls = std::fs::read(fixtures().join("003_378100d4189c1d99.xls")).expect("fixture");
    for i in (600..xls.len()).step_by(131) {
        let mut b = xls.clone();
        b[i] ^= 0xff;
        let _ = read(&b);
    }
    let _ = read(&xls[..xls.len() / 3]);
}

const ODS_TABLE: &str = r#"<table:table table:name="年报">
<table:table-column table:number-columns-repeated="4"/>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-spanned="4" office:value-type="string"><text:p>XX县人民政府2022年政府信息公开工作年度报告</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row><table:table-cell table:number-rows-spanned="2" office:value-type="string"><text:p>项目</text:p></table:table-cell><table:table-cell table:number-columns-spanned="3" office:value-type="string"><text:p>申请人情况</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row><table:covered-table-cell/><table:table-cell office:value-type="string"><text:p>自然人</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>法人</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>总计</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>一、本年新收</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="float" office:value="3.0000000001"><text:p>3</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>"#;

#[test]
fn ods_merges_come_from_content_xml() {
    let book = ods(ODS_TABLE);
    assert_eq!(
        SheetAdapter
            .sniff(&book, None)
            .map(|s| (s.format, s.confidence)),
        Some(("ods", Confidence::Certain))
    );
    let doc = read(&book).expect("read ods");
    assert_eq!(doc.format, "ods");
    assert_eq!(
        paragraphs(&doc),
        vec!["XX县人民政府2022年政府信息公开工作年度报告"]
    );
    let ts = tables(&doc);
    assert_eq!(ts.len(), 1);
    let t = ts[0];
    assert_eq!(t.pos.cell.as_deref(), Some("A4"));
    assert_eq!((t.rows[0][0].row_span, t.rows[0][1].col_span), (2, 3));
    assert_eq!(
        grid_texts(t),
        vec![
            vec!["项目", "申请人情况", "申请人情况", "申请人情况"],
            vec!["项目", "自然人", "法人", "总计"],
            vec!["一、本年新收", "3", "", "3"],
        ]
    );
    assert_eq!(t.rows[2][1].pos.cell.as_deref(), Some("B6"));
}

#[test]
fn ods_used_area_limit_is_checked_before_calamine() {
    let huge = r#"<table:table table:name="S"><table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="100000"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#;
    let r = read(&ods(huge));
    assert!(
        matches!(
            r,
            Err(AdapterError::LimitExceeded {
                what: "used cells per sheet",
                ..
            })
        ),
        "{r:?}"
    );
}

#[test]
fn encrypted_package_is_reported_as_encrypted() {
    // a minimal OLE directory naming EncryptionInfo and EncryptedPackage
    let mut b = vec![0u8; 512];
    b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    for (i, name) in ["Root Entry", "EncryptionInfo", "EncryptedPackage"]
        .iter()
        .enumerate()
    {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (k, u) in units.iter().enumerate() {
            e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[64..66].copy_from_slice(&((units.len() as u16 + 1) * 2).to_le_bytes());
        e[66] = if i == 0 { 5 } else { 2 };
        b.extend_from_slice(&e);
    }
    assert_eq!(
        SheetAdapter.sniff(&b, Some("xlsx")).map(|s| s.format),
        Some("xlsx")
    );
    assert_eq!(SheetAdapter.sniff(&b, Some("docx")), None);
    assert!(matches!(read(&b), Err(AdapterError::Encrypted(_))));
}

#[test]
fn ods_borders_decide_titles_like_xlsx() {
    // a bordered table, an unbordered heading, a second bordered table
    // whose figures row is blank but bordered
    let styles = r#"<office:automatic-styles><style:style style:name="bd" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"/></style:style></office:automatic-styles>"#;
    let s = |t: &str| {
        format!(
            r#"<table:table-cell table:style-name="bd" office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let n = |v: &str| {
        format!(
            r#"<table:table-cell table:style-name="bd" office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>"#
        )
    };
    let heading = r#"<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>四、政府信息公开行政复议、行政诉讼情况</text:p></table:table-cell><table:covered-table-cell/>"#;
    let blank = r#"<table:table-cell table:style-name="bd" table:number-columns-repeated="2"/>"#;
    let rows = [
        r#"<table:table-cell table:style-name="bd" table:number-columns-spanned="2" office:value-type="string"><text:p>第二十条第（一）项</text:p></table:table-cell><table:covered-table-cell table:style-name="bd"/>"#
            .to_string(),
        format!("{}{}", s("规章"), n("2")),
        heading.to_string(),
        format!("{}{}", s("结果维持"), s("总计")),
        blank.to_string(),
    ];
    let body: String = rows
        .iter()
        .map(|r| format!("<table:table-row>{r}</table:table-row>"))
        .collect();
    let book = ods(&format!(
        r#"{styles}<table:table table:name="S">{body}</table:table>"#
    ));
    let doc = read(&book).expect("read ods");
    assert_eq!(
        paragraphs(&doc),
        vec!["四、政府信息公开行政复议、行政诉讼情况"]
    );
    let ts = tables(&doc);
    assert_eq!(ts.len(), 2);
    assert_eq!(
        grid_texts(ts[0]),
        vec![
            vec!["第二十条第（一）项", "第二十条第（一）项"],
            vec!["规章", "2"]
        ]
    );
    assert_eq!(
        grid_texts(ts[1]),
        vec![vec!["结果维持", "总计"], vec!["", ""]]
    );
}

/// A 填报单位 / 统计期限 row split over two unbordered cells above a
/// bordered table is a paragraph the recogniser reads meta from.
#[test]
fn split_header_row_gives_meta_through_the_recogniser() {
    let book = xlsx(&[Sheet {
        name: "表",
        cells: vec![
            (
                "A1",
                V::S("XX县人民政府2022年政府信息公开工作年度报告"),
                false,
            ),
            ("A2", V::S("填报单位：XX县人民政府"), false),
            ("C2", V::S("统计期限：2022年1月1日至2022年6月30日"), false),
            ("A3", V::S("信息内容"), true),
            ("B3", V::S("本年制发件数"), true),
            ("C3", V::S("现行有效件数"), true),
            ("A4", V::S("规章"), true),
            ("B4", V::N(0.0), true),
            ("C4", V::N(3.0), true),
        ],
        merges: vec!["A1:C1"],
    }]);
    let doc = read(&book).expect("read");
    assert_eq!(
        paragraphs(&doc)[1],
        "填报单位：XX县人民政府 统计期限：2022年1月1日至2022年6月30日"
    );
    let r = xxgknb_core::analyse(&doc, xxgknb_core::model::Source::default());
    let meta = serde_json::to_value(&r.meta).expect("json");
    assert_eq!(meta["agency"], "XX县人民政府");
    assert_eq!(meta["year"], 2022);
    assert_eq!(meta["period"]["start"], "2022-01-01");
    assert_eq!(meta["period"]["end"], "2022-06-30");
}
