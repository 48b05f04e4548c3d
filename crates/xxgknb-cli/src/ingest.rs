//! `xxgknb ingest`: take files and folders into the SQLite store.

use crate::limits::LimitArgs;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xxgknb_store::{ingest, Options, Outcome, Progress, Store};

/// Test hook: abort the process (as a kill would) after this many reports
/// have been written. Used by the crash-safety tests.
const ABORT_ENV: &str = "XXGKNB_TEST_ABORT_AFTER";

/// Arguments of `xxgknb ingest`.
#[derive(clap::Args)]
pub struct Args {
    /// Report files and folders (walked recursively for known extensions).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The database file (created if missing).
    #[arg(long, default_value = "xxgknb.sqlite")]
    db: PathBuf,
    /// Parser threads [default: number of CPUs].
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// Parse again files whose bytes are already stored.
    #[arg(long)]
    force: bool,
    /// Forget stored files that are gone: a stored path under one of PATHS
    /// that this batch did not find is removed (a report found at no other
    /// path is removed with it).
    #[arg(long)]
    prune: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// The parse step of the batch: bytes to the MODEL.md object (the same as
/// `xxgknb parse`, within the limits: a parse over the time limit is
/// stopped and reported, and the batch goes on).
fn parse_report(
    path: &Path,
    bytes: &[u8],
    limits: &xxgknb_core::Limits,
) -> Result<serde_json::Value, String> {
    let analysis = xxgknb::analyse(xxgknb::Input::bytes(path, bytes.to_vec()), limits)
        .map_err(|e| e.to_string())?;
    serde_json::to_value(&analysis.report).map_err(|e| e.to_string())
}

fn outcome_text(o: &Outcome) -> String {
    match o {
        Outcome::Ok => "ok".into(),
        Outcome::WithErrors(n) => format!("{n} error finding(s)"),
        Outcome::Unreadable(e) => format!("unreadable: {e}"),
        Outcome::Unchanged => "unchanged".into(),
    }
}

/// Ingest the files, print a summary.
pub fn run(args: Args) -> ExitCode {
    let files = match ingest::collect_files(&args.paths, &xxgknb::is_report_file) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("xxgknb: {e}");
            return ExitCode::from(2);
        }
    };
    let mut store = match Store::open(&args.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("xxgknb: {}: {e}", args.db.display());
            return ExitCode::from(2);
        }
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let limits = args.limits.to_limits();
    let opts = Options {
        jobs,
        force: args.force,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        stop_after: None,
        max_file_bytes: limits.max_file_bytes,
        prune: if args.prune {
            args.paths.clone()
        } else {
            Vec::new()
        },
    };
    let abort_after: Option<usize> = std::env::var(ABORT_ENV).ok().and_then(|v| v.parse().ok());

    let bar = std::io::stderr().is_terminal().then(|| {
        let b = ProgressBar::new(files.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} [{elapsed_precise}<{eta_precise}] {wide_msg}",
        ) {
            b.set_style(style);
        }
        b
    });
    let width = files.len().to_string().len();
    let mut written = 0usize;
    let mut on_progress = |p: &Progress<'_>| {
        if *p.outcome != Outcome::Unchanged {
            written += 1;
        }
        match &bar {
            Some(b) => {
                b.set_position(p.done as u64);
                b.set_message(p.path.to_string());
                if let Outcome::Unreadable(e) = p.outcome {
                    b.println(format!("unreadable: {}: {e}", p.path));
                }
            }
            None => eprintln!(
                "[{:>width$}/{}] {}: {}{}",
                p.done,
                p.total,
                p.path,
                outcome_text(p.outcome),
                if p.replaced { " (replaced)" } else { "" }
            ),
        }
        if abort_after.is_some_and(|n| written >= n) {
            std::process::abort();
        }
    };
    let started = std::time::Instant::now();
    let result = ingest::ingest(
        &mut store,
        &files,
        &move |path: &Path, bytes: &[u8]| parse_report(path, bytes, &limits),
        &opts,
        &mut on_progress,
    );
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Ok(s) => {
            let secs = started.elapsed().as_secs_f64();
            println!(
                "{} file(s) in {:.1}s: {} ok, {} with errors, {} unreadable, {} unchanged ({} replaced an older version); {} cross-year finding(s) in the store",
                s.files, secs, s.ok, s.with_errors, s.unreadable, s.unchanged, s.replaced, s.cross_year_findings
            );
            if args.prune {
                println!(
                    "{} stored path(s) of files that are gone forgotten (--prune)",
                    s.pruned
                );
            }
            println!("database: {}", args.db.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xxgknb: {e}");
            ExitCode::from(1)
        }
    }
}
