//! The applications table (收到和处理政府信息公开申请情况): from real grids
//! by header-driven column mapping, and from flattened text by following
//! row labels and runs of numbers.

use super::labels::{self, APPLICATION_COLUMNS, APPLICATION_ROWS};
use super::rows::{Item, Line};
use super::Extracted;
use crate::document::{Placement, SourcePos};
use crate::model::{Num, OrderedMap, Row, TableData};
use crate::normalize::Value;
use std::collections::{BTreeSet, HashMap};

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
    /// Findings of the fuzzy label matcher (see
    /// [`labels::fuzzy_application_row_noted`]).
    findings: Vec<crate::model::Finding>,
    /// Values read but not placed: row, the columns they may belong to
    /// (indices into the seven columns), why (Chinese) and where.
    pub unplaced: Vec<Unplaced>,
}

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

impl Builder {
    fn set(&mut self, row: &'static str, col: usize, item: &Item, how: Placement) {
        if let Some(u) = &item.uncertain {
            // a scanned value too unsure to use: its cell is known, its
            // value is not
            self.unplaced.push(Unplaced {
                row,
                cols: vec![col],
                text: u.text.clone(),
                why: format!("扫描件识别置信度 {:.0} 过低", u.confidence),
                pos: item.pos.clone(),
                ocr: Some(u.confidence),
            });
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
    pub fn finish(self, single_other_default: bool) -> Extracted {
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
        let mut findings = self.findings;
        let mut unplaced = Vec::new();
        for u in &self.unplaced {
            let columns: Vec<&'static str> = u
                .cols
                .iter()
                .filter_map(|c| APPLICATION_COLUMNS.get(*c).copied())
                .collect();
            findings.push(match u.ocr {
                Some(conf) => crate::findings::ocr_uncertain_finding(
                    "applications",
                    Some(u.row).filter(|r| !r.is_empty()),
                    columns.first().copied(),
                    &u.text,
                    conf,
                    &u.pos,
                ),
                None => crate::findings::cell_ambiguous_finding(
                    "applications",
                    u.row,
                    &columns,
                    &u.text,
                    &u.why,
                    &u.pos,
                ),
            });
            unplaced.push(super::UnplacedCell {
                table: "applications",
                row: u.row,
                columns,
                why: u.why.clone(),
            });
        }
        Extracted {
            data,
            positions,
            labels: self.labels,
            single_other: single,
            findings,
            unplaced,
        }
    }
}

/// Column key per grid column from the header rows: for each column the
/// deepest header cell that names an applicant column.
fn column_map(header: &[Line], width: usize) -> Vec<Option<&'static str>> {
    let mut map = vec![None; width];
    for (c, slot) in map.iter_mut().enumerate() {
        for line in header.iter().rev() {
            let cell = line.items.iter().find(|i| i.col <= c && c < i.end());
            if let Some(key) = cell.and_then(|i| labels::application_column(&i.norm)) {
                *slot = Some(key);
                break;
            }
        }
    }
    map
}

fn col_index(key: &str) -> Option<usize> {
    APPLICATION_COLUMNS.iter().position(|k| *k == key)
}

/// Does this grid hold (part of) the applications table?
pub(crate) fn is_applications_grid(lines: &[Line]) -> bool {
    let keys: BTreeSet<&str> = lines
        .iter()
        .filter_map(|l| labels::rightmost_application_row(&l.label_text()))
        .collect();
    keys.len() >= 3
}

/// Read the applications rows of one grid. `inherited` is the column map of
/// a previous grid of the same table (a table split in two), used when this
/// grid has no header of its own.
pub(crate) fn read_grid(
    b: &mut Builder,
    lines: &[Line],
    width: usize,
    inherited: &mut Option<Vec<Option<&'static str>>>,
) {
    let first_data = lines.iter().position(|l| {
        labels::rightmost_application_row(&l.label_text())
            .is_some_and(|k| k != "total_processed" || l.numbers().next().is_some())
    });
    let Some(first_data) = first_data else {
        return;
    };
    let header = lines.get(..first_data).unwrap_or_default();
    let mut map = column_map(header, width);
    if map.iter().flatten().count() < 2 {
        if let Some(m) = inherited.as_ref() {
            map = m.clone();
            map.resize(width, None);
        }
    } else {
        *inherited = Some(map.clone());
    }
    let keyed: Vec<usize> = map
        .iter()
        .enumerate()
        .filter_map(|(c, k)| k.map(|_| c))
        .collect();
    let first_val = keyed.first().copied();
    let last_val = keyed.last().copied();
    // rows some label names exactly: a misspelt label never takes them
    let mut taken: BTreeSet<&'static str> = b.seen.clone();
    taken.extend(
        lines
            .iter()
            .skip(first_data)
            .filter_map(|l| labels::rightmost_application_row(&l.label_text())),
    );
    for line in lines.iter().skip(first_data) {
        let label = line.label_text();
        let row = match labels::rightmost_application_row(&label) {
            Some(r) => r,
            None if line.numbers().next().is_some() => {
                let printed = line.items.iter().rfind(|i| i.is_label() && !i.covered);
                match labels::fuzzy_application_row_noted(
                    &label,
                    &mut taken,
                    printed.map(|i| &i.pos),
                    &mut b.findings,
                ) {
                    Some(r) => r,
                    None => {
                        // numbers under no label (e.g. a row cut by a page
                        // break, its label on the next page): not placed
                        let nums: Vec<&Item> = line.numbers().collect();
                        orphan_unplaced(b, &nums);
                        continue;
                    }
                }
            }
            None => continue,
        };
        b.saw(row);
        if let Some(l) = line.items.iter().rfind(|i| i.is_label() && !i.covered) {
            b.labels.push((l.norm.clone(), l.pos.clone()));
        }
        let label_end = line
            .items
            .iter()
            .filter(|i| i.is_label())
            .map(Item::end)
            .max()
            .unwrap_or(0);
        let after: Vec<&Item> = line
            .items
            .iter()
            .filter(|i| !i.covered && i.col >= label_end && i.value.is_value())
            .collect();
        let aligned = match (first_val, last_val) {
            (Some(f), Some(l)) => {
                label_end <= f
                    && line
                        .items
                        .iter()
                        .filter(|i| i.is_number())
                        .all(|i| i.col >= f && i.col <= l)
            }
            _ => false,
        };
        if aligned {
            let mut used = [false; 7];
            for it in &after {
                let key = (it.col..it.end())
                    .filter_map(|c| map.get(c).copied().flatten())
                    .filter_map(col_index)
                    .find(|k| used.get(*k).is_some_and(|u| !u));
                if let Some(k) = key {
                    if let Some(u) = used.get_mut(k) {
                        *u = true;
                    }
                    b.set(row, k, it, Placement::Cell);
                }
            }
            continue;
        }
        // misaligned row: place the values by count
        let mut vals = after;
        while vals.last().is_some_and(|i| !i.is_number()) {
            vals.pop();
        }
        if vals.len() == 7 {
            b.assign_sequential(row, &vals);
            continue;
        }
        let width_keyed = match (first_val, last_val) {
            (Some(f), Some(l)) => l - f + 1,
            _ => 0,
        };
        if vals.len() == width_keyed && width_keyed > 0 {
            let f = first_val.unwrap_or(0);
            for (off, it) in vals.iter().enumerate() {
                if let Some(k) = map.get(f + off).copied().flatten().and_then(col_index) {
                    b.set(row, k, it, Placement::Sequence);
                }
            }
            continue;
        }
        if keyed.len() < 2 {
            // the header does not name the applicant columns (`数据1 …
            // 数据6`) and no earlier part of the table did: only a row of
            // exactly seven values can be read, in order
            for it in vals.iter().filter(|i| i.is_number()) {
                b.unplaced.push(Unplaced {
                    row,
                    cols: Vec::new(),
                    text: it.text.clone(),
                    why: "表头未标明申请人列，且该行不是恰好七个数值".to_string(),
                    pos: it.pos.clone(),
                    ocr: None,
                });
            }
            continue;
        }
        let lead = vals.iter().take_while(|i| !i.is_number()).count();
        let trimmed: Vec<&Item> = vals.into_iter().skip(lead).collect();
        if trimmed.len() < 7 {
            let nums: Vec<&Item> = trimmed.into_iter().filter(|i| i.is_number()).collect();
            b.assign_sequential(row, &nums);
        } else {
            b.assign_sequential(row, &trimmed);
        }
    }
}

/// Column centres learned from rows that print all seven numbers, per
/// page, for placing the numbers of sparser rows in layout text.
fn column_centres(groups: &[(&'static str, Vec<&Item>)]) -> HashMap<Option<u32>, Vec<f32>> {
    let mut acc: HashMap<Option<u32>, Vec<Vec<f32>>> = HashMap::new();
    for (_, g) in groups {
        let nums: Vec<&&Item> = g.iter().filter(|i| i.is_number()).collect();
        if nums.len() != 7 {
            continue;
        }
        let page = nums.first().and_then(|i| i.pos.page);
        let e = acc.entry(page).or_insert_with(|| vec![Vec::new(); 7]);
        for (k, it) in nums.iter().enumerate() {
            if let Some(v) = e.get_mut(k) {
                v.push(it.col as f32 + it.span as f32 / 2.0);
            }
        }
    }
    acc.into_iter()
        .map(|(p, cols)| {
            let centres = cols
                .into_iter()
                .map(|mut v| {
                    v.sort_by(f32::total_cmp);
                    v.get(v.len() / 2).copied().unwrap_or(0.0)
                })
                .collect();
            (p, centres)
        })
        .collect()
}

/// Centre of an item in character columns.
fn centre(it: &Item) -> f32 {
    it.col as f32 + it.span as f32 / 2.0
}

/// Place a sparse row's numbers in the column bands `cs` (centres): a
/// number goes to the band whose centre is nearest when it lies well inside
/// that band (closer than 0.4 of the distance to the neighbouring centre);
/// a number between two bands, or in a band another number of the row also
/// falls in, is not placed and recorded as unplaced.
fn place_by_bands(b: &mut Builder, row: &'static str, cs: &[f32], nums: &[&Item]) {
    let mut pick: Vec<Result<usize, (Vec<usize>, &'static str)>> = Vec::new();
    for it in nums {
        let x = centre(it);
        let mut order: Vec<usize> = (0..cs.len()).collect();
        let dist = |k: usize| cs.get(k).map_or(f32::INFINITY, |c| (c - x).abs());
        order.sort_by(|a, b| dist(*a).total_cmp(&dist(*b)));
        let Some(&k) = order.first() else {
            continue;
        };
        let ck = cs.get(k).copied().unwrap_or(0.0);
        let toward = if x >= ck { k + 1 } else { k.wrapping_sub(1) };
        let other = if x >= ck { k.wrapping_sub(1) } else { k + 1 };
        let gap = cs
            .get(toward)
            .or_else(|| cs.get(other))
            .map_or(f32::INFINITY, |c| (c - ck).abs());
        if dist(k) <= 0.4 * gap {
            pick.push(Ok(k));
        } else {
            let mut two: Vec<usize> = order.iter().take(2).copied().collect();
            two.sort_unstable();
            pick.push(Err((two, "数值位于两列之间")));
        }
    }
    for (i, it) in nums.iter().enumerate() {
        let res = match pick.get(i) {
            Some(Ok(k)) => {
                let shared = pick
                    .iter()
                    .enumerate()
                    .any(|(j, p)| j != i && matches!(p, Ok(o) if o == k));
                if shared {
                    Err((vec![*k], "同一列中有两个数值"))
                } else {
                    Ok(*k)
                }
            }
            Some(Err(e)) => Err(e.clone()),
            None => continue,
        };
        match res {
            Ok(k) => b.set(row, k, it, Placement::Geometry),
            Err((cols, why)) => b.unplaced.push(Unplaced {
                row,
                cols,
                text: it.text.clone(),
                why: why.to_string(),
                pos: it.pos.clone(),
                ocr: None,
            }),
        }
    }
}

/// Read the table from flattened text lines: labels accumulate until a run
/// of numbers starts; the run belongs to the row whose label match ends
/// last in the accumulated text.
/// Do a short row's values add up when placed in order (leading applicant
/// columns, the last one 总计)? Blank markers count as nothing.
fn adds_up(vals: &[&Item]) -> bool {
    let nums: Vec<f64> = vals
        .iter()
        .map(|i| i.value.number().unwrap_or(0.0))
        .collect();
    super::rows::last_totals_the_rest(&nums)
}

/// Is `next` the line printed directly below `line` (no blank line between,
/// no numbers on it)?
fn next_line_of(line: &Line, next: &Line) -> bool {
    let (Some(a), Some(b)) = (
        line.items.first().and_then(|i| i.pos.line),
        next.items.first().and_then(|i| i.pos.line),
    ) else {
        return false;
    };
    b == a + 1 && next.numbers().next().is_none()
}

/// The application row whose label starts in `before` and ends in `after`:
/// a label that layout text wraps around its row's numbers
/// (`5.属于三类内部事` / numbers / `务信息`).
fn label_across(before: &str, after: &str) -> Option<&'static str> {
    if after.is_empty() {
        return None;
    }
    let joined = format!("{before}{after}");
    let cut = before.len();
    labels::APPLICATION_ROWS
        .iter()
        .filter_map(|r| {
            r.pattern
                .find_iter(&joined)
                .find(|m| m.start() < cut && m.end() > cut)
                .map(|m| (m.end(), r.key))
        })
        .max()
        .map(|(_, k)| k)
}

/// Numbers read in the table that no row label claims (a label printed
/// away from its numbers that matched no row): not placed, recorded under
/// no row (`""`), so that the sums across rows are not checked
/// (SUM_UNVERIFIED) instead of raising an error over a blank of ours.
fn orphan_unplaced(b: &mut Builder, nums: &[&Item]) {
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

pub(crate) fn read_text(b: &mut Builder, lines: &[Line]) {
    let mut acc = String::new();
    let mut acc_pos: Option<SourcePos> = None;
    let mut groups: Vec<(&'static str, Vec<&Item>)> = Vec::new();
    let mut open: Option<(&'static str, Vec<&Item>)> = None;
    let mut started = false;
    let mut layout = false;
    // numbers with no row label before them: in layout text a label
    // centred vertically in a tall cell prints below its numbers
    let mut orphan: Option<Vec<&Item>> = None;
    let mut orphan_open = false;
    // groups whose label only the fuzzy matcher recognised
    let mut fuzzy_groups: Vec<usize> = Vec::new();
    let mut open_fuzzy = false;
    let mut fuzzy_taken: BTreeSet<&'static str> = BTreeSet::new();
    let mut fuzzy_findings = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        // wide gaps between numbers mean a column layout (pdftotext -layout)
        let nums: Vec<&Item> = line.numbers().collect();
        if nums
            .windows(2)
            .any(|w| matches!(w, [a, b] if b.col >= a.end() + 3))
        {
            layout = true;
        }
        for it in &line.items {
            if it.is_label() {
                orphan_open = false;
                if let Some(g) = open.take() {
                    if std::mem::take(&mut open_fuzzy) {
                        fuzzy_groups.push(groups.len());
                    }
                    groups.push(g);
                    acc.clear();
                    acc_pos = None;
                }
                acc.push_str(&it.norm);
                if acc_pos.is_none() {
                    acc_pos = Some(it.pos.clone());
                }
                if let Some(k) = labels::rightmost_application_row(&it.norm) {
                    if k == "new_received" {
                        started = true;
                    }
                    if started && (k != "other_other" || it.norm.ends_with("其他")) {
                        b.seen.insert(k);
                    }
                }
                continue;
            }
            if !matches!(it.value, Value::Number { .. } | Value::Blank) {
                continue;
            }
            match open.as_mut() {
                Some((_, g)) => g.push(it),
                None if orphan_open => {
                    if let Some(o) = orphan.as_mut() {
                        o.push(it);
                    }
                }
                None => {
                    let in_acc = labels::application_rows_in(&acc);
                    if let Some(o) = orphan.take() {
                        // the orphan belongs to the first label after it
                        match in_acc.first() {
                            Some(first) if in_acc.len() >= 2 => groups.push((*first, o)),
                            _ => orphan_unplaced(b, &o),
                        }
                    }
                    // a label wrapped around its numbers: the line right
                    // after them completes it
                    let wrapped = lines
                        .get(li + 1)
                        .filter(|next| next_line_of(line, next))
                        .and_then(|next| {
                            // the whole next line, else its last label
                            // alone (another column's text, e.g. the group
                            // label `不予公`, printed before it)
                            label_across(&acc, &next.label_text()).or_else(|| {
                                next.items
                                    .iter()
                                    .rfind(|i| i.is_label())
                                    .and_then(|l| label_across(&acc, &l.norm))
                            })
                        });
                    if let (Some(row), true) = (wrapped, started) {
                        if let Some(p) = &acc_pos {
                            b.labels.push((acc.clone(), p.clone()));
                        }
                        open = Some((row, vec![it]));
                        continue;
                    }
                    // a label no pattern knows may be a misspelt one
                    if started && in_acc.is_empty() && !acc.is_empty() {
                        if let Some(row) = labels::fuzzy_application_row_noted(
                            &acc,
                            &mut fuzzy_taken,
                            acc_pos.as_ref(),
                            &mut fuzzy_findings,
                        ) {
                            open = Some((row, vec![it]));
                            open_fuzzy = true;
                            continue;
                        }
                    }
                    if started && in_acc.is_empty() && groups.last().is_some() {
                        orphan = Some(vec![it]);
                        orphan_open = true;
                        continue;
                    }
                    if let Some(row) = labels::rightmost_application_row(&acc) {
                        // 总计 and 其他 are also column headers: they do not
                        // start the table on their own
                        if row != "total_processed" && row != "other_other" {
                            started = true;
                        }
                        if started {
                            if let Some(p) = &acc_pos {
                                b.labels.push((acc.clone(), p.clone()));
                            }
                            open = Some((row, vec![it]));
                        }
                    }
                }
            }
        }
    }
    if let Some(g) = open.take() {
        if open_fuzzy {
            fuzzy_groups.push(groups.len());
        }
        groups.push(g);
    }
    if let Some(o) = orphan.take() {
        orphan_unplaced(b, &o);
    }
    // a misspelt label never takes a row another label names exactly
    let exact: BTreeSet<&'static str> = groups
        .iter()
        .enumerate()
        .filter(|(i, _)| !fuzzy_groups.contains(i))
        .map(|(_, (r, _))| *r)
        .collect();
    let dropped: BTreeSet<&'static str> = fuzzy_groups
        .iter()
        .filter_map(|i| groups.get(*i).map(|(r, _)| *r))
        .filter(|r| exact.contains(r))
        .collect();
    if !dropped.is_empty() {
        let mut i = 0;
        groups.retain(|(r, _)| {
            let fuzzy = fuzzy_groups.contains(&i);
            i += 1;
            !(fuzzy && dropped.contains(r))
        });
        fuzzy_findings.retain(|f: &crate::model::Finding| {
            f.location
                .row
                .as_deref()
                .is_none_or(|r| !dropped.contains(r))
        });
    }
    for r in fuzzy_taken.difference(&dropped) {
        b.seen.insert(r);
    }
    b.findings.extend(fuzzy_findings);
    b.rows_found += b.seen.len();
    b.positioned = layout;
    let centres = if layout {
        column_centres(&groups)
    } else {
        HashMap::new()
    };
    for (row, g) in &groups {
        let nums: Vec<&Item> = g.iter().copied().filter(|i| i.is_number()).collect();
        b.longest_run = b.longest_run.max(g.len());
        let page = nums.first().and_then(|i| i.pos.page);
        let sparse = nums.len() < 7 && !nums.is_empty();
        let own = centres.get(&page).filter(|_| sparse).cloned();
        // a page without a full row takes the nearest page's columns (the
        // earlier one on a tie, never an arbitrary one), moved so that its
        // 总计 column meets this row's rightmost number (pages may start
        // their columns elsewhere)
        let borrowed = || {
            let cs = centres
                .iter()
                .min_by_key(|(p, _)| {
                    let d = i64::from(p.unwrap_or(0)) - i64::from(page.unwrap_or(0));
                    (d.abs(), d > 0)
                })
                .map(|(_, c)| c)?;
            let last = nums.last()?;
            let shift = centre(last) - cs.get(6)?;
            Some(cs.iter().map(|c| c + shift).collect::<Vec<f32>>())
        };
        let cs = own.or_else(|| if sparse { borrowed() } else { None });
        match cs {
            Some(cs) if cs.len() == 7 => place_by_bands(b, row, &cs, &nums),
            _ => {
                // blank markers hold places only when the row prints all seven
                let vals: Vec<&Item> = if g.len() >= 7 { g.clone() } else { nums };
                if !layout && vals.len() < 7 && !adds_up(&vals) {
                    // blank cells were left out and the row does not add
                    // up: which cell each number belongs to is unknown
                    b.unplaceable += 1;
                    for it in vals.iter().filter(|i| i.is_number()) {
                        b.unplaced.push(Unplaced {
                            row,
                            cols: Vec::new(),
                            text: it.text.clone(),
                            why: format!("该行只有 {} 个数值，空白单元格未留位置", vals.len()),
                            pos: it.pos.clone(),
                            ocr: None,
                        });
                    }
                    continue;
                }
                b.assign_sequential(row, &vals);
            }
        }
    }
}
