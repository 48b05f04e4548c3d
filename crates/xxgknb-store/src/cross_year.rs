//! Cross-year rules over the store (MODEL.md): `CARRY_MISMATCH` and
//! `IN_FORCE_CHAIN`, between the reports of one normalised agency for
//! consecutive years. A finding is attached to the later year's report.
//!
//! When a year has several reports (the same report in several formats, or
//! a reissued one), a value of the later report is checked against every
//! report of the year before and flagged only if it agrees with none of
//! them; the message names the first of them (by path).

use crate::record::FindingRow;
use crate::StoreError;
use rusqlite::Connection;
use serde_json::json;
use std::collections::BTreeMap;

/// A cross-year finding and the reports it concerns.
#[derive(Debug, Clone)]
pub struct CrossFinding {
    /// The later year's report (the finding belongs to it).
    pub report: String,
    /// The earlier year's report the message compares with.
    pub related: String,
    /// The finding, in MODEL.md shape.
    pub finding: FindingRow,
}

/// Applicant columns of the applications table, with their labels.
const APP_COLUMNS: &[(&str, &str)] = &[
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
];

/// Rows of the active table that have an `in_force` chain.
const IN_FORCE_ROWS: &[(&str, &str)] =
    &[("rules", "规章"), ("normative_documents", "行政规范性文件")];

/// The cells the rules need, of one report. A key present with `None` is a
/// blank cell (taken as 0); an absent key is a cell the report lacks.
#[derive(Debug, Default)]
struct Facts {
    id: String,
    path: String,
    year: i64,
    cells: BTreeMap<(String, String, String), Option<f64>>,
}

impl Facts {
    /// The value of a cell, blank as 0; `None` if the report lacks the cell.
    fn get(&self, table: &str, row: &str, col: &str) -> Option<f64> {
        self.cells
            .get(&(table.to_string(), row.to_string(), col.to_string()))
            .map(|v| v.unwrap_or(0.0))
    }
}

/// A number as printed in a message: integers without decimals.
fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// A number as JSON: an integer when whole.
fn num_json(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// Compute every cross-year finding of the store, in a stable order.
pub fn compute(conn: &Connection) -> Result<Vec<CrossFinding>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT r.id, r.path, r.agency_key, r.year, c.tbl, c.row, c.col, c.value
         FROM reports r JOIN cells c ON c.report = r.num
         WHERE r.status <> 'unreadable' AND r.agency_key IS NOT NULL AND r.year IS NOT NULL
           AND ((c.tbl = 'applications' AND c.row IN ('carried_over', 'carried_forward'))
             OR (c.tbl = 'active' AND c.col IN ('in_force', 'issued', 'repealed')))
         ORDER BY r.agency_key, r.year, r.path, r.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    let mut agency: Option<String> = None;
    let mut group: Vec<Facts> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let key: String = row.get(2)?;
        if agency.as_deref() != Some(key.as_str()) {
            check_agency(&group, &mut out);
            group.clear();
            agency = Some(key);
        }
        if group.last().is_none_or(|f| f.id != id) {
            group.push(Facts {
                id: id.clone(),
                path: row.get(1)?,
                year: row.get(3)?,
                cells: BTreeMap::new(),
            });
        }
        let value = match row.get_ref(7)? {
            rusqlite::types::ValueRef::Integer(i) => Some(i as f64),
            rusqlite::types::ValueRef::Real(f) => Some(f),
            _ => None,
        };
        if let Some(f) = group.last_mut() {
            f.cells
                .insert((row.get(4)?, row.get(5)?, row.get(6)?), value);
        }
    }
    check_agency(&group, &mut out);
    Ok(out)
}

/// Check every report of one agency against the reports of the year before.
fn check_agency(group: &[Facts], out: &mut Vec<CrossFinding>) {
    for this in group {
        let prev: Vec<&Facts> = group.iter().filter(|f| f.year == this.year - 1).collect();
        if prev.is_empty() {
            continue;
        }
        carry(this, &prev, out);
        in_force(this, &prev, out);
    }
}

/// CARRY_MISMATCH: this year's carried_over ≠ last year's carried_forward.
fn carry(this: &Facts, prev: &[&Facts], out: &mut Vec<CrossFinding>) {
    for (col, label) in APP_COLUMNS {
        let Some(now) = this.get("applications", "carried_over", col) else {
            continue;
        };
        let before: Vec<(&Facts, f64)> = prev
            .iter()
            .filter_map(|p| {
                p.get("applications", "carried_forward", col)
                    .map(|v| (*p, v))
            })
            .collect();
        let Some((first, was)) = before.first() else {
            continue;
        };
        if before.iter().any(|(_, v)| same(*v, now)) {
            continue;
        }
        out.push(CrossFinding {
            report: this.id.clone(),
            related: first.id.clone(),
            finding: FindingRow {
                rule: "CARRY_MISMATCH".into(),
                severity: "error".into(),
                message: format!(
                    "{y}年度报告上年结转政府信息公开申请数量（{label}）为{n}，但{py}年度报告（{pp}）结转下年度继续办理为{w}",
                    y = this.year,
                    n = num(now),
                    py = first.year,
                    pp = first.path,
                    w = num(*was),
                ),
                location: Some(json!({
                    "table": "applications",
                    "row": "carried_over",
                    "column": col,
                    "previous": {
                        "path": first.path,
                        "year": first.year,
                        "row": "carried_forward",
                        "value": num_json(*was),
                    },
                })),
            },
        });
    }
}

/// IN_FORCE_CHAIN: last year's in_force + issued − repealed ≠ this year's
/// in_force (2021-edition rows on both sides).
fn in_force(this: &Facts, prev: &[&Facts], out: &mut Vec<CrossFinding>) {
    for (row, label) in IN_FORCE_ROWS {
        let (Some(now), Some(issued), Some(repealed)) = (
            this.get("active", row, "in_force"),
            this.get("active", row, "issued"),
            this.get("active", row, "repealed"),
        ) else {
            continue;
        };
        let before: Vec<(&Facts, f64)> = prev
            .iter()
            .filter_map(|p| p.get("active", row, "in_force").map(|v| (*p, v)))
            .collect();
        let Some((first, was)) = before.first() else {
            continue;
        };
        if before
            .iter()
            .any(|(_, v)| same(*v + issued - repealed, now))
        {
            continue;
        }
        let expected = was + issued - repealed;
        out.push(CrossFinding {
            report: this.id.clone(),
            related: first.id.clone(),
            finding: FindingRow {
                rule: "IN_FORCE_CHAIN".into(),
                severity: "warning".into(),
                message: format!(
                    "{label}：{py}年度报告（{pp}）现行有效件数{w} + {y}年本年制发{i} − 本年废止{r} = {e}，但{y}年度报告现行有效件数为{n}（相差{d}）",
                    py = first.year,
                    pp = first.path,
                    w = num(*was),
                    y = this.year,
                    i = num(issued),
                    r = num(repealed),
                    e = num(expected),
                    n = num(now),
                    d = num(now - expected),
                ),
                location: Some(json!({
                    "table": "active",
                    "row": row,
                    "column": "in_force",
                    "previous": {
                        "path": first.path,
                        "year": first.year,
                        "row": row,
                        "value": num_json(*was),
                    },
                })),
            },
        });
    }
}

/// Cross-year findings among reports held in memory (e.g. the files given
/// to one `xxgknb check`), without a database file: each finding with the
/// index of the report it belongs to, in a stable order.
pub fn for_reports(reports: &[serde_json::Value]) -> Result<Vec<(usize, FindingRow)>, StoreError> {
    let mut store = crate::Store::open_in_memory()?;
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, r) in reports.iter().enumerate() {
        let id = format!("mem:{i}");
        let path = r
            .get("source")
            .and_then(|s| s.get("path"))
            .and_then(serde_json::Value::as_str)
            .map_or_else(|| format!("#{i}"), str::to_string);
        let sha = r
            .get("source")
            .and_then(|s| s.get("sha256"))
            .and_then(serde_json::Value::as_str)
            .unwrap_or("")
            .to_string();
        // the same file given twice must not replace itself
        let path = if used.insert(path.clone()) {
            path
        } else {
            format!("{path} #{}", i + 1)
        };
        let parsed = crate::record::Parsed::from_report(r.clone(), &path, &sha);
        let entry = crate::store::Entry::Parsed(Box::new(parsed));
        store.write(&id, &path, &entry, "")?;
    }
    let found = compute(&store.conn)?;
    Ok(found
        .into_iter()
        .filter_map(|f| {
            let i = f.report.strip_prefix("mem:")?.parse().ok()?;
            Some((i, f.finding))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::for_reports;
    use serde_json::json;

    fn report(
        agency: &str,
        year: i64,
        carried_over: i64,
        carried_forward: i64,
    ) -> serde_json::Value {
        json!({
            "source": {"path": format!("{year}.txt"), "format": "txt", "sha256": ""},
            "meta": {"agency": agency, "year": year},
            "sections": [],
            "tables": {
                "active": {"normative_documents": {"issued": 1, "repealed": 0, "in_force": 10 + year - 2020}},
                "applications": {
                    "carried_over": {"natural_person": carried_over, "total": carried_over},
                    "carried_forward": {"natural_person": carried_forward, "total": carried_forward}
                },
                "review_litigation": null
            },
            "findings": []
        })
    }

    #[test]
    fn in_memory_pairs() {
        // 2021 carries 2 forward; 2022 says 2 carried over: consistent; in_force 11 + 1 = 12
        let ok = for_reports(&[
            report("互助县", 2021, 0, 2),
            report("海东市互助县", 2022, 2, 0),
        ]);
        assert_eq!(ok.map(|v| v.len()).ok(), Some(0));
        // 2023 says 5 carried over, 2022 carried 0 forward; in paths the message names 2022
        let broken = for_reports(&[
            report("互助县", 2022, 2, 0),
            report("互助土族自治县人民政府", 2023, 5, 0),
        ])
        .unwrap_or_default();
        assert_eq!(broken.len(), 2, "{broken:?}");
        assert!(broken
            .iter()
            .all(|(i, f)| *i == 1 && f.rule == "CARRY_MISMATCH"));
        assert!(
            broken[0].1.message.contains("（2022.txt）"),
            "{}",
            broken[0].1.message
        );
        // the same report twice is not a pair, and is not lost
        let twice = for_reports(&[
            report("互助县", 2023, 5, 0),
            report("互助县", 2023, 5, 0),
            report("互助县", 2022, 0, 0),
        ])
        .unwrap_or_default();
        let owners: Vec<usize> = twice.iter().map(|(i, _)| *i).collect();
        assert_eq!(owners, [0, 0, 1, 1]);
        // another agency never pairs
        let other = for_reports(&[
            report("互助县", 2022, 2, 0),
            report("互助县人民政府办公室", 2023, 5, 0),
        ]);
        assert_eq!(other.map(|v| v.len()).ok(), Some(0));
    }
}
