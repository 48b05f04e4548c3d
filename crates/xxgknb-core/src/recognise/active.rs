//! The active-disclosure table (主动公开政府信息情况), both editions.

use super::labels::{self, ActiveRow, ACTIVE_ROWS};
use super::rows::{Item, Line};
use super::Extracted;
use crate::document::SourcePos;
use crate::model::{Finding, Location, Num, OrderedMap, Row, Severity, TableData};
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

/// Collects rows of the active table.
#[derive(Default)]
pub(crate) struct Builder {
    rows: HashMap<&'static str, Vec<Item>>,
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

    fn add_row(&mut self, row: &'static ActiveRow, label: (String, SourcePos), values: Vec<Item>) {
        if row.fields_2021.is_empty() {
            self.votes_2019 += 1;
        }
        self.labels.push(label);
        self.rows.entry(row.key).or_insert(values);
    }

    /// Was anything found?
    pub fn found(&self) -> bool {
        !self.rows.is_empty()
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
    pub fn finish(self, edition: Edition) -> Extracted {
        let mut data: TableData = OrderedMap::default();
        let mut positions = Vec::new();
        let mut findings = Vec::new();
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
                        findings.push(Finding {
                            rule: "UNIT_CONVERTED".into(),
                            severity: Severity::Info,
                            message: format!(
                                "主动公开 {} 金额印为 {} 元，已换算为 {} 万元",
                                r.key,
                                it.text.trim(),
                                wan
                            ),
                            location: Location {
                                table: Some("active".into()),
                                row: Some(r.key.into()),
                                column: Some((*f).into()),
                                section: None,
                                source: it.pos.clone(),
                            },
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
            findings,
        }
    }
}

/// Does this grid hold (part of) the active table?
pub(crate) fn is_active_grid(lines: &[Line]) -> bool {
    lines.iter().any(|l| {
        let first = l.items.iter().find(|i| !i.norm.is_empty());
        first.is_some_and(|i| i.is_label() && labels::active_row(&i.norm).is_some())
            && l.items.iter().any(|i| i.is_number())
    })
}

/// Read active rows from grid lines: the row label is the first non-empty
/// cell; the values are the cells after it, in order (blanks hold places).
pub(crate) fn read_grid(b: &mut Builder, lines: &[Line]) {
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
        let Some(row) = labels::active_row(&label.norm) else {
            continue;
        };
        let values: Vec<Item> = line
            .items
            .iter()
            .skip(first + 1)
            .filter(|i| !i.covered && i.value.is_value())
            .cloned()
            .collect();
        if values.is_empty() {
            continue;
        }
        b.add_row(row, (label.norm.clone(), label.pos.clone()), values);
    }
}

/// Read active rows from text lines (labels then numbers, possibly over
/// several lines).
pub(crate) fn read_text(b: &mut Builder, lines: &[Line]) {
    let mut acc = String::new();
    let mut acc_pos: Option<SourcePos> = None;
    let mut open: Option<(&'static ActiveRow, Vec<Item>)> = None;
    let mut pending_label = String::new();
    for line in lines {
        for it in &line.items {
            if it.is_label() {
                b.observe_label(&it.norm);
                if let Some((row, vals)) = open.take() {
                    let p = acc_pos.take().unwrap_or_default();
                    b.add_row(row, (pending_label.clone(), p), vals);
                    acc.clear();
                }
                acc.push_str(&it.norm);
                if acc_pos.is_none() {
                    acc_pos = Some(it.pos.clone());
                }
                continue;
            }
            match open.as_mut() {
                Some((_, v)) => v.push(it.clone()),
                None => {
                    if let Some(row) = rightmost_active_row(&acc) {
                        pending_label = acc.clone();
                        open = Some((row, vec![it.clone()]));
                    }
                }
            }
        }
    }
    if let Some((row, vals)) = open.take() {
        b.add_row(row, (pending_label, acc_pos.unwrap_or_default()), vals);
    }
}

fn rightmost_active_row(text: &str) -> Option<&'static ActiveRow> {
    ACTIVE_ROWS
        .iter()
        .filter_map(|r| text.rfind(r.word).map(|p| (r, p + r.word.len())))
        .max_by_key(|(_, end)| *end)
        .map(|(r, _)| r)
}
