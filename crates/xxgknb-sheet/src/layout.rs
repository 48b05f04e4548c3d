//! From a worksheet's cells and merged regions to document blocks.
//!
//! 1. Merged regions become spans: the top-left cell carries the text and
//!    the spans, covered cells are not listed (values hidden under a merge
//!    are dropped, as the spreadsheet program hides them).
//! 2. Rows without text, border or a merge reaching them from a row that
//!    has content are blank; blank rows split the sheet into blocks.
//! 3. In a block, a *title row* (one non-empty cell, typically merged across
//!    the width: the report title, 填报单位…, 表一 …) becomes a paragraph.
//!    Where the sheet draws cell borders, a title row is one whose cell has
//!    no border (tables are the bordered part); without border information
//!    (XLS, ODS, borderless sheets) only the title rows heading a block
//!    count, so that a one-label row inside a table (二、上年结转… with
//!    blank figures) stays in it.
//! 4. Each run of other rows becomes one table, as wide as the cells in it.

use crate::grid::{a1, Merge, SheetData};
use std::collections::HashMap;
use xxgknb_core::{AdapterError, Cell, Document, Limits, SourcePos, Table};

/// Merged slots per sheet, and grid slots per table, may reach this many
/// times [`Limits::max_cells_per_table`] before the sheet is refused.
const AREA_FACTOR: u64 = 16;

/// How a row of a block is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Part of a table.
    Table,
    /// A title row: its one cell becomes a paragraph.
    Title,
    /// Covered by the merge of a title row above it.
    Consumed,
}

/// The merged regions of a sheet, resolved: where each region starts and
/// which slots it covers.
struct Spans {
    /// Origin (row, col) → (row span, col span).
    origins: HashMap<(u32, u32), (u32, u32)>,
    /// Covered slot (not the origin) → its region's origin.
    covered: HashMap<(u32, u32), (u32, u32)>,
}

impl Spans {
    /// Resolve merges, clipped to `max` (last row, last column). Regions
    /// that overlap an earlier one, or are a single cell, are ignored; the
    /// slots covered by all regions together may not exceed `budget`.
    fn resolve(merges: &[Merge], max: (u32, u32), budget: u64) -> Result<Spans, AdapterError> {
        let mut sorted: Vec<Merge> = merges.to_vec();
        sorted.sort();
        let mut spans = Spans {
            origins: HashMap::new(),
            covered: HashMap::new(),
        };
        let mut used = 0u64;
        for m in sorted {
            if m.last_row < m.first_row || m.last_col < m.first_col {
                continue;
            }
            if m.first_row > max.0 || m.first_col > max.1 {
                continue;
            }
            let last_row = m.last_row.min(max.0);
            let last_col = m.last_col.min(max.1);
            if last_row == m.first_row && last_col == m.first_col {
                continue;
            }
            let area =
                u64::from(last_row - m.first_row + 1) * u64::from(last_col - m.first_col + 1);
            used = used.saturating_add(area);
            if used > budget {
                return Err(AdapterError::LimitExceeded {
                    what: "merged cells per sheet",
                    limit: budget,
                });
            }
            let slots = || {
                (m.first_row..=last_row)
                    .flat_map(move |r| (m.first_col..=last_col).map(move |c| (r, c)))
            };
            if slots().any(|s| spans.covered.contains_key(&s) || spans.origins.contains_key(&s)) {
                continue;
            }
            let origin = (m.first_row, m.first_col);
            spans.origins.insert(
                origin,
                (last_row - m.first_row + 1, last_col - m.first_col + 1),
            );
            for s in slots().skip(1) {
                spans.covered.insert(s, origin);
            }
        }
        Ok(spans)
    }

    fn span(&self, at: (u32, u32)) -> (u32, u32) {
        self.origins.get(&at).copied().unwrap_or((1, 1))
    }
}

/// Lay one sheet out as paragraphs and tables appended to `doc`.
pub fn lay_out(sheet: &SheetData, limits: &Limits, doc: &mut Document) -> Result<(), AdapterError> {
    let Some(ext) = Extent::of(sheet) else {
        return Ok(());
    };
    let budget = (limits.max_cells_per_table as u64).saturating_mul(AREA_FACTOR);
    let spans = Spans::resolve(&sheet.merges, (ext.max_row, ext.max_col), budget)?;
    let has_borders = sheet.cells.values().any(|c| c.bordered);
    let live = live_rows(sheet, &spans, &ext);
    let mut r = ext.min_row;
    while r <= ext.max_row {
        let is_live = |r: u32| {
            live.get((r - ext.min_row) as usize)
                .copied()
                .unwrap_or(false)
        };
        if !is_live(r) {
            r += 1;
            continue;
        }
        let start = r;
        while r <= ext.max_row && is_live(r) {
            r += 1;
        }
        lay_out_block(sheet, &spans, has_borders, start, r - 1, limits, doc)?;
    }
    Ok(())
}

/// Bounding box of the stored cells.
struct Extent {
    min_row: u32,
    max_row: u32,
    max_col: u32,
}

impl Extent {
    fn of(sheet: &SheetData) -> Option<Extent> {
        let (&(min_row, _), _) = sheet.cells.first_key_value()?;
        let (&(max_row, _), _) = sheet.cells.last_key_value()?;
        let max_col = sheet.cells.keys().map(|&(_, c)| c).max()?;
        Some(Extent {
            min_row,
            max_row,
            max_col,
        })
    }
}

/// Which rows (indexed from `ext.min_row`) have content: a visible cell
/// with text or a border, or a merged region reaching down from a cell
/// that has content.
fn live_rows(sheet: &SheetData, spans: &Spans, ext: &Extent) -> Vec<bool> {
    let height = (ext.max_row - ext.min_row) as usize + 1;
    let mut live = vec![false; height];
    for (&(r, c), cell) in &sheet.cells {
        if !spans.covered.contains_key(&(r, c)) || cell.bordered {
            if let Some(slot) = live.get_mut((r - ext.min_row) as usize) {
                *slot = true;
            }
        }
    }
    for (&(r, c), &(rs, _)) in &spans.origins {
        if sheet.cells.contains_key(&(r, c)) {
            for rr in r..r + rs {
                if let Some(slot) = live.get_mut(rr.saturating_sub(ext.min_row) as usize) {
                    *slot = true;
                }
            }
        }
    }
    live
}

/// Lay out the rows `first..=last` of a block.
fn lay_out_block(
    sheet: &SheetData,
    spans: &Spans,
    has_borders: bool,
    first: u32,
    last: u32,
    limits: &Limits,
    doc: &mut Document,
) -> Result<(), AdapterError> {
    let roles = classify(sheet, spans, has_borders, first, last);
    let mut r = first;
    while r <= last {
        let role = |r: u32| {
            roles
                .get((r - first) as usize)
                .copied()
                .unwrap_or(Role::Consumed)
        };
        match role(r) {
            Role::Consumed => r += 1,
            Role::Title => {
                // one paragraph per row: its text cells left to right
                let mut cells = visible_text_cells(sheet, spans, r).peekable();
                if let Some((&(row, col), _)) = cells.peek() {
                    let at = pos(sheet, row, col);
                    let text: Vec<String> = cells.map(|(_, c)| one_line(&c.text)).collect();
                    doc.push_paragraph(text.join(" "), at);
                }
                r += 1;
            }
            Role::Table => {
                let start = r;
                while r <= last && role(r) == Role::Table {
                    r += 1;
                }
                let table = build_table(sheet, spans, start, r - 1, limits)?;
                doc.push_table(table);
            }
        }
    }
    Ok(())
}

/// The non-covered cells of row `r` that have text, left to right.
fn visible_text_cells<'a>(
    sheet: &'a SheetData,
    spans: &'a Spans,
    r: u32,
) -> impl Iterator<Item = (&'a (u32, u32), &'a crate::grid::RawCell)> + 'a {
    sheet
        .cells
        .range((r, 0)..=(r, u32::MAX))
        .filter(move |(k, c)| !spans.covered.contains_key(*k) && !c.text.trim().is_empty())
}

/// Decide the role of each row of the block `first..=last`.
fn classify(
    sheet: &SheetData,
    spans: &Spans,
    has_borders: bool,
    first: u32,
    last: u32,
) -> Vec<Role> {
    let n = (last - first) as usize + 1;
    let mut roles = vec![Role::Table; n];
    // rows reached by a merge starting in an earlier row of the block
    let mut reached = vec![false; n];
    for (&(r, _), &(rs, _)) in &spans.origins {
        if (first..=last).contains(&r) {
            for rr in r + 1..r + rs {
                if let Some(slot) = reached.get_mut(rr.saturating_sub(first) as usize) {
                    if rr >= first {
                        *slot = true;
                    }
                }
            }
        }
    }
    let mut heading = true; // still in the run of title rows heading the block
    let mut r = first;
    while r <= last {
        let i = (r - first) as usize;
        if roles.get(i) == Some(&Role::Consumed) {
            r += 1;
            continue;
        }
        let mut texts = visible_text_cells(sheet, spans, r);
        let lone = match (texts.next(), texts.next()) {
            (Some((&at, cell)), None) if reached.get(i) == Some(&false) => Some((at, cell)),
            _ => None,
        };
        let title = lone.and_then(|(at, cell)| {
            let (rs, _) = spans.span(at);
            // the rows under a multi-row title must hold nothing else
            let below_empty =
                (r + 1..r + rs).all(|rr| visible_text_cells(sheet, spans, rr).next().is_none());
            let is_title = below_empty && if has_borders { !cell.bordered } else { heading };
            is_title.then_some(rs)
        });
        // with borders, a row of several texts none of which is bordered
        // (填报单位：… | 统计期限：… in separate cells) is outside the tables
        let loose = || {
            has_borders
                && reached.get(i) == Some(&false)
                && !sheet
                    .cells
                    .range((r, 0)..=(r, u32::MAX))
                    .any(|(_, c)| c.bordered)
                && visible_text_cells(sheet, spans, r).all(|(&at, _)| spans.span(at).0 == 1)
        };
        let title = title.or_else(|| (lone.is_none() && loose()).then_some(1));
        match title {
            Some(rs) => {
                if let Some(slot) = roles.get_mut(i) {
                    *slot = Role::Title;
                }
                for rr in r + 1..r + rs {
                    if let Some(slot) = roles.get_mut((rr - first) as usize) {
                        *slot = Role::Consumed;
                    }
                }
                r += rs.max(1);
            }
            None => {
                heading = false;
                r += 1;
            }
        }
    }
    roles
}

/// Build the table of rows `first..=last`.
fn build_table(
    sheet: &SheetData,
    spans: &Spans,
    first: u32,
    last: u32,
    limits: &Limits,
) -> Result<Table, AdapterError> {
    // columns used by the rows: visible cells with their spans, bordered
    // cells, and merged regions starting in these rows
    let mut min_col = u32::MAX;
    let mut max_col = 0u32;
    let mut widen = |c0: u32, c1: u32| {
        min_col = min_col.min(c0);
        max_col = max_col.max(c1);
    };
    for (&(r, c), cell) in sheet.cells.range((first, 0)..=(last, u32::MAX)) {
        if spans.covered.contains_key(&(r, c)) {
            if cell.bordered {
                widen(c, c);
            }
        } else {
            let (_, cs) = spans.span((r, c));
            widen(c, c + cs - 1);
        }
    }
    for (&(r, c), &(_, cs)) in &spans.origins {
        if (first..=last).contains(&r) {
            widen(c, c + cs - 1);
        }
    }
    let mut table = Table {
        rows: Vec::new(),
        pos: pos(sheet, first, min_col.min(max_col)),
    };
    if min_col > max_col {
        return Ok(table);
    }
    let area = u64::from(last - first + 1) * u64::from(max_col - min_col + 1);
    let area_limit = (limits.max_cells_per_table as u64).saturating_mul(AREA_FACTOR);
    if area > area_limit {
        return Err(AdapterError::LimitExceeded {
            what: "grid slots per table",
            limit: area_limit,
        });
    }
    let mut count = 0usize;
    for r in first..=last {
        let mut row = Vec::new();
        for c in min_col..=max_col {
            if let Some(&(or, oc)) = spans.covered.get(&(r, c)) {
                if or >= first && oc >= min_col {
                    continue; // covered by a cell of this table
                }
                // covered by a region starting outside the table: keep the
                // grid rectangular with an empty cell
                row.push(Cell::new("", pos(sheet, r, c)));
            } else {
                let text = sheet
                    .cells
                    .get(&(r, c))
                    .map(|cell| cell.text.clone())
                    .unwrap_or_default();
                let (rs, cs) = spans.span((r, c));
                let rs = rs.min(last - r + 1);
                let cs = cs.min(max_col - c + 1);
                row.push(Cell::spanning(text, rs, cs, pos(sheet, r, c)));
            }
            count += 1;
            if count > limits.max_cells_per_table {
                return Err(AdapterError::LimitExceeded {
                    what: "cells per table",
                    limit: limits.max_cells_per_table as u64,
                });
            }
        }
        table.rows.push(row);
    }
    Ok(table)
}

/// Position of a cell of this sheet.
fn pos(sheet: &SheetData, row: u32, col: u32) -> SourcePos {
    SourcePos {
        page: Some(sheet.index),
        sheet: Some(sheet.name.clone()),
        cell: Some(a1(row, col)),
        ..SourcePos::default()
    }
}

/// A title cell's text on one line: a line break between two ASCII
/// characters becomes a space, any other (next to CJK text) is removed.
fn one_line(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let between_ascii = out.chars().last().is_some_and(|c| c.is_ascii())
            && line.chars().next().is_some_and(|c| c.is_ascii());
        if between_ascii {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use xxgknb_core::Block;

    /// A sheet from rows of text (`""` = empty) and merges given as
    /// (first_row, first_col, last_row, last_col).
    fn sheet(rows: &[&[&str]], merges: &[(u32, u32, u32, u32)]) -> SheetData {
        let mut s = SheetData::new("表1", 1);
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                s.put(r as u32, c as u32, (*t).to_string(), false);
            }
        }
        s.merges = merges
            .iter()
            .map(|&(a, b, c, d)| Merge::new(a, b, c, d))
            .collect();
        s
    }

    fn blocks(s: &SheetData) -> Vec<Block> {
        let mut doc = Document::new("xlsx");
        lay_out(s, &Limits::default(), &mut doc).expect("lay out");
        doc.blocks
    }

    /// Texts of each table row (cells that start in it) with spans.
    fn rows(b: &Block) -> Vec<Vec<String>> {
        let Block::Table(t) = b else {
            panic!("not a table: {b:?}")
        };
        t.rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| match (c.row_span, c.col_span) {
                        (1, 1) => c.text.clone(),
                        (rs, cs) => format!("{}[{rs}x{cs}]", c.text),
                    })
                    .collect()
            })
            .collect()
    }

    fn para(b: &Block) -> &str {
        match b {
            Block::Paragraph(p) => &p.text,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn merges_become_spans_and_covered_cells_are_not_listed() {
        // | 项目 (2 rows) | 申请人情况 (3 cols)  |
        // |               | 自然人 | 法人 | 总计 |
        // | 本年新收      | 1      |      | 1    |
        let s = sheet(
            &[
                &["项目", "申请人情况", "", ""],
                &["", "自然人", "法人", "总计"],
                &["本年新收", "1", "", "1"],
            ],
            &[(0, 0, 1, 0), (0, 1, 0, 3)],
        );
        let b = blocks(&s);
        assert_eq!(b.len(), 1);
        assert_eq!(
            rows(&b[0]),
            vec![
                vec!["项目[2x1]", "申请人情况[1x3]"],
                vec!["自然人", "法人", "总计"],
                vec!["本年新收", "1", "", "1"],
            ]
        );
        let Block::Table(t) = &b[0] else {
            panic!("block 0 is not a table: {:?}", b[0])
        };
        assert_eq!(t.grid().width, 4);
        assert_eq!(t.rows[2][1].pos.cell.as_deref(), Some("B3"));
        assert_eq!(t.rows[2][1].pos.sheet.as_deref(), Some("表1"));
        assert_eq!(t.rows[2][1].pos.page, Some(1));
    }

    #[test]
    fn hidden_values_under_a_merge_are_dropped() {
        let s = sheet(
            &[&["x", "y", "z"], &["a", "hidden", "w"], &["1", "2", "3"]],
            &[(1, 0, 1, 1)],
        );
        assert_eq!(
            rows(&blocks(&s)[0]),
            vec![
                vec!["x", "y", "z"],
                vec!["a[1x2]", "w"],
                vec!["1", "2", "3"]
            ]
        );
    }

    #[test]
    fn overlapping_and_hostile_merges_are_ignored_or_clipped() {
        let s = sheet(
            &[&["a", "b", "c"], &["1", "2", "3"]],
            &[
                (0, 0, 0, 1),
                (0, 1, 1, 2),
                (1, 1, 1_000_000, 16_000),
                (5, 5, 2, 2),
            ],
        );
        assert_eq!(
            rows(&blocks(&s)[0]),
            vec![vec!["a[1x2]", "c"], vec!["1", "2[1x2]"]]
        );
    }

    #[test]
    fn title_rows_become_paragraphs_and_blank_rows_split_tables() {
        let s = sheet(
            &[
                &["XX县人民政府2022年政府信息公开工作年度报告", "", ""],
                &["填报单位：XX县人民政府", "", ""],
                &[],
                &["表一 主动公开", "", ""],
                &["信息内容", "本年制发件数", "现行有效件数"],
                &["规章", "0", "3"],
                &[],
                &["表二 复议诉讼", "", ""],
                &["结果维持", "总计"],
                &["1", "1"],
            ],
            &[(0, 0, 0, 2), (3, 0, 3, 2), (7, 0, 7, 1)],
        );
        let b = blocks(&s);
        assert_eq!(b.len(), 6, "{b:#?}");
        assert_eq!(para(&b[0]), "XX县人民政府2022年政府信息公开工作年度报告");
        assert_eq!(para(&b[1]), "填报单位：XX县人民政府");
        assert_eq!(para(&b[2]), "表一 主动公开");
        assert_eq!(
            rows(&b[3]),
            vec![
                vec!["信息内容", "本年制发件数", "现行有效件数"],
                vec!["规章", "0", "3"]
            ]
        );
        assert_eq!(para(&b[4]), "表二 复议诉讼");
        assert_eq!(rows(&b[5]), vec![vec!["结果维持", "总计"], vec!["1", "1"]]);
        let Block::Paragraph(p) = &b[4] else {
            panic!("block 4 is not a paragraph: {:?}", b[4])
        };
        assert_eq!(p.pos.cell.as_deref(), Some("A8"));
    }

    #[test]
    fn one_label_rows_inside_a_table_stay_without_borders() {
        // 二、上年结转 has blank figures: a single non-empty cell, but it is
        // inside the table, not heading it
        let s = sheet(
            &[
                &["三、收到和处理政府信息公开申请情况", "", ""],
                &["项目", "自然人", "总计"],
                &["一、本年新收", "3", "3"],
                &["二、上年结转", "", ""],
                &["四、结转下年度继续办理", "", ""],
            ],
            &[(0, 0, 0, 2)],
        );
        let b = blocks(&s);
        assert_eq!(b.len(), 2);
        assert_eq!(para(&b[0]), "三、收到和处理政府信息公开申请情况");
        assert_eq!(rows(&b[1]).len(), 4);
        assert_eq!(rows(&b[1])[2], vec!["二、上年结转", "", ""]);
    }

    #[test]
    fn borders_decide_titles_inside_a_block() {
        // with borders, an unbordered one-cell row splits stacked tables
        // even without a blank row, and a bordered one stays in its table
        let mut s = sheet(
            &[
                &["第二十条第（一）项", "", ""],
                &["信息内容", "本年制发件数", "现行有效件数"],
                &["规章", "0", "3"],
                &["三、收到和处理政府信息公开申请情况", "", ""],
                &["二、上年结转", "", ""],
                &["", "", ""],
            ],
            &[(0, 0, 0, 2), (3, 0, 3, 2)],
        );
        for (&(r, _), cell) in s.cells.iter_mut() {
            cell.bordered = r != 3;
        }
        for c in 0..3 {
            s.put(5, c, String::new(), true); // a bordered blank data row
        }
        let b = blocks(&s);
        assert_eq!(b.len(), 3, "{b:#?}");
        assert_eq!(rows(&b[0])[0], vec!["第二十条第（一）项[1x3]"]);
        assert_eq!(rows(&b[0]).len(), 3);
        assert_eq!(para(&b[1]), "三、收到和处理政府信息公开申请情况");
        assert_eq!(
            rows(&b[2]),
            vec![vec!["二、上年结转", "", ""], vec!["", "", ""]]
        );
    }

    #[test]
    fn unbordered_rows_of_several_texts_are_paragraphs_with_borders() {
        let mut s = sheet(
            &[
                &["XX县2022年政府信息公开工作年度报告", "", ""],
                &[
                    "填报单位：XX县人民政府",
                    "",
                    "统计期限：2022年1月1日至2022年12月31日",
                ],
                &["信息内容", "本年制发件数", "现行有效件数"],
                &["规章", "0", "3"],
            ],
            &[],
        );
        for (&(r, _), cell) in s.cells.iter_mut() {
            cell.bordered = r >= 2;
        }
        let b = blocks(&s);
        assert_eq!(b.len(), 3, "{b:#?}");
        assert_eq!(
            para(&b[1]),
            "填报单位：XX县人民政府 统计期限：2022年1月1日至2022年12月31日"
        );
        assert_eq!(rows(&b[2]).len(), 2);
        // without borders the row is part of the table (it may be a header)
        for cell in s.cells.values_mut() {
            cell.bordered = false;
        }
        let b = blocks(&s);
        assert_eq!(b.len(), 2, "{b:#?}");
        assert_eq!(rows(&b[1]).len(), 3);
    }

    #[test]
    fn multi_row_title_consumes_its_rows() {
        let s = sheet(
            &[&["标题\n2022年度", "", ""], &[], &["a", "b", "c"]],
            &[(0, 0, 1, 2)],
        );
        let b = blocks(&s);
        assert_eq!(b.len(), 2, "{b:#?}");
        assert_eq!(para(&b[0]), "标题2022年度");
        assert_eq!(rows(&b[1]), vec![vec!["a", "b", "c"]]);
    }

    #[test]
    fn row_spans_stop_at_the_table_end() {
        let s = sheet(&[&["a", "b"], &["", "c"]], &[(0, 0, 5, 0)]);
        let b = blocks(&s);
        assert_eq!(rows(&b[0]), vec![vec!["a[2x1]", "b"], vec!["c"]]);
    }

    #[test]
    fn cell_limit_is_enforced() {
        let s = sheet(&[&["a", "b"], &["c", "d"]], &[]);
        let limits = Limits {
            max_cells_per_table: 3,
            ..Limits::default()
        };
        let mut doc = Document::new("xlsx");
        assert!(matches!(
            lay_out(&s, &limits, &mut doc),
            Err(AdapterError::LimitExceeded {
                what: "cells per table",
                ..
            })
        ));
    }

    #[test]
    fn huge_merges_and_sparse_corners_are_refused_not_walked() {
        let mut s = sheet(&[&["a"]], &[]);
        s.put(1_000_000, 16_000, "far".into(), false);
        s.merges = vec![Merge::new(0, 0, 1_000_000, 16_000)];
        let mut doc = Document::new("xlsx");
        assert!(matches!(
            lay_out(&s, &Limits::default(), &mut doc),
            Err(AdapterError::LimitExceeded {
                what: "merged cells per sheet",
                ..
            })
        ));
        // 300 contiguous rows and one cell far to the right: a 300 × 16001
        // grid of mostly empty slots
        let mut s = sheet(&[], &[]);
        for r in 0..300 {
            s.put(r, 0, "x".into(), false);
            s.put(r, 1, "1".into(), false);
        }
        s.put(150, 16_000, "far".into(), false);
        let mut doc = Document::new("xlsx");
        assert!(matches!(
            lay_out(&s, &Limits::default(), &mut doc),
            Err(AdapterError::LimitExceeded {
                what: "grid slots per table",
                ..
            })
        ));
    }

    #[test]
    fn random_sheets_keep_every_visible_text_once_and_grids_whole() {
        // deterministic pseudo-random sheets with overlapping merges,
        // borders and blank rows: no panic, every visible text lands in
        // exactly one block, every table grid is rectangular without holes
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as u32
        };
        for case in 0..300 {
            let mut s = SheetData::new("S", 1);
            let cells = 1 + next(60);
            for k in 0..cells {
                let text = if next(4) == 0 {
                    String::new()
                } else {
                    format!("t{case}_{k}")
                };
                s.put(next(20), next(8), text, next(3) == 0);
            }
            for _ in 0..next(8) {
                let (r, c) = (next(20), next(8));
                s.merges.push(Merge::new(r, c, r + next(4), c + next(4)));
            }
            let mut doc = Document::new("xlsx");
            lay_out(&s, &Limits::default(), &mut doc).expect("lay out");
            let Some(ext) = Extent::of(&s) else {
                assert!(doc.blocks.is_empty());
                continue;
            };
            let spans =
                Spans::resolve(&s.merges, (ext.max_row, ext.max_col), u64::MAX).expect("spans");
            let mut want: Vec<String> = s
                .cells
                .iter()
                .filter(|(k, c)| !spans.covered.contains_key(*k) && !c.text.is_empty())
                .map(|(_, c)| c.text.clone())
                .collect();
            let mut got = Vec::new();
            for b in &doc.blocks {
                match b {
                    Block::Paragraph(p) => got.extend(p.text.split(' ').map(str::to_string)),
                    Block::Table(t) => {
                        let g = t.grid();
                        assert!(
                            g.slots.iter().all(|r| r.iter().all(Option::is_some)),
                            "case {case}: hole in {t:?}"
                        );
                        got.extend(
                            t.rows
                                .iter()
                                .flatten()
                                .filter(|c| !c.text.is_empty())
                                .map(|c| c.text.clone()),
                        );
                    }
                }
            }
            want.sort();
            got.sort();
            assert_eq!(got, want, "case {case}");
        }
    }

    #[test]
    fn one_line_joins_cjk_without_space() {
        assert_eq!(
            one_line("XX县人民政府\n2022年报告"),
            "XX县人民政府2022年报告"
        );
        assert_eq!(one_line("Report\n2022"), "Report 2022");
    }
}
