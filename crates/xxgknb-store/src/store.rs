//! The SQLite store: opening, writing one report per transaction, and
//! reading reports back.

use crate::record::{CellRow, Parsed};
use crate::{schema, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use xxgknb_core::{Finding, Severity};

/// What the store holds for one file: the report or why it is unreadable.
#[derive(Debug, Clone)]
pub enum Entry {
    /// The file was parsed.
    Parsed(Box<Parsed>),
    /// The file could not be read or parsed; the error text.
    Unreadable {
        /// Format guessed from the extension, if any.
        format: Option<String>,
        /// The error, as a message.
        error: String,
    },
}

/// A report as stored, for export and the cross-year rules.
#[derive(Debug, Clone)]
pub struct StoredReport {
    /// sha256 key.
    pub id: String,
    /// Path as ingested.
    pub path: String,
    /// Source format.
    pub format: Option<String>,
    /// Agency as printed.
    pub agency: Option<String>,
    /// Normalised agency.
    pub agency_key: Option<String>,
    /// Year covered.
    pub year: Option<i64>,
    /// `meta.format_edition` (`2019` or `2021`).
    pub edition: Option<String>,
    /// `ok`, `errors` or `unreadable`.
    pub status: String,
    /// Error text when unreadable.
    pub error: Option<String>,
    /// How many paths the report's bytes were found at.
    pub copies: i64,
    /// Findings of severity `error` (single-report).
    pub error_findings: i64,
    /// Cells with a value (not blank).
    pub filled_cells: i64,
}

/// A finding as stored: core's [`Finding`] with its order and, for a
/// cross-year finding, the other year's report.
#[derive(Debug, Clone)]
pub struct StoredFinding {
    /// Order within the report (per kind).
    pub seq: i64,
    /// The finding.
    pub finding: Finding,
    /// A cross-year finding?
    pub cross_year: bool,
    /// For a cross-year finding: the other year's report id.
    pub related: Option<String>,
}

/// Row counts of a store, by status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Reports parsed with no error finding.
    pub ok: u64,
    /// Reports parsed with at least one error finding.
    pub errors: u64,
    /// Files that could not be read or parsed.
    pub unreadable: u64,
    /// Table cells.
    pub cells: u64,
    /// Findings (single-report and cross-year).
    pub findings: u64,
    /// Sections.
    pub sections: u64,
}

/// Selection of reports by normalised agency and year range.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// Normalised agency keys to keep (empty: all).
    pub agencies: Vec<String>,
    /// First year kept.
    pub year_from: Option<i64>,
    /// Last year kept.
    pub year_to: Option<i64>,
}

impl Filter {
    /// Does a report pass the filter?
    pub fn accepts(&self, r: &StoredReport) -> bool {
        if !self.agencies.is_empty() {
            match &r.agency_key {
                Some(k) if self.agencies.iter().any(|a| a == k) => {}
                _ => return false,
            }
        }
        if self.year_from.is_some() || self.year_to.is_some() {
            let Some(y) = r.year else { return false };
            if self.year_from.is_some_and(|f| y < f) || self.year_to.is_some_and(|t| y > t) {
                return false;
            }
        }
        true
    }
}

/// How long a connection waits for another process's transaction.
pub const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

/// Whether `e` is SQLite's "database is locked" (busy) answer.
fn is_busy(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
}

/// Run `f` again while SQLite answers busy, for up to [`BUSY_TIMEOUT`]: for
/// a statement the busy handler does not cover (the journal-mode switch of
/// a database another process is creating).
fn while_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(e) if is_busy(&e) && start.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            other => return other,
        }
    }
}

/// An open store.
pub struct Store {
    pub(crate) conn: Connection,
}

impl Store {
    /// Open (creating if needed) the store at `path` and migrate it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// A store in memory (tests).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store, StoreError> {
        // another process's transaction is waited for, not an error: a writer
        // holds the lock for one report (milliseconds) or one cross-year
        // refresh (seconds on a national year)
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL: a killed writer never corrupts; NORMAL is durable at checkpoints
        // and always consistent, which is what a rerunnable batch needs.
        // Switching a new database to WAL takes its exclusive lock, and SQLite
        // answers "busy" without calling the busy handler when another
        // process is opening the same new file: wait for it here.
        let _mode: String =
            while_busy(|| conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0)))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // fewer, larger checkpoints: fewer fsyncs, and pages rewritten by
        // many small transactions are copied back to the database once
        conn.pragma_update(None, "wal_autocheckpoint", 10000)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        schema::migrate(&mut conn)?;
        Ok(Store { conn })
    }

    /// The underlying connection, for ad-hoc queries.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The distinct normalised agencies of the stored reports.
    pub fn agency_keys(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT agency_key FROM reports WHERE agency_key IS NOT NULL ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The tool version that stored the report `id`, if it is stored.
    pub fn stored_version(&self, id: &str) -> Result<Option<String>, StoreError> {
        stored_version(&self.conn, id)
    }

    /// The id of the report stored under `path`, if any.
    pub fn report_at(&self, path: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT r.id FROM report_paths p JOIN reports r ON r.num = p.report
                 WHERE p.path = ?1",
            )?
            .query_row([path], |r| r.get(0))
            .optional()?)
    }

    /// The database file (`None` for a store in memory).
    pub fn file(&self) -> Option<std::path::PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from)
    }

    /// Write one file's entry in a single (immediate) transaction. What
    /// `path` held before, if it was another report, is detached from it (and
    /// that report removed when no path is left to it). If the store already
    /// holds the report `id` written by `tool_version` (another process may
    /// have written it since this batch started) and `force` is false, only
    /// the path is recorded. Otherwise any earlier rows of `id` are replaced,
    /// keeping every path recorded for it.
    pub fn write(
        &mut self,
        id: &str,
        path: &str,
        entry: &Entry,
        tool_version: &str,
        force: bool,
    ) -> Result<Written, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let replaced = detach_path(&tx, path, id)?;
        let existing: Option<(i64, String, String)> = tx
            .prepare_cached("SELECT num, tool_version, path FROM reports WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let mut paths: Vec<String> = Vec::new();
        let mut primary = path.to_string();
        if let Some((num, version, first)) = existing {
            if version == tool_version && !force {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO report_paths (path, report) VALUES (?1, ?2)",
                )?
                .execute(params![path, num])?;
                mark_stale(&tx)?;
                tx.commit()?;
                return Ok(Written::AlreadyStored { replaced });
            }
            let mut stmt = tx.prepare_cached("SELECT path FROM report_paths WHERE report = ?1")?;
            let rows = stmt.query_map([num], |r| r.get::<_, String>(0))?;
            for p in rows {
                paths.push(p?);
            }
            drop(stmt);
            primary = first;
            tx.prepare_cached("DELETE FROM reports WHERE num = ?1")?
                .execute([num])?;
        }
        if !paths.iter().any(|p| p == path) {
            paths.push(path.to_string());
        }
        let num = insert_entry(&tx, id, &primary, entry, tool_version)?;
        {
            let mut ins = tx.prepare_cached(
                "INSERT OR REPLACE INTO report_paths (path, report) VALUES (?1, ?2)",
            )?;
            for p in &paths {
                ins.execute(params![p, num])?;
            }
        }
        mark_stale(&tx)?;
        tx.commit()?;
        Ok(Written::Stored { replaced })
    }

    /// Record that `path` holds the bytes of the stored report `id` (a copy
    /// found at a second path, or a file changed into a copy of another):
    /// what the path held before is detached. One transaction; returns
    /// whether the path held another report before.
    pub fn record_path(&mut self, path: &str, id: &str) -> Result<bool, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let replaced = detach_path(&tx, path, id)?;
        let n = tx
            .prepare_cached(
                "INSERT OR IGNORE INTO report_paths (path, report)
                 SELECT ?1, num FROM reports WHERE id = ?2",
            )?
            .execute(params![path, id])?;
        if replaced || n > 0 {
            mark_stale(&tx)?;
        }
        tx.commit()?;
        Ok(replaced)
    }

    /// Every path recorded for a report, sorted.
    pub fn paths(&self, id: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.path FROM report_paths p JOIN reports r ON r.num = p.report
             WHERE r.id = ?1 ORDER BY p.path",
        )?;
        let rows = stmt.query_map([id], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Forget the stored paths that `gone` says are gone (`ingest --prune`):
    /// each is detached from its report, and a report left with no path is
    /// removed. One transaction; returns how many paths were forgotten.
    pub fn prune(&mut self, gone: &dyn Fn(&str) -> bool) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let all: Vec<String> = {
            let mut stmt = tx.prepare("SELECT path FROM report_paths")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let mut n = 0;
        for p in all.iter().filter(|p| gone(p)) {
            detach_path(&tx, p, "")?;
            n += 1;
        }
        if n > 0 {
            mark_stale(&tx)?;
        }
        tx.commit()?;
        Ok(n)
    }

    /// Counts of reports by status and of the other tables.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        let n = |sql: &str| -> Result<u64, StoreError> {
            Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        Ok(Counts {
            ok: n("SELECT count(*) FROM reports WHERE status = 'ok'")?,
            errors: n("SELECT count(*) FROM reports WHERE status = 'errors'")?,
            unreadable: n("SELECT count(*) FROM reports WHERE status = 'unreadable'")?,
            cells: n("SELECT count(*) FROM cells")?,
            findings: n("SELECT count(*) FROM findings")?,
            sections: n("SELECT count(*) FROM sections")?,
        })
    }

    /// Reports passing `filter`, in export order: normalised agency, year,
    /// path, id (reports without an agency last).
    pub fn reports(&self, filter: &Filter) -> Result<Vec<StoredReport>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, path, format, agency, agency_key, year, status, error, edition,
                    (SELECT count(*) FROM report_paths p WHERE p.report = r.num),
                    (SELECT count(*) FROM findings f
                      WHERE f.report = r.num AND f.cross_year = 0 AND f.severity = 'error'),
                    (SELECT count(value) FROM cells c WHERE c.report = r.num)
             FROM reports r
             ORDER BY agency_key IS NULL, agency_key, year IS NULL, year, path, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredReport {
                id: r.get(0)?,
                path: r.get(1)?,
                format: r.get(2)?,
                agency: r.get(3)?,
                agency_key: r.get(4)?,
                year: r.get(5)?,
                status: r.get(6)?,
                error: r.get(7)?,
                edition: r.get(8)?,
                copies: r.get(9)?,
                error_findings: r.get(10)?,
                filled_cells: r.get(11)?,
            })
        })?;
        let mut out = Vec::new();
        for row in rows {
            let r = row?;
            if filter.accepts(&r) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The stored MODEL.md object of a report, if it was parsed.
    pub fn report_json(&self, id: &str) -> Result<Option<Value>, StoreError> {
        let text: Option<String> = self
            .conn
            .query_row("SELECT report_json FROM reports WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .flatten();
        match text {
            Some(t) => Ok(Some(serde_json::from_str(&t)?)),
            None => Ok(None),
        }
    }

    /// The cells of a report, in canonical table/row/column order.
    pub fn cells(&self, id: &str) -> Result<Vec<CellRow>, StoreError> {
        use crate::record::{rank, Key};
        let mut stmt = self.conn.prepare_cached(
            "SELECT tbl, row, col, value, source FROM cells
             WHERE report = (SELECT num FROM reports WHERE id = ?1)",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(CellRow {
                table: r.get(0)?,
                row: r.get(1)?,
                column: r.get(2)?,
                value: json_value(r.get_ref(3)?),
                source: r.get(4)?,
            })
        })?;
        let mut out = rows.collect::<Result<Vec<_>, _>>()?;
        out.sort_by_cached_key(|c| {
            (
                rank(Key::Table, &c.table),
                rank(Key::Row, &c.row),
                rank(Key::Column, &c.column),
            )
        });
        Ok(out)
    }

    /// Findings of a report; `cross_year` selects which kind.
    pub fn findings(&self, id: &str, cross_year: bool) -> Result<Vec<Finding>, StoreError> {
        Ok(self
            .stored_findings(id)?
            .into_iter()
            .filter(|f| f.cross_year == cross_year)
            .map(|f| f.finding)
            .collect())
    }

    /// Findings of a report as stored (single-report ones first, then the
    /// cross-year ones, each kind in order).
    pub fn stored_findings(&self, id: &str) -> Result<Vec<StoredFinding>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.seq, f.rule, f.severity, f.message, f.location, f.cross_year,
                    (SELECT o.id FROM reports o WHERE o.num = f.related)
             FROM findings f
             WHERE f.report = (SELECT num FROM reports WHERE id = ?1)
             ORDER BY f.cross_year, f.seq",
        )?;
        let rows = stmt.query_map([id], |r| {
            let severity: String = r.get(2)?;
            let location: Option<String> = r.get(4)?;
            Ok(StoredFinding {
                seq: r.get(0)?,
                finding: Finding {
                    rule: r.get(1)?,
                    severity: severity_of(&severity),
                    message: r.get(3)?,
                    location: location
                        .and_then(|l| serde_json::from_str(&l).ok())
                        .unwrap_or_default(),
                },
                cross_year: r.get::<_, i64>(5)? != 0,
                related: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Have reports been written since the cross-year findings were last
    /// computed?
    pub fn cross_year_stale(&self) -> Result<bool, StoreError> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM store_meta WHERE key = 'cross_year_stale'",
                [],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        Ok(v.as_deref() != Some("0"))
    }

    /// Recompute the cross-year findings of the whole store (one
    /// transaction). Returns how many findings there are.
    pub fn refresh_cross_year(&mut self) -> Result<usize, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let findings = crate::cross_year::compute(&tx)?;
        tx.execute("DELETE FROM findings WHERE cross_year = 1", [])?;
        {
            let mut ins = tx.prepare(
                "INSERT INTO findings (report, seq, rule, severity, message, location, cross_year, related)
                 VALUES ((SELECT num FROM reports WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, 1,
                         (SELECT num FROM reports WHERE id = ?7))",
            )?;
            let mut seq: HashMap<&str, i64> = HashMap::new();
            for f in &findings {
                let s = seq.entry(f.report.as_str()).or_insert(0);
                ins.execute(params![
                    f.report,
                    *s,
                    f.finding.rule,
                    f.finding.severity.as_str(),
                    f.finding.message,
                    location_text(&f.finding),
                    f.related
                ])?;
                *s += 1;
            }
        }
        tx.execute(
            "UPDATE store_meta SET value = '0' WHERE key = 'cross_year_stale'",
            [],
        )?;
        tx.commit()?;
        Ok(findings.len())
    }
}

/// A read-only connection to a store's database (see [`Reader::open`]).
pub struct Reader {
    conn: Connection,
}

impl Reader {
    /// A read-only connection to the database file `db` (a parser thread's,
    /// to ask whether a file's bytes are stored already).
    pub fn open(db: &Path) -> Result<Reader, StoreError> {
        let conn = Connection::open_with_flags(
            db,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Reader { conn })
    }

    /// The tool version that stored the report `id`, if it is stored.
    pub fn stored_version(&self, id: &str) -> Result<Option<String>, StoreError> {
        stored_version(&self.conn, id)
    }
}

fn stored_version(conn: &Connection, id: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT tool_version FROM reports WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// What [`Store::write`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The report was (re)written.
    Stored {
        /// The path held another report before.
        replaced: bool,
    },
    /// The same report by the same version was already stored (by another
    /// process, say): only the path was recorded.
    AlreadyStored {
        /// The path held another report before.
        replaced: bool,
    },
}

fn mark_stale(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE store_meta SET value = '1' WHERE key = 'cross_year_stale'")?
        .execute([])?;
    Ok(())
}

/// Detach `path` from the report it is recorded for, unless that report
/// is `keep`; a report left with no path is deleted, one whose first path
/// this was gets its smallest remaining path. Returns whether a path was
/// detached.
fn detach_path(tx: &Transaction<'_>, path: &str, keep: &str) -> Result<bool, StoreError> {
    let old: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT r.num, r.id FROM report_paths p JOIN reports r ON r.num = p.report
             WHERE p.path = ?1",
        )?
        .query_row([path], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((num, id)) = old else {
        return Ok(false);
    };
    if id == keep {
        return Ok(false);
    }
    tx.prepare_cached("DELETE FROM report_paths WHERE path = ?1")?
        .execute([path])?;
    let left: Option<String> = tx
        .prepare_cached("SELECT min(path) FROM report_paths WHERE report = ?1")?
        .query_row([num], |r| r.get(0))?;
    match left {
        None => {
            tx.prepare_cached("DELETE FROM reports WHERE num = ?1")?
                .execute([num])?;
        }
        Some(p) => {
            tx.prepare_cached("UPDATE reports SET path = ?1 WHERE num = ?2 AND path = ?3")?
                .execute(params![p, num, path])?;
        }
    }
    Ok(true)
}

/// Insert a report's rows; returns its `num`.
fn insert_entry(
    tx: &Transaction<'_>,
    id: &str,
    path: &str,
    entry: &Entry,
    tool_version: &str,
) -> Result<i64, StoreError> {
    match entry {
        Entry::Unreadable { format, error } => {
            tx.prepare_cached(
                "INSERT INTO reports (id, path, format, status, error, tool_version)
                 VALUES (?1, ?2, ?3, 'unreadable', ?4, ?5)",
            )?
            .execute(params![id, path, format, error, tool_version])?;
            Ok(tx.last_insert_rowid())
        }
        Entry::Parsed(p) => {
            let status = if p.has_errors() { "errors" } else { "ok" };
            tx.prepare_cached(
                "INSERT INTO reports (id, path, format, agency, agency_key, year, edition,
                                      status, tool_version, report_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                id,
                path,
                p.format,
                p.agency,
                p.agency_key,
                p.year,
                p.edition,
                status,
                tool_version,
                p.json_text
            ])?;
            let num = tx.last_insert_rowid();
            let mut ins = tx.prepare_cached(
                "INSERT OR REPLACE INTO cells (report, tbl, row, col, value, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &p.cells {
                ins.execute(params![
                    num,
                    c.table,
                    c.row,
                    c.column,
                    sql_value(&c.value),
                    c.source
                ])?;
            }
            let mut ins = tx.prepare_cached(
                "INSERT INTO findings (report, seq, rule, severity, message, location)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (i, f) in p.findings.iter().enumerate() {
                ins.execute(params![
                    num,
                    i as i64,
                    f.rule,
                    f.severity.as_str(),
                    f.message,
                    location_text(f)
                ])?;
            }
            let mut ins = tx.prepare_cached(
                "INSERT INTO sections (report, seq, number, title, text)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (i, s) in p.sections.iter().enumerate() {
                ins.execute(params![num, i as i64, s.number, s.title, s.text])?;
            }
            Ok(num)
        }
    }
}

/// A finding's location as stored (JSON text).
pub(crate) fn location_text(f: &Finding) -> Option<String> {
    serde_json::to_string(&f.location).ok()
}

/// A stored severity; an unknown word (a newer writer's) reads as info.
fn severity_of(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        _ => Severity::Info,
    }
}

/// A JSON number as an SQLite value (integers stay integers).
fn sql_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as S;
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => S::Integer(i),
            (None, Some(f)) => S::Real(f),
            _ => S::Text(n.to_string()),
        },
        Value::Null => S::Null,
        other => S::Text(other.to_string()),
    }
}

/// An SQLite value as JSON.
pub(crate) fn json_value(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef as R;
    match v {
        R::Null => Value::Null,
        R::Integer(i) => Value::from(i),
        R::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        R::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        R::Blob(_) => Value::Null,
    }
}
