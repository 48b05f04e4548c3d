//! The review and litigation table (行政复议、行政诉讼情况).

use super::labels::{self, REVIEW_FIELDS, REVIEW_GROUPS};
use super::rows::{Item, Line};
use super::Extracted;
use crate::model::{Num, OrderedMap, Row, TableData};

/// Does this grid hold the review table?
pub(crate) fn is_review_grid(lines: &[Line]) -> bool {
    let text: String = lines.iter().take(6).map(Line::label_text).collect();
    text.contains("行政复议") && (text.contains("维持") || text.contains("行政诉讼"))
}

/// Read the 15 values from a grid: the first row after the header that
/// holds values; columns from the header where it names every
/// (group, field) pair, otherwise in printed order.
pub(crate) fn read_grid(lines: &[Line]) -> Extracted {
    let header_end = lines
        .iter()
        .rposition(|l| {
            l.items
                .iter()
                .any(|i| labels::review_field(&i.norm).is_some())
        })
        .map_or(0, |p| p + 1);
    let header = &lines[..header_end.min(lines.len())];
    let data = lines[header_end.min(lines.len())..].iter().find(|l| {
        l.items
            .iter()
            .filter(|i| !i.covered && i.value.is_value())
            .count()
            >= 5
            && l.items.iter().any(|i| i.is_number())
    });
    let data = data.or_else(|| {
        lines[header_end.min(lines.len())..].iter().find(|l| {
            l.items
                .iter()
                .filter(|i| !i.covered && i.value.is_value())
                .count()
                >= 5
        })
    });
    let Some(data) = data else {
        return build(&[]);
    };
    let vals: Vec<&Item> = data
        .items
        .iter()
        .filter(|i| !i.covered && i.value.is_value())
        .collect();
    // header mapping
    let mut mapped: Vec<Option<(usize, usize)>> = Vec::new();
    for it in &vals {
        let mut field = None;
        let mut group = None;
        for line in header.iter().rev() {
            if let Some(cell) = line
                .items
                .iter()
                .find(|i| i.col <= it.col && it.col < i.end())
            {
                if field.is_none() {
                    field = labels::review_field(&cell.norm);
                }
                if group.is_none() {
                    group = labels::review_group(&cell.norm);
                }
            }
        }
        let g = group.and_then(|g| REVIEW_GROUPS.iter().position(|x| *x == g));
        let f = field.and_then(|f| REVIEW_FIELDS.iter().position(|x| *x == f));
        mapped.push(g.zip(f));
    }
    let distinct: std::collections::BTreeSet<_> = mapped.iter().flatten().collect();
    if vals.len() == 15 || distinct.len() != 15 || mapped.iter().any(Option::is_none) {
        return build(&vals);
    }
    let mut slots: Vec<Option<&Item>> = vec![None; 15];
    for (it, m) in vals.iter().zip(&mapped) {
        if let Some((g, f)) = m {
            if let Some(s) = slots.get_mut(g * 5 + f) {
                *s = Some(it);
            }
        }
    }
    build_slots(&slots)
}

/// Read the 15 values from text: every value token after the header, in
/// order.
pub(crate) fn read_text(lines: &[Line]) -> Extracted {
    let mut seen_header = false;
    let mut vals: Vec<&Item> = Vec::new();
    for line in lines {
        for it in &line.items {
            if it.is_label() {
                if it.norm.contains("复议")
                    || it.norm.contains("诉讼")
                    || labels::review_field(&it.norm).is_some()
                {
                    seen_header = true;
                }
                continue;
            }
            if seen_header && it.is_number()
                || (seen_header && !vals.is_empty() && it.value.is_value())
            {
                vals.push(it);
            }
        }
    }
    vals.truncate(15);
    build(&vals)
}

fn build(vals: &[&Item]) -> Extracted {
    let slots: Vec<Option<&Item>> = (0..15).map(|k| vals.get(k).copied()).collect();
    build_slots(&slots)
}

fn build_slots(slots: &[Option<&Item>]) -> Extracted {
    let mut data: TableData = OrderedMap::default();
    let mut positions = Vec::new();
    for (g, group) in REVIEW_GROUPS.iter().enumerate() {
        let mut row: Row = OrderedMap::default();
        for (f, field) in REVIEW_FIELDS.iter().enumerate() {
            let it = slots.get(g * 5 + f).copied().flatten();
            let v = it.and_then(|i| i.value.number());
            if let (Some(_), Some(i)) = (v, it) {
                positions.push((format!("{group}.{field}"), i.pos.clone()));
            }
            row.insert(*field, v.map(Num));
        }
        data.insert(*group, row);
    }
    Extracted {
        data,
        positions,
        labels: Vec::new(),
        single_other: false,
        findings: Vec::new(),
        edition: None,
    }
}
