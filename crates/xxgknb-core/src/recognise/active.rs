//! The active-disclosure table (主动公开政府信息情况), both editions.

use super::labels::{self, ActiveRow, ACTIVE_ROWS};
use super::rows::{Item, Line};
use super::Extracted;
use super::Fact;
use crate::document::SourcePos;
use crate::model::{Num, OrderedMap, Row, TableData};
use crate::normalize::{Unit, Value};
use std::collections::HashMap;

/// Which edition of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号 era.
    E2019,
    /// 国办公开办函〔2021〕30号.
    E2021,
}

impl Edition {
    /// `"2019"` or `"2021"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2019 => "2019",
            Edition::E2021 => "2021",
        }
    }
}

/// Evidence of the edition in a normalised label, if any.
pub(crate) fn edition_hint(norm: &str) -> Option<Edition> {
    const E2019: &[&str] = &[
        "新制作数量",
        "新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增/减",
        "对外管理服务",
        "集中采购",
        "采购项目数量",
    ];
    const E2021: &[&str] = &[
        "制发件数",
        "废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
    ];
    if E2019.iter().any(|k| norm.contains(k)) {
        Some(Edition::E2019)
    } else if E2021.iter().any(|k| norm.contains(k)) {
        Some(Edition::E2021)
    } else {
        None
    }
}

/// Values read from flattened text after one or more row labels, placed
/// once the edition (and so each row's fields) is known.
struct TextBlock {
    /// Rows named by the labels before the values, in the order printed.
    rows: Vec<&'static ActiveRow>,
    /// The values, in order.
    values: Vec<Item>,
    /// The first value is on the line of the last label (a row as printed
    /// in layout or pasted text), not on a line of its own.
    same_line: bool,
    /// The values came before any row label (a column dump that printed
    /// the numbers first, the labels after): they are never placed.
    detached: bool,
}

/// Collects rows of the active table.
#[derive(Default)]
pub(crate) struct Builder {
    rows: HashMap<&'static str, Vec<Item>>,
    /// Rows read from flattened text, not yet placed.
    blocks: Vec<TextBlock>,
    votes_2019: usize,
    votes_2021: usize,
    /// The amount header said 单位：元.
    yuan_header: bool,
    /// Labels as printed, for the nonstandard-label check.
    pub labels: Vec<(String, SourcePos)>,
}

impl Builder {
    /// Note edition and unit evidence from any label.
    pub fn observe_label(&mut self, norm: &str) {
        match edition_hint(norm) {
            Some(Edition::E2019) => self.votes_2019 += 1,
            Some(Edition::E2021) => self.votes_2021 += 1,
            None => {}
        }
        if norm.contains("单位:元") || norm.contains("(元)") {
            self.yuan_header = true;
        }
        if norm.contains("万元") {
            self.yuan_header = false;
        }
    }

    /// Add a row's values; `label` is the label as printed, kept for the
    /// nonstandard-label check (none for a label misread by OCR).
    fn add_row(
        &mut self,
        row: &'static ActiveRow,
        label: Option<(String, SourcePos)>,
        values: Vec<Item>,
    ) {
        if row.fields_2021.is_empty() {
            self.votes_2019 += 1;
        }
        self.labels.extend(label);
        self.rows.entry(row.key).or_insert(values);
    }

    /// Was anything found?
    pub fn found(&self) -> bool {
        !self.rows.is_empty() || !self.blocks.is_empty()
    }

    /// Place the values read from flattened text. Without column positions
    /// (values on lines of their own) a row's values are kept only when
    /// they are unambiguous: no more than the row has fields, and after a
    /// run of several row labels only one value per single-field row (the
    /// order is then the same by row or by column). Returns the rows whose
    /// values could not be placed.
    fn place_text_blocks(&mut self, edition: Edition) -> Vec<&'static str> {
        let fields = |r: &ActiveRow| match edition {
            Edition::E2021 => r.fields_2021.len(),
            Edition::E2019 => r.fields_2019.len(),
        };
        let mut unplaced = Vec::new();
        for block in std::mem::take(&mut self.blocks) {
            if block.detached {
                unplaced.extend(block.rows.iter().map(|r| r.key));
                continue;
            }
            match block.rows.as_slice() {
                [] => {}
                [row] => {
                    if block.same_line || block.values.len() <= fields(row) {
                        self.rows.entry(row.key).or_insert(block.values);
                    } else {
                        unplaced.push(row.key);
                    }
                }
                rows if block.same_line => {
                    // a row printed on one line after other labels: the
                    // last label names it
                    if let Some(row) = rows.last() {
                        self.rows.entry(row.key).or_insert(block.values);
                    }
                }
                rows => {
                    let single = rows.iter().all(|r| fields(r) == 1);
                    if single && block.values.len() == rows.len() {
                        for (row, v) in rows.iter().zip(block.values) {
                            self.rows.entry(row.key).or_insert(vec![v]);
                        }
                    } else {
                        unplaced.extend(rows.iter().map(|r| r.key));
                    }
                }
            }
        }
        unplaced
    }

    /// The edition the table follows, if it shows.
    pub fn edition(&self) -> Option<Edition> {
        if self.votes_2019 == 0 && self.votes_2021 == 0 {
            None
        } else if self.votes_2019 > self.votes_2021 {
            Some(Edition::E2019)
        } else {
            Some(Edition::E2021)
        }
    }

    /// Build the table for the given edition.
    pub fn finish(mut self, edition: Edition) -> Extracted {
        let mut data: TableData = OrderedMap::default();
        let mut positions = Vec::new();
        let mut facts = Vec::new();
        let unplaced = self.place_text_blocks(edition);
        if !unplaced.is_empty() {
            let names: Vec<&str> = unplaced.iter().map(|k| crate::keys::row_name(k)).collect();
            facts.push(Fact::LayoutLost {
                table: "active",
                evidence: format!(
                    "{}的数值与行标签分开排列，无法确定所属的行",
                    names.join("、")
                ),
                pos: self.labels.first().map(|(_, p)| p.clone()),
            });
        }
        for r in ACTIVE_ROWS.iter() {
            let fields = match edition {
                Edition::E2021 => r.fields_2021,
                Edition::E2019 => r.fields_2019,
            };
            if fields.is_empty() {
                continue;
            }
            let vals = self.rows.get(r.key);
            let mut row: Row = OrderedMap::default();
            for (k, f) in fields.iter().enumerate() {
                let item = vals.and_then(|v| v.get(k));
                if let Some(it) = item.filter(|i| misread_number(i)) {
                    facts.push(Fact::CellAmbiguous {
                        table: "active",
                        row: r.key,
                        columns: vec![f],
                        text: it.text.trim().to_string(),
                        why: "单元格中的文字不是数字".to_string(),
                        pos: it.pos.clone(),
                    });
                }
                let mut num = item.and_then(|i| i.value.number());
                if let (Some(v), Some(it)) = (num, item) {
                    let is_amount = *f == "amount";
                    let unit = match it.value {
                        Value::Number { unit, .. } => unit,
                        _ => Unit::None,
                    };
                    if is_amount && (unit == Unit::Yuan || (unit == Unit::None && self.yuan_header))
                    {
                        let wan = v / 10_000.0;
                        let wan = (wan * 1e8).round() / 1e8;
                        facts.push(Fact::UnitConverted {
                            row: r.key,
                            column: f,
                            // the printed text may carry the unit already
                            printed: it.text.trim().trim_end_matches('元').trim_end().to_string(),
                            wan,
                            pos: it.pos.clone(),
                        });
                        num = Some(wan);
                    }
                    positions.push((format!("{}.{}", r.key, f), it.pos.clone()));
                }
                row.insert(*f, num.map(Num));
            }
            data.insert(r.key, row);
        }
        Extracted {
            data,
            positions,
            labels: self.labels,
            single_other: false,
            facts,
            unplaced: Vec::new(),
        }
    }
}

/// Does this grid hold (part of) the active table? A row of it with a
/// number, or with a scanned value too unsure to use (a table whose every
/// value was blanked, a column line not found, is still the table).
pub(crate) fn is_active_grid(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        let first = l.items.iter().find(|i| !i.norm.is_empty());
        first.is_some_and(|i| i.is_label() && labels::active_row(&i.norm).is_some())
            && l.items
                .iter()
                .any(|i| i.is_number() || i.uncertain.is_some())
    })
}

/// Read active rows from grid lines: the row label is the first non-empty
/// cell; the values are the cells after it, in order (blanks hold places).
///
/// A label read from a picture that names no row but one row's word with
/// one character misread ([`labels::near_active_row`]) is that row, when
/// no other label of the grid names it; such a label is the reader's
/// error, not the report's, and is not kept for the nonstandard-label
/// check.
pub(crate) fn read_grid(b: &mut Builder, lines: &[Line]) {
    let named: Vec<&'static str> = lines
        .iter()
        .filter_map(|l| l.items.iter().find(|i| !i.norm.is_empty()))
        .filter_map(|i| labels::active_row(&i.norm))
        .map(|r| r.key)
        .collect();
    for line in lines {
        for it in &line.items {
            if it.is_label() {
                b.observe_label(&it.norm);
            }
        }
        let Some(first) = line.items.iter().position(|i| !i.norm.is_empty()) else {
            continue;
        };
        let Some(label) = line.items.get(first) else {
            continue;
        };
        if !label.is_label() || label.norm.chars().count() > 24 {
            continue;
        }
        let misread = || {
            labels::near_active_row(&label.norm)
                .filter(|r| label.pos.confidence.is_some() && !named.contains(&r.key))
        };
        let (row, exact) = match labels::active_row(&label.norm) {
            Some(row) => (row, true),
            None => match misread() {
                Some(row) => (row, false),
                None => continue,
            },
        };
        // a cell of text with a digit in it (`在1`, a number misread)
        // keeps its place: left out, it would move the row's later
        // values one field left
        let values: Vec<Item> = line
            .items
            .iter()
            .skip(first + 1)
            .filter(|i| !i.covered && (i.value.is_value() || misread_number(i)))
            .cloned()
            .collect();
        if values.is_empty() {
            continue;
        }
        let printed = exact.then(|| (label.norm.clone(), label.pos.clone()));
        b.add_row(row, printed, values);
    }
}

/// A text cell among a row's values that holds a digit: a number that
/// could not be read as one.
fn misread_number(i: &Item) -> bool {
    i.is_label() && i.norm.chars().any(|c| c.is_ascii_digit())
}

/// Read active rows from text lines (labels then numbers, possibly over
/// several lines).
/// Read the active table from flattened text: labels accumulate until
/// values start; the values belong to the row labels before them (placed
/// by [`Builder::finish`] once the edition is known).
pub(crate) fn read_text(b: &mut Builder, lines: &[Line]) {
    let mut acc = String::new();
    let mut acc_pos: Option<SourcePos> = None;
    let mut last_label_line: Option<u32> = None;
    // (rows named, label text, values, first value on the label's line)
    let mut open: Option<(Vec<&'static ActiveRow>, String, Vec<Item>, bool)> = None;
    let close = |b: &mut Builder, open: Option<_>, pos: Option<SourcePos>| {
        if let Some((rows, label, values, same_line)) = open {
            let rows: Vec<&'static ActiveRow> = rows;
            if let Some(last) = rows.last() {
                if last.fields_2021.is_empty() {
                    b.votes_2019 += 1;
                }
            }
            b.labels.push((label, pos.unwrap_or_default()));
            b.blocks.push(TextBlock {
                rows,
                values,
                same_line,
                detached: false,
            });
        }
    };
    // numbers before any row label, and the labels after them
    let mut detached: Vec<Item> = Vec::new();
    let mut labels_after = String::new();
    for line in lines {
        for it in &line.items {
            if it.is_label() {
                if !detached.is_empty() {
                    labels_after.push_str(&it.norm);
                }
                b.observe_label(&it.norm);
                if open.is_some() {
                    close(b, open.take(), acc_pos.take());
                    acc.clear();
                }
                acc.push_str(&it.norm);
                if acc_pos.is_none() {
                    acc_pos = Some(it.pos.clone());
                }
                last_label_line = it.pos.line;
                continue;
            }
            match open.as_mut() {
                Some((_, _, v, _)) => v.push(it.clone()),
                None => {
                    let rows = active_rows_in(&acc);
                    if !rows.is_empty() {
                        let same_line = it.pos.line.is_some() && it.pos.line == last_label_line;
                        open = Some((rows, acc.clone(), vec![it.clone()], same_line));
                    } else if it.is_number() && b.blocks.is_empty() {
                        detached.push(it.clone());
                    }
                }
            }
        }
    }
    close(b, open.take(), acc_pos.take());
    // rows named only after numbers that no label preceded: their values
    // are those numbers, in an order nobody can tell
    let named: Vec<&'static ActiveRow> = active_rows_in(&labels_after)
        .into_iter()
        .filter(|r| {
            !b.blocks
                .iter()
                .any(|bl| bl.rows.iter().any(|x| x.key == r.key))
        })
        .collect();
    if !detached.is_empty() && !named.is_empty() {
        b.blocks.push(TextBlock {
            rows: named,
            values: detached,
            same_line: false,
            detached: true,
        });
    }
}

/// The active rows whose words occur in `text`, in the order their last
/// occurrences end (the last one is the row a single run belongs to).
fn active_rows_in(text: &str) -> Vec<&'static ActiveRow> {
    let mut found: Vec<(&'static ActiveRow, usize)> = ACTIVE_ROWS
        .iter()
        .filter_map(|r| text.rfind(r.word).map(|p| (r, p + r.word.len())))
        .collect();
    found.sort_by_key(|(_, end)| *end);
    found.into_iter().map(|(r, _)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognise::rows::text_line;

    /// The fees row read from one line of text, with its findings.
    fn fees(line: &str) -> Extracted {
        let mut b = Builder::default();
        read_text(&mut b, &[text_line(line, &SourcePos::default())]);
        b.finish(Edition::E2021)
    }

    fn amount(e: &Extracted) -> Option<f64> {
        e.data
            .get("fees")
            .and_then(|r| r.get("amount"))
            .copied()
            .flatten()
            .map(|n| n.0)
    }

    #[test]
    fn an_amount_in_yuan_is_converted_to_wan_yuan() {
        let e = fees("行政事业性收费 75394432.52元");
        assert_eq!(amount(&e), Some(7539.443252));
        let [Fact::UnitConverted {
            row,
            column,
            printed,
            wan,
            ..
        }] = e.facts.as_slice()
        else {
            panic!("one conversion: {:?}", e.facts);
        };
        assert_eq!((*row, *column), ("fees", "amount"));
        // the unit once
        assert_eq!(printed, "75394432.52");
        assert_eq!(*wan, 7539.443252);
    }

    #[test]
    fn an_amount_in_wan_yuan_is_kept() {
        let e = fees("行政事业性收费 7539.44万元");
        assert_eq!(amount(&e), Some(7539.44));
        assert!(e.facts.is_empty(), "{:?}", e.facts);
    }
}
