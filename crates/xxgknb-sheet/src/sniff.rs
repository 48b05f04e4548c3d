//! Which spreadsheet format some bytes are, decided by their container:
//! a zip holding `xl/workbook.xml` (XLSX), a zip whose `mimetype` is an
//! OpenDocument spreadsheet (ODS), an OLE compound file holding a
//! `Workbook`/`Book` stream (XLS), or an OLE file holding an
//! `EncryptedPackage` (a password-protected XLSX).

use std::io::{Cursor, Read};
use xxgknb_core::adapter::magic;
use xxgknb_core::Confidence;

/// The spreadsheet container a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Office Open XML workbook.
    Xlsx,
    /// OpenDocument spreadsheet.
    Ods,
    /// Legacy BIFF workbook in an OLE compound file.
    Xls,
    /// A password-protected OOXML package (OLE `EncryptedPackage`), named
    /// by the format its extension claims.
    Encrypted(&'static str),
}

impl Kind {
    /// The format name reported as `source.format`.
    pub fn format(self) -> &'static str {
        match self {
            Kind::Xlsx => "xlsx",
            Kind::Ods => "ods",
            Kind::Xls => "xls",
            Kind::Encrypted(f) => f,
        }
    }
}

/// MIME type an ODS stores in its first, uncompressed `mimetype` entry.
const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// Recognise a spreadsheet container; `None` when the bytes are not one
/// (HTML or tab-separated text saved as `.xls` included).
pub fn detect(bytes: &[u8], ext: Option<&str>) -> Option<(Kind, Confidence)> {
    if magic::is_zip(bytes) {
        return detect_zip(bytes, ext);
    }
    if magic::is_ole(bytes) {
        return detect_ole(bytes, ext);
    }
    None
}

fn detect_zip(bytes: &[u8], ext: Option<&str>) -> Option<(Kind, Confidence)> {
    match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(mut archive) => {
            if archive.index_for_name("xl/workbook.xml").is_some() {
                return Some((Kind::Xlsx, Confidence::Certain));
            }
            if archive.index_for_name("content.xml").is_some() && ods_mimetype(&mut archive) {
                return Some((Kind::Ods, Confidence::Certain));
            }
            None
        }
        // no readable central directory (truncated or damaged): judge by
        // the local headers, then by the extension, so that reading reports
        // the damage instead of "unknown format"
        Err(_) => {
            let head = bytes.get(..256).unwrap_or(bytes);
            if magic::zip_has_entry(head, ODS_MIME) {
                Some((Kind::Ods, Confidence::Weak))
            } else if magic::zip_has_entry(bytes, "xl/workbook.xml") {
                Some((Kind::Xlsx, Confidence::Weak))
            } else {
                match ext {
                    Some("xlsx" | "xlsm") => Some((Kind::Xlsx, Confidence::Extension)),
                    Some("ods") => Some((Kind::Ods, Confidence::Extension)),
                    _ => None,
                }
            }
        }
    }
}

/// Does the archive's `mimetype` entry name an OpenDocument spreadsheet?
fn ods_mimetype<R: Read + std::io::Seek>(archive: &mut zip::ZipArchive<R>) -> bool {
    let Ok(entry) = archive.by_name("mimetype") else {
        return false;
    };
    let mut buf = String::new();
    if entry.take(128).read_to_string(&mut buf).is_err() {
        return false;
    }
    buf.trim().starts_with(ODS_MIME)
}

fn detect_ole(bytes: &[u8], ext: Option<&str>) -> Option<(Kind, Confidence)> {
    let names = ole_stream_names(bytes);
    let has = |n: &str| names.iter().any(|s| s.eq_ignore_ascii_case(n));
    if has("EncryptedPackage") {
        return match ext {
            Some("xlsx" | "xlsm") => Some((Kind::Encrypted("xlsx"), Confidence::Certain)),
            Some("xls") => Some((Kind::Encrypted("xls"), Confidence::Certain)),
            _ => None,
        };
    }
    if has("Workbook") || has("Book") {
        // a Word document with an embedded workbook names both streams:
        // the one at the root decides (the Word adapter reads it)
        if has("WordDocument") && root_has_word_document(bytes) {
            return None;
        }
        return Some((Kind::Xls, Confidence::Certain));
    }
    if ext == Some("xls") && !has("WordDocument") && !has("PowerPoint Document") {
        // an OLE file named .xls without a readable directory: reading
        // reports the damage
        return Some((Kind::Xls, Confidence::Extension));
    }
    None
}

/// Is there a `WordDocument` stream directly under the root storage?
/// False when the directory cannot be read.
fn root_has_word_document(bytes: &[u8]) -> bool {
    std::panic::catch_unwind(|| {
        cfb::CompoundFile::open(Cursor::new(bytes)).is_ok_and(|cf| cf.is_stream("/WordDocument"))
    })
    .unwrap_or(false)
}

/// Names of the entries in an OLE compound file's directory. Directory
/// entries are 128-byte records aligned on 128 bytes after the 512-byte
/// header: a UTF-16LE name, its byte length (with the terminator) at
/// offset 64 and the entry type (1 storage, 2 stream, 5 root) at 66. This
/// scan finds them without following the sector chains, which is enough to
/// tell a workbook from a document.
pub fn ole_stream_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut off = 512usize;
    while let Some(entry) = bytes.get(off..off + 128) {
        off += 128;
        let Ok(entry) = <&[u8; 128]>::try_from(entry) else {
            break;
        };
        let len = u16::from_le_bytes([entry[64], entry[65]]) as usize;
        let kind = entry[66];
        if !(4..=64).contains(&len) || len & 1 == 1 || !matches!(kind, 1 | 2 | 5) {
            continue;
        }
        let (Some(name_bytes), Some([0, 0])) = (entry.get(..len - 2), entry.get(len - 2..len))
        else {
            // the name must be terminated
            continue;
        };
        let units: Vec<u16> = name_bytes
            .chunks_exact(2)
            .filter_map(|c| c.try_into().ok().map(u16::from_le_bytes))
            .collect();
        // and made of printable characters
        if let Ok(name) = String::from_utf16(&units) {
            if name
                .chars()
                .all(|c| !c.is_control() || c == '\u{5}' || c == '\u{1}')
            {
                names.push(name);
            }
        }
        if names.len() > 10_000 {
            break;
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake OLE file: the magic, a header, and directory entries.
    fn ole_with(names: &[&str]) -> Vec<u8> {
        let mut b = vec![0u8; 512];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        for (i, n) in std::iter::once("Root Entry")
            .chain(names.iter().copied())
            .enumerate()
        {
            let mut e = vec![0u8; 128];
            let units: Vec<u16> = n.encode_utf16().collect();
            for (k, u) in units.iter().enumerate() {
                e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
            }
            let len = (units.len() as u16 + 1) * 2;
            e[64..66].copy_from_slice(&len.to_le_bytes());
            e[66] = if i == 0 { 5 } else { 2 };
            b.extend_from_slice(&e);
        }
        b
    }

    #[test]
    fn ole_workbook_is_xls() {
        let b = ole_with(&["Workbook", "\u{5}SummaryInformation"]);
        assert_eq!(detect(&b, None), Some((Kind::Xls, Confidence::Certain)));
        let b = ole_with(&["Book"]);
        assert_eq!(
            detect(&b, Some("xls")),
            Some((Kind::Xls, Confidence::Certain))
        );
    }

    #[test]
    fn ole_word_document_is_not_claimed() {
        let b = ole_with(&["WordDocument", "1Table"]);
        assert_eq!(detect(&b, None), None);
        assert_eq!(detect(&b, Some("xls")), None);
    }

    #[test]
    fn word_document_with_embedded_workbook_is_not_claimed() {
        use std::io::Write;
        let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        cf.create_stream("/WordDocument")
            .unwrap()
            .write_all(b"x")
            .unwrap();
        cf.create_storage_all("/ObjectPool/_1").unwrap();
        cf.create_stream("/ObjectPool/_1/Workbook")
            .unwrap()
            .write_all(b"x")
            .unwrap();
        cf.flush().unwrap();
        let b = cf.into_inner().into_inner();
        assert_eq!(detect(&b, Some("doc")), None);
    }

    #[test]
    fn encrypted_package_claimed_only_for_spreadsheet_extensions() {
        let b = ole_with(&["EncryptionInfo", "EncryptedPackage"]);
        assert_eq!(
            detect(&b, Some("xlsx")),
            Some((Kind::Encrypted("xlsx"), Confidence::Certain))
        );
        assert_eq!(detect(&b, Some("docx")), None);
        assert_eq!(detect(&b, None), None);
    }

    #[test]
    fn html_and_text_named_xls_are_not_claimed() {
        assert_eq!(
            detect(b"<html><table><tr><td>1</td></tr></table>", Some("xls")),
            None
        );
        assert_eq!(
            detect("项目\t数量\n规章\t0\n".as_bytes(), Some("xls")),
            None
        );
    }
}
