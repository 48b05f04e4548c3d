//! xxgknb adapter for legacy Word 97-2003 binary documents (`.doc`, the
//! MS-DOC "Word8" format in an OLE compound file; also `.wps` files that
//! hold a `WordDocument` stream).
//!
//! Written by hand on top of `cfb` (the compound file): the FIB gives the
//! table stream and the text length, the piece table gives the main text,
//! and the PAPX FKPs give each paragraph's table marks and each row's cell
//! layout, from which tables with row/column spans are built. See
//! `docs/adapters/doc.md` for what is read and what is not.
//!
//! Guards: every offset and length from the file is bounds-checked; the
//! streams read are capped by [`Limits::max_entry_bytes`], the text by the
//! same figure, the cells by [`Limits::max_cells_per_table`], and the work
//! by the per-file deadline. `cfb` runs under `catch_unwind`, reported as
//! [`AdapterError::Internal`] if it ever panics.

mod body;
mod bytes;
mod fib;
mod grid;
mod lists;
mod papx;
mod pieces;
pub mod sniff;

use std::io::{Cursor, Read};

use xxgknb_core::adapter::Confidence;
use xxgknb_core::{Adapter, AdapterError, Document, Limits, Sniff, SourcePos};

use bytes::corrupt;
use sniff::Container;
use xxgknb_core::Deadline;

/// Format name reported for Word binary documents.
const FORMAT: &str = "doc";

/// Reads Word 97-2003 `.doc` files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct DocAdapter;

impl Adapter for DocAdapter {
    fn name(&self) -> &'static str {
        "doc"
    }

    fn sniff(&self, bytes: &[u8], _ext: Option<&str>) -> Option<Sniff> {
        // content decides: a root WordDocument stream is a Word document
        // whatever its name (.doc, .wps, .dot, or mislabelled); a damaged
        // directory that names one is still claimed so reading reports the
        // damage
        match sniff::classify(bytes) {
            Container::Word | Container::DamagedWord => Some(Sniff {
                format: FORMAT,
                confidence: Confidence::Certain,
            }),
            Container::Other => None,
        }
    }

    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Document, AdapterError> {
        if !xxgknb_core::adapter::magic::is_ole(bytes) {
            return Err(corrupt(format!(
                "not an OLE compound file ({})",
                xxgknb_core::adapter::describe_magic(bytes)
            )));
        }
        read_doc(bytes, limits, deadline)
    }
}

/// Read a stream of the compound file, capped at `max` bytes.
fn stream<F: Read + std::io::Seek>(
    cf: &mut cfb::CompoundFile<F>,
    name: &str,
    max: u64,
) -> Result<Vec<u8>, AdapterError> {
    let path = format!("/{name}");
    let len = cf
        .entry(&path)
        .map_err(|_| corrupt(format!("the compound file has no {name} stream")))?
        .len();
    if len > max {
        return Err(AdapterError::LimitExceeded {
            what: "bytes per stream (max_entry_bytes)",
            limit: max,
        });
    }
    let mut s = cf
        .open_stream(&path)
        .map_err(|e| corrupt(format!("cannot open the {name} stream: {e}")))?;
    let mut buf = Vec::new();
    s.by_ref()
        .take(max.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| corrupt(format!("the {name} stream is truncated or damaged: {e}")))?;
    if buf.len() as u64 > max {
        return Err(AdapterError::LimitExceeded {
            what: "bytes per stream (max_entry_bytes)",
            limit: max,
        });
    }
    Ok(buf)
}

/// Open the compound file, parse the FIB, text and paragraph properties,
/// and build the document.
fn read_doc(bytes: &[u8], limits: &Limits, deadline: &Deadline) -> Result<Document, AdapterError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("not a readable OLE compound file: {e}")))?;
    if !cf.is_stream("/WordDocument") {
        return Err(AdapterError::Unsupported {
            format: FORMAT,
            detail: "OLE compound file without a WordDocument stream: not a Word document".into(),
        });
    }
    let word = stream(&mut cf, "WordDocument", limits.max_entry_bytes)?;
    let fib = fib::parse(&word)?;
    deadline.check()?;
    let table = stream(&mut cf, fib.table_stream, limits.max_entry_bytes)?;
    deadline.check()?;
    let text = pieces::main_text(
        &word,
        &table,
        fib.clx,
        fib.ccp_text,
        limits.max_entry_bytes,
        deadline,
    )?;
    // large paragraph property sets (rows of many cells) live in the Data
    // stream; a file without one simply has none
    let data = if cf.is_stream("/Data") {
        stream(&mut cf, "Data", limits.max_entry_bytes)?
    } else {
        Vec::new()
    };
    // inline pictures (0x01) and drawn objects (0x08) anchored in the text:
    // their pictures (in the Data stream / the drawing group) are not read
    let pictures = text
        .units
        .iter()
        .filter(|&&u| u == 0x01 || u == 0x08)
        .count();
    let papx = papx::PapxIndex::read(&word, &table, &data, fib.plcf_bte_papx, deadline)?;
    let mut lists = lists::Lists::read(&table, fib.plf_lst, fib.plf_lfo);
    let items = body::parse(
        &text,
        &papx,
        &mut lists,
        limits.max_cells_per_table,
        deadline,
    )?;
    let mut doc = Document::new(FORMAT);
    doc.line_unit = xxgknb_core::LineUnit::Paragraph;
    let mut tables = 0u32;
    for item in items {
        match item {
            body::Item::Para(p) => {
                for line in p.lines {
                    if !line.trim().is_empty() {
                        doc.push_paragraph(line, SourcePos::line(p.index));
                    }
                }
            }
            body::Item::Table(t) => {
                if t.rows.is_empty() {
                    continue;
                }
                tables += 1;
                if t.nested {
                    doc.notes.push(format!(
                        "table T{tables} holds a nested table; its text was flattened into the cell"
                    ));
                }
                doc.push_table(grid::resolve(&t, tables, limits.max_cells_per_table)?);
            }
        }
    }
    if doc.blocks.is_empty() && pictures > 0 {
        return Err(AdapterError::Unsupported {
            format: FORMAT,
            detail: format!(
                "the document has no text and no tables, only {pictures} embedded picture(s): \
                 pictures in Word 97-2003 files are not read by OCR; save it as .docx"
            ),
        });
    }
    if doc.blocks.is_empty() {
        return Err(AdapterError::Unsupported {
            format: FORMAT,
            detail: "the document has no text and no tables".into(),
        });
    }
    if pictures > 0 {
        doc.notes.push(format!(
            "{pictures} embedded picture(s) not read: pictures in Word 97-2003 files are not \
             read by OCR (save the file as .docx to have them read)"
        ));
    }
    Ok(doc)
}
