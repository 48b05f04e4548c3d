//! BIFF record reading shared by the XLS passes: record iteration with the
//! same boundaries calamine uses, little-endian fields, sheet names.

/// BIFF record types used here.
pub mod rec {
    /// Beginning of a substream (globals, worksheet, chart …).
    pub const BOF: u16 = 0x0809;
    /// End of a substream.
    pub const EOF: u16 = 0x000A;
    /// A cell format.
    pub const XF: u16 = 0x00E0;
    /// A sheet's name, type and offset in the stream.
    pub const BOUNDSHEET: u16 = 0x0085;
    /// A sheet's declared used range.
    pub const DIMENSIONS: u16 = 0x0200;
    /// Formatted blanks in one row.
    pub const MULBLANK: u16 = 0x00BE;
    /// RK numbers in one row.
    pub const MULRK: u16 = 0x00BD;
    /// A formula's cached result, continued as a string.
    pub const FORMULA: u16 = 0x0006;
    /// The string result of the formula before it.
    pub const STRING: u16 = 0x0207;
    /// Records that start with row, column and XF index.
    pub const CELLS: [u16; 8] = [
        0x0201, // BLANK
        0x0203, // NUMBER
        0x0204, // LABEL
        0x0205, // BOOLERR
        0x00FD, // LABELSST
        0x027E, // RK
        FORMULA, 0x00D6, // RSTRING
    ];
}

/// Iterate the records starting at `offset`: (type, body). Stops at the
/// first record that does not fit (calamine fails the whole file there).
pub fn records(data: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = offset;
    std::iter::from_fn(move || {
        let &[t0, t1, l0, l1] = data.get(pos..pos + 4)? else {
            return None;
        };
        let typ = u16::from_le_bytes([t0, t1]);
        let len = u16::from_le_bytes([l0, l1]) as usize;
        let body = data.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, body))
    })
}

/// The little-endian `u16` at `at`, if the slice is long enough.
pub fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2)
        .and_then(|s| s.try_into().ok())
        .map(u16::from_le_bytes)
}

/// The little-endian `u32` at `at`, if the slice is long enough.
pub fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
}

/// A BOUNDSHEET's name: `cch` characters, compressed (Latin-1) or UTF-16LE.
pub fn sheet_name(body: &[u8]) -> Option<String> {
    let cch = *body.get(6)? as usize;
    let flags = *body.get(7)?;
    let chars = body.get(8..)?;
    if flags & 1 == 1 {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(cch)
            .filter_map(|c| c.try_into().ok().map(u16::from_le_bytes))
            .collect();
        String::from_utf16(&units).ok()
    } else {
        Some(chars.iter().take(cch).map(|&b| char::from(b)).collect())
    }
}

/// Every sheet offset a BOUNDSHEET record anywhere in the stream names
/// (a superset of the ones calamine follows, which stops at the globals'
/// EOF).
pub fn sheet_offsets(data: &[u8]) -> Vec<usize> {
    records(data, 0)
        .filter(|&(typ, _)| typ == rec::BOUNDSHEET)
        .filter_map(|(_, body)| u32_at(body, 0))
        .map(|pos| pos as usize)
        .collect()
}

/// One BIFF record (type, length, body), for building test streams.
#[cfg(test)]
pub fn record(typ: u16, body: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend_from_slice(&(body.len() as u16).to_le_bytes());
    v.extend_from_slice(body);
    v
}
