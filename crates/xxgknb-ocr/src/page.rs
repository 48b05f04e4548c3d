//! One page picture into blocks: straighten it, find the ruled tables and
//! their cells, erase the rulings, read the page once with the Chinese
//! model (word boxes), put each word in the cell its box lies in, read the
//! inked value cells again in one strip image with a digit whitelist, and
//! emit paragraphs (lines outside tables) and tables in reading order.

use xxgknb_core::document::{Block, Cell, SourcePos, Table, UncertainRead};

use crate::glyphs::Templates;
use crate::raster::{ink_span, skew_angle, Gray, Mask};
use crate::ruling::{self, GridCell};
use crate::tesseract::{Engine, Job, Word};
use crate::values::{
    all_read_minus, decide, digits_in_pixels, dropped_digit_settled, magnitude, marks_in_pixels,
    minus_at_other_thresholds, minus_in_pixels, more_digits_than_shown, separators_settled, signed,
    Decision, Reading, Thresholds,
};
use crate::OcrError;

/// How a page is read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Resolution pages are brought to before reading (pixels per inch).
    pub work_dpi: f64,
    /// A value cell read with less confidence than this (0–100) is left
    /// blank and reported (`OCR_UNCERTAIN`).
    pub min_confidence: f32,
    /// Largest skew searched, in degrees.
    pub max_skew: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            work_dpi: 150.0,
            min_confidence: crate::MIN_CONFIDENCE,
            max_skew: 2.0,
        }
    }
}

/// What one page gave.
#[derive(Debug, Clone, Default)]
pub struct PageRead {
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
    /// The skew corrected, in degrees.
    pub skew: f64,
    /// Number of value cells left blank for low confidence.
    pub uncertain: usize,
}

/// Mean confidence of its Chinese words below which a short cell read is
/// not taken for a label (the Chinese model's misreadings of lone digits
/// came at 3–50; real short labels such as 其他 or 总计 at 85–97).
const LABEL_CONFIDENCE: f32 = 70.0;

/// Confidence a value read by only one of the two digit readings (the
/// other saw nothing) must reach to be used.
const SINGLE_READ_CONFIDENCE: f32 = 93.0;

/// Mean confidence two agreeing digit readings must reach (the best of
/// them must reach `MIN_CONFIDENCE`): on the degraded scans the grey
/// reading of a right digit sometimes came at 50–65 while the binarised
/// one was sure; wrong digits two readings agreed on were not seen.
const AGREED_MEAN_CONFIDENCE: f32 = 60.0;

/// Scale of the cell crops read with the Chinese model (grey: blurred
/// small print does not survive binarisation).
const CHINESE_SCALE: f64 = 1.5;

/// Characters that may stand in a value cell besides digits.
const VALUE_PUNCT: &[char] = &[
    ',', '，', '.', '-', '—', '－', '/', '／', '、', ' ', '\u{3000}', '–', '_',
];
/// Units and blank words a value cell may carry.
const VALUE_WORDS: &[&str] = &["万元", "元", "件", "个", "条", "次", "无"];

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Empty,
    /// Digits, blank markers and separators only.
    Numeric,
    /// A number with a unit (`202 万元`).
    WithUnit,
    Label,
}

fn kind(text: &str) -> Kind {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Kind::Empty;
    }
    let mut rest = t.clone();
    let mut unit = false;
    for w in VALUE_WORDS {
        if rest.contains(w) {
            unit |= *w != "无";
            rest = rest.replace(w, "");
        }
    }
    if rest
        .chars()
        .all(|c| c.is_ascii_digit() || VALUE_PUNCT.contains(&c))
    {
        if unit && rest.chars().any(|c| c.is_ascii_digit()) {
            Kind::WithUnit
        } else {
            Kind::Numeric
        }
    } else if rest.chars().any(is_cjk) || rest.chars().any(|c| c.is_alphabetic()) {
        Kind::Label
    } else {
        Kind::Numeric
    }
}

/// Ink in two groups side by side, further apart than twice the ink's
/// height (`0      0`): two value cells merged by a column line not found.
fn two_blobs(crop: &Gray, t: u8) -> bool {
    let h = crop.height.max(1);
    let inked = crop.inked_columns(t);
    let Some((first, last)) = ink_span(&inked) else {
        return false;
    };
    // or a column line that was not found runs through the crop
    let full =
        |x: usize| (0..crop.height).filter(|&y| crop.get(x, y) < t).count() * 10 >= crop.height * 9;
    if crop.height >= 8 && (first + 3..last.saturating_sub(2)).any(full) {
        return true;
    }
    let mut gap = 0usize;
    for &b in inked.get(first..=last).unwrap_or_default() {
        if b {
            gap = 0;
        } else {
            gap += 1;
            if gap > 2 * h {
                return true;
            }
        }
    }
    false
}

/// The digits of a cell holding a number and its unit (`1件`, `202万元`)
/// without the unit: the crop cut at the column gap where the unit's
/// `unit_chars` characters begin. The digit readings of the whole cell
/// come at confidence 0 (the unit cannot be read with digits only), so a
/// cell whose Chinese reading is unsure could never be settled. A Chinese
/// character is about as wide as the ink is tall: the part cut off must
/// be 0.75–1.3 such widths per character (a gap inside `件`, between
/// `亻` and `牛`, or one before the last digit, leaves too little or too
/// much), else nothing is cut and the cell is decided as it is.
fn digits_before_unit(crop: &Gray, t: u8, unit_chars: usize) -> Option<Gray> {
    if unit_chars == 0 {
        return None;
    }
    let (top, bottom) = ink_span(&crop.inked_rows(t))?;
    let em = (bottom - top + 1) as f64;
    let inked = crop.inked_columns(t);
    let (first, last) = ink_span(&inked)?;
    let unit = unit_chars as f64 * em;
    // gaps: (first blank column, first inked column after it)
    let mut gaps: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for x in first..=last {
        match (inked.get(x).copied().unwrap_or(false), start) {
            (false, None) => start = Some(x),
            (true, Some(s)) => {
                gaps.push((s, x));
                start = None;
            }
            _ => {}
        }
    }
    let width = |right: usize| (last + 1 - right) as f64;
    let (cut, _) = gaps
        .into_iter()
        .filter(|&(_, right)| (0.75 * unit..=1.3 * unit).contains(&width(right)))
        .min_by(|a, b| {
            (width(a.1) - unit)
                .abs()
                .total_cmp(&(width(b.1) - unit).abs())
        })?;
    (cut > first).then(|| crop.crop(0, 0, (cut + 2).min(crop.width), crop.height))
}

/// How many characters of a unit (`件`, `万元`) follow the digits of a
/// cell read as a number with its unit; 0 when the unit is not after the
/// last digit.
fn trailing_unit_chars(text: &str) -> usize {
    let after: String = text
        .chars()
        .rev()
        .take_while(|c| !c.is_ascii_digit())
        .collect();
    let before = text.chars().rev().skip(after.chars().count());
    if before.clone().any(is_cjk) {
        return 0;
    }
    after.chars().filter(|&c| is_cjk(c)).count()
}

/// A Chinese reading of a value cell that is a number and one character
/// that is not a unit (`2厌` for `2件`), or a one-character unit with a
/// stray character read before it (`1工件`): the unit misread, one
/// character wide in print. Digits must be read before it: a lone
/// character cut in two would leave its left part (`亻`) to be read as a
/// digit.
fn unit_misread(text: &str) -> bool {
    let trailing = trailing_unit_chars(text);
    (trailing == 1 || trailing == 2 && ends_in_one_char_unit(text))
        && text.chars().any(|c| c.is_ascii_digit())
}

/// Does a reading end in a unit of one character (`件`, `元`, not the
/// `元` of `万元`)?
fn ends_in_one_char_unit(text: &str) -> bool {
    let t = text.trim_end();
    t.chars()
        .last()
        .is_some_and(|c| c != '无' && VALUE_WORDS.contains(&c.to_string().as_str()))
        && !t.ends_with("万元")
}

/// A piece of text placed in a cell: centre, height, text, confidence.
#[derive(Debug, Clone)]
struct Piece {
    /// Tesseract's block, paragraph and line numbers.
    line: (u32, u32, u32),
    cy: f64,
    text: String,
    conf: f32,
}

/// Join pieces into Tesseract's lines (top to bottom), each line's
/// words in Tesseract's order (left to right already: sorting them by
/// their centres swaps characters whose boxes differ in height).
fn join(pieces: &[Piece]) -> String {
    /// Tesseract's line key, its top, its words.
    type Line<'p> = ((u32, u32, u32), f64, Vec<&'p str>);
    let mut lines: Vec<Line<'_>> = Vec::new();
    for p in pieces {
        match lines.iter_mut().find(|(k, _, _)| *k == p.line) {
            Some((_, cy, words)) => {
                *cy = cy.min(p.cy);
                words.push(&p.text);
            }
            None => lines.push((p.line, p.cy, vec![&p.text])),
        }
    }
    lines.sort_by(|a, b| a.1.total_cmp(&b.1));
    lines
        .into_iter()
        .map(|(_, _, words)| join_words(words.into_iter()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Words of one line in their order, a space only between two ASCII
/// letters or digits (`12 34`, `互助县`).
fn join_words<'w>(words: impl Iterator<Item = &'w str>) -> String {
    let mut s = String::new();
    for w in words {
        let prev = s.chars().last();
        let next = w.chars().next();
        if prev.is_some_and(|c| c.is_ascii_alphanumeric())
            && next.is_some_and(|c| c.is_ascii_alphanumeric())
        {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

/// The page's work image: at the working resolution, straightened.
pub fn prepare(image: &Gray, dpi: f64, settings: &Settings) -> (Gray, f64, f64) {
    let scale = if dpi > settings.work_dpi * 1.15 || dpi < settings.work_dpi * 0.75 {
        settings.work_dpi / dpi
    } else {
        1.0
    };
    let work = image.scaled(scale);
    let wdpi = dpi * scale;
    let t = work.otsu();
    let mask = threshold(&work, t);
    let angle = skew_angle(&mask, settings.max_skew);
    (work.rotated(angle), wdpi, angle)
}

/// Plain threshold (thin rulings survive it; the 3×3 mean of
/// [`Gray::ink`] would lighten a one-pixel line away).
pub fn threshold(g: &Gray, t: u8) -> Mask {
    Mask {
        width: g.width,
        height: g.height,
        bits: g.pixels.iter().map(|&p| p < t).collect(),
    }
}

/// What a stage of a page needs to know: the engine, the settings, the
/// working resolution, the ink threshold, the page number.
struct PageCtx<'a> {
    engine: &'a Engine,
    settings: &'a Settings,
    wdpi: f64,
    t: u8,
    page: u32,
    debug: bool,
}

impl PageCtx<'_> {
    /// Pixels of the work image to PDF points.
    fn pt(&self, px: f64) -> f32 {
        (px * 72.0 / self.wdpi) as f32
    }
}

/// What is known of one cell while it is read.
#[derive(Debug, Clone, Default)]
struct Read {
    text: String,
    conf: Option<f32>,
    uncertain: Option<UncertainRead>,
    /// An unsure short Chinese reading, kept if no digit is seen.
    fallback: String,
    /// Lowest confidence of the Chinese reading's words with digits.
    digit_conf: Option<f32>,
    /// The Chinese reading was a number with its unit (`1件`): its ink
    /// is in two groups by nature.
    with_unit: bool,
}

/// A cell to read as a value: table, cell, its inked crop.
type ValueCell = (usize, usize, Gray);

/// Read one page picture (`dpi`: its resolution across the page).
pub fn read_page(
    page: u32,
    image: &Gray,
    dpi: f64,
    engine: &Engine,
    settings: &Settings,
) -> Result<PageRead, OcrError> {
    let debug = std::env::var_os("XXGKNB_OCR_DEBUG");
    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if debug.is_some() {
            eprintln!("ocr page {page}: {what} at {:?}", clock.elapsed());
        }
    };
    let (work, wdpi, skew) = prepare(image, dpi, settings);
    let t = work.otsu();
    // rulings go light grey where a thin line was rotated back: a more
    // lenient threshold keeps them whole (specks do not make long runs)
    let lines_mask = threshold(&work, t.saturating_add((255 - t) / 3));
    let ink = work.ink(t);
    let (grids, hs, vs) = ruling::tables(&lines_mask, wdpi);
    lap("ruled");
    let erased = erase_rulings(&work, &grids, &hs, &vs, wdpi);
    let ctx = PageCtx {
        engine,
        settings,
        wdpi,
        t,
        page,
        debug: debug.is_some(),
    };
    let words = read_free_text(&ctx, &erased, &grids)?;
    lap("page read");
    if let Some(dir) = &debug {
        write_overlay(dir, page, &erased, &grids);
    }
    let (mut reads, value_cells) = read_cells(&ctx, &erased, &ink, &grids)?;
    lap("cells read");
    read_values(&ctx, &mut reads, &value_cells)?;
    lap("values read");
    blank_merged_tables(&mut reads, &value_cells, t);
    let mut uncertain = 0usize;
    let mut placed = table_blocks(&ctx, &grids, reads, &mut uncertain);
    placed.extend(paragraph_blocks(&ctx, &words));
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(PageRead {
        blocks: placed.into_iter().map(|(_, b)| b).collect(),
        skew,
        uncertain,
    })
}

/// The work image with the table rulings erased (only lines on a grid
/// boundary: a run of strokes elsewhere is text).
fn erase_rulings(
    work: &Gray,
    grids: &[ruling::TableGrid],
    hs: &[ruling::HLine],
    vs: &[ruling::VLine],
    wdpi: f64,
) -> Gray {
    let mut erased = work.clone();
    let tol = ((wdpi * 0.03) as usize).max(3);
    for g in grids {
        let (gx0, gy0, gx1, gy1) = g.bounds();
        let near = |x0: usize, y0: usize, x1: usize, y1: usize| {
            x1 + tol >= gx0 && x0 <= gx1 + tol && y1 + tol >= gy0 && y0 <= gy1 + tol
        };
        for h in hs {
            let on_grid = g.ys.iter().any(|&y| y + tol >= h.y0 && y <= h.y1 + tol);
            if on_grid && near(h.x0, h.y0, h.x1, h.y1) {
                for y in h.y0.saturating_sub(1)..=h.y1 + 1 {
                    for x in h.x0..=h.x1 {
                        erased.set(x, y, 255);
                    }
                }
            }
        }
        for v in vs {
            let on_grid = g.xs.iter().any(|&x| x + tol >= v.x0 && x <= v.x1 + tol);
            if on_grid && near(v.x0, v.y0, v.x1, v.y1) {
                for x in v.x0.saturating_sub(1)..=v.x1 + 1 {
                    for y in v.y0..=v.y1 {
                        erased.set(x, y, 255);
                    }
                }
            }
        }
    }
    erased
}

/// The text outside the tables: the page read once with the Chinese
/// model, its tables blanked (nothing is run on a page without such ink).
fn read_free_text(
    ctx: &PageCtx<'_>,
    erased: &Gray,
    grids: &[ruling::TableGrid],
) -> Result<Vec<Word>, OcrError> {
    let mut free_img = erased.clone();
    for g in grids {
        let (x0, y0, x1, y1) = g.bounds();
        for y in y0.saturating_sub(2)..=y1 + 2 {
            for x in x0.saturating_sub(2)..=x1 + 2 {
                free_img.set(x, y, 255);
            }
        }
    }
    let m = free_img.ink(ctx.t);
    if m.count(0, 0, m.width, m.height) == 0 {
        return Ok(Vec::new());
    }
    ctx.engine.words(
        &free_img.to_pgm(),
        Job {
            lang: "chi_sim",
            psm: 3,
            whitelist: None,
        },
    )
}

/// Debugging: the straightened page, rulings erased, cells drawn.
fn write_overlay(dir: &std::ffi::OsStr, page: u32, erased: &Gray, grids: &[ruling::TableGrid]) {
    let mut overlay = erased.clone();
    for c in grids.iter().flat_map(|g| &g.cells) {
        for x in c.x0..=c.x1 {
            overlay.set(x, c.y0, 0);
            overlay.set(x, c.y1, 0);
        }
        for y in c.y0..=c.y1 {
            overlay.set(c.x0, y, 0);
            overlay.set(c.x1, y, 0);
        }
    }
    let path = std::path::Path::new(dir).join(format!("page{page}.pgm"));
    let _ = std::fs::write(path, overlay.to_pgm());
}

/// Every inked cell read in one strip with the Chinese model; labels keep
/// that reading, value cells (numbers, blank markers, one or two unsure
/// Chinese characters) are returned to be read again with digits.
fn read_cells(
    ctx: &PageCtx<'_>,
    erased: &Gray,
    ink: &Mask,
    grids: &[ruling::TableGrid],
) -> Result<(Vec<Vec<Read>>, Vec<ValueCell>), OcrError> {
    let floor = InkFloor {
        pixels: ((ctx.wdpi / 150.0).powi(2) * 20.0) as usize,
        stem: stem_height(ctx.wdpi),
        threshold: ctx.t,
    };
    let mut reads: Vec<Vec<Read>> = grids
        .iter()
        .map(|g| vec![Read::default(); g.cells.len()])
        .collect();
    let mut inked: Vec<ValueCell> = Vec::new();
    for (ti, g) in grids.iter().enumerate() {
        for (ci, c) in g.cells.iter().enumerate() {
            if let Some(crop) = ink_crop(erased, ink, c, &floor) {
                inked.push((ti, ci, crop));
            } else if ctx.debug {
                let n = ink.count(
                    c.x0 + 4,
                    c.y0 + 4,
                    c.x1.saturating_sub(4),
                    c.y1.saturating_sub(4),
                );
                let run = ink.tallest_run(
                    c.x0 + 4,
                    c.y0 + 4,
                    c.x1.saturating_sub(4),
                    c.y1.saturating_sub(4),
                );
                if n > 0 {
                    eprintln!("ocr page {}: cell T{}C{ci} at ({}, {}) not read: {n} ink pixels, tallest run and box {run:?}", ctx.page, ti + 1, c.x0, c.y0);
                }
            }
        }
    }
    if inked.is_empty() {
        return Ok((reads, Vec::new()));
    }
    let chinese = Job {
        lang: "chi_sim",
        psm: 6,
        whitelist: None,
    };
    let cell_reads = read_strip(ctx.engine, &inked, ctx.wdpi, CHINESE_SCALE, None, chinese)?;
    let mut value_cells: Vec<ValueCell> = Vec::new();
    for ((ti, ci, crop), (text, conf, digit_conf, cjk_conf)) in inked.into_iter().zip(cell_reads) {
        let Some(read) = reads.get_mut(ti).and_then(|t| t.get_mut(ci)) else {
            continue;
        };
        read.conf = (!text.is_empty()).then_some(conf);
        read.text = text;
        read.digit_conf = digit_conf;
        let mut k = kind(&read.text);
        let cjk = read.text.chars().filter(|&c| is_cjk(c)).count();
        if k == Kind::Label
            && (cjk <= 1 || (cjk < 4 && cjk_conf.is_none_or(|c| c < LABEL_CONFIDENCE)))
        {
            // one or two unsure Chinese characters where a number is
            // printed (the Chinese model reads a lone 2 as 器): not a label
            k = Kind::Numeric;
            if ctx.debug {
                eprintln!(
                    "ocr page {}: cell read {:?} in Chinese: decided as a value",
                    ctx.page, read.text
                );
            }
            read.fallback = std::mem::take(&mut read.text);
        }
        match k {
            Kind::Label => {}
            // a number with its unit (`1件`, `202 万元`): the Chinese
            // reading stands when its digits are sure; else the cell is
            // decided like any value (the digit readings of the unit
            // come at confidence 0, so they settle it only by agreeing)
            Kind::WithUnit if digit_conf.is_some_and(|dc| dc >= ctx.settings.min_confidence) => {}
            Kind::WithUnit => {
                read.with_unit = true;
                let digits = digits_before_unit(&crop, ctx.t, trailing_unit_chars(&read.text));
                if ctx.debug {
                    eprintln!(
                        "ocr page {}: cell with unit {:?} ({} wide): digits cut to {:?}",
                        ctx.page,
                        read.text,
                        crop.width,
                        digits.as_ref().map(|g| g.width)
                    );
                }
                value_cells.push((ti, ci, digits.unwrap_or(crop)));
            }
            Kind::Empty | Kind::Numeric => value_cells.push((ti, ci, crop)),
        }
    }
    Ok((reads, value_cells))
}

/// The digit readings of value cells: one strip per reading, each cell's
/// text and confidence.
fn digit_readings(
    ctx: &PageCtx<'_>,
    cells: &[ValueCell],
    scale: f64,
    binarise: bool,
) -> Result<Vec<Reading>, OcrError> {
    let job = Job {
        lang: "eng",
        psm: 6,
        whitelist: Some("0123456789-/,."),
    };
    let threshold = binarise.then_some(ctx.t);
    Ok(
        read_strip(ctx.engine, cells, ctx.wdpi, scale, threshold, job)?
            .into_iter()
            .map(|(text, conf, digit_conf, _)| Reading::new(text, digit_conf.unwrap_or(conf)))
            .collect(),
    )
}

/// Value cells read with the Chinese model restricted to digits (grey,
/// 2.5 times the scale): another model than the digit readings', whose
/// errors on faint small print differ.
fn chinese_digit_readings(
    ctx: &PageCtx<'_>,
    cells: &[ValueCell],
) -> Result<Vec<Reading>, OcrError> {
    let job = Job {
        lang: "chi_sim",
        psm: 6,
        whitelist: Some("0123456789-/,."),
    };
    Ok(read_strip(ctx.engine, cells, ctx.wdpi, 2.5, None, job)?
        .into_iter()
        .map(|(text, conf, digit_conf, _)| Reading::new(text, digit_conf.unwrap_or(conf)))
        .collect())
}

/// The value cells read again with a digit whitelist, twice (binarised
/// and grey, their errors differ), and a third time at another scale for
/// the cells those readings and the Chinese one do not settle; each cell
/// gets its value, or stays blank with an [`UncertainRead`].
fn read_values(
    ctx: &PageCtx<'_>,
    reads: &mut [Vec<Read>],
    cells: &[ValueCell],
) -> Result<(), OcrError> {
    if cells.is_empty() {
        return Ok(());
    }
    let th = Thresholds {
        min: ctx.settings.min_confidence,
        mean: AGREED_MEAN_CONFIDENCE,
        dissent: ctx.settings.min_confidence,
        single: ctx.settings.min_confidence.max(SINGLE_READ_CONFIDENCE),
    };
    let first = digit_readings(ctx, cells, 2.0, true)?;
    let second = digit_readings(ctx, cells, 2.0, false)?;
    // the Chinese reading counts when it saw digits
    let chinese: Vec<Option<Reading>> = cells
        .iter()
        .map(|(ti, ci, _)| {
            let read = reads.get(*ti).and_then(|t| t.get(*ci))?;
            let conf = read.digit_conf.or(read.conf).unwrap_or(0.0);
            (!magnitude(&read.text).is_empty()).then(|| Reading::new(read.text.clone(), conf))
        })
        .collect();
    let cell_readings = |k: usize, extra: &[&Reading]| -> Vec<Reading> {
        let readings = [first.get(k), second.get(k)]
            .into_iter()
            .chain(extra.iter().map(|r| Some(*r)))
            .chain([chinese.get(k).and_then(Option::as_ref)])
            .flatten()
            .cloned()
            .collect();
        let crop = cells.get(k).map(|(_, _, crop)| crop);
        // `16,757` / `16.757`: the pixels tell a comma from a point
        let readings =
            separators_settled(readings, || crop.and_then(|c| marks_in_pixels(c, ctx.t)));
        // `14` / `4`: the pixels show whether a digit is there
        dropped_digit_settled(readings, || crop.and_then(|c| digits_in_pixels(c, ctx.t)))
    };
    // each cell's first readings, settled once (the pixels are asked
    // only in a dispute)
    let base: Vec<Vec<Reading>> = (0..cells.len()).map(|k| cell_readings(k, &[])).collect();
    let minus: Vec<bool> = cells
        .iter()
        .zip(&base)
        .map(|((_, _, crop), readings)| {
            minus_in_pixels(crop, ctx.t)
                || all_read_minus(readings, th.min) && minus_at_other_thresholds(crop, ctx.t)
        })
        .collect();
    let mut decisions: Vec<Decision> = base
        .iter()
        .zip(&minus)
        .map(|(readings, &m)| decide(readings, m, th))
        .collect();
    // the third and fourth readings of the cells that got them
    let mut extras: Vec<Vec<Reading>> = vec![Vec::new(); cells.len()];
    // a third reading for the cells not settled that show digits
    let unsettled: Vec<usize> = (0..cells.len())
        .filter(|&k| matches!(decisions.get(k), Some(Decision::Uncertain(..))))
        .collect();
    if !unsettled.is_empty() {
        let again: Vec<ValueCell> = unsettled
            .iter()
            .filter_map(|&k| cells.get(k).cloned())
            .collect();
        let third = digit_readings(ctx, &again, 3.0, true)?;
        let mut still: Vec<(usize, &Reading)> = Vec::new();
        for (&k, extra) in unsettled.iter().zip(&third) {
            if let Some(e) = extras.get_mut(k) {
                e.push(extra.clone());
            }
            let d = decide(&cell_readings(k, &[extra]), minus.get(k) == Some(&true), th);
            if matches!(d, Decision::Uncertain(..)) {
                still.push((k, extra));
            }
            if let Some(slot) = decisions.get_mut(k) {
                *slot = d;
            }
        }
        // a fourth reading, by another model, of what is still unsettled:
        // light, blurred small digits (a `41` the others read as `4` or
        // not at all), their contrast stretched
        if !still.is_empty() {
            let faint: Vec<ValueCell> = still
                .iter()
                .filter_map(|&(k, _)| cells.get(k))
                .map(|(ti, ci, crop)| (*ti, *ci, crop.stretched()))
                .collect();
            let fourth = chinese_digit_readings(ctx, &faint)?;
            for (&(k, third), fourth) in still.iter().zip(&fourth) {
                if let Some(e) = extras.get_mut(k) {
                    e.push(fourth.clone());
                }
                let d = decide(
                    &cell_readings(k, &[third, fourth]),
                    minus.get(k) == Some(&true),
                    th,
                );
                if let Some(slot) = decisions.get_mut(k) {
                    *slot = d;
                }
            }
        }
    }
    let all_readings = |k: usize| {
        let extra: Vec<&Reading> = extras.get(k).into_iter().flatten().collect();
        cell_readings(k, &extra)
    };
    settle_before_unit(ctx, reads, cells, &minus, &mut decisions, th, all_readings)?;
    settle_by_shapes(ctx, reads, cells, &minus, &mut decisions, all_readings);
    // `41` for a lone `1` with its flag: the readings agree on more digits
    // than the ink shows one by one
    for ((_, _, crop), d) in cells.iter().zip(decisions.iter_mut()) {
        if let Decision::Value(v, conf) = d {
            if more_digits_than_shown(v, digits_in_pixels(crop, ctx.t)) {
                *d = Decision::Uncertain(v.clone(), *conf);
            }
        }
    }
    let min_stem = stem_height(ctx.wdpi);
    for (((ti, ci, crop), decision), readings) in cells.iter().zip(decisions).zip(&base) {
        let unread = decision == Decision::NoDigits
            && readings.iter().all(|r| r.text.trim().is_empty())
            && reads
                .get(*ti)
                .and_then(|t| t.get(*ci))
                .is_some_and(|r| r.text.trim().is_empty() && r.fallback.trim().is_empty())
            && has_stem(crop, ctx.t, min_stem);
        // a digit's stem that no reading saw: blank, and said so (a sum
        // over the cell is not checked as if it were empty)
        let decision = if unread {
            Decision::Uncertain(UNREAD_INK.to_string(), 0.0)
        } else {
            decision
        };
        if ctx.debug {
            eprintln!(
                "ocr page {}: digits {readings:?} (marks {:?}) → {decision:?}",
                ctx.page,
                marks_in_pixels(crop, ctx.t)
            );
        }
        if let Some(read) = reads.get_mut(*ti).and_then(|t| t.get_mut(*ci)) {
            apply(read, decision);
        }
    }
    Ok(())
}

/// Cells still unsettled whose Chinese reading was a number and one unsure
/// character (`2厌`: a unit misread), read once more without that
/// character ([`digits_before_unit`]): the digit readings of the whole cell
/// saw the unit too and came at confidence 0. Only these two readings
/// decide; a cell they do not settle stays as it was. The cut is only
/// tried after the whole cell failed: a number whose last digits the
/// Chinese model read as one character is settled by the whole cell's
/// readings and never cut.
///
/// A cell the Chinese model read as one character and no digit (`玫` for
/// `1件`), or as a character and the unit (`工件`), is cut too, but only
/// when two or more of the whole cell's digit readings (`readings_of`)
/// give the same digits, and the cut is then
/// taken only when it reads those digits: a lone character, cut where it
/// has a gap, leaves a part no two readings read alike.
fn settle_before_unit(
    ctx: &PageCtx<'_>,
    reads: &[Vec<Read>],
    cells: &[ValueCell],
    minus: &[bool],
    decisions: &mut [Decision],
    th: Thresholds,
    readings_of: impl Fn(usize) -> Vec<Reading>,
) -> Result<(), OcrError> {
    let agreed_digits = |k: usize| -> Option<String> {
        let digits: Vec<String> = readings_of(k)
            .iter()
            .map(Reading::digits)
            .filter(|d| !d.is_empty())
            .collect();
        let first = digits.first()?;
        (digits.len() >= 2 && digits.iter().all(|d| d == first)).then(|| first.clone())
    };
    let mut ks: Vec<(usize, Option<String>)> = Vec::new();
    let mut cut: Vec<ValueCell> = Vec::new();
    for (k, (ti, ci, crop)) in cells.iter().enumerate() {
        if !matches!(decisions.get(k), Some(Decision::Uncertain(..))) {
            continue;
        }
        let Some(read) = reads.get(*ti).and_then(|t| t.get(*ci)) else {
            continue;
        };
        let expected = if unit_misread(&read.fallback) {
            None
        } else if lone_character(&read.fallback) {
            match agreed_digits(k) {
                Some(d) => Some(d),
                None => continue,
            }
        } else {
            continue;
        };
        if let Some(digits) = digits_before_unit(crop, ctx.t, 1) {
            ks.push((k, expected));
            cut.push((*ti, *ci, digits));
        }
    }
    if ks.is_empty() {
        return Ok(());
    }
    let first = digit_readings(ctx, &cut, 2.0, true)?;
    let second = digit_readings(ctx, &cut, 2.0, false)?;
    for (((k, expected), a), b) in ks.iter().zip(first).zip(second) {
        let pixels_minus = minus.get(*k) == Some(&true);
        let mut d = decide(&[a.clone(), b.clone()], pixels_minus, th);
        if let (Decision::Uncertain(..), Some(e)) = (&d, expected) {
            // the whole cell's agreeing readings and one sure reading of
            // the cut, the other cut reading seeing nothing
            let seen: Vec<&Reading> = [&a, &b]
                .into_iter()
                .filter(|r| !r.magnitude().is_empty())
                .collect();
            if let [only] = seen.as_slice() {
                if only.magnitude() == *e && only.conf >= th.min && only.minus() == pixels_minus {
                    d = Decision::Value(signed(e, pixels_minus), only.conf);
                }
            }
        }
        if ctx.debug {
            eprintln!(
                "ocr page {}: digits before the unit → {d:?} (expected {expected:?})",
                ctx.page
            );
        }
        let taken = match (&d, expected) {
            (Decision::Value(v, _), Some(e)) => magnitude(v) == *e,
            (Decision::Value(..), None) => true,
            _ => false,
        };
        if taken {
            if let Some(slot) = decisions.get_mut(*k) {
                *slot = d;
            }
        }
    }
    Ok(())
}

/// A Chinese reading with no digit that may be a number and its unit
/// misread: one Chinese character (`玫` for `1件`), or two whose last is a
/// one-character unit (`工件`: the digit read as a character).
fn lone_character(text: &str) -> bool {
    let t = text.trim();
    let chars: Vec<char> = t.chars().collect();
    if !chars.iter().all(|&c| is_cjk(c)) {
        return false;
    }
    match chars.as_slice() {
        [_] => true,
        [_, _] => ends_in_one_char_unit(t),
        _ => false,
    }
}

/// Cells still unsettled, settled by the digit shapes the page's settled
/// cells showed ([`Templates`]): when every digit of the crop matches one
/// learned digit clearly and the digits so read are those of one of the
/// cell's readings (whole numbers only), that reading stands. The sign
/// must agree as in [`decide`]: the pixels' minus and the reading's.
fn settle_by_shapes(
    ctx: &PageCtx<'_>,
    reads: &[Vec<Read>],
    cells: &[ValueCell],
    minus: &[bool],
    decisions: &mut [Decision],
    readings_of: impl Fn(usize) -> Vec<Reading>,
) {
    let unsettled = |d: Option<&Decision>| matches!(d, Some(Decision::Uncertain(..)));
    if !(0..cells.len()).any(|k| unsettled(decisions.get(k))) {
        return;
    }
    let mut templates = Templates::new();
    for ((_, _, crop), d) in cells.iter().zip(decisions.iter()) {
        if let Decision::Value(v, _) = d {
            templates.learn(crop, ctx.t, v.trim_start_matches('-'));
        }
    }
    let debug_dir = std::env::var_os("XXGKNB_OCR_DEBUG");
    for (k, (ti, ci, crop)) in cells.iter().enumerate() {
        if !unsettled(decisions.get(k)) {
            continue;
        }
        let mut readings = readings_of(k);
        if let Some(read) = reads.get(*ti).and_then(|t| t.get(*ci)) {
            if !read.fallback.is_empty() {
                readings.push(Reading::new(read.fallback.clone(), 0.0));
            }
        }
        let read = templates.read(crop, ctx.t);
        if let Some(dir) = &debug_dir {
            let path = std::path::Path::new(dir).join(format!("unsettled-p{}-{k}.pgm", ctx.page));
            // a debugging aid: a crop that cannot be written is only not shown
            let _ = std::fs::write(path, crop.to_pgm());
        }
        if ctx.debug {
            eprintln!(
                "ocr page {}: unsettled cell {k}: shapes {:?} → {read:?} (readings {readings:?})",
                ctx.page,
                templates.matches(crop, ctx.t)
            );
        }
        let Some(digits) = read else {
            continue;
        };
        let whole = |r: &Reading| !r.magnitude().contains('.') && r.digits() == digits;
        let agreeing: Vec<&Reading> = readings.iter().filter(|r| whole(r)).collect();
        let pixels_minus = minus.get(k) == Some(&true);
        if agreeing.is_empty() || agreeing.iter().any(|r| r.minus()) != pixels_minus {
            continue;
        }
        let conf = agreeing.iter().map(|r| r.conf).fold(0.0f32, f32::max);
        if let Some(slot) = decisions.get_mut(k) {
            *slot = Decision::Value(signed(&digits, pixels_minus), conf);
        }
    }
}

/// The text an [`UncertainRead`] shows for a cell with a digit's ink that
/// no reading saw.
const UNREAD_INK: &str = "（有笔迹，未识别出字符）";

/// Does a crop hold a digit's stem: an upright stroke of `min_stem`
/// pixels (ink darker than `t`) that ends short of the crop's top and
/// bottom? Blank markers (`—`, `/`) and specks have none; a ruling the
/// grid missed runs from border to border (the crop is the ink's box,
/// padded inside the cell); a filled cell (a dark banner) is no print.
fn has_stem(crop: &Gray, t: u8, min_stem: usize) -> bool {
    let (w, h) = (crop.width, crop.height);
    let dark = |x: usize, y: usize| crop.get(x, y) < t;
    let inked = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .filter(|&(x, y)| dark(x, y));
    if inked.count() * 2 > w * h {
        return false;
    }
    (0..w).any(|x| {
        let mut start = 0;
        (0..=h).any(|y| {
            if y < h && dark(x, y) {
                return false;
            }
            let run = y - start;
            let stem = run >= min_stem && start >= 2 && y + 2 <= h;
            start = y + 1;
            stem
        })
    })
}

/// A value cell's decision into its read.
fn apply(read: &mut Read, decision: Decision) {
    // a digit beside the unsure character (`在1` for a 41) is a number
    // misread, never a label: kept as text it would push the row's other
    // values one column left
    let misread_number = read.fallback.chars().any(|c| c.is_ascii_digit());
    // one unsure character (下 for a 1, 号 for a 5) gives way to digits
    // the readings settle; two or three (总计 read unsurely) only to
    // very sure digits
    let one_char = read.fallback.trim().chars().count() == 1;
    let sure = matches!(&decision,
        Decision::Value(_, c) if *c >= SINGLE_READ_CONFIDENCE || one_char || misread_number);
    if !read.fallback.is_empty() && !sure && !misread_number {
        // no sure digit there: the short Chinese reading was a label (a
        // header such as 总计 read unsurely)
        read.text = std::mem::take(&mut read.fallback);
        return;
    }
    match decision {
        // digits no digit reading saw: blank, and the misreading shown
        Decision::NoDigits if misread_number => {
            read.uncertain = Some(UncertainRead {
                text: std::mem::take(&mut read.fallback),
                confidence: 0.0,
            });
        }
        // a blank marker, or specks: the Chinese reading stands
        Decision::NoDigits => {}
        Decision::Value(v, conf) => {
            read.text = v;
            read.conf = Some(conf);
        }
        Decision::Uncertain(text, confidence) => {
            read.uncertain = Some(UncertainRead { text, confidence });
            read.text.clear();
        }
    }
}

/// Two numbers in one cell: a column line was not found, so the cells of
/// the table may sit under the wrong headers: none of its values is used
/// (blank and reported, never misplaced).
fn blank_merged_tables(reads: &mut [Vec<Read>], cells: &[ValueCell], t: u8) {
    let merged: Vec<usize> = cells
        .iter()
        .filter(|(ti, ci, _)| {
            !reads
                .get(*ti)
                .and_then(|r| r.get(*ci))
                .is_some_and(|r| r.with_unit)
        })
        .filter(|(_, _, crop)| two_blobs(crop, t))
        .map(|(ti, _, _)| *ti)
        .collect();
    for ti in merged {
        let Some(treads) = reads.get_mut(ti) else {
            continue;
        };
        for r in treads.iter_mut() {
            if !r.text.is_empty() && matches!(kind(&r.text), Kind::Numeric | Kind::WithUnit) {
                let conf = r.conf.unwrap_or(0.0);
                r.uncertain = Some(UncertainRead {
                    text: format!("{}（表格列线未能识别）", std::mem::take(&mut r.text)),
                    confidence: conf,
                });
            }
        }
    }
}

/// The tables of a page as blocks (with their top), counting the cells
/// left blank for doubt.
fn table_blocks(
    ctx: &PageCtx<'_>,
    grids: &[ruling::TableGrid],
    reads: Vec<Vec<Read>>,
    uncertain: &mut usize,
) -> Vec<(f64, Block)> {
    let page = ctx.page;
    let pt = |px: usize| ctx.pt(px as f64);
    let mut placed = Vec::new();
    for (ti, (g, treads)) in grids.iter().zip(reads).enumerate() {
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); g.ys.len().saturating_sub(1)];
        for (c, read) in g.cells.iter().zip(treads) {
            if read.uncertain.is_some() {
                *uncertain += 1;
            }
            let pos = SourcePos {
                page: Some(page),
                cell: Some(format!("T{}R{}C{}", ti + 1, c.row + 1, c.col + 1)),
                x: Some(pt(c.x0)),
                bbox: Some([pt(c.x0), pt(c.y0), pt(c.x1), pt(c.y1)]),
                confidence: read.conf.or(read.uncertain.as_ref().map(|u| u.confidence)),
                ..SourcePos::default()
            };
            let mut cell = Cell::spanning(read.text, c.row_span as u32, c.col_span as u32, pos);
            cell.uncertain = read.uncertain;
            if let Some(r) = rows.get_mut(c.row) {
                r.push(cell);
            }
        }
        let (x0, y0, x1, y1) = g.bounds();
        placed.push((
            y0 as f64,
            Block::Table(Table {
                rows,
                pos: SourcePos {
                    page: Some(page),
                    x: Some(pt(x0)),
                    bbox: Some([pt(x0), pt(y0), pt(x1), pt(y1)]),
                    ..SourcePos::default()
                },
            }),
        ));
    }
    placed
}

/// A line of free text: top, left, right, bottom, text, confidence.
type TextLine = (f64, f64, f64, f64, String, f32);

/// Tesseract's automatic layout cuts a visual line where a seal or a wide
/// gap interrupts it (`202` | `5年1月15日`): pieces on the same line (they
/// overlap vertically by half their height) and close together (a gap
/// under two line heights) become one line again, left to right.
fn same_line_pieces_joined(mut lines: Vec<TextLine>) -> Vec<TextLine> {
    lines.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut out: Vec<TextLine> = Vec::new();
    for l in lines {
        let h = l.3 - l.0;
        let joins = out.iter_mut().find(|o| {
            let oh = o.3 - o.0;
            let overlap = o.3.min(l.3) - o.0.max(l.0);
            let gap = l.1 - o.2;
            overlap >= 0.5 * h.min(oh) && gap > -0.5 * h && gap < 2.0 * h.max(oh)
        });
        match joins {
            Some(o) => {
                let (nl, nr) = (o.4.chars().count() as f32, l.4.chars().count() as f32);
                o.5 = (o.5 * nl + l.5 * nr) / (nl + nr).max(1.0);
                // pieces touching (a number cut in two) join without a space
                if l.1 - o.2 < 0.6 * h {
                    o.4.push_str(&l.4);
                } else {
                    o.4 = join_words([o.4.as_str(), l.4.as_str()].into_iter());
                }
                o.0 = o.0.min(l.0);
                o.2 = o.2.max(l.2);
                o.3 = o.3.max(l.3);
            }
            None => out.push(l),
        }
    }
    out
}

/// Tesseract's lines of the free text as paragraphs (with their top), in
/// reading order.
fn paragraph_blocks(ctx: &PageCtx<'_>, words: &[Word]) -> Vec<(f64, Block)> {
    type LineWords<'w> = ((u32, u32, u32), Vec<&'w Word>);
    let mut groups: Vec<LineWords<'_>> = Vec::new();
    for w in words {
        match groups.iter_mut().find(|(k, _)| *k == w.line) {
            Some((_, v)) => v.push(w),
            None => groups.push((w.line, vec![w])),
        }
    }
    let mut lines: Vec<TextLine> = Vec::new();
    for (_, ws) in groups {
        let x0 = ws.iter().map(|w| w.left).min().unwrap_or(0) as f64;
        let y0 = ws.iter().map(|w| w.top).min().unwrap_or(0) as f64;
        let x1 = ws.iter().map(|w| w.left + w.width).max().unwrap_or(0) as f64;
        let y1 = ws.iter().map(|w| w.top + w.height).max().unwrap_or(0) as f64;
        let mean = ws.iter().map(|w| w.conf).sum::<f32>() / ws.len().max(1) as f32;
        // the narrative checks read a line's numbers: its confidence is
        // that of its least sure number when lower (`6865` read at 56 for
        // a printed 685 in a line of words read at 85–97)
        let conf = ws
            .iter()
            .filter(|w| w.text.chars().any(|c| c.is_ascii_digit()))
            .map(|w| w.conf)
            .fold(mean, f32::min);
        // one Tesseract line is one visual line, its words in reading
        // order already (sorting them by their centres swaps characters
        // of a line whose boxes differ in height: 人民政府 → 人府民政)
        let text = crate::text::tidy_line(&join_words(ws.iter().map(|w| w.text.as_str())));
        if !text.trim().is_empty() {
            lines.push((y0, x0, x1, y1, text, conf));
        }
    }
    let mut lines = same_line_pieces_joined(lines);
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    lines
        .into_iter()
        .enumerate()
        .map(|(no, (y0, x0, x1, y1, text, conf))| {
            let pt = |v: f64| ctx.pt(v);
            (
                y0,
                Block::Paragraph(xxgknb_core::Paragraph {
                    text,
                    pos: SourcePos {
                        page: Some(ctx.page),
                        line: Some(no as u32 + 1),
                        x: Some(pt(x0)),
                        bbox: Some([pt(x0), pt(y0), pt(x1), pt(y1)]),
                        confidence: Some((conf * 10.0).round() / 10.0),
                        ..SourcePos::default()
                    },
                }),
            )
        })
        .collect()
}

/// Shortest vertical stroke (pixels at `wdpi`) taken for the stem of a
/// printed digit: 0.045 inch, about half the height of a digit of
/// 10.5-point print; what noise leaves after the 3×3 mean of
/// [`Gray::ink`] is a few pixels tall.
fn stem_height(wdpi: f64) -> usize {
    ((wdpi * 0.045).round() as usize).max(4)
}

/// How much ink makes a cell worth reading.
struct InkFloor {
    /// Pixels of the 3×3-mean ink mask (less is scanner specks)...
    pixels: usize,
    /// ...unless the ink is one digit stem this tall ([`faint_stem`]).
    stem: usize,
    /// The page's ink threshold.
    threshold: u8,
}

/// Ink too little for the floor's pixels is still a character when it is
/// one stem (a thin `1` of a light scan: 15–19 pixels of the mean mask at
/// 150 dpi, its stem shortened to 5 by the mean): in the plain threshold
/// of the box, an unbroken upright run of `floor.stem` pixels, its ink no
/// wider than tall, clear of the box's edges (a remnant of a ruling runs
/// along an edge or out of the box), and a quarter of the floor's pixels
/// at least.
fn faint_stem(img: &Gray, b: (usize, usize, usize, usize), floor: &InkFloor) -> bool {
    let (x0, y0, x1, y1) = b;
    let plain = threshold(&img.crop(x0, y0, x1, y1), floor.threshold);
    let (w, h) = (plain.width, plain.height);
    if plain.count(0, 0, w, h) * 4 < floor.pixels {
        return false;
    }
    let Some((tallest, (bx0, by0, bx1, by1))) = plain.tallest_run(0, 0, w, h) else {
        return false;
    };
    tallest >= floor.stem
        && bx1 - bx0 <= by1 - by0
        && bx0 >= 2
        && by0 >= 2
        && bx1 + 3 <= w
        && by1 + 3 <= h
}

/// The inked part of a cell (inside its borders), or `None` for a cell
/// without ink (a blank cell: nothing to read, nothing guessed).
fn ink_crop(img: &Gray, ink: &Mask, c: &GridCell, floor: &InkFloor) -> Option<Gray> {
    let m = 4usize;
    let (x0, y0, x1, y1) = inside_borders(
        ink,
        (
            c.x0 + m,
            c.y0 + m,
            c.x1.saturating_sub(m),
            c.y1.saturating_sub(m),
        ),
    );
    if x1 <= x0
        || y1 <= y0
        || ink.count(x0, y0, x1, y1) < floor.pixels && !faint_stem(img, (x0, y0, x1, y1), floor)
    {
        return None;
    }
    // tighten to the ink
    let (mut bx0, mut by0, mut bx1, mut by1) = (x1, y1, x0, y0);
    for y in y0..y1 {
        for x in x0..x1 {
            if ink.at(x, y) {
                bx0 = bx0.min(x);
                by0 = by0.min(y);
                bx1 = bx1.max(x);
                by1 = by1.max(y);
            }
        }
    }
    if bx1 < bx0 || by1 < by0 {
        return None;
    }
    let pad = 3;
    Some(img.crop(
        bx0.saturating_sub(pad).max(x0),
        by0.saturating_sub(pad).max(y0),
        (bx1 + pad + 1).min(x1),
        (by1 + pad + 1).min(y1),
    ))
}

/// Pixels of a ruling this far inside a cell's box at most are border.
const BORDER_BAND: usize = 6;

/// A cell's inner box `(x0, y0, x1, y1)` shrunk past what is left of its
/// borders: a column (row) near an edge inked over nine tenths of the
/// box's height (width) is a ruling the eraser missed (a broken or
/// thick line of a rotated scan), not a character: no stroke of a digit
/// or label runs from one border to the other. Without this, a blank
/// cell with a line remnant is read (`|`), and a digit beside one is
/// read as nothing by the binarised reading.
fn inside_borders(ink: &Mask, b: (usize, usize, usize, usize)) -> (usize, usize, usize, usize) {
    let (mut x0, mut y0, mut x1, mut y1) = b;
    if x1 <= x0 || y1 <= y0 {
        return b;
    }
    let col_full =
        |x: usize, y0: usize, y1: usize| ink.count(x, y0, x + 1, y1) * 10 >= (y1 - y0) * 9;
    let row_full =
        |y: usize, x0: usize, x1: usize| ink.count(x0, y, x1, y + 1) * 10 >= (x1 - x0) * 9;
    let (bx0, by0, bx1, by1) = b;
    if let Some(x) = (bx0..(bx0 + BORDER_BAND).min(bx1))
        .rev()
        .find(|&x| col_full(x, by0, by1))
    {
        x0 = x + 1;
    }
    if let Some(x) = (bx1.saturating_sub(BORDER_BAND).max(x0)..bx1).find(|&x| col_full(x, by0, by1))
    {
        x1 = x;
    }
    if let Some(y) = (by0..(by0 + BORDER_BAND).min(by1))
        .rev()
        .find(|&y| row_full(y, x0, x1.max(x0 + 1)))
    {
        y0 = y + 1;
    }
    if let Some(y) =
        (by1.saturating_sub(BORDER_BAND).max(y0)..by1).find(|&y| row_full(y, x0, x1.max(x0 + 1)))
    {
        y1 = y;
    }
    (x0, y0, x1, y1)
}

/// A crop's text, its lowest word confidence, the lowest of its words
/// with digits and the mean of its words with Chinese characters.
type StripRead = (String, f32, Option<f32>, Option<f32>);

static STRIPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Cell crops stacked into one image and read once: each crop's text,
/// its confidence (the lowest of its words) and the lowest confidence of
/// its words with digits.
fn read_strip(
    engine: &Engine,
    cells: &[(usize, usize, Gray)],
    wdpi: f64,
    scale: f64,
    threshold: Option<u8>,
    job: Job<'_>,
) -> Result<Vec<StripRead>, OcrError> {
    let gap = ((wdpi * scale * 0.12) as usize).max(12);
    // black on white: Tesseract reads lone digits of a clean binary
    // image far more reliably than of the grey scan (a 9 at 69 → 96)
    let crops: Vec<Gray> = cells
        .iter()
        .map(|(_, _, g)| {
            let mut g = g.scaled(scale);
            if let Some(t) = threshold {
                for p in &mut g.pixels {
                    *p = if *p < t { 0 } else { 255 };
                }
            }
            g
        })
        .collect();
    let width = crops.iter().map(|g| g.width).max().unwrap_or(1) + 2 * gap;
    let height: usize = crops.iter().map(|g| g.height + gap).sum::<usize>() + gap;
    let mut strip = Gray::white(width, height);
    let mut spans = Vec::with_capacity(crops.len());
    let mut y = gap;
    for g in &crops {
        strip.paste(g, gap, y);
        spans.push((y, y + g.height));
        y += g.height + gap;
    }
    if let Some(dir) = std::env::var_os("XXGKNB_OCR_DEBUG") {
        let n = STRIPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let _ = std::fs::write(
            std::path::Path::new(&dir).join(format!("strip{n}-{}.pgm", job.lang)),
            strip.to_pgm(),
        );
    }
    let words = engine.words(&strip.to_pgm(), job)?;
    let mut out: Vec<Vec<Piece>> = vec![Vec::new(); crops.len()];
    let half = gap as i64 / 2;
    for w in &words {
        let (_, cy) = w.centre();
        if let Some(k) = spans
            .iter()
            .position(|&(a, b)| cy >= a as i64 - half && cy < b as i64 + half)
        {
            if let Some(v) = out.get_mut(k) {
                v.push(Piece {
                    line: w.line,
                    cy: cy as f64,
                    text: w.text.clone(),
                    conf: w.conf,
                });
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|v| {
            let conf = v.iter().map(|p| p.conf).reduce(f32::min).unwrap_or(0.0);
            let digit_conf = v
                .iter()
                .filter(|p| p.text.chars().any(|c| c.is_ascii_digit()))
                .map(|p| p.conf)
                .reduce(f32::min);
            let cjk: Vec<f32> = v
                .iter()
                .filter(|p| p.text.chars().any(is_cjk))
                .map(|p| p.conf)
                .collect();
            let cjk_conf = (!cjk.is_empty()).then(|| cjk.iter().sum::<f32>() / cjk.len() as f32);
            (join(&v), conf, digit_conf, cjk_conf)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_kinds() {
        assert_eq!(kind(""), Kind::Empty);
        assert_eq!(kind(" 12 "), Kind::Numeric);
        assert_eq!(kind("—"), Kind::Numeric);
        assert_eq!(kind("无"), Kind::Numeric);
        assert_eq!(kind("202 万元"), Kind::WithUnit);
        assert_eq!(kind("1.属于国家秘密"), Kind::Label);
        assert_eq!(kind("自然人"), Kind::Label);
    }

    #[test]
    fn border_remnants_are_not_ink_of_the_cell() {
        // a 40×30 box: a ruling remnant in its second column, a digit
        // stroke (20 px of 30) in the middle
        let (w, h) = (40, 30);
        let mut bits = vec![false; w * h];
        for y in 0..h {
            bits[y * w + 1] = true;
        }
        for y in 5..25 {
            bits[y * w + 20] = true;
        }
        let m = Mask {
            width: w,
            height: h,
            bits,
        };
        assert_eq!(inside_borders(&m, (0, 0, w, h)), (2, 0, w, h));
        // the digit alone is no border even near an edge
        let (x0, _, x1, _) = inside_borders(&m, (18, 0, 30, h));
        assert_eq!((x0, x1), (18, 30));
    }

    fn mask_with(w: usize, h: usize, strokes: &[(usize, usize, usize, usize)]) -> Mask {
        let mut bits = vec![false; w * h];
        for &(x0, y0, x1, y1) in strokes {
            for y in y0..y1 {
                for x in x0..x1 {
                    bits[y * w + x] = true;
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
    fn a_faint_one_is_ink_specks_and_remnants_are_not() {
        let floor = InkFloor {
            pixels: 20,
            stem: stem_height(150.0),
            threshold: 128,
        };
        let b = (0, 0, 30, 26);
        // a thin `1`: one column of 14 pixels in the middle of the box
        assert!(faint_stem(
            &crop_with(30, 26, &[(15, 6, 16, 20)]),
            b,
            &floor
        ));
        // specks: as many pixels, none tall
        let specks = crop_with(30, 26, &[(3, 3, 6, 5), (20, 10, 23, 12), (10, 18, 14, 20)]);
        assert!(!faint_stem(&specks, b, &floor));
        // a ruling remnant along the box's edge, or out of its top
        assert!(!faint_stem(&crop_with(30, 26, &[(0, 6, 1, 20)]), b, &floor));
        assert!(!faint_stem(
            &crop_with(30, 26, &[(15, 0, 16, 14)]),
            b,
            &floor
        ));
        // a short stroke, a dash
        assert!(!faint_stem(
            &crop_with(30, 26, &[(8, 12, 22, 13)]),
            b,
            &floor
        ));
        // the box given is where the stem is looked for
        let offset = crop_with(60, 26, &[(45, 6, 46, 20)]);
        assert!(faint_stem(&offset, (30, 0, 60, 26), &floor));
        assert!(!faint_stem(&offset, (0, 0, 30, 26), &floor));
    }

    #[test]
    fn the_tallest_run_and_the_box_of_the_ink() {
        let one = mask_with(30, 26, &[(15, 6, 16, 20), (17, 10, 19, 12)]);
        assert_eq!(one.tallest_run(0, 0, 30, 26), Some((14, (15, 6, 18, 19))));
        assert_eq!(one.tallest_run(16, 0, 30, 26), Some((2, (17, 10, 18, 11))));
        assert_eq!(mask_with(4, 4, &[]).tallest_run(0, 0, 4, 4), None);
    }

    #[test]
    fn an_unsure_reading_with_a_digit_is_no_label() {
        let unsure = |fallback: &str, d: Decision| {
            let mut read = Read {
                fallback: fallback.into(),
                ..Read::default()
            };
            apply(&mut read, d);
            read
        };
        // `在1` for a 41 the digit readings do not settle: blank, reported
        let r = unsure("在1", Decision::Uncertain("41／4".into(), 0.0));
        assert_eq!(r.text, "");
        assert_eq!(r.uncertain.map(|u| u.text), Some("41／4".into()));
        // ... and digits the readings settle stand
        let r = unsure("在1", Decision::Value("41".into(), 76.0));
        assert_eq!((r.text.as_str(), r.uncertain), ("41", None));
        let r = unsure("在1", Decision::NoDigits);
        assert_eq!(r.uncertain.map(|u| u.text), Some("在1".into()));
        // `总计` read unsurely stays the header it is
        let r = unsure("总计", Decision::Uncertain("2".into(), 40.0));
        assert_eq!((r.text.as_str(), r.uncertain), ("总计", None));
    }

    #[test]
    fn a_misread_unit_follows_digits() {
        assert!(unit_misread("2厌"));
        assert!(unit_misread("12 厌"));
        assert!(!unit_misread("玫"));
        assert!(!unit_misread("22"));
        assert!(!unit_misread("厌2"));
        assert!(!unit_misread("2万元"));
        // a speck before the unit read as a character
        assert!(unit_misread("1工件"));
        assert!(!unit_misread("1工厌"));
        // a lone character is cut only when the digit readings agree
        assert!(lone_character("玫"));
        assert!(!lone_character("玫1"));
        assert!(!lone_character("其他"));
        assert!(lone_character("工件"));
        assert!(!lone_character("万元"));
        assert!(!lone_character("1工件"));
    }

    #[test]
    fn a_number_is_read_without_its_unit() {
        assert_eq!(trailing_unit_chars("1件"), 1);
        assert_eq!(trailing_unit_chars("202 万元"), 2);
        assert_eq!(trailing_unit_chars("件1"), 0);
        // `1件` in a 20-pixel line: the stem at x 4-6, the unit's two
        // parts (亻 at 12-16, 牛 at 19-31) after a gap
        let cell = crop_with(36, 26, &[(4, 5, 6, 23), (12, 3, 16, 23), (19, 3, 31, 23)]);
        let digits = digits_before_unit(&cell, 128, 1).map(|g| g.width);
        assert_eq!(digits, Some(8), "cut at the gap before 亻, not inside 件");
        // `12件`: the gap before the last digit leaves too much to cut
        let cell = crop_with(
            46,
            26,
            &[
                (4, 5, 6, 23),
                (10, 5, 18, 23),
                (22, 3, 26, 23),
                (29, 3, 41, 23),
            ],
        );
        assert_eq!(digits_before_unit(&cell, 128, 1).map(|g| g.width), Some(20));
        // no gap: nothing is cut
        let cell = crop_with(30, 26, &[(4, 3, 26, 23)]);
        assert!(digits_before_unit(&cell, 128, 1).is_none());
        // a gap leaving half a character: not the unit's start
        let cell = crop_with(30, 26, &[(4, 5, 16, 23), (19, 3, 26, 23)]);
        assert!(digits_before_unit(&cell, 128, 1).is_none());
    }

    fn crop_with(w: usize, h: usize, strokes: &[(usize, usize, usize, usize)]) -> Gray {
        Gray::with_rects(w, h, strokes, 0)
    }

    #[test]
    fn a_stem_is_a_digit_not_a_ruling_a_marker_or_a_banner() {
        let min_stem = stem_height(150.0);
        // a `1` padded inside its crop
        assert!(has_stem(
            &crop_with(10, 20, &[(4, 3, 6, 17)]),
            128,
            min_stem
        ));
        // a ruling from the crop's top to its bottom
        assert!(!has_stem(
            &crop_with(10, 20, &[(4, 0, 6, 20)]),
            128,
            min_stem
        ));
        // a dash, a slash made of short runs
        assert!(!has_stem(
            &crop_with(20, 12, &[(3, 5, 17, 7)]),
            128,
            min_stem
        ));
        let slash: Vec<_> = (0..12).map(|i| (i + 2, 14 - i, i + 3, 16 - i)).collect();
        assert!(!has_stem(&crop_with(20, 20, &slash), 128, min_stem));
        // a cell filled dark
        assert!(!has_stem(
            &crop_with(10, 20, &[(0, 0, 10, 20)]),
            128,
            min_stem
        ));
    }

    #[test]
    fn a_line_cut_by_the_layout_is_one_line_again() {
        let l = |x0: f64, x1: f64, y0: f64, t: &str| (y0, x0, x1, y0 + 15.0, t.to_string(), 90.0);
        let lines = vec![
            l(430.0, 522.0, 720.0, "5年1月15日"),
            l(406.0, 428.0, 724.0, "202"),
            l(84.0, 500.0, 580.0, "群众关心关注的重点领域"),
            l(84.0, 300.0, 600.0, "下一行"),
        ];
        let mut joined = same_line_pieces_joined(lines);
        joined.sort_by(|a, b| a.0.total_cmp(&b.0));
        let texts: Vec<&str> = joined.iter().map(|l| l.4.as_str()).collect();
        assert_eq!(
            texts,
            vec!["群众关心关注的重点领域", "下一行", "2025年1月15日"]
        );
    }

    #[test]
    fn pieces_join_by_lines() {
        let p = |line: u32, cy: f64, t: &str| Piece {
            line: (1, 1, line),
            cy,
            text: t.into(),
            conf: 90.0,
        };
        // a taller character's box does not move it within its line
        let v = vec![p(2, 20.0, "公开"), p(1, 5.0, "法规"), p(1, 9.0, "禁止")];
        assert_eq!(join(&v), "法规禁止\n公开");
        let v = vec![p(1, 5.0, "12"), p(1, 5.0, "34")];
        assert_eq!(join(&v), "12 34");
        assert_eq!(
            join_words(["人民", "政府", "12", "34"].into_iter()),
            "人民政府12 34"
        );
    }
}
