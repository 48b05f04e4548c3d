//! Report pictures carried in a web page: `<img src="data:image/jpeg;base64,…">`.

/// The decoded bytes of every `data:image/jpeg` URI in the page, in order.
pub fn data_jpegs(html: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let needles: [&[u8]; 2] = [b"data:image/jpeg;base64,", b"data:image/jpg;base64,"];
    let mut i = 0;
    while i < html.len() {
        let Some((start, n)) = needles
            .iter()
            .filter_map(|n| find(html.get(i..).unwrap_or_default(), n).map(|p| (i + p, n.len())))
            .min()
        else {
            break;
        };
        let body = start + n;
        let end = html
            .get(body..)
            .and_then(|rest| {
                rest.iter()
                    .position(|&b| b == b'"' || b == b'\'' || b == b')' || b == b'>')
            })
            .map_or(html.len(), |p| body + p);
        if let Some(bytes) = html.get(body..end).and_then(base64) {
            out.push(bytes);
        }
        i = end.max(body);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Standard base64 (whitespace, `%0A` escapes and padding tolerated).
pub fn base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for &c in text {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decodes() {
        assert_eq!(base64(b"aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64(b"aGVs\nbG8").as_deref(), Some(&b"hello"[..]));
        assert!(base64(b"a$").is_none());
    }

    #[test]
    fn data_uris_are_found() {
        let page = b"<p><img src=\"data:image/jpeg;base64,aGVsbG8=\"><img src='data:image/jpeg;base64,d29ybGQ='></p>";
        assert_eq!(data_jpegs(page), vec![b"hello".to_vec(), b"world".to_vec()]);
    }
}
