//! Container classification: is this a DOCX package, another OOXML/ODF
//! zip, an encrypted OOXML file, a legacy Word 97–2003 file, or none of
//! these? Decided from the bytes alone (zip entry names are stored
//! uncompressed, OLE directory names are UTF-16LE), so no decompression
//! and no third-party parser runs before the adapter commits to a file.

use xxgknb_core::adapter::magic;

/// What the bytes look like, as far as the DOCX adapter cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A zip with a `word/document.xml` entry.
    Docx,
    /// A zip that belongs to another reader (XLSX, ODF, PPTX).
    OtherPackage,
    /// A zip with no recognisable package part (perhaps truncated).
    UnknownZip,
    /// An OLE compound file holding an `EncryptedPackage` stream: a
    /// password-protected OOXML file.
    EncryptedOoxml,
    /// An OLE compound file holding a `WordDocument` stream: a legacy .doc.
    LegacyDoc,
    /// Another OLE compound file (legacy .xls, .ppt, ...).
    OtherOle,
    /// Rich Text Format (`{\rtf`), often served with a `.doc` name.
    Rtf,
    /// Not a zip and not an OLE file.
    Other,
}

/// Does an OLE file name a directory entry `name` (stored UTF-16LE)?
fn ole_has_stream(bytes: &[u8], name: &str) -> bool {
    let needle: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Classify a zip by the entry names of its central directory.
fn classify_names<S: AsRef<str>>(names: impl Iterator<Item = S>) -> Container {
    let mut other = false;
    for name in names {
        let name = name.as_ref().trim_start_matches(['/', '\\']);
        if name.eq_ignore_ascii_case("word/document.xml")
            || name.eq_ignore_ascii_case("word\\document.xml")
        {
            return Container::Docx;
        }
        if name.eq_ignore_ascii_case("xl/workbook.xml")
            || name.eq_ignore_ascii_case("xl/workbook.bin")
            || name.eq_ignore_ascii_case("ppt/presentation.xml")
            || name == "mimetype"
            || name == "content.xml"
        {
            other = true;
        }
    }
    if other {
        Container::OtherPackage
    } else {
        Container::UnknownZip
    }
}

/// Classify the bytes.
pub fn classify(bytes: &[u8]) -> Container {
    if magic::is_zip(bytes) {
        // The central directory is authoritative (a raw scan could see the
        // names inside an embedded, stored package); fall back to the raw
        // scan of local headers when it is unreadable (truncated file).
        if let Ok(archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            return classify_names(archive.file_names().flatten());
        }
        if magic::zip_has_entry(bytes, "word/document.xml") {
            Container::Docx
        } else if magic::zip_has_entry(bytes, "xl/workbook")
            || magic::zip_has_entry(bytes, "ppt/presentation.xml")
            || magic::zip_has_entry(bytes, "mimetypeapplication/vnd.oasis.opendocument")
            || magic::zip_has_entry(bytes, "content.xml")
        {
            Container::OtherPackage
        } else {
            Container::UnknownZip
        }
    } else if magic::is_ole(bytes) {
        if ole_has_stream(bytes, "EncryptedPackage") {
            Container::EncryptedOoxml
        } else if ole_has_stream(bytes, "WordDocument") {
            Container::LegacyDoc
        } else {
            Container::OtherOle
        }
    } else if bytes.starts_with(b"{\\rtf") {
        Container::Rtf
    } else {
        Container::Other
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    fn ole_with(name: &str) -> Vec<u8> {
        let mut b = OLE.to_vec();
        b.extend(std::iter::repeat_n(0u8, 32));
        b.extend(name.encode_utf16().flat_map(u16::to_le_bytes));
        b
    }

    #[test]
    fn classifies_ole_files() {
        assert_eq!(
            classify(&ole_with("EncryptedPackage")),
            Container::EncryptedOoxml
        );
        assert_eq!(classify(&ole_with("WordDocument")), Container::LegacyDoc);
        assert_eq!(classify(&ole_with("Workbook")), Container::OtherOle);
    }

    #[test]
    fn classifies_zips_by_entry_names() {
        assert_eq!(
            classify(b"PK\x03\x04....word/document.xml"),
            Container::Docx
        );
        assert_eq!(
            classify(b"PK\x03\x04....xl/workbook.xml"),
            Container::OtherPackage
        );
        assert_eq!(
            classify(b"PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
            Container::OtherPackage
        );
        assert_eq!(classify(b"PK\x03\x04....junk"), Container::UnknownZip);
        assert_eq!(classify(b"plain"), Container::Other);
        assert_eq!(classify(b"{\\rtf1\\ansi"), Container::Rtf);
    }
}
