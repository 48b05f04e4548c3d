//! Splitting decoded text into paragraphs and tables.

use xxgknb_core::{AdapterError, Cell, Document, Limits, SourcePos, Table};

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
    for (i, raw) in split_lines(text).enumerate() {
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
