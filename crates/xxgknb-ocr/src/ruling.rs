//! Ruled tables in a straightened page image: ruling lines found
//! morphologically (runs of ink far longer than any stroke of a
//! character), grouped into tables by the vertical lines that join them,
//! and resolved into a cell grid with row and column spans (a missing
//! border between two grid slots merges them).

use crate::raster::Mask;

/// A horizontal ruling line: rows `y0..=y1`, columns `x0..=x1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HLine {
    /// First row.
    pub y0: usize,
    /// Last row.
    pub y1: usize,
    /// First column.
    pub x0: usize,
    /// Last column.
    pub x1: usize,
}

impl HLine {
    fn y(&self) -> usize {
        (self.y0 + self.y1) / 2
    }
}

/// A vertical ruling line: columns `x0..=x1`, rows `y0..=y1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VLine {
    /// First column.
    pub x0: usize,
    /// Last column.
    pub x1: usize,
    /// First row.
    pub y0: usize,
    /// Last row.
    pub y1: usize,
}

impl VLine {
    fn x(&self) -> usize {
        (self.x0 + self.x1) / 2
    }
}

/// One cell of a detected grid: its slot range and its pixel box (inside
/// the borders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridCell {
    /// Top grid row.
    pub row: usize,
    /// Left grid column.
    pub col: usize,
    /// Rows covered.
    pub row_span: usize,
    /// Columns covered.
    pub col_span: usize,
    /// Left pixel (the border line's centre).
    pub x0: usize,
    /// Top pixel.
    pub y0: usize,
    /// Right pixel.
    pub x1: usize,
    /// Bottom pixel.
    pub y1: usize,
}

/// A detected table: row boundaries, column boundaries, cells in reading
/// order (by top row, then left column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableGrid {
    /// Row boundaries (pixel rows of the horizontal lines), top to bottom.
    pub ys: Vec<usize>,
    /// Column boundaries (pixel columns of the vertical lines), left to right.
    pub xs: Vec<usize>,
    /// The cells.
    pub cells: Vec<GridCell>,
}

impl TableGrid {
    /// The table's outer box.
    pub fn bounds(&self) -> (usize, usize, usize, usize) {
        (
            self.xs.first().copied().unwrap_or(0),
            self.ys.first().copied().unwrap_or(0),
            self.xs.last().copied().unwrap_or(0),
            self.ys.last().copied().unwrap_or(0),
        )
    }
}

/// Runs of ink along one line of pixels at least `min_len` long, bridging
/// gaps of up to `gap` pixels (JPEG and noise break thin lines).
fn runs(
    len: usize,
    ink: impl Fn(usize) -> bool,
    min_len: usize,
    gap: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_ink = 0usize;
    for i in 0..len {
        if ink(i) {
            if start.is_none() {
                start = Some(i);
            }
            last_ink = i;
        } else if let Some(s) = start {
            if i - last_ink > gap {
                if last_ink + 1 - s >= min_len {
                    out.push((s, last_ink));
                }
                start = None;
            }
        }
    }
    if let Some(s) = start {
        if last_ink + 1 - s >= min_len {
            out.push((s, last_ink));
        }
    }
    out
}

/// Join collinear pieces of vertical lines broken by a few light pixels
/// (a thin line rotated back by a degree goes grey in places). A piece
/// may join a short stroke beside the line (a pixel off) rather than the
/// line's other piece; passes repeat until nothing joins, so the pieces
/// of one ruling end up one line whatever joined first. The joined line
/// keeps the width and place of its longest piece: a character's stroke
/// that touches a ruling (a blob as wide as a stroke is long) must not
/// widen the ruling past a line's thickness.
fn join_vertical(mut lines: Vec<VLine>, max_gap: usize) -> Vec<VLine> {
    for _ in 0..6 {
        let before = lines.len();
        lines = join_vertical_pass(lines, max_gap);
        if lines.len() == before {
            break;
        }
    }
    lines
}

/// One pass of [`join_vertical`], left to right.
fn join_vertical_pass(mut lines: Vec<VLine>, max_gap: usize) -> Vec<VLine> {
    lines.sort_by_key(|l| (l.x0, l.y0));
    let mut out: Vec<VLine> = Vec::new();
    for l in lines {
        let joined = out.iter_mut().rev().take(16).find(|o| {
            o.x().abs_diff(l.x()) <= 2 && l.y0 <= o.y1 + max_gap && o.y0 <= l.y1 + max_gap
        });
        match joined {
            Some(o) => {
                if l.y1 - l.y0 > o.y1 - o.y0 {
                    o.x0 = l.x0;
                    o.x1 = l.x1;
                }
                o.y0 = o.y0.min(l.y0);
                o.y1 = o.y1.max(l.y1);
            }
            None => out.push(l),
        }
    }
    out
}

/// Horizontal lines at least `min_len` pixels long.
pub fn horizontal_lines(mask: &Mask, min_len: usize) -> Vec<HLine> {
    let mut lines: Vec<HLine> = Vec::new();
    for y in 0..mask.height {
        for (x0, x1) in runs(mask.width, |x| mask.at(x, y), min_len, 1) {
            // continue a line of the rows just above that overlaps this run
            let found = lines.iter_mut().rev().take(64).find(|l| {
                l.y1 + 1 >= y && l.y1 < y && x0 <= l.x1 && l.x0 <= x1 && {
                    // rows of one line overlap nearly whole; a stroke of
                    // a character touching a line does not widen it
                    let overlap = l.x1.min(x1) - l.x0.max(x0);
                    overlap * 10 >= (x1 - x0).max(l.x1 - l.x0) * 7
                }
            });
            match found {
                Some(l) => {
                    l.y1 = y;
                    l.x0 = l.x0.min(x0);
                    l.x1 = l.x1.max(x1);
                }
                None => lines.push(HLine {
                    y0: y,
                    y1: y,
                    x0,
                    x1,
                }),
            }
        }
    }
    lines
}

/// Vertical lines at least `min_len` pixels long.
pub fn vertical_lines(mask: &Mask, min_len: usize) -> Vec<VLine> {
    let mut lines: Vec<VLine> = Vec::new();
    for x in 0..mask.width {
        for (y0, y1) in runs(mask.height, |y| mask.at(x, y), min_len, 2) {
            let found = lines.iter_mut().rev().take(64).find(|l| {
                l.x1 + 1 >= x && l.x1 < x && y0 <= l.y1 && l.y0 <= y1 && {
                    let overlap = l.y1.min(y1) - l.y0.max(y0);
                    overlap * 10 >= (y1 - y0).max(l.y1 - l.y0) * 7
                }
            });
            match found {
                Some(l) => {
                    l.x1 = x;
                    l.y0 = l.y0.min(y0);
                    l.y1 = l.y1.max(y1);
                }
                None => lines.push(VLine {
                    x0: x,
                    x1: x,
                    y0,
                    y1,
                }),
            }
        }
    }
    lines
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        let gp = parent.get(p).copied().unwrap_or(p);
        if let Some(slot) = parent.get_mut(i) {
            *slot = gp;
        }
        i = gp;
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        if let Some(slot) = parent.get_mut(ra.max(rb)) {
            *slot = ra.min(rb);
        }
    }
}

/// Cluster sorted positions closer than `tol` into their mean.
fn cluster(mut v: Vec<usize>, tol: usize) -> Vec<usize> {
    v.sort_unstable();
    let mut out: Vec<usize> = Vec::new();
    let mut group: Vec<usize> = Vec::new();
    for p in v {
        if let Some(&last) = group.last() {
            if p > last + tol {
                out.push(group.iter().sum::<usize>() / group.len());
                group.clear();
            }
        }
        group.push(p);
    }
    if !group.is_empty() {
        out.push(group.iter().sum::<usize>() / group.len());
    }
    out
}

/// Does a border run along `len` positions, `ink(i)` telling whether
/// position `i` has ink next to the border's line? A border reaches both
/// lines it joins: a stroke of a character inside the cell (the vertical
/// stroke of 申 in a header) leaves white padding at its ends, so any gap
/// longer than a few pixels means no border.
fn continuous(len: usize, ink: impl Fn(usize) -> bool) -> bool {
    let mut gap = 0usize;
    let mut hits = 0usize;
    for i in 0..len {
        if ink(i) {
            hits += 1;
            gap = 0;
        } else {
            gap += 1;
            if gap > 2 {
                return false;
            }
        }
    }
    hits * 100 >= len * 85
}

/// Is there a vertical border at column `x` from row `y0` to `y1`?
fn vertical_edge(mask: &Mask, x: usize, y0: usize, y1: usize) -> bool {
    let (a, b) = (y0 + 1, y1.saturating_sub(1));
    if b <= a {
        return true;
    }
    continuous(b - a, |i| {
        (x.saturating_sub(3)..=x + 3).any(|xx| mask.at(xx, a + i))
    })
}

/// Is there a horizontal border at row `y` from column `x0` to `x1`?
fn horizontal_edge(mask: &Mask, y: usize, x0: usize, x1: usize) -> bool {
    let (a, b) = (x0 + 1, x1.saturating_sub(1));
    if b <= a {
        return true;
    }
    continuous(b - a, |i| {
        (y.saturating_sub(3)..=y + 3).any(|yy| mask.at(a + i, yy))
    })
}

/// Lengths and tolerances of the line search at a resolution.
#[derive(Debug, Clone, Copy)]
struct Scale {
    /// Shortest horizontal ruling.
    h_min: usize,
    /// Shortest vertical ruling.
    v_min: usize,
    /// Positions closer than this are one boundary.
    tol: usize,
    /// Thickest ruling.
    thick: usize,
}

impl Scale {
    fn at(dpi: f64) -> Self {
        // strokes of neighbouring characters run together in blurred small
        // print (信息内容 at 9 pt, 150 dpi): a ruling is longer than five
        // characters; shorter borders are found by the edge tests between
        // the boundaries the long lines give
        Scale {
            h_min: ((dpi * 0.6) as usize).max(24),
            v_min: ((dpi * 0.1) as usize).max(6),
            tol: ((dpi * 0.03) as usize).max(3),
            thick: ((dpi * 0.06) as usize).max(4),
        }
    }
}

/// Ruled tables of a straightened page mask at `dpi`, with the lines
/// found (to erase them before text recognition).
pub fn tables(mask: &Mask, dpi: f64) -> (Vec<TableGrid>, Vec<HLine>, Vec<VLine>) {
    let sc = Scale::at(dpi);
    let hs: Vec<HLine> = horizontal_lines(mask, sc.h_min)
        .into_iter()
        .filter(|l| l.y1 - l.y0 <= sc.thick)
        .collect();
    let verticals = table_verticals(mask, &hs, sc);
    let mut vs: Vec<VLine> = verticals.iter().map(|v| v.line).collect();
    let mut out: Vec<TableGrid> = Vec::new();
    for (gh, gv) in line_groups(&hs, &vs, sc.tol) {
        let open: Vec<VLine> = gv
            .iter()
            .filter_map(|l| verticals.iter().find(|v| v.line == *l).map(|v| v.open))
            .collect();
        let Some(grid) = group_grid(mask, &gh, &gv, &open, sc.tol) else {
            continue;
        };
        opened_rulings(&grid, &gh, &gv, &open, &mut vs, sc.tol);
        out.push(grid);
    }
    out.sort_by_key(|t| t.ys.first().copied().unwrap_or(0));
    (out, hs, vs)
}

/// The verticals of a table whose frame was opened past its outermost
/// lines (`frame_rows`) run on into the row it added: so much of them is
/// erased too. Only the verticals that reach that outermost line are
/// lengthened (a column line of the lower rows that runs on up through
/// the header's text is not a ruling there).
fn opened_rulings(
    grid: &TableGrid,
    gh: &[HLine],
    gv: &[VLine],
    open: &[VLine],
    vs: &mut [VLine],
    tol: usize,
) {
    let (_, top, _, bottom) = grid.bounds();
    let (Some(h_top), Some(h_bottom)) =
        (gh.iter().map(HLine::y).min(), gh.iter().map(HLine::y).max())
    else {
        return;
    };
    for v in vs.iter_mut().filter(|v| gv.contains(v)) {
        let Some(o) = open.iter().find(|o| o.x0 == v.x0 && o.x1 == v.x1) else {
            continue;
        };
        if top + tol < h_top && v.y0 <= h_top + tol {
            v.y0 = v.y0.min(o.y0.max(top));
        }
        if bottom > h_bottom + tol && v.y1 + tol >= h_bottom {
            v.y1 = v.y1.max(o.y1.min(bottom));
        }
    }
}

/// A vertical ruling of a table: clipped to the horizontal lines it
/// joins, and as far as it runs on past them when that is more than
/// [`open_reach`] (a table open at the page's end: see `frame_rows`).
#[derive(Debug, Clone, Copy)]
struct Vertical {
    line: VLine,
    open: VLine,
}

/// The vertical lines that belong to a table: those joining horizontal
/// lines over (nearly) their whole length (strokes of characters touch
/// none), each clipped to the outermost lines it joins (with how far it
/// runs on past them, [`Vertical`]).
fn table_verticals(mask: &Mask, hs: &[HLine], sc: Scale) -> Vec<Vertical> {
    let raw_vs = join_vertical(vertical_lines(mask, sc.v_min / 2), sc.tol * 2);
    if std::env::var_os("XXGKNB_OCR_DEBUG_LINES").is_some() {
        eprintln!("ocr v candidates: {raw_vs:?}");
        eprintln!("ocr h lines: {hs:?}");
    }
    let tol = sc.tol;
    // each horizontal line with the extent of its row's pieces
    let rows: Vec<(&HLine, (usize, usize))> =
        hs.iter().map(|h| (h, collinear_extent(hs, h))).collect();
    raw_vs
        .into_iter()
        .filter(|v| v.x1 - v.x0 <= sc.thick && v.y1 - v.y0 + 1 >= sc.v_min)
        .filter_map(|v| {
            let x = v.x();
            let crossed: Vec<&(&HLine, (usize, usize))> = rows
                .iter()
                // a border touches the lines it joins; the stroke of a
                // digit in a low row stops a pixel or two short of them
                .filter(|(h, (x0, x1))| {
                    h.y1 + 2 >= v.y0 && h.y0 <= v.y1 + 2 && x + tol >= *x0 && x <= x1 + tol
                })
                .collect();
            // an end of the line on the row of a horizontal line of the
            // same table (overlapping the lines it crosses) that is broken
            // where the two meet
            let (tx0, tx1) = crossed
                .iter()
                .fold((usize::MAX, 0), |(a, b), (_, (x0, x1))| {
                    (a.min(*x0), b.max(*x1))
                });
            let aligned = rows.iter().filter(|(h, (x0, x1))| {
                (h.y().abs_diff(v.y0) <= 2 || h.y().abs_diff(v.y1) <= 2) && *x0 <= tx1 && *x1 >= tx0
            });
            let touched: Vec<usize> = crossed
                .iter()
                .copied()
                .chain(aligned)
                .map(|(h, _)| h.y())
                .collect();
            let (lo, hi) = (touched.iter().min()?, touched.iter().max()?);
            let span = hi.saturating_sub(*lo);
            let reach = open_reach(tol);
            let line = VLine {
                y0: *lo,
                y1: *hi,
                ..v
            };
            let open = VLine {
                y0: if *lo > v.y0 + reach { v.y0 } else { *lo },
                y1: if v.y1 > *hi + reach { v.y1 } else { *hi },
                ..v
            };
            (span > 0 && span * 10 >= (v.y1 - v.y0) * 7).then_some(Vertical { line, open })
        })
        .collect()
}

/// From the first to the last column of the pieces of a horizontal line
/// (`hs` within a pixel of its row): a faint ruling breaks into pieces,
/// and a column line that meets it in a gap between two pieces still
/// joins it.
fn collinear_extent(hs: &[HLine], h: &HLine) -> (usize, usize) {
    hs.iter()
        .filter(|o| o.y().abs_diff(h.y()) <= 1)
        .fold((h.x0, h.x1), |(a, b), o| (a.min(o.x0), b.max(o.x1)))
}

/// Horizontal and vertical lines grouped into tables: lines joined
/// (directly or through others) by a vertical line are one table.
fn line_groups(hs: &[HLine], vs: &[VLine], tol: usize) -> Vec<(Vec<HLine>, Vec<VLine>)> {
    let mut parent: Vec<usize> = (0..hs.len()).collect();
    let mut v_group: Vec<Option<usize>> = vec![None; vs.len()];
    for (vi, v) in vs.iter().enumerate() {
        let touched: Vec<usize> = hs
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.y() + tol >= v.y0
                    && h.y() <= v.y1 + tol
                    && v.x() + tol >= h.x0
                    && v.x() <= h.x1 + tol
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(&first) = touched.first() {
            for &t in &touched {
                union(&mut parent, first, t);
            }
            if let Some(g) = v_group.get_mut(vi) {
                *g = Some(first);
            }
        }
    }
    let mut groups: Vec<(usize, Vec<HLine>, Vec<VLine>)> = Vec::new();
    for (i, h) in hs.iter().enumerate() {
        let root = find(&mut parent, i);
        match groups.iter_mut().find(|g| g.0 == root) {
            Some(g) => g.1.push(*h),
            None => groups.push((root, vec![*h], Vec::new())),
        }
    }
    for (v, first) in vs.iter().zip(v_group) {
        let Some(first) = first else { continue };
        let root = find(&mut parent, first);
        if let Some(g) = groups.iter_mut().find(|g| g.0 == root) {
            g.2.push(*v);
        }
    }
    groups.into_iter().map(|(_, h, v)| (h, v)).collect()
}

/// The grid of one group of lines, if it makes a table (two rows of
/// lines, two columns, two cells at least).
/// `open`: the group's verticals as far as they run on past its lines.
fn group_grid(
    mask: &Mask,
    gh: &[HLine],
    gv: &[VLine],
    open: &[VLine],
    tol: usize,
) -> Option<TableGrid> {
    if gh.len() < 2 || gv.len() < 2 {
        return None;
    }
    let ys = frame_rows(cluster(gh.iter().map(HLine::y).collect(), tol), open, tol);
    let xs = frame_edges(cluster(gv.iter().map(VLine::x).collect(), tol), gh, tol);
    if std::env::var_os("XXGKNB_OCR_DEBUG").is_some() {
        eprintln!("ocr grid candidate: ys {ys:?} xs {xs:?}");
    }
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    build_grid(mask, ys, xs).filter(|grid| grid.cells.len() >= 2)
}

/// Column boundaries with the table's outer frame where its horizontal
/// lines say it is: when two or more of them run on past the outermost
/// vertical line found (by more than a narrow column), that side's
/// border was lost (broken by noise or a rotated scan's grey) and a
/// whole column would be missing, its values read into the next one; the
/// lines' common end is that border.
fn frame_edges(xs: Vec<usize>, gh: &[HLine], tol: usize) -> Vec<usize> {
    closed_where_lines_end(xs, gh.iter().map(|h| (h.x0, h.x1)), open_reach(tol))
}

/// How far (pixels) a line must run past a table's outermost crossing
/// line for that side to be open: more than a text line (or a narrow
/// column).
fn open_reach(tol: usize) -> usize {
    4 * tol
}

/// Row boundaries with the table's top and bottom where its vertical
/// lines say they are: when two or more of them run on past the
/// outermost horizontal line found (by more than a text line), that
/// side is open (a table cut by the page's end, its row going on over
/// the page, or a border lost) and the row's values would be read as
/// free text; the lines' common end closes it.
fn frame_rows(ys: Vec<usize>, gv: &[VLine], tol: usize) -> Vec<usize> {
    closed_where_lines_end(ys, gv.iter().map(|v| (v.y0, v.y1)), open_reach(tol))
}

/// Boundaries (sorted) with an outer one added on each side where two or
/// more crossing lines (`ends`: where each starts and ends) run on past
/// the outermost boundary by more than `reach`: at the end the most of
/// them reach, the innermost of their outer ends.
fn closed_where_lines_end(
    mut bounds: Vec<usize>,
    ends: impl Iterator<Item = (usize, usize)> + Clone,
    reach: usize,
) -> Vec<usize> {
    let (Some(&first), Some(&last)) = (bounds.first(), bounds.last()) else {
        return bounds;
    };
    let mut before: Vec<usize> = ends
        .clone()
        .map(|e| e.0)
        .filter(|&p| p + reach < first)
        .collect();
    let mut after: Vec<usize> = ends.map(|e| e.1).filter(|&p| p > last + reach).collect();
    before.sort_unstable();
    after.sort_unstable();
    if before.len() >= 2 {
        if let Some(&p) = before.last() {
            bounds.insert(0, p);
        }
    }
    if after.len() >= 2 {
        if let Some(&p) = after.first() {
            bounds.push(p);
        }
    }
    bounds
}

/// Leave out inner boundaries along which no border runs at all (a
/// stroke of text taken for a line).
fn prune(mask: &Mask, mut ys: Vec<usize>, mut xs: Vec<usize>) -> (Vec<usize>, Vec<usize>) {
    let inner_y: Vec<usize> = (1..ys.len().saturating_sub(1))
        .filter(|&r| {
            let Some(&y) = ys.get(r) else { return false };
            xs.windows(2).any(|w| match w {
                [a, b] => horizontal_edge(mask, y, *a, *b),
                _ => false,
            })
        })
        .collect();
    let mut keep_y = vec![ys.first().copied().unwrap_or(0)];
    keep_y.extend(inner_y.iter().filter_map(|&r| ys.get(r).copied()));
    if ys.len() > 1 {
        keep_y.extend(ys.last().copied());
    }
    ys = keep_y;
    let inner_x: Vec<usize> = (1..xs.len().saturating_sub(1))
        .filter(|&c| {
            let Some(&x) = xs.get(c) else { return false };
            ys.windows(2).any(|w| match w {
                [a, b] => vertical_edge(mask, x, *a, *b),
                _ => false,
            })
        })
        .collect();
    let mut keep_x = vec![xs.first().copied().unwrap_or(0)];
    keep_x.extend(inner_x.iter().filter_map(|&c| xs.get(c).copied()));
    if xs.len() > 1 {
        keep_x.extend(xs.last().copied());
    }
    xs = keep_x;
    (ys, xs)
}

/// Resolve grid slots into cells: slots not separated by a border are one
/// cell (see `region_cells` for the spans).
pub fn build_grid(mask: &Mask, ys: Vec<usize>, xs: Vec<usize>) -> Option<TableGrid> {
    let (ys, xs) = prune(mask, ys, xs);
    let rows = ys.len().checked_sub(1)?;
    let cols = xs.len().checked_sub(1)?;
    if rows == 0 || cols == 0 || rows * cols > 100_000 {
        return None;
    }
    let idx = |r: usize, c: usize| r * cols + c;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let (Some(&y0), Some(&y1)) = (ys.get(r), ys.get(r + 1)) else {
            continue;
        };
        for c in 0..cols {
            let (Some(&x0), Some(&x1)) = (xs.get(c), xs.get(c + 1)) else {
                continue;
            };
            if c + 1 < cols && !vertical_edge(mask, x1, y0, y1) {
                union(&mut parent, idx(r, c), idx(r, c + 1));
            }
            if r + 1 < rows && !horizontal_edge(mask, y1, x0, x1) {
                union(&mut parent, idx(r, c), idx(r + 1, c));
            }
        }
    }
    let regions: Vec<usize> = (0..rows * cols).map(|i| find(&mut parent, i)).collect();
    let cells = region_cells(&regions, rows, cols, &ys, &xs)?;
    Some(TableGrid { ys, xs, cells })
}

/// A grid region's slots: first row, first column, last row, last column,
/// and how many slots it holds.
type RegionBox = (usize, usize, usize, usize, usize);

/// The cells of a grid whose slots (`rows` × `cols`, row by row) belong
/// to the merged regions `regions` (a root slot per slot): a rectangular
/// region is one cell with its spans; a region that is not a rectangle
/// (a border piece missing or found where there is none) is split into
/// its slots again, so that every slot of every row has exactly one cell
/// and no cell moves to another column.
fn region_cells(
    regions: &[usize],
    rows: usize,
    cols: usize,
    ys: &[usize],
    xs: &[usize],
) -> Option<Vec<GridCell>> {
    // bounding box and slot count of each region
    let mut boxes: Vec<Option<RegionBox>> = vec![None; rows * cols];
    for (i, &root) in regions.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        if let Some(b) = boxes.get_mut(root) {
            *b = Some(match *b {
                None => (r, c, r, c, 1),
                Some((r0, c0, r1, c1, n)) => (r0.min(r), c0.min(c), r1.max(r), c1.max(c), n + 1),
            });
        }
    }
    let mut cells = Vec::new();
    for (i, &root) in regions.iter().enumerate() {
        let (r, c) = (i / cols, i % cols);
        let Some(Some((r0, c0, r1, c1, n))) = boxes.get(root).copied() else {
            continue;
        };
        let rectangle = n == (r1 - r0 + 1) * (c1 - c0 + 1);
        let (r0, c0, r1, c1) = if rectangle {
            (r0, c0, r1, c1)
        } else {
            (r, c, r, c)
        };
        if (r0, c0) != (r, c) {
            continue;
        }
        cells.push(GridCell {
            row: r0,
            col: c0,
            row_span: r1 - r0 + 1,
            col_span: c1 - c0 + 1,
            x0: xs.get(c0).copied()?,
            y0: ys.get(r0).copied()?,
            x1: xs.get(c1 + 1).copied()?,
            y1: ys.get(r1 + 1).copied()?,
        });
    }
    Some(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mask with the given horizontal segments (y, x0, x1) and vertical
    /// segments (x, y0, y1), lines 2 px thick.
    fn mask(
        w: usize,
        h: usize,
        hs: &[(usize, usize, usize)],
        vs: &[(usize, usize, usize)],
    ) -> Mask {
        let mut bits = vec![false; w * h];
        for &(y, x0, x1) in hs {
            for yy in y..y + 2 {
                for x in x0..=x1 {
                    bits[yy * w + x] = true;
                }
            }
        }
        for &(x, y0, y1) in vs {
            for xx in x..x + 2 {
                for y in y0..=y1 {
                    bits[y * w + xx] = true;
                }
            }
        }
        Mask {
            width: w,
            height: h,
            bits,
        }
    }

    #[test]
    fn long_runs_are_lines_short_strokes_are_not() {
        // one 300 px line and one 20 px stroke at 150 dpi (min 45 px)
        let m = mask(400, 100, &[(10, 20, 320), (50, 20, 40)], &[]);
        let hs = horizontal_lines(&m, 45);
        assert_eq!(hs.len(), 1);
        assert_eq!((hs[0].y0, hs[0].y1, hs[0].x0, hs[0].x1), (10, 11, 20, 320));
    }

    #[test]
    fn gaps_in_a_line_are_bridged() {
        let m = mask(400, 30, &[(10, 20, 150), (10, 152, 300)], &[]);
        let hs = horizontal_lines(&m, 200);
        assert_eq!(hs.len(), 1, "{hs:?}");
    }

    #[test]
    fn grid_with_row_and_column_spans() {
        // 3 columns × 3 rows; the header cell spans columns 1–2, the
        // label cell of rows 1–2 spans two rows
        //   +----+---------+
        //   |    |  head   |
        //   +    +----+----+
        //   | L  | a  | b  |
        //   +----+----+----+
        //   | M  | c  | d  |
        //   +----+----+----+
        let (x0, x1, x2, x3) = (10, 110, 210, 310);
        let (y0, y1, y2, y3) = (10, 60, 110, 160);
        let m = mask(
            330,
            180,
            &[(y0, x0, x3), (y1, x1, x3), (y2, x0, x3), (y3, x0, x3)],
            &[(x0, y0, y3), (x1, y0, y3), (x2, y1, y3), (x3, y0, y3)],
        );
        let (tables, _, _) = tables(&m, 150.0);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.ys.len(), 4, "{:?}", t.ys);
        assert_eq!(t.xs.len(), 4, "{:?}", t.xs);
        let spans: Vec<(usize, usize, usize, usize)> = t
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span))
            .collect();
        assert_eq!(
            spans,
            vec![
                (0, 0, 2, 1),
                (0, 1, 1, 2),
                (1, 1, 1, 1),
                (1, 2, 1, 1),
                (2, 0, 1, 1),
                (2, 1, 1, 1),
                (2, 2, 1, 1)
            ]
        );
    }

    #[test]
    fn a_region_that_is_no_rectangle_is_split_into_its_slots() {
        // 2×2 slots; slots 1, 2 and 3 merged into an L (slot 0 apart):
        // every slot keeps a cell of its own, none is lost or moved
        let cells = region_cells(&[0, 1, 1, 1], 2, 2, &[0, 10, 20], &[0, 10, 20]).unwrap();
        let slots: Vec<(usize, usize, usize, usize)> = cells
            .iter()
            .map(|c| (c.row, c.col, c.row_span, c.col_span))
            .collect();
        assert_eq!(
            slots,
            vec![(0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1)]
        );
        // a rectangle stays one cell
        let cells = region_cells(&[0, 0, 2, 3], 2, 2, &[0, 10, 20], &[0, 10, 20]).unwrap();
        assert_eq!(cells.len(), 3);
        assert_eq!((cells[0].col_span, cells[0].x1), (2, 20));
    }

    #[test]
    fn a_column_line_meeting_a_broken_ruling_in_its_gap_is_kept() {
        // three columns, three rows 30 px high; the top line is broken
        // where the first inner column line meets it (x 110–190): that
        // line still joins it, and its column is not lost
        let (x0, x1, x2, x3) = (10, 150, 240, 330);
        let (y0, y1, y2, y3) = (10, 40, 70, 100);
        let m = mask(
            350,
            120,
            &[
                (y0, x0, 110),
                (y0, 190, x3),
                (y1, x0, x3),
                (y2, x0, x3),
                (y3, x0, x3),
            ],
            &[(x0, y0, y3), (x1, y0, y3), (x2, y0, y3), (x3, y0, y3)],
        );
        let (tables, _, _) = tables(&m, 150.0);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].xs.len(), 4, "{:?}", tables[0].xs);
        assert_eq!(tables[0].cells.len(), 9);
    }

    #[test]
    fn a_column_line_ending_on_a_row_broken_beside_it_is_kept() {
        // the first inner column line runs from the second row line down
        // (the header cell above it spans two columns); that row line is
        // lost from the left border to past the column line (x 10–190):
        // the column line still ends on it, and its column is not lost
        let (x0, x1, x2, x3) = (10, 150, 240, 330);
        let (y0, y1, y2, y3) = (10, 40, 70, 100);
        let m = mask(
            350,
            120,
            &[(y0, x0, x3), (y1, 190, x3), (y2, x0, x3), (y3, x0, x3)],
            &[(x0, y0, y3), (x1, y1, y3), (x2, y0, y3), (x3, y0, y3)],
        );
        let (tables, _, _) = tables(&m, 150.0);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].xs.len(), 4, "{:?}", tables[0].xs);
    }

    #[test]
    fn a_lost_outer_border_is_where_the_lines_end() {
        // three columns; the left border is not there, but the lines
        // run on to x = 10: the first column is kept
        let (x0, x1, x2, x3) = (10, 110, 210, 310);
        let (y0, y1, y2) = (10, 60, 110);
        let m = mask(
            330,
            130,
            &[(y0, x0, x3), (y1, x0, x3), (y2, x0, x3)],
            &[(x1, y0, y2), (x2, y0, y2), (x3, y0, y2)],
        );
        let (tables, _, _) = tables(&m, 150.0);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].xs.len(), 4, "{:?}", tables[0].xs);
        assert_eq!(tables[0].cells.len(), 6);
    }

    #[test]
    fn a_table_cut_by_the_page_end_is_closed_where_its_lines_end() {
        // two rows ruled, a third row open at the foot: the columns run
        // on to y = 150 without a line under them
        let (x0, x1, x2) = (10, 110, 210);
        let (y0, y1, y2, y3) = (10, 60, 110, 150);
        let m = mask(
            230,
            170,
            &[(y0, x0, x2), (y1, x0, x2), (y2, x0, x2)],
            &[(x0, y0, y3), (x1, y0, y3), (x2, y0, y3)],
        );
        let (cut, _, _) = tables(&m, 150.0);
        assert_eq!(cut.len(), 1);
        assert_eq!(cut[0].ys.len(), 4, "{:?}", cut[0].ys);
        assert_eq!(cut[0].cells.len(), 6);
        // lines that end at the table's border add no row
        let m = mask(
            230,
            170,
            &[(y0, x0, x2), (y1, x0, x2), (y2, x0, x2)],
            &[(x0, y0, y2), (x1, y0, y2), (x2, y0, y2)],
        );
        let (closed, _, _) = tables(&m, 150.0);
        assert_eq!(closed[0].ys.len(), 3, "{:?}", closed[0].ys);
    }

    #[test]
    fn pieces_of_a_ruling_join_whatever_joined_first() {
        let v = |x0: usize, x1: usize, y0: usize, y1: usize| VLine { x0, x1, y0, y1 };
        // the lower piece of the line at 452 meets a stroke at 451 first
        let lines = vec![
            v(452, 452, 67, 286),
            v(451, 451, 280, 300),
            v(452, 452, 274, 520),
        ];
        let joined = join_vertical(lines, 8);
        assert_eq!(joined.len(), 1, "{joined:?}");
        assert_eq!((joined[0].y0, joined[0].y1), (67, 520));
    }

    #[test]
    fn a_stroke_touching_a_ruling_does_not_widen_it() {
        let v = |x0: usize, x1: usize, y0: usize, y1: usize| VLine { x0, x1, y0, y1 };
        // a character's blob (615-624) over the line at 620, which starts
        // at the row line below the text
        let joined = join_vertical(vec![v(615, 624, 1131, 1145), v(620, 621, 1152, 1209)], 8);
        assert_eq!(joined, vec![v(620, 621, 1131, 1209)]);
    }

    #[test]
    fn separate_tables_stay_separate() {
        let m = mask(
            330,
            400,
            &[
                (10, 10, 310),
                (60, 10, 310),
                (200, 10, 310),
                (250, 10, 310),
                (300, 10, 310),
            ],
            &[
                (10, 10, 61),
                (160, 10, 61),
                (310, 10, 61),
                (10, 200, 301),
                (160, 200, 301),
                (310, 200, 301),
            ],
        );
        let (tables, _, _) = tables(&m, 150.0);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].cells.len(), 2);
        assert_eq!(tables[1].cells.len(), 4);
    }

    #[test]
    fn strokes_inside_cells_are_not_borders() {
        // a 20 px vertical stroke in the middle of a cell touches no line
        let m = mask(
            330,
            180,
            &[(10, 10, 310), (160, 10, 310)],
            &[(10, 10, 161), (200, 10, 161), (310, 10, 161), (100, 70, 90)],
        );
        let (tables, _, vs) = tables(&m, 150.0);
        assert_eq!(vs.len(), 3);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].xs, vec![10, 200, 310]);
    }
}
