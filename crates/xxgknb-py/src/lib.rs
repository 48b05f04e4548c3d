//! # xxgknb-py
//!
//! The native part of the Python package `xxgknb` (`xxgknb._xxgknb`): the
//! facade crate's [`xxgknb::analyse`] behind three functions, each of which
//! releases the GIL while it parses. The Python layer
//! (`python/xxgknb/__init__.py`) turns their results into Python objects
//! and a pandas DataFrame, and raises `xxgknb.ReadError`. Build it with
//! maturin (`pip install ./crates/xxgknb-py`); see `docs/python.md`.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use xxgknb_core::Limits;
use xxgknb_store::export;
use xxgknb_store::record::Parsed;
use xxgknb_store::store::StoredReport;

pyo3::create_exception!(
    _xxgknb,
    NativeReadError,
    pyo3::exceptions::PyException,
    "A file could not be read or parsed: args are (path, cause)."
);

/// The limits from the keyword arguments (`docs/limits.md`); an unknown
/// name or a negative value is an error.
fn limits_from(kw: Option<HashMap<String, f64>>) -> PyResult<Limits> {
    let mut l = Limits::default();
    for (k, v) in kw.unwrap_or_default() {
        if !(v.is_finite() && v >= 0.0) {
            return Err(PyValueError::new_err(format!(
                "{k}: expected a number ≥ 0, got {v}"
            )));
        }
        let n = v as u64;
        match k.as_str() {
            "max_file_bytes" => l.max_file_bytes = n,
            "max_entry_bytes" => l.max_entry_bytes = n,
            "max_total_inflated_bytes" => l.max_total_inflated_bytes = n,
            "max_xml_depth" => l.max_xml_depth = n as usize,
            "max_cells_per_table" => l.max_cells_per_table = n as usize,
            "max_pages" => l.max_pages = n as usize,
            "max_ops_per_page" => l.max_ops_per_page = n as usize,
            "timeout" => l.time_per_file = Duration::from_secs_f64(v),
            other => {
                return Err(PyTypeError::new_err(format!(
                    "unexpected keyword argument {other:?} (limits: max_file_bytes, max_entry_bytes, max_total_inflated_bytes, max_xml_depth, max_cells_per_table, max_pages, max_ops_per_page, timeout)"
                )))
            }
        }
    }
    Ok(l)
}

/// (path, cause) of a pipeline error.
fn split_error(e: &xxgknb::Error) -> (String, String) {
    let path = e.path().display().to_string();
    let text = e.to_string();
    let cause = text
        .strip_prefix(&format!("{path}: "))
        .map_or_else(|| text.clone(), str::to_string);
    (path, cause)
}

fn read_error(e: &xxgknb::Error) -> PyErr {
    NativeReadError::new_err(split_error(e))
}

/// The name a forced `format` gives: the extension breaks sniffing ties.
fn named(name: &Path, format: Option<&str>) -> PathBuf {
    match format {
        Some(f) => name.with_extension(f.trim_start_matches('.')),
        None => name.to_path_buf(),
    }
}

/// Analyse one input; the report's `source.path` is `shown`.
fn analyse_one(
    shown: &Path,
    bytes: Option<Vec<u8>>,
    format: Option<&str>,
    limits: &Limits,
) -> Result<xxgknb_core::Report, xxgknb::Error> {
    let input = match (bytes, format) {
        (Some(b), f) => xxgknb::Input::bytes(named(shown, f), b),
        (None, None) => xxgknb::Input::path(shown),
        (None, Some(f)) => {
            xxgknb::Input::bytes(named(shown, Some(f)), xxgknb::read_limited(shown, limits)?)
        }
    };
    let mut report = xxgknb::analyse(input, limits)?.report;
    report.source.path = shown.display().to_string();
    Ok(report)
}

fn to_json(report: &xxgknb_core::Report) -> PyResult<String> {
    serde_json::to_string(report).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// Parse a file: the MODEL.md report as JSON text. The GIL is released
/// while parsing.
#[pyfunction]
#[pyo3(signature = (path, format=None, limits=None))]
fn parse_path(
    py: Python<'_>,
    path: PathBuf,
    format: Option<String>,
    limits: Option<HashMap<String, f64>>,
) -> PyResult<String> {
    let limits = limits_from(limits)?;
    let r = py.detach(|| analyse_one(&path, None, format.as_deref(), &limits));
    to_json(&r.map_err(|e| read_error(&e))?)
}

/// Parse bytes going by `name`: the MODEL.md report as JSON text. The GIL
/// is released while parsing.
#[pyfunction]
#[pyo3(signature = (data, name, format=None, limits=None))]
fn parse_bytes(
    py: Python<'_>,
    data: Vec<u8>,
    name: PathBuf,
    format: Option<String>,
    limits: Option<HashMap<String, f64>>,
) -> PyResult<String> {
    let limits = limits_from(limits)?;
    let r = py.detach(|| analyse_one(&name, Some(data), format.as_deref(), &limits));
    to_json(&r.map_err(|e| read_error(&e))?)
}

/// One parsed file of a `cells` batch.
struct Done {
    parsed: Parsed,
    stored: StoredReport,
}

fn prepare(path: &Path, limits: &Limits) -> Result<Done, xxgknb::Error> {
    let report = analyse_one(path, None, None, limits)?;
    let id = report.source.sha256.clone();
    let shown = report.source.path.clone();
    let json = serde_json::to_value(&report).unwrap_or_default();
    let parsed = Parsed::from_report(json, &shown, &id);
    let stored = StoredReport {
        id,
        path: shown,
        format: parsed.format.clone(),
        agency: parsed.agency.clone(),
        agency_key: parsed.agency_key.clone(),
        year: parsed.year,
        edition: parsed.edition.clone(),
        status: if parsed.has_errors() { "errors" } else { "ok" }.into(),
        error: None,
        copies: 1,
        error_findings: parsed
            .findings
            .iter()
            .filter(|f| f.severity == xxgknb_core::Severity::Error)
            .count() as i64,
        filled_cells: parsed.cells.iter().filter(|c| !c.value.is_null()).count() as i64,
    };
    Ok(Done { parsed, stored })
}

/// Columns of the tidy table being built.
#[derive(Default)]
struct Columns {
    text: HashMap<&'static str, Vec<Option<String>>>,
    int: HashMap<&'static str, Vec<Option<i64>>>,
    float: HashMap<&'static str, Vec<Option<f64>>>,
    canonical: Vec<bool>,
    group: Vec<i64>,
}

const TEXT_COLUMNS: &[&str] = &[
    "report_id",
    "agency",
    "agency_key",
    "edition",
    "format",
    "status",
    "table_key",
    "row_key",
    "column_key",
    "value_kind",
    "src_sheet",
    "src_cell",
    "src_placement",
    "source_file",
];

impl Columns {
    fn text(&mut self, k: &'static str, v: Option<String>) {
        self.text.entry(k).or_default().push(v);
    }
    fn int(&mut self, k: &'static str, v: Option<i64>) {
        self.int.entry(k).or_default().push(v);
    }
    fn float(&mut self, k: &'static str, v: Option<f64>) {
        self.float.entry(k).or_default().push(v);
    }
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// What [`cells_columns`] returns: the columns, and `(path, cause)` of the
/// files left out.
type CellsResult<'py> = (Bound<'py, PyDict>, Vec<(String, String)>);

/// The tidy cells of `paths` (the rows of `xxgknb export --format csv`)
/// as a dict of columns, and the files that could not be read as
/// `[(path, cause)]` (raised as the first error unless `skip_errors`).
/// Parsing runs on `jobs` threads with the GIL released.
#[pyfunction]
#[pyo3(signature = (paths, jobs=1, skip_errors=false, limits=None))]
fn cells_columns<'py>(
    py: Python<'py>,
    paths: Vec<PathBuf>,
    jobs: usize,
    skip_errors: bool,
    limits: Option<HashMap<String, f64>>,
) -> PyResult<CellsResult<'py>> {
    use rayon::prelude::*;
    let limits = limits_from(limits)?;
    let results: Vec<Result<Done, xxgknb::Error>> = py.detach(|| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build();
        match pool {
            Ok(pool) => pool.install(|| paths.par_iter().map(|p| prepare(p, &limits)).collect()),
            Err(_) => paths.iter().map(|p| prepare(p, &limits)).collect(),
        }
    });
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(d) => done.push(d),
            Err(e) if skip_errors => failed.push(split_error(&e)),
            Err(e) => return Err(read_error(&e)),
        }
    }
    // the canonical report of each agency-year, by the export's rule
    let mut groups: HashMap<(String, i64), Vec<usize>> = HashMap::new();
    for (i, d) in done.iter().enumerate() {
        if let (Some(a), Some(y)) = (&d.stored.agency_key, d.stored.year) {
            groups.entry((a.clone(), y)).or_default().push(i);
        }
    }
    let mut canon: HashMap<usize, (i64, bool)> = HashMap::new();
    for members in groups.values() {
        let best = members
            .iter()
            .filter_map(|&i| done.get(i).map(|d| (i, &d.stored)))
            .min_by_key(|(_, s)| export::canonical_order(s))
            .map(|(i, _)| i);
        for &i in members {
            canon.insert(i, (members.len() as i64, Some(i) == best));
        }
    }
    let mut cols = Columns::default();
    for (i, d) in done.iter().enumerate() {
        let (n, is_canon) = canon.get(&i).copied().unwrap_or((1, true));
        let s = &d.stored;
        for c in &d.parsed.cells {
            cols.text("report_id", Some(s.id.clone()));
            cols.text("agency", s.agency.clone());
            cols.text("agency_key", s.agency_key.clone());
            cols.int("year", s.year);
            cols.text("edition", s.edition.clone());
            cols.text("format", s.format.clone());
            cols.text("status", Some(s.status.clone()));
            cols.canonical.push(is_canon);
            cols.group.push(n);
            cols.text("table_key", Some(c.table.clone()));
            cols.text("row_key", Some(c.row.clone()));
            cols.text("column_key", Some(c.column.clone()));
            let v = export::typed_value(&c.column, &c.value);
            cols.text("value_kind", Some(v.kind.into()));
            cols.int("count_value", v.count);
            cols.float("amount_wan_yuan", v.amount_wan_yuan);
            let [page, line, sheet, cell, x, placement] =
                export::source_columns(c.source.as_deref());
            cols.int("src_page", page.parse().ok());
            cols.int("src_line", line.parse().ok());
            cols.text("src_sheet", non_empty(sheet));
            cols.text("src_cell", non_empty(cell));
            cols.float("src_x", x.parse().ok());
            cols.text("src_placement", non_empty(placement));
            cols.text("source_file", Some(s.path.clone()));
        }
    }
    let out = PyDict::new(py);
    for name in export::TIDY_HEADER {
        match *name {
            "canonical" => out.set_item(name, std::mem::take(&mut cols.canonical))?,
            "agency_year_reports" => out.set_item(name, std::mem::take(&mut cols.group))?,
            n if TEXT_COLUMNS.contains(&n) => {
                out.set_item(n, cols.text.remove(n).unwrap_or_default())?
            }
            n => match cols.int.remove(n) {
                Some(v) => out.set_item(n, v)?,
                None => out.set_item(n, cols.float.remove(n).unwrap_or_default())?,
            },
        }
    }
    Ok((out, failed))
}

/// The native module `xxgknb._xxgknb`.
#[pymodule]
fn _xxgknb(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("NativeReadError", m.py().get_type::<NativeReadError>())?;
    m.add("TIDY_COLUMNS", export::TIDY_HEADER.to_vec())?;
    m.add_function(wrap_pyfunction!(parse_path, m)?)?;
    m.add_function(wrap_pyfunction!(parse_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(cells_columns, m)?)?;
    Ok(())
}
