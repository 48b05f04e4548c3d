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
    let mut ids: Vec<String> = Vec::new();
    let mut facts: Vec<YearFacts> = Vec::new();
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        if ids.last() != Some(&id) {
            let year: i64 = row.get(3)?;
            let Ok(year) = i32::try_from(year) else {
                continue;
            };
            let path: String = row.get(1)?;
            facts.push(YearFacts::with_key(row.get(2)?, year, &path));
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
    let id = |i: usize| ids.get(i).cloned().unwrap_or_default();
    Ok(cross_year::check(&facts)
        .into_iter()
        .map(|f| CrossFinding {
            report: id(f.report),
            related: id(f.related),
            finding: f.finding,
        })
        .collect())
}
