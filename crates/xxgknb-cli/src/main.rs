//! `xxgknb`: read government information-disclosure annual reports
//! (政府信息公开工作年度报告) in any format, check them, and build datasets.
//!
//! Each subcommand lives in its own module; this file only parses the
//! command line and dispatches.

mod check;
mod dump;
mod parse;
mod view;

use clap::{Parser, Subcommand};
use std::process::ExitCode;
#[allow(unused_imports)]
use xxgknb_cli::{adapters, input};

/// Read Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告) in any format and check them.
#[derive(Parser)]
#[command(name = "xxgknb", version, about, long_about = None)]
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Check(args) => check::run(args),
        Command::Dump(args) => dump::run(args),
    }
}
