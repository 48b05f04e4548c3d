//! `xxgknb check`: findings for people (rustc/ruff style, in Chinese, with
//! the offending line or cell of the source underlined) or for machines
//! (`--format json`).
//!
//! Files are parsed in parallel (`-j`) and each file's result is printed
//! as soon as it and every file before it are done, so the output keeps
//! the input order. A worker renders its file's output itself and keeps
//! only that text and the few facts the cross-year rules need: memory does
//! not grow with the number of files.

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as DSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{
    self,
    termcolor::{self, WriteColor},
};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use xxgknb::locate;
use xxgknb::view::SourceView;
use xxgknb_cli::config::{self, Overrides, Settings};
use xxgknb_cli::limits::LimitArgs;
use xxgknb_core::validate::cross_year::{self, YearFacts};
use xxgknb_core::{Finding, Limits, Report, Severity};
use xxgknb_review::ReportReview;

/// Output format of `check`.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// 给人看：带源文件片段的诊断
    Human,
    /// 给程序读：一个 JSON 数组，每个文件一项 {path, status, error, findings}
    Json,
    /// 交给审核人员：XLSX 工作簿（汇总表，每份报告一张问题表；需要 -o）
    Xlsx,
    /// 交给审核人员：可打印的 HTML 报告（每个机关一页）
    Html,
}

impl Format {
    /// The reviewer outputs, written once the whole batch is checked.
    fn is_review(self) -> bool {
        matches!(self, Format::Xlsx | Format::Html)
    }
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, Default, clap::ValueEnum)]
pub enum Color {
    /// 仅当输出到终端时着色
    #[default]
    Auto,
    /// 总是着色
    Always,
    /// 不着色
    Never,
}

/// Arguments of `xxgknb check`.
#[derive(clap::Args)]
pub struct Args {
    /// 要检查的报告文件（任何支持的格式）；文件夹会递归查找 pdf、docx、doc、xlsx、xls、ods、html、htm、txt 等文件
    #[arg(required = true, value_name = "文件")]
    files: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// 输出到文件（xlsx 必须指定；其他格式默认输出到标准输出）
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// 着色
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
    /// 并行解析的线程数 [默认：CPU 核数]
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    rules: xxgknb_cli::rule_args::RuleArgs,
    /// 发现错误也以 0 退出（文件无法读取时仍为 2）
    #[arg(long)]
    exit_zero: bool,
    /// 最后按规则统计问题数
    #[arg(long)]
    statistics: bool,
    /// 只输出每个文件的结论行
    #[arg(short, long)]
    quiet: bool,
    /// 只输出有错误或无法读取的文件
    #[arg(long)]
    only_failing: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// What a worker hands back for one file: its rendered output and the
/// facts the summary and the cross-year rules need.
struct Done {
    index: usize,
    path: PathBuf,
    /// The rendered output (human text, or one JSON array element).
    text: Vec<u8>,
    unreadable: bool,
    errors: usize,
    warnings: usize,
    infos: usize,
    rules: Vec<String>,
    facts: Option<YearFacts>,
    positions: HashMap<String, xxgknb_core::SourcePos>,
    /// For the reviewer outputs: the file's findings as reviewed.
    review: Option<ReportReview>,
    /// For the reviewer outputs: the values of the cells a cross-year
    /// finding may point at.
    values: HashMap<String, Option<f64>>,
}

fn severity(s: Severity) -> DSeverity {
    match s {
        Severity::Error => DSeverity::Error,
        Severity::Warning => DSeverity::Warning,
        Severity::Info => DSeverity::Note,
    }
}

fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let e = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let w = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    (e, w, findings.len() - e - w)
}

/// Everything `run` shares with the workers.
struct Ctx<'a> {
    settings: &'a Settings,
    limits: &'a Limits,
    format: Format,
    ansi: bool,
}

impl Ctx<'_> {
    fn buffer(&self) -> termcolor::Buffer {
        if self.ansi {
            termcolor::Buffer::ansi()
        } else {
            termcolor::Buffer::no_color()
        }
    }
}

fn verdict_line(name: &str, report: &Report, (e, w, i): (usize, usize, usize)) -> String {
    let verdict = if e > 0 { "不通过" } else { "通过" };
    let who = report.meta.agency.as_deref().unwrap_or("未识别机关");
    let year = report.meta.year.map_or("?".to_string(), |y| y.to_string());
    format!("{name}: {who} {year}年度 — {verdict}（错误 {e}，警告 {w}，提示 {i}）")
}

fn render_human(ctx: &Ctx<'_>, name: &str, report: &Report, view: &SourceView) -> Vec<u8> {
    let mut out = ctx.buffer();
    let c = counts(&report.findings);
    let failing = c.0 > 0;
    if ctx.settings.only_failing && !failing {
        return Vec::new();
    }
    if !ctx.settings.quiet {
        let config = term::Config::default();
        let file = SimpleFile::new(name, view.text.as_str());
        for f in &report.findings {
            let place = locate::place(name, f, view);
            let mut d = Diagnostic::new(severity(f.severity))
                .with_code(f.rule.as_str())
                .with_message(f.message.as_str());
            let mut notes = Vec::new();
            if let Some(p) = &place.header {
                notes.push(format!("位置：{p}"));
            }
            if let Some(n) = locate::cell_note(f) {
                notes.push(n);
            }
            if place.show_snippet {
                if let Some(r) = view.range(&f.location.source) {
                    d = d.with_labels(vec![Label::primary((), r)]);
                }
            }
            if let Some(row) = &place.row {
                notes.push(row.clone());
            }
            d = d.with_notes(notes);
            if term::emit_to_write_style(&mut out, &config, &file, &d).is_err() {
                let _ = writeln!(out, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
            }
        }
    }
    let _ = writeln!(out, "{}", verdict_line(name, report, c));
    if !ctx.settings.quiet {
        let _ = writeln!(out);
    }
    out.into_inner()
}

/// The JSON `path` of a file (lossy for a name that is not UTF-8) and,
/// for such a name, `path_escaped`, which keeps every byte.
fn json_path(v: &mut serde_json::Value, path: &Path) {
    if let (Some(obj), Some(e)) = (v.as_object_mut(), xxgknb_store::escaped_path(path)) {
        obj.insert("path_escaped".into(), serde_json::Value::String(e));
    }
}

fn json_item(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec_pretty(v).unwrap_or_else(|_| b"{}".to_vec())
}

fn check_one(ctx: &Ctx<'_>, index: usize, path: &Path) -> Done {
    let name = path.display().to_string();
    let mut done = Done {
        index,
        path: path.to_path_buf(),
        text: Vec::new(),
        unreadable: false,
        errors: 0,
        warnings: 0,
        infos: 0,
        rules: Vec::new(),
        facts: None,
        positions: HashMap::new(),
        review: None,
        values: HashMap::new(),
    };
    match xxgknb::analyse(xxgknb::Input::path(path), ctx.limits) {
        Err(e) => {
            done.unreadable = true;
            done.text = match ctx.format {
                Format::Xlsx | Format::Html => {
                    done.review = Some(ReportReview::unreadable(
                        &name,
                        xxgknb::extension(path),
                        &e.chinese(),
                    ));
                    Vec::new()
                }
                Format::Json => {
                    let mut v = serde_json::json!({
                        "path": name,
                        "status": "unreadable",
                        "error": e.to_string(),
                        "error_kind": e.kind(),
                        "message": e.chinese(),
                        "findings": [],
                    });
                    json_path(&mut v, path);
                    json_item(&v)
                }
                Format::Human => {
                    let mut out = ctx.buffer();
                    let _ = out.set_color(
                        termcolor::ColorSpec::new()
                            .set_fg(Some(termcolor::Color::Red))
                            .set_bold(true),
                    );
                    let _ = write!(out, "错误");
                    let _ = out.reset();
                    let _ = writeln!(out, ": {}", e.chinese());
                    if !ctx.settings.quiet {
                        let _ = writeln!(out);
                    }
                    out.into_inner()
                }
            };
        }
        Ok(a) => {
            let mut report = a.report;
            ctx.settings.apply(&mut report);
            let (e, w, i) = counts(&report.findings);
            (done.errors, done.warnings, done.infos) = (e, w, i);
            done.rules = report.findings.iter().map(|f| f.rule.clone()).collect();
            done.facts = YearFacts::from_report(&report);
            if done.facts.is_some() {
                // only the cells a cross-year finding may point at
                for (k, p) in report.positions.iter() {
                    let mut parts = k.splitn(3, '.');
                    let (Some(t), Some(r), Some(c)) = (parts.next(), parts.next(), parts.next())
                    else {
                        continue;
                    };
                    if cross_year::is_cross_year_cell(t, r, c) {
                        done.positions.insert(k.to_string(), p.clone());
                    }
                }
            }
            done.text = match ctx.format {
                Format::Xlsx | Format::Html => {
                    done.review = Some(ReportReview::from_report(&name, &report));
                    done.values = cross_year_values(&report);
                    Vec::new()
                }
                Format::Json => {
                    let mut v = serde_json::json!({
                        "path": name,
                        "status": if e > 0 { "errors" } else { "ok" },
                        "agency": report.meta.agency,
                        "year": report.meta.year,
                        "findings": report.findings,
                    });
                    json_path(&mut v, path);
                    json_item(&v)
                }
                Format::Human => {
                    let view = SourceView::new(&a.document);
                    render_human(ctx, &name, &report, &view)
                }
            };
        }
    }
    done
}

/// The values of the cells of `report` that a cross-year finding may
/// point at, keyed `table.row.column`.
fn cross_year_values(report: &Report) -> HashMap<String, Option<f64>> {
    let mut out = HashMap::new();
    let tables = [
        ("active", &report.tables.active),
        ("applications", &report.tables.applications),
        ("review_litigation", &report.tables.review_litigation),
    ];
    for (t, data) in tables {
        let Some(data) = data else { continue };
        for (r, row) in data.iter() {
            for (c, v) in row.iter() {
                if cross_year::is_cross_year_cell(t, r, c) {
                    out.insert(format!("{t}.{r}.{c}"), v.map(|n| n.0));
                }
            }
        }
    }
    out
}

/// Files named on the command line as they are; folders walked for report
/// files (sorted). A path that cannot be read stays in the list so that it
/// is reported as unreadable; a folder without any report file is an error.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            match xxgknb_store::collect_files(std::slice::from_ref(p), &xxgknb::is_report_file) {
                Ok(mut files) => {
                    if files.is_empty() {
                        return Err(format!(
                            "{}: 文件夹中没有报告文件（{}）",
                            p.display(),
                            xxgknb::REPORT_EXTENSIONS.join("、")
                        ));
                    }
                    files.sort();
                    out.extend(files);
                }
                Err(_) => out.push(p.clone()),
            }
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn settings(args: &Args) -> Result<Settings, String> {
    let path = args.rules.config_path();
    let cli = Overrides {
        exit_zero: args.exit_zero,
        statistics: args.statistics,
        quiet: args.quiet,
        only_failing: args.only_failing,
        ..args.rules.overrides()
    };
    config::load_settings(path, &cli).map_err(|e| e.to_string())
}

/// Totals over the batch.
#[derive(Default)]
struct Totals {
    files: usize,
    unreadable: usize,
    failing: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    per_rule: BTreeMap<String, usize>,
}

/// The cross-year findings (CARRY_MISMATCH, IN_FORCE_CHAIN) between
/// consecutive years of one agency among the files checked together, as
/// configured, with the file each belongs to.
fn cross_year_findings(
    settings: &Settings,
    facts: &[(usize, YearFacts)],
    positions: &HashMap<usize, HashMap<String, xxgknb_core::SourcePos>>,
) -> Vec<(usize, Finding)> {
    let only: Vec<YearFacts> = facts.iter().map(|(_, f)| f.clone()).collect();
    let mut out = Vec::new();
    for found in cross_year::check(&only) {
        let Some(&(i, _)) = facts.get(found.report) else {
            continue;
        };
        let mut f = found.finding;
        let l = &f.location;
        if let (Some(t), Some(row), Some(c)) = (&l.table, &l.row, &l.column) {
            if let Some(p) = positions
                .get(&i)
                .and_then(|m| m.get(&format!("{t}.{row}.{c}")))
            {
                f.location.source = p.clone();
            }
        }
        if let Some(f) = settings.adjust(f) {
            out.push((i, f));
        }
    }
    out
}

/// Everything `run` works out before checking anything.
struct Plan {
    settings: Settings,
    files: Vec<PathBuf>,
    limits: Limits,
    jobs: usize,
    ansi: bool,
}

/// Stage 1: the settings, the files, the limits, the threads.
fn plan(args: &Args) -> Result<Plan, String> {
    let settings = settings(args)?;
    let files = expand(&args.files)?;
    if matches!(args.format, Format::Xlsx) && args.output.is_none() {
        return Err("--format xlsx 需要用 -o 指定输出文件".into());
    }
    let jobs = args
        .jobs
        .or(settings.jobs)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let ansi = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => args.output.is_none() && std::io::stdout().is_terminal(),
    };
    Ok(Plan {
        settings,
        files,
        limits: args.limits.to_limits(),
        jobs,
        ansi,
    })
}

/// Where the results go: the `-o` file, or standard output.
fn open_output(path: Option<&Path>) -> Result<Box<dyn Write>, String> {
    match path {
        Some(p) => std::fs::File::create(p)
            .map(|f| Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>)
            .map_err(|e| format!("{}: 无法写入：{e}", p.display())),
        None => Ok(Box::new(std::io::BufWriter::new(std::io::stdout().lock()))),
    }
}

/// A progress bar on a terminal, for batches long enough to need one.
fn progress_bar(files: usize) -> Option<ProgressBar> {
    (std::io::stderr().is_terminal() && files >= 10).then(|| {
        let b = ProgressBar::new(files as u64);
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} 个文件 [{elapsed_precise}，剩余约 {eta_precise}] {wide_msg}",
        ) {
            b.set_style(style);
        }
        b
    })
}

/// Writes each file's result as it comes: the JSON array's punctuation,
/// a flush per result (a terminal sees each when it is ready), the
/// progress bar suspended meanwhile.
struct Emitter<'a> {
    out: &'a mut dyn Write,
    json: bool,
    items: usize,
    bar: Option<&'a ProgressBar>,
}

impl Emitter<'_> {
    fn emit(&mut self, text: &[u8]) {
        if text.is_empty() {
            return;
        }
        if self.json {
            let _ = self
                .out
                .write_all(if self.items == 0 { b"\n" } else { b",\n" });
            self.items += 1;
        }
        let out = &mut *self.out;
        let mut write = || {
            let _ = out.write_all(text);
            let _ = out.flush();
        };
        match self.bar {
            Some(b) => b.suspend(write),
            None => write(),
        }
    }
}

/// What the ordered pass over the results keeps.
#[derive(Default)]
struct Collected {
    totals: Totals,
    facts: Vec<(usize, YearFacts)>,
    positions: HashMap<usize, HashMap<String, xxgknb_core::SourcePos>>,
    values: HashMap<usize, HashMap<String, Option<f64>>>,
    failing: std::collections::BTreeSet<usize>,
    reviews: BTreeMap<usize, ReportReview>,
}

impl Collected {
    /// Count one file's result in and keep what the later stages need.
    fn add(&mut self, d: Done) {
        let t = &mut self.totals;
        if d.unreadable {
            t.unreadable += 1;
        }
        if d.errors > 0 {
            t.failing += 1;
            self.failing.insert(d.index);
        }
        t.errors += d.errors;
        t.warnings += d.warnings;
        t.infos += d.infos;
        for r in d.rules {
            *t.per_rule.entry(r).or_default() += 1;
        }
        if let Some(f) = d.facts {
            self.facts.push((d.index, f));
            self.positions.insert(d.index, d.positions);
            self.values.insert(d.index, d.values);
        }
        if let Some(r) = d.review {
            self.reviews.insert(d.index, r);
        }
    }
}

/// Stage 2: parse and check every file on `jobs` threads; each result
/// passes through `on_done` in input order.
fn check_all(
    ctx: &Ctx<'_>,
    files: &[PathBuf],
    jobs: usize,
    bar: Option<&ProgressBar>,
    on_done: &mut dyn FnMut(Done),
) {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
    let (tx, rx) = mpsc::channel::<Done>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let work = move || {
                // par_bridge hands files out in order: results arrive
                // nearly in order and few wait in the reorder buffer
                files
                    .iter()
                    .enumerate()
                    .par_bridge()
                    .for_each_with(tx, |tx, (i, p)| {
                        let _ = tx.send(check_one(ctx, i, p));
                    });
            };
            match &pool {
                Ok(pool) => pool.install(work),
                Err(_) => work(),
            }
        });
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let mut next = 0usize;
        for done in rx {
            waiting.insert(done.index, done);
            while let Some(d) = waiting.remove(&next) {
                next += 1;
                if let Some(b) = bar {
                    b.set_position(next as u64);
                    b.set_message(d.path.display().to_string());
                }
                on_done(d);
            }
        }
    });
}

/// Stage 3: count the cross-year findings into the totals; the files
/// that fail only because of one.
fn count_cross_year(
    c: &mut Collected,
    cross: &[(usize, Finding)],
) -> std::collections::BTreeSet<usize> {
    let mut failing_by_cross = std::collections::BTreeSet::new();
    for (i, f) in cross {
        *c.totals.per_rule.entry(f.rule.clone()).or_default() += 1;
        match f.severity {
            Severity::Error => c.totals.errors += 1,
            Severity::Warning => c.totals.warnings += 1,
            Severity::Info => c.totals.infos += 1,
        }
        if f.severity == Severity::Error && !c.failing.contains(i) {
            failing_by_cross.insert(*i);
        }
    }
    failing_by_cross
}

/// The JSON array's cross-year items (one per file with such findings)
/// and its closing bracket.
fn finish_json(em: &mut Emitter<'_>, files: &[PathBuf], cross: &[(usize, Finding)]) {
    let mut by_file: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
    for (i, f) in cross {
        by_file.entry(*i).or_default().push(f);
    }
    for (i, fs) in by_file {
        let path = files.get(i).map(|p| p.display().to_string());
        let item = json_item(&serde_json::json!({
            "path": path,
            "status": "cross_year",
            "findings": fs,
        }));
        em.emit(&item);
    }
    let _ = em
        .out
        .write_all(if em.items == 0 { b"]\n" } else { b"\n]\n" });
}

/// The reviewer output (XLSX workbook or HTML report) of the batch, with
/// the cross-year findings added to their files.
fn write_review(
    format: Format,
    out: &mut dyn Write,
    c: &mut Collected,
    cross: Vec<(usize, Finding)>,
) -> Result<(), String> {
    for (i, f) in cross {
        let key = match (&f.location.table, &f.location.row, &f.location.column) {
            (Some(t), Some(r), Some(col)) => format!("{t}.{r}.{col}"),
            _ => String::new(),
        };
        let value = c
            .values
            .get(&i)
            .and_then(|m| m.get(&key))
            .copied()
            .flatten();
        if let Some(r) = c.reviews.get_mut(&i) {
            r.add_cross_year([(f, value)]);
        }
    }
    let reviews: Vec<ReportReview> = std::mem::take(&mut c.reviews).into_values().collect();
    let bytes = match format {
        Format::Xlsx => xxgknb_review::xlsx::workbook(&reviews).map_err(|e| e.to_string())?,
        _ => {
            xxgknb_review::html::document(&reviews, "政府信息公开工作年度报告审核结果").into_bytes()
        }
    };
    out.write_all(&bytes)
        .and_then(|()| out.flush())
        .map_err(|e| format!("无法写入输出：{e}"))
}

/// Check every file; exit 0 when no finding is an error, 1 when one is
/// (0 with `--exit-zero`), 2 when a file could not be read, a folder holds
/// no report file, the configuration is wrong or the output cannot be
/// written.
pub fn run(args: Args) -> ExitCode {
    let fail = |e: String| {
        eprintln!("xxgknb: {e}");
        ExitCode::from(2)
    };
    let plan = match plan(&args) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let mut out = match open_output(args.output.as_deref()) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let ctx = Ctx {
        settings: &plan.settings,
        limits: &plan.limits,
        format: args.format,
        ansi: plan.ansi,
    };
    let files = &plan.files;
    let bar = progress_bar(files.len());
    let is_json = matches!(args.format, Format::Json);
    if is_json {
        let _ = out.write_all(b"[");
    }
    let mut em = Emitter {
        out: &mut *out,
        json: is_json,
        items: 0,
        bar: bar.as_ref(),
    };
    let mut c = Collected {
        totals: Totals {
            files: files.len(),
            ..Totals::default()
        },
        ..Collected::default()
    };
    check_all(&ctx, files, plan.jobs, bar.as_ref(), &mut |d: Done| {
        em.emit(&d.text);
        c.add(d);
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }

    // cross-year findings: known only once every file is read
    let cross = cross_year_findings(&plan.settings, &c.facts, &c.positions);
    c.positions.clear();
    let failing_by_cross = count_cross_year(&mut c, &cross);
    if is_json {
        finish_json(&mut em, files, &cross);
    } else if args.format.is_review() {
        if let Err(e) = write_review(args.format, em.out, &mut c, cross) {
            return fail(e);
        }
    } else {
        print_cross_year(em.out, &ctx, files, &cross);
    }
    let any_error = c.totals.failing > 0 || !failing_by_cross.is_empty();
    c.totals.failing += failing_by_cross.len();
    if !is_json && !args.format.is_review() {
        print_summary(em.out, &plan.settings, &c.totals);
    }
    let _ = out.flush();
    if c.totals.unreadable > 0 {
        ExitCode::from(2)
    } else if any_error && !plan.settings.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_cross_year(
    out: &mut dyn Write,
    ctx: &Ctx<'_>,
    files: &[PathBuf],
    cross: &[(usize, Finding)],
) {
    if cross.is_empty() || ctx.settings.quiet {
        return;
    }
    let _ = writeln!(out, "跨年度核对（同一机关相邻年度的报告）：\n");
    let config = term::Config::default();
    for (i, f) in cross {
        let name = files
            .get(*i)
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let file = SimpleFile::new(name.as_str(), "");
        let mut notes = vec![format!("文件：{name}")];
        if let Some(n) = locate::cell_note(f) {
            notes.push(n);
        }
        let src = f.location.source.describe_as("行");
        if !src.is_empty() {
            notes.push(format!("源文件 {src}"));
        }
        let d = Diagnostic::new(severity(f.severity))
            .with_code(f.rule.as_str())
            .with_message(f.message.as_str())
            .with_notes(notes);
        let mut buf = ctx.buffer();
        if term::emit_to_write_style(&mut buf, &config, &file, &d).is_err() {
            let _ = writeln!(buf, "{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
        }
        let _ = out.write_all(&buf.into_inner());
    }
    let _ = writeln!(out);
}

fn print_summary(out: &mut dyn Write, settings: &Settings, t: &Totals) {
    if settings.statistics {
        let _ = writeln!(out, "按规则统计：");
        let mut rows: Vec<(&String, &usize)> = t.per_rule.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (rule, n) in rows {
            let (sev, title) = xxgknb_core::rules::by_id(rule).map_or(("", ""), |r| {
                let sev = settings.severity.get(r.id).copied().unwrap_or(r.severity);
                (sev.chinese(), r.title)
            });
            let _ = writeln!(out, "{n:>6}  {rule:<22} {sev}  {title}");
        }
        let _ = writeln!(out);
    }
    if t.files > 1 && !settings.quiet {
        let _ = writeln!(
            out,
            "共检查 {} 个文件：{} 个有错误，{} 个无法读取；错误 {}，警告 {}，提示 {}",
            t.files, t.failing, t.unreadable, t.errors, t.warnings, t.infos
        );
    }
}
