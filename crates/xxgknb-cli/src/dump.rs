//! `xxgknb dump`: show what an adapter makes of a file.

use crate::limits::LimitArgs;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `xxgknb dump`.
#[derive(clap::Args)]
pub struct Args {
    /// 报告文件
    file: PathBuf,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Print the intermediate form of one file as JSON.
pub fn run(args: Args) -> ExitCode {
    let doc = match xxgknb::read(xxgknb::Input::path(&args.file), &args.limits.to_limits()) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("xxgknb: {}", e.chinese());
            return ExitCode::from(1);
        }
    };
    let json = match serde_json::to_string_pretty(&doc) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("xxgknb: {}: {e}", args.file.display());
            return ExitCode::from(1);
        }
    };
    // a closed pipe (`| head`) is not an error worth a panic
    let _ = writeln!(std::io::stdout().lock(), "{json}");
    ExitCode::SUCCESS
}
