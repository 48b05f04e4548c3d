//! Command-line flags for the resource limits (see `docs/limits.md`),
//! shared by every subcommand that reads files. Each flag defaults to the
//! library default of [`Limits`].

use std::time::Duration;
use xxgknb_core::Limits;

/// Resource-limit flags, flattened into `parse`, `check`, `dump` (and every
/// other subcommand that reads report files).
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "Limits (see docs/limits.md)")]
pub struct LimitArgs {
    /// Largest input file read, e.g. `200M` [default: 200M].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_bytes: Option<u64>,
    /// Largest inflated size of one zip entry (DOCX/XLSX/ODS) or XLS workbook
    /// stream [default: 256M].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_entry_bytes: Option<u64>,
    /// Largest inflated size of all zip entries of a file [default: 512M].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_inflated_bytes: Option<u64>,
    /// Deepest XML/HTML element nesting [default: 512].
    #[arg(long, value_name = "N")]
    pub max_xml_depth: Option<usize>,
    /// Most cells in one table or sheet [default: 200000].
    #[arg(long, value_name = "N")]
    pub max_cells: Option<usize>,
    /// Most PDF pages or spreadsheet sheets read [default: 2000].
    #[arg(long, value_name = "N")]
    pub max_pages: Option<usize>,
    /// Most PDF content-stream operators per page [default: 2000000].
    #[arg(long, value_name = "N")]
    pub max_ops_per_page: Option<usize>,
    /// Time allowed per file, e.g. `60s`, `2m`, `500ms`; `0` = no limit [default: 60s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

impl LimitArgs {
    /// The library [`Limits`] with every given flag applied.
    pub fn to_limits(&self) -> Limits {
        let d = Limits::default();
        Limits {
            max_file_bytes: self.max_file_bytes.unwrap_or(d.max_file_bytes),
            max_entry_bytes: self.max_entry_bytes.unwrap_or(d.max_entry_bytes),
            max_total_inflated_bytes: self
                .max_inflated_bytes
                .unwrap_or(d.max_total_inflated_bytes),
            max_xml_depth: self.max_xml_depth.unwrap_or(d.max_xml_depth),
            max_cells_per_table: self.max_cells.unwrap_or(d.max_cells_per_table),
            max_pages: self.max_pages.unwrap_or(d.max_pages),
            max_ops_per_page: self.max_ops_per_page.unwrap_or(d.max_ops_per_page),
            time_per_file: self.timeout.unwrap_or(d.time_per_file),
        }
    }
}

/// Parse a byte size: a plain number of bytes or one with a binary suffix
/// `K`, `M`, `G` (optionally followed by `B`/`iB`), e.g. `512K`, `200MB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let upper = t.to_ascii_uppercase();
    let body = upper
        .strip_suffix("IB")
        .or_else(|| upper.strip_suffix('B'))
        .unwrap_or(&upper);
    let (digits, shift) = [('K', 10), ('M', 20), ('G', 30), ('T', 40)]
        .iter()
        .find_map(|(unit, shift)| body.strip_suffix(*unit).map(|d| (d, *shift)))
        .unwrap_or((body, 0));
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{t}` is not a size (e.g. 1048576, 512K, 200M, 1G)"))?;
    n.checked_mul(1u64 << shift)
        .ok_or_else(|| format!("`{t}` is too large"))
}

/// Parse a duration: seconds as a plain number, or with a unit `ms`, `s`,
/// `m` or `h`, e.g. `90`, `1.5s`, `2m`, `500ms`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim().to_ascii_lowercase();
    let (num, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else if let Some(n) = t.strip_suffix('h') {
        (n, 3600.0)
    } else {
        (t.as_str(), 1.0)
    };
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (e.g. 60, 60s, 2m, 500ms)"))?;
    Duration::try_from_secs_f64(v * scale).map_err(|_| format!("`{s}` is not a valid duration"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_parse() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("512K"), Ok(512 << 10));
        assert_eq!(parse_size("200mb"), Ok(200 << 20));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("99999999999T").is_err());
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert!(parse_duration("-1s").is_err());
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn flags_override_defaults() {
        assert_eq!(LimitArgs::default().to_limits(), Limits::default());
        let l = LimitArgs {
            max_cells: Some(10),
            timeout: Some(Duration::from_secs(1)),
            ..LimitArgs::default()
        };
        let l = l.to_limits();
        assert_eq!(l.max_cells_per_table, 10);
        assert_eq!(l.time_per_file, Duration::from_secs(1));
        assert_eq!(l.max_pages, Limits::default().max_pages);
    }
}
