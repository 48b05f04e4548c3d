//! Command-line flags for the resource limits (see `docs/limits.md`),
//! shared by every subcommand that reads files. Each flag defaults to the
//! library default of [`Limits`].

use std::time::Duration;
use xxgknb_core::Limits;

/// Resource-limit flags, flattened into `parse`, `check`, `dump` (and every
/// other subcommand that reads report files).
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = "资源限制（见 docs/limits.md）")]
pub struct LimitArgs {
    /// 读取的最大文件，如 `200MiB`、`50MB` [默认：200MiB]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_file_bytes: Option<u64>,
    /// zip 单个条目（DOCX/XLSX/ODS）或 XLS 工作簿流解压后的最大字节数 [默认：256MiB]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_entry_bytes: Option<u64>,
    /// 一个文件所有 zip 条目解压后的最大总字节数 [默认：512MiB]
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_inflated_bytes: Option<u64>,
    /// XML/HTML 元素的最大嵌套深度 [默认：512]
    #[arg(long, value_name = "N")]
    pub max_xml_depth: Option<usize>,
    /// 单个表格或工作表的最多单元格数 [默认：200000]
    #[arg(long, value_name = "N")]
    pub max_cells: Option<usize>,
    /// 读取的最多 PDF 页数或工作表数 [默认：2000]
    #[arg(long, value_name = "N")]
    pub max_pages: Option<usize>,
    /// PDF 每页最多内容流操作符数 [默认：2000000]
    #[arg(long, value_name = "N")]
    pub max_ops_per_page: Option<usize>,
    /// 每个文件允许的时间，如 `60s`、`2m`、`500ms`、`1m 30s`（不带单位为秒）；`0` 表示不限 [默认：60s]
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

/// Parse a byte size with [`bytesize`]: a plain number of bytes or one
/// with a unit, decimal (`KB`, `MB`, `GB`; `K`, `M`, `G`) or binary
/// (`KiB`, `MiB`, `GiB`), e.g. `512KiB`, `200MB`.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("大小不能为空（如 1048576、512KiB、200MB）".into());
    }
    t.parse::<bytesize::ByteSize>()
        .map(|b| b.as_u64())
        .map_err(|_| format!("`{t}` 不是有效的大小（如 1048576、512KiB、200MB、1GiB）"))
}

/// Parse a duration with [`humantime`] (`60s`, `2m`, `500ms`, `1m 30s`),
/// or a plain number of seconds (`90`, `1.5`).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    if let Ok(secs) = t.parse::<f64>() {
        return Duration::try_from_secs_f64(secs).map_err(|_| format!("`{s}` 不是有效的时长"));
    }
    humantime::parse_duration(t)
        .map_err(|_| format!("`{s}` 不是有效的时长（如 60、60s、2m、500ms）"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_parse() {
        assert_eq!(parse_size("1024"), Ok(1024));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert_eq!(parse_size("200MiB"), Ok(200 << 20));
        assert_eq!(parse_size("200MB"), Ok(200_000_000));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("").is_err());
        assert!(parse_size("12 parsecs").is_err());
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m 30s"), Ok(Duration::from_secs(90)));
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
