//! The applications table (收到和处理政府信息公开申请情况): from real grids
//! by header-driven column mapping, and from flattened text by following
//! row labels and runs of numbers.

use super::labels::{APPLICATION_COLUMNS, APPLICATION_ROWS};
use super::rows::Item;
use super::Extracted;
use crate::document::{Placement, SourcePos};
use crate::model::{Num, OrderedMap, Row, TableData};
use std::collections::{BTreeSet, HashMap};

mod grid;
mod text;

pub(crate) use grid::{is_applications_grid, read_grid};
pub(crate) use text::read_text;

/// Collects values for the applications table.
#[derive(Default)]
pub(crate) struct Builder {
    /// The values came with column positions (layout text).
    positioned: bool,
    values: HashMap<&'static str, [Option<(f64, SourcePos)>; 7]>,
    /// Row keys whose labels were seen after the header.
    seen: BTreeSet<&'static str>,
    /// Data rows found (with or without values).
    rows_found: usize,
    /// Most values (numbers and blank markers) in one run of flattened text.
    longest_run: usize,
    /// Rows of flattened text without column positions whose values are
    /// fewer than the columns and, placed in order, do not add up across:
    /// which cells they belong to is unknown.
    unplaceable: usize,
    /// Labels as printed, for the nonstandard-label check.
    pub labels: Vec<(String, SourcePos)>,
    /// What the fuzzy label matcher saw (see
    /// [`labels::fuzzy_application_row_noted`]).
    facts: Vec<super::Fact>,
    /// Values read but not placed: row, the columns they may belong to
    /// (indices into the seven columns), why (Chinese) and where.
    pub unplaced: Vec<Unplaced>,
    /// The numbers of a grid's unlabelled last row, waiting for the label
    /// at the top of the next part (see [`grid::read_grid`]).
    pending: Option<PendingRow>,
}

/// Numbers of a row without its label, each with the column it fell in.
type PendingRow = Vec<(Option<usize>, Item)>;

/// A value that could not be put in one cell.
#[derive(Debug, Clone)]
pub(crate) struct Unplaced {
    /// Row key (empty: a row not recognised).
    pub row: &'static str,
    /// Column indices it may belong to (empty: any).
    pub cols: Vec<usize>,
    /// The value as printed.
    pub text: String,
    /// Why, in Chinese.
    pub why: String,
    /// Where it is.
    pub pos: SourcePos,
    /// Read from a picture with this too low confidence (OCR_UNCERTAIN
    /// rather than CELL_AMBIGUOUS).
    pub ocr: Option<f32>,
}

impl Unplaced {
    /// A scanned value too unsure to use (`u`), at `pos`, of `row` and one
    /// of `cols` (empty: any).
    pub(crate) fn unsure(
        row: &'static str,
        cols: Vec<usize>,
        u: &crate::document::UncertainRead,
        pos: &SourcePos,
    ) -> Self {
        Unplaced {
            row,
            cols,
            text: u.text.clone(),
            why: format!("扫描件识别置信度 {:.0} 过低", u.confidence),
            pos: pos.clone(),
            ocr: Some(u.confidence),
        }
    }

    /// What was seen (an unsure reading, or a value between cells) into
    /// `facts`, and the cells it leaves unchecked.
    fn record(&self, facts: &mut Vec<super::Fact>) -> super::UnplacedCell {
        let columns: Vec<&'static str> = self
            .cols
            .iter()
            .filter_map(|c| APPLICATION_COLUMNS.get(*c).copied())
            .collect();
        facts.push(match self.ocr {
            Some(confidence) => super::Fact::OcrUncertain {
                table: "applications",
                row: Some(self.row).filter(|r| !r.is_empty()),
                column: columns.first().copied(),
                text: self.text.clone(),
                confidence,
                pos: self.pos.clone(),
            },
            None => super::Fact::CellAmbiguous {
                table: "applications",
                row: self.row,
                columns: columns.clone(),
                text: self.text.clone(),
                why: self.why.clone(),
                pos: self.pos.clone(),
            },
        });
        super::UnplacedCell {
            table: "applications",
            row: self.row,
            columns,
            why: self.why.clone(),
        }
    }
}

impl Builder {
    fn set(&mut self, row: &'static str, col: usize, item: &Item, how: Placement) {
        if let Some(u) = &item.uncertain {
            // a scanned value too unsure to use: its cell is known, its
            // value is not
            self.unplaced
                .push(Unplaced::unsure(row, vec![col], u, &item.pos));
            return;
        }
        let Some(v) = item.value.number() else {
            return;
        };
        let slot = self.values.entry(row).or_default();
        let Some(s) = slot.get_mut(col) else {
            return;
        };
        match s {
            None => {
                let mut pos = item.pos.clone();
                pos.placement = Some(how);
                *s = Some((v, pos));
            }
            // a second, different value for a cell already filled (a
            // label read twice, e.g. the tail of a wrapped label taken for
            // the next row's): its row is unknown, so it is not placed and
            // the sums across rows are not checked
            Some((old, _)) if (*old - v).abs() > 1e-9 => self.unplaced.push(Unplaced {
                row: "",
                cols: Vec::new(),
                text: item.text.clone(),
                why: format!(
                    "{} 已有数值，此数值所在行未能确定",
                    crate::keys::row_name(row)
                ),
                pos: item.pos.clone(),
                ocr: None,
            }),
            Some(_) => {}
        }
    }

    fn saw(&mut self, row: &'static str) {
        self.seen.insert(row);
        self.rows_found += 1;
    }

    /// Was anything found?
    pub fn found(&self) -> bool {
        self.rows_found >= 2
    }

    /// For a table read from flattened text: when most rows that carry
    /// numbers do not add up across (总计 ≠ the six applicant columns), the
    /// text lost the table's layout (e.g. `pdftotext` without `-layout`
    /// writes columns one after another) and the numbers cannot be placed.
    /// Returns what showed it, in Chinese, for the finding.
    pub fn layout_lost(&self) -> Option<String> {
        let mut with_numbers = 0;
        let mut holding = 0;
        for vals in self.values.values() {
            let nums: Vec<f64> = vals
                .iter()
                .map(|v| v.as_ref().map_or(0.0, |(n, _)| *n))
                .collect();
            if vals.iter().all(Option::is_none) {
                continue;
            }
            with_numbers += 1;
            let sum: f64 = nums.iter().take(6).sum();
            if nums.get(6).is_some_and(|t| (t - sum).abs() < 1e-6) {
                holding += 1;
            }
        }
        // flattened text: a row has seven values at most; layout text may
        // carry a row number or an unlabelled column besides
        let run_limit = if self.positioned { 9 } else { 7 };
        if self.longest_run > run_limit {
            // more values in one run than a row has columns: a column dump
            return Some(format!(
                "一处连续出现 {} 个数值，多于一行的列数",
                self.longest_run
            ));
        }
        if with_numbers >= 4 && holding * 2 < with_numbers {
            return Some(format!(
                "{with_numbers} 行数字中仅 {holding} 行横向合计自洽"
            ));
        }
        if self.unplaceable >= 2 {
            return Some(format!(
                "{} 行数值少于列数且无列位置可依，按顺序放置时横向合计不自洽",
                self.unplaceable
            ));
        }
        None
    }

    /// Drop every value read (the table stays, blank).
    pub fn forget_values(&mut self) {
        self.values.clear();
        self.unplaced.clear();
    }

    /// Assign a row's value items by count when positions cannot be
    /// trusted: 7 → in order; 8 → an extra column before 总计 is dropped;
    /// fewer → leading applicant columns then 总计.
    fn assign_sequential(&mut self, row: &'static str, vals: &[&Item]) {
        let k = vals.len();
        if k == 0 {
            return;
        }
        if k >= 7 {
            for (c, it) in vals.iter().take(6).enumerate() {
                self.set(row, c, it, Placement::Sequence);
            }
            if let Some(last) = vals.last() {
                self.set(row, 6, last, Placement::Sequence);
            }
            return;
        }
        for (c, it) in vals.iter().take(k - 1).enumerate() {
            self.set(row, c, it, Placement::Sequence);
        }
        if let Some(last) = vals.last() {
            self.set(row, 6, last, Placement::Sequence);
        }
    }

    /// Build the table. `single_other_default` says whether （六）其他处理
    /// is one row when the document shows neither form.
    pub fn finish(mut self, single_other_default: bool) -> Extracted {
        if let Some(pending) = self.pending.take() {
            let items: Vec<&Item> = pending.iter().map(|(_, it)| it).collect();
            orphan_unplaced(&mut self, &items);
        }
        let sub = [
            "other_overdue_correction",
            "other_overdue_fee",
            "other_other",
        ];
        let has_sub = sub.iter().any(|k| self.seen.contains(k));
        let single = if has_sub {
            false
        } else if self.seen.contains("other_handling") {
            true
        } else {
            single_other_default
        };
        let mut data: TableData = OrderedMap::default();
        let mut positions = Vec::new();
        for r in APPLICATION_ROWS.iter() {
            let skip = if single {
                sub.contains(&r.key)
            } else {
                r.key == "other_handling"
            };
            if skip {
                continue;
            }
            let mut row: Row = OrderedMap::default();
            let vals = self.values.get(r.key);
            for (c, col) in APPLICATION_COLUMNS.iter().enumerate() {
                let v = vals.and_then(|v| v.get(c)).and_then(|v| v.as_ref());
                if let Some((_, pos)) = v {
                    positions.push((format!("{}.{}", r.key, col), pos.clone()));
                }
                row.insert(*col, v.map(|(n, _)| Num(*n)));
            }
            data.insert(r.key, row);
        }
        let mut facts = self.facts;
        let unplaced = self.unplaced.iter().map(|u| u.record(&mut facts)).collect();
        Extracted {
            data,
            positions,
            labels: self.labels,
            single_other: single,
            facts,
            unplaced,
        }
    }
}

/// Numbers read in the table that no row label claims (a label printed
/// away from its numbers that matched no row): not placed, recorded under
/// no row (`""`), so that the sums across rows are not checked
/// (SUM_UNVERIFIED) instead of raising an error over a blank of ours.
pub(super) fn orphan_unplaced(b: &mut Builder, nums: &[&Item]) {
    for it in nums.iter().filter(|i| i.is_number()) {
        b.unplaced.push(Unplaced {
            row: "",
            cols: Vec::new(),
            text: it.text.clone(),
            why: "数值所在行的行名未能识别".to_string(),
            pos: it.pos.clone(),
            ocr: None,
        });
    }
}
