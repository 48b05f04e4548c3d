//! `xxgknb export`: write the store as tidy CSV, wide CSV or JSON Lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use xxgknb_core::agency;
use xxgknb_store::{export, Filter, Store};

/// Export formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// 整洁 CSV：agency, agency_key, year, table, row, column, value, source_file
    Csv,
    /// 每表一个 CSV（active.csv、applications.csv、review_litigation.csv），每份报告一行
    Wide,
    /// 每行一个 MODEL.md 对象，含跨年度问题
    Jsonl,
}

/// Arguments of `xxgknb export`.
#[derive(clap::Args)]
pub struct Args {
    /// 数据库文件
    #[arg(long, default_value = "xxgknb.sqlite")]
    db: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// 只导出该机关（名称会规范化，写法不限）；可重复
    #[arg(long)]
    agency: Vec<String>,
    /// 只导出该年度，或年度范围 `2020-2023` / `2021-`
    #[arg(long)]
    year: Option<String>,
    /// 输出文件（csv、jsonl；默认标准输出）或文件夹（wide 必需）
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Parse `2022`, `2020-2023`, `2021-` or `-2022`.
fn year_range(spec: &str) -> Result<(Option<i64>, Option<i64>), String> {
    let bad = || format!("--year {spec:?}：应为 年度 或 起-止（如 2022、2020-2023）");
    let num = |s: &str| -> Result<Option<i64>, String> {
        let s = s.trim();
        if s.is_empty() {
            Ok(None)
        } else {
            s.parse().map(Some).map_err(|_| bad())
        }
    };
    match spec.split_once('-') {
        Some((a, b)) => Ok((num(a)?, num(b)?)),
        None => {
            let y = num(spec)?.ok_or_else(bad)?;
            Ok((Some(y), Some(y)))
        }
    }
}

/// Run the export.
pub fn run(args: Args) -> ExitCode {
    match export_all(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xxgknb: {e}");
            ExitCode::from(1)
        }
    }
}

fn export_all(args: &Args) -> Result<(), String> {
    if !args.db.exists() {
        return Err(format!(
            "{}: 数据库不存在（请先运行 `xxgknb ingest`）",
            args.db.display()
        ));
    }
    let (year_from, year_to) = match &args.year {
        Some(s) => year_range(s)?,
        None => (None, None),
    };
    let filter = Filter {
        agencies: args.agency.iter().map(|a| agency::normalise(a)).collect(),
        year_from,
        year_to,
    };
    let db = args.db.display();
    let mut store = Store::open(&args.db).map_err(|e| format!("{db}: {e}"))?;
    if store.cross_year_stale().map_err(|e| format!("{db}: {e}"))? {
        // e.g. a read-only database: export what is there, say so
        if let Err(e) = store.refresh_cross_year() {
            eprintln!("xxgknb: 警告：{db}: 跨年度问题可能不是最新的：{e}");
        }
    }
    match args.format {
        Format::Wide => {
            let dir = args
                .output
                .as_ref()
                .ok_or("--format wide 每表写一个文件：请用 -o 指定文件夹")?;
            let files = export::wide_csv(&store, &filter, dir).map_err(|e| e.to_string())?;
            for f in files {
                eprintln!("已写入 {}", f.display());
            }
            Ok(())
        }
        Format::Csv | Format::Jsonl => {
            let mut out: Box<dyn Write> = match &args.output {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let r = match args.format {
                Format::Csv => export::tidy_csv(&store, &filter, &mut out),
                _ => export::jsonl(&store, &filter, &mut out),
            };
            match r.and_then(|_| out.flush().map_err(Into::into)) {
                Ok(()) => Ok(()),
                // a closed pipe (`| head`) is not an error
                Err(xxgknb_store::StoreError::Io(e))
                    if e.kind() == std::io::ErrorKind::BrokenPipe =>
                {
                    Ok(())
                }
                Err(e) => Err(e.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::year_range;

    #[test]
    fn year_ranges() {
        assert_eq!(year_range("2022"), Ok((Some(2022), Some(2022))));
        assert_eq!(year_range("2020-2023"), Ok((Some(2020), Some(2023))));
        assert_eq!(year_range("2021-"), Ok((Some(2021), None)));
        assert!(year_range("x").is_err());
        assert!(year_range("").is_err());
    }
}
