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
    /// 报告文件和文件夹（文件夹递归查找已知扩展名的文件）
    #[arg(required = true, value_name = "路径")]
    paths: Vec<PathBuf>,
    /// 数据库文件（不存在时新建）
    #[arg(long, default_value = "xxgknb.sqlite")]
    db: PathBuf,
    /// 解析线程数 [默认：CPU 核数]
    #[arg(short = 'j', long)]
    jobs: Option<usize>,
    /// 内容已入库的文件也重新解析
    #[arg(long)]
    force: bool,
    /// 忘掉已不存在的文件：库中位于所给路径之下、本次未找到的路径被删除（在别处也找不到的报告随之删除）
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
        Outcome::Ok => "通过".into(),
        Outcome::WithErrors(n) => format!("{n} 个错误"),
        Outcome::Unreadable(e) => format!("无法读取：{e}"),
        Outcome::Unchanged => "未变，跳过".into(),
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
            "{bar:40} {pos}/{len} 个文件 [{elapsed_precise}，剩余约 {eta_precise}] {wide_msg}",
        ) {
            b.set_style(style);
        }
        b
    });
    let width = files.len().to_string().len();
    let mut written = 0usize;
    let mut unreadable: Vec<(String, String)> = Vec::new();
    let mut on_progress = |p: &Progress<'_>| {
        if *p.outcome != Outcome::Unchanged {
            written += 1;
        }
        if let Outcome::Unreadable(e) = p.outcome {
            unreadable.push((p.path.to_string(), e.clone()));
        }
        match &bar {
            Some(b) => {
                b.set_position(p.done as u64);
                b.set_message(p.path.to_string());
                if let Outcome::Unreadable(e) = p.outcome {
                    b.println(format!("无法读取：{}: {e}", p.path));
                }
            }
            None => eprintln!(
                "[{:>width$}/{}] {}: {}{}",
                p.done,
                p.total,
                p.path,
                outcome_text(p.outcome),
                if p.replaced {
                    "（替换了旧版本）"
                } else {
                    ""
                }
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
                "{} 个文件，用时 {:.1} 秒：{} 个通过，{} 个有错误，{} 个无法读取，{} 个未变（其中 {} 个替换了旧版本）；数据库中有 {} 条跨年度问题",
                s.files, secs, s.ok, s.with_errors, s.unreadable, s.unchanged, s.replaced, s.cross_year_findings
            );
            if args.prune {
                println!(
                    "已从数据库中移除 {} 个已不存在的文件路径（--prune）",
                    s.pruned
                );
            }
            println!("数据库：{}", args.db.display());
            if unreadable.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!("以下 {} 个文件无法读取：", unreadable.len());
                for (path, e) in &unreadable {
                    eprintln!("  {path}: {e}");
                }
                ExitCode::from(2)
            }
        }
        Err(e) => {
            eprintln!("xxgknb: {e}");
            ExitCode::from(1)
        }
    }
}
