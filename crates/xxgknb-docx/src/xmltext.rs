//! Package parts as text: UTF-8 (the norm), a byte-order mark (UTF-8 or
//! UTF-16), or the encoding named in the XML declaration (some Chinese
//! generators write `encoding="GBK"`), decoded with `encoding_rs`.

use encoding_rs::Encoding;
use xxgknb_core::AdapterError;

/// The `encoding="…"` label of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<&[u8]> {
    let head = bytes.get(..bytes.len().min(200))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = head.get(..end)?;
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = decl.get(at + 8..)?;
    let open = rest.iter().position(|b| *b == b'"' || *b == b'\'')?;
    let quote = *rest.get(open)?;
    let value = rest.get(open + 1..)?;
    let close = value.iter().position(|b| *b == quote)?;
    value.get(..close)
}

/// Decode a part; `part` names it in the error.
pub fn decode(bytes: Vec<u8>, part: &str) -> Result<String, AdapterError> {
    let bad = || AdapterError::Corrupt {
        format: "docx",
        detail: format!("{part} is not valid text in its declared encoding"),
    };
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        let body = bytes.get(bom..).unwrap_or_default();
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        return if had_errors {
            Err(bad())
        } else {
            Ok(text.into_owned())
        };
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let bytes = e.into_bytes();
            let enc = declared_encoding(&bytes)
                .and_then(Encoding::for_label)
                .filter(|enc| *enc != encoding_rs::UTF_8)
                .ok_or_else(bad)?;
            let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
            if had_errors {
                Err(bad())
            } else {
                Ok(text.into_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_bom_utf16_and_declared_gbk() {
        assert_eq!(decode(b"<a/>".to_vec(), "p").ok().as_deref(), Some("<a/>"));
        assert_eq!(
            decode(b"\xEF\xBB\xBF<a/>".to_vec(), "p").ok().as_deref(),
            Some("<a/>")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("<a>表</a>".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(utf16, "p").ok().as_deref(), Some("<a>表</a>"));
        let (gbk, _, _) =
            encoding_rs::GBK.encode("<?xml version='1.0' encoding='GBK'?><a>总计</a>");
        assert_eq!(
            decode(gbk.into_owned(), "p").ok().as_deref(),
            Some("<?xml version='1.0' encoding='GBK'?><a>总计</a>")
        );
        let err = decode(b"<a>\xff\xfe\xfd</a>".to_vec(), "word/document.xml");
        assert!(matches!(err, Err(AdapterError::Corrupt { .. })));
    }
}
