//! MHTML (`.mht`, `.mhtml`): the "single file web page" Word and browsers
//! save — a MIME `multipart/related` message whose first `text/html` part
//! is the page, in a transfer encoding (quoted-printable or base64). Read
//! as-is, quoted-printable splits numbers at soft line breaks (`12=\n34`)
//! and writes `=3D` for every `=`, so the page part is taken out and
//! decoded before the HTML pipeline sees it.

use base64::Engine;
use xxgknb_core::AdapterError;

/// The page of an MHTML message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The HTML bytes, transfer encoding undone.
    pub html: Vec<u8>,
    /// The part's `charset` parameter, if any.
    pub charset: Option<String>,
}

/// How far into the file the message headers are looked for.
const HEADER_BYTES: usize = 4096;

/// Does the file start with the headers of a MIME multipart message?
pub fn is_mhtml(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(HEADER_BYTES)).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let headers = head.split("\n\n").next().unwrap_or("");
    let headers = headers.split("\r\n\r\n").next().unwrap_or("");
    headers.contains("content-type: multipart/related")
        || (headers.contains("mime-version:") && headers.contains("multipart/"))
}

/// The first `text/html` part of an MHTML message, decoded.
pub fn page(bytes: &[u8]) -> Result<Page, AdapterError> {
    let corrupt = |detail: &str| AdapterError::Corrupt {
        format: "html",
        detail: format!("MHTML archive: {detail}"),
    };
    let (headers, body) = split_headers(bytes);
    let content_type = header(headers, "content-type").unwrap_or_default();
    let boundary = parameter(&content_type, "boundary")
        .ok_or_else(|| corrupt("no multipart boundary in its Content-Type"))?;
    let delimiter = format!("--{boundary}");
    for part in split_parts(body, delimiter.as_bytes()) {
        let (headers, content) = split_headers(part);
        let content_type = header(headers, "content-type").unwrap_or_default();
        if !content_type.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let encoding = header(headers, "content-transfer-encoding")
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let html = match encoding.as_str() {
            "quoted-printable" => {
                quoted_printable::decode(content, quoted_printable::ParseMode::Robust)
                    .map_err(|e| corrupt(&format!("bad quoted-printable page: {e}")))?
            }
            "base64" => {
                let clean: Vec<u8> = content
                    .iter()
                    .copied()
                    .filter(|b| !b.is_ascii_whitespace())
                    .collect();
                base64::engine::general_purpose::STANDARD
                    .decode(clean)
                    .map_err(|e| corrupt(&format!("bad base64 page: {e}")))?
            }
            _ => content.to_vec(),
        };
        return Ok(Page {
            html,
            charset: parameter(&content_type, "charset"),
        });
    }
    Err(corrupt("no text/html part"))
}

/// Headers and body of a message or part: split at the first empty line
/// (CRLF or LF); a part without one is all body.
fn split_headers(bytes: &[u8]) -> (&[u8], &[u8]) {
    let crlf = find(bytes, b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(bytes, b"\n\n").map(|i| (i, 2));
    let first = match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    match first {
        Some((i, len)) => (
            bytes.get(..i).unwrap_or_default(),
            bytes.get(i + len..).unwrap_or_default(),
        ),
        None => (&[], bytes),
    }
}

/// A header's value (continuation lines unfolded), case-insensitive name.
fn header(headers: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(headers);
    let mut unfolded: Vec<String> = Vec::new();
    for line in text.lines() {
        match unfolded.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => unfolded.push(line.to_string()),
        }
    }
    unfolded.into_iter().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_string())
    })
}

/// A `key=value` or `key="value"` parameter of a header value.
fn parameter(value: &str, key: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(key)
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|v| !v.is_empty())
    })
}

/// The parts between `delimiter` lines (the preamble and the closing
/// `--delimiter--` epilogue are not parts).
fn split_parts<'a>(body: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = body;
    let mut started = false;
    while let Some(at) = find(rest, delimiter) {
        if started {
            parts.push(trim_line_end(rest.get(..at).unwrap_or_default()));
        }
        started = true;
        let after = rest.get(at + delimiter.len()..).unwrap_or_default();
        if after.starts_with(b"--") {
            return parts;
        }
        // the rest of the delimiter line
        let next_line = after
            .iter()
            .position(|&b| b == b'\n')
            .map_or(after.len(), |i| i + 1);
        rest = after.get(next_line..).unwrap_or_default();
    }
    if started && !rest.is_empty() {
        parts.push(rest); // no closing delimiter: a truncated download
    }
    parts
}

/// `bytes` without the line break before the next delimiter.
fn trim_line_end(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    b.strip_suffix(b"\r").unwrap_or(b)
}

/// Position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><body><p>a=b</p><table><tr><td>1234</td></tr></table></body></html>";

    fn message(part_headers: &str, content: &str) -> Vec<u8> {
        format!(
            "From: <Saved by Word>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\
             \tboundary=\"----=_NextPart_01\"\r\n\r\nThis is a multi-part message.\r\n\r\n\
             ------=_NextPart_01\r\n{part_headers}\r\n\r\n{content}\r\n\
             ------=_NextPart_01\r\nContent-Type: image/png\r\n\r\nxxxx\r\n\
             ------=_NextPart_01--\r\n"
        )
        .into_bytes()
    }

    #[test]
    fn quoted_printable_page_is_decoded() {
        // `=` written =3D, a soft line break inside a number
        let qp = PAGE.replace('=', "=3D").replace("1234", "12=\r\n34");
        let m = message(
            "Content-Location: file:///C:/x.htm\r\nContent-Transfer-Encoding: quoted-printable\r\n\
             Content-Type: text/html; charset=\"gb2312\"",
            &qp,
        );
        assert!(is_mhtml(&m));
        let p = page(&m).expect("page");
        assert_eq!(String::from_utf8_lossy(&p.html), PAGE);
        assert_eq!(p.charset.as_deref(), Some("gb2312"));
    }

    #[test]
    fn base64_page_is_decoded() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(PAGE);
        let wrapped: Vec<String> = b64
            .as_bytes()
            .chunks(20)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        let m = message(
            "Content-Type: text/html\r\nContent-Transfer-Encoding: base64",
            &wrapped.join("\r\n"),
        );
        let p = page(&m).expect("page");
        assert_eq!(String::from_utf8_lossy(&p.html), PAGE);
        assert_eq!(p.charset, None);
    }

    #[test]
    fn damaged_archives_are_clear_errors() {
        assert!(!is_mhtml(PAGE.as_bytes()));
        let no_boundary = b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\nx";
        assert!(is_mhtml(no_boundary));
        assert!(matches!(
            page(no_boundary),
            Err(AdapterError::Corrupt { .. })
        ));
        let m = message("Content-Type: text/plain", "hello");
        let e = page(&m).expect_err("no page");
        assert!(e.to_string().contains("no text/html part"), "{e}");
        // truncated after the page part: still read
        let full = message("Content-Type: text/html", PAGE);
        let cut = full.get(..full.len() - 60).unwrap_or_default();
        let p = page(cut).expect("page");
        assert!(String::from_utf8_lossy(&p.html).starts_with(PAGE));
    }
}
