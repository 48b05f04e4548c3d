//! Export of the store: tidy CSV (one line per cell), a reports CSV (one
//! line per report), wide CSV (one file per table) and JSON Lines of
//! MODEL.md objects. Order is stable: normalised agency, year, path; within
//! a report, MODEL.md table/row/column order.
//!
//! Every export says which report a line comes from (`report_id`, the
//! sha256 of the file), its `status`, `edition` and `format`, and whether it
//! is the canonical report of its agency-year ([`canonical_order`]); an
//! [`ExportOptions::canonical_only`] export keeps the canonical reports
//! only. Column names are SQL-safe: lowercase, `[a-z0-9_]`, no SQL keyword
//! ([`sql_safe`]).

use crate::record::{rank, CellRow, Key};
use crate::store::{Filter, Store, StoredReport};
use crate::StoreError;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use xxgknb_core::Finding;

/// What an export writes.
#[derive(Debug, Default, Clone)]
pub struct ExportOptions {
    /// Which reports.
    pub filter: Filter,
    /// Keep only the canonical report of each agency-year.
    pub canonical_only: bool,
    /// Excel-friendly CSV: a UTF-8 byte-order mark first, CRLF line ends
    /// (Excel then opens the Chinese text as UTF-8).
    pub excel: bool,
}

/// A report chosen for export, with its agency-year group.
#[derive(Debug, Clone)]
pub struct Selected {
    /// The report.
    pub report: StoredReport,
    /// Parsed reports stored for the same agency-year (1: no duplicate).
    pub agency_year_reports: usize,
    /// Is it the canonical report of its agency-year?
    pub canonical: bool,
    /// The canonical report of its agency-year (itself when canonical).
    pub canonical_id: String,
}

/// Preference of a source format when several files carry one agency-year:
/// formats read from real grid cells first, then HTML, then the formats
/// whose tables are rebuilt from layout (legacy Word, PDF, text).
pub fn format_preference(format: Option<&str>) -> usize {
    const ORDER: &[&str] = &["docx", "xlsx", "ods", "xls", "html", "doc", "pdf", "txt"];
    format
        .and_then(|f| ORDER.iter().position(|o| *o == f))
        .unwrap_or(ORDER.len())
}

/// The sort key of the canonical rule (smallest wins): among the parsed
/// reports of one normalised agency and year, (1) fewest error findings,
/// (2) most filled cells, (3) the format preferred by
/// [`format_preference`], (4) the 2021 edition before the 2019 one for a
/// year from 2021 on, (5) the smallest report id (sha256), so that the
/// choice is stable.
pub fn canonical_order(r: &StoredReport) -> (i64, i64, usize, usize, String) {
    let edition_mismatch = match (r.year, r.edition.as_deref()) {
        (Some(y), Some("2019")) if y >= 2021 => 1,
        (Some(y), Some("2021")) if y < 2020 => 1,
        _ => 0,
    };
    (
        r.error_findings,
        -r.filled_cells,
        format_preference(r.format.as_deref()),
        edition_mismatch,
        r.id.clone(),
    )
}

/// The reports of an export: filtered, grouped by agency-year and marked
/// canonical or not. Unreadable reports are their own group (never
/// canonical); a report without agency or year is its own group.
pub fn select(store: &Store, opts: &ExportOptions) -> Result<Vec<Selected>, StoreError> {
    let reports = store.reports(&opts.filter)?;
    let mut groups: HashMap<(String, i64), Vec<usize>> = HashMap::new();
    for (i, r) in reports.iter().enumerate() {
        if r.status == "unreadable" {
            continue;
        }
        if let (Some(a), Some(y)) = (&r.agency_key, r.year) {
            groups.entry((a.clone(), y)).or_default().push(i);
        }
    }
    let mut group_of: HashMap<usize, (usize, String)> = HashMap::new();
    for members in groups.values() {
        let best = members
            .iter()
            .filter_map(|&i| reports.get(i))
            .min_by_key(|r| canonical_order(r))
            .map(|r| r.id.clone())
            .unwrap_or_default();
        for &i in members {
            group_of.insert(i, (members.len(), best.clone()));
        }
    }
    let mut out = Vec::new();
    for (i, r) in reports.into_iter().enumerate() {
        let (n, best) = match group_of.remove(&i) {
            Some(g) => g,
            None if r.status == "unreadable" => (0, String::new()),
            None => (1, r.id.clone()),
        };
        let canonical = best == r.id;
        if opts.canonical_only && !canonical {
            continue;
        }
        out.push(Selected {
            report: r,
            agency_year_reports: n,
            canonical,
            canonical_id: best,
        });
    }
    Ok(out)
}

/// SQL keywords an export column name must not be: the reserved words of
/// SQLite, DuckDB and PostgreSQL that could look like a column name
/// (`year` is none of them; the Python tests check the names against
/// DuckDB's own list).
const SQL_KEYWORDS: &[&str] = &[
    "all",
    "and",
    "as",
    "by",
    "case",
    "cast",
    "check",
    "column",
    "create",
    "cross",
    "default",
    "delete",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "from",
    "group",
    "having",
    "in",
    "index",
    "insert",
    "is",
    "join",
    "key",
    "limit",
    "not",
    "null",
    "of",
    "offset",
    "on",
    "or",
    "order",
    "primary",
    "references",
    "row",
    "rows",
    "select",
    "set",
    "table",
    "then",
    "to",
    "union",
    "unique",
    "update",
    "user",
    "using",
    "values",
    "when",
    "where",
    "with",
];

/// Is `name` usable unquoted in SQL: `[a-z_][a-z0-9_]*` and not a keyword?
pub fn sql_safe(name: &str) -> bool {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_');
    first_ok
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !SQL_KEYWORDS.contains(&name)
}

/// The three headers from one list of report columns: what every CSV
/// export starts with, then the tidy or the reports columns.
macro_rules! headers {
    (report: $($r:literal),*; tidy: $($t:literal),*; reports: $($p:literal),*;) => {
        /// The report columns every CSV export starts with.
        pub const REPORT_COLUMNS: &[&str] = &[$($r),*];
        /// Header of the tidy CSV (`export --format csv`).
        pub const TIDY_HEADER: &[&str] = &[$($r,)* $($t),*];
        /// Header of the reports CSV (`export --format reports`).
        pub const REPORTS_HEADER: &[&str] = &[$($r,)* $($p),*];
    };
}

headers! {
    report: "report_id", "agency", "agency_key", "year", "edition", "format", "status",
        "canonical", "agency_year_reports";
    tidy: "table_key", "row_key", "column_key", "value_kind", "count_value", "amount_wan_yuan",
        "src_page", "src_line", "src_sheet", "src_cell", "src_x", "src_placement", "source_file";
    reports: "canonical_report_id", "error_findings", "filled_cells", "copies", "source_file",
        "all_paths", "unreadable_error";
}

/// Is a cell an amount in 万元 (decimal) rather than a count (integer)?
/// The `amount` fields of `fees` and `procurement` are amounts.
pub fn is_amount(column: &str) -> bool {
    column == "amount"
}

/// A cell value typed for the columnar exports (Parquet, the Python
/// package): the `value_kind`, the count as an integer (a count printed
/// with a fraction has none; it is never repaired) and the amount in 万元.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TypedValue {
    /// `amount` or `count`.
    pub kind: &'static str,
    /// The count, for a count column.
    pub count: Option<i64>,
    /// The amount in 万元, for an amount column.
    pub amount_wan_yuan: Option<f64>,
}

/// The typed value of a cell of `column`.
pub fn typed_value(column: &str, v: &Value) -> TypedValue {
    let f = v.as_f64();
    if is_amount(column) {
        return TypedValue {
            kind: "amount",
            count: None,
            amount_wan_yuan: f,
        };
    }
    TypedValue {
        kind: "count",
        count: v.as_i64().or_else(|| {
            f.filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
                .map(|x| x as i64)
        }),
        amount_wan_yuan: None,
    }
}

/// A cell value split by kind: (`value_kind`, `count_value`,
/// `amount_wan_yuan`). A count is written as an integer; a count that the
/// report prints with a fraction (never repaired) keeps its fraction.
pub fn value_columns(column: &str, v: &Value) -> (&'static str, String, String) {
    let text = match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{f:.0}"),
            _ => n.to_string(),
        },
        _ => String::new(),
    };
    if is_amount(column) {
        ("amount", String::new(), text)
    } else {
        ("count", text, String::new())
    }
}

/// The source position columns of a cell (`src_page` … `src_placement`)
/// from its stored position JSON.
pub fn source_columns(source: Option<&str>) -> [String; 6] {
    let pos: Value = source
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or(Value::Null);
    let text = |k: &str| match pos.get(k) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    [
        text("page"),
        text("line"),
        text("sheet"),
        text("cell"),
        text("x"),
        text("placement"),
    ]
}

fn writer<'a>(
    out: &'a mut dyn Write,
    opts: &ExportOptions,
) -> Result<csv::Writer<&'a mut dyn Write>, StoreError> {
    if opts.excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let mut b = csv::WriterBuilder::new();
    if opts.excel {
        b.terminator(csv::Terminator::CRLF);
    }
    Ok(b.from_writer(out))
}

fn csv_err(e: csv::Error) -> StoreError {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => StoreError::Io(io),
        other => StoreError::Io(std::io::Error::other(format!("{other:?}"))),
    }
}

fn report_fields(s: &Selected) -> Vec<String> {
    let r = &s.report;
    vec![
        r.id.clone(),
        r.agency.clone().unwrap_or_default(),
        r.agency_key.clone().unwrap_or_default(),
        r.year.map(|y| y.to_string()).unwrap_or_default(),
        r.edition.clone().unwrap_or_default(),
        r.format.clone().unwrap_or_default(),
        r.status.clone(),
        s.canonical.to_string(),
        s.agency_year_reports.to_string(),
    ]
}

/// Tidy CSV: one line per cell of every parsed report. A blank cell has
/// empty `count_value` and `amount_wan_yuan`; a table absent from a report
/// has no lines. Returns the number of cell lines.
pub fn tidy_csv(
    store: &Store,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let mut w = writer(out, opts)?;
    w.write_record(TIDY_HEADER).map_err(csv_err)?;
    let mut n = 0;
    for s in select(store, opts)? {
        if s.report.status == "unreadable" {
            continue;
        }
        let head = report_fields(&s);
        for c in store.cells(&s.report.id)? {
            let (kind, count, amount) = value_columns(&c.column, &c.value);
            let src = source_columns(c.source.as_deref());
            let mut rec: Vec<&str> = head.iter().map(String::as_str).collect();
            rec.extend([
                c.table.as_str(),
                c.row.as_str(),
                c.column.as_str(),
                kind,
                &count,
                &amount,
            ]);
            rec.extend(src.iter().map(String::as_str));
            rec.push(&s.report.path);
            w.write_record(&rec).map_err(csv_err)?;
            n += 1;
        }
    }
    w.flush()?;
    Ok(n)
}

/// Reports CSV: one line per stored report (unreadable files included),
/// with every path its bytes were found at (`all_paths`, separated by
/// ` | `) and its agency-year group. Returns the number of lines.
pub fn reports_csv(
    store: &Store,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let mut w = writer(out, opts)?;
    w.write_record(REPORTS_HEADER).map_err(csv_err)?;
    let mut n = 0;
    for s in select(store, opts)? {
        let r = &s.report;
        let mut rec = report_fields(&s);
        rec.extend([
            s.canonical_id.clone(),
            r.error_findings.to_string(),
            r.filled_cells.to_string(),
            r.copies.to_string(),
            r.path.clone(),
            store.paths(&r.id)?.join(" | "),
            r.error.clone().unwrap_or_default(),
        ]);
        w.write_record(&rec).map_err(csv_err)?;
        n += 1;
    }
    w.flush()?;
    Ok(n)
}

/// The wide CSV column of a cell: `row__column` (`row` alone for a
/// row-valued cell).
pub fn wide_column(row: &str, column: &str) -> String {
    if column.is_empty() {
        row.to_string()
    } else {
        format!("{row}__{column}")
    }
}

/// Wide CSV: in `dir`, one file `<table>.csv` per table with one line per
/// report and one column per `row__column` cell seen in any exported
/// report. Returns the files written.
pub fn wide_csv(
    store: &Store,
    opts: &ExportOptions,
    dir: &Path,
) -> Result<Vec<PathBuf>, StoreError> {
    std::fs::create_dir_all(dir)?;
    let reports: Vec<Selected> = select(store, opts)?
        .into_iter()
        .filter(|s| s.report.status != "unreadable")
        .collect();
    // first pass: which columns each table has
    type ColKey = ((usize, String), (usize, String));
    let mut tables: BTreeMap<(usize, String), BTreeMap<ColKey, (String, String)>> = BTreeMap::new();
    for s in &reports {
        for c in store.cells(&s.report.id)? {
            tables
                .entry(rank(Key::Table, &c.table))
                .or_default()
                .entry((rank(Key::Row, &c.row), rank(Key::Column, &c.column)))
                .or_insert((c.row.clone(), c.column.clone()));
        }
    }
    let mut written = Vec::new();
    for (tkey, cols) in &tables {
        let table = table_name(tkey);
        let path = dir.join(format!("{table}.csv"));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let mut w = writer(&mut f, opts)?;
        let mut header: Vec<String> = REPORT_COLUMNS.iter().map(|s| s.to_string()).collect();
        header.push("source_file".into());
        header.extend(cols.values().map(|(row, col)| wide_column(row, col)));
        w.write_record(&header).map_err(csv_err)?;
        for s in &reports {
            let cells = store.cells(&s.report.id)?;
            let mine: BTreeMap<(&str, &str), &CellRow> = cells
                .iter()
                .filter(|c| c.table == table)
                .map(|c| ((c.row.as_str(), c.column.as_str()), c))
                .collect();
            if mine.is_empty() {
                continue; // the table is absent from this report
            }
            let mut rec = report_fields(s);
            rec.push(s.report.path.clone());
            rec.extend(cols.values().map(|(row, col)| {
                mine.get(&(row.as_str(), col.as_str()))
                    .map(|c| {
                        let (_, count, amount) = value_columns(&c.column, &c.value);
                        count + &amount
                    })
                    .unwrap_or_default()
            }));
            w.write_record(&rec).map_err(csv_err)?;
        }
        w.flush()?;
        drop(w);
        f.flush()?;
        written.push(path);
    }
    Ok(written)
}

fn table_name(k: &(usize, String)) -> String {
    if k.1.is_empty() {
        xxgknb_core::keys::TABLES
            .get(k.0)
            .map_or_else(String::new, |s| s.to_string())
    } else {
        k.1.clone()
    }
}

/// A finding as a MODEL.md finding object.
pub fn finding_json(f: &Finding) -> Value {
    serde_json::to_value(f).unwrap_or(Value::Null)
}

/// JSON Lines: one MODEL.md object per parsed report, `source.path` as
/// ingested, `findings` followed by the cross-year findings that concern
/// the report, and an added `store` object (an extension of MODEL.md):
/// `report_id`, `status`, `canonical`, `agency_year_reports`,
/// `canonical_report_id` and `paths` (every path of the same bytes).
pub fn jsonl(
    store: &Store,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let mut n = 0;
    for s in select(store, opts)? {
        let r = &s.report;
        let Some(mut report) = store.report_json(&r.id)? else {
            continue;
        };
        let cross = store.findings(&r.id, true)?;
        if let Value::Object(top) = &mut report {
            if !cross.is_empty() {
                let findings = top
                    .entry("findings")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !findings.is_array() {
                    *findings = Value::Array(Vec::new());
                }
                if let Value::Array(a) = findings {
                    a.extend(cross.iter().map(finding_json));
                }
            }
            top.insert(
                "store".into(),
                serde_json::json!({
                    "report_id": r.id,
                    "status": r.status,
                    "canonical": s.canonical,
                    "agency_year_reports": s.agency_year_reports,
                    "canonical_report_id": s.canonical_id,
                    "paths": store.paths(&r.id)?,
                }),
            );
        }
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        n += 1;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_columns_are_sql_safe() {
        for h in TIDY_HEADER.iter().chain(REPORTS_HEADER) {
            assert!(sql_safe(h), "{h}");
        }
        for t in xxgknb_core::keys::ACTIVE_ROWS {
            for c in xxgknb_core::keys::ACTIVE_FIELDS {
                assert!(sql_safe(&wide_column(t, c)), "{t} {c}");
            }
        }
        assert!(!sql_safe("table") && !sql_safe("row") && !sql_safe("carried_over.total"));
    }

    #[test]
    fn counts_are_integers_and_amounts_decimals() {
        use serde_json::json;
        assert_eq!(value_columns("total", &json!(50.0)).1, "50");
        assert_eq!(value_columns("total", &json!(50)).1, "50");
        assert_eq!(value_columns("total", &json!(null)).1, "");
        let (kind, count, amount) = value_columns("amount", &json!(2232.5));
        assert_eq!(
            (kind, count.as_str(), amount.as_str()),
            ("amount", "", "2232.5")
        );
        assert_eq!(value_columns("amount", &json!(202)).2, "202");
    }

    #[test]
    fn source_position_columns() {
        let c = source_columns(Some(r#"{"line":49,"cell":"R4C9","placement":"cell"}"#));
        assert_eq!(c[1], "49");
        assert_eq!(c[3], "R4C9");
        assert_eq!(c[5], "cell");
        assert!(source_columns(None).iter().all(String::is_empty));
    }
}
