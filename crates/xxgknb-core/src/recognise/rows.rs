//! Turning blocks into rows of items: grid rows from tables (one item per
//! cell covering the row) and token rows from text lines (one item per
//! whitespace-separated token, with its character column).

use crate::document::{Placement, SourcePos, Table, UncertainRead};
use crate::normalize::{self, Unit, Value};

/// One cell or token.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Text as printed.
    pub text: String,
    /// Normalised label form.
    pub norm: String,
    /// Parsed value.
    pub value: Value,
    /// Grid column where the item starts (text: character column).
    pub col: usize,
    /// Columns covered (text: characters).
    pub span: usize,
    /// True when the cell started in a row above (row span).
    pub covered: bool,
    /// Where it is in the source.
    pub pos: SourcePos,
    /// A value read from a picture with too little confidence (the item's
    /// own text is empty).
    pub uncertain: Option<UncertainRead>,
}

impl Item {
    /// A number (not a blank marker, not text).
    pub fn is_number(&self) -> bool {
        matches!(self.value, Value::Number { .. })
    }

    /// Text that is not a value and not empty.
    pub fn is_label(&self) -> bool {
        matches!(self.value, Value::Text) && !self.norm.is_empty()
    }

    /// Last column covered (exclusive).
    pub fn end(&self) -> usize {
        self.col + self.span.max(1)
    }
}

/// A row of items.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// Items left to right.
    pub items: Vec<Item>,
}

impl Line {
    /// Concatenated normalised text of the label items.
    pub fn label_text(&self) -> String {
        self.items
            .iter()
            .filter(|i| i.is_label())
            .map(|i| i.norm.as_str())
            .collect()
    }

    /// Number items.
    pub fn numbers(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.is_number())
    }
}

/// Rows of a table's resolved grid, and the grid's width. Each row lists
/// every cell covering it once, in column order; cells from row spans above
/// are marked `covered`.
pub(crate) fn grid_lines(table: &Table) -> (Vec<Line>, usize) {
    let grid = table.grid();
    let mut out = Vec::with_capacity(grid.slots.len());
    for (r, slots) in grid.slots.iter().enumerate() {
        let mut items: Vec<Item> = Vec::new();
        let mut c = 0;
        while let Some(&maybe) = slots.get(c) {
            let Some(slot) = maybe else {
                c += 1;
                continue;
            };
            let Some(cell) = table.cell(slot) else {
                c += 1;
                continue;
            };
            let mut span = 1;
            while slots
                .get(c + span)
                .copied()
                .flatten()
                .is_some_and(|s| s.row == slot.row && s.index == slot.index)
            {
                span += 1;
            }
            let text = cell.text.clone();
            let mut pos = cell.pos.clone();
            // a cell read from a picture is marked so
            pos.placement = Some(if pos.confidence.is_some() {
                Placement::Ocr
            } else {
                Placement::Cell
            });
            items.push(Item {
                norm: normalize::label(&text),
                value: normalize::value(&text),
                text,
                col: c,
                span,
                covered: slot.row != r,
                pos,
                uncertain: cell.uncertain.clone(),
            });
            c += span;
        }
        out.push(Line { items });
    }
    (out, grid.width)
}

/// Is the last number the total of the ones before it (a row printed with
/// its blank cells left out, placed in order)? True for no numbers.
pub(crate) fn last_totals_the_rest(nums: &[f64]) -> bool {
    match nums.split_last() {
        None => true,
        Some((total, parts)) => (parts.iter().sum::<f64>() - total).abs() < 1e-6,
    }
}

fn is_unit_token(t: &str) -> Option<Unit> {
    crate::normalize::UNIT_WORDS
        .iter()
        .find(|(w, _)| *w == t)
        .map(|&(_, u)| u)
}

/// Tokens of a text line, with character columns. A unit token directly
/// after a number (`202 万元`) is merged into it.
pub(crate) fn text_line(text: &str, pos: &SourcePos) -> Line {
    let mut items: Vec<Item> = Vec::new();
    let mut col = 0usize;
    let mut start: Option<(usize, usize)> = None; // (char col, byte idx)
    let push = |items: &mut Vec<Item>, s: &str, c0: usize, width: usize| {
        let value = normalize::value(s);
        if let Some(unit) = is_unit_token(s) {
            if let Some(last) = items.last_mut() {
                if let Value::Number {
                    unit: u @ Unit::None,
                    ..
                } = &mut last.value
                {
                    *u = unit;
                    last.text.push_str(s);
                    last.span = c0 + width - last.col;
                    return;
                }
            }
        }
        let mut p = pos.clone();
        p.x = Some(c0 as f32);
        items.push(Item {
            text: s.to_string(),
            norm: normalize::label(s),
            value,
            col: c0,
            span: width,
            covered: false,
            pos: p,
            uncertain: None,
        });
    };
    for (bi, ch) in text.char_indices() {
        let space = ch.is_whitespace() || ch == '\u{a0}';
        match (space, start) {
            (true, Some((c0, b0))) => {
                push(&mut items, &text[b0..bi], c0, col - c0);
                start = None;
            }
            (false, None) => start = Some((col, bi)),
            _ => {}
        }
        col += 1;
    }
    if let Some((c0, b0)) = start {
        push(&mut items, &text[b0..], c0, col - c0);
    }
    Line { items }
}

/// Join values that a narrow cell wrapped onto the lines above and below
/// its row (`３` / row / `件`): in layout text a cell centred vertically
/// prints a number on the line before its row and the unit on the line
/// after, in the same column. When every value on the line above is a
/// bare number with a unit word in its column on the line below (centres
/// within 1.5 characters; no value there), and the row line between
/// leaves those columns empty, the numbers with their units join the row. Labels on the
/// lines above and below (a tall group label) stay where they are.
/// Anything less certain is left as it is.
pub(crate) fn join_stacked_values(lines: Vec<Line>) -> Vec<Line> {
    let mut lines: Vec<Option<Line>> = lines.into_iter().map(Some).collect();
    let mut i = 0;
    while i + 2 < lines.len() {
        let pairs = match (lines.get(i), lines.get(i + 1), lines.get(i + 2)) {
            (Some(Some(a)), Some(Some(b)), Some(Some(c))) => stacked(a, b, c),
            _ => Vec::new(),
        };
        if pairs.is_empty() {
            i += 1;
            continue;
        }
        // take the items out from the right, so the indices stay valid
        let mut moved: Vec<Item> = Vec::new();
        for (xi, ui) in pairs.into_iter().rev() {
            let x = lines
                .get_mut(i)
                .and_then(Option::as_mut)
                .filter(|l| xi < l.items.len())
                .map(|l| l.items.remove(xi));
            let u = lines
                .get_mut(i + 2)
                .and_then(Option::as_mut)
                .filter(|l| ui < l.items.len())
                .map(|l| l.items.remove(ui));
            if let (Some(mut x), Some(u)) = (x, u) {
                if let (Value::Number { unit, .. }, Some(found)) =
                    (&mut x.value, is_unit_token(&u.text))
                {
                    *unit = found;
                }
                x.text.push_str(&u.text);
                moved.push(x);
            }
        }
        if let Some(Some(b)) = lines.get_mut(i + 1) {
            for x in moved {
                let at = b.items.partition_point(|it| it.col < x.col);
                b.items.insert(at, x);
            }
        }
        for k in [i, i + 2] {
            if let Some(slot) = lines.get_mut(k) {
                if slot.as_ref().is_some_and(|l| l.items.is_empty()) {
                    *slot = None;
                }
            }
        }
        i += 3;
    }
    lines.into_iter().flatten().collect()
}

/// Is `b` a row line with values stacked around it (see
/// [`join_stacked_values`])? Returns, left to right, the index of each
/// number in `a` and of its unit in `c`; empty when not.
fn stacked(a: &Line, b: &Line, c: &Line) -> Vec<(usize, usize)> {
    let at = |i: &Item| (i.pos.page, i.pos.line);
    let next = |i: &Item, j: &Item| matches!((at(i), at(j)), ((p, Some(l)), (q, Some(m))) if p == q && l + 1 == m);
    let centre = |i: &Item| i.col as f32 + i.span as f32 / 2.0;
    let (Some(first_a), Some(first_b), Some(first_c)) =
        (a.items.first(), b.items.first(), c.items.first())
    else {
        return Vec::new();
    };
    if !next(first_a, first_b)
        || !next(first_b, first_c)
        || c.items.iter().any(|i| i.value.is_value())
        || !b.items.iter().any(|i| i.value.is_value())
    {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for (xi, x) in a.items.iter().enumerate() {
        if !x.value.is_value() {
            continue;
        }
        if !matches!(
            x.value,
            Value::Number {
                unit: Unit::None,
                ..
            }
        ) {
            return Vec::new();
        }
        let unit = c.items.iter().enumerate().find(|(_, i)| {
            is_unit_token(&i.text).is_some() && (centre(x) - centre(i)).abs() <= 1.5
        });
        let Some((ui, u)) = unit else {
            return Vec::new();
        };
        let (lo, hi) = (x.col.min(u.col), x.end().max(u.end()));
        if b.items.iter().any(|i| i.col < hi && lo < i.end()) {
            return Vec::new();
        }
        pairs.push((xi, ui));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Cell;

    #[test]
    fn text_tokens_keep_columns_and_units() {
        let l = text_line("  行政事业性收费 202 万元", &SourcePos::default());
        assert_eq!(l.items.len(), 2);
        assert_eq!(l.items[0].col, 2);
        assert_eq!(
            l.items[1].value,
            Value::Number {
                value: 202.0,
                unit: Unit::TenThousandYuan
            }
        );
        // every unit word a value may end with is also merged as a token
        let l = text_line("参训 110 人次", &SourcePos::default());
        assert_eq!(l.items.len(), 2);
        assert_eq!(
            l.items[1].value,
            Value::Number {
                value: 110.0,
                unit: Unit::Count
            }
        );
    }

    #[test]
    fn grid_lines_mark_covered_cells() {
        let c = |t: &str, rs, cs| Cell::spanning(t, rs, cs, SourcePos::default());
        let t = Table {
            rows: vec![
                vec![
                    c("三、本年度办理结果", 2, 1),
                    c("（一）予以公开", 1, 1),
                    c("5", 1, 2),
                ],
                vec![c("（二）部分公开", 1, 1), c("1", 1, 1), c("", 1, 1)],
            ],
            pos: SourcePos::default(),
        };
        let (lines, width) = grid_lines(&t);
        assert_eq!(width, 4);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].items.len(), 3);
        assert_eq!(lines[0].items[2].span, 2);
        assert!(lines[1].items[0].covered);
        assert_eq!(lines[1].items[3].col, 3);
    }
}
