//! xxgknb adapter for DOCX (Office Open XML WordprocessingML).
//!
//! Reads the main document part of the package with `zip` + `quick-xml`
//! and produces the body's paragraphs and tables in document order, table
//! merges (`w:gridSpan`, `w:vMerge`, legacy `w:hMerge`) resolved into
//! HTML-style row/column spans. See `docs/adapters/docx.md` for what is
//! read, what is skipped and why `docx-rs` is not used for reading.
//!
//! Guards: the container is sniffed before anything is inflated; inflation
//! is capped by [`Limits`] (zip bombs); XML depth, cells per table and the
//! per-file deadline are enforced while parsing; a panic anywhere in the
//! reader is caught and reported as [`AdapterError::Internal`].

mod body;
mod emit;
mod grid;
mod numbering;
mod package;
pub mod sniff;
mod xmltext;

use xxgknb_core::adapter::Confidence;
use xxgknb_core::{Adapter, AdapterError, Document, Limits, Sniff};

use sniff::Container;
use xxgknb_core::Deadline;

/// Format name reported for Word packages.
const FORMAT: &str = "docx";

/// Reads DOCX files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct DocxAdapter;

/// Extensions that say "Word document".
fn word_ext(ext: Option<&str>) -> bool {
    matches!(ext, Some("docx" | "docm" | "dotx" | "dotm" | "doc" | "dot"))
}

impl Adapter for DocxAdapter {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn sniff(&self, bytes: &[u8], ext: Option<&str>) -> Option<Sniff> {
        let (format, confidence) = match sniff::classify(bytes) {
            Container::Docx => (FORMAT, Confidence::Certain),
            // Word 97-2003 files are the `xxgknb-doc` adapter's; its sniff
            // reads the compound file's directory, this byte scan cannot
            // tell a Word file from a workbook with a Word object inside
            // RTF is plain ASCII: claim it so it gets a clear error instead
            // of being read as text
            Container::Rtf => ("rtf", Confidence::Certain),
            Container::EncryptedOoxml if word_ext(ext) => (FORMAT, Confidence::Certain),
            // a damaged zip named like a Word file: claim it weakly so the
            // user gets a DOCX-specific error instead of "unknown format"
            Container::UnknownZip if word_ext(ext) => (FORMAT, Confidence::Extension),
            _ => return None,
        };
        Some(Sniff { format, confidence })
    }

    fn read_within(
        &self,
        bytes: &[u8],
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Document, AdapterError> {
        match sniff::classify(bytes) {
            Container::Docx | Container::UnknownZip => {}
            Container::EncryptedOoxml => {
                return Err(AdapterError::Encrypted(
                    "password-protected Office document (OLE container with an EncryptedPackage \
                     stream); remove the password in Word and save it again"
                        .into(),
                ))
            }
            Container::LegacyDoc => {
                return Err(AdapterError::Unsupported {
                    format: "doc",
                    detail: "legacy Word 97-2003 binary document (.doc); save it as .docx".into(),
                })
            }
            Container::Rtf => {
                return Err(AdapterError::Unsupported {
                    format: "rtf",
                    detail: "Rich Text Format document (often named .doc); save it as .docx".into(),
                })
            }
            Container::OtherOle => {
                return Err(AdapterError::Unsupported {
                    format: FORMAT,
                    detail: "OLE compound file that is not a Word document".into(),
                })
            }
            Container::OtherPackage => {
                return Err(AdapterError::Corrupt {
                    format: FORMAT,
                    detail: "zip package is a spreadsheet, presentation or ODF file, \
                             not a Word document"
                        .into(),
                })
            }
            Container::Other => {
                return Err(AdapterError::Corrupt {
                    format: FORMAT,
                    detail: format!(
                        "not a zip package ({})",
                        xxgknb_core::adapter::describe_magic(bytes)
                    ),
                })
            }
        }
        read_package(bytes, limits, deadline)
    }
}

/// Open the package, parse the main part and build the document.
fn read_package(
    bytes: &[u8],
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Document, AdapterError> {
    let mut pkg = package::Package::open(bytes)?;
    let part = pkg
        .main_part(limits, deadline)
        .unwrap_or_else(|| "word/document.xml".to_string());
    let Some(xml) = pkg.read_part(&part, limits, deadline)? else {
        return Err(AdapterError::Corrupt {
            format: FORMAT,
            detail: format!("the zip has no {part}: not a Word document"),
        });
    };
    let xml = xmltext::decode(xml, &part)?;
    let mut numbering = list_numbering(&mut pkg, &part, &xml, limits, deadline)?;
    let items = body::parse(&xml, limits, deadline, &mut numbering)?;
    let mut emitter = emit::Emitter::new(limits.max_cells_per_table);
    emitter.items(&items)?;
    let mut doc = emitter.finish();
    resolve_pictures(&mut pkg, &part, &mut doc, limits, deadline)?;
    if doc.blocks.is_empty() && doc.pictures.is_empty() {
        return Err(AdapterError::Unsupported {
            format: FORMAT,
            detail: "the document body has no text, no tables and no pictures".into(),
        });
    }
    Ok(doc)
}

/// Replace the relationship ids of the document's pictures by the parts
/// they name (`word/media/image1.png`); pictures whose relationship is
/// missing or external are dropped.
fn resolve_pictures(
    pkg: &mut package::Package<'_>,
    main: &str,
    doc: &mut Document,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<(), AdapterError> {
    if doc.pictures.is_empty() {
        return Ok(());
    }
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_part = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let targets = match pkg.read_part(&rels_part, limits, deadline) {
        Ok(Some(rels)) => package::image_targets(&rels, dir),
        Ok(None) | Err(AdapterError::Corrupt { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    doc.pictures
        .retain_mut(|p| match targets.iter().find(|(id, _)| *id == p.part) {
            Some((_, part)) => {
                p.part = part.clone();
                true
            }
            None => false,
        });
    Ok(())
}

/// The bytes of parts of a Word package (the pictures
/// [`Document::pictures`] names), in the order asked, within the
/// inflation limits; a part that is missing is left out.
pub fn read_parts(
    bytes: &[u8],
    parts: &[String],
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Vec<(String, Vec<u8>)>, AdapterError> {
    let mut pkg = package::Package::open(bytes)?;
    let mut out = Vec::new();
    for part in parts {
        if let Some(data) = pkg.read_part(part, limits, deadline)? {
            out.push((part.clone(), data));
        }
    }
    Ok(out)
}

/// The list definitions (`numbering.xml`, and `styles.xml` for numbering
/// carried by paragraph styles) beside the main part. Only limits and the
/// deadline are fatal here: a damaged or missing part just means no
/// automatic labels.
fn list_numbering(
    pkg: &mut package::Package<'_>,
    main: &str,
    xml: &str,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<numbering::Numbering, AdapterError> {
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let path = |name: &str| {
        if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        }
    };
    let mut text = |name: &str| -> Result<Option<String>, AdapterError> {
        match pkg.read_part(&path(name), limits, deadline) {
            Ok(Some(bytes)) => Ok(xmltext::decode(bytes, name).ok()),
            Ok(None) => Ok(None),
            Err(e @ (AdapterError::LimitExceeded { .. } | AdapterError::Timeout(_))) => Err(e),
            Err(_) => Ok(None),
        }
    };
    // Cheap pre-checks keep the common case fast (styles.xml is often
    // hundreds of KB): no numPr and no pStyle in the body, no labels.
    let direct = xml.contains("numPr");
    let styled = xml.contains("pStyle");
    if !direct && !styled {
        return Ok(numbering::Numbering::default());
    }
    let Some(defs) = text("numbering.xml")? else {
        return Ok(numbering::Numbering::default());
    };
    // styles matter only when one of them carries numbering
    let styles = if styled {
        text("styles.xml")?.filter(|s| s.contains("numPr"))
    } else {
        None
    };
    if styles.is_none() && !direct {
        return Ok(numbering::Numbering::default());
    }
    Ok(numbering::Numbering::parse(Some(&defs), styles.as_deref()))
}
