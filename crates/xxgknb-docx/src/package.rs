//! The OPC zip package: opening it, finding the main document part through
//! `_rels/.rels`, and inflating parts under the configured [`Limits`] so a
//! zip bomb is stopped after at most `max_entry_bytes` of output, whatever
//! sizes the archive declares.

use std::io::{Cursor, Read};
use xxgknb_core::{AdapterError, Limits};

use xxgknb_core::Deadline;

/// Format name used in errors.
const FORMAT: &str = "docx";

/// An opened DOCX package plus the running inflation budget.
pub struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    inflated: u64,
}

/// Chunk size for inflating, so the deadline is checked while reading.
const CHUNK: usize = 64 * 1024;

impl<'a> Package<'a> {
    /// Open the zip's central directory.
    pub fn open(bytes: &'a [u8]) -> Result<Self, AdapterError> {
        let archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| AdapterError::Corrupt {
                format: FORMAT,
                detail: format!("not a readable zip archive (truncated or damaged?): {e}"),
            })?;
        Ok(Package {
            archive,
            inflated: 0,
        })
    }

    /// The archive's entry name for `part` (`word/document.xml`), matching
    /// the way Word does: case-insensitively, and with `\` taken as `/`
    /// (archives zipped by hand on Windows).
    fn entry_name(&self, part: &str) -> Option<String> {
        let want = part.trim_start_matches('/');
        self.archive
            .file_names()
            .flatten()
            .find(|n| {
                let n = n.trim_start_matches(['/', '\\']);
                n.len() == want.len()
                    && n.bytes()
                        .zip(want.bytes())
                        .all(|(a, b)| a.eq_ignore_ascii_case(&b) || (a == b'\\' && b == b'/'))
            })
            .map(|n| n.into_owned())
    }

    /// Is there a part of this name?
    pub fn has_part(&self, part: &str) -> bool {
        self.entry_name(part).is_some()
    }

    /// Inflate a part, enforcing the per-entry and total inflation limits
    /// and the deadline. A missing part is `Ok(None)`.
    pub fn read_part(
        &mut self,
        part: &str,
        limits: &Limits,
        deadline: &Deadline,
    ) -> Result<Option<Vec<u8>>, AdapterError> {
        let Some(name) = self.entry_name(part) else {
            return Ok(None);
        };
        let mut entry = self
            .archive
            .by_name(&name)
            .map_err(|e| AdapterError::Corrupt {
                format: FORMAT,
                detail: format!("cannot open {part}: {e}"),
            })?;
        if entry.encrypted() {
            return Err(AdapterError::Encrypted(format!(
                "zip entry {part} is encrypted"
            )));
        }
        let declared = entry.size();
        if declared > limits.max_entry_bytes {
            return Err(AdapterError::LimitExceeded {
                what: "inflated bytes per zip entry",
                limit: limits.max_entry_bytes,
            });
        }
        let mut out = Vec::with_capacity(usize::try_from(declared.min(1 << 24)).unwrap_or(0));
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = entry.read(&mut buf).map_err(|e| AdapterError::Corrupt {
                format: FORMAT,
                detail: format!("cannot inflate {part}: {e}"),
            })?;
            if n == 0 {
                break;
            }
            let chunk = buf.get(..n).unwrap_or_default();
            out.extend_from_slice(chunk);
            self.inflated += n as u64;
            if out.len() as u64 > limits.max_entry_bytes {
                return Err(AdapterError::LimitExceeded {
                    what: "inflated bytes per zip entry",
                    limit: limits.max_entry_bytes,
                });
            }
            if self.inflated > limits.max_total_inflated_bytes {
                return Err(AdapterError::LimitExceeded {
                    what: "inflated bytes per file",
                    limit: limits.max_total_inflated_bytes,
                });
            }
            deadline.check()?;
        }
        Ok(Some(out))
    }

    /// The main document part named by the package relationships
    /// (`officeDocument` in `_rels/.rels`), or `word/document.xml` when the
    /// relationships are missing or name nothing usable.
    pub fn main_part(&mut self, limits: &Limits, deadline: &Deadline) -> Option<String> {
        let rels = self.read_part("_rels/.rels", limits, deadline).ok()??;
        let target = office_document_target(&rels)?;
        let target = target.trim_start_matches('/').to_string();
        self.has_part(&target).then_some(target)
    }
}

/// One `<Relationship>` of a `.rels` part.
struct Relationship {
    id: Option<String>,
    ty: Option<String>,
    target: Option<String>,
    external: bool,
}

/// The relationships of a `.rels` part, in order (up to the first XML
/// error, if any).
fn relationships(rels: &[u8]) -> Vec<Relationship> {
    use quick_xml::events::Event;
    let mut out = Vec::new();
    let Ok(text) = std::str::from_utf8(rels.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rels)) else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let mut r = Relationship {
                    id: None,
                    ty: None,
                    target: None,
                    external: false,
                };
                for a in e.attributes().flatten() {
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.into_owned());
                    match a.key.local_name().as_ref() {
                        "Id" => r.id = v,
                        "Type" => r.ty = v,
                        "Target" => r.target = v,
                        "TargetMode" => r.external = v.is_some_and(|m| m == "External"),
                        _ => {}
                    }
                }
                out.push(r);
            }
            Ok(Event::Eof) | Err(_) => return out,
            Ok(_) => {}
        }
    }
}

/// The `Target` of the relationship whose `Type` ends in `/officeDocument`.
fn office_document_target(rels: &[u8]) -> Option<String> {
    relationships(rels)
        .into_iter()
        .find(|r| {
            r.ty.as_deref()
                .is_some_and(|t| t.ends_with("/officeDocument"))
        })
        .and_then(|r| r.target)
}

/// The picture relationships of a part (`Type` ending in `/image`, not
/// external): id and target part, the target resolved against `dir`, the
/// folder of the part the relationships belong to (`word`).
pub fn image_targets(rels: &[u8], dir: &str) -> Vec<(String, String)> {
    relationships(rels)
        .into_iter()
        .filter(|r| !r.external && r.ty.as_deref().is_some_and(|t| t.ends_with("/image")))
        .filter_map(|r| {
            let part = resolve_target(dir, r.target.as_deref()?)?;
            Some((r.id?, part))
        })
        .collect()
}

/// A relationship target as a part name: `/x` from the package root,
/// anything else from `dir`, `..` going up (never above the root).
fn resolve_target(dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|p| !p.is_empty()).collect(),
    };
    for p in target.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    #[test]
    fn image_relationships_resolve_to_parts() {
        let rels = br#"<Relationships><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="../img/p2.jpeg"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="http://x/y.png" TargetMode="External"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId8" Type="x/image" Target="../../../up.png"/></Relationships>"#;
        assert_eq!(
            image_targets(rels, "word"),
            vec![
                ("rId4".to_string(), "word/media/image1.png".to_string()),
                ("rId5".to_string(), "img/p2.jpeg".to_string()),
            ]
        );
    }

    use super::*;

    #[test]
    fn finds_office_document_relationship() {
        let rels = br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>"#;
        assert_eq!(
            office_document_target(rels).as_deref(),
            Some("word/document2.xml")
        );
        assert_eq!(office_document_target(b"<x/>"), None);
    }
}
