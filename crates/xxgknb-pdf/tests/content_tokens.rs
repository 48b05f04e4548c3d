//! The adapter's content-stream tokenizer (`xxgknb_pdf::content`) against
//! lopdf's content parser, which it replaced: the same operators with the
//! same operands, stopping at the same place, on every page of every
//! fixture PDF and on hand-written edge cases.

// test code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use lopdf::content::Content;
use lopdf::Object;
use std::path::{Path, PathBuf};
use xxgknb_pdf::content::{Operand, Operations};

/// An operand as lopdf gives it, in the tokenizer's terms.
fn from_lopdf(o: &Object) -> Operand<'static> {
    match o {
        Object::Integer(i) => Operand::Integer(*i),
        Object::Real(r) => Operand::Real(*r),
        Object::Name(n) => Operand::Name(n.clone().into()),
        Object::String(s, _) => Operand::Str(s.clone().into()),
        Object::Array(a) => Operand::Array(a.iter().map(from_lopdf).collect()),
        Object::Boolean(b) => Operand::Bool(*b),
        _ => Operand::Other,
    }
}

type Op = (String, Vec<Operand<'static>>);

/// lopdf's operations, up to its first error.
fn lopdf_ops(bytes: &[u8]) -> Vec<Op> {
    Content::decode_iter(bytes)
        .map_while(Result::ok)
        .map(|op| {
            // an inline image's operand is its data as a stream: not compared
            let operands = if op.operator == "BI" {
                Vec::new()
            } else {
                op.operands.iter().map(from_lopdf).collect()
            };
            (op.operator, operands)
        })
        .collect()
}

fn our_ops(bytes: &[u8]) -> Vec<Op> {
    let mut it = Operations::new(bytes);
    let mut out = Vec::new();
    while let Some(op) = it.next_operator() {
        let operands = it
            .operands()
            .iter()
            .map(|o| from_lopdf(&to_lopdf(o)))
            .collect();
        out.push((op.to_string(), operands));
    }
    out
}

/// The tokenizer's operand as an owned lopdf object (to drop its borrow).
fn to_lopdf(o: &Operand) -> Object {
    match o {
        Operand::Integer(i) => Object::Integer(*i),
        Operand::Real(r) => Object::Real(*r),
        Operand::Name(n) => Object::Name(n.to_vec()),
        Operand::Str(s) => Object::string_literal(s.to_vec()),
        Operand::Array(a) => Object::Array(a.iter().map(to_lopdf).collect()),
        Operand::Bool(b) => Object::Boolean(*b),
        Operand::Other => Object::Null,
    }
}

fn assert_same(bytes: &[u8], what: &str) {
    let theirs = lopdf_ops(bytes);
    let ours = our_ops(bytes);
    if theirs != ours {
        let at = theirs
            .iter()
            .zip(&ours)
            .position(|(a, b)| a != b)
            .unwrap_or(theirs.len().min(ours.len()));
        panic!(
            "{what}: operations differ at #{at} (lopdf {} ops, ours {}):\n lopdf {:?}\n ours  {:?}",
            theirs.len(),
            ours.len(),
            theirs.get(at),
            ours.get(at)
        );
    }
}

fn fixture_pdfs(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            fixture_pdfs(&p, out);
        } else if p.extension().is_some_and(|e| e == "pdf") {
            out.push(p);
        }
    }
}

#[test]
fn every_fixture_page_tokenizes_as_lopdf_does() {
    let mut pdfs = Vec::new();
    fixture_pdfs(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures"),
        &mut pdfs,
    );
    pdfs.sort();
    assert!(pdfs.len() >= 20, "fixture PDFs missing: {}", pdfs.len());
    let mut pages = 0;
    for path in &pdfs {
        let Ok(doc) = lopdf::Document::load(path) else {
            continue;
        };
        for (n, id) in doc.get_pages() {
            let content = doc.get_page_content(id);
            assert_same(&content, &format!("{} page {n}", path.display()));
            pages += 1;
        }
    }
    assert!(pages >= 50, "only {pages} pages compared");
}

#[test]
fn edge_cases_tokenize_as_lopdf_does() {
    let cases: &[&[u8]] = &[
        b"",
        b"   \n",
        b"q 1 0 0 1 72 720 cm BT /F1 12 Tf (Hello) Tj ET Q",
        b"BT [(A) -120 (B) 3.5 (C)] TJ ET",
        b"% a comment\nq\n%another\r\n  Q",
        b"q % trailing comment without end of line",
        b"1 2 % comment between operands\n m",
        b"0.00-4142502 1 m",
        b"-.5 +3 4. .25 -0 l",
        b"1.2.3 4 l",
        b"99999999999999999999 1 m",
        b"- 1 m",
        b"/F#20#41 12 Tf /a#zz 1 Tf",
        b"/ 1 Tf",
        b"(a\\n\\r\\t\\b\\f\\(\\)\\\\\\101\\0\\777\\x) Tj",
        b"(line\r\nnext\rthird\nfourth) Tj (cont\\\r\nnued\\\nx) Tj",
        b"(nested (paren (deep)) ok) Tj",
        b"(unbalanced Tj",
        b"(ends in backslash\\",
        b"<48 65 6C6C 6F> Tj <4> Tj <> Tj <4G> Tj",
        b"/Span <</MCID 0 /ActualText (x) /A [1 2 R] /D <</E 1>>>> BDC EMC",
        b"/P << /MCID 3 >>BDC EMC",
        b"[1 0 R 2] 0 d",
        b"[1 2 3] 0 d [ ] 0 d [%c\n 3 ] 0 d",
        b"true false null 1 d0",
        b"q BI /W 2 /H 2 /BPC 8 /CS /G ID \x01\x02\x03\x04 EI Q",
        b"q BI /W 4 /H 1 /BPC 8 /CS /RGB ID \x01 EI x\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b EI Q",
        b"q BI /W 1 /H 1 /F /AHx ID 00> EI Q",
        b"q BI /IM true /W 8 /H 1 ID \xff EI Q",
        b"q BI /W 1 /H 1 /BPC 8 /CS [/I /RGB 1 <000000ffffff>] ID \x00 EI Q",
        b"q BI /W 1 /Width 9 /H 1 /BPC 8 /CS /G ID \x00 EI Q",
        b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 Q",
        b"q BI /W 1 /H 1 ID",
        b"1 0 0 1 0 0cm 0 0 m 10 0 l S",
        b"1 2 3 4 5 6 c 7 8 v 9 10 y h f* B* b* W n",
        b"(a) ' 1 2 (b) \" T*",
        b"12 ) Tj",
        b"{ 1 } m",
    ];
    for (i, case) in cases.iter().enumerate() {
        assert_same(
            case,
            &format!("case {i} {:?}", String::from_utf8_lossy(case)),
        );
    }
}

#[test]
fn damaged_streams_tokenize_as_lopdf_does() {
    // a real page's content with bytes overwritten by PDF syntax characters,
    // deterministically (a small linear congruential generator)
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/pdf/100_f996102965cf2f4d.pdf");
    let doc = lopdf::Document::load(&path).unwrap();
    let (_, id) = doc.get_pages().into_iter().next().unwrap();
    let content = doc.get_page_content(id);
    assert!(content.len() > 1000);
    let syntax = b"()<>[]/%\\#\r\n 0.-+eITBQqR{}";
    let mut seed: u64 = 0x5eed;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for round in 0..400 {
        let mut bytes = content.clone();
        for _ in 0..1 + next(4) {
            let at = next(bytes.len());
            bytes[at] = syntax[next(syntax.len())];
        }
        assert_same(&bytes, &format!("damaged round {round}"));
    }
}
