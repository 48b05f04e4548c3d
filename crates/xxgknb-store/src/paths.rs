//! File names that are not UTF-8 (GBK names from Windows archives), kept
//! without loss: [`escaped_path`] writes one as text that
//! [`path_from_escaped`] turns back into the same bytes, so a stored or
//! printed path reopens the file.

use std::path::{Path, PathBuf};

/// A path that is not UTF-8, written without loss: valid UTF-8 runs as
/// they are, other bytes as `\xNN`, a backslash as `\\`. `None` for a
/// UTF-8 path (its text is exact as it is).
pub fn escaped_path(path: &Path) -> Option<String> {
    if path.to_str().is_some() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&chunk.valid().replace('\\', "\\\\"));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        Some(out)
    }
    #[cfg(not(unix))]
    {
        Some(path.to_string_lossy().into_owned())
    }
}

/// The path [`escaped_path`] wrote as `escaped` (`\xNN` and `\\` undone);
/// `None` when `escaped` holds no escape, or one that is not well formed.
pub fn path_from_escaped(escaped: &str) -> Option<PathBuf> {
    if !escaped.contains('\\') {
        return None;
    }
    let mut bytes = Vec::with_capacity(escaped.len());
    let mut rest = escaped.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match (b, tail) {
            (b'\\', [b'\\', more @ ..]) => {
                bytes.push(b'\\');
                rest = more;
            }
            (b'\\', [b'x', h, l, more @ ..]) => {
                let hex = [*h, *l];
                bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).ok()?, 16).ok()?);
                rest = more;
            }
            (b'\\', _) => return None,
            _ => {
                bytes.push(b);
                rest = tail;
            }
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }
    #[cfg(not(unix))]
    {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

/// The file a stored path names: the path itself when it exists as
/// written, else the bytes its escapes stand for.
pub fn stored_path(stored: &str) -> PathBuf {
    let plain = PathBuf::from(stored);
    if plain.exists() {
        return plain;
    }
    path_from_escaped(stored).unwrap_or(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn an_escaped_name_gives_its_bytes_back() {
        use std::os::unix::ffi::OsStrExt;
        let raw: &[u8] = b"\xb1\xa8\xb8\xe6 a\\b \xe6\x8a\xa5.txt";
        let path = Path::new(std::ffi::OsStr::from_bytes(raw));
        let e = escaped_path(path).unwrap_or_default();
        assert_eq!(e, "\\xb1\\xa8\\xb8\\xe6 a\\\\b 报.txt");
        assert_eq!(path_from_escaped(&e).as_deref(), Some(path));
        // two names that print alike stay two
        let other = Path::new(std::ffi::OsStr::from_bytes(b"\xb1\xa9.txt"));
        assert_ne!(
            escaped_path(other),
            escaped_path(Path::new(std::ffi::OsStr::from_bytes(b"\xb1\xa8.txt")))
        );
    }

    #[test]
    fn utf8_names_are_not_escaped() {
        assert_eq!(escaped_path(Path::new("报告/a\\b.txt")), None);
        assert_eq!(path_from_escaped("报告.txt"), None);
        assert_eq!(path_from_escaped("bad\\q"), None);
    }
}
