//! Table grids from ruling lines: merge segments, find connected groups of
//! horizontal and vertical rules, derive row and column boundaries, and
//! resolve cells with row and column spans from the walls that are present.

use crate::interp::Segment;

/// Distance (points) within which rules are taken as the same line.
const SNAP: f32 = 2.0;
/// Most rows or columns of one grid (hostile input guard).
const MAX_LINES: usize = 2000;

/// A cell of a ruled grid, in grid coordinates and page space.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// First row.
    pub r0: usize,
    /// One past the last row.
    pub r1: usize,
    /// First column.
    pub c0: usize,
    /// One past the last column.
    pub c1: usize,
}

impl GridCell {
    /// The cell of one slot.
    fn single(r: usize, c: usize) -> Self {
        GridCell {
            r0: r,
            r1: r + 1,
            c0: c,
            c1: c + 1,
        }
    }
}

/// A ruled grid on one page.
#[derive(Debug, Clone, PartialEq)]
pub struct RuledGrid {
    /// Column boundaries, left to right (len = columns + 1).
    pub xs: Vec<f32>,
    /// Row boundaries, top to bottom (descending y; len = rows + 1).
    pub ys: Vec<f32>,
    /// Cells in row-major order of their top-left corner.
    pub cells: Vec<GridCell>,
    /// Index into `cells` of the cell covering each slot (row-major).
    pub owner: Vec<usize>,
    /// The vertical rules run on below the lowest horizontal rule: the
    /// last row is cut off (by a page break).
    pub open_bottom: bool,
    /// The vertical rules start above the highest horizontal rule: the
    /// first row continues one cut off on the previous page.
    pub open_top: bool,
}

impl RuledGrid {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }
    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }
    /// Does the point lie inside the grid (with a small margin)?
    pub fn contains(&self, x: f32, y: f32) -> bool {
        match (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) {
            (Some(l), Some(r), Some(t), Some(b)) => {
                x >= l - 1.0 && x <= r + 1.0 && y <= t + 1.0 && y >= b - 1.0
            }
            _ => false,
        }
    }
    /// The grid slot (row, column) containing a point.
    pub fn slot(&self, x: f32, y: f32) -> Option<(usize, usize)> {
        if !self.contains(x, y) {
            return None;
        }
        let c = self
            .xs
            .windows(2)
            .position(|w| matches!(w, &[_, right] if x < right))
            .unwrap_or(self.cols().saturating_sub(1));
        let r = self
            .ys
            .windows(2)
            .position(|w| matches!(w, &[_, below] if y > below))
            .unwrap_or(self.rows().saturating_sub(1));
        Some((r, c))
    }
    /// Index of the cell covering a slot.
    pub fn cell_at(&self, r: usize, c: usize) -> Option<usize> {
        if c >= self.cols() {
            return None;
        }
        self.owner.get(r * self.cols() + c).copied()
    }
}

/// Merge collinear, overlapping or adjacent segments of one orientation.
fn merge(mut segs: Vec<Segment>, horizontal: bool) -> Vec<Segment> {
    let key = |s: &Segment| if horizontal { s.y0 } else { s.x0 };
    let start = |s: &Segment| if horizontal { s.x0 } else { s.y0 };
    segs.sort_by(|a, b| {
        key(a)
            .total_cmp(&key(b))
            .then(start(a).total_cmp(&start(b)))
    });
    // group by line position
    let mut groups: Vec<Vec<Segment>> = Vec::new();
    for s in segs {
        match groups.last_mut() {
            Some(g)
                if g.first()
                    .is_some_and(|f| (key(f) - key(&s)).abs() <= SNAP * 0.5) =>
            {
                g.push(s)
            }
            _ => groups.push(vec![s]),
        }
    }
    let mut out = Vec::new();
    for mut g in groups {
        let pos = g.iter().map(key).sum::<f32>() / g.len() as f32;
        g.sort_by(|a, b| start(a).total_cmp(&start(b)));
        let mut cur: Option<(f32, f32)> = None;
        for s in g {
            let (a, b) = if horizontal {
                (s.x0, s.x1)
            } else {
                (s.y0, s.y1)
            };
            cur = match cur {
                Some((ca, cb)) if a <= cb + SNAP => Some((ca, cb.max(b))),
                Some((ca, cb)) => {
                    out.push(make(horizontal, pos, ca, cb));
                    Some((a, b))
                }
                None => Some((a, b)),
            };
        }
        if let Some((ca, cb)) = cur {
            out.push(make(horizontal, pos, ca, cb));
        }
    }
    out
}

fn make(horizontal: bool, pos: f32, a: f32, b: f32) -> Segment {
    if horizontal {
        Segment {
            x0: a,
            y0: pos,
            x1: b,
            y1: pos,
        }
    } else {
        Segment {
            x0: pos,
            y0: a,
            x1: pos,
            y1: b,
        }
    }
}

fn find(p: &mut [usize], mut i: usize) -> usize {
    while let Some(&pi) = p.get(i) {
        if pi == i {
            break;
        }
        let grand = p.get(pi).copied().unwrap_or(pi);
        if let Some(slot) = p.get_mut(i) {
            *slot = grand;
        }
        i = grand;
    }
    i
}

fn union(p: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(p, a), find(p, b));
    if ra != rb {
        if let Some(slot) = p.get_mut(ra) {
            *slot = rb;
        }
    }
}

/// Cluster sorted values closer than `SNAP` into their mean.
fn cluster(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<(f32, usize)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((s, n)) if x - *s / *n as f32 <= SNAP => {
                *s += x;
                *n += 1;
            }
            _ => out.push((x, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f32).collect()
}

/// Boundaries closer than this (points) make no band of their own: double
/// borders and doubled rules.
const SLIVER: f32 = 4.0;

/// Remove boundaries that would make a band thinner than [`SLIVER`]
/// (sorted input); the outermost boundaries are kept.
fn drop_slivers(v: Vec<f32>) -> Vec<f32> {
    let n = v.len();
    let mut out: Vec<f32> = Vec::with_capacity(n);
    for (i, x) in v.into_iter().enumerate() {
        match out.last_mut() {
            Some(last) if x - *last < SLIVER => {
                // at the right/bottom edge keep the outer line
                if i == n - 1 {
                    *last = x;
                }
            }
            _ => out.push(x),
        }
    }
    out
}

/// How far (points) a rule may lie outside the page and still count.
const PAGE_SLACK: f32 = 1.0;

/// The ruled grids of a page of `width` × `height` (display space), from
/// the rules as far as they are visible on it.
///
/// A producer that prints one tall canvas page by page (wkhtmltopdf)
/// paints the whole of a table's rules on every page the table touches,
/// clipped to the page: the rules of rows above or below the page are not
/// part of this page's grid, and a row cut by the page edge ends at the
/// edge (an open row, joined with its rest on the next page). Vertical
/// rules cut by the same page edge belong to one table even where the
/// horizontal rules that would connect them are off the page (the left
/// column of a row-spanning label).
pub fn page_grids(
    segments: &[Segment],
    width: f32,
    height: f32,
    text: &[(f32, f32)],
) -> Vec<RuledGrid> {
    if !(width > 0.0 && height > 0.0) {
        return grids_with_edges(segments, None, text);
    }
    let (lo_x, hi_x) = (-PAGE_SLACK, width + PAGE_SLACK);
    let (lo_y, hi_y) = (-PAGE_SLACK, height + PAGE_SLACK);
    let visible: Vec<Segment> = segments
        .iter()
        .filter_map(|s| {
            let c = Segment {
                x0: s.x0.max(lo_x),
                x1: s.x1.min(hi_x),
                y0: s.y0.max(lo_y),
                y1: s.y1.min(hi_y),
            };
            let long = if s.is_horizontal() {
                c.x1 - c.x0 > 0.5
            } else {
                c.y1 - c.y0 > 0.5
            };
            (c.x1 >= c.x0 && c.y1 >= c.y0 && long).then_some(c)
        })
        .collect();
    grids_with_edges(&visible, Some((lo_y, hi_y)), text)
}

/// Build the ruled grids of a page from its segments.
pub fn grids(segments: &[Segment]) -> Vec<RuledGrid> {
    grids_with_edges(segments, None, &[])
}

/// [`grids`], where vertical rules ending exactly on `edges` (bottom, top:
/// cut by the page edge) are grouped together per edge.
fn grids_with_edges(
    segments: &[Segment],
    edges: Option<(f32, f32)>,
    text: &[(f32, f32)],
) -> Vec<RuledGrid> {
    let (h, v): (Vec<Segment>, Vec<Segment>) =
        segments.iter().copied().partition(Segment::is_horizontal);
    let h = merge(h, true);
    let v = merge(v, false);
    // hostile input guard: the pairwise test below is O(h * v)
    if h.len() < 2 || v.len() < 2 || h.len() * v.len() > 4_000_000 {
        return Vec::new();
    }
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            if vs.x0 >= hs.x0 - SNAP
                && vs.x0 <= hs.x1 + SNAP
                && hs.y0 >= vs.y0 - SNAP
                && hs.y0 <= vs.y1 + SNAP
            {
                union(&mut parent, i, h.len() + j);
            }
        }
    }
    if let Some((lo, hi)) = edges {
        let (mut first_lo, mut first_hi) = (None, None);
        for (j, vs) in v.iter().enumerate() {
            for (cut, first) in [(vs.y0 <= lo, &mut first_lo), (vs.y1 >= hi, &mut first_hi)] {
                if cut {
                    match *first {
                        Some(f) => union(&mut parent, f, h.len() + j),
                        None => *first = Some(h.len() + j),
                    }
                }
            }
        }
    }
    let mut comps: std::collections::BTreeMap<usize, (Vec<Segment>, Vec<Segment>)> =
        Default::default();
    for (i, s) in h.iter().chain(v.iter()).enumerate() {
        let r = find(&mut parent, i);
        let e = comps.entry(r).or_default();
        if i < h.len() {
            e.0.push(*s);
        } else {
            e.1.push(*s);
        }
    }
    let mut out: Vec<RuledGrid> = comps
        .into_values()
        .filter(|(hs, vs)| hs.len() >= 2 && vs.len() >= 2)
        .filter_map(|(hs, vs)| build(&hs, &vs, text))
        .collect();
    out.sort_by(|a, b| {
        let ta = a.ys.first().copied().unwrap_or(0.0);
        let tb = b.ys.first().copied().unwrap_or(0.0);
        tb.total_cmp(&ta)
    });
    out
}

fn covers_v(vs: &[Segment], x: f32, tol: f32, y_lo: f32, y_hi: f32) -> bool {
    let mid = (y_lo + y_hi) / 2.0;
    vs.iter()
        .any(|s| (s.x0 - x).abs() <= tol && s.y0 <= mid && s.y1 >= mid)
}

fn covers_h(hs: &[Segment], y: f32, tol: f32, x_lo: f32, x_hi: f32) -> bool {
    let mid = (x_lo + x_hi) / 2.0;
    hs.iter()
        .any(|s| (s.y0 - y).abs() <= tol && s.x0 <= mid && s.x1 >= mid)
}

/// How far from boundary `i` of `bs` a rule may lie and still be its wall:
/// [`SNAP`], widened up to the sliver bands dropped into it (two cells'
/// borders a few points apart, as where one producer draws each cell's own
/// rectangle), but never past half the way to a neighbouring boundary, so a
/// rule is only ever the wall of the boundary nearest to it.
fn wall_tol(bs: &[f32], i: usize) -> f32 {
    let at = |j: Option<usize>| j.and_then(|j| bs.get(j)).copied();
    let Some(b) = at(Some(i)) else {
        return SNAP;
    };
    let half = [at(i.checked_sub(1)), at(i.checked_add(1))]
        .into_iter()
        .flatten()
        .map(|n| (n - b).abs() / 2.0 - 0.01)
        .fold(SLIVER + SNAP, f32::min);
    half.max(SNAP)
}

/// A wall under boundary `i` of `ys` between `x_lo` and `x_hi`: a rule at
/// the boundary or at its alias (a staggered partner merged into it).
fn covers_h_at(
    hs: &[Segment],
    ys: &[f32],
    ytol: &[f32],
    alias: &[Option<(f32, f32)>],
    i: usize,
    x_lo: f32,
    x_hi: f32,
) -> bool {
    let Some(&y) = ys.get(i) else {
        return false;
    };
    let tol = ytol.get(i).copied().unwrap_or(SNAP);
    covers_h(hs, y, tol, x_lo, x_hi)
        || alias
            .get(i)
            .copied()
            .flatten()
            .is_some_and(|(a, t)| covers_h(hs, a, t, x_lo, x_hi))
}

/// Most height (points) of a band between staggered row boundaries.
const STAGGER: f32 = 12.0;

/// Merge staggered row boundaries: where a thin band (< [`STAGGER`])
/// between two inner row boundaries holds no text and is not closed in
/// every column (some columns end their row at the upper boundary, others
/// at the lower one, or cells overlap), it is no row of its own but one row
/// boundary drawn at two heights, as the cells of a row cut by a page break are when each
/// cell's remaining content is boxed on its own. The lower boundary is
/// dropped and its rules count as walls of the upper one.
fn merge_staggered(
    hs: &[Segment],
    xs: &[f32],
    text: &[(f32, f32)],
    ys: &mut Vec<f32>,
    ytol: &mut Vec<f32>,
    alias: &mut Vec<Option<(f32, f32)>>,
) {
    let mut k = 1;
    while k + 2 < ys.len() {
        let (Some(&top), Some(&bot)) = (ys.get(k), ys.get(k + 1)) else {
            break;
        };
        let (tt, tb) = (
            ytol.get(k).copied().unwrap_or(SNAP),
            ytol.get(k + 1).copied().unwrap_or(SNAP),
        );
        let (x_lo, x_hi) = (
            xs.first().copied().unwrap_or(0.0),
            xs.last().copied().unwrap_or(0.0),
        );
        let staggered = top - bot < STAGGER && alias.get(k).copied().flatten().is_none() && {
            let walls: Vec<(bool, bool)> = xs
                .iter()
                .zip(xs.iter().skip(1))
                .map(|(&a, &b)| (covers_h(hs, top, tt, a, b), covers_h(hs, bot, tb, a, b)))
                .collect();
            !walls.iter().all(|&(t, b)| t && b)
                && walls.iter().any(|&(t, b)| t != b)
                && !text
                    .iter()
                    .any(|&(x, y)| y < top && y > bot && x > x_lo && x < x_hi)
        };
        if staggered {
            ys.remove(k + 1);
            ytol.remove(k + 1);
            alias.remove(k + 1);
            if let Some(a) = alias.get_mut(k) {
                *a = Some((bot, tb));
            }
        }
        k += 1;
    }
}

/// The row and column boundaries of a grid: every rule position, plus the
/// outer edges where the rules of the other direction overhang (open
/// sides without outer vertical rules, rows cut by a page break).
struct Boundaries {
    /// Column boundaries, left to right.
    xs: Vec<f32>,
    /// Row boundaries, top to bottom.
    ys: Vec<f32>,
    /// The vertical rules run on below the last horizontal rule.
    open_bottom: bool,
    /// The vertical rules run on above the first horizontal rule.
    open_top: bool,
}

/// The smallest (`min`) or largest value of `it`.
fn extreme(it: impl Iterator<Item = f32>, min: bool) -> f32 {
    it.fold(if min { f32::MAX } else { f32::MIN }, |a, b| {
        if min {
            a.min(b)
        } else {
            a.max(b)
        }
    })
}

fn boundaries(hs: &[Segment], vs: &[Segment]) -> Boundaries {
    let (hx0, hx1) = (
        extreme(hs.iter().map(|s| s.x0), true),
        extreme(hs.iter().map(|s| s.x1), false),
    );
    let (vx0, vx1) = (
        extreme(vs.iter().map(|s| s.x0), true),
        extreme(vs.iter().map(|s| s.x0), false),
    );
    let (vy0, vy1) = (
        extreme(vs.iter().map(|s| s.y0), true),
        extreme(vs.iter().map(|s| s.y1), false),
    );
    let (hy0, hy1) = (
        extreme(hs.iter().map(|s| s.y0), true),
        extreme(hs.iter().map(|s| s.y0), false),
    );
    let mut xv: Vec<f32> = vs.iter().map(|s| s.x0).collect();
    if hx0 < vx0 - 2.0 * SNAP {
        xv.push(hx0);
    }
    if hx1 > vx1 + 2.0 * SNAP {
        xv.push(hx1);
    }
    let mut yv: Vec<f32> = hs.iter().map(|s| s.y0).collect();
    let open_bottom = vy0 < hy0 - 2.0 * SNAP;
    let open_top = vy1 > hy1 + 2.0 * SNAP;
    if open_bottom {
        yv.push(vy0);
    }
    if open_top {
        yv.push(vy1);
    }
    let mut ys = drop_slivers(cluster(yv));
    ys.reverse();
    Boundaries {
        xs: drop_slivers(cluster(xv)),
        ys,
        open_bottom,
        open_top,
    }
}

fn build(hs: &[Segment], vs: &[Segment], text: &[(f32, f32)]) -> Option<RuledGrid> {
    let Boundaries {
        xs,
        mut ys,
        open_bottom,
        open_top,
    } = boundaries(hs, vs);
    // tolerances are taken before staggered boundaries are merged, so a
    // rule still belongs to the position it was drawn at
    let xtol: Vec<f32> = (0..xs.len()).map(|i| wall_tol(&xs, i)).collect();
    let mut ytol: Vec<f32> = (0..ys.len()).map(|i| wall_tol(&ys, i)).collect();
    // per row boundary: a second position whose rules also count as its wall
    let mut alias: Vec<Option<(f32, f32)>> = vec![None; ys.len()];
    merge_staggered(hs, &xs, text, &mut ys, &mut ytol, &mut alias);
    let (rows, cols) = (ys.len().checked_sub(1)?, xs.len().checked_sub(1)?);
    if rows == 0 || cols == 0 || rows > MAX_LINES || cols > MAX_LINES {
        return None;
    }
    // wall tests scan the rules once per slot
    if (rows * cols).saturating_mul(hs.len() + vs.len()) > 50_000_000 {
        return None;
    }
    // a grid must be a real table: big enough to hold text
    let width = xs.last()? - xs.first()?;
    let height = ys.first()? - ys.last()?;
    if width < 10.0 || height < 8.0 {
        return None;
    }
    let walls = Walls {
        hs,
        vs,
        xs: &xs,
        ys: &ys,
        xtol: &xtol,
        ytol: &ytol,
        alias: &alias,
    };
    let mut parent = walls.join_open_slots();
    let boxes = bounding_boxes(&mut parent, rows, cols);
    let (cells, owner) = resolve_cells(&mut parent, &boxes, rows, cols);
    Some(RuledGrid {
        xs,
        ys,
        cells,
        owner,
        open_bottom,
        open_top,
    })
}

/// The rules of a grid and its boundaries with their tolerances.
struct Walls<'a> {
    hs: &'a [Segment],
    vs: &'a [Segment],
    xs: &'a [f32],
    ys: &'a [f32],
    xtol: &'a [f32],
    ytol: &'a [f32],
    alias: &'a [Option<(f32, f32)>],
}

impl Walls<'_> {
    /// Union-find over the slots (row-major): two neighbouring slots with
    /// no rule between them are one cell.
    fn join_open_slots(&self) -> Vec<usize> {
        let (rows, cols) = (
            self.ys.len().saturating_sub(1),
            self.xs.len().saturating_sub(1),
        );
        let idx = |r: usize, c: usize| r * cols + c;
        let mut parent: Vec<usize> = (0..rows * cols).collect();
        for (r, (&y_top, &y_bot)) in self.ys.iter().zip(self.ys.iter().skip(1)).enumerate() {
            for (c, (&x_left, &x_right)) in self.xs.iter().zip(self.xs.iter().skip(1)).enumerate() {
                if c + 1 < cols
                    && !covers_v(
                        self.vs,
                        x_right,
                        self.xtol.get(c + 1).copied().unwrap_or(SNAP),
                        y_bot,
                        y_top,
                    )
                {
                    union(&mut parent, idx(r, c), idx(r, c + 1));
                }
                if r + 1 < rows
                    && !covers_h_at(
                        self.hs,
                        self.ys,
                        self.ytol,
                        self.alias,
                        r + 1,
                        x_left,
                        x_right,
                    )
                {
                    union(&mut parent, idx(r, c), idx(r + 1, c));
                }
            }
        }
        parent
    }
}

/// The bounding box of each component of joined slots, by its root.
fn bounding_boxes(
    parent: &mut [usize],
    rows: usize,
    cols: usize,
) -> std::collections::HashMap<usize, GridCell> {
    let mut boxes: std::collections::HashMap<usize, GridCell> = Default::default();
    for r in 0..rows {
        for c in 0..cols {
            let root = find(parent, r * cols + c);
            let b = boxes.entry(root).or_insert(GridCell::single(r, c));
            b.r0 = b.r0.min(r);
            b.r1 = b.r1.max(r + 1);
            b.c0 = b.c0.min(c);
            b.c1 = b.c1.max(c + 1);
        }
    }
    boxes
}

/// Resolve the components into non-overlapping cells (a non-rectangular
/// region falls back to 1x1 cells where its bounding box would overlap
/// another): the cells and, per slot, the index of the cell that owns it.
fn resolve_cells(
    parent: &mut [usize],
    boxes: &std::collections::HashMap<usize, GridCell>,
    rows: usize,
    cols: usize,
) -> (Vec<GridCell>, Vec<usize>) {
    let idx = |r: usize, c: usize| r * cols + c;
    let mut taken = vec![false; rows * cols];
    let mut owner = vec![0usize; rows * cols];
    let mut cells = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if taken.get(idx(r, c)).copied().unwrap_or(true) {
                continue;
            }
            let root = find(parent, idx(r, c));
            let mut b = boxes.get(&root).cloned().unwrap_or(GridCell::single(r, c));
            let clean = b.r0 == r
                && b.c0 == c
                && (b.r0..b.r1)
                    .all(|rr| (b.c0..b.c1).all(|cc| taken.get(idx(rr, cc)) == Some(&false)));
            if !clean {
                b = GridCell::single(r, c);
            }
            for rr in b.r0..b.r1 {
                for cc in b.c0..b.c1 {
                    if let Some(t) = taken.get_mut(idx(rr, cc)) {
                        *t = true;
                    }
                    if let Some(o) = owner.get_mut(idx(rr, cc)) {
                        *o = cells.len();
                    }
                }
            }
            cells.push(b);
        }
    }
    (cells, owner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hseg(y: f32, x0: f32, x1: f32) -> Segment {
        Segment {
            x0,
            y0: y,
            x1,
            y1: y,
        }
    }
    fn vseg(x: f32, y0: f32, y1: f32) -> Segment {
        Segment {
            x0: x,
            y0,
            x1: x,
            y1,
        }
    }

    #[test]
    fn rules_off_the_page_are_clipped_and_cut_verticals_grouped() {
        // a page 100 pt high; the table's rules are painted from y=300 down
        // to y=-50 (one canvas printed page by page). Visible: rules at 80
        // and 40; the left column (x 0..20) is one row-spanning cell whose
        // top and bottom edges are off the page.
        let segs = vec![
            hseg(300.0, 0.0, 20.0),
            hseg(-50.0, 0.0, 20.0),
            hseg(80.0, 20.0, 100.0),
            hseg(40.0, 20.0, 100.0),
            hseg(150.0, 20.0, 100.0),
            vseg(0.0, -50.0, 300.0),
            vseg(20.0, -50.0, 300.0),
            vseg(60.0, -50.0, 300.0),
            vseg(100.0, -50.0, 300.0),
        ];
        let g = page_grids(&segs, 200.0, 100.0, &[]);
        assert_eq!(g.len(), 1, "{g:?}");
        let g = &g[0];
        assert_eq!(g.xs.len(), 4, "left column kept: {:?}", g.xs);
        assert!(g.open_top && g.open_bottom, "{g:?}");
        assert!(
            g.ys.iter().all(|&y| (-1.5..=101.5).contains(&y)),
            "{:?}",
            g.ys
        );
        // rows: top..80, 80..40, 40..bottom
        assert_eq!(g.rows(), 3);
    }

    #[test]
    fn staggered_row_boundaries_are_one_wall() {
        // a row whose label cells end at y=60 and value cells at y=68 (as
        // a row cut by a page break is boxed per cell): no 8 pt row between
        let segs = vec![
            hseg(100.0, 0.0, 100.0),
            hseg(60.0, 0.0, 50.0),
            hseg(68.0, 50.0, 100.0),
            hseg(20.0, 0.0, 100.0),
            vseg(0.0, 20.0, 100.0),
            vseg(50.0, 20.0, 100.0),
            vseg(100.0, 20.0, 100.0),
        ];
        let text = [(25.0, 80.0), (75.0, 80.0), (25.0, 40.0), (75.0, 40.0)];
        let g = page_grids(&segs, 200.0, 200.0, &text);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!((g.rows(), g.cols()), (2, 2), "{g:?}");
        assert_eq!(g.cells.len(), 4, "{g:?}");
        // with text in the thin band it is a real row
        let text = [(25.0, 80.0), (75.0, 64.0), (25.0, 40.0)];
        let g = page_grids(&segs, 200.0, 200.0, &text);
        assert_eq!(g.first().map(RuledGrid::rows), Some(3));
    }

    #[test]
    fn cell_borders_a_few_points_apart_are_walls() {
        // the value cells' bottom border 3.3 pt above the label cells'
        let segs = vec![
            hseg(100.0, 0.0, 100.0),
            hseg(60.0, 0.0, 50.0),
            hseg(63.3, 50.0, 100.0),
            hseg(20.0, 0.0, 100.0),
            vseg(0.0, 20.0, 100.0),
            vseg(50.0, 20.0, 100.0),
            vseg(100.0, 20.0, 100.0),
        ];
        let g = grids(&segs);
        let g = &g[0];
        assert_eq!((g.rows(), g.cols()), (2, 2));
        assert_eq!(g.cells.len(), 4, "no cell spans both rows: {g:?}");
    }

    #[test]
    fn spans_from_missing_walls() {
        // 3 columns x 2 rows; top-left cell spans 2 rows; top-right spans 2 cols
        // x: 0 50 100 150; y: 100 80 60
        let segs = vec![
            hseg(100.0, 0.0, 150.0),
            hseg(80.0, 50.0, 150.0), // no wall under the first column
            hseg(60.0, 0.0, 150.0),
            vseg(0.0, 60.0, 100.0),
            vseg(50.0, 60.0, 100.0),
            vseg(100.0, 60.0, 80.0), // only in the lower row
            vseg(150.0, 60.0, 100.0),
        ];
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        let g = &g[0];
        assert_eq!((g.rows(), g.cols()), (2, 3));
        assert_eq!(
            g.cells,
            vec![
                GridCell {
                    r0: 0,
                    r1: 2,
                    c0: 0,
                    c1: 1
                },
                GridCell {
                    r0: 0,
                    r1: 1,
                    c0: 1,
                    c1: 3
                },
                GridCell {
                    r0: 1,
                    r1: 2,
                    c0: 1,
                    c1: 2
                },
                GridCell {
                    r0: 1,
                    r1: 2,
                    c0: 2,
                    c1: 3
                },
            ]
        );
        assert_eq!(g.slot(75.0, 90.0), Some((0, 1)));
        assert_eq!(g.cell_at(1, 0), Some(0));
    }

    #[test]
    fn double_borders_make_no_sliver_bands() {
        let mut segs = Vec::new();
        for y in [100.0, 97.0, 50.0, 3.0, 0.0] {
            segs.push(hseg(y, 0.0, 100.0));
        }
        for x in [0.0, 3.0, 50.0, 97.0, 100.0] {
            segs.push(vseg(x, 0.0, 100.0));
        }
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].rows(), g[0].cols()), (2, 2));
        assert_eq!(g[0].xs, vec![0.0, 50.0, 100.0]);
        assert_eq!(g[0].cells.len(), 4);
    }

    #[test]
    fn pieces_of_rules_are_merged_and_lone_lines_ignored() {
        let segs = vec![
            hseg(100.0, 0.0, 40.0),
            hseg(100.2, 40.0, 100.0),
            hseg(50.0, 0.0, 100.0),
            vseg(0.0, 50.0, 100.0),
            vseg(100.0, 50.0, 100.0),
            hseg(10.0, 0.0, 30.0), // an underline elsewhere
        ];
        let g = grids(&segs);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].rows(), g[0].cols()), (1, 1));
    }
}
