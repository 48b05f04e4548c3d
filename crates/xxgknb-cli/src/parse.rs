//! `xxgknb parse`: print the MODEL.md JSON of one report.

use crate::limits::LimitArgs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `xxgknb parse`.
#[derive(clap::Args)]
pub struct Args {
    /// 报告文件（PDF、DOCX、DOC、XLSX/XLS/ODS、HTML 或文本）
    file: PathBuf,
    /// 输出单行紧凑 JSON（默认带缩进）
    #[arg(long)]
    compact: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Parse one file and print its report as JSON; exit 1 with one line on
/// stderr when the file cannot be read or holds no report.
pub fn run(args: Args) -> ExitCode {
    let report = match xxgknb::analyse(xxgknb::Input::path(&args.file), &args.limits.to_limits()) {
        Ok(a) => a.report,
        Err(e) => {
            eprintln!("xxgknb: {}", e.chinese());
            return ExitCode::from(1);
        }
    };
    let json = if args.compact {
        serde_json::to_string(&report)
    } else {
        serde_json::to_string_pretty(&report)
    };
    match json {
        Ok(s) => {
            let _ = writeln!(std::io::stdout().lock(), "{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xxgknb: {}: {e}", args.file.display());
            ExitCode::from(1)
        }
    }
}
