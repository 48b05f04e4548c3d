//! Deciding a value cell from its readings: the digits two or more
//! independent readings agree on, the sign from the pixels (a minus is a
//! short flat stroke at mid-height left of the digits, which a binarised
//! reading often drops), and never a guessed digit: a value the readings
//! do not settle stays blank with the text read and its confidence.

use crate::raster::Gray;

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
    let agreeing = with_digits.iter().filter(|r| r.magnitude() == *value);
    let minus_read = agreeing.clone().any(|r| r.minus());
    if minus_read != minus_in_pixels {
        return Decision::Uncertain(shown(), 0.0);
    }
    let signed = if minus_in_pixels {
        format!("-{value}")
    } else {
        value.clone()
    };
    Decision::Value(signed, mean)
}

/// Is there a minus before the digits of a cell crop (ink darker than
/// `t`)? The first group of inked columns must be a flat stroke: at most
/// a third of the ink's height tall, at least 1.2 times as wide as tall
/// (bold, blurred print makes a minus stubby; a reading must see it too) and a quarter of the ink's
/// height wide, centred in the middle half of the ink's height, with more
/// ink to its right.
pub fn minus_in_pixels(crop: &Gray, t: u8) -> bool {
    let ink = |x: usize, y: usize| crop.get(x, y) < t;
    let col_ink: Vec<bool> = (0..crop.width)
        .map(|x| (0..crop.height).any(|y| ink(x, y)))
        .collect();
    let rows: Vec<usize> = (0..crop.height)
        .filter(|&y| (0..crop.width).any(|x| ink(x, y)))
        .collect();
    let (Some(&top), Some(&bottom)) = (rows.first(), rows.last()) else {
        return false;
    };
    let height = bottom + 1 - top;
    let Some(first) = col_ink.iter().position(|&b| b) else {
        return false;
    };
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
        let mut g = Gray::white(40, 20);
        for &(x0, y0, x1, y1) in strokes {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.set(x, y, 0);
                }
            }
        }
        g
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
    }
}
