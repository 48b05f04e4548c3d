//! Generators for the hostile inputs of `tests/hostile.rs`: zip containers
//! (and zip bombs), PDFs with computed cross-reference tables, OLE
//! containers, and pseudo-random bytes. Everything big is made at test time.

#![allow(dead_code)]

use flate2::{Compress, Compression, FlushCompress};
use std::io::Write;

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
pub fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// One zip entry's stored form.
pub struct Entry {
    /// Name inside the archive.
    pub name: String,
    /// 0 = stored, 8 = deflated.
    pub method: u16,
    /// The bytes as stored in the archive.
    pub data: Vec<u8>,
    /// CRC-32 of the inflated bytes.
    pub crc: u32,
    /// Declared inflated size.
    pub size: u32,
}

/// Raw-deflate `bytes`.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::default());
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}

/// A deflated entry holding `bytes`.
pub fn entry(name: &str, bytes: &[u8]) -> Entry {
    Entry {
        name: name.to_string(),
        method: 8,
        data: deflate(bytes),
        crc: crc32fast::hash(bytes),
        size: bytes.len() as u32,
    }
}

fn compress_step(c: &mut Compress, input: &[u8], flush: FlushCompress) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 64 + 4096);
    let mut pos = 0usize;
    loop {
        if out.capacity() - out.len() < 1024 {
            out.reserve(out.capacity().max(4096));
        }
        let before_in = c.total_in();
        let rest = input.get(pos..).unwrap_or_default();
        let _ = c.compress_vec(rest, &mut out, flush);
        pos += (c.total_in() - before_in) as usize;
        // done once all input is consumed and the flush left spare room
        if pos >= input.len() && out.capacity() - out.len() >= 1024 {
            return out;
        }
    }
}

/// A deflated entry that inflates to `head`, then `unit` repeated
/// `units_per_chunk * chunks` times, then `tail` — gigabytes from a few
/// megabytes. The repeated part is one sync-flushed compressed chunk
/// emitted `chunks` times: each copy only refers back into identical data.
pub fn bomb_entry(
    name: &str,
    head: &[u8],
    unit: &[u8],
    units_per_chunk: usize,
    chunks: usize,
    tail: &[u8],
) -> Entry {
    let chunk = unit.repeat(units_per_chunk);
    let mut c = Compress::new(Compression::best(), false);
    let mut data = compress_step(&mut c, &[head, &chunk].concat(), FlushCompress::Sync);
    let repeated = compress_step(&mut c, &chunk, FlushCompress::Sync);
    for _ in 1..chunks {
        data.extend_from_slice(&repeated);
    }
    data.extend(compress_step(&mut c, tail, FlushCompress::Finish));
    let mut crc = crc32fast::Hasher::new();
    crc.update(head);
    let chunk_crc = {
        let mut h = crc32fast::Hasher::new();
        h.update(&chunk);
        h
    };
    for _ in 0..chunks {
        crc.combine(&chunk_crc);
    }
    crc.update(tail);
    let size = head.len() as u64 + (chunk.len() as u64) * chunks as u64 + tail.len() as u64;
    Entry {
        name: name.to_string(),
        method: 8,
        data,
        crc: crc.finalize(),
        size: u32::try_from(size).unwrap_or(u32::MAX),
    }
}

/// A zip archive of the entries (local headers, central directory, end
/// record).
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let name = e.name.as_bytes();
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&20u16.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&0x21u16.to_le_bytes());
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&e.size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name);
        out.extend_from_slice(&e.data);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&0x21u16.to_le_bytes());
        central.extend_from_slice(&e.crc.to_le_bytes());
        central.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
        central.extend_from_slice(&e.size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0u8; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let cd_offset = out.len() as u32;
    let n = entries.len() as u16;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const DOCX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Opening of a WordprocessingML body.
pub const DOCX_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
/// Closing of a WordprocessingML body.
pub const DOCX_TAIL: &str = "</w:body></w:document>";

/// The package parts of a DOCX other than `word/document.xml`.
pub fn docx_parts() -> Vec<Entry> {
    vec![
        entry("[Content_Types].xml", DOCX_TYPES.as_bytes()),
        entry("_rels/.rels", DOCX_RELS.as_bytes()),
    ]
}

/// A DOCX whose `word/document.xml` is `document`.
pub fn docx(document: &str) -> Vec<u8> {
    let mut parts = docx_parts();
    parts.push(entry("word/document.xml", document.as_bytes()));
    zip(&parts)
}

/// A DOCX paragraph.
pub fn docx_p(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// Opening of a worksheet.
pub const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
/// Closing of a worksheet.
pub const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// The package parts of an XLSX other than the sheet and shared strings.
pub fn xlsx_parts() -> Vec<Entry> {
    vec![
        entry("[Content_Types].xml", XLSX_TYPES.as_bytes()),
        entry("_rels/.rels", XLSX_RELS.as_bytes()),
        entry("xl/workbook.xml", XLSX_WORKBOOK.as_bytes()),
        entry("xl/_rels/workbook.xml.rels", XLSX_WB_RELS.as_bytes()),
    ]
}

/// An XLSX with one sheet and the given shared strings part.
pub fn xlsx(sheet: &str, shared_strings: &str) -> Vec<u8> {
    let mut parts = xlsx_parts();
    parts.push(entry("xl/worksheets/sheet1.xml", sheet.as_bytes()));
    parts.push(entry("xl/sharedStrings.xml", shared_strings.as_bytes()));
    zip(&parts)
}

/// A PDF from numbered object bodies (`objects[0]` is object 1), with a
/// correct cross-reference table and `trailer_extra` added to the trailer
/// dictionary (which always has `/Root 1 0 R` and `/Size`).
pub fn pdf(objects: &[Vec<u8>], trailer_extra: &str) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A PDF stream object body with the given dictionary entries.
pub fn pdf_stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut v = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
    v.extend_from_slice(data);
    v.extend_from_slice(b"\nendstream");
    v
}

/// A one-page PDF whose page has the given content stream.
pub fn pdf_one_page(content: &[u8], trailer_extra: &str) -> Vec<u8> {
    pdf(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_vec(),
            pdf_stream("", content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ],
        trailer_extra,
    )
}

/// An OLE compound file holding the given streams (how Office stores a
/// password-protected DOCX/XLSX: `EncryptionInfo` + `EncryptedPackage`).
pub fn ole(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let Ok(mut cf) = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())) else {
        return Vec::new();
    };
    for (name, data) in streams {
        if let Ok(mut s) = cf.create_stream(format!("/{name}")) {
            let _ = s.write_all(data);
        }
    }
    let _ = cf.flush();
    cf.into_inner().into_inner()
}

/// Zlib-compress `bytes` (a PDF `/FlateDecode` stream).
pub fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
    let _ = e.write_all(bytes);
    e.finish().unwrap_or_default()
}
