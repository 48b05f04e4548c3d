//! `xxgknb`: read government information-disclosure annual reports
//! (政府信息公开工作年度报告) in any format, check them, and build datasets.
//!
//! Each subcommand lives in its own module; this file only parses the
//! command line and dispatches.

mod check;
mod dump;
mod export;
mod ingest;
mod parse;
mod rules;
mod schema;
mod view;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use xxgknb_cli::limits;

/// Read Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告) in any format and check them.
#[derive(Parser)]
#[command(
    name = "xxgknb",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  xxgknb parse 报告.pdf > 报告.json\n  xxgknb check 下级机关年报/            # 审核：逐份给出问题与结论\n  xxgknb ingest 年报/ -j 2 && xxgknb export --format csv > cells.csv"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse one report and print it as JSON (the MODEL.md contract).
    Parse(parse::Args),
    /// Check reports and print their findings (exit 0: no errors; 1: errors found; 2: a file could not be read).
    Check(check::Args),
    /// Print the intermediate form (blocks, tables, cells) an adapter makes of FILE, as JSON.
    Dump(dump::Args),
    /// Take report files and folders into the SQLite store (parallel, resumable).
    Ingest(ingest::Args),
    /// Export the store as tidy CSV, wide CSV (one file per table) or JSON Lines.
    Export(export::Args),
    /// Print the JSON Schema of the report model (what `parse` prints).
    Schema,
    /// List the validation rules, or explain one (`xxgknb rules APP_BALANCE`).
    Rules(rules::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Check(args) => check::run(args),
        Command::Dump(args) => dump::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Export(args) => export::run(args),
        Command::Schema => schema::run(),
        Command::Rules(args) => rules::run(args),
    }
}
