//! The applications table read from text lines (plain and layout text,
//! PDF pages without ruling lines): row labels followed by runs of numbers.

use super::{orphan_unplaced, Builder, Unplaced};
use crate::document::{Placement, SourcePos};
use crate::normalize::Value;
use crate::recognise::labels;
use crate::recognise::rows::{Item, Line};
use std::collections::{BTreeSet, HashMap};

/// Column centres learned from rows that print all seven numbers, per
/// page, for placing the numbers of sparser rows in layout text.
fn column_centres(groups: &[(&'static str, Vec<&Item>)]) -> HashMap<Option<u32>, Vec<f32>> {
    let mut acc: HashMap<Option<u32>, Vec<Vec<f32>>> = HashMap::new();
    for (_, g) in groups {
        // blank markers (`—`, `/`) hold their column as numbers do
        let nums: Vec<&&Item> = g.iter().filter(|i| i.value.is_value()).collect();
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

/// Do a short row's values add up when placed in order (leading applicant
/// columns, the last one 总计)? Blank markers count as nothing.
fn adds_up(vals: &[&Item]) -> bool {
    let nums: Vec<f64> = vals
        .iter()
        .map(|i| i.value.number().unwrap_or(0.0))
        .collect();
    crate::recognise::rows::last_totals_the_rest(&nums)
}

/// Does the group `g` hold a whole row (seven values) printed on one line,
/// and does `it` start another line?
fn is_full_row_before(g: &[&Item], it: &Item) -> bool {
    let line = |i: &Item| (i.pos.page, i.pos.line);
    let Some(first) = g.first() else {
        return false;
    };
    g.len() >= 7
        && it.pos.line.is_some()
        && g.iter().all(|i| line(i) == line(first))
        && line(it) != line(first)
}

/// Does the text end with the applicant columns' headings (`…法律服务机构
/// 其他总计`): its last 总计 the header's, not the row （七）总计?
fn ends_in_column_headings(text: &str) -> bool {
    let Some(at) = text.rfind("总计") else {
        return false;
    };
    let before = text.get(..at).unwrap_or_default();
    let numbered = before.ends_with(['）', ')', '七', '、', '.']);
    let headings = ["法人或其他组织", "商业企", "科研机", "社会公益", "法律服务"]
        .iter()
        .filter(|h| before.contains(*h))
        .count();
    !numbered && headings >= 2 && text.get(at..).is_some_and(|t| t == "总计")
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
    // a match across the cut lies within the longest label's length of it:
    // the patterns that match the text around the cut (one pass over every
    // pattern) are the only ones that can (`^`/`$` aside, which only match
    // here when `before` or `after` is shorter than that and so whole)
    const REACH: usize = labels::LONGEST_APPLICATION_LABEL;
    let tail = before
        .char_indices()
        .rev()
        .nth(REACH - 1)
        .map_or(before, |(i, _)| &before[i..]);
    let head = after
        .char_indices()
        .nth(REACH)
        .map_or(after, |(i, _)| &after[..i]);
    let around = labels::candidates(&format!("{tail}{head}"));
    if around.is_empty() {
        return None;
    }
    let rows = around
        .into_iter()
        .filter_map(|i| labels::APPLICATION_ROWS.get(i));
    longest_across(rows, before, after)
}

/// Of `rows`, the one whose first match in `before` + `after` that
/// crosses the cut ends last.
fn longest_across<'r>(
    rows: impl Iterator<Item = &'r labels::RowLabel>,
    before: &str,
    after: &str,
) -> Option<&'static str> {
    let joined = format!("{before}{after}");
    let cut = before.len();
    rows.filter_map(|r| {
        r.pattern
            .find_iter(&joined)
            .find(|m| m.start() < cut && m.end() > cut)
            .map(|m| (m.end(), r.key))
    })
    .max()
    .map(|(_, k)| k)
}

/// One row's value items as read from text.
type Group<'a> = (&'static str, Vec<&'a Item>);

/// Label text accumulated since the last run of numbers.
#[derive(Default)]
struct LabelText {
    /// Every label item, in reading order.
    all: String,
    /// The rightmost label of each line only: in layout text the column of
    /// row labels, without a group label (`三、本年度办理结果`) whose
    /// pieces the same lines carry to its left.
    right: String,
    /// Where the current line's piece of `right` starts.
    right_start: usize,
    /// The line of the last label (page, line).
    right_line: Option<(Option<u32>, Option<u32>)>,
    /// Where that line's labels start in `all`.
    line_start: usize,
    /// Where the first label is.
    pos: Option<SourcePos>,
}

impl LabelText {
    fn push(&mut self, it: &Item) {
        if self.pos.is_none() {
            self.pos = Some(it.pos.clone());
        }
        let line = (it.pos.page, it.pos.line);
        if it.pos.line.is_some() && self.right_line == Some(line) {
            self.right.truncate(self.right_start);
        } else {
            self.right_start = self.right.len();
            self.right_line = Some(line);
            self.line_start = self.all.len();
        }
        self.all.push_str(&it.norm);
        self.right.push_str(&it.norm);
    }

    /// The labels of the lines before `item`'s line, when the last labels
    /// share its line (a group label printed beside a row's numbers,
    /// between the halves of a wrapped row label).
    fn before_line_of(&self, item: &Item) -> Option<&str> {
        let line = (item.pos.page, item.pos.line);
        (item.pos.line.is_some() && self.right_line == Some(line))
            .then(|| self.all.get(..self.line_start))
            .flatten()
            .filter(|t| !t.is_empty())
    }

    fn clear(&mut self) {
        *self = Self::default();
    }

    /// The text that names rows: all labels, or when they name none, the
    /// rightmost label of each line; and the rows it names in order.
    fn naming(&self) -> (&str, Vec<&'static str>) {
        let all = labels::application_rows_in(&self.all);
        if all.is_empty() && self.right.len() < self.all.len() {
            let right = labels::application_rows_in(&self.right);
            if !right.is_empty() {
                return (&self.right, right);
            }
        }
        (&self.all, all)
    }
}

/// Reads the applications table from text lines: labels accumulate until a
/// run of numbers starts; the run belongs to the row whose label match ends
/// last in the accumulated text.
#[derive(Default)]
struct TextReader<'a> {
    acc: LabelText,
    groups: Vec<Group<'a>>,
    open: Option<Group<'a>>,
    /// The first row (一、本年新收) was seen.
    started: bool,
    /// Wide gaps between numbers were seen: a column layout.
    layout: bool,
    /// Numbers with no row label before them: in layout text a label
    /// centred vertically in a tall cell prints below its numbers.
    orphan: Option<Vec<&'a Item>>,
    orphan_open: bool,
    /// Groups whose label only the fuzzy matcher recognised.
    fuzzy_groups: Vec<usize>,
    open_fuzzy: bool,
    fuzzy_taken: BTreeSet<&'static str>,
    fuzzy_facts: Vec<super::super::Fact>,
}

impl<'a> TextReader<'a> {
    /// Close the open group, if any.
    fn close_group(&mut self) -> bool {
        let Some(g) = self.open.take() else {
            return false;
        };
        if std::mem::take(&mut self.open_fuzzy) {
            self.fuzzy_groups.push(self.groups.len());
        }
        self.groups.push(g);
        true
    }

    fn on_label(&mut self, b: &mut Builder, it: &Item) {
        self.orphan_open = false;
        if self.close_group() {
            self.acc.clear();
        }
        self.acc.push(it);
        if let Some(k) = labels::rightmost_application_row(&it.norm) {
            if k == "new_received" {
                self.started = true;
            }
            if self.started && (k != "other_other" || it.norm.ends_with("其他")) {
                b.seen.insert(k);
            }
        }
    }

    fn start_orphan(&mut self, it: &'a Item) {
        self.orphan = Some(vec![it]);
        self.orphan_open = true;
    }

    fn on_value(&mut self, b: &mut Builder, lines: &[Line], li: usize, it: &'a Item) {
        match self.open.as_mut() {
            // layout text prints a row's numbers on one line: a second
            // line of numbers after a full row, with no label between,
            // is another row whose label is printed elsewhere (after
            // it, e.g. on the next page)
            Some((_, g)) if self.layout && self.started && is_full_row_before(g, it) => {
                self.close_group();
                self.acc.clear();
                if let Some(o) = self.orphan.take() {
                    orphan_unplaced(b, &o);
                }
                self.start_orphan(it);
            }
            Some((_, g)) => g.push(it),
            None if self.orphan_open => {
                if let Some(o) = self.orphan.as_mut() {
                    o.push(it);
                }
            }
            None => self.start_run(b, lines, li, it),
        }
    }

    /// A run of numbers starts after labels: find its row.
    fn start_run(&mut self, b: &mut Builder, lines: &[Line], li: usize, it: &'a Item) {
        let (text, in_acc) = self.acc.naming();
        if let Some(o) = self.orphan.take() {
            // the orphan belongs to the first label after it
            match in_acc.first() {
                Some(first) if in_acc.len() >= 2 => self.groups.push((*first, o)),
                _ => orphan_unplaced(b, &o),
            }
        }
        let line = lines.get(li);
        // a label wrapped around its numbers: the line right after them
        // completes it
        let wrapped = lines
            .get(li + 1)
            .filter(|next| self.started && line.is_some_and(|l| next_line_of(l, next)))
            .and_then(|next| {
                // the whole next line, else its last label alone (another
                // column's text, e.g. the group label `不予公`, printed
                // before it)
                let whole = next.label_text();
                let last = next
                    .items
                    .iter()
                    .rfind(|i| i.is_label())
                    .map(|l| l.norm.as_str())
                    .filter(|l| *l != whole);
                let befores = [
                    Some(self.acc.all.as_str()),
                    Some(self.acc.right.as_str()),
                    self.acc.before_line_of(it),
                ];
                befores
                    .iter()
                    .enumerate()
                    // the same text twice gives the same answer
                    .filter_map(|(k, b)| {
                        b.filter(|b| !befores.iter().take(k).any(|x| *x == Some(*b)))
                    })
                    .find_map(|before| {
                        label_across(before, &whole)
                            .or_else(|| last.and_then(|l| label_across(before, l)))
                    })
            });
        if let Some(row) = wrapped {
            if let Some(p) = &self.acc.pos {
                b.labels.push((self.acc.all.clone(), p.clone()));
            }
            self.open = Some((row, vec![it]));
            return;
        }
        // a label no pattern knows may be a misspelt one
        if self.started && in_acc.is_empty() && !self.acc.all.is_empty() {
            if let Some(row) = labels::fuzzy_application_row_noted(
                &self.acc.all,
                &mut self.fuzzy_taken,
                self.acc.pos.as_ref(),
                &mut self.fuzzy_facts,
            ) {
                self.open = Some((row, vec![it]));
                self.open_fuzzy = true;
                return;
            }
        }
        if self.started && in_acc.is_empty() && !self.groups.is_empty() {
            self.start_orphan(it);
            return;
        }
        let row = labels::rightmost_application_row(text).and_then(|row| {
            if row == "total_processed" && ends_in_column_headings(text) {
                // the header's 总计 printed after a row label (flattened
                // text puts the first row's label before the header): the
                // row is the one named before it
                in_acc.iter().rev().find(|r| **r != row).copied()
            } else {
                Some(row)
            }
        });
        if let Some(row) = row {
            // 总计 and 其他 are also column headers: they do not start the
            // table on their own
            if row != "total_processed" && row != "other_other" {
                self.started = true;
            }
            if self.started {
                if let Some(p) = &self.acc.pos {
                    b.labels.push((text.to_string(), p.clone()));
                }
                self.open = Some((row, vec![it]));
            }
        }
    }

    /// After the last line: close what is open and settle the fuzzy
    /// matches. Returns the groups.
    fn finish(mut self, b: &mut Builder) -> Vec<Group<'a>> {
        self.close_group();
        if let Some(o) = self.orphan.take() {
            // numbers at the end of the table, their label after them: the
            // row that label names, unless another run of numbers took it
            let (_, in_acc) = self.acc.naming();
            match in_acc.first() {
                Some(first) if !self.groups.iter().any(|(r, _)| r == first) => {
                    self.groups.push((*first, o));
                }
                _ => orphan_unplaced(b, &o),
            }
        }
        // a misspelt label never takes a row another label names exactly
        let exact: BTreeSet<&'static str> = self
            .groups
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.fuzzy_groups.contains(i))
            .map(|(_, (r, _))| *r)
            .collect();
        let dropped: BTreeSet<&'static str> = self
            .fuzzy_groups
            .iter()
            .filter_map(|i| self.groups.get(*i).map(|(r, _)| *r))
            .filter(|r| exact.contains(r))
            .collect();
        if !dropped.is_empty() {
            let mut i = 0;
            let fuzzy_groups = &self.fuzzy_groups;
            self.groups.retain(|(r, _)| {
                let fuzzy = fuzzy_groups.contains(&i);
                i += 1;
                !(fuzzy && dropped.contains(r))
            });
            self.fuzzy_facts
                .retain(|f| f.label_row().is_none_or(|r| !dropped.contains(r)));
        }
        for r in self.fuzzy_taken.difference(&dropped) {
            b.seen.insert(r);
        }
        b.facts.extend(self.fuzzy_facts);
        b.rows_found += b.seen.len();
        b.positioned = self.layout;
        self.groups
    }
}

/// Read the applications table from text lines (see [`TextReader`]), then
/// place each row's numbers: by the column bands of full rows in layout
/// text, else in order where that is safe.
pub(crate) fn read_text(b: &mut Builder, lines: &[Line]) {
    let mut reader = TextReader::default();
    for (li, line) in lines.iter().enumerate() {
        let nums: Vec<&Item> = line.numbers().collect();
        if nums
            .windows(2)
            .any(|w| matches!(w, [a, b] if b.col >= a.end() + 3))
        {
            reader.layout = true;
        }
        for it in &line.items {
            if it.is_label() {
                reader.on_label(b, it);
            } else if matches!(it.value, Value::Number { .. } | Value::Blank) {
                reader.on_value(b, lines, li, it);
            }
        }
    }
    let layout = reader.layout;
    let groups = reader.finish(b);
    let centres = if layout {
        column_centres(&groups)
    } else {
        HashMap::new()
    };
    for (row, g) in &groups {
        place_group(b, row, g, layout, &centres);
    }
}

/// Place one row's items (see [`read_text`]).
fn place_group(
    b: &mut Builder,
    row: &'static str,
    g: &[&Item],
    layout: bool,
    centres: &HashMap<Option<u32>, Vec<f32>>,
) {
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
    if let Some(cs) = cs.filter(|cs| cs.len() == 7) {
        place_by_bands(b, row, &cs, &nums);
        return;
    }
    // blank markers hold places only when the row prints all seven
    let vals: Vec<&Item> = if g.len() >= 7 { g.to_vec() } else { nums };
    if vals.len() < 7 && !adds_up(&vals) {
        // blank cells were left out and the row does not add up: which
        // cell each number belongs to is unknown (in layout text: no row
        // of the table shows where the columns are)
        if !layout {
            b.unplaceable += 1;
        }
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
        return;
    }
    b.assign_sequential(row, &vals);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `label_across` without the look around the cut: every pattern over
    /// the whole joined text.
    fn across_everywhere(before: &str, after: &str) -> Option<&'static str> {
        if after.is_empty() {
            return None;
        }
        longest_across(labels::APPLICATION_ROWS.iter(), before, after)
    }

    #[test]
    fn a_label_across_the_cut_is_found_wherever_it_is_cut() {
        let mut texts: Vec<String> = labels::APPLICATION_ROWS
            .iter()
            .map(|r| crate::keys::row_name(r.key).to_string())
            .collect();
        texts.extend(
            [
                "本年新收政府信息公开申请数量",
                "新收到的依申请公开政府信息申请",
                "5.属于三类内部事务信息",
                "3其他",
                "其他",
                "三、本年度办理结果（一）予以公开",
            ]
            .map(String::from),
        );
        let mut found = 0;
        for text in &texts {
            for prefix in ["", "二、收到和处理政府信息公开申请情况申请人情况自然人"]
            {
                let whole = format!("{prefix}{text}");
                for (cut, _) in whole.char_indices().skip(1) {
                    let (before, after) = whole.split_at(cut);
                    let want = across_everywhere(before, after);
                    assert_eq!(label_across(before, after), want, "{before} | {after}");
                    found += usize::from(want.is_some());
                }
            }
        }
        assert!(found > 100, "{found}");
    }
}
