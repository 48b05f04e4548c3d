//! From positioned lines and ruled grids to blocks: text lines inside a
//! grid go to their cells, the rest become paragraphs (or layout-padded
//! lines where they form text columns); headers, footers and page numbers
//! are recognised across pages; a table continued on the next page is
//! joined into one grid.

use crate::grid::{page_grids, RuledGrid};
use crate::interp::PageContent;
use crate::layout::{is_cjk, is_columnar, layout_text, lines_with_walls, runs_text, Line, Run};
use std::collections::HashMap;
use xxgknb_core::furniture::{self, PageNumber};
use xxgknb_core::{Cell, Document, SourcePos, Table};

/// Share of the page height at top and bottom where headers and footers
/// live.
const MARGIN_ZONE: f32 = 0.09;
/// Column boundaries of two table parts closer than this (points) match.
const COL_TOL: f32 = 3.0;

/// A page's lines, already in top-to-bottom order.
pub struct PageLines {
    /// 1-based page number.
    pub page: u32,
    /// The page's content (segments used for grids).
    pub content: PageContent,
    /// Lines, top to bottom.
    pub lines: Vec<Line>,
    /// Ruled grids, top to bottom.
    pub grids: Vec<RuledGrid>,
}

/// Group a page's glyphs into lines.
pub fn page_lines(page: u32, content: PageContent) -> PageLines {
    let mut walls: Vec<crate::layout::Wall> = content
        .segments
        .iter()
        .filter(|s| !s.is_horizontal())
        .map(|s| (s.x0, s.y0, s.y1))
        .collect();
    walls.sort_by(|a, b| a.0.total_cmp(&b.0));
    let lines = lines_with_walls(&content.glyphs, &walls);
    let grids = page_grids_of(&content, &lines);
    PageLines {
        page,
        content,
        lines,
        grids,
    }
}

/// Is a horizontal segment a text underline rather than a rule: just
/// under the baseline of a run (within 0.3 of its size below, 0.1 above)
/// and no wider than the run (1.5 pt slack)? `lines` top to bottom.
fn is_underline(s: &crate::interp::Segment, lines: &[Line]) -> bool {
    // lines are sorted by descending baseline
    let start = lines.partition_point(|l| l.y > s.y0 + 0.3 * l.size + 0.5);
    lines
        .get(start..)
        .unwrap_or(&[])
        .iter()
        .take_while(|l| l.y >= s.y0 - 0.1 * l.size - 0.5)
        .flat_map(|l| l.runs.iter())
        .any(|r| {
            s.y0 <= r.y + 0.1 * r.size
                && s.y0 >= r.y - 0.3 * r.size
                && s.x0 >= r.x0 - 1.5
                && s.x1 <= r.x1 + 1.5
        })
}

/// The ruled grids of a page whose lines are known: text underlines (a
/// link, `<u>`, a producer's emphasis) are no rules; bands of the grid that
/// hold text are real rows.
pub fn page_grids_of(content: &PageContent, lines: &[Line]) -> Vec<RuledGrid> {
    let segments: Vec<crate::interp::Segment> = content
        .segments
        .iter()
        .filter(|s| !(s.is_horizontal() && is_underline(s, lines)))
        .copied()
        .collect();
    let centres: Vec<(f32, f32)> = lines
        .iter()
        .flat_map(|l| l.runs.iter().map(|r| (r.cx(), r.cy())))
        .collect();
    page_grids(&segments, content.width, content.height, &centres)
}

/// Does a (normalised) line look like a page number: `—1—`, `- 2 -`,
/// `第3页`, `1/3`, `第 1 页 共 8 页`, `3`?
fn is_page_number(norm: &str) -> bool {
    let t = norm.trim_matches(|c: char| "-—–－_·.。 ".contains(c));
    matches!(
        t,
        "#" | "#/#"
            | "#／#"
            | "第#页"
            | "第#页共#页"
            | "第#页/共#页"
            | "共#页第#页"
            | "Page#"
            | "page#"
            | "Page#of#"
    )
}

/// Remove headers, footers and page numbers: lines in the top or bottom
/// margin zone that look like page numbers or repeat (digits aside) on
/// other pages. A margin line inside a ruled grid (a table running across
/// the page break, its rules drawn through the footer) is removed only when
/// it is a page number that cannot be a value (`-3-`, `第3页`) or a bare
/// number that follows the pages (the same offset from the page number on
/// two or more pages): it would otherwise be glued onto a cell's value.
/// Returns how many lines were removed.
pub fn strip_margins(pages: &mut [PageLines]) -> usize {
    let in_grid = |p: &PageLines, l: &Line| {
        l.runs
            .iter()
            .any(|r| p.grids.iter().any(|g| g.contains(r.cx(), r.cy())))
    };
    let in_margin = |p: &PageLines, l: &Line| {
        let h = p.content.height.max(1.0);
        let rel = (l.y - p.content.origin.1) / h;
        !(MARGIN_ZONE..=1.0 - MARGIN_ZONE).contains(&rel)
    };
    let zone = |p: &PageLines, l: &Line| in_margin(p, l) && !in_grid(p, l);
    // a space glyph ends a run, so `第 1 页 共 2 页` is six runs
    let short = |l: &Line, raw: &str| raw.chars().count() <= 24 && l.runs.len() <= 8;
    let bare_offset = |page: u32, raw: &str| -> Option<i64> {
        let first: String = raw
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        first.parse::<i64>().ok().map(|v| v - i64::from(page))
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut offsets: HashMap<i64, std::collections::HashSet<u32>> = HashMap::new();
    for p in pages.iter() {
        let mut seen = std::collections::HashSet::new();
        for l in &p.lines {
            if !in_margin(p, l) {
                continue;
            }
            let raw = runs_text(&l.runs);
            if short(l, &raw) && furniture::page_number(&raw) == Some(PageNumber::Bare) {
                if let Some(o) = bare_offset(p.page, &raw) {
                    offsets.entry(o).or_default().insert(p.page);
                }
            }
            if zone(p, l) {
                let n = furniture::shape(&raw);
                if seen.insert(n.clone()) {
                    *counts.entry(n).or_default() += 1;
                }
            }
        }
    }
    let multi = pages.len() >= 2;
    let mut removed = 0;
    for p in pages.iter_mut() {
        let before = p.lines.len();
        let keep: Vec<bool> = p
            .lines
            .iter()
            .map(|l| {
                if !in_margin(p, l) {
                    return true;
                }
                let raw = runs_text(&l.runs);
                let follows_pages = || {
                    bare_offset(p.page, &raw)
                        .and_then(|o| offsets.get(&o))
                        .is_some_and(|ps| ps.len() >= 2)
                };
                if in_grid(p, l) {
                    let page_number = short(l, &raw)
                        && match furniture::page_number(&raw) {
                            Some(PageNumber::Decorated) => true,
                            Some(PageNumber::Bare) => follows_pages(),
                            None => false,
                        };
                    return !page_number;
                }
                let n = furniture::shape(&raw);
                let repeated = multi && counts.get(&n).copied().unwrap_or(0) >= 2;
                let page_number = short(l, &raw)
                    && (is_page_number(&n) || furniture::page_number(&raw).is_some());
                !(page_number || repeated)
            })
            .collect();
        let mut it = keep.iter();
        p.lines.retain(|_| it.next().copied().unwrap_or(true));
        removed += before - p.lines.len();
    }
    removed
}

/// Does the text open with a row label's numbering (`二、`, `（三）`, `4.`,
/// `第五`)? Such text starts a row of its own, never the tail of a label
/// wrapped at the bottom of the page before.
fn starts_like_a_label(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    let (Some(a), b) = (chars.next(), chars.next()) else {
        return false;
    };
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    matches!(a, '（' | '(' | '第')
        || (numeral(a) && matches!(b, Some('、' | '.' | '．' | '）' | ')')))
        || (numeral(a) && b.is_some_and(numeral))
}

/// A table cell in page space, before spans are resolved against the
/// final column set.
#[derive(Debug, Clone)]
struct PCell {
    r0: usize,
    r1: usize,
    x0: f32,
    x1: f32,
    text: String,
    pos: SourcePos,
    /// The cell's text runs to the cell's right edge on its last line and
    /// ends in a CJK character: it may wrap on (onto the next page).
    wrapped: bool,
}

/// A one-cell frame's page, lines (with their line index) and body edges.
type Fallback = (u32, Vec<(u32, Line)>, (f32, f32));

/// A table part from one page (or several joined parts).
#[derive(Debug, Clone)]
struct PTable {
    xs: Vec<f32>,
    rows: usize,
    cells: Vec<PCell>,
    pos: SourcePos,
    /// The last row is cut off at the page bottom.
    open_bottom: bool,
    /// The first row continues a row cut off on the previous page.
    open_top: bool,
    /// For a one-cell frame: its lines, page and body edges, emitted as
    /// paragraphs unless the frame turns out to continue a table.
    fallback: Option<Fallback>,
}

/// A block of one page, top to bottom.
enum PBlock {
    Lines(Vec<(u32, Line)>),
    Table(PTable),
}

/// Points per layout-text column for a block of lines: half the most common
/// font size of its columnar lines (the body of a text table), so that all
/// lines of the block share one scale even where a header is set larger.
fn layout_unit(lines: &[(u32, Line)]) -> f32 {
    let mut sizes: Vec<(i32, usize)> = Vec::new();
    for (_, l) in lines.iter().filter(|(_, l)| is_columnar(l)) {
        let k = (l.size * 2.0).round() as i32;
        match sizes.iter_mut().find(|(s, _)| *s == k) {
            Some((_, n)) => *n += 1,
            None => sizes.push((k, 1)),
        }
    }
    let size = sizes
        .iter()
        .max_by_key(|(s, n)| (*n, *s))
        .map_or(10.0, |(s, _)| *s as f32 / 2.0);
    (size * 0.5).max(1.0)
}

/// Which lines of a block belong to a text table (no rules): from the
/// first to the last line with text columns ([`is_columnar`]) as long as
/// they follow each other closely (≤ 4 line heights), and the short lines
/// right above or below (≤ 1.6 line heights, not reaching the body's right
/// edge: a wrapped label, a header word). All of them are rendered as
/// layout text, as `pdftotext -layout` renders every line, so a header word
/// or a wrapped label keeps its column instead of turning into a paragraph.
fn table_regions(lines: &[(u32, Line)], edges: (f32, f32)) -> Vec<bool> {
    let mut out: Vec<bool> = lines.iter().map(|(_, l)| is_columnar(l)).collect();
    let cols: Vec<usize> = (0..lines.len())
        .filter(|&k| out.get(k).copied().unwrap_or(false))
        .collect();
    let y = |k: usize| lines.get(k).map_or(0.0, |(_, l)| l.y);
    let size = |k: usize| lines.get(k).map_or(10.0, |(_, l)| l.size.max(1.0));
    // fill between close columnar lines
    for w in cols.windows(2) {
        if let [a, b] = *w {
            if y(a) - y(b) <= 4.0 * size(a).max(size(b)) * (b - a) as f32 {
                for slot in out.iter_mut().take(b).skip(a + 1) {
                    *slot = true;
                }
            }
        }
    }
    // extend by short lines right above and below
    let short = |k: usize| {
        lines
            .get(k)
            .is_some_and(|(_, l)| l.x1 < edges.1 - 2.5 * l.size && l.runs.len() <= 8)
    };
    let flags = out.clone();
    for (k, &f) in flags.iter().enumerate() {
        if !f {
            continue;
        }
        let mut j = k;
        while j > 0
            && !flags.get(j - 1).copied().unwrap_or(true)
            && short(j - 1)
            && (y(j - 1) - y(j)) <= 1.6 * size(j)
        {
            j -= 1;
            if let Some(s) = out.get_mut(j) {
                *s = true;
            }
        }
        let mut j = k;
        while j + 1 < lines.len()
            && !flags.get(j + 1).copied().unwrap_or(true)
            && short(j + 1)
            && (y(j) - y(j + 1)) <= 1.6 * size(j)
        {
            j += 1;
            if let Some(s) = out.get_mut(j) {
                *s = true;
            }
        }
    }
    out
}

/// Cell text: lines joined with `\n`, or with nothing where a CJK label
/// wraps onto the next line.
fn cell_text(mut runs: Vec<(u32, Run)>) -> (String, Option<u32>) {
    runs.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
    let first_line = runs.first().map(|r| r.0);
    let mut out = String::new();
    for same_line in runs.chunk_by(|a, b| a.0 == b.0) {
        let text = runs_text(same_line.iter().map(|r| &r.1));
        if !out.is_empty() {
            let p = out.chars().last();
            let f = text.chars().next();
            let wrap = matches!((p, f), (Some(p), Some(f)) if is_cjk(p) && is_cjk(f));
            if !wrap {
                out.push('\n');
            }
        }
        out.push_str(&text);
    }
    (out, first_line)
}

fn place_in_grid(page: u32, g: &RuledGrid, runs: Vec<(u32, Run)>) -> PTable {
    let mut by_cell: Vec<Vec<(u32, Run)>> = vec![Vec::new(); g.cells.len()];
    for (li, r) in runs {
        if let Some((row, col)) = g.slot(r.cx(), r.cy()) {
            if let Some(cell) = g.cell_at(row, col).and_then(|k| by_cell.get_mut(k)) {
                cell.push((li, r));
            }
        }
    }
    let mut first_line = None;
    let cells = g
        .cells
        .iter()
        .zip(by_cell)
        .map(|(c, runs)| {
            let x0 = g.xs.get(c.c0).copied().unwrap_or(0.0);
            let x1 = g.xs.get(c.c1).copied().unwrap_or(x0);
            let last_line = runs.iter().map(|r| r.0).max();
            let wrapped = runs
                .iter()
                .filter(|r| Some(r.0) == last_line)
                .max_by(|a, b| a.1.x1.total_cmp(&b.1.x1))
                .is_some_and(|(_, r)| {
                    r.x1 >= x1 - 1.5 * r.size && r.text.chars().last().is_some_and(is_cjk)
                });
            let (text, line) = cell_text(runs);
            if first_line.is_none() {
                first_line = line;
            }
            PCell {
                r0: c.r0,
                r1: c.r1,
                x0,
                x1,
                wrapped,
                text,
                pos: SourcePos {
                    page: Some(page),
                    line: line.map(|l| l + 1),
                    cell: Some(format!("R{}C{}", c.r0 + 1, c.c0 + 1)),
                    x: Some(x0),
                    ..SourcePos::default()
                },
            }
        })
        .collect();
    PTable {
        xs: g.xs.clone(),
        rows: g.rows(),
        cells,
        pos: SourcePos {
            page: Some(page),
            line: first_line.map(|l| l + 1),
            x: g.xs.first().copied(),
            ..SourcePos::default()
        },
        fallback: None,
        open_bottom: g.open_bottom,
        open_top: g.open_top,
    }
}

/// Rebuild lines from runs tagged with their line index.
fn lines_from_runs(runs: &[(u32, Run)]) -> Vec<(u32, Line)> {
    let mut out: Vec<(u32, Line)> = Vec::new();
    let mut sorted: Vec<&(u32, Run)> = runs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.x0.total_cmp(&b.1.x0)));
    for (li, r) in sorted {
        match out.last_mut() {
            Some((l, line)) if l == li => {
                line.x1 = line.x1.max(r.x1);
                line.size = line.size.max(r.size);
                line.runs.push(r.clone());
            }
            _ => out.push((
                *li,
                Line {
                    runs: vec![r.clone()],
                    y: r.y,
                    x0: r.x0,
                    x1: r.x1,
                    size: r.size,
                },
            )),
        }
    }
    out
}

/// Split a page into blocks: grids with their text, and the lines outside.
fn page_blocks(p: &PageLines) -> Vec<(f32, PBlock)> {
    let gs = &p.grids;
    let mut in_grid: Vec<Vec<(u32, Run)>> = vec![Vec::new(); gs.len()];
    let mut outside: Vec<(u32, Line)> = Vec::new();
    for (li, line) in p.lines.iter().enumerate() {
        let mut rest = Vec::new();
        for r in &line.runs {
            match gs
                .iter()
                .position(|g| g.contains(r.cx(), r.cy()))
                .and_then(|k| in_grid.get_mut(k))
            {
                Some(cell_runs) => cell_runs.push((li as u32, r.clone())),
                None => rest.push(r.clone()),
            }
        }
        if !rest.is_empty() {
            let x0 = rest.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
            let x1 = rest.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
            let size = rest.iter().map(|r| r.size).fold(0.0, f32::max);
            outside.push((
                li as u32,
                Line {
                    runs: rest,
                    y: line.y,
                    x0,
                    x1,
                    size,
                },
            ));
        }
    }
    let mut blocks: Vec<(f32, PBlock)> = Vec::new();
    for (g, runs) in gs.iter().zip(in_grid) {
        if runs.is_empty() && g.cells.len() < 2 {
            continue;
        }
        let top = g.ys.first().copied().unwrap_or(0.0);
        let single = (g.cells.len() < 2).then(|| (p.page, lines_from_runs(&runs), body_edges(p)));
        let mut t = place_in_grid(p.page, g, runs);
        t.fallback = single;
        blocks.push((top, PBlock::Table(t)));
    }
    // group outside lines between tables
    let mut group: Vec<(u32, Line)> = Vec::new();
    let tops: Vec<f32> = blocks.iter().map(|b| b.0).collect();
    let mut group_key: Option<usize> = None;
    for (li, l) in outside {
        let key = tops.iter().filter(|t| **t > l.y).count();
        if group_key.is_some_and(|k| k != key) {
            if let Some((_, first)) = group.first() {
                let y = first.y + first.size;
                blocks.push((y, PBlock::Lines(std::mem::take(&mut group))));
            }
        }
        group_key = Some(key);
        group.push((li, l));
    }
    if let Some((_, first)) = group.first() {
        let y = first.y + first.size;
        blocks.push((y, PBlock::Lines(group)));
    }
    blocks.sort_by(|a, b| b.0.total_cmp(&a.0));
    blocks
}

/// Left and right edges of the page's body text.
fn body_edges(p: &PageLines) -> (f32, f32) {
    let left = p.lines.iter().map(|l| l.x0).fold(f32::MAX, f32::min);
    let right = p.lines.iter().map(|l| l.x1).fold(f32::MIN, f32::max);
    if left <= right {
        (left, right)
    } else {
        (0.0, p.content.width)
    }
}

/// A line set in the middle of the body (a title or a heading line): it
/// stands clear of both edges by more than an em, by about the same
/// amount. Such a line ends its paragraph even when it nearly reaches the
/// right edge (`XX县人民政府办公室` above a wider title line).
fn centred(l: &Line, (left, right): (f32, f32)) -> bool {
    let (before, after) = (l.x0 - left, right - l.x1);
    before > l.size && after > l.size && (before - after).abs() <= l.size
}

/// The paragraph being built: text, position, last line, its page and
/// that page's body edges.
struct OpenPara {
    text: String,
    pos: SourcePos,
    last: Line,
    page: u32,
    edges: (f32, f32),
}

/// Builds paragraphs from lines, across page breaks where a paragraph
/// runs on.
#[derive(Default)]
struct Paragraphs {
    cur: Option<OpenPara>,
    /// Left edge of layout-text columns for the whole document (the
    /// leftmost body edge of any page), so a text table continued on the
    /// next page keeps its columns even where that page's text starts
    /// further right or left.
    layout_left: Option<f32>,
}

impl Paragraphs {
    fn flush(&mut self, doc: &mut Document) {
        if let Some(p) = self.cur.take() {
            doc.push_paragraph(p.text, p.pos);
        }
    }

    fn continues(&self, page: u32, l: &Line, edges: (f32, f32)) -> bool {
        let Some(p) = &self.cur else {
            return false;
        };
        let prev = &p.last;
        let s = prev.size.max(l.size);
        let same_size = (prev.size - l.size).abs() <= 0.15 * s;
        let no_indent = l.x0 <= edges.0 + 0.8 * s;
        let prev_full = prev.x1 >= p.edges.1 - 2.5 * s && !centred(prev, p.edges);
        let near = if p.page == page {
            prev.y > l.y && prev.y - l.y <= 2.0 * s
        } else {
            p.page + 1 == page
        };
        same_size && no_indent && prev_full && near
    }

    fn add(&mut self, doc: &mut Document, page: u32, lines: &[(u32, Line)], edges: (f32, f32)) {
        let left = self.layout_left.unwrap_or(edges.0);
        let unit = layout_unit(lines);
        let in_table = table_regions(lines, edges);
        for (k, (li, l)) in lines.iter().enumerate() {
            let pos = SourcePos {
                page: Some(page),
                line: Some(li + 1),
                x: Some(l.x0),
                ..SourcePos::default()
            };
            if in_table.get(k).copied().unwrap_or(false) {
                self.flush(doc);
                doc.push_paragraph(layout_text(l, left, unit), pos);
                continue;
            }
            let text = runs_text(&l.runs);
            if self.continues(page, l, edges) {
                if let Some(p) = self.cur.as_mut() {
                    let a = p.text.chars().last();
                    let f = text.chars().next();
                    if matches!((a, f), (Some(a), Some(f)) if a.is_ascii_alphanumeric() && f.is_ascii_alphanumeric())
                    {
                        p.text.push(' ');
                    }
                    p.text.push_str(&text);
                    p.last = l.clone();
                    p.page = page;
                    p.edges = edges;
                }
            } else {
                self.flush(doc);
                self.cur = Some(OpenPara {
                    text,
                    pos,
                    last: l.clone(),
                    page,
                    edges,
                });
            }
        }
    }
}

fn rows_text(t: &PTable, row: usize) -> Vec<&str> {
    let mut cells: Vec<&PCell> = t.cells.iter().filter(|c| c.r0 == row).collect();
    cells.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    cells.iter().map(|c| c.text.as_str()).collect()
}

fn columns_match(a: &[f32], b: &[f32]) -> bool {
    let (Some(a0), Some(a1), Some(b0), Some(b1)) = (a.first(), a.last(), b.first(), b.last())
    else {
        return false;
    };
    if (a0 - b0).abs() > COL_TOL || (a1 - b1).abs() > COL_TOL {
        return false;
    }
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .all(|x| big.iter().any(|y| (x - y).abs() <= COL_TOL))
}

/// Join two fragments of a cell's text split by a page break.
fn join_text(a: &mut String, b: &str) {
    if b.is_empty() {
        return;
    }
    if !a.is_empty() {
        let wrap = matches!((a.chars().last(), b.chars().next()), (Some(p), Some(f)) if is_cjk(p) && is_cjk(f));
        if !wrap {
            a.push('\n');
        }
    }
    a.push_str(b);
}

/// Do two cells span the same columns?
fn same_x(a: &PCell, b: &PCell) -> bool {
    (a.x0 - b.x0).abs() <= COL_TOL && (a.x1 - b.x1).abs() <= COL_TOL
}

/// Is `row` of `t` a row of its own whose cells are all empty?
fn empty_row(t: &PTable, row: usize) -> bool {
    t.cells
        .iter()
        .filter(|c| c.r0 == row && c.r1 == row + 1)
        .all(|c| c.text.trim().is_empty())
        && t.cells.iter().any(|c| c.r0 == row && c.r1 == row + 1)
        && !t.cells.iter().any(|c| c.r0 <= row && c.r1 > row + 1)
        && !t.cells.iter().any(|c| c.r0 < row && c.r1 > row)
}

/// Append `next` (continued on the next page) to `t`: a row cut by the
/// page break is merged back into one, cells spanning across the break
/// are extended, and a repeated header is dropped.
fn join(t: &mut PTable, mut next: PTable) {
    drop_empty_open_rows(t, &mut next);
    // a continuation that starts by repeating the header does not continue
    // a cut row
    let repeats_header =
        rows_text(t, 0) == rows_text(&next, 0) && rows_text(t, 0).iter().any(|s| !s.is_empty());
    let (k, shared_row) =
        if (t.open_bottom || next.open_top || is_cut_row(t, &next)) && !repeats_header {
            (0, merge_cut_row(t, &mut next))
        } else {
            (drop_repeated_header(t, &mut next), false)
        };
    append_rows(t, next, k, shared_row);
}

/// The open part of a table cut by the page end that held only page
/// furniture (a footer drawn between the rules, now removed) is no row;
/// likewise an empty open part at the top of the continuation.
fn drop_empty_open_rows(t: &mut PTable, next: &mut PTable) {
    if t.open_bottom && t.rows > 1 && empty_row(t, t.rows - 1) {
        let last = t.rows - 1;
        t.cells.retain(|c| c.r0 != last);
        t.rows -= 1;
        t.open_bottom = false;
    }
    if next.open_top && next.rows > 1 && empty_row(next, 0) {
        next.cells.retain(|c| c.r0 != 0);
        for c in &mut next.cells {
            c.r0 -= 1;
            c.r1 -= 1;
        }
        next.rows -= 1;
        next.open_top = false;
    }
}

/// A row broken across the page with both parts boxed (LibreOffice's HTML
/// import): the new part's first row has text only where the old part's
/// last row has text wrapped at its cell's right edge, and that text goes
/// on in CJK (`行政事业性收` | `费`).
fn is_cut_row(t: &PTable, next: &PTable) -> bool {
    let last = t.rows;
    let first: Vec<&PCell> = next.cells.iter().filter(|c| c.r0 == 0).collect();
    !first.is_empty()
        && first.iter().any(|c| !c.text.is_empty())
        && first.iter().all(|c| {
            c.r1 == 1
                && t.cells.iter().any(|p| {
                    p.r1 == last
                        && same_x(p, c)
                        && (c.text.is_empty()
                            || (p.wrapped
                                && c.text.chars().next().is_some_and(is_cjk)
                                && !starts_like_a_label(&c.text)))
                })
        })
}

/// Merge the first row of `next` into the last row of `t` (the row the
/// page break cut): every cell when all of them continue one of `t`'s,
/// else only the empty ones (which extend the cell above). True when the
/// whole row was shared.
fn merge_cut_row(t: &mut PTable, next: &mut PTable) -> bool {
    let last = t.rows;
    let matches: Vec<Option<usize>> = next
        .cells
        .iter()
        .filter(|c| c.r0 == 0)
        .map(|c| t.cells.iter().position(|p| p.r1 == last && same_x(p, c)))
        .collect();
    let all = matches.iter().all(Option::is_some);
    let mut consumed = vec![false; next.cells.len()];
    let mut m = matches.into_iter();
    for (ci, c) in next.cells.iter().enumerate() {
        if c.r0 != 0 {
            continue;
        }
        let Some(Some(pi)) = m.next() else { continue };
        if all || c.text.is_empty() {
            if let Some(p) = t.cells.get_mut(pi) {
                join_text(&mut p.text, &c.text);
                p.r1 += if all { c.r1 - 1 } else { c.r1 };
            }
            if let Some(used) = consumed.get_mut(ci) {
                *used = true;
            }
        }
    }
    let mut it = consumed.into_iter();
    next.cells.retain(|_| !it.next().unwrap_or(false));
    all
}

/// Drop the header rows `next` repeats (the longest prefix of identical
/// rows, as long as no cell crosses its lower edge) and extend a
/// row-spanning label cell continued on the new page, drawn again empty.
/// Returns how many rows were dropped.
fn drop_repeated_header(t: &mut PTable, next: &mut PTable) -> usize {
    let last = t.rows;
    let mut k = 0;
    while k < next.rows.min(t.rows).min(8) {
        let same =
            rows_text(t, k) == rows_text(next, k) && rows_text(t, k).iter().any(|s| !s.is_empty());
        if !same {
            break;
        }
        k += 1;
    }
    while k > 0 && next.cells.iter().any(|c| c.r0 < k && c.r1 > k) {
        k -= 1;
    }
    next.cells.retain(|c| c.r0 >= k);
    let mut consumed = vec![false; next.cells.len()];
    for (ci, c) in next.cells.iter().enumerate() {
        if c.r0 != k || !c.text.is_empty() {
            continue;
        }
        let found = t.cells.iter_mut().find(|p| {
            p.r1 == last
                && same_x(p, c)
                && !p.text.is_empty()
                && (p.r1 - p.r0 > 1 || c.r1 - c.r0 > 1)
        });
        if let Some(p) = found {
            p.r1 += c.r1 - c.r0;
            if let Some(used) = consumed.get_mut(ci) {
                *used = true;
            }
        }
    }
    let mut it = consumed.into_iter();
    next.cells.retain(|_| !it.next().unwrap_or(false));
    k
}

/// The rows of `next` from `k` on follow the last row of `t` (or, after a
/// merged row, continue it); the column positions are united.
fn append_rows(t: &mut PTable, next: PTable, k: usize, shared_row: bool) {
    let offset = if shared_row { t.rows - 1 } else { t.rows };
    for mut c in next.cells {
        c.r0 = c.r0 - k + offset;
        c.r1 = c.r1 - k + offset;
        t.cells.push(c);
    }
    t.rows = offset + next.rows - k;
    t.open_bottom = next.open_bottom;
    let mut xs = t.xs.clone();
    for x in next.xs {
        if !xs.iter().any(|y| (x - y).abs() <= COL_TOL) {
            xs.push(x);
        }
    }
    xs.sort_by(f32::total_cmp);
    t.xs = xs;
}

fn to_table(t: PTable) -> Table {
    let col = |x: f32| {
        t.xs.iter()
            .enumerate()
            .min_by(|a, b| (a.1 - x).abs().total_cmp(&(b.1 - x).abs()))
            .map(|(i, _)| i)
            .unwrap_or(0)
    };
    let mut rows: Vec<Vec<(f32, Cell)>> = vec![Vec::new(); t.rows];
    for c in t.cells {
        let (c0, c1) = (col(c.x0), col(c.x1));
        let cell = Cell::spanning(
            c.text,
            (c.r1 - c.r0) as u32,
            c1.saturating_sub(c0).max(1) as u32,
            c.pos,
        );
        if let Some(r) = rows.get_mut(c.r0) {
            r.push((c.x0, cell));
        }
    }
    Table {
        rows: rows
            .into_iter()
            .map(|mut r| {
                r.sort_by(|a, b| a.0.total_cmp(&b.0));
                r.into_iter().map(|(_, c)| c).collect()
            })
            .collect(),
        pos: t.pos,
    }
}

/// Is this group of lines only a continued-table marker such as `续表`,
/// `续表1`, `（续）` or `接上表`?
fn is_continuation_marker(lines: &[(u32, Line)]) -> bool {
    let text: String = lines
        .iter()
        .map(|(_, l)| runs_text(&l.runs))
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let n = text.chars().count();
    n <= 12
        && (text.starts_with("续表")
            || text.starts_with("续上表")
            || text.starts_with("接上表")
            || matches!(text.as_str(), "（续）" | "(续)" | "续"))
}

/// Build the document's blocks from its pages' lines.
pub fn assemble(doc: &mut Document, pages: &[PageLines]) {
    enum Out {
        Para(u32, Vec<(u32, Line)>, (f32, f32)),
        Table(PTable),
    }
    let mut out: Vec<Out> = Vec::new();
    for p in pages {
        let edges = body_edges(p);
        let blocks = page_blocks(p);
        for (i, (_, b)) in blocks.into_iter().enumerate() {
            match b {
                PBlock::Lines(ls) => out.push(Out::Para(p.page, ls, edges)),
                PBlock::Table(t) => {
                    // a "续表" marker line before the continuation does not
                    // stop the join (it is layout, not content)
                    let marker = i == 1
                        && matches!(out.last(), Some(Out::Para(pg, ls, _))
                            if *pg == p.page && is_continuation_marker(ls))
                        && matches!(out.iter().rev().nth(1), Some(Out::Table(_)));
                    if marker {
                        if let Some(Out::Para(_, ls, _)) = out.pop() {
                            let text: Vec<String> =
                                ls.iter().map(|(_, l)| runs_text(&l.runs)).collect();
                            doc.notes.push(format!(
                                "page {}: continued-table marker \"{}\" left out",
                                p.page,
                                text.join(" ")
                            ));
                        }
                    }
                    let continued = (i == 0 || marker)
                        && matches!(out.last(), Some(Out::Table(prev))
                            if prev.pos.page.map(|q| q + 1) == Some(p.page)
                                || prev.cells.last().and_then(|c| c.pos.page).map(|q| q + 1) == Some(p.page))
                        && matches!(out.last(), Some(Out::Table(prev)) if columns_match(&prev.xs, &t.xs));
                    if continued {
                        if let Some(Out::Table(prev)) = out.last_mut() {
                            join(prev, t);
                            prev.fallback = None;
                        }
                    } else {
                        out.push(Out::Table(t));
                    }
                }
            }
        }
    }
    let mut paras = Paragraphs {
        layout_left: pages
            .iter()
            .filter(|p| !p.lines.is_empty())
            .map(|p| body_edges(p).0)
            .reduce(f32::min),
        ..Paragraphs::default()
    };
    for o in out {
        match o {
            Out::Para(page, ls, edges) => paras.add(doc, page, &ls, edges),
            Out::Table(t) => {
                paras.flush(doc);
                match t.fallback {
                    // a one-cell frame that did not continue a table: text
                    Some((page, ls, edges)) => paras.add(doc, page, &ls, edges),
                    None => doc.push_table(to_table(t)),
                }
            }
        }
    }
    paras.flush(doc);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_label_starts_a_row_of_its_own() {
        for t in [
            "二、上年结转政府信息公开申请数量",
            "（二）部分公开",
            "4.保护第三方合法权益",
            "第二十条",
        ] {
            assert!(starts_like_a_label(t), "{t}");
        }
        for t in ["费", "息公开申请数量", "全信息"] {
            assert!(!starts_like_a_label(t), "{t}");
        }
    }

    #[test]
    fn a_centred_title_line_does_not_run_on_into_the_next() {
        let line = |x0: f32, x1: f32| Line {
            runs: Vec::new(),
            y: 0.0,
            x0,
            x1,
            size: 22.0,
        };
        let body = (79.5, 519.7);
        // 民和回族土族自治县人民政府办公室 above the wider title line
        assert!(centred(&line(124.6, 476.6), body));
        assert!(!centred(&line(87.2, 514.0), body));
        // a short last line of a paragraph is not centred
        assert!(!centred(&line(79.5, 300.0), body));
    }

    fn cell(r0: usize, r1: usize, x0: f32, x1: f32, t: &str) -> PCell {
        PCell {
            r0,
            r1,
            x0,
            x1,
            text: t.into(),
            pos: SourcePos::default(),
            wrapped: false,
        }
    }

    #[test]
    fn row_broken_across_pages_with_boxed_parts_is_one_row() {
        let part = |cells: Vec<PCell>, rows: usize| PTable {
            xs: vec![0.0, 100.0, 200.0],
            rows,
            cells,
            pos: SourcePos::default(),
            open_bottom: false,
            open_top: false,
            fallback: None,
        };
        let mut label = cell(1, 2, 0.0, 100.0, "行政事业性收");
        label.wrapped = true;
        let mut t = part(
            vec![
                cell(0, 1, 0.0, 100.0, "行政处罚"),
                cell(0, 1, 100.0, 200.0, "5"),
                label.clone(),
                cell(1, 2, 100.0, 200.0, "18651.06"),
            ],
            2,
        );
        join(
            &mut t,
            part(
                vec![cell(0, 1, 0.0, 100.0, "费"), cell(0, 1, 100.0, 200.0, "")],
                1,
            ),
        );
        assert_eq!(t.rows, 2);
        assert!(
            t.cells.iter().any(|c| c.text == "行政事业性收费"),
            "{:?}",
            t.cells
        );
        // not wrapped at the edge: a new row
        label.wrapped = false;
        let mut t = part(vec![label, cell(1, 2, 100.0, 200.0, "3")], 2);
        join(
            &mut t,
            part(
                vec![
                    cell(0, 1, 0.0, 100.0, "行政强制"),
                    cell(0, 1, 100.0, 200.0, ""),
                ],
                1,
            ),
        );
        assert_eq!(t.rows, 3);
    }

    #[test]
    fn underlines_are_not_rules() {
        use crate::interp::{Glyph, Segment};
        let glyph = |t: &str, x: f32| Glyph {
            text: t.to_string(),
            x,
            y: 500.0,
            w: 10.0,
            size: 10.0,
            mapped: true,
            visible: true,
        };
        let ls = crate::layout::lines(&[glyph("三", 100.0), glyph("、", 110.0)]);
        let under = Segment {
            x0: 100.0,
            y0: 498.8,
            x1: 120.0,
            y1: 498.8,
        };
        assert!(is_underline(&under, &ls));
        // a cell's bottom rule, wider than the text, is a rule
        let rule = Segment {
            x0: 90.0,
            y0: 497.0,
            x1: 200.0,
            y1: 497.0,
        };
        assert!(!is_underline(&rule, &ls));
    }

    #[test]
    fn page_continued_table_drops_repeated_header() {
        let mut a = PTable {
            xs: vec![0.0, 100.0, 200.0],
            rows: 2,
            cells: vec![
                cell(0, 1, 0.0, 100.0, "项目"),
                cell(0, 1, 100.0, 200.0, "数量"),
                cell(1, 2, 0.0, 100.0, "行政许可"),
                cell(1, 2, 100.0, 200.0, "3119"),
            ],
            pos: SourcePos::default(),
            fallback: None,
            open_bottom: false,
            open_top: false,
        };
        let b = PTable {
            xs: vec![0.5, 100.0, 199.0],
            rows: 2,
            cells: vec![
                cell(0, 1, 0.5, 100.0, "项目"),
                cell(0, 1, 100.0, 199.0, "数量"),
                cell(1, 2, 0.5, 100.0, "行政处罚"),
                cell(1, 2, 100.0, 199.0, "7"),
            ],
            pos: SourcePos::default(),
            fallback: None,
            open_bottom: false,
            open_top: false,
        };
        assert!(columns_match(&a.xs, &b.xs));
        join(&mut a, b);
        let t = to_table(a);
        assert_eq!(t.rows.len(), 3);
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            texts,
            vec![
                vec!["项目", "数量"],
                vec!["行政许可", "3119"],
                vec!["行政处罚", "7"]
            ]
        );
    }

    #[test]
    fn continued_table_without_header_and_spans() {
        let mut a = PTable {
            xs: vec![0.0, 50.0, 100.0, 150.0],
            rows: 1,
            cells: vec![cell(0, 1, 0.0, 50.0, "A"), cell(0, 1, 50.0, 150.0, "B")],
            pos: SourcePos::default(),
            fallback: None,
            open_bottom: false,
            open_top: false,
        };
        let b = PTable {
            xs: vec![0.0, 50.0, 150.0],
            rows: 2,
            cells: vec![
                cell(0, 2, 0.0, 50.0, "C"),
                cell(0, 1, 50.0, 150.0, "1"),
                cell(1, 2, 50.0, 150.0, "2"),
            ],
            pos: SourcePos::default(),
            fallback: None,
            open_bottom: false,
            open_top: false,
        };
        join(&mut a, b);
        let t = to_table(a);
        assert_eq!(t.rows.len(), 3);
        assert_eq!((t.rows[0][1].col_span, t.rows[1][0].row_span), (2, 2));
        assert_eq!(t.rows[1][1].col_span, 2);
        let g = t.grid();
        assert_eq!(g.width, 3);
    }

    #[test]
    fn cell_text_joins_wrapped_cjk_and_keeps_numbers() {
        let r = |t: &str, x: f32| Run {
            text: t.into(),
            x0: x,
            x1: x + 10.0,
            y: 0.0,
            size: 10.0,
            space_after: false,
        };
        let (t, _) = cell_text(vec![
            (2, r("计这一情形）", 0.0)),
            (1, r("（二）部分公开", 0.0)),
        ]);
        assert_eq!(t, "（二）部分公开计这一情形）");
        let (t, _) = cell_text(vec![(1, r("合计", 0.0)), (2, r("12", 0.0))]);
        assert_eq!(t, "合计\n12");
        assert!(is_page_number(&furniture::shape("— 3 —")));
        assert!(is_page_number(&furniture::shape("第 2 页 共 8 页")));
        assert!(!is_page_number(&furniture::shape("2022 年")));
        assert!(!is_page_number(&furniture::shape("608 55 6 3 27")));
    }
}
