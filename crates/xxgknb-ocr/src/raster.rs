//! Grey-level page images and the few operations the reader needs:
//! resampling to the working resolution, Otsu binarisation, skew
//! estimation by projection profiles, rotation, crops and PGM encoding
//! (what the `tesseract` command reads on its standard input).

/// An 8-bit grey image, row-major, 0 black … 255 white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// `width * height` samples.
    pub pixels: Vec<u8>,
}

impl Gray {
    /// A white image.
    pub fn white(width: usize, height: usize) -> Self {
        Gray {
            width,
            height,
            pixels: vec![255; width * height],
        }
    }

    /// The sample at (x, y), white outside the image.
    pub fn get(&self, x: usize, y: usize) -> u8 {
        if x >= self.width || y >= self.height {
            return 255;
        }
        self.pixels.get(y * self.width + x).copied().unwrap_or(255)
    }

    /// Set the sample at (x, y) (ignored outside the image).
    pub fn set(&mut self, x: usize, y: usize, v: u8) {
        if x < self.width && y < self.height {
            if let Some(p) = self.pixels.get_mut(y * self.width + x) {
                *p = v;
            }
        }
    }

    /// Resample by `scale` (< 1 shrinks) with area averaging when
    /// shrinking and bilinear interpolation when growing.
    pub fn scaled(&self, scale: f64) -> Gray {
        if scale.is_nan()
            || scale <= 0.0
            || (scale - 1.0).abs() < 1e-3
            || self.width == 0
            || self.height == 0
        {
            return self.clone();
        }
        let w = ((self.width as f64 * scale).round() as usize).max(1);
        let h = ((self.height as f64 * scale).round() as usize).max(1);
        let mut out = Gray::white(w, h);
        if scale < 1.0 {
            let inv = 1.0 / scale;
            for y in 0..h {
                let y0 = (y as f64 * inv) as usize;
                let y1 = (((y + 1) as f64 * inv) as usize).clamp(y0 + 1, self.height);
                for x in 0..w {
                    let x0 = (x as f64 * inv) as usize;
                    let x1 = (((x + 1) as f64 * inv) as usize).clamp(x0 + 1, self.width);
                    let mut sum = 0u32;
                    let mut n = 0u32;
                    for yy in y0..y1 {
                        let row = yy * self.width;
                        if let Some(line) = self.pixels.get(row + x0..row + x1) {
                            sum += line.iter().map(|&p| u32::from(p)).sum::<u32>();
                            n += line.len() as u32;
                        }
                    }
                    out.set(x, y, sum.checked_div(n).map_or(255, |v| v as u8));
                }
            }
        } else {
            for y in 0..h {
                for x in 0..w {
                    let v = self.bilinear(x as f64 / scale, y as f64 / scale);
                    out.set(x, y, v);
                }
            }
        }
        out
    }

    fn bilinear(&self, fx: f64, fy: f64) -> u8 {
        if fx < -1.0 || fy < -1.0 {
            return 255;
        }
        let x0 = fx.floor();
        let y0 = fy.floor();
        let (ax, ay) = (fx - x0, fy - y0);
        let sample = |x: f64, y: f64| -> f64 {
            if x < 0.0 || y < 0.0 {
                255.0
            } else {
                f64::from(self.get(x as usize, y as usize))
            }
        };
        let top = sample(x0, y0) * (1.0 - ax) + sample(x0 + 1.0, y0) * ax;
        let bottom = sample(x0, y0 + 1.0) * (1.0 - ax) + sample(x0 + 1.0, y0 + 1.0) * ax;
        (top * (1.0 - ay) + bottom * ay).round().clamp(0.0, 255.0) as u8
    }

    /// Rotate by `degrees` (counter-clockwise in image coordinates, y
    /// down) about the centre, keeping the size; new corners are white.
    pub fn rotated(&self, degrees: f64) -> Gray {
        if degrees.abs() < 0.01 {
            return self.clone();
        }
        let (s, c) = degrees.to_radians().sin_cos();
        let (cx, cy) = (self.width as f64 / 2.0, self.height as f64 / 2.0);
        let mut out = Gray::white(self.width, self.height);
        for y in 0..self.height {
            let dy = y as f64 - cy;
            for x in 0..self.width {
                let dx = x as f64 - cx;
                // inverse mapping: where does this output pixel come from
                let sx = c * dx - s * dy + cx;
                let sy = s * dx + c * dy + cy;
                if sx < 0.0 || sy < 0.0 || sx >= self.width as f64 || sy >= self.height as f64 {
                    continue;
                }
                out.set(x, y, self.bilinear(sx, sy));
            }
        }
        out
    }

    /// Which columns hold a pixel darker than `t`.
    pub fn inked_columns(&self, t: u8) -> Vec<bool> {
        (0..self.width)
            .map(|x| (0..self.height).any(|y| self.get(x, y) < t))
            .collect()
    }

    /// Which rows hold a pixel darker than `t`.
    pub fn inked_rows(&self, t: u8) -> Vec<bool> {
        (0..self.height)
            .map(|y| (0..self.width).any(|x| self.get(x, y) < t))
            .collect()
    }

    /// A white image with the rectangles `[x0, x1) × [y0, y1)` filled with
    /// grey `v` (test pictures).
    #[cfg(test)]
    pub fn with_rects(
        width: usize,
        height: usize,
        rects: &[(usize, usize, usize, usize)],
        v: u8,
    ) -> Gray {
        let mut g = Gray::white(width, height);
        for &(x0, y0, x1, y1) in rects {
            for y in y0..y1 {
                for x in x0..x1 {
                    g.set(x, y, v);
                }
            }
        }
        g
    }

    /// Its darkest grey value (white for an empty image).
    pub fn darkest(&self) -> u8 {
        self.pixels.iter().copied().min().unwrap_or(255)
    }

    /// How many pixels have each grey value.
    pub fn histogram(&self) -> [u64; 256] {
        let mut hist = [0u64; 256];
        for &p in &self.pixels {
            if let Some(h) = hist.get_mut(usize::from(p)) {
                *h += 1;
            }
        }
        hist
    }

    /// The image with its contrast stretched: its darkest pixel made black
    /// and its lightest white (light, grey print of a faint scan).
    pub fn stretched(&self) -> Gray {
        let lo = self.pixels.iter().copied().min().unwrap_or(0);
        let hi = self.pixels.iter().copied().max().unwrap_or(255);
        let range = u32::from(hi.saturating_sub(lo)).max(1);
        let pixels = self
            .pixels
            .iter()
            .map(|&p| (u32::from(p.saturating_sub(lo)) * 255 / range).min(255) as u8)
            .collect();
        Gray {
            width: self.width,
            height: self.height,
            pixels,
        }
    }

    /// A copy of the rectangle [x0, x1) × [y0, y1) (clamped).
    pub fn crop(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> Gray {
        let x1 = x1.min(self.width);
        let y1 = y1.min(self.height);
        let w = x1.saturating_sub(x0);
        let h = y1.saturating_sub(y0);
        let mut out = Gray::white(w, h);
        for y in 0..h {
            let src = (y0 + y) * self.width + x0;
            if let (Some(from), Some(to)) = (
                self.pixels.get(src..src + w),
                out.pixels.get_mut(y * w..y * w + w),
            ) {
                to.copy_from_slice(from);
            }
        }
        out
    }

    /// Copy `other` into this image with its top-left at (x, y).
    pub fn paste(&mut self, other: &Gray, x: usize, y: usize) {
        for yy in 0..other.height {
            for xx in 0..other.width {
                self.set(x + xx, y + yy, other.get(xx, yy));
            }
        }
    }

    /// Binary PGM (P5), which Tesseract's image library reads from stdin.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// Otsu's threshold over the histogram: the grey level that best
    /// separates ink from paper.
    pub fn otsu(&self) -> u8 {
        let hist = self.histogram();
        let total = self.pixels.len() as f64;
        let sum_all: f64 = hist
            .iter()
            .enumerate()
            .map(|(i, &n)| i as f64 * n as f64)
            .sum();
        let (mut w_b, mut sum_b, mut best, mut best_t) = (0.0, 0.0, -1.0, 128u8);
        for (t, &n) in hist.iter().enumerate() {
            w_b += n as f64;
            if w_b == 0.0 {
                continue;
            }
            let w_f = total - w_b;
            if w_f == 0.0 {
                break;
            }
            sum_b += t as f64 * n as f64;
            let m_b = sum_b / w_b;
            let m_f = (sum_all - sum_b) / w_f;
            let between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
            if between > best {
                best = between;
                best_t = t as u8;
            }
        }
        best_t
    }

    /// Ink mask: `true` where a 3×3 mean is darker than `threshold` (the
    /// mean takes out single-pixel scanner noise).
    pub fn ink(&self, threshold: u8) -> Mask {
        let (w, h) = (self.width, self.height);
        let mut bits = vec![false; w * h];
        let t = u32::from(threshold) * 9;
        for y in 0..h {
            for x in 0..w {
                let mut s = 0u32;
                for dy in 0..3usize {
                    for dx in 0..3usize {
                        let (xx, yy) = ((x + dx).saturating_sub(1), (y + dy).saturating_sub(1));
                        s += u32::from(self.get(xx.min(w - 1), yy.min(h - 1)));
                    }
                }
                if s < t {
                    if let Some(b) = bits.get_mut(y * w + x) {
                        *b = true;
                    }
                }
            }
        }
        Mask {
            width: w,
            height: h,
            bits,
        }
    }
}

/// A binary image: `true` is ink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mask {
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Row-major bits.
    pub bits: Vec<bool>,
}

impl Mask {
    /// Ink at (x, y); false outside.
    pub fn at(&self, x: usize, y: usize) -> bool {
        x < self.width
            && y < self.height
            && self.bits.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// The longest unbroken vertical run of ink in any column of the box
    /// `x0..x1 × y0..y1`, with the box of all ink there (`None` without
    /// ink): the stem of a digit is one such run, scanner specks are not.
    pub fn tallest_run(
        &self,
        x0: usize,
        y0: usize,
        x1: usize,
        y1: usize,
    ) -> Option<(usize, (usize, usize, usize, usize))> {
        let (x1, y1) = (x1.min(self.width), y1.min(self.height));
        let mut tallest = 0;
        let mut bbox: Option<(usize, usize, usize, usize)> = None;
        for x in x0..x1 {
            let mut run = 0;
            for y in y0..y1 {
                if self.at(x, y) {
                    run += 1;
                    tallest = tallest.max(run);
                    bbox = Some(bbox.map_or((x, y, x, y), |(a, b, c, d)| {
                        (a.min(x), b.min(y), c.max(x), d.max(y))
                    }));
                } else {
                    run = 0;
                }
            }
        }
        bbox.map(|b| (tallest, b))
    }

    /// Ink pixels inside [x0, x1) × [y0, y1).
    pub fn count(&self, x0: usize, y0: usize, x1: usize, y1: usize) -> usize {
        let mut n = 0;
        for y in y0..y1.min(self.height) {
            let row = y * self.width;
            if let Some(line) = self
                .bits
                .get(row + x0.min(self.width)..row + x1.min(self.width))
            {
                n += line.iter().filter(|&&b| b).count();
            }
        }
        n
    }
}

/// The first and the last set flag (of [`Gray::inked_columns`] or
/// [`Gray::inked_rows`]): where the ink begins and ends.
pub fn ink_span(flags: &[bool]) -> Option<(usize, usize)> {
    Some((
        flags.iter().position(|&b| b)?,
        flags.iter().rposition(|&b| b)?,
    ))
}

/// Skew of the text lines and rulings in degrees (the angle to rotate the
/// image by with [`Gray::rotated`] to straighten it), searched in
/// [-`limit`, `limit`] by the projection profile: rows of a straight page
/// alternate between full and empty, so the sum of squared row counts of
/// ink peaks at the right angle.
pub fn skew_angle(mask: &Mask, limit: f64) -> f64 {
    // sample ink points on a coarse lattice: plenty for a profile
    let step = (mask.width / 600).max(1);
    let mut points: Vec<(f64, f64)> = Vec::new();
    for y in (0..mask.height).step_by(1) {
        for x in (0..mask.width).step_by(step) {
            if mask.at(x, y) {
                points.push((x as f64 - mask.width as f64 / 2.0, y as f64));
            }
        }
    }
    if points.len() < 100 {
        return 0.0;
    }
    let h = mask.height + mask.width;
    let score = |deg: f64| -> f64 {
        let t = deg.to_radians().tan();
        let mut rows = vec![0u32; h + mask.width];
        for &(x, y) in &points {
            let r = y + x * t + mask.width as f64 / 2.0;
            if r >= 0.0 {
                if let Some(c) = rows.get_mut(r as usize) {
                    *c += 1;
                }
            }
        }
        rows.iter().map(|&c| f64::from(c) * f64::from(c)).sum()
    };
    let mut best = (0.0, score(0.0));
    let mut a = -limit;
    while a <= limit + 1e-9 {
        let s = score(a);
        if s > best.1 {
            best = (a, s);
        }
        a += 0.1;
    }
    let centre = best.0;
    let mut a = centre - 0.1;
    while a <= centre + 0.1 + 1e-9 {
        let s = score(a);
        if s > best.1 {
            best = (a, s);
        }
        a += 0.02;
    }
    // the profile peaks at the skew; straightening rotates the other way
    -best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_image(angle: f64) -> Gray {
        let mut g = Gray::white(400, 300);
        for k in 0..8 {
            let y0 = 30 + k * 30;
            for x in 20..380 {
                for t in 0..3 {
                    g.set(x, y0 + t, 0);
                }
            }
        }
        g.rotated(angle)
    }

    #[test]
    fn skew_is_found_and_undone() {
        for angle in [-1.2, -0.5, 0.0, 0.7, 1.1] {
            let g = lines_image(angle);
            let m = g.ink(g.otsu());
            let found = skew_angle(&m, 2.0);
            // rotating by the found angle straightens what `angle` skewed
            assert!((found + angle).abs() < 0.1, "{angle} → {found}");
        }
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let mut g = Gray::white(10, 10);
        for x in 0..10 {
            g.set(x, 5, 20);
        }
        let t = g.otsu();
        assert!((20..255).contains(&t), "{t}");
    }

    #[test]
    fn scaling_halves_and_keeps_grey() {
        let g = Gray {
            width: 4,
            height: 2,
            pixels: vec![0, 0, 255, 255, 0, 0, 255, 255],
        };
        let s = g.scaled(0.5);
        assert_eq!((s.width, s.height), (2, 1));
        assert_eq!(s.pixels, vec![0, 255]);
    }

    #[test]
    fn pgm_has_header_and_samples() {
        let g = Gray::white(2, 1);
        assert_eq!(g.to_pgm(), b"P5\n2 1\n255\n\xff\xff".to_vec());
    }
}
