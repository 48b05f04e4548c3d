//! Text decoding with encoding detection.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding used, e.g. `UTF-8`, `GBK`, `UTF-16LE`.
    pub encoding: &'static str,
    /// True when some bytes were malformed and replaced by U+FFFD.
    pub had_errors: bool,
}

/// Decode bytes of unknown encoding: a BOM wins; then UTF-8 if the bytes
/// are valid UTF-8; then BOM-less UTF-16 recognised by its NUL pattern; then
/// `chardetng`'s guess (GB18030/GBK for Chinese legacy text).
pub fn decode_text(bytes: &[u8]) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) =
            enc.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default());
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            had_errors,
        };
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            encoding: UTF_8.name(),
            had_errors: false,
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            had_errors,
        };
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let mut enc = det.guess(Some(b"cn"), true);
    if enc == encoding_rs::GBK {
        // GB18030 is a superset of GBK and decodes everything GBK does.
        enc = encoding_rs::GB18030;
    }
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc.name(),
        had_errors,
    }
}

fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = bytes.get(..4096).unwrap_or(bytes);
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nuls = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|b| **b == 0)
        .count();
    let half = sample.len() / 2;
    if odd_nuls * 3 > half && even_nuls * 10 < half {
        Some(UTF_16LE)
    } else if even_nuls * 3 > half && odd_nuls * 10 < half {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Heuristic: do these bytes look like text in some encoding rather than a
/// binary file? Control bytes other than whitespace are rare in text.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() {
        return true;
    }
    if utf16_without_bom(bytes).is_some() {
        return true;
    }
    let sample = bytes.get(..8192).unwrap_or(bytes);
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 100 <= sample.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "互助土族自治县人民政府2022年政府信息公开工作年度报告";

    #[test]
    fn decodes_utf8_and_boms() {
        assert_eq!(decode_text(SAMPLE.as_bytes()).text, SAMPLE);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode_text(&bom).text, SAMPLE);
        let mut u16le = vec![0xFF, 0xFE];
        for u in SAMPLE.encode_utf16() {
            u16le.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode_text(&u16le);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "UTF-16LE");
        let mut u16be = vec![0xFE, 0xFF];
        for u in SAMPLE.encode_utf16() {
            u16be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode_text(&u16be).text, SAMPLE);
    }

    #[test]
    fn decodes_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode(SAMPLE);
        let d = decode_text(&gbk);
        assert_eq!(d.text, SAMPLE);
        assert_eq!(d.encoding, "gb18030");
    }
}
