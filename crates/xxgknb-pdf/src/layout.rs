//! Reading order: glyphs into runs (touching glyphs on one baseline),
//! runs into lines (baseline clustering), and the text of runs and lines.
//! Overprinted duplicates (fake bold) are dropped here.

use crate::interp::Glyph;

/// Gap (in font sizes) up to which two glyphs on a baseline touch.
const TOUCH_GAP: f32 = 0.2;
/// Baseline difference (in font sizes) still on the same line.
const BASELINE_TOL: f32 = 0.35;

/// Touching glyphs on one baseline: a word, a number, a label fragment.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Text of the glyphs.
    pub text: String,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    /// Largest font size in the run.
    pub size: f32,
    /// A space glyph (or tab) ends the run: the producer printed a space
    /// after it.
    pub space_after: bool,
}

impl Run {
    /// Horizontal centre.
    pub fn cx(&self) -> f32 {
        (self.x0 + self.x1) / 2.0
    }
    /// Vertical centre of the glyph body (a bit above the baseline).
    pub fn cy(&self) -> f32 {
        self.y + self.size * 0.35
    }
}

/// Runs sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The runs.
    pub runs: Vec<Run>,
    /// Baseline.
    pub y: f32,
    /// Left edge.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Largest font size.
    pub size: f32,
}

/// Is this a CJK character or full-width punctuation (no spaces around)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Join two fragments of one line separated by `gap` points.
pub fn join_gap(out: &mut String, next: &str, gap: f32, size: f32) {
    let prev = out.chars().last();
    let first = next.chars().next();
    let (Some(p), Some(f)) = (prev, first) else {
        out.push_str(next);
        return;
    };
    let cjk = is_cjk(p) && is_cjk(f);
    let need = if p.is_whitespace() || f.is_whitespace() {
        f32::MAX
    } else if cjk {
        size * 1.0
    } else {
        size * 0.2
    };
    if gap > need {
        out.push(' ');
    }
    out.push_str(next);
}

/// Group glyphs into lines of runs, top to bottom. Unmapped glyphs keep
/// their place (so runs are split correctly) but contribute no text.
pub fn lines(glyphs: &[Glyph]) -> Vec<Line> {
    lines_with_walls(glyphs, &[])
}

/// A vertical rule (`x`, `y0`..`y1`) that no run may cross.
pub type Wall = (f32, f32, f32);

/// Is there a wall between `x_left` and `x_right` at height `y`? `walls`
/// is sorted by x.
fn wall_between(walls: &[Wall], x_left: f32, x_right: f32, y: f32) -> bool {
    let start = walls.partition_point(|w| w.0 <= x_left);
    walls
        .get(start..)
        .unwrap_or(&[])
        .iter()
        .take_while(|w| w.0 < x_right)
        .any(|w| w.1 <= y && w.2 >= y)
}

/// [`lines`], where glyphs on the two sides of a vertical rule (a table's
/// column wall) never make one run, however close they are: the values of
/// two neighbouring cells are two numbers (`685` | `41`), never `68541`.
/// `walls` must be sorted by x.
pub fn lines_with_walls(glyphs: &[Glyph], walls: &[Wall]) -> Vec<Line> {
    let mut gs: Vec<&Glyph> = glyphs
        .iter()
        .filter(|g| g.size > 0.1 && !(g.mapped && g.text.trim().is_empty() && g.w <= 0.0))
        .collect();
    gs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x.total_cmp(&b.x)));
    // cluster baselines
    let mut clusters: Vec<Vec<&Glyph>> = Vec::new();
    let mut anchor = f32::NAN;
    let mut anchor_size = 0.0f32;
    for g in gs {
        let tol = BASELINE_TOL * g.size.min(anchor_size.max(0.1));
        if clusters.is_empty() || (anchor - g.y).abs() > tol.max(0.5) {
            clusters.push(Vec::new());
            anchor = g.y;
            anchor_size = g.size;
        }
        if let Some(c) = clusters.last_mut() {
            c.push(g);
        }
    }
    let mut out = Vec::with_capacity(clusters.len());
    for mut c in clusters {
        c.sort_by(|a, b| a.x.total_cmp(&b.x));
        // drop overprinted duplicates (fake bold, shadow)
        let mut kept: Vec<&Glyph> = Vec::with_capacity(c.len());
        for g in c {
            let dup = kept.iter().rev().take(4).any(|k| {
                k.text == g.text
                    && !g.text.trim().is_empty()
                    && (k.x - g.x).abs() < (0.3 * g.w.max(g.size * 0.3))
                    && (k.y - g.y).abs() < 0.2 * g.size
            });
            if !dup {
                kept.push(g);
            }
        }
        let mut runs: Vec<Run> = Vec::new();
        let mut open_right = f32::MIN;
        let mut last_centre = f32::MIN;
        for g in kept {
            let gap = g.x - open_right;
            let joins = runs.last().is_some_and(|r| {
                gap <= TOUCH_GAP * g.size.max(r.size)
                    && gap > -0.5 * g.size
                    && (walls.is_empty()
                        || !wall_between(walls, last_centre, g.x + g.w / 2.0, g.y + g.size * 0.35))
            });
            let is_space =
                g.mapped && !g.text.is_empty() && g.text.chars().all(char::is_whitespace);
            if is_space {
                // a space or tab glyph ends the run (and is remembered as a
                // space after it); it never glues two runs into one
                if joins {
                    if let Some(r) = runs.last_mut() {
                        r.space_after = true;
                    }
                }
                open_right = f32::MIN;
                continue;
            }
            if joins {
                if let Some(r) = runs.last_mut() {
                    r.text.push_str(&g.text);
                    r.x1 = r.x1.max(g.x + g.w);
                    r.size = r.size.max(g.size);
                }
            } else {
                runs.push(Run {
                    text: g.text.clone(),
                    x0: g.x,
                    x1: g.x + g.w,
                    y: g.y,
                    size: g.size,
                    space_after: false,
                });
            }
            open_right = open_right.max(g.x + g.w);
            last_centre = g.x + g.w / 2.0;
        }
        for r in &mut runs {
            let t = r.text.trim_end().to_string();
            r.text = t;
        }
        runs.retain(|r| !r.text.is_empty());
        let Some(y) = runs.first().map(|r| r.y) else {
            continue;
        };
        let x0 = runs.iter().map(|r| r.x0).fold(f32::MAX, f32::min);
        let x1 = runs.iter().map(|r| r.x1).fold(f32::MIN, f32::max);
        let size = runs.iter().map(|r| r.size).fold(0.0, f32::max);
        out.push(Line {
            runs,
            y,
            x0,
            x1,
            size,
        });
    }
    out
}

/// Text of runs on one line, spaced by their gaps, and by a space where
/// the producer printed one (a space or tab glyph) between them.
pub fn runs_text<'a>(runs: impl IntoIterator<Item = &'a Run>) -> String {
    let mut s = String::new();
    let mut right = f32::NAN;
    let mut space = false;
    for r in runs {
        let gap = if right.is_nan() { 0.0 } else { r.x0 - right };
        if space && !s.is_empty() && !s.ends_with(' ') {
            s.push(' ');
        }
        join_gap(&mut s, &r.text, gap, r.size);
        right = r.x1;
        space = r.space_after;
    }
    s
}

/// Does the line have text columns: a wide gap (> 2 em) between runs, or
/// three or more values (numbers, blank marks) apart from each other
/// (> 0.5 em), as a row of a narrow-columned text table is?
pub fn is_columnar(line: &Line) -> bool {
    let pairs = || line.runs.iter().zip(line.runs.iter().skip(1));
    if pairs().any(|(a, b)| b.x0 - a.x1 > 2.0 * a.size.max(b.size)) {
        return true;
    }
    line.runs.len() >= 3
        && line.runs.iter().all(|r| is_value_token(&r.text))
        && pairs().all(|(a, b)| b.x0 - a.x1 > 0.5 * a.size.max(b.size))
}

/// A value as a table cell prints it: digits (with separators, sign and a
/// unit) or a blank mark.
fn is_value_token(t: &str) -> bool {
    let t = t.trim_end_matches(['件', '个', '条', '项', '次', '人']);
    matches!(t, "-" | "—" | "/" | "／" | "－" | "无")
        || (t
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            && t.chars().all(|c| {
                c.is_ascii_digit()
                    || ('０'..='９').contains(&c)
                    || matches!(c, ',' | '.' | '-' | '+' | '%' | '－')
            }))
}

/// Columns a character takes in layout text: 2 for a wide (CJK,
/// full-width) character, which is one em wide, 1 for others (half an em at
/// most), so that with `unit` = half the font size a run's columns are its
/// real extent.
pub fn columns_of(c: char) -> usize {
    if xxgknb_core::normalize::is_wide(c) {
        2
    } else {
        1
    }
}

/// Render a line as layout text, the way `pdftotext -layout` does: each
/// run starts at the column of its left edge (`unit` points per column from
/// `left`), so a value starts in the same column on every line whatever
/// precedes it, and each character takes one column. The recogniser's text
/// reader reads our lines and pdftotext's alike. With one unit per block of
/// lines, lines of different font sizes keep one scale.
pub fn layout_text(line: &Line, left: f32, unit: f32) -> String {
    layout_text_with(line, left, unit, false)
}

/// [`layout_text`], where with `wide` a run takes the columns of its
/// characters' widths ([`columns_of`]: a CJK character 2, others 1), so a
/// run's columns are also its real extent (a header's band is as wide as
/// it is on the page). A reader must then count display width.
pub fn layout_text_with(line: &Line, left: f32, unit: f32, wide: bool) -> String {
    let mut s = String::new();
    let mut col = 0usize;
    for r in &line.runs {
        let want = (((r.x0 - left) / unit).round().max(0.0)) as usize;
        let want = want.min(400);
        if want > col {
            s.extend(std::iter::repeat_n(' ', want - col));
            col = want;
        } else if !s.is_empty() {
            s.push(' ');
            col += 1;
        }
        s.push_str(&r.text);
        col += if wide {
            r.text.chars().map(columns_of).sum::<usize>()
        } else {
            r.text.chars().count()
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(t: &str, x: f32, y: f32, w: f32) -> Glyph {
        Glyph {
            text: t.into(),
            x,
            y,
            w,
            size: 10.0,
            mapped: true,
            visible: true,
        }
    }

    #[test]
    fn touching_digits_make_one_run_and_bold_is_not_doubled() {
        let glyphs = vec![
            g("3", 100.0, 500.0, 5.0),
            g("1", 105.0, 500.3, 5.0),
            g("3", 100.4, 500.0, 5.0), // fake-bold overprint
            g("1", 105.4, 500.3, 5.0),
            g("1", 110.0, 500.0, 5.0),
            g("9", 115.0, 500.0, 5.0),
            g("年", 160.0, 500.0, 10.0),
        ];
        let ls = lines(&glyphs);
        assert_eq!(ls.len(), 1);
        let texts: Vec<_> = ls[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["3119", "年"]);
    }

    #[test]
    fn runs_never_cross_a_vertical_rule() {
        // "685" and "41" in neighbouring cells, touching across the wall
        let glyphs = vec![
            g("6", 100.0, 500.0, 5.0),
            g("8", 105.0, 500.0, 5.0),
            g("5", 110.0, 500.0, 5.0),
            g("4", 115.5, 500.0, 5.0),
            g("1", 120.5, 500.0, 5.0),
        ];
        let one = lines(&glyphs);
        assert_eq!(one[0].runs.len(), 1);
        let walls = [(115.2, 490.0, 520.0)];
        let ls = lines_with_walls(&glyphs, &walls);
        let texts: Vec<_> = ls[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["685", "41"]);
    }

    #[test]
    fn a_tab_or_space_glyph_ends_the_run_and_reads_as_a_space() {
        // wkhtmltopdf prints a tab between cells' words: 国务院\t省政府
        let glyphs = vec![
            g("国", 0.0, 0.0, 10.0),
            g("务", 10.0, 0.0, 10.0),
            g("\t", 20.0, 0.0, 2.0),
            g("省", 22.0, 0.0, 10.0),
            g("政", 32.0, 0.0, 10.0),
        ];
        let ls = lines(&glyphs);
        let texts: Vec<_> = ls[0].runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["国务", "省政"]);
        assert_eq!(runs_text(&ls[0].runs), "国务 省政");
    }

    #[test]
    fn a_row_of_values_in_narrow_columns_is_columnar() {
        let glyphs = vec![
            g("6", 0.0, 0.0, 5.0),
            g("4", 5.0, 0.0, 5.0),
            g("0", 20.0, 0.0, 5.0),
            g("2", 35.0, 0.0, 5.0),
        ];
        assert!(is_columnar(&lines(&glyphs)[0]));
        // words of prose with the same gaps are not
        let glyphs = vec![
            g("a", 0.0, 0.0, 5.0),
            g("b", 20.0, 0.0, 5.0),
            g("c", 35.0, 0.0, 5.0),
        ];
        assert!(!is_columnar(&lines(&glyphs)[0]));
    }

    #[test]
    fn baselines_cluster_into_lines_top_down() {
        let glyphs = vec![
            g("b", 10.0, 480.0, 5.0),
            g("a", 10.0, 500.0, 5.0),
            g("x", 15.0, 501.0, 5.0),
        ];
        let ls = lines(&glyphs);
        assert_eq!(ls.len(), 2);
        assert_eq!(runs_text(&ls[0].runs), "ax");
        assert_eq!(runs_text(&ls[1].runs), "b");
    }

    #[test]
    fn layout_pads_columns() {
        let glyphs = vec![g("a", 0.0, 0.0, 5.0), g("b", 50.0, 0.0, 5.0)];
        let ls = lines(&glyphs);
        assert!(is_columnar(&ls[0]));
        assert_eq!(layout_text(&ls[0], 0.0, 5.0), "a         b");
    }

    #[test]
    fn layout_columns_are_geometry_true_with_cjk() {
        // 10 pt font, unit 5 pt: a CJK glyph is 10 pt = 2 columns
        let glyphs = vec![
            g("自", 0.0, 0.0, 10.0),
            g("然", 10.0, 0.0, 10.0),
            g("人", 20.0, 0.0, 10.0),
            g("7", 60.0, 0.0, 5.0),
        ];
        let ls = lines(&glyphs);
        // the number starts at column 12 (60 pt / 5 pt) in both renderings:
        // one column per character (pdftotext's way) …
        let t = layout_text(&ls[0], 0.0, 5.0);
        assert_eq!(t.chars().position(|c| c == '7'), Some(12), "{t:?}");
        // … and display width, where 自然人 covers columns 0..6
        let t = layout_text_with(&ls[0], 0.0, 5.0, true);
        let width: usize = t
            .split('7')
            .next()
            .map_or(0, |p| p.chars().map(columns_of).sum());
        assert_eq!(width, 12, "{t:?}");
    }
}
