//! Deciding a value cell from its readings: the digits two or more
//! independent readings agree on, the sign from the pixels (a minus is a
//! short flat stroke at mid-height left of the digits, which a binarised
//! reading often drops), and never a guessed digit: a value the readings
//! do not settle stays blank with the text read and its confidence.

use crate::raster::{ink_span, Gray};

/// One reading of a value cell: the text read and its confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The text as read.
    pub text: String,
    /// Confidence (0–100) of its digit words.
    pub conf: f32,
}

impl Reading {
    /// A reading of `text` at `conf`.
    pub fn new(text: impl Into<String>, conf: f32) -> Self {
        Reading {
            text: text.into(),
            conf,
        }
    }

    /// Its digits (and decimal point), without sign or separators.
    pub fn magnitude(&self) -> String {
        magnitude(&self.text)
    }

    /// Its digits alone: no sign, separator or point.
    pub fn digits(&self) -> String {
        self.text.chars().filter(char::is_ascii_digit).collect()
    }

    /// Does it read a minus before its first digit?
    pub fn minus(&self) -> bool {
        let before: String = self
            .text
            .chars()
            .take_while(|c| !c.is_ascii_digit())
            .collect();
        !self.magnitude().is_empty() && before.contains(['-', '—', '－', '–'])
    }
}

/// The digits of a reading with its decimal point: thousands separators
/// and any other mark dropped (`50,243` → `50243`, `12.5` stays).
pub fn magnitude(text: &str) -> String {
    let d: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    d.trim_end_matches('.').to_string()
}

/// What the readings of a value cell settle.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// The value (with its sign) and its confidence.
    Value(String, f32),
    /// Readings that do not settle a value: the text shown to the user
    /// and the confidence reported.
    Uncertain(String, f32),
    /// No reading saw a digit (a blank marker or specks).
    NoDigits,
}

/// Thresholds of a decision.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// The best agreeing reading must reach this (`MIN_CONFIDENCE`).
    pub min: f32,
    /// Mean of the agreeing readings must reach this.
    pub mean: f32,
    /// A dissenting reading at or above this blocks the value.
    pub dissent: f32,
    /// A value only one reading saw (the layout analysis of the others
    /// dropped a lone digit) stands at or above this, when none differs.
    pub single: f32,
}

/// Decide a value from its readings and the sign seen in the pixels.
///
/// A value is used when at least two readings give the same digits, the
/// best of them reaches `min` and their mean `mean`, no reading that
/// differs reaches `dissent`, and fewer readings differ than agree; or
/// when only one reading saw digits and it reaches `single`. The
/// sign comes from `minus_in_pixels`; a reading that sees a minus the
/// pixels do not show (or pixels showing one no reading saw) leaves the
/// value blank.
pub fn decide(readings: &[Reading], minus_in_pixels: bool, th: Thresholds) -> Decision {
    let with_digits: Vec<&Reading> = readings
        .iter()
        .filter(|r| !r.magnitude().is_empty())
        .collect();
    if with_digits.is_empty() {
        return Decision::NoDigits;
    }
    let shown = || {
        let mut texts: Vec<String> = Vec::new();
        for r in &with_digits {
            let t = r.text.trim().to_string();
            if !texts.contains(&t) {
                texts.push(t);
            }
        }
        texts.join("／")
    };
    let best_conf = with_digits.iter().map(|r| r.conf).fold(0.0f32, f32::max);
    // the digits most readings give
    let mut votes: Vec<(String, Vec<f32>)> = Vec::new();
    for r in &with_digits {
        let m = r.magnitude();
        match votes.iter_mut().find(|(v, _)| *v == m) {
            Some((_, confs)) => confs.push(r.conf),
            None => votes.push((m, vec![r.conf])),
        }
    }
    votes.sort_by_key(|v| std::cmp::Reverse(v.1.len()));
    let Some((value, confs)) = votes.first() else {
        return Decision::NoDigits;
    };
    let agree = confs.len();
    let dissent: Vec<&Reading> = with_digits
        .iter()
        .copied()
        .filter(|r| r.magnitude() != *value)
        .collect();
    let best = confs.iter().copied().fold(0.0f32, f32::max);
    let mean = confs.iter().sum::<f32>() / agree.max(1) as f32;
    let alone = agree == 1 && dissent.is_empty() && best >= th.single;
    let settled = alone
        || agree >= 2
            && best >= th.min
            && mean >= th.mean
            && dissent.len() < agree
            && dissent.iter().all(|r| r.conf < th.dissent);
    if !settled {
        let conf = if dissent.is_empty() { mean } else { 0.0 };
        return Decision::Uncertain(shown(), conf.min(best_conf));
    }
    if thousands_or_decimal(value) {
        return Decision::Uncertain(shown(), mean.min(best_conf));
    }
    let agreeing = with_digits.iter().filter(|r| r.magnitude() == *value);
    let minus_read = agreeing.clone().any(|r| r.minus());
    if minus_read != minus_in_pixels {
        return Decision::Uncertain(shown(), 0.0);
    }
    Decision::Value(signed(value, minus_in_pixels), mean)
}

/// A value's digits with a minus before them when `minus`.
pub fn signed(digits: &str, minus: bool) -> String {
    if minus {
        format!("-{digits}")
    } else {
        digits.to_string()
    }
}

/// Is there a minus before the digits of a cell crop (ink darker than
/// `t`)? The first group of inked columns must be a flat stroke: at most
/// a third of the ink's height tall, at least 1.2 times as wide as tall
/// (bold, blurred print makes a minus stubby; a reading must see it too) and a quarter of the ink's
/// height wide, centred in the middle half of the ink's height, with more
/// ink to its right.
pub fn minus_in_pixels(crop: &Gray, t: u8) -> bool {
    let ink = |x: usize, y: usize| crop.get(x, y) < t;
    let col_ink = crop.inked_columns(t);
    let (Some((top, bottom)), Some((first, _))) =
        (ink_span(&crop.inked_rows(t)), ink_span(&col_ink))
    else {
        return false;
    };
    let height = bottom + 1 - top;
    let end = col_ink
        .iter()
        .skip(first)
        .position(|&b| !b)
        .map_or(crop.width, |p| first + p);
    if !col_ink.iter().skip(end).any(|&b| b) {
        return false;
    }
    let stroke_rows: Vec<usize> = (top..=bottom)
        .filter(|&y| (first..end).any(|x| ink(x, y)))
        .collect();
    let (Some(&s0), Some(&s1)) = (stroke_rows.first(), stroke_rows.last()) else {
        return false;
    };
    let (sh, sw) = (s1 + 1 - s0, end - first);
    let centre = (s0 + s1) as f64 / 2.0 - top as f64;
    sh * 3 <= height
        && 5 * sw >= 6 * sh
        && sw * 4 >= height
        && centre >= height as f64 * 0.25
        && centre <= height as f64 * 0.75
}

/// [`minus_in_pixels`] at other thresholds: 15 and 30 grey levels darker
/// and lighter than `t`, and halfway from `t` to the crop's darkest ink.
/// Blurred print joins a short minus to the first digit by a faint grey
/// bridge that is paper at a darker threshold; a light minus whose
/// blurred ends fall short of `t` is too short for one there and whole at
/// a lighter one. Only asked when every reading sees the minus: at a
/// darker threshold the thin diagonal of a `4` fades too and leaves its
/// crossbar standing alone like a minus.
pub fn minus_at_other_thresholds(crop: &Gray, t: u8) -> bool {
    let darkest = crop.darkest();
    let halfway = ((u16::from(t) + u16::from(darkest)) / 2) as u8;
    let others = [
        t.saturating_sub(15),
        t.saturating_add(15),
        t.saturating_sub(30),
        t.saturating_add(30),
        halfway,
    ];
    others
        .into_iter()
        .filter(|&o| o != t && o > darkest)
        .any(|o| minus_in_pixels(crop, o))
}

/// Do at least two readings give digits, all of them with a minus before
/// them, each at confidence `min` or more?
pub fn all_read_minus(readings: &[Reading], min: f32) -> bool {
    let with_digits: Vec<&Reading> = readings
        .iter()
        .filter(|r| !r.magnitude().is_empty())
        .collect();
    with_digits.len() >= 2 && with_digits.iter().all(|r| r.minus() && r.conf >= min)
}

/// A point before exactly three digits (`50.243`): on a scan the comma
/// of a thousands separator loses its tail and reads, and looks, like a
/// point; the table's counts are whole numbers and its amounts rarely have
/// three decimals, so such a value is not taken either way.
fn thousands_or_decimal(value: &str) -> bool {
    value
        .split_once('.')
        .is_some_and(|(_, frac)| frac.len() == 3 && frac.chars().all(|c| c.is_ascii_digit()))
}

/// A separator between the digits of a number, as the pixels show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A thousands separator: a mark that descends below the digits'
    /// baseline.
    Comma,
    /// A decimal point: a dot sitting on the baseline.
    Point,
}

impl Mark {
    fn char(self) -> char {
        match self {
            Mark::Comma => ',',
            Mark::Point => '.',
        }
    }
}

/// Characters read as a separator between digits.
const SEPARATORS: &[char] = &[',', '，', '.', '．', '。'];

/// A separator a reading puts between its digits.
#[derive(Debug, Clone, Copy)]
struct Separator {
    /// Its index among the reading's characters.
    at: usize,
    /// How many digits come before it.
    digits: usize,
    /// The character read.
    c: char,
}

/// The separators a reading puts between its digits.
fn separators(text: &str) -> Vec<Separator> {
    let chars: Vec<char> = text.chars().collect();
    let mut digits = 0;
    let mut out = Vec::new();
    for (at, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            digits += 1;
        } else if SEPARATORS.contains(c)
            && digits > 0
            && chars.get(at + 1).is_some_and(char::is_ascii_digit)
        {
            out.push(Separator { at, digits, c: *c });
        }
    }
    out
}

/// Readings that give the same digits with their separators in the same
/// places but disagree whether one is a comma or a point (`16,757` /
/// `16.757`: a thousand times apart) are given the marks the pixels show
/// (`marks`, asked only then), when the pixels show one mark for each
/// separator. Readings that agree are left alone: the pixels only settle
/// a dispute, they never overrule agreeing readings, but for one: a point
/// before exactly three digits (`50.243`), which all may read alike where
/// a comma lost its tail and which is blank by rule
/// (`thousands_or_decimal`) unless the pixels show the mark.
pub fn separators_settled(
    readings: Vec<Reading>,
    marks: impl FnOnce() -> Option<Vec<Mark>>,
) -> Vec<Reading> {
    let with_digits: Vec<&Reading> = readings
        .iter()
        .filter(|r| !r.magnitude().is_empty())
        .collect();
    let places =
        |r: &Reading| -> Vec<usize> { separators(&r.text).iter().map(|s| s.digits).collect() };
    let Some(first) = with_digits.first() else {
        return readings;
    };
    let same_places = with_digits
        .iter()
        .all(|r| r.digits() == first.digits() && places(r) == places(first));
    let kind = |c: char| matches!(c, ',' | '，');
    let disputed = with_digits.iter().any(|r| {
        separators(&r.text)
            .iter()
            .zip(separators(&first.text))
            .any(|(a, b)| kind(a.c) != kind(b.c))
    });
    // `50.243` read alike by all: a thousands separator whose comma lost
    // its tail, or a point; blank by rule unless the pixels tell
    let point_before_three = thousands_or_decimal(&first.magnitude());
    if !same_places || !(disputed || point_before_three) {
        return readings;
    }
    let Some(marks) = marks().filter(|m| m.len() == places(first).len()) else {
        return readings;
    };
    readings
        .into_iter()
        .map(|r| {
            let seps = separators(&r.text);
            if seps.len() != marks.len() {
                return r;
            }
            let text = r
                .text
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    seps.iter()
                        .zip(&marks)
                        .find(|(s, _)| s.at == i)
                        .map_or(c, |(_, m)| m.char())
                })
                .collect();
            Reading { text, ..r }
        })
        .collect()
}

/// The separator marks between the digits of a value cell crop (ink
/// darker than `t`), left to right: groups of inked columns at most 0.45
/// of the digits' height tall, in their lower half, with digits on both
/// sides. One that descends below the baseline (the bottom of the digits)
/// by an eighth of their height (2 pixels at least), or reaches below it
/// and is taller than wide and a quarter of the digits' height tall or
/// more (a blurred comma whose tail lost its end), is a comma; one that
/// sits on it and is no taller than wide (plus a pixel) is a point.
/// Measured on the scan sets: commas 0.31–0.38 of the digits' height tall
/// and 2–3 pixels below the baseline, points 0.13–0.19 tall and on it.
/// `None` when a mark is neither (blurred, touching a digit): the
/// dispute stays unsettled.
pub fn marks_in_pixels(crop: &Gray, t: u8) -> Option<Vec<Mark>> {
    let groups = ink_groups(crop, t);
    let tallest = groups.iter().map(|g| g.3 + 1 - g.2).max()?;
    let mut bottoms: Vec<usize> = groups
        .iter()
        .filter(|g| (g.3 + 1 - g.2) * 10 >= tallest * 6)
        .map(|g| g.3)
        .collect();
    bottoms.sort_unstable();
    let baseline = *bottoms.get(bottoms.len() / 2)?;
    let top_line = baseline.saturating_sub(tallest - 1);
    let mid = top_line + tallest / 2;
    let descent = (tallest / 8).max(2);
    let mut marks = Vec::new();
    for (i, &(x0, x1, top, bottom)) in groups.iter().enumerate() {
        let h = bottom + 1 - top;
        let w = x1 + 1 - x0;
        let between = i > 0 && i + 1 < groups.len();
        if h * 100 > tallest * 45 || top < mid || !between {
            continue;
        }
        // a comma's tail makes it a quarter of the digits' height tall or
        // more, reaching below their baseline; a point is lower (at most
        // a fifth on the scans measured) and sits on it
        if bottom >= baseline + descent || bottom > baseline && h * 4 >= tallest && h > w {
            marks.push(Mark::Comma);
        } else if bottom + 1 >= baseline && h <= w + 1 {
            marks.push(Mark::Point);
        } else {
            return None;
        }
    }
    Some(marks)
}

/// `(x0, x1, top, bottom)` of each group of inked columns of a crop (ink
/// darker than `t`), left to right.
fn ink_groups(crop: &Gray, t: u8) -> Vec<(usize, usize, usize, usize)> {
    let inked = crop.inked_columns(t);
    let mut groups = Vec::new();
    let mut x = 0;
    while x < crop.width {
        if !inked.get(x).copied().unwrap_or(false) {
            x += 1;
            continue;
        }
        let x0 = x;
        while inked.get(x).copied().unwrap_or(false) {
            x += 1;
        }
        if let Some((top, bottom)) = ink_span(&crop.crop(x0, 0, x, crop.height).inked_rows(t)) {
            groups.push((x0, x - 1, top, bottom));
        }
    }
    groups
}

/// How many digits the ink of a value cell crop shows, when it shows them
/// apart (see [`digit_boxes`]); `None` when it does not.
pub fn digits_in_pixels(crop: &Gray, t: u8) -> Option<usize> {
    digit_boxes(crop, t).map(|b| b.len())
}

/// `(x0, x1, top, bottom)` of each digit of a value cell crop (ink darker
/// than `t`), left to right, when the ink shows the digits apart: groups
/// of inked columns at least 0.7 of the tallest one's height (separators
/// and specks are lower), each narrower than 0.85 of that height (wider:
/// digits that touch), each at most half that height from the next (a
/// ruling's remnant stands apart from the number). `None` when the ink
/// does not show digits one by one.
pub fn digit_boxes(crop: &Gray, t: u8) -> Option<Vec<(usize, usize, usize, usize)>> {
    let groups = ink_groups(crop, t);
    let tallest = groups.iter().map(|g| g.3 + 1 - g.2).max()?;
    let glyphs: Vec<(usize, usize, usize, usize)> = groups
        .into_iter()
        .filter(|g| (g.3 + 1 - g.2) * 10 >= tallest * 7)
        .collect();
    let narrow = glyphs
        .iter()
        .all(|&(x0, x1, _, _)| (x1 + 1 - x0) * 100 < tallest * 85);
    let close = glyphs
        .windows(2)
        .all(|w| matches!(w, [a, b] if (b.0 - a.1 - 1) * 2 <= tallest));
    (narrow && close).then_some(glyphs)
}

/// Does a value have more digits than the ink shows one by one (`shown`,
/// from [`digits_in_pixels`])? Readings that agree on `41` where the ink
/// is one narrow glyph (a `1` whose flag both read as a `4`) are not
/// taken. Ink that does not show its digits apart (`None`) vetoes nothing.
pub fn more_digits_than_shown(value: &str, shown: Option<usize>) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    shown.is_some_and(|n| n < digits)
}

/// Readings that dispute one digit (`14` / `4`: a thin `1` one reading
/// did not see), settled by the pixels: when every reading with digits
/// gives one of two digit strings, the shorter being the longer with one
/// digit left out, and the ink shows as many digits as the longer one,
/// the shorter readings are dropped. Never the other way: ink too faint
/// for the threshold may hide the digit a reading saw, so pixels showing
/// fewer digits settle nothing.
pub fn dropped_digit_settled(
    readings: Vec<Reading>,
    digits: impl FnOnce() -> Option<usize>,
) -> Vec<Reading> {
    let mut texts: Vec<String> = readings
        .iter()
        .map(Reading::digits)
        .filter(|d| !d.is_empty())
        .collect();
    texts.sort_by_key(|d| std::cmp::Reverse(d.len()));
    texts.dedup();
    let (Some(long), Some(short), None) = (texts.first(), texts.get(1), texts.get(2)) else {
        return readings;
    };
    let one_dropped = long.len() == short.len() + 1
        && (0..long.len()).any(|i| {
            let mut l = long.clone();
            l.remove(i);
            l == *short
        });
    if !one_dropped || digits() != Some(long.len()) {
        return readings;
    }
    let short = short.clone();
    readings
        .into_iter()
        .filter(|r| r.digits() != short)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TH: Thresholds = Thresholds {
        min: 80.0,
        mean: 60.0,
        dissent: 80.0,
        single: 93.0,
    };

    fn r(t: &str, c: f32) -> Reading {
        Reading::new(t, c)
    }

    #[test]
    fn magnitudes_drop_signs_and_separators() {
        assert_eq!(magnitude("-30984"), "30984");
        assert_eq!(magnitude("50,243"), "50243");
        assert_eq!(magnitude("12.5"), "12.5");
        assert_eq!(magnitude("/"), "");
        assert!(r("- 53", 90.0).minus());
        assert!(!r("53-", 90.0).minus());
    }

    #[test]
    fn two_agreeing_readings_settle_a_value() {
        let d = decide(&[r("5119", 86.0), r("5119", 62.0)], false, TH);
        assert_eq!(d, Decision::Value("5119".into(), 74.0));
        // neither sure enough
        let d = decide(&[r("5119", 70.0), r("5119", 62.0)], false, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
        // one reading is no proof, unless it is very sure
        let d = decide(&[r("41", 90.0), r("", 0.0)], false, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
        let d = decide(&[r("1", 95.0), r("", 0.0)], false, TH);
        assert_eq!(d, Decision::Value("1".into(), 95.0));
    }

    #[test]
    fn a_sure_dissent_blocks_the_value() {
        let d = decide(&[r("202", 85.0), r("212", 96.0), r("212", 93.0)], false, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
        let d = decide(&[r("202", 71.0), r("212", 96.0)], false, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
        let d = decide(&[r("202", 62.0), r("212", 96.0), r("212", 93.0)], false, TH);
        assert_eq!(d, Decision::Value("212".into(), 94.5));
    }

    #[test]
    fn the_sign_comes_from_the_pixels() {
        let d = decide(&[r("53", 93.0), r("-53", 48.0)], true, TH);
        assert_eq!(d, Decision::Value("-53".into(), 70.5));
        // a minus read but not in the pixels, or in the pixels but unread
        let d = decide(&[r("-53", 93.0), r("53", 90.0)], false, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
        let d = decide(&[r("53", 93.0), r("53", 90.0)], true, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
    }

    fn crop(strokes: &[(usize, usize, usize, usize)]) -> Gray {
        Gray::with_rects(40, 20, strokes, 0)
    }

    #[test]
    fn the_pixels_tell_a_comma_from_a_point() {
        // digits 16 high (rows 2-17) at x 2-6 and 14-18, a mark between
        let with = |mark: (usize, usize, usize, usize)| {
            marks_in_pixels(&crop(&[(2, 2, 6, 18), mark, (14, 2, 18, 18)]), 128)
        };
        assert_eq!(with((9, 15, 11, 20)), Some(vec![Mark::Comma]));
        assert_eq!(with((9, 16, 11, 18)), Some(vec![Mark::Point]));
        // a comma whose tail lost its end: a pixel below the baseline,
        // taller than wide and a quarter of the digits' height
        assert_eq!(with((9, 14, 11, 19)), Some(vec![Mark::Comma]));
        // a blurred point a pixel low but no taller than wide
        assert_eq!(with((9, 16, 12, 19)), Some(vec![Mark::Point]));
        // a thin upright mark on the baseline: neither
        assert_eq!(with((9, 12, 10, 18)), None);
        // digits only: no mark
        assert_eq!(
            marks_in_pixels(&crop(&[(2, 2, 6, 18), (14, 2, 18, 18)]), 128),
            Some(vec![])
        );
    }

    #[test]
    fn a_value_with_more_digits_than_the_ink_shows_is_not_taken() {
        assert!(more_digits_than_shown("41", Some(1)));
        assert!(!more_digits_than_shown("41", Some(2)));
        assert!(!more_digits_than_shown("41", None));
        assert!(!more_digits_than_shown("-5", Some(1)));
    }

    #[test]
    fn the_pixels_count_digits_shown_apart() {
        // a thin 1 at x 4-5 and a 4 at x 8-16, both 16 high
        assert_eq!(
            digits_in_pixels(&crop(&[(4, 2, 6, 18), (8, 2, 16, 18)]), 128),
            Some(2)
        );
        // a comma or a speck between is no digit
        assert_eq!(
            digits_in_pixels(
                &crop(&[(2, 2, 8, 18), (10, 15, 12, 20), (14, 2, 20, 18)]),
                128
            ),
            Some(2)
        );
        // digits that touch: too wide for one, not counted
        assert_eq!(digits_in_pixels(&crop(&[(2, 2, 18, 18)]), 128), None);
        // a ruling's remnant far left of the number: not counted
        assert_eq!(
            digits_in_pixels(&crop(&[(0, 2, 1, 18), (20, 2, 28, 18)]), 128),
            None
        );
    }

    #[test]
    fn a_digit_one_reading_missed_is_settled_by_the_pixels() {
        let readings = vec![r("14", 94.0), r("4", 92.0), r("14", 91.0)];
        let settled = dropped_digit_settled(readings.clone(), || Some(2));
        assert_eq!(settled, vec![r("14", 94.0), r("14", 91.0)]);
        assert!(matches!(decide(&settled, false, TH), Decision::Value(v, _) if v == "14"));
        // pixels showing one digit settle nothing (a faint 1 may be below
        // the threshold), nor do they when unsure
        assert_eq!(
            dropped_digit_settled(readings.clone(), || Some(1)),
            readings
        );
        assert_eq!(dropped_digit_settled(readings.clone(), || None), readings);
        // two readings that differ in a digit, not by one left out
        let other = vec![r("42", 83.0), r("12", 97.0)];
        assert_eq!(dropped_digit_settled(other.clone(), || Some(2)), other);
        // three different readings
        let three = vec![r("14", 94.0), r("4", 92.0), r("11", 91.0)];
        assert_eq!(dropped_digit_settled(three.clone(), || Some(2)), three);
    }

    #[test]
    fn a_point_before_three_digits_is_not_taken() {
        let d = decide(&[r("50.243", 95.0), r("50.243", 95.0)], false, TH);
        assert!(matches!(d, Decision::Uncertain(..)), "{d:?}");
        assert_eq!(
            decide(&[r("25637.55", 95.0), r("25637.55", 95.0)], false, TH),
            Decision::Value("25637.55".into(), 95.0)
        );
        assert_eq!(
            decide(&[r("50,243", 95.0), r("50,243", 95.0)], false, TH),
            Decision::Value("50243".into(), 95.0)
        );
    }

    #[test]
    fn pixels_settle_only_a_dispute_over_a_separator() {
        let comma = || Some(vec![Mark::Comma]);
        let settled = separators_settled(vec![r("16,757", 96.0), r("16.757", 85.0)], comma);
        assert_eq!(settled, vec![r("16,757", 96.0), r("16,757", 85.0)]);
        assert_eq!(
            decide(&settled, false, TH),
            Decision::Value("16757".into(), 90.5)
        );
        // readings that agree are not overruled by the pixels
        let agreed = vec![r("25.5", 96.0), r("25.5", 90.0)];
        assert_eq!(separators_settled(agreed.clone(), comma), agreed);
        // a point before three digits all read alike: the pixels tell
        let point = vec![r("50.243", 96.0), r("50.243", 95.0)];
        let settled = separators_settled(point.clone(), comma);
        assert_eq!(
            decide(&settled, false, TH),
            Decision::Value("50243".into(), 95.5)
        );
        let settled = separators_settled(point.clone(), || Some(vec![Mark::Point]));
        assert!(matches!(
            decide(&settled, false, TH),
            Decision::Uncertain(..)
        ));
        assert_eq!(separators_settled(point.clone(), || None), point);
        // other digits, or separators in other places: no dispute to settle
        let other = vec![r("16,757", 96.0), r("16.751", 85.0)];
        assert_eq!(separators_settled(other.clone(), comma), other);
        let moved = vec![r("1,675", 96.0), r("16.75", 85.0)];
        assert_eq!(separators_settled(moved.clone(), comma), moved);
        // pixels that cannot tell, or see another number of marks
        let disputed = vec![r("16,757", 96.0), r("16.757", 85.0)];
        assert_eq!(separators_settled(disputed.clone(), || None), disputed);
        assert_eq!(
            separators_settled(disputed.clone(), || Some(vec![])),
            disputed
        );
    }

    #[test]
    fn a_flat_stroke_before_digits_is_a_minus() {
        // "-1": a dash 6×2 at mid-height, then a bar 2×16
        assert!(minus_in_pixels(
            &crop(&[(2, 9, 8, 11), (12, 2, 14, 18)]),
            128
        ));
        // a stubby, bold minus (7×4 before a digit 16 high)
        assert!(minus_in_pixels(
            &crop(&[(1, 8, 8, 12), (12, 2, 14, 18)]),
            128
        ));
        // "11": two bars
        assert!(!minus_in_pixels(
            &crop(&[(2, 2, 4, 18), (12, 2, 14, 18)]),
            128
        ));
        // a low dash (an underscore) is no minus
        assert!(!minus_in_pixels(
            &crop(&[(2, 16, 8, 18), (12, 2, 14, 18)]),
            128
        ));
        // a dash alone is a blank marker
        assert!(!minus_in_pixels(&crop(&[(2, 9, 8, 11)]), 128));
        // a minus joined to the digit by a faint bridge (grey 150 at
        // threshold 160): apart at the darker threshold
        let mut bridged = crop(&[(2, 9, 8, 11), (12, 2, 14, 18)]);
        for x in 8..12 {
            bridged.set(x, 12, 150);
        }
        assert!(!minus_in_pixels(&bridged, 160));
        assert!(minus_at_other_thresholds(&bridged, 160));
        // a bridge as dark as the ink: one shape, no minus
        let mut joined = crop(&[(2, 9, 8, 11), (12, 2, 14, 18)]);
        for x in 8..12 {
            joined.set(x, 10, 0);
        }
        assert!(!minus_at_other_thresholds(&joined, 160));
        // a light minus too short at the threshold: whole at a lighter one
        let mut light = crop(&[(12, 2, 14, 18)]);
        for x in 2..8 {
            light.set(x, 9, if (3..6).contains(&x) { 100 } else { 170 });
            light.set(x, 10, if (3..6).contains(&x) { 100 } else { 170 });
        }
        assert!(!minus_in_pixels(&light, 150));
        assert!(minus_at_other_thresholds(&light, 150));
        // the other looks are taken only when every reading is sure of a minus
        assert!(all_read_minus(
            &[r("-30984", 88.0), r("-30984", 92.0)],
            80.0
        ));
        assert!(!all_read_minus(
            &[r("-30984", 88.0), r("30984", 92.0)],
            80.0
        ));
        assert!(!all_read_minus(
            &[r("-30984", 88.0), r("-30984", 42.0)],
            80.0
        ));
        assert!(!all_read_minus(&[r("-30984", 88.0)], 80.0));
    }
}
