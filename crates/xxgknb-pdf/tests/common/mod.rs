//! Builders of the small PDFs the tests make: operations, a page tree
//! with the fonts the tests print in, saving.

#![allow(dead_code)]

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

/// One content operation.
pub fn op(name: &str, args: Vec<Object>) -> Operation {
    Operation::new(name, args)
}

/// A real number operand.
pub fn n(v: f32) -> Object {
    Object::Real(v)
}

/// A literal string operand.
pub fn s(t: &str) -> Object {
    Object::string_literal(t)
}

/// Several A4 pages sharing one resource dictionary: /F1 a WinAnsi
/// Helvetica with all glyphs 500 units wide, /F2 a CID font with no Unicode
/// mapping, /F3 SimSun with the predefined GBK-EUC-H CMap; and `xobjects`.
pub fn build_pages(
    pages: Vec<Vec<Operation>>,
    xobjects: Vec<(&str, Stream)>,
    rotate: i64,
) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let widths: Vec<Object> = (32..=126).map(|_| Object::Integer(500)).collect();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding", "FirstChar" => 32, "LastChar" => 126,
        "Widths" => widths,
    });
    // a CID font with no Unicode mapping at all
    let cid_font = dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Opaque",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
    };
    let opaque_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Opaque",
        "Encoding" => "Identity-H", "DescendantFonts" => vec![Object::Dictionary(cid_font)],
    });
    // a Chinese font with a predefined CMap and no ToUnicode (bytes are GBK)
    let gbk_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun",
        "Encoding" => "GBK-EUC-H",
        "DescendantFonts" => vec![Object::Dictionary(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "SimSun",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("GB1"),
                "Supplement" => 2,
            },
            "DW" => 1000,
            "W" => vec![Object::Integer(814), Object::Integer(907), Object::Integer(500)],
        })],
    });
    let mut xo = lopdf::Dictionary::new();
    for (name, stream) in xobjects {
        let id = doc.add_object(stream);
        xo.set(name, id);
    }
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id, "F2" => opaque_id, "F3" => gbk_id },
        "XObject" => xo,
    });
    let mut kids: Vec<Object> = Vec::new();
    for ops in pages {
        let content = Content { operations: ops };
        let content_id = doc.add_object(Stream::new(
            dictionary! {},
            content.encode().unwrap_or_default(),
        ));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Rotate" => rotate,
        });
        kids.push(page_id.into());
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

/// The PDF file of `doc`.
pub fn save(mut doc: Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap_or_default();
    out
}
