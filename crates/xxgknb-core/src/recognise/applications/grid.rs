//! The applications table read from a real cell grid (DOCX, XLSX, HTML,
//! ruled PDF tables) by header-driven column mapping.

use super::{orphan_unplaced, Builder, PendingRow, Unplaced};
use crate::document::Placement;
use crate::recognise::labels::{self, APPLICATION_COLUMNS};
use crate::recognise::rows::{Item, Line};
use std::collections::BTreeSet;

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

/// The numbers of a grid's last row, which has no label, with the column
/// each falls in by the grid's column map (`None`: no single column).
fn pending_row(nums: &[&Item], map: &[Option<&'static str>]) -> PendingRow {
    nums.iter()
        .map(|it| {
            let mut keys: Vec<usize> = (it.col..it.end())
                .filter_map(|c| map.get(c).copied().flatten())
                .filter_map(col_index)
                .collect();
            keys.dedup();
            let col = match keys.as_slice() {
                [k] => Some(*k),
                _ => None,
            };
            (col, (*it).clone())
        })
        .collect()
}

/// A row cut by a page break: its numbers ended the part before (no label),
/// its label opens this part (no numbers). The numbers go to that row when
/// each has a column of its own; otherwise, or when this part opens
/// otherwise, they are not placed.
fn take_pending(b: &mut Builder, first: Option<&Line>) {
    let Some(pending) = b.pending.take() else {
        return;
    };
    let row = first
        .filter(|l| l.numbers().next().is_none())
        .and_then(|l| labels::rightmost_application_row(&l.label_text()));
    let mut cols: Vec<usize> = pending.iter().filter_map(|(c, _)| *c).collect();
    cols.sort_unstable();
    cols.dedup();
    match row {
        Some(row) if cols.len() == pending.len() => {
            for (col, it) in &pending {
                if let Some(c) = col {
                    b.set(row, *c, it, Placement::Cell);
                }
            }
        }
        _ => {
            let items: Vec<&Item> = pending.iter().map(|(_, it)| it).collect();
            orphan_unplaced(b, &items);
        }
    }
}

/// Does this grid hold (part of) the applications table?
pub(crate) fn is_applications_grid(lines: &[Line]) -> bool {
    let keys: BTreeSet<&str> = lines
        .iter()
        .filter_map(|l| labels::rightmost_application_row(&l.label_text()))
        .collect();
    keys.len() >= 3
}

/// The applicant columns of one grid: the column key of each grid column
/// and where the keyed columns start and end.
struct GridColumns {
    map: Vec<Option<&'static str>>,
    /// Grid columns that carry a key.
    keyed: Vec<usize>,
}

impl GridColumns {
    /// From the grid's header rows, or from a previous part of the table
    /// when this part has no header of its own (`inherited`, updated when
    /// this one has).
    fn of(
        header: &[Line],
        width: usize,
        inherited: &mut Option<Vec<Option<&'static str>>>,
    ) -> Self {
        let mut map = column_map(header, width);
        if map.iter().flatten().count() < 2 {
            if let Some(m) = inherited.as_ref() {
                map = m.clone();
                map.resize(width, None);
            }
        } else {
            *inherited = Some(map.clone());
        }
        let keyed = map
            .iter()
            .enumerate()
            .filter_map(|(c, k)| k.map(|_| c))
            .collect();
        Self { map, keyed }
    }

    fn first(&self) -> Option<usize> {
        self.keyed.first().copied()
    }

    fn last(&self) -> Option<usize> {
        self.keyed.last().copied()
    }

    /// The column index (into the seven) of grid column `c`.
    fn key_at(&self, c: usize) -> Option<usize> {
        self.map.get(c).copied().flatten().and_then(col_index)
    }
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
    let cols = GridColumns::of(
        lines.get(..first_data).unwrap_or_default(),
        width,
        inherited,
    );
    header_unsure(b, lines.get(..first_data).unwrap_or_default());
    // rows some label names exactly: a misspelt label never takes them
    let mut taken: BTreeSet<&'static str> = b.seen.clone();
    taken.extend(
        lines
            .iter()
            .skip(first_data)
            .filter_map(|l| labels::rightmost_application_row(&l.label_text())),
    );
    take_pending(b, lines.get(first_data));
    let data = lines.get(first_data..).unwrap_or_default();
    let mut rows: Vec<RowOf> = data
        .iter()
        .map(|line| {
            let label = line.label_text();
            match labels::rightmost_application_row(&label) {
                Some(r) => RowOf::Row(r),
                None if line.numbers().next().is_some() => {
                    let printed = line.items.iter().rfind(|i| i.is_label() && !i.covered);
                    match labels::fuzzy_application_row_noted(
                        &label,
                        &mut taken,
                        printed.map(|i| &i.pos),
                        &mut b.facts,
                    ) {
                        Some(r) => RowOf::Row(r),
                        None => RowOf::Unknown,
                    }
                }
                None => RowOf::NoValues,
            }
        })
        .collect();
    rows_by_order(data, &mut rows, &taken);
    for (i, (line, row)) in data.iter().zip(&rows).enumerate() {
        label_area_unsure(b, line, *row, &cols);
        let row = match row {
            RowOf::Row(r) => *r,
            RowOf::NoValues => continue,
            RowOf::Unknown => {
                // numbers under no label: the last row of a table cut by a
                // page break may find its label at the top of the next
                // part; else they are not placed
                let nums: Vec<&Item> = line.numbers().collect();
                if i + 1 == data.len() {
                    b.pending = Some(pending_row(&nums, &cols.map));
                } else {
                    orphan_unplaced(b, &nums);
                }
                continue;
            }
        };
        b.saw(row);
        if let Some(l) = line.items.iter().rfind(|i| i.is_label() && !i.covered) {
            b.labels.push((l.norm.clone(), l.pos.clone()));
        }
        place_row(b, row, line, &cols);
    }
}

/// Unsure scanned readings in the header rows (lines above the first data
/// row with no number: a column title such as `商业企业` read as `1／188`):
/// recorded as unsure, but not as values whose row is unknown, so the
/// table's sums stay checked.
fn header_unsure(b: &mut Builder, header: &[Line]) {
    for line in header.iter().filter(|l| l.numbers().next().is_none()) {
        for it in line.items.iter().filter(|i| !i.covered) {
            if let Some(u) = &it.uncertain {
                b.facts.push(super::super::Fact::unsure_read(
                    "applications",
                    None,
                    u,
                    &it.pos,
                ));
            }
        }
    }
}

/// Unsure scanned readings left of the applicant columns (a group label
/// such as `(四)无法提供` read as digits): recorded as unsure, but not as
/// values whose cell is unknown. No applicant column lies there, so no sum
/// is left unchecked for them.
fn label_area_unsure(b: &mut Builder, line: &Line, row: RowOf, cols: &GridColumns) {
    let Some(first) = cols.first() else {
        return;
    };
    for it in line.items.iter().filter(|i| !i.covered && i.end() <= first) {
        let Some(u) = &it.uncertain else {
            continue;
        };
        let row = match row {
            RowOf::Row(r) => Some(r),
            _ => None,
        };
        b.facts.push(super::super::Fact::unsure_read(
            "applications",
            row,
            u,
            &it.pos,
        ));
    }
}

/// What one line of a grid's data rows was read as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RowOf {
    /// The row its label names (exactly, by a close misspelling, or by its
    /// place: [`rows_by_order`]).
    Row(&'static str),
    /// Numbers under a label that names no row.
    Unknown,
    /// No numbers and no row named: a heading, an empty line.
    NoValues,
}

/// Rows of a scanned table whose labels were misread past recognition
/// (`(全种以公开`, a label cell read as nothing): between two rows read
/// from their labels, the lines with numbers and no row are the rows the
/// form prints between those two, in order, when their count is exactly
/// that of one edition's rows there and none of them is read elsewhere.
/// Only for text read by OCR: a label printed as text that names no row
/// is the report's own row, never guessed.
fn rows_by_order(data: &[Line], rows: &mut [RowOf], taken: &BTreeSet<&'static str>) {
    let ocr = |line: &Line| line.items.iter().any(|i| i.pos.confidence.is_some());
    let mut prev: Option<(usize, &'static str)> = None;
    for i in 0..rows.len() {
        let Some(RowOf::Row(next)) = rows.get(i).copied() else {
            continue;
        };
        if let Some((p, prev_row)) = prev {
            let between: Vec<usize> = (p + 1..i)
                .filter(|j| rows.get(*j) == Some(&RowOf::Unknown))
                .collect();
            let all_ocr = between.iter().all(|j| data.get(*j).is_some_and(ocr));
            if !between.is_empty() && all_ocr {
                let fits: Vec<Vec<&'static str>> = labels::official_rows_between(prev_row, next)
                    .into_iter()
                    .filter(|seq| {
                        seq.len() == between.len() && seq.iter().all(|k| !taken.contains(k))
                    })
                    .collect();
                if let [seq] = fits.as_slice() {
                    for (j, key) in between.iter().zip(seq) {
                        if let Some(slot) = rows.get_mut(*j) {
                            *slot = RowOf::Row(key);
                        }
                    }
                }
            }
        }
        prev = Some((i, next));
    }
}

/// Place one labelled row's values: by the grid column each falls in when
/// every number lies under the applicant columns, else by count.
///
/// A scanned cell in an applicant column right of the row's first number
/// there that was read as text (`可件` for `3件`) is a value misread, not the row's label: it does not
/// move the label's end past the values (which would leave them all
/// unread, silently), and it is reported with `OCR_UNCERTAIN` as a value
/// whose reading is unknown.
fn place_row(b: &mut Builder, row: &'static str, line: &Line, cols: &GridColumns) {
    // the first number under the applicant columns (an unsure reading
    // left of them, in the label area, does not count)
    let applicants = cols.first();
    let first_value = line
        .items
        .iter()
        .filter(|i| i.is_number() && applicants.is_some_and(|f| i.col >= f))
        .map(|i| i.col)
        .min();
    let misread_value = |i: &Item| {
        i.is_label()
            && !i.covered
            && i.pos.confidence.is_some()
            && cols.key_at(i.col).is_some()
            && first_value.is_some_and(|c| i.col > c)
    };
    let label_end = line
        .items
        .iter()
        .filter(|i| i.is_label() && !misread_value(i))
        .map(Item::end)
        .max()
        .unwrap_or(0);
    for it in line.items.iter().filter(|i| misread_value(i)) {
        b.unplaced.push(Unplaced {
            row,
            cols: (it.col..it.end()).filter_map(|c| cols.key_at(c)).collect(),
            text: it.text.clone(),
            why: "扫描件数值单元格识别为文字".to_string(),
            pos: it.pos.clone(),
            ocr: Some(it.pos.confidence.unwrap_or(0.0)),
        });
    }
    let after: Vec<&Item> = line
        .items
        .iter()
        .filter(|i| !i.covered && i.col >= label_end && i.value.is_value())
        .collect();
    let aligned = match (cols.first(), cols.last()) {
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
                .filter_map(|c| cols.key_at(c))
                .find(|k| used.get(*k).is_some_and(|u| !u));
            if let Some(k) = key {
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
                b.set(row, k, it, Placement::Cell);
            }
        }
        return;
    }
    place_by_count(b, row, after, cols);
}

/// A row whose values do not lie under the applicant columns (a label cell
/// spanning into them, a shifted row): seven values in order; as many as
/// the keyed columns, one each; else leading columns and 总计 — or, with no
/// applicant column named, not at all.
///
/// A scanned value too unsure to use (`uncertain`) holds its place like a
/// number: dropped, the values after it would move one column left (a
/// row's last number taken for its 总计 when the 总计 was the unsure one).
fn place_by_count(b: &mut Builder, row: &'static str, mut vals: Vec<&Item>, cols: &GridColumns) {
    let holds_place = |i: &Item| i.is_number() || i.uncertain.is_some();
    while vals.last().is_some_and(|i| !holds_place(i)) {
        vals.pop();
    }
    if vals.len() == 7 {
        b.assign_sequential(row, &vals);
        return;
    }
    let width_keyed = match (cols.first(), cols.last()) {
        (Some(f), Some(l)) => l - f + 1,
        _ => 0,
    };
    if vals.len() == width_keyed && width_keyed > 0 {
        let f = cols.first().unwrap_or(0);
        for (off, it) in vals.iter().enumerate() {
            if let Some(k) = cols.key_at(f + off) {
                b.set(row, k, it, Placement::Sequence);
            }
        }
        return;
    }
    if cols.keyed.len() < 2 {
        // the header does not name the applicant columns (`数据1 … 数据6`)
        // and no earlier part of the table did: only a row of exactly
        // seven values can be read, in order
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
        return;
    }
    let lead = vals.iter().take_while(|i| !i.is_number()).count();
    let unsure = vals.iter().any(|i| i.uncertain.is_some());
    let trimmed: Vec<&Item> = vals.into_iter().skip(lead).collect();
    if trimmed.len() < 7 && unsure {
        // fewer than seven places and an unsure reading among them (or
        // before them, where a label's cell or the first value may be):
        // which column each number is in is not known
        for it in trimmed.iter().filter(|i| holds_place(i)) {
            b.unplaced.push(match &it.uncertain {
                Some(u) => Unplaced::unsure(row, Vec::new(), u, &it.pos),
                None => Unplaced {
                    row,
                    cols: Vec::new(),
                    text: it.text.clone(),
                    why: "该行有扫描识别不确定的单元格，且不足七个数值，无法确定各数值所在列"
                        .to_string(),
                    pos: it.pos.clone(),
                    ocr: None,
                },
            });
        }
        return;
    }
    if trimmed.len() < 7 {
        let nums: Vec<&Item> = trimmed.into_iter().filter(|i| i.is_number()).collect();
        b.assign_sequential(row, &nums);
    } else {
        b.assign_sequential(row, &trimmed);
    }
}
