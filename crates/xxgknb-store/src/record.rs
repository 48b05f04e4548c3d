//! Turning one MODEL.md report object into the rows the store keeps:
//! meta columns, table cells, findings and sections.

use serde::Deserialize;
use serde_json::{Map, Value};
use xxgknb_core::agency;
use xxgknb_core::{Finding, Severity};

/// One table cell of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct CellRow {
    /// Table key: `active`, `applications`, `review_litigation`.
    pub table: String,
    /// Row key, e.g. `carried_over`.
    pub row: String,
    /// Column key, e.g. `natural_person`.
    pub column: String,
    /// The value: a JSON number, or `Null` for a blank cell.
    pub value: Value,
    /// Where the cell is in the source, if the report says.
    pub source: Option<String>,
}

/// One narrative section.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionRow {
    /// Section number (1–6) if known.
    pub number: Option<i64>,
    /// Title as printed.
    pub title: Option<String>,
    /// Section text.
    pub text: Option<String>,
}

/// Everything the store keeps of one parsed report.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The full report object as JSON text, with `source.path` and
    /// `source.sha256` set: made on the parser thread (and the object tree
    /// freed there), so the writer only writes.
    pub json_text: String,
    /// `source.format`.
    pub format: Option<String>,
    /// `meta.agency` as printed.
    pub agency: Option<String>,
    /// Normalised agency key.
    pub agency_key: Option<String>,
    /// `meta.year`.
    pub year: Option<i64>,
    /// `meta.format_edition`.
    pub edition: Option<String>,
    /// Table cells.
    pub cells: Vec<CellRow>,
    /// Single-report findings.
    pub findings: Vec<Finding>,
    /// Sections.
    pub sections: Vec<SectionRow>,
}

impl Parsed {
    /// Does the report have a finding of severity `error`?
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for k in path {
        cur = cur.get(k)?;
    }
    cur.as_str()
}

/// Set `source.path` and `source.sha256` (creating `source` if needed).
fn stamp_source(json: &mut Value, path: &str, sha256: &str) {
    if let Value::Object(top) = json {
        let source = top
            .entry("source")
            .or_insert_with(|| Value::Object(Map::new()));
        if !source.is_object() {
            *source = Value::Object(Map::new());
        }
        if let Value::Object(s) = source {
            s.insert("path".into(), Value::String(path.to_string()));
            s.insert("sha256".into(), Value::String(sha256.to_string()));
        }
    }
}

/// Source position of a cell, from the report's optional `positions` map
/// (keyed `table.row.column`, an extension of MODEL.md), as JSON text;
/// reports without it store NULL.
fn cell_source(json: &Value, table: &str, row: &str, col: &str) -> Option<String> {
    match json.get("positions")?.get(format!("{table}.{row}.{col}"))? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Walk `tables` into cells: every table is table → row → column → value.
fn cells(json: &Value) -> Vec<CellRow> {
    let mut out = Vec::new();
    let Some(Value::Object(tables)) = json.get("tables") else {
        return out;
    };
    for (table, t) in tables {
        let Value::Object(rows) = t else { continue };
        for (row, r) in rows {
            match r {
                Value::Object(cols) => {
                    for (col, v) in cols {
                        if v.is_number() || v.is_null() {
                            out.push(CellRow {
                                table: table.clone(),
                                row: row.clone(),
                                column: col.clone(),
                                value: v.clone(),
                                source: cell_source(json, table, row, col),
                            });
                        }
                    }
                }
                v if v.is_number() => out.push(CellRow {
                    table: table.clone(),
                    row: row.clone(),
                    column: String::new(),
                    value: v.clone(),
                    source: None,
                }),
                _ => {}
            }
        }
    }
    out
}

impl Parsed {
    /// Extract the stored rows from a report object, stamping its source
    /// with the path as ingested and the file's sha256.
    pub fn from_report(mut json: Value, path: &str, sha256: &str) -> Parsed {
        stamp_source(&mut json, path, sha256);
        let agency = str_at(&json, &["meta", "agency"]).map(str::to_string);
        let agency_key = agency
            .as_deref()
            .map(agency::normalise)
            .filter(|k| !k.is_empty());
        let year = json.get("meta").and_then(|m| m.get("year")).and_then(|y| {
            y.as_i64()
                .or_else(|| y.as_str().and_then(|s| s.trim().parse().ok()))
        });
        let findings = match json.get("findings") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|f| Finding::deserialize(f).ok())
                .collect(),
            _ => Vec::new(),
        };
        let sections = match json.get("sections") {
            Some(Value::Array(a)) => a
                .iter()
                .map(|s| SectionRow {
                    number: s.get("number").and_then(Value::as_i64),
                    title: str_at(s, &["title"]).map(str::to_string),
                    text: str_at(s, &["text"]).map(str::to_string),
                })
                .collect(),
            _ => Vec::new(),
        };
        Parsed {
            json_text: json.to_string(),
            format: str_at(&json, &["source", "format"]).map(str::to_string),
            edition: str_at(&json, &["meta", "format_edition"]).map(str::to_string),
            cells: cells(&json),
            agency,
            agency_key,
            year,
            findings,
            sections,
        }
    }
}

/// Canonical order of tables, rows and columns (MODEL.md order); keys not
/// listed sort after the listed ones, alphabetically.
pub fn rank(kind: Key, key: &str) -> (usize, String) {
    use xxgknb_core::keys;
    let lists: &[&[&str]] = match kind {
        Key::Table => &[keys::TABLES],
        Key::Row => &[
            keys::ACTIVE_ROWS,
            keys::APPLICATION_ROWS,
            keys::REVIEW_GROUPS,
        ],
        Key::Column => &[
            keys::ACTIVE_FIELDS,
            keys::APPLICATION_COLUMNS,
            keys::REVIEW_FIELDS,
        ],
    };
    // `total` is both an applications and a review column; one rank suits both
    let mut offset = 0;
    for list in lists {
        if let Some(i) = list.iter().position(|k| *k == key) {
            return (offset + i, String::new());
        }
        offset += list.len();
    }
    (offset, key.to_string())
}

/// Which kind of key [`rank`] orders.
#[derive(Debug, Clone, Copy)]
pub enum Key {
    /// A table key.
    Table,
    /// A row key.
    Row,
    /// A column key.
    Column,
}

/// Text form of a cell value for CSV: integers without a decimal point,
/// other numbers in their shortest form, blank for null.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_keep_blanks_and_skip_absent_tables() {
        let r = json!({
            "source": {"path": "x", "format": "docx"},
            "meta": {"agency": "互助土族自治县人民政府", "year": 2022, "format_edition": "2021"},
            "sections": [{"number": 1, "title": "总体情况", "text": "t"}],
            "tables": {
                "active": {"fees": {"amount": 2.5}},
                "applications": {"carried_over": {"natural_person": 3, "commercial": null}},
                "review_litigation": null
            },
            "findings": [{"rule": "APP_BALANCE", "severity": "error", "message": "m", "location": {"table": "applications"}}]
        });
        let p = Parsed::from_report(r, "dir/a.docx", "abc");
        assert_eq!(p.agency_key.as_deref(), Some("互助县"));
        assert_eq!(p.year, Some(2022));
        assert_eq!(p.cells.len(), 3);
        assert!(p
            .cells
            .iter()
            .any(|c| c.column == "commercial" && c.value.is_null()));
        assert!(p.has_errors());
        let json: Value = serde_json::from_str(&p.json_text).unwrap();
        assert_eq!(json["source"]["path"], "dir/a.docx");
        assert_eq!(json["source"]["sha256"], "abc");
        assert_eq!(p.sections.len(), 1);
    }

    #[test]
    fn value_text_is_faithful() {
        assert_eq!(value_text(&json!(null)), "");
        assert_eq!(value_text(&json!(0)), "0");
        assert_eq!(value_text(&json!(2232.5)), "2232.5");
    }
}
