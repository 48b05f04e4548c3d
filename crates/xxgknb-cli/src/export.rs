//! `xxgknb export`: write the store as tidy CSV, a reports CSV, wide CSV or
//! JSON Lines.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use xxgknb_core::agency;
use xxgknb_store::export::ExportOptions;
use xxgknb_store::{export, Filter, Store};

/// Export formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// 整洁 CSV，每个单元格一行：report_id, agency, agency_key, year, edition, format, status, canonical, agency_year_reports, table_key, row_key, column_key, value_kind, count_value, amount_wan_yuan, src_page, src_line, src_sheet, src_cell, src_x, src_placement, source_file
    Csv,
    /// 每份存储的报告一行：id、status、edition、format、canonical、duplicates，以及同一内容的每个路径
    Reports,
    /// 每表一个 CSV（active.csv、applications.csv、review_litigation.csv），每份报告一行，列名为 row__column
    Wide,
    /// 每行一个 MODEL.md 对象，含跨年度问题和 `store` 对象（report id、status、canonical、paths）
    Jsonl,
    /// Parquet 数据集 cells/、reports/、findings/，写入 -o 指定的文件夹，按年度分区（year=2022/part-0.parquet）
    Parquet,
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
    /// 只导出该机关（名称规范化后与库中规范化的机关名比对；没有相同的，取包含该名称的，如 平潭 → 平潭综合实验区）；可重复。一个也未匹配时给出警告
    #[arg(long)]
    agency: Vec<String>,
    /// 每个机关每年只导出一份规范报告（规则见 docs/store.md：错误最少、单元格最多、表格格式优先，再取最小 id）
    #[arg(long)]
    canonical: bool,
    /// 适合 Excel 的 CSV：带 UTF-8 BOM，行尾 CRLF
    #[arg(long)]
    excel: bool,
    /// 只导出该年度，或年度范围 `2020-2023` / `2021-`
    #[arg(long)]
    year: Option<String>,
    /// 输出文件（csv、reports、jsonl；默认标准输出）或文件夹（wide、parquet 必需）
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
    let db = args.db.display();
    let mut store = Store::open(&args.db).map_err(|e| format!("{db}: {e}"))?;
    let stored = store.agency_keys().map_err(|e| format!("{db}: {e}"))?;
    let mut agencies = Vec::new();
    for a in &args.agency {
        let keys = match_agency(a, &stored);
        if keys.is_empty() {
            eprintln!(
                "xxgknb: 警告：--agency {a}：数据库中没有与之匹配的机关（规范化后为：{}）",
                agency::normalise(a)
            );
            // keep the name, so that the export is empty rather than everything
            agencies.push(agency::normalise(a));
        } else {
            agencies.extend(keys);
        }
    }
    let filter = Filter {
        agencies,
        year_from,
        year_to,
    };
    let opts = ExportOptions {
        filter,
        canonical_only: args.canonical,
        excel: args.excel,
    };
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
            let files = export::wide_csv(&store, &opts, dir).map_err(|e| e.to_string())?;
            for f in files {
                eprintln!("已写入 {}", f.display());
            }
            Ok(())
        }
        Format::Parquet => {
            let dir = args
                .output
                .as_ref()
                .ok_or("--format parquet 写出三个数据集：请用 -o 指定文件夹")?;
            let files = xxgknb_store::parquet::write(&store, &opts, dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            eprintln!(
                "已在 {} 下写入 {} 个 Parquet 文件",
                dir.display(),
                files.len()
            );
            Ok(())
        }
        Format::Csv | Format::Reports | Format::Jsonl => {
            let mut out: Box<dyn Write> = match &args.output {
                Some(p) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(p).map_err(|e| format!("{}: {e}", p.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
            };
            let r = match args.format {
                Format::Csv => export::tidy_csv(&store, &opts, &mut out),
                Format::Reports => export::reports_csv(&store, &opts, &mut out),
                _ => export::jsonl(&store, &opts, &mut out),
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

/// The stored agencies an `--agency` name selects: the one equal to its
/// normalised form, else every one that contains it (normalised or as
/// given).
fn match_agency(name: &str, stored: &[String]) -> Vec<String> {
    let key = agency::normalise(name);
    if stored.contains(&key) {
        return vec![key];
    }
    let given = name.trim();
    stored
        .iter()
        .filter(|s| {
            (!key.is_empty() && s.contains(&key)) || (!given.is_empty() && s.contains(given))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{match_agency, year_range};

    #[test]
    fn agency_names_match_normalised_keys() {
        let stored = vec!["平潭综合实验区".to_string(), "互助县".to_string()];
        assert_eq!(match_agency("平潭", &stored), vec!["平潭综合实验区"]);
        assert_eq!(
            match_agency("互助土族自治县人民政府", &stored),
            vec!["互助县"]
        );
        assert!(match_agency("刚察县", &stored).is_empty());
    }

    #[test]
    fn year_ranges() {
        assert_eq!(year_range("2022"), Ok((Some(2022), Some(2022))));
        assert_eq!(year_range("2020-2023"), Ok((Some(2020), Some(2023))));
        assert_eq!(year_range("2021-"), Ok((Some(2021), None)));
        assert!(year_range("x").is_err());
        assert!(year_range("").is_err());
    }
}
