//! Digit shapes learned from the page itself. A scanned page prints all
//! its numbers in one font, blurred and inked alike, so the digits of the
//! value cells its readings settled show what each digit looks like on
//! that page. A cell whose readings dispute a digit (`42` / `12`: a `1`
//! with its flag read as a `4`) is settled when every digit it shows
//! matches one learned shape clearly better than any other, and the
//! digits so read are one of the readings: two independent readers
//! agreeing, never a shape alone.

use crate::raster::Gray;
use crate::values::digit_boxes;

/// Height of a normalised digit shape, in samples.
const SHAPE_H: usize = 24;
/// Width of a normalised digit shape: a digit is scaled to `SHAPE_H`
/// high, keeping its proportions (a `1` stays narrow), and centred.
const SHAPE_W: usize = 24;
/// Samples kept per digit: enough to cover the noise of a page, few
/// enough that matching stays cheap.
const SAMPLES_PER_DIGIT: usize = 24;

/// One digit's ink, normalised: darkness 0–1 on a `SHAPE_W`×`SHAPE_H`
/// grid.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape(Vec<f32>);

impl Shape {
    /// The shape of the digit in `b` (`x0, x1, top, bottom`, inclusive)
    /// of `crop`, whose paper is `paper` and darkest ink `dark`.
    fn of(crop: &Gray, b: (usize, usize, usize, usize), paper: f32, dark: f32) -> Shape {
        let (x0, x1, top, bottom) = b;
        let (gw, gh) = ((x1 + 1 - x0) as f64, (bottom + 1 - top) as f64);
        let scale = (SHAPE_H as f64 / gh).min(SHAPE_W as f64 / gw);
        let (sw, sh) = (gw * scale, gh * scale);
        let (ox, oy) = ((SHAPE_W as f64 - sw) / 2.0, (SHAPE_H as f64 - sh) / 2.0);
        let range = (paper - dark).max(1.0);
        let mut out = vec![0.0f32; SHAPE_W * SHAPE_H];
        for (i, slot) in out.iter_mut().enumerate() {
            let (u, v) = ((i % SHAPE_W) as f64 + 0.5, (i / SHAPE_W) as f64 + 0.5);
            if u < ox || u >= ox + sw || v < oy || v >= oy + sh {
                continue;
            }
            let x = x0 as f64 + (u - ox) / scale - 0.5;
            let y = top as f64 + (v - oy) / scale - 0.5;
            let g = bilinear(crop, x, y);
            *slot = ((paper - g) / range).clamp(0.0, 1.0);
        }
        Shape(out)
    }

    /// Mean absolute difference of darkness (0: the same, 1: opposite).
    pub fn distance(&self, other: &Shape) -> f32 {
        let sum: f32 = self
            .0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a - b).abs())
            .sum();
        sum / self.0.len().max(1) as f32
    }
}

/// Grey value at a fractional position, interpolated; positions outside
/// the crop are paper.
fn bilinear(crop: &Gray, x: f64, y: f64) -> f32 {
    let at = |x: i64, y: i64| -> f32 {
        if x < 0 || y < 0 || x as usize >= crop.width || y as usize >= crop.height {
            255.0
        } else {
            f32::from(crop.get(x as usize, y as usize))
        }
    };
    let (fx, fy) = (x.floor(), y.floor());
    let (ax, ay) = ((x - fx) as f32, (y - fy) as f32);
    let (ix, iy) = (fx as i64, fy as i64);
    let top = at(ix, iy) * (1.0 - ax) + at(ix + 1, iy) * ax;
    let bottom = at(ix, iy + 1) * (1.0 - ax) + at(ix + 1, iy + 1) * ax;
    top * (1.0 - ay) + bottom * ay
}

/// Paper and darkest ink of a crop: the grey values at its 90th and 1st
/// percentiles (noise makes the extremes meaningless).
fn paper_and_dark(crop: &Gray) -> (f32, f32) {
    let hist = crop.histogram();
    let total = (crop.width * crop.height) as u64;
    let at = |share: u64| -> f32 {
        let want = total * share / 100;
        let mut seen = 0;
        for (v, n) in hist.iter().enumerate() {
            seen += n;
            if seen > want {
                return v as f32;
            }
        }
        255.0
    };
    (at(90), at(1))
}

/// The shapes of the digits a crop shows one by one (ink darker than
/// `t`), left to right; `None` when its digits touch or are not apart.
pub fn shapes(crop: &Gray, t: u8) -> Option<Vec<Shape>> {
    let boxes = digit_boxes(crop, t)?;
    let (paper, dark) = paper_and_dark(crop);
    Some(
        boxes
            .into_iter()
            .map(|b| Shape::of(crop, b, paper, dark))
            .collect(),
    )
}

/// How one digit shape matched the page's learned digits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GlyphMatch {
    /// The digit whose samples it is nearest.
    pub digit: char,
    /// Distance to that digit's nearest sample.
    pub distance: f32,
    /// Distance to the nearest sample of any other digit learned.
    pub runner_up: Option<f32>,
}

/// A match is clear when the shape is this near its digit (mean darkness
/// difference) … Measured over the 488 digits learned on four scan sets
/// (each against the others of its page): a digit's nearest sample of the
/// same digit lay at a median 0.028 (90% within 0.062), the nearest of
/// another digit never nearer than 0.082 (1% within 0.086).
pub const MATCH_DISTANCE: f32 = 0.06;
/// … and the nearest other digit at least this many times further away.
pub const MATCH_MARGIN: f32 = 2.0;

impl GlyphMatch {
    /// Near its digit and clearly nearer it than any other learned digit.
    pub fn clear(&self) -> bool {
        self.distance <= MATCH_DISTANCE
            && self
                .runner_up
                .is_none_or(|r| r >= self.distance * MATCH_MARGIN)
    }
}

/// The digit shapes a page's settled value cells showed.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    samples: Vec<(char, Shape)>,
}

impl Templates {
    /// No shapes learned yet.
    pub fn new() -> Self {
        Templates::default()
    }

    /// Learn the digits of a settled value (`digits`, no sign or
    /// separator) from its crop, when the crop shows exactly that many
    /// digits apart. Returns whether it did.
    pub fn learn(&mut self, crop: &Gray, t: u8, digits: &str) -> bool {
        let Some(found) = shapes(crop, t) else {
            return false;
        };
        if found.len() != digits.chars().count() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
        for (d, shape) in digits.chars().zip(found) {
            if self.count(d) < SAMPLES_PER_DIGIT {
                self.samples.push((d, shape));
            }
        }
        true
    }

    /// How many samples of digit `d` are kept.
    pub fn count(&self, d: char) -> usize {
        self.samples.iter().filter(|(c, _)| *c == d).count()
    }

    /// The nearest learned digit of a shape; `None` before any is learned.
    pub fn nearest(&self, shape: &Shape) -> Option<GlyphMatch> {
        let mut best: Vec<(char, f32)> = Vec::new();
        for (d, s) in &self.samples {
            let dist = shape.distance(s);
            match best.iter_mut().find(|(c, _)| c == d) {
                Some((_, b)) => *b = b.min(dist),
                None => best.push((*d, dist)),
            }
        }
        best.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (digit, distance) = *best.first()?;
        Some(GlyphMatch {
            digit,
            distance,
            runner_up: best.get(1).map(|b| b.1),
        })
    }

    /// The digits of a crop, each matched to the learned digits; `None`
    /// when the crop does not show its digits apart or nothing is learned.
    pub fn matches(&self, crop: &Gray, t: u8) -> Option<Vec<GlyphMatch>> {
        shapes(crop, t)?.iter().map(|s| self.nearest(s)).collect()
    }

    /// The digits of a crop when every one matches a learned digit
    /// clearly, each of those digits learned from at least two samples.
    pub fn read(&self, crop: &Gray, t: u8) -> Option<String> {
        let found = self.matches(crop, t)?;
        found
            .iter()
            .all(|m| m.clear() && self.count(m.digit) >= 2)
            .then(|| found.iter().map(|m| m.digit).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crop 40×24 with rectangles of ink.
    fn crop(strokes: &[(usize, usize, usize, usize)]) -> Gray {
        Gray::with_rects(40, 24, strokes, 20)
    }

    // a "1": a bar 2 wide, 16 high; a "7": a top bar and a stem on the
    // right; a "0": a box outline
    fn one(x: usize) -> Vec<(usize, usize, usize, usize)> {
        vec![(x + 3, 4, x + 5, 20)]
    }
    fn seven(x: usize) -> Vec<(usize, usize, usize, usize)> {
        vec![(x, 4, x + 9, 6), (x + 7, 4, x + 9, 20)]
    }
    fn zero(x: usize) -> Vec<(usize, usize, usize, usize)> {
        vec![
            (x, 4, x + 9, 6),
            (x, 18, x + 9, 20),
            (x, 4, x + 2, 20),
            (x + 7, 4, x + 9, 20),
        ]
    }
    fn number(parts: &[Vec<(usize, usize, usize, usize)>]) -> Gray {
        crop(&parts.concat())
    }

    fn learned() -> Templates {
        let mut t = Templates::new();
        assert!(t.learn(&number(&[one(2), seven(12)]), 128, "17"));
        assert!(t.learn(&number(&[seven(2), zero(14)]), 128, "70"));
        assert!(t.learn(&number(&[zero(2), one(14)]), 128, "01"));
        t
    }

    #[test]
    fn digits_are_read_from_the_shapes_the_page_showed() {
        let t = learned();
        assert_eq!(t.count('1'), 2);
        assert_eq!(
            t.read(&number(&[seven(4), one(16)]), 128),
            Some("71".into())
        );
        assert_eq!(
            t.read(&number(&[one(0), zero(10), seven(22)]), 128),
            Some("107".into())
        );
    }

    #[test]
    fn a_shape_unlike_every_learned_digit_reads_nothing() {
        let t = learned();
        // a "4"-like cross: no learned digit looks like it
        let four = vec![(2, 4, 4, 14), (2, 12, 12, 14), (9, 4, 11, 20)];
        assert_eq!(t.read(&number(&[four, one(16)]), 128), None);
    }

    #[test]
    fn a_count_that_differs_from_the_value_teaches_nothing() {
        let mut t = Templates::new();
        assert!(!t.learn(&number(&[one(2), seven(12)]), 128, "1"));
        assert!(!t.learn(&number(&[one(2)]), 128, "1.5"));
        assert_eq!(t.count('1'), 0);
        // nothing learned: nothing read
        assert_eq!(t.read(&number(&[one(2)]), 128), None);
    }

    #[test]
    fn a_digit_learned_once_is_not_enough() {
        let mut t = Templates::new();
        assert!(t.learn(&number(&[one(2), seven(12)]), 128, "17"));
        assert_eq!(t.read(&number(&[one(2)]), 128), None);
    }
}
