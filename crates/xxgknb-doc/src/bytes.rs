//! Bounds-checked little-endian reads: every length and offset taken from
//! the file goes through these, so a bad value is a `Corrupt` error naming
//! the structure, never an out-of-range index.

use xxgknb_core::AdapterError;

use crate::FORMAT;

/// `Corrupt` with a detail.
pub fn corrupt(detail: impl Into<String>) -> AdapterError {
    AdapterError::Corrupt {
        format: FORMAT,
        detail: detail.into(),
    }
}

/// `len` bytes at `off`, or a `Corrupt` error naming `what`.
pub fn slice<'a>(
    b: &'a [u8],
    off: usize,
    len: usize,
    what: &str,
) -> Result<&'a [u8], AdapterError> {
    off.checked_add(len)
        .and_then(|end| b.get(off..end))
        .ok_or_else(|| {
            corrupt(format!(
                "{what} ({len} bytes at offset {off}) lies outside its stream of {} bytes",
                b.len()
            ))
        })
}

/// A little-endian `u16` at `off`.
pub fn u16_at(b: &[u8], off: usize, what: &str) -> Result<u16, AdapterError> {
    let s = slice(b, off, 2, what)?;
    Ok(u16::from_le_bytes([
        s.first().copied().unwrap_or(0),
        s.get(1).copied().unwrap_or(0),
    ]))
}

/// A little-endian `u32` at `off`.
pub fn u32_at(b: &[u8], off: usize, what: &str) -> Result<u32, AdapterError> {
    let s = slice(b, off, 4, what)?;
    let mut a = [0u8; 4];
    a.copy_from_slice(s);
    Ok(u32::from_le_bytes(a))
}

/// `u16` from an operand slice, 0 where it is short.
pub fn le16(s: &[u8], off: usize) -> u16 {
    u16::from_le_bytes([
        s.get(off).copied().unwrap_or(0),
        s.get(off + 1).copied().unwrap_or(0),
    ])
}

/// `i16` from an operand slice, 0 where it is short.
pub fn le_i16(s: &[u8], off: usize) -> i16 {
    le16(s, off) as i16
}

/// `i32` from an operand slice, 0 where it is short.
pub fn le_i32(s: &[u8], off: usize) -> i32 {
    (u32::from(le16(s, off)) | (u32::from(le16(s, off + 2)) << 16)) as i32
}
