//! `xxgknb check`: findings for people (rustc/ruff style, in Chinese, with
//! the offending line or cell of the source underlined) or for machines
//! (`--format json`).

use crate::limits::LimitArgs;
use crate::view::SourceView;
use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as DSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use xxgknb_core::validate::cross_year::{self, YearFacts};
use xxgknb_core::{Limits, Report, Severity};

/// Output format of `check`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Human-readable diagnostics with source snippets.
    Human,
    /// One JSON array of {path, status, error, findings}.
    Json,
}

/// Arguments of `xxgknb check`.
#[derive(clap::Args)]
pub struct Args {
    /// Report files to check (any supported format); folders are walked
    /// recursively for pdf, docx, xlsx, xls, ods, html, htm and txt files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Colour: auto (only on a terminal), always or never.
    #[arg(long, default_value = "auto")]
    color: String,
    #[command(flatten)]
    limits: LimitArgs,
}

/// The outcome for one file.
struct Outcome {
    path: PathBuf,
    result: Result<(Report, SourceView), String>,
}

fn check_one(path: &Path, limits: &Limits) -> Outcome {
    let result = xxgknb::analyse(xxgknb::Input::path(path), limits)
        .map(|a| {
            let view = SourceView::new(&a.document);
            (a.report, view)
        })
        .map_err(|e| e.to_string());
    Outcome {
        path: path.to_path_buf(),
        result,
    }
}

fn severity(s: Severity) -> DSeverity {
    match s {
        Severity::Error => DSeverity::Error,
        Severity::Warning => DSeverity::Warning,
        Severity::Info => DSeverity::Note,
    }
}

fn location_note(f: &xxgknb_core::Finding, line_unit: &str) -> Option<String> {
    let l = &f.location;
    let mut parts = Vec::new();
    if let Some(t) = &l.table {
        parts.push(xxgknb_core::keys::table_name(t).to_string());
    }
    if let Some(r) = &l.row {
        let n = xxgknb_core::keys::row_name(r);
        parts.push(if n.is_empty() {
            r.clone()
        } else {
            n.to_string()
        });
    }
    if let Some(c) = &l.column {
        let n = xxgknb_core::keys::column_name(c);
        parts.push(if n.is_empty() {
            c.clone()
        } else {
            format!("{n}列")
        });
    }
    let src = l.source.describe_as(line_unit);
    if !src.is_empty() {
        parts.push(format!("源文件 {src}"));
    }
    (!parts.is_empty()).then(|| format!("位置：{}", parts.join(" / ")))
}

fn print_human(outcomes: &[Outcome], color: termcolor::ColorChoice) {
    let mut out = termcolor::StandardStream::stdout(color);
    let config = term::Config::default();
    let (mut n_err, mut n_warn, mut n_info, mut n_bad, mut n_files_err) = (0, 0, 0, 0, 0);
    for o in outcomes {
        let name = o.path.display().to_string();
        match &o.result {
            Err(e) => {
                n_bad += 1;
                let _ = writeln!(out, "错误: 无法读取 {e}");
            }
            Ok((report, view)) => {
                let file = SimpleFile::new(name.as_str(), view.text.as_str());
                for f in &report.findings {
                    let mut d = Diagnostic::new(severity(f.severity))
                        .with_code(f.rule.as_str())
                        .with_message(f.message.as_str());
                    if let Some(r) = view.range(&f.location.source) {
                        d = d.with_labels(vec![Label::primary((), r)]);
                    }
                    if let Some(n) = location_note(f, view.line_unit) {
                        d = d.with_notes(vec![n]);
                    }
                    if term::emit_to_write_style(&mut out, &config, &file, &d).is_err() {
                        let _ = writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
                    }
                }
                let e = report
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .count();
                let w = report
                    .findings
                    .iter()
                    .filter(|f| f.severity == Severity::Warning)
                    .count();
                let i = report.findings.len() - e - w;
                n_err += e;
                n_warn += w;
                n_info += i;
                if e > 0 {
                    n_files_err += 1;
                }
                let verdict = if e > 0 { "不通过" } else { "通过" };
                let who = report.meta.agency.as_deref().unwrap_or("未识别机关");
                let year = report.meta.year.map_or("?".to_string(), |y| y.to_string());
                let _ = writeln!(
                    out,
                    "{name}: {who} {year}年度 — {verdict}（错误 {e}，警告 {w}，提示 {i}）\n"
                );
            }
        }
    }
    if outcomes.len() > 1 {
        let _ = writeln!(
            out,
            "共检查 {} 个文件：{} 个有错误，{} 个无法读取；错误 {n_err}，警告 {n_warn}，提示 {n_info}",
            outcomes.len(),
            n_files_err,
            n_bad
        );
    }
}

fn print_json(outcomes: &[Outcome]) {
    let items: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| match &o.result {
            Ok((r, _)) => serde_json::json!({
                "path": o.path.display().to_string(),
                "status": if r.has_errors() { "errors" } else { "ok" },
                "agency": r.meta.agency,
                "year": r.meta.year,
                "findings": r.findings,
            }),
            Err(e) => serde_json::json!({
                "path": o.path.display().to_string(),
                "status": "unreadable",
                "error": e,
                "findings": [],
            }),
        })
        .collect();
    let s = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string());
    let _ = writeln!(std::io::stdout().lock(), "{s}");
}

/// Add the cross-year findings (CARRY_MISMATCH, IN_FORCE_CHAIN) between
/// consecutive years of one agency among the files checked together.
fn add_cross_year(outcomes: &mut [Outcome]) {
    let mut index = Vec::new();
    let mut facts = Vec::new();
    for (i, o) in outcomes.iter().enumerate() {
        if let Some(f) = o
            .result
            .as_ref()
            .ok()
            .and_then(|(r, _)| YearFacts::from_report(r))
        {
            index.push(i);
            facts.push(f);
        }
    }
    for found in cross_year::check(&facts) {
        let mut f = found.finding;
        let Some(&i) = index.get(found.report) else {
            continue;
        };
        if let Some(Ok((r, _))) = outcomes.get_mut(i).map(|o| &mut o.result) {
            // point at the cell of this year's report that the rule names
            let l = &f.location;
            if let (Some(t), Some(row), Some(c)) = (&l.table, &l.row, &l.column) {
                if let Some(p) = r.position_of(t, row, c) {
                    f.location.source = p.clone();
                }
            }
            r.findings.push(f);
        }
    }
}

/// Files named on the command line as they are; folders walked for report
/// files (sorted). A path that cannot be read stays in the list so that it
/// is reported as unreadable.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            match xxgknb_store::collect_files(std::slice::from_ref(p), &xxgknb::is_report_file) {
                Ok(mut files) => {
                    files.sort();
                    out.extend(files);
                }
                Err(_) => out.push(p.clone()),
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Check every file; exit 0 when no finding is an error, 1 when one is,
/// 2 when a file could not be read (the other files are still checked).
pub fn run(args: Args) -> ExitCode {
    let limits = args.limits.to_limits();
    let mut outcomes: Vec<Outcome> = expand(&args.files)
        .iter()
        .map(|p| check_one(p, &limits))
        .collect();
    add_cross_year(&mut outcomes);
    match args.format {
        Format::Json => print_json(&outcomes),
        Format::Human => {
            let color = match args.color.as_str() {
                "always" => termcolor::ColorChoice::Always,
                "never" => termcolor::ColorChoice::Never,
                _ if std::io::stdout().is_terminal() => termcolor::ColorChoice::Auto,
                _ => termcolor::ColorChoice::Never,
            };
            print_human(&outcomes, color);
        }
    }
    if outcomes.iter().any(|o| o.result.is_err()) {
        ExitCode::from(2)
    } else if outcomes
        .iter()
        .any(|o| o.result.as_ref().is_ok_and(|(r, _)| r.has_errors()))
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
