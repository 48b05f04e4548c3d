//! Cross-year rules (MODEL.md): `CARRY_MISMATCH` and `IN_FORCE_CHAIN`,
//! between the reports of one agency (by [`agency::normalise`]d name) for
//! consecutive years. A finding belongs to the later year's report.
//!
//! When a year has several reports (the same report in several formats, or
//! a reissued one), a value of the later report is checked against every
//! report of the year before and flagged only if it agrees with none of
//! them; the message names the first of them (by path).
//!
//! The rules read [`YearFacts`], built from a [`Report`] or by a store from
//! its rows, so the same code serves `xxgknb check` over files and the
//! SQLite store over a whole dataset.

use super::{finding, fmt_num as num};
use crate::agency;
use crate::keys::{
    column_name, row_name, ACTIVE_FIELDS, ACTIVE_ROWS, APPLICATION_COLUMNS, APPLICATION_ROWS,
};
use crate::model::{Finding, Num, PreviousCell, Report};
use crate::rules::{self, Rule};

/// Rows of the active table that have an `in_force` chain (2021 edition).
const IN_FORCE_ROWS: &[&str] = &["rules", "normative_documents"];

/// Which cells the rules read: (table, row, column).
pub fn is_cross_year_cell(table: &str, row: &str, col: &str) -> bool {
    (table == "applications" && (row == "carried_over" || row == "carried_forward"))
        || (table == "active" && matches!(col, "in_force" | "issued" | "repealed"))
}

/// The cells the rules need, of one report. A cell present with `None` is
/// a blank cell (taken as 0); an absent cell is one the report lacks.
#[derive(Debug, Clone, Default)]
pub struct YearFacts {
    /// Normalised agency name: reports pair only within one key.
    pub agency_key: String,
    /// The year the report covers.
    pub year: i32,
    /// The report's file, named in messages.
    pub path: String,
    /// The cells the rules read, by their place in core's key lists (a
    /// store's whole dataset of facts is held one agency at a time, and an
    /// agency may have thousands of copies of its reports: a few bytes a
    /// cell, not three strings).
    cells: Vec<(CellKey, Option<f64>)>,
}

/// A cell the rules read: table (0 active, 1 applications), row and column
/// as indices into [`ACTIVE_ROWS`]/[`APPLICATION_ROWS`] and
/// [`ACTIVE_FIELDS`]/[`APPLICATION_COLUMNS`].
type CellKey = (u8, u8, u8);

/// The key of a cell the rules read; `None` for any other cell.
fn cell_key(table: &str, row: &str, col: &str) -> Option<CellKey> {
    if !is_cross_year_cell(table, row, col) {
        return None;
    }
    let (t, rows, cols) = match table {
        "active" => (0, ACTIVE_ROWS, ACTIVE_FIELDS),
        _ => (1, APPLICATION_ROWS, APPLICATION_COLUMNS),
    };
    let at = |list: &[&str], key: &str| list.iter().position(|k| *k == key)?.try_into().ok();
    Some((t, at(rows, row)?, at(cols, col)?))
}

impl YearFacts {
    /// Facts of a report of `agency` (as printed; normalised here) for
    /// `year`, with no cells yet.
    pub fn new(agency: &str, year: i32, path: &str) -> Self {
        Self::with_key(agency::normalise(agency), year, path)
    }

    /// Facts with an already normalised agency key.
    pub fn with_key(agency_key: String, year: i32, path: &str) -> Self {
        YearFacts {
            agency_key,
            year,
            path: path.to_string(),
            cells: Vec::new(),
        }
    }

    /// Record a cell (`None` for a blank); cells the rules do not read are
    /// ignored.
    pub fn set(&mut self, table: &str, row: &str, col: &str, value: Option<f64>) {
        let Some(key) = cell_key(table, row, col) else {
            return;
        };
        match self.cells.iter_mut().find(|(k, _)| *k == key) {
            Some(cell) => cell.1 = value,
            None => self.cells.push((key, value)),
        }
    }

    /// The facts of a parsed report; `None` when its agency or year is
    /// unknown (it cannot be paired).
    pub fn from_report(report: &Report) -> Option<Self> {
        let agency = report.meta.agency.as_deref()?;
        let year = report.meta.year?;
        let mut facts = YearFacts::new(agency, year, &report.source.path);
        let tables = [
            ("active", &report.tables.active),
            ("applications", &report.tables.applications),
        ];
        for (name, table) in tables {
            let Some(table) = table else { continue };
            for (row, cells) in &table.0 {
                for (col, value) in &cells.0 {
                    facts.set(name, row, col, value.map(|n| n.0));
                }
            }
        }
        Some(facts)
    }

    /// The value of a cell, blank as 0; `None` if the report lacks the cell.
    fn get(&self, table: &str, row: &str, col: &str) -> Option<f64> {
        let key = cell_key(table, row, col)?;
        self.cells
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.unwrap_or(0.0))
    }
}

/// A cross-year finding: the index (into the slice given to [`check`]) of
/// the report it belongs to and of the report it compares with.
#[derive(Debug, Clone)]
pub struct CrossFinding {
    /// The later year's report.
    pub report: usize,
    /// The earlier year's report the message names.
    pub related: usize,
    /// The finding; its location names this year's cell, and
    /// `location.previous` the other year's.
    pub finding: Finding,
}

/// A report with its index in the slice given to [`check`].
type Indexed<'a> = (usize, &'a YearFacts);

/// Every cross-year finding among `reports`, in a stable order (agency,
/// year, path).
pub fn check(reports: &[YearFacts]) -> Vec<CrossFinding> {
    let mut order: Vec<Indexed> = reports.iter().enumerate().collect();
    order.sort_by(|(a, x), (b, y)| {
        (&x.agency_key, x.year, &x.path, a).cmp(&(&y.agency_key, y.year, &y.path, b))
    });
    let mut out = Vec::new();
    // sorted by agency and year, the reports of one agency's year before
    // are one run of `order`: found by bisection, not by a scan per report
    // (an agency may have thousands of copies of its reports in a store)
    for &this in &order {
        let before = (this.1.agency_key.as_str(), this.1.year - 1);
        let start = order.partition_point(|p| agency_year(p) < before);
        let end = order.partition_point(|p| agency_year(p) <= before);
        let Some(prev) = order.get(start..end).filter(|p| !p.is_empty()) else {
            continue;
        };
        carry(this, prev, &mut out);
        in_force(this, prev, &mut out);
    }
    out
}

/// What [`check`] orders reports by first.
fn agency_year<'a>((_, f): &Indexed<'a>) -> (&'a str, i32) {
    (f.agency_key.as_str(), f.year)
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

/// The reports of the year before that have the cell, with its value.
fn before<'a>(prev: &[Indexed<'a>], table: &str, row: &str, col: &str) -> Vec<(Indexed<'a>, f64)> {
    prev.iter()
        .filter_map(|&p| p.1.get(table, row, col).map(|v| (p, v)))
        .collect()
}

fn cross_finding(
    rule: &Rule,
    message: String,
    (this, related): (usize, usize),
    (table, row, col): (&str, &str, &str),
    previous: PreviousCell,
) -> CrossFinding {
    let mut finding = finding(rule, message, Some(table), Some(row), Some(col), None);
    finding.location.previous = Some(previous);
    CrossFinding {
        report: this,
        related,
        finding,
    }
}

/// CARRY_MISMATCH: this year's carried_over ≠ last year's carried_forward.
fn carry((this, t): Indexed, prev: &[Indexed], out: &mut Vec<CrossFinding>) {
    for col in APPLICATION_COLUMNS {
        let Some(now) = t.get("applications", "carried_over", col) else {
            continue;
        };
        let before = before(prev, "applications", "carried_forward", col);
        let Some(&((first, f), was)) = before.first() else {
            continue;
        };
        if before.iter().any(|(_, v)| same(*v, now)) {
            continue;
        }
        let message = format!(
            "{y}年度报告上年结转政府信息公开申请数量（{label}）为{n}，但{py}年度报告（{pp}）结转下年度继续办理为{w}",
            y = t.year,
            label = column_name(col),
            n = num(now),
            py = f.year,
            pp = f.path,
            w = num(was),
        );
        out.push(cross_finding(
            &rules::CARRY_MISMATCH,
            message,
            (this, first),
            ("applications", "carried_over", col),
            PreviousCell {
                path: f.path.clone(),
                year: f.year,
                row: "carried_forward".into(),
                value: Num(was),
            },
        ));
    }
}

/// IN_FORCE_CHAIN: last year's in_force + issued − repealed ≠ this year's
/// in_force (2021-edition rows on both sides).
fn in_force((this, t): Indexed, prev: &[Indexed], out: &mut Vec<CrossFinding>) {
    for row in IN_FORCE_ROWS {
        let (Some(now), Some(issued), Some(repealed)) = (
            t.get("active", row, "in_force"),
            t.get("active", row, "issued"),
            t.get("active", row, "repealed"),
        ) else {
            continue;
        };
        let before = before(prev, "active", row, "in_force");
        let Some(&((first, f), was)) = before.first() else {
            continue;
        };
        if before
            .iter()
            .any(|(_, v)| same(*v + issued - repealed, now))
        {
            continue;
        }
        let expected = was + issued - repealed;
        let message = format!(
            "{label}：{py}年度报告（{pp}）现行有效件数{w} + {y}年本年制发{i} − 本年废止{r} = {e}，但{y}年度报告现行有效件数为{n}（相差{d}）",
            label = row_name(row),
            py = f.year,
            pp = f.path,
            w = num(was),
            y = t.year,
            i = num(issued),
            r = num(repealed),
            e = num(expected),
            n = num(now),
            d = num(now - expected),
        );
        out.push(cross_finding(
            &rules::IN_FORCE_CHAIN,
            message,
            (this, first),
            ("active", row, "in_force"),
            PreviousCell {
                path: f.path.clone(),
                year: f.year,
                row: (*row).into(),
                value: Num(was),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn facts(agency: &str, year: i32, carried_over: f64, carried_forward: f64) -> YearFacts {
        let mut f = YearFacts::new(agency, year, &format!("{year}.txt"));
        for (col, over, forward) in [
            ("natural_person", carried_over, carried_forward),
            ("total", carried_over, carried_forward),
        ] {
            f.set("applications", "carried_over", col, Some(over));
            f.set("applications", "carried_forward", col, Some(forward));
        }
        let in_force = 10.0 + f64::from(year - 2020);
        f.set("active", "normative_documents", "issued", Some(1.0));
        f.set("active", "normative_documents", "repealed", Some(0.0));
        f.set("active", "normative_documents", "in_force", Some(in_force));
        f
    }

    fn rules(found: &[CrossFinding]) -> Vec<(usize, &str)> {
        found
            .iter()
            .map(|f| (f.report, f.finding.rule.as_str()))
            .collect()
    }

    #[test]
    fn consecutive_consistent_years_give_nothing() {
        // 2021 carries 2 forward; 2022 says 2 carried over; in_force 11 + 1 = 12
        let ok = check(&[
            facts("互助县", 2021, 0.0, 2.0),
            facts("海东市互助县", 2022, 2.0, 0.0),
        ]);
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn a_carry_mismatch_belongs_to_the_later_year_and_names_the_earlier() {
        let broken = check(&[
            facts("互助县", 2022, 2.0, 0.0),
            facts("互助土族自治县人民政府", 2023, 5.0, 0.0),
        ]);
        assert_eq!(
            rules(&broken),
            [(1, "CARRY_MISMATCH"), (1, "CARRY_MISMATCH")]
        );
        let f = &broken[0].finding;
        assert_eq!(f.severity, Severity::Error);
        assert!(f.message.contains("（2022.txt）"), "{}", f.message);
        assert_eq!(broken[0].related, 0);
        let prev = f.location.previous.as_ref().map(|p| (p.year, p.value.0));
        assert_eq!(prev, Some((2022, 0.0)));
    }

    #[test]
    fn a_broken_in_force_chain_is_a_warning() {
        let mut later = facts("互助县", 2023, 0.0, 0.0);
        later.set("active", "normative_documents", "in_force", Some(20.0));
        let found = check(&[facts("互助县", 2022, 0.0, 0.0), later]);
        assert_eq!(rules(&found), [(1, "IN_FORCE_CHAIN")]);
        assert_eq!(found[0].finding.severity, Severity::Warning);
        assert!(found[0].finding.message.contains("相差7"), "{:?}", found[0]);
    }

    #[test]
    fn duplicates_and_other_agencies_do_not_pair() {
        // the same report twice is not a pair with itself
        let twice = check(&[
            facts("互助县", 2023, 5.0, 0.0),
            facts("互助县", 2023, 5.0, 0.0),
            facts("互助县", 2022, 0.0, 0.0),
        ]);
        let owners: Vec<usize> = twice.iter().map(|f| f.report).collect();
        assert_eq!(owners, [0, 0, 1, 1]);
        // another agency never pairs
        let other = check(&[
            facts("互助县", 2022, 2.0, 0.0),
            facts("互助县人民政府办公室", 2023, 5.0, 0.0),
        ]);
        assert!(other.is_empty(), "{other:?}");
    }

    #[test]
    fn a_value_matching_any_report_of_the_year_before_is_accepted() {
        let found = check(&[
            facts("互助县", 2022, 0.0, 3.0),
            facts("互助县", 2022, 0.0, 5.0),
            facts("互助县", 2023, 5.0, 0.0),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }
}
