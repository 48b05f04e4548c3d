//! Is this a Word 97-2003 binary document? An OLE compound file whose
//! *root* storage holds a `WordDocument` stream. The directory names are
//! first looked for in the raw bytes (cheap, no parsing); then the
//! directory is opened with `cfb` to make sure the stream is at the root,
//! so a workbook with an embedded Word object (its `WordDocument` lives in
//! a sub-storage) is left to the spreadsheet adapter.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use xxgknb_core::adapter::magic;

/// What the bytes are, as far as this adapter cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// An OLE file with a root-level `WordDocument` stream.
    Word,
    /// An OLE file that names a `WordDocument` stream (and no workbook)
    /// but whose directory cannot be read (truncated or damaged): reading
    /// reports the damage.
    DamagedWord,
    /// Not a Word binary document (another OLE file, an encrypted OOXML
    /// package, or not OLE at all).
    Other,
}

/// Does the raw byte image contain the UTF-16LE directory name `name`?
pub fn names_stream(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    !needle.is_empty() && bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Does the compound file have a stream `name` directly under its root?
/// `None` when the directory cannot be read.
pub fn root_has_stream(bytes: &[u8], name: &str) -> Option<bool> {
    let path = format!("/{name}");
    catch_unwind(AssertUnwindSafe(|| {
        cfb::CompoundFile::open(Cursor::new(bytes))
            .ok()
            .map(|cf| cf.is_stream(&path))
    }))
    .ok()
    .flatten()
}

/// Classify the bytes.
pub fn classify(bytes: &[u8]) -> Container {
    if !magic::is_ole(bytes)
        || !names_stream(bytes, "WordDocument")
        || names_stream(bytes, "EncryptedPackage")
    {
        return Container::Other;
    }
    match root_has_stream(bytes, "WordDocument") {
        Some(true) => Container::Word,
        Some(false) => Container::Other,
        // unreadable: a damaged Word file, unless it also names a workbook
        // (the spreadsheet adapter claims those)
        None if !names_stream(bytes, "Workbook") && !names_stream(bytes, "Book") => {
            Container::DamagedWord
        }
        None => Container::Other,
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Write;

    fn ole(streams: &[&str]) -> Vec<u8> {
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for s in streams {
            if let Some((dir, _)) = s.rsplit_once('/') {
                if !dir.is_empty() && !cf.exists(dir) {
                    cf.create_storage_all(dir).unwrap();
                }
            }
            cf.create_stream(s).unwrap().write_all(b"x").unwrap();
        }
        cf.flush().unwrap();
        cf.into_inner().into_inner()
    }

    #[test]
    fn root_word_document_is_word() {
        assert_eq!(
            classify(&ole(&["/WordDocument", "/1Table"])),
            Container::Word
        );
    }

    #[test]
    fn embedded_word_document_is_not() {
        let b = ole(&["/Workbook", "/ObjectPool/_1/WordDocument"]);
        assert_eq!(classify(&b), Container::Other);
        assert_eq!(classify(&ole(&["/Workbook"])), Container::Other);
        assert_eq!(classify(b"plain"), Container::Other);
    }

    #[test]
    fn unreadable_directory_is_damaged_word() {
        let b = ole(&["/WordDocument"]);
        let mut cut = b[..600.min(b.len())].to_vec();
        if !names_stream(&cut, "WordDocument") {
            // keep the name visible to the raw scan
            cut.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        }
        assert_eq!(classify(&cut), Container::DamagedWord);
        // a damaged file naming a workbook too is left to the sheet adapter
        cut.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(classify(&cut), Container::Other);
    }
}
