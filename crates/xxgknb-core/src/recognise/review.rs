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
            // a heading cell reaching down into the value row (its empty
            // cell merged into it) does not make that row a header
            l.items
                .iter()
                .any(|i| !i.covered && labels::review_field(&i.norm).is_some())
        })
        .map_or(0, |p| p + 1);
    let (header, body) = lines.split_at(header_end.min(lines.len()));
    let data = body.iter().find(|l| {
        l.items
            .iter()
            .filter(|i| !i.covered && i.value.is_value())
            .count()
            >= 5
            && l.items.iter().any(|i| i.is_number())
    });
    let data = data.or_else(|| {
        body.iter().find(|l| {
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
    // every value under its own (group, field) heading: placed by the
    // header, and a column without a cell of its own in this row (its
    // empty cell merged into the heading above) stays blank
    let distinct: std::collections::BTreeSet<_> = mapped.iter().flatten().collect();
    let by_header = distinct.len() == vals.len() && mapped.iter().all(Option::is_some);
    if !by_header || (vals.len() == 15 && distinct.len() != 15) {
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

/// Words of the review table's column headings, as layout text splits them.
const HEADER_WORDS: &[&str] = &[
    "结果",
    "维持",
    "纠正",
    "其他",
    "尚未",
    "审结",
    "总计",
    "合计",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "未审结",
];

/// Centre of an item in character columns.
fn centre(i: &Item) -> f32 {
    i.col as f32 + i.span as f32 / 2.0
}

/// Centres of header words printed one character a line (a narrow column:
/// `结` / `果` / `维` / `持`): single characters in one column (centres
/// within 0.6) on lines one after another, top to bottom, that spell a
/// header word.
fn vertical_words(header: &[&Item]) -> Vec<f32> {
    let mut singles: Vec<&Item> = header
        .iter()
        .copied()
        .filter(|i| i.is_label() && i.norm.chars().count() == 1 && i.pos.line.is_some())
        .collect();
    singles.sort_by(|a, b| centre(a).total_cmp(&centre(b)));
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(first) = singles.get(start) {
        let x0 = centre(first);
        let end = singles
            .iter()
            .skip(start)
            .position(|i| centre(i) - x0 > 0.6)
            .map_or(singles.len(), |n| start + n);
        let mut stack: Vec<&Item> = singles.get(start..end).unwrap_or_default().to_vec();
        stack.sort_by_key(|i| (i.pos.page, i.pos.line));
        let consecutive = stack.windows(2).all(|w| {
            matches!(w, [a, b] if a.pos.page == b.pos.page
                && a.pos.line.zip(b.pos.line).is_some_and(|(x, y)| x + 1 == y))
        });
        let word: String = stack.iter().map(|i| i.norm.as_str()).collect();
        if consecutive && stack.len() >= 2 && HEADER_WORDS.contains(&word.as_str()) {
            out.push(stack.iter().map(|i| centre(i)).sum::<f32>() / stack.len() as f32);
        }
        start = end;
    }
    out
}

/// Column centres from the header words' character columns in layout text:
/// 15 clusters when the header shows every column, else `None`.
fn layout_columns(header: &[&Item]) -> Option<Vec<f32>> {
    let mut xs: Vec<f32> = header
        .iter()
        .filter(|i| HEADER_WORDS.contains(&i.norm.as_str()))
        .map(|i| centre(i))
        .collect();
    xs.extend(vertical_words(header));
    xs.sort_by(f32::total_cmp);
    let mut clusters: Vec<Vec<f32>> = Vec::new();
    for x in xs {
        match clusters.last_mut() {
            Some(c) if c.last().is_some_and(|l| x - l <= 1.5) => c.push(x),
            _ => clusters.push(vec![x]),
        }
    }
    (clusters.len() == 15).then(|| {
        clusters
            .iter()
            .map(|c| c.iter().sum::<f32>() / c.len() as f32)
            .collect()
    })
}

/// Read the 15 values from text: every value token after the header, in
/// order; in layout text with blanks left empty, by column position.
/// Without column positions, fewer than 15 values can be placed only when
/// they fill whole groups of five, or make one short group of zeros (blank
/// cells left out: a non-zero value could be in any of four fields);
/// otherwise the layout is lost and `Err` says why, in Chinese.
pub(crate) fn read_text(lines: &[Line]) -> Result<Extracted, String> {
    let mut seen_header = false;
    let mut header: Vec<&Item> = Vec::new();
    let mut vals: Vec<&Item> = Vec::new();
    // column headings printed between the values: flattened text that
    // wrote each cell after its heading, in an order of its own.
    // `heading_before[k]`: a heading came between value k-1 and value k
    let mut heading_pending = false;
    let mut heading_before: Vec<bool> = Vec::new();
    for line in lines {
        for it in &line.items {
            if it.is_label() {
                let field = labels::review_field(&it.norm).is_some();
                if field || it.norm.contains("复议") || it.norm.contains("诉讼") {
                    seen_header = true;
                }
                heading_pending |= field && !vals.is_empty();
                if vals.is_empty() {
                    header.push(it);
                }
                continue;
            }
            if seen_header && it.is_number()
                || (seen_header && !vals.is_empty() && it.value.is_value())
            {
                vals.push(it);
                heading_before.push(std::mem::take(&mut heading_pending));
            }
        }
    }
    vals.truncate(15);
    let gaps = vals
        .windows(2)
        .any(|w| matches!(w, [a, b] if b.col >= a.end() + 3));
    let one_line = vals
        .first()
        .is_some_and(|f| vals.iter().all(|i| i.pos.line == f.pos.line));
    if vals.len() < 15 && gaps && one_line {
        if let Some(cols) = layout_columns(&header) {
            let mut slots: Vec<Option<&Item>> = vec![None; 15];
            let mut next = 0usize;
            for it in vals.iter().filter(|i| i.is_number()) {
                let x = it.col as f32 + it.span as f32 / 2.0;
                let dist = |k: &usize| cols.get(*k).map_or(f32::INFINITY, |c| (c - x).abs());
                let best = (next..15).min_by(|a, b| dist(a).total_cmp(&dist(b)));
                // a value well inside its column's band, never one between two
                let gap = |k: usize| {
                    let c = cols.get(k).copied().unwrap_or(0.0);
                    [k.wrapping_sub(1), k + 1]
                        .iter()
                        .filter_map(|n| cols.get(*n))
                        .map(|n| (n - c).abs())
                        .fold(f32::INFINITY, f32::min)
                };
                if let Some(k) = best.filter(|k| dist(k) > 0.4 * gap(*k)) {
                    return Err(format!(
                        "数值 {} 位于两列之间（第 {} 列附近）",
                        it.text,
                        k + 1
                    ));
                }
                if let Some(k) = best {
                    if let Some(slot) = slots.get_mut(k) {
                        *slot = Some(it);
                    }
                    next = k + 1;
                }
            }
            let mut ex = build_slots(&slots);
            for (_, p) in &mut ex.positions {
                p.placement = Some(crate::document::Placement::Geometry);
            }
            return Ok(ex);
        }
    }
    if !gaps {
        check_interleaved(&vals, &heading_before)?;
    }
    place_in_order(&vals)
}

/// Values that flattened text interleaves with column headings inside one
/// group of five may be in an order of the text's own: such a group is
/// placed in order only when its four fields add up to its total (blanks as
/// 0). Arithmetic only rejects an order here; it never chooses one.
fn check_interleaved(vals: &[&Item], heading_before: &[bool]) -> Result<(), String> {
    for (g, group) in vals.chunks(5).enumerate() {
        let inside = (1..group.len()).any(|k| heading_before.get(g * 5 + k) == Some(&true));
        let nums: Vec<f64> = group
            .iter()
            .map(|i| i.value.number().unwrap_or(0.0))
            .collect();
        if inside && group.len() == 5 && !super::rows::last_totals_the_rest(&nums) {
            return Err(
                "表头文字与数值交错排列，按顺序放置时该组合计不符，无法确定各数值所属的列"
                    .to_string(),
            );
        }
    }
    Ok(())
}

/// Place values in order when that is unambiguous (see [`read_text`]).
fn place_in_order(vals: &[&Item]) -> Result<Extracted, String> {
    let n = vals.len();
    if n.is_multiple_of(5) || n >= 15 {
        return Ok(build(vals));
    }
    let nums: Option<Vec<f64>> = vals.iter().map(|i| i.value.number()).collect();
    if let Some(nums) = nums.filter(|v| !v.is_empty()) {
        // a short group whose last value totals the others can be placed
        // only when the others are all 0: which of the four fields a
        // non-zero value belongs to is otherwise unknown (`2 … 2` is
        // 维持, 纠正, 其他 or 尚未审结 with its total)
        let leading_zero = nums.iter().take(n.saturating_sub(1)).all(|v| *v == 0.0);
        if n < 5 && leading_zero && super::rows::last_totals_the_rest(&nums) {
            // leading fields of the first group, the last value its total
            let mut slots: Vec<Option<&Item>> = vec![None; 15];
            for (slot, it) in slots.iter_mut().zip(vals.iter().take(n - 1)) {
                *slot = Some(*it);
            }
            if let (Some(slot), Some(last)) = (slots.get_mut(4), vals.last()) {
                *slot = Some(*last);
            }
            return Ok(build_slots(&slots));
        }
    }
    Err(format!(
        "只有 {n} 个数值，少于表格的 15 个单元格，且没有列位置可依"
    ))
}

/// The table with every cell blank.
pub(crate) fn blank() -> Extracted {
    build(&[])
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
        facts: Vec::new(),
        unplaced: Vec::new(),
    }
}
