//! `xxgknb`: read government information-disclosure annual reports.

mod adapters;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xxgknb_core::{Document, Limits};

/// Read Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告) in any format and check them.
#[derive(Parser)]
#[command(name = "xxgknb", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the intermediate form (blocks, tables, cells) an adapter makes of FILE, as JSON.
    Dump {
        /// The report file.
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Dump { file } => match read_document(&file) {
            Ok(doc) => match serde_json::to_string_pretty(&doc) {
                Ok(s) => {
                    println!("{s}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("xxgknb: {}: {e}", file.display());
                    ExitCode::from(1)
                }
            },
            Err(e) => {
                eprintln!("xxgknb: {e:#}");
                ExitCode::from(1)
            }
        },
    }
}

/// Read and adapt one file.
fn read_document(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    adapters::registry()
        .read(&bytes, ext.as_deref(), &Limits::default())
        .with_context(|| format!("{}", path.display()))
}
