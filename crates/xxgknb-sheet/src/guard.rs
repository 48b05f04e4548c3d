//! Zip limits checked before any entry is inflated: the central directory
//! states every entry's uncompressed size, so a zip bomb is refused before
//! calamine or our own XML pass reads it.

use std::io::Cursor;
use xxgknb_core::{AdapterError, Limits};

/// Most entries accepted in one workbook archive.
const MAX_ENTRIES: usize = 10_000;

/// Check a zip-based workbook against the inflated-size limits. Fails with
/// `Corrupt` when the archive has no readable central directory (truncated
/// download) and `LimitExceeded` when an entry or the whole archive would
/// inflate beyond [`Limits`].
pub fn check_zip(bytes: &[u8], limits: &Limits, format: &'static str) -> Result<(), AdapterError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| AdapterError::Corrupt {
            format,
            detail: format!("not a readable zip archive (truncated or damaged?): {e}"),
        })?;
    if archive.len() > MAX_ENTRIES {
        return Err(AdapterError::LimitExceeded {
            what: "entries per zip archive",
            limit: MAX_ENTRIES as u64,
        });
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| AdapterError::Corrupt {
            format,
            detail: format!("zip entry {i} is unreadable: {e}"),
        })?;
        let size = entry.size();
        if size > limits.max_entry_bytes {
            return Err(AdapterError::LimitExceeded {
                what: "inflated bytes per zip entry",
                limit: limits.max_entry_bytes,
            });
        }
        total = total.saturating_add(size);
        if total > limits.max_total_inflated_bytes {
            return Err(AdapterError::LimitExceeded {
                what: "inflated bytes per zip archive",
                limit: limits.max_total_inflated_bytes,
            });
        }
    }
    Ok(())
}
