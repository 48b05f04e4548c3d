//! XLS (BIFF5/BIFF8 in a compound file) before calamine reads it.
//!
//! calamine parses a whole XLS workbook when it is opened, with its own,
//! lenient compound-file reader, and trusts the sizes and cell positions it
//! finds. Checking the file with a second container reader (`cfb`) is not
//! enough: on a damaged container the two readers can assemble different
//! workbook streams (fuzzing found three such files, each making calamine
//! ask for gigabytes and abort). So the workbook stream is read once, with
//! `cfb`; the bounds are checked on exactly those bytes
//! ([`bounds`]); and calamine is handed a fresh, well-formed compound file
//! holding only that stream, so that it parses the bytes that were checked.

mod biff;
mod borders;
mod bounds;

pub use borders::SheetBorders;

use std::io::{Cursor, Read, Write};
use xxgknb_core::{AdapterError, Limits};

/// Stream names calamine looks for, in its order (BIFF8, then BIFF5).
const STREAMS: [&str; 2] = ["Workbook", "Book"];

/// An XLS workbook checked and ready for calamine.
#[derive(Debug)]
pub struct Prepared {
    /// A compound file holding only the checked workbook stream.
    pub container: Vec<u8>,
    /// Bordered cells of each worksheet (none for BIFF5 `Book` streams).
    pub borders: SheetBorders,
}

/// Read the workbook stream of an XLS file, refuse it when calamine would
/// allocate beyond the limits for it (`max_area`: cells in one sheet's
/// dense range), and repackage it for calamine.
pub fn prepare(bytes: &[u8], limits: &Limits, max_area: u64) -> Result<Prepared, AdapterError> {
    let (name, data) = read_stream(bytes, limits)?;
    bounds::check_stream(&data, max_area)?;
    let borders = if name == STREAMS[0] {
        borders::parse_workbook(&data, limits.max_cells_per_table)
    } else {
        Vec::new()
    };
    let container = repackage(name, &data)?;
    Ok(Prepared { container, borders })
}

/// The workbook stream (`Workbook`, else `Book`) and its name.
fn read_stream(bytes: &[u8], limits: &Limits) -> Result<(&'static str, Vec<u8>), AdapterError> {
    let mut ole = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("damaged compound-file container: {e}")))?;
    for name in STREAMS {
        let path = format!("/{name}");
        if !ole.is_stream(&path) {
            continue;
        }
        let stream = ole
            .open_stream(&path)
            .map_err(|e| corrupt(format!("{name} stream cannot be opened: {e}")))?;
        let mut data = Vec::new();
        stream
            .take(limits.max_entry_bytes.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| corrupt(format!("{name} stream cannot be read: {e}")))?;
        if data.len() as u64 > limits.max_entry_bytes {
            return Err(AdapterError::LimitExceeded {
                what: "bytes per compound-file stream",
                limit: limits.max_entry_bytes,
            });
        }
        return Ok((name, data));
    }
    Err(corrupt(
        "no Workbook or Book stream in the compound file".into(),
    ))
}

/// A new compound file (version 3, as Excel writes XLS) with one stream.
fn repackage(name: &str, data: &[u8]) -> Result<Vec<u8>, AdapterError> {
    let internal = |e: std::io::Error| AdapterError::Internal {
        format: "xls",
        detail: format!("cannot repackage the workbook stream: {e}"),
    };
    let mut ole = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
        .map_err(internal)?;
    let mut stream = ole.create_stream(format!("/{name}")).map_err(internal)?;
    stream.write_all(data).map_err(internal)?;
    stream.flush().map_err(internal)?;
    drop(stream);
    ole.flush().map_err(internal)?;
    Ok(ole.into_inner().into_inner())
}

fn corrupt(detail: String) -> AdapterError {
    AdapterError::Corrupt {
        format: "xls",
        detail,
    }
}
