//! Export of the store: tidy CSV, wide CSV (one file per table) and JSON
//! Lines of MODEL.md objects. Order is stable: normalised agency, year,
//! path; within a report, MODEL.md table/row/column order.

use crate::record::{rank, value_text, CellRow, Key};
use crate::store::{Filter, Store, StoredReport};
use crate::StoreError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use xxgknb_core::Finding;

/// Quote a CSV field when needed (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn line(out: &mut dyn Write, fields: &[&str]) -> Result<(), StoreError> {
    let joined: Vec<String> = fields.iter().map(|f| field(f)).collect();
    writeln!(out, "{}", joined.join(","))?;
    Ok(())
}

fn year_text(r: &StoredReport) -> String {
    r.year.map(|y| y.to_string()).unwrap_or_default()
}

/// Header of the tidy CSV.
pub const TIDY_HEADER: &[&str] = &[
    "agency",
    "agency_key",
    "year",
    "table",
    "row",
    "column",
    "value",
    "source_file",
];

/// Tidy CSV: one line per cell of every parsed report. A blank cell has an
/// empty `value`; a table absent from a report has no lines.
pub fn tidy_csv(store: &Store, filter: &Filter, out: &mut dyn Write) -> Result<usize, StoreError> {
    line(out, TIDY_HEADER)?;
    let mut n = 0;
    for r in store.reports(filter)? {
        if r.status == "unreadable" {
            continue;
        }
        let agency = r.agency.clone().unwrap_or_default();
        let key = r.agency_key.clone().unwrap_or_default();
        let year = year_text(&r);
        for c in store.cells(&r.id)? {
            let v = value_text(&c.value);
            line(
                out,
                &[
                    &agency, &key, &year, &c.table, &c.row, &c.column, &v, &r.path,
                ],
            )?;
            n += 1;
        }
    }
    Ok(n)
}

/// Wide CSV: in `dir`, one file `<table>.csv` per table with one line per
/// report and one column per `row.column` cell seen in any exported report.
/// Returns the files written.
pub fn wide_csv(store: &Store, filter: &Filter, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
    std::fs::create_dir_all(dir)?;
    let reports: Vec<StoredReport> = store
        .reports(filter)?
        .into_iter()
        .filter(|r| r.status != "unreadable")
        .collect();
    // first pass: which columns each table has
    type ColKey = ((usize, String), (usize, String));
    let mut tables: BTreeMap<(usize, String), BTreeMap<ColKey, (String, String)>> = BTreeMap::new();
    for r in &reports {
        for c in store.cells(&r.id)? {
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
        let names: Vec<String> = cols
            .values()
            .map(|(row, col)| {
                if col.is_empty() {
                    row.clone()
                } else {
                    format!("{row}.{col}")
                }
            })
            .collect();
        let mut header = vec!["agency", "agency_key", "year", "source_file"];
        header.extend(names.iter().map(String::as_str));
        line(&mut f, &header)?;
        for r in &reports {
            let cells = store.cells(&r.id)?;
            let mine: BTreeMap<(&str, &str), &CellRow> = cells
                .iter()
                .filter(|c| c.table == table)
                .map(|c| ((c.row.as_str(), c.column.as_str()), c))
                .collect();
            if mine.is_empty() {
                continue; // the table is absent from this report
            }
            let agency = r.agency.clone().unwrap_or_default();
            let key = r.agency_key.clone().unwrap_or_default();
            let year = year_text(r);
            let values: Vec<String> = cols
                .values()
                .map(|(row, col)| {
                    mine.get(&(row.as_str(), col.as_str()))
                        .map(|c| value_text(&c.value))
                        .unwrap_or_default()
                })
                .collect();
            let mut fields = vec![
                agency.as_str(),
                key.as_str(),
                year.as_str(),
                r.path.as_str(),
            ];
            fields.extend(values.iter().map(String::as_str));
            line(&mut f, &fields)?;
        }
        f.flush()?;
        written.push(path);
    }
    Ok(written)
}

fn table_name(k: &(usize, String)) -> String {
    if k.1.is_empty() {
        ["active", "applications", "review_litigation"]
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
/// ingested, and `findings` followed by the cross-year findings that
/// concern the report.
pub fn jsonl(store: &Store, filter: &Filter, out: &mut dyn Write) -> Result<usize, StoreError> {
    let mut n = 0;
    for r in store.reports(filter)? {
        let Some(mut report) = store.report_json(&r.id)? else {
            continue;
        };
        let cross = store.findings(&r.id, true)?;
        if !cross.is_empty() {
            if let Value::Object(top) = &mut report {
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
        }
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
        n += 1;
    }
    Ok(n)
}
