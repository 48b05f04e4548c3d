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
    /// Tidy CSV, one line per cell: report_id, agency, agency_key, year, edition, format, status, canonical, agency_year_reports, table_key, row_key, column_key, value_kind, count_value, amount_wan_yuan, src_page, src_line, src_sheet, src_cell, src_x, src_placement, source_file.
    Csv,
    /// One line per stored report: id, status, edition, format, canonical, duplicates, every path of the same bytes.
    Reports,
    /// One CSV per table (active.csv, applications.csv, review_litigation.csv), one line per report, columns row__column.
    Wide,
    /// One MODEL.md object per line, with the cross-year findings and a `store` object (report id, status, canonical, paths).
    Jsonl,
    /// Parquet datasets cells/, reports/, findings/ in the folder given with -o, partitioned by year (year=2022/part-0.parquet).
    Parquet,
}

/// Arguments of `xxgknb export`.
#[derive(clap::Args)]
pub struct Args {
    /// The database file.
    #[arg(long, default_value = "xxgknb.sqlite")]
    db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Keep only this agency (any spelling: the name is normalised and
    /// matched against the stored normalised agencies; a name that equals
    /// none matches those that contain it, e.g. 平潭 → 平潭综合实验区); repeatable.
    /// A name that matches nothing is a warning.
    #[arg(long)]
    agency: Vec<String>,
    /// Keep only the canonical report of each agency-year (docs/store.md:
    /// fewest errors, most cells, grid formats first, then the smallest id).
    #[arg(long)]
    canonical: bool,
    /// Excel-friendly CSV: a UTF-8 byte-order mark and CRLF line ends.
    #[arg(long)]
    excel: bool,
    /// Keep only this year, or a range `2020-2023` / `2021-`.
    #[arg(long)]
    year: Option<String>,
    /// Output file (csv, reports, jsonl; default standard output) or folder (wide, parquet; required).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// Parse `2022`, `2020-2023`, `2021-` or `-2022`.
fn year_range(spec: &str) -> Result<(Option<i64>, Option<i64>), String> {
    let bad = || format!("--year {spec:?}: expected YEAR or FROM-TO");
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
            "{}: no such database (run `xxgknb ingest` first)",
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
                "xxgknb: warning: --agency {a}: no stored agency matches (normalised: {})",
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
            eprintln!("xxgknb: warning: {db}: cross-year findings may be out of date: {e}");
        }
    }
    match args.format {
        Format::Wide => {
            let dir = args
                .output
                .as_ref()
                .ok_or("--format wide writes one file per table: give a folder with -o")?;
            let files = export::wide_csv(&store, &opts, dir).map_err(|e| e.to_string())?;
            for f in files {
                eprintln!("wrote {}", f.display());
            }
            Ok(())
        }
        Format::Parquet => {
            let dir = args
                .output
                .as_ref()
                .ok_or("--format parquet writes three datasets: give a folder with -o")?;
            let files = xxgknb_store::parquet::write(&store, &opts, dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?;
            eprintln!(
                "wrote {} Parquet file(s) under {}",
                files.len(),
                dir.display()
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
