//! Cross-year rules over the whole store: the cells the rules read are
//! loaded from SQLite per report and handed to core's
//! `xxgknb_core::validate::cross_year`, which holds the rules
//! (`CARRY_MISMATCH`, `IN_FORCE_CHAIN`) for the store and `xxgknb check`
//! alike.

use crate::StoreError;
use rusqlite::Connection;
use xxgknb_core::validate::cross_year::{self, YearFacts};
use xxgknb_core::Finding;

/// A cross-year finding and the reports it concerns (store ids).
#[derive(Debug, Clone)]
pub struct CrossFinding {
    /// The later year's report (the finding belongs to it).
    pub report: String,
    /// The earlier year's report the message compares with.
    pub related: String,
    /// The finding, in MODEL.md shape.
    pub finding: Finding,
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
    // the rules pair reports of one agency only: the facts are loaded and
    // checked one agency at a time (rows come ordered by agency), so memory
    // holds one agency's years, not the whole store's
    let mut out = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut facts: Vec<YearFacts> = Vec::new();
    let mut agency: Option<String> = None;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if ids.last() != Some(&id) {
            let key: String = row.get(2)?;
            if agency.as_deref() != Some(key.as_str()) {
                check_group(&ids, &facts, &mut out);
                ids.clear();
                facts.clear();
                agency = Some(key.clone());
            }
            let year: i64 = row.get(3)?;
            let Ok(year) = i32::try_from(year) else {
                continue;
            };
            let path: String = row.get(1)?;
            facts.push(YearFacts::with_key(key, year, &path));
            ids.push(id);
        }
        let value = match row.get_ref(7)? {
            rusqlite::types::ValueRef::Integer(i) => Some(i as f64),
            rusqlite::types::ValueRef::Real(f) => Some(f),
            _ => None,
        };
        let (table, r, col): (String, String, String) = (row.get(4)?, row.get(5)?, row.get(6)?);
        if let Some(f) = facts.last_mut() {
            f.set(&table, &r, &col, value);
        }
    }
    check_group(&ids, &facts, &mut out);
    Ok(out)
}

/// Run the rules over one agency's reports.
fn check_group(ids: &[String], facts: &[YearFacts], out: &mut Vec<CrossFinding>) {
    if facts.len() < 2 {
        return;
    }
    let id = |i: usize| ids.get(i).cloned().unwrap_or_default();
    out.extend(cross_year::check(facts).into_iter().map(|f| CrossFinding {
        report: id(f.report),
        related: id(f.related),
        finding: f.finding,
    }));
}
