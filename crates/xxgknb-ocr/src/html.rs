//! Report pictures carried in a web page: `<img src="data:image/jpeg;base64,…">`
//! (JPEG or PNG), or `<img src="report_files/page1.jpg">` beside a saved
//! page. Nothing is fetched here: a file is only named, as a path relative
//! to the page's folder that cannot leave it ([`relative_path`]).

/// Where an `<img>` of a page takes its picture from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImgSource {
    /// The decoded bytes of a `data:image/jpeg` or `data:image/png` URI.
    Data(Vec<u8>),
    /// A file beside the page: a relative path, `/`-separated, with no
    /// `.` or `..` component (see [`relative_path`]).
    File(String),
}

/// Every `<img>` of the page whose `src` is a JPEG/PNG `data:` URI or a
/// relative path inside the page's folder, in page order. URLs (`http:`,
/// `//host/…`), absolute paths and paths leaving the folder are left out.
pub fn img_sources(html: &[u8]) -> Vec<ImgSource> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(p) = find_ci(html.get(i..).unwrap_or_default(), b"<img") {
        let tag_start = i + p + 4;
        let tag_end = html
            .get(tag_start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'>'))
            .map_or(html.len(), |e| tag_start + e);
        let tag = html.get(tag_start..tag_end).unwrap_or_default();
        if let Some(src) = src_attribute(tag) {
            if let Some(source) = img_source(src) {
                out.push(source);
            }
        }
        i = tag_end;
    }
    out
}

fn img_source(src: &[u8]) -> Option<ImgSource> {
    const DATA: [&[u8]; 3] = [
        b"data:image/jpeg;base64,",
        b"data:image/jpg;base64,",
        b"data:image/png;base64,",
    ];
    for prefix in DATA {
        if src.len() >= prefix.len() && src.get(..prefix.len())?.eq_ignore_ascii_case(prefix) {
            return base64(src.get(prefix.len()..)?).map(ImgSource::Data);
        }
    }
    relative_path(std::str::from_utf8(src).ok()?).map(ImgSource::File)
}

/// The value of the `src` attribute of an `<img` tag's inside.
fn src_attribute(tag: &[u8]) -> Option<&[u8]> {
    let mut i = 0;
    loop {
        let p = i + find_ci(tag.get(i..)?, b"src")?;
        let before = p.checked_sub(1).and_then(|b| tag.get(b)).copied();
        i = p + 3;
        // `data-src`, `srcset`: not the attribute itself
        if !before.is_some_and(|b| b.is_ascii_whitespace()) {
            continue;
        }
        let rest = tag.get(i..)?;
        let eq = rest.iter().position(|&b| !b.is_ascii_whitespace())?;
        if rest.get(eq) != Some(&b'=') {
            continue;
        }
        let rest = rest.get(eq + 1..)?;
        let start = rest.iter().position(|&b| !b.is_ascii_whitespace())?;
        let rest = rest.get(start..)?;
        return Some(match rest.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let body = rest.get(1..)?;
                body.get(..body.iter().position(|&b| b == q).unwrap_or(body.len()))?
            }
            _ => rest.get(
                ..rest
                    .iter()
                    .position(|b| b.is_ascii_whitespace())
                    .unwrap_or(rest.len()),
            )?,
        });
    }
}

/// A picture reference as a path inside the page's own folder, or `None`:
/// URLs and other schemes (`http:`, `file:`, `C:`), network and absolute
/// paths (`//host`, `/x`, `\\x`) and any `..` component are refused; the
/// query and fragment are dropped, `%XX` escapes and `&amp;` decoded, `\`
/// taken as `/`, `.` components dropped.
pub fn relative_path(src: &str) -> Option<String> {
    let src = src.trim();
    let src = src.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(&src.replace("&amp;", "&"))?.replace('\\', "/");
    if decoded.starts_with('/') || decoded.contains(':') || decoded.contains('\0') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

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
    fn img_sources_in_page_order() {
        let page = b"<p><IMG alt=x SRC=\"report_files/page1.jpg\"></p>\
            <img data-src=\"lazy.jpg\" src='data:image/png;base64,aGVsbG8='>\
            <img src=http://example.com/a.jpg><img src=\"../up.jpg\"><img src=\"/abs.jpg\">\
            <img src=\"./report_files/%E7%AC%AC2%E9%A1%B5.png?v=1\">";
        assert_eq!(
            img_sources(page),
            vec![
                ImgSource::File("report_files/page1.jpg".into()),
                ImgSource::Data(b"hello".to_vec()),
                ImgSource::File("report_files/第2页.png".into()),
            ]
        );
    }

    #[test]
    fn paths_cannot_leave_the_folder() {
        for bad in [
            "../x.jpg",
            "a/../../x.jpg",
            "a/%2e%2e/x.jpg",
            "a\\..\\x.jpg",
            "/etc/passwd",
            "//host/x.jpg",
            "\\\\host\\x.jpg",
            "C:/x.jpg",
            "file:///x.jpg",
            "https://x/y.jpg",
            "%2Fetc%2Fpasswd",
            "a%00.jpg",
            "%zz.jpg",
            "",
            "./",
        ] {
            assert_eq!(relative_path(bad), None, "{bad}");
        }
        assert_eq!(relative_path("a/./b.jpg#top").as_deref(), Some("a/b.jpg"));
        assert_eq!(relative_path("a\\b.jpg").as_deref(), Some("a/b.jpg"));
    }

    #[test]
    fn data_uris_are_found() {
        let page = b"<p><img src=\"data:image/jpeg;base64,aGVsbG8=\"><img src='data:image/jpeg;base64,d29ybGQ='></p>";
        assert_eq!(data_jpegs(page), vec![b"hello".to_vec(), b"world".to_vec()]);
    }
}
