//! Splitting decoded text into paragraphs and tables.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use xxgknb_core::furniture::{self, PageNumber};
use xxgknb_core::{AdapterError, Cell, Document, Limits, SourcePos, Table};

/// How many non-blank lines at the top and bottom of a page may be page
/// furniture (a running header or footer, a page number, a `续表` caption).
const EDGE_LINES: usize = 2;

/// Indices of the lines that are page furniture, to be left out: page
/// numbers in a decorated style (`-3-`, `第3页`) anywhere on a line of
/// their own; bare page numbers (`3`, `3/5`), `续表` captions and lines
/// repeated (digits aside) at the same edge of two or more pages only in
/// the first or last lines of a page. Text without form feeds has one page:
/// only decorated page numbers are removed from it.
fn furniture_lines(lines: &[&str]) -> HashSet<usize> {
    let pages = pages_of(lines);
    let paged = pages.iter().filter(|p| !p.is_empty()).count() >= 2;
    let mut out = HashSet::new();
    // decorated page numbers anywhere
    for p in &pages {
        for (i, t) in p {
            if furniture::page_number(t) == Some(PageNumber::Decorated) {
                out.insert(*i);
            }
        }
    }
    if !paged {
        return out;
    }
    // the edge lines of every page, with their shape (digits aside)
    let edges: Vec<Vec<EdgeLine<'_>>> = pages
        .iter()
        .map(|p| {
            let n = p.len();
            p.iter()
                .enumerate()
                .filter(|(k, _)| *k < EDGE_LINES || *k + EDGE_LINES >= n)
                .map(|(k, (i, t))| EdgeLine {
                    top: k < EDGE_LINES,
                    index: *i,
                    text: t,
                    shape: furniture::shape(t),
                })
                .collect()
        })
        .collect();
    let mut counts: HashMap<(bool, &str), usize> = HashMap::new();
    for p in &edges {
        let mut seen = HashSet::new();
        for e in p {
            let key = (e.top, e.shape.as_str());
            if seen.insert(key) {
                *counts.entry(key).or_default() += 1;
            }
        }
    }
    // bare numbers at a page's edge are page numbers only where they
    // follow the pages: the same offset from the page's index on two or
    // more pages (a value at a page's edge would not)
    let bare_offset = |pi: usize, t: &str| -> Option<i64> {
        let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        t.get(..digits)?
            .parse::<i64>()
            .ok()
            .map(|v| v - i64::try_from(pi).unwrap_or(0))
    };
    let mut offsets: HashMap<i64, HashSet<usize>> = HashMap::new();
    for (pi, p) in edges.iter().enumerate() {
        for e in p {
            if furniture::page_number(e.text) == Some(PageNumber::Bare) {
                if let Some(o) = bare_offset(pi, e.text) {
                    offsets.entry(o).or_default().insert(pi);
                }
            }
        }
    }
    for (pi, p) in edges.iter().enumerate() {
        for e in p {
            let (top, t) = (e.top, e.text);
            let page_number = match furniture::page_number(t) {
                Some(PageNumber::Decorated) => true,
                Some(PageNumber::Bare) => bare_offset(pi, t)
                    .and_then(|o| offsets.get(&o))
                    .is_some_and(|pages| pages.len() >= 2),
                None => false,
            };
            let digit_groups = e.shape.matches('#').count();
            let repeated = counts
                .get(&(top, e.shape.as_str()))
                .is_some_and(|c| *c >= 2)
                && digit_groups <= 2
                && t.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).count() >= 4
                // the first page's heading is the title, not a running header
                && !(top && pi == 0);
            if page_number || (top && pi > 0 && furniture::is_continuation_marker(t)) || repeated {
                out.insert(e.index);
            }
        }
    }
    out
}

/// A non-blank line at the top or bottom of a page.
struct EdgeLine<'a> {
    /// At the top (else the bottom).
    top: bool,
    /// Its index among all lines.
    index: usize,
    /// Its text, trimmed.
    text: &'a str,
    /// [`furniture::shape`] of it.
    shape: String,
}

/// The non-blank lines of each page (pages end at form feeds): (index
/// among all lines, text trimmed and without form feeds).
fn pages_of<'a>(lines: &[&'a str]) -> Vec<Vec<(usize, Cow<'a, str>)>> {
    let mut page = 0usize;
    let mut pages: Vec<Vec<(usize, Cow<'a, str>)>> = vec![Vec::new()];
    for (i, raw) in lines.iter().enumerate() {
        let mut line = *raw;
        while let Some(rest) = line.strip_prefix('\x0c') {
            page += 1;
            pages.push(Vec::new());
            line = rest;
        }
        let feeds = line.matches('\x0c').count();
        let text = if feeds > 0 {
            Cow::Owned(line.replace('\x0c', "").trim().to_string())
        } else {
            Cow::Borrowed(line.trim())
        };
        if !text.is_empty() {
            if let Some(p) = pages.get_mut(page) {
                p.push((i, text));
            }
        }
        for _ in 0..feeds {
            page += 1;
            pages.push(Vec::new());
        }
    }
    pages
}

/// What one source line is, syntactically.
enum LineKind<'a> {
    Blank,
    PipeSeparator,
    Pipe(Vec<&'a str>),
    Tabs(Vec<&'a str>),
    Text,
}

fn classify(line: &str) -> LineKind<'_> {
    let t = line.trim();
    if t.is_empty() {
        return LineKind::Blank;
    }
    if t.starts_with('|') && t.len() > 1 && t.matches('|').count() >= 2 {
        let inner = t.trim_start_matches('|');
        let inner = inner.strip_suffix('|').unwrap_or(inner);
        if inner
            .chars()
            .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
        {
            return LineKind::PipeSeparator;
        }
        return LineKind::Pipe(inner.split('|').collect());
    }
    if line.contains('\t') {
        let cells: Vec<&str> = line.split('\t').collect();
        // a single leading tab before text is indentation, not a table row
        let non_empty = cells.iter().filter(|c| !c.trim().is_empty()).count();
        if non_empty >= 2 || (cells.len() >= 3 && non_empty >= 1) {
            return LineKind::Tabs(cells);
        }
    }
    LineKind::Text
}

/// Append the blocks of `text` to `doc`.
pub(crate) fn split_into_blocks(
    text: &str,
    doc: &mut Document,
    limits: &Limits,
) -> Result<(), AdapterError> {
    let mut page = 1u32;
    let mut current: Option<(Table, bool)> = None; // (table, is_pipe)
    let flush = |doc: &mut Document, current: &mut Option<(Table, bool)>| {
        if let Some((t, _)) = current.take() {
            doc.push_table(t);
        }
    };
    let mut cells_in_table = 0usize;
    let all: Vec<&str> = split_lines(text).collect();
    let skip = furniture_lines(&all);
    if !skip.is_empty() {
        doc.notes.push(format!(
            "{} page-furniture lines (page numbers, running headers and footers, continued-table captions) left out",
            skip.len()
        ));
    }
    for (i, raw) in all.into_iter().enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let mut line = raw;
        while let Some(rest) = line.strip_prefix('\x0c') {
            page += 1;
            line = rest;
        }
        let pages_in_line = line.matches('\x0c').count() as u32;
        let line_owned;
        if pages_in_line > 0 {
            page += pages_in_line;
            line_owned = line.replace('\x0c', "");
            line = &line_owned;
        }
        if skip.contains(&i) {
            continue;
        }
        let pos = SourcePos::page(page, Some(line_no));
        match classify(line) {
            LineKind::Blank => {
                // blank lines end tab tables but not pipe tables' separators
                if matches!(current, Some((_, false))) {
                    flush(doc, &mut current);
                }
            }
            LineKind::PipeSeparator => {}
            LineKind::Pipe(cells) | LineKind::Tabs(cells) => {
                let is_pipe = line.trim_start().starts_with('|');
                if current.as_ref().is_some_and(|(_, p)| *p != is_pipe) {
                    flush(doc, &mut current);
                }
                let (table, _) = current.get_or_insert_with(|| {
                    cells_in_table = 0;
                    (
                        Table {
                            rows: Vec::new(),
                            pos: pos.clone(),
                        },
                        is_pipe,
                    )
                });
                cells_in_table += cells.len();
                if cells_in_table > limits.max_cells_per_table {
                    return Err(AdapterError::LimitExceeded {
                        what: "cells per table",
                        limit: limits.max_cells_per_table as u64,
                    });
                }
                let row = cells
                    .iter()
                    .enumerate()
                    .map(|(c, text)| {
                        let mut p = pos.clone();
                        p.cell = Some(format!("R{}C{}", table.rows.len() + 1, c + 1));
                        Cell::new(text.trim(), p)
                    })
                    .collect();
                table.rows.push(row);
            }
            LineKind::Text => {
                flush(doc, &mut current);
                doc.push_paragraph(line.trim_end(), pos);
            }
        }
    }
    flush(doc, &mut current);
    Ok(())
}

/// Lines split at `\r\n`, `\n` or a lone `\r`.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l.split('\r')
    })
}
