//! The database schema and its migrations. The schema version is SQLite's
//! `PRAGMA user_version`; each migration moves it up by one inside a
//! transaction, so an interrupted migration leaves the previous version.

use crate::StoreError;
use rusqlite::Connection;

/// Migrations in order; `MIGRATIONS[i]` takes the schema from version `i`
/// to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: the initial schema
    r#"
CREATE TABLE reports (
    num         INTEGER PRIMARY KEY,     -- row number, referenced by the other tables (appends keep writes local)
    id          TEXT NOT NULL UNIQUE,    -- the key: sha256 of the file's bytes (hex); 'unread:' || path if the file could not be read
    path        TEXT NOT NULL,           -- the path as ingested
    format      TEXT,                    -- source.format, or the file extension when unreadable
    agency      TEXT,                    -- meta.agency as printed
    agency_key  TEXT,                    -- normalised agency (docs/store.md)
    year        INTEGER,                 -- meta.year
    edition     TEXT,                    -- meta.format_edition
    status      TEXT NOT NULL CHECK (status IN ('ok', 'errors', 'unreadable')),
    error       TEXT,                    -- why the file is unreadable
    tool_version TEXT NOT NULL,          -- xxgknb version that parsed it
    report_json TEXT                     -- the full MODEL.md object (NULL when unreadable)
);
CREATE INDEX reports_path ON reports(path);
CREATE INDEX reports_agency_year ON reports(agency_key, year);

CREATE TABLE cells (
    report  INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    tbl     TEXT NOT NULL,               -- active | applications | review_litigation
    row     TEXT NOT NULL,               -- MODEL.md row key
    col     TEXT NOT NULL,               -- MODEL.md column key
    value,                               -- INTEGER or REAL as printed; NULL for a blank cell
    source  TEXT,                        -- source position of the cell, where the parser gives one
    PRIMARY KEY (report, tbl, row, col)
) WITHOUT ROWID;

CREATE TABLE findings (
    report     INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,         -- order within the report
    rule       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    message    TEXT NOT NULL,
    location   TEXT,                     -- JSON object
    cross_year INTEGER NOT NULL DEFAULT 0,
    related    INTEGER REFERENCES reports(num) ON DELETE CASCADE,  -- the other year's report
    PRIMARY KEY (report, cross_year, seq)
);
CREATE INDEX findings_related ON findings(related);

CREATE TABLE sections (
    report INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    number INTEGER,
    title  TEXT,
    text   TEXT,
    PRIMARY KEY (report, seq)
);

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT
);
INSERT INTO store_meta(key, value) VALUES ('cross_year_stale', '1');
"#,
    // 2: every path a report's bytes were found at (the same bytes at a
    // second path are one report with two paths)
    r#"
CREATE TABLE report_paths (
    path   TEXT PRIMARY KEY,             -- a path as ingested
    report INTEGER NOT NULL REFERENCES reports(num) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX report_paths_report ON report_paths(report);
INSERT OR IGNORE INTO report_paths(path, report) SELECT path, num FROM reports;
"#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Bring the database up to [`SCHEMA_VERSION`]. Refuses a database written
/// by a newer build.
///
/// The version is read and the missing migrations run inside one exclusive
/// transaction: two processes opening a new database at once do not both
/// create the tables (the second waits on the busy timeout, then finds the
/// schema current and does nothing).
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current == SCHEMA_VERSION {
        return Ok(()); // the common case: no write lock taken
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
    let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
    }
    tx.commit()?;
    Ok(())
}
