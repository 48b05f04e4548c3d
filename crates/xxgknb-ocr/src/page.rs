//! One page picture into blocks: straighten it, find the ruled tables and
//! their cells, erase the rulings, read the page once with the Chinese
//! model (word boxes), put each word in the cell its box lies in, read the
//! inked value cells again in one strip image with a digit whitelist, and
//! emit paragraphs (lines outside tables) and tables in reading order.

use xxgknb_core::document::{Block, Cell, SourcePos, Table, UncertainRead};

use crate::raster::{skew_angle, Gray, Mask};
use crate::ruling::{self, GridCell};
use crate::tesseract::{Engine, Job, Word};
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

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Ink in two groups side by side, further apart than twice the ink's
/// height (`0      0`): two value cells merged by a column line not found.
fn two_blobs(crop: &Gray, t: u8) -> bool {
    let h = crop.height.max(1);
    let inked: Vec<bool> = (0..crop.width)
        .map(|x| (0..crop.height).any(|y| crop.get(x, y) < t))
        .collect();
    let (Some(first), Some(last)) = (
        inked.iter().position(|&b| b),
        inked.iter().rposition(|&b| b),
    ) else {
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

/// The digits of a digit reading with its sign: `-30984` (a minus before
/// the first digit; any other mark is dropped).
fn signed(text: &str) -> String {
    // thousands separators go; a decimal point stays (12.5 万元)
    let d: String = text
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let d = d.trim_end_matches('.').to_string();
    let before: String = text.chars().take_while(|c| !c.is_ascii_digit()).collect();
    if !d.is_empty() && before.contains('-') {
        format!("-{d}")
    } else {
        d
    }
}

/// A piece of text placed in a cell: centre, height, text, confidence.
#[derive(Debug, Clone)]
struct Piece {
    cx: f64,
    cy: f64,
    h: f64,
    text: String,
    conf: f32,
}

/// Join pieces into lines (top to bottom) of pieces (left to right).
fn join(pieces: &mut [Piece]) -> String {
    pieces.sort_by(|a, b| a.cy.total_cmp(&b.cy));
    let mut lines: Vec<Vec<Piece>> = Vec::new();
    for p in pieces.iter() {
        match lines.last_mut() {
            Some(line)
                if line
                    .last()
                    .is_some_and(|q| (p.cy - q.cy).abs() < 0.6 * q.h.max(p.h)) =>
            {
                line.push(p.clone())
            }
            _ => lines.push(vec![p.clone()]),
        }
    }
    let mut out = Vec::new();
    for mut line in lines {
        line.sort_by(|a, b| a.cx.total_cmp(&b.cx));
        let mut s = String::new();
        for p in line {
            let prev = s.chars().last();
            let next = p.text.chars().next();
            if prev.is_some_and(|c| c.is_ascii_alphanumeric())
                && next.is_some_and(|c| c.is_ascii_alphanumeric())
            {
                s.push(' ');
            }
            s.push_str(&p.text);
        }
        out.push(s);
    }
    out.join("\n")
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
    lap("prepared");
    let t = work.otsu();
    // rulings go light grey where a thin line was rotated back: a more
    // lenient threshold keeps them whole (specks do not make long runs)
    let lines_mask = threshold(&work, t.saturating_add((255 - t) / 3));
    let ink = work.ink(t);
    let (grids, hs, vs) = ruling::tables(&lines_mask, wdpi);
    lap("ruled");
    // rulings are not text: erase the table lines before reading (only
    // those on a grid boundary: a run of strokes elsewhere is text)
    let mut erased = work.clone();
    let tol = ((wdpi * 0.03) as usize).max(3);
    for g in &grids {
        let (gx0, gy0, gx1, gy1) = g.bounds();
        for h in &hs {
            let on_grid = g.ys.iter().any(|&y| y + tol >= h.y0 && y <= h.y1 + tol);
            if on_grid
                && h.x1 + tol >= gx0
                && h.x0 <= gx1 + tol
                && h.y1 + tol >= gy0
                && h.y0 <= gy1 + tol
            {
                for y in h.y0.saturating_sub(1)..=h.y1 + 1 {
                    for x in h.x0..=h.x1 {
                        erased.set(x, y, 255);
                    }
                }
            }
        }
        for v in &vs {
            let on_grid = g.xs.iter().any(|&x| x + tol >= v.x0 && x <= v.x1 + tol);
            if on_grid
                && v.y1 + tol >= gy0
                && v.y0 <= gy1 + tol
                && v.x1 + tol >= gx0
                && v.x0 <= gx1 + tol
            {
                for x in v.x0.saturating_sub(1)..=v.x1 + 1 {
                    for y in v.y0..=v.y1 {
                        erased.set(x, y, 255);
                    }
                }
            }
        }
    }
    // the text outside the tables: the page read once, tables blanked
    let mut free_img = erased.clone();
    for g in &grids {
        let (x0, y0, x1, y1) = g.bounds();
        for y in y0.saturating_sub(2)..=y1 + 2 {
            for x in x0.saturating_sub(2)..=x1 + 2 {
                free_img.set(x, y, 255);
            }
        }
    }
    let has_free_ink = {
        let m = free_img.ink(t);
        m.count(0, 0, m.width, m.height) > 0
    };
    let words = if has_free_ink {
        engine.words(
            &free_img.to_pgm(),
            Job {
                lang: "chi_sim",
                psm: 3,
                whitelist: None,
            },
        )?
    } else {
        Vec::new()
    };
    lap("page read");
    if let Some(dir) = &debug {
        let mut overlay = erased.clone();
        for g in &grids {
            for c in &g.cells {
                for x in c.x0..=c.x1 {
                    overlay.set(x, c.y0, 0);
                    overlay.set(x, c.y1, 0);
                }
                for y in c.y0..=c.y1 {
                    overlay.set(c.x0, y, 0);
                    overlay.set(c.x1, y, 0);
                }
            }
        }
        let path = std::path::Path::new(dir).join(format!("page{page}.pgm"));
        let _ = std::fs::write(path, overlay.to_pgm());
    }
    let pt = |px: f64| (px * 72.0 / wdpi) as f32;
    let free: Vec<&Word> = words.iter().collect();

    // every inked cell, read in one strip with the Chinese model
    struct Read {
        text: String,
        conf: Option<f32>,
        uncertain: Option<UncertainRead>,
        /// An unsure short Chinese reading, kept if no digit is seen.
        fallback: String,
    }
    let min_ink = ((wdpi / 150.0).powi(2) * 20.0) as usize;
    let mut reads: Vec<Vec<Read>> = Vec::new();
    let mut inked: Vec<(usize, usize, Gray)> = Vec::new();
    for (ti, g) in grids.iter().enumerate() {
        let mut table_reads = Vec::new();
        for (ci, c) in g.cells.iter().enumerate() {
            if let Some(crop) = ink_crop(&erased, &ink, c, min_ink) {
                inked.push((ti, ci, crop));
            }
            table_reads.push(Read {
                text: String::new(),
                conf: None,
                uncertain: None,
                fallback: String::new(),
            });
        }
        reads.push(table_reads);
    }
    let cell_reads = if inked.is_empty() {
        Vec::new()
    } else {
        read_strip(
            engine,
            &inked,
            wdpi,
            CHINESE_SCALE,
            None,
            Job {
                lang: "chi_sim",
                psm: 6,
                whitelist: None,
            },
        )?
    };
    lap("cells read");
    let mut strip_cells: Vec<(usize, usize, Gray)> = Vec::new();
    for ((ti, ci, crop), (text, conf, digit_conf, cjk_conf)) in inked.into_iter().zip(cell_reads) {
        let Some(read) = reads.get_mut(ti).and_then(|t| t.get_mut(ci)) else {
            continue;
        };
        read.conf = (!text.is_empty()).then_some(conf);
        read.text = text;
        let mut k = kind(&read.text);
        let cjk = read.text.chars().filter(|&c| is_cjk(c)).count();
        if k == Kind::Label
            && (cjk <= 1 || (cjk < 4 && cjk_conf.is_none_or(|c| c < LABEL_CONFIDENCE)))
        {
            // one or two unsure Chinese characters where a number is
            // printed (the Chinese model reads a lone 2 as 器): not a label
            k = Kind::Numeric;
            read.fallback = std::mem::take(&mut read.text);
        }
        match k {
            Kind::Label => {}
            Kind::WithUnit => {
                if let Some(dc) = digit_conf.filter(|&dc| dc < settings.min_confidence) {
                    read.uncertain = Some(UncertainRead {
                        text: std::mem::take(&mut read.text),
                        confidence: dc,
                    });
                }
            }
            Kind::Empty | Kind::Numeric => strip_cells.push((ti, ci, crop)),
        }
    }

    // the value cells, read again together with a digit whitelist
    let mut uncertain = 0usize;
    if !strip_cells.is_empty() {
        let digits_job = Job {
            lang: "eng",
            psm: 6,
            whitelist: Some("0123456789-/,."),
        };
        // two readings at different scales: a digit is used only when
        // both see it (their errors differ)
        let first = read_strip(engine, &strip_cells, wdpi, 2.0, Some(t), digits_job)?;
        let second = read_strip(engine, &strip_cells, wdpi, 2.0, None, digits_job)?;
        lap("values read");
        let sure = settings.min_confidence.max(SINGLE_READ_CONFIDENCE);
        let strip_reads = first.into_iter().zip(second).map(|(a, b)| {
            if debug.is_some() {
                eprintln!(
                    "ocr page {page}: digits {:?} / {:?}",
                    (&a.0, a.1),
                    (&b.0, b.1)
                );
            }
            let (da, db) = (signed(&a.0), signed(&b.0));
            match (da.is_empty(), db.is_empty()) {
                // two readings agree: their mean confidence
                (false, false) if da == db => (a.0, (a.1 + b.1) / 2.0, false),
                (false, false) => (format!("{}（另读作“{}”）", a.0, b.0), 0.0, false),
                // the layout analysis of one reading dropped a lone digit:
                // the other stands only when it is very sure
                (false, true) if a.1 >= sure => (a.0, a.1, false),
                (true, false) if b.1 >= sure => (b.0, b.1, false),
                (false, true) => (a.0, a.1.min(sure - 1.0), false),
                (true, false) => (b.0, b.1.min(sure - 1.0), false),
                (true, true) => (a.0, a.1, true),
            }
        });
        for ((ti, ci, _), (stext, sconf, _)) in strip_cells.iter().zip(strip_reads) {
            let Some(read) = reads.get_mut(*ti).and_then(|t| t.get_mut(*ci)) else {
                continue;
            };
            let page_digits = digits(&read.text);
            let strip_digits = digits(&stext);
            let page_conf = read.conf.unwrap_or(0.0);
            let doubt = |text: String, conf: f32| UncertainRead {
                text,
                confidence: conf,
            };
            if sconf == 0.0 && !strip_digits.is_empty() && stext.contains('另') {
                // the two digit readings differ
                read.uncertain = Some(doubt(stext, 0.0));
                read.text.clear();
                continue;
            }
            if !read.fallback.is_empty()
                && (strip_digits.is_empty()
                    || sconf < settings.min_confidence.max(SINGLE_READ_CONFIDENCE))
            {
                // no sure digit there: the short Chinese reading was a
                // label (a header such as 总计 read unsurely)
                read.text = std::mem::take(&mut read.fallback);
                continue;
            }
            if strip_digits.is_empty() {
                if !page_digits.is_empty() {
                    // only the first reading saw a number: one reading is no proof
                    read.uncertain = Some(doubt(std::mem::take(&mut read.text), page_conf));
                }
                // a blank marker, or specks: the first reading stands
                continue;
            }
            let disagree = page_digits != strip_digits
                && !(page_digits.is_empty() && read.text.trim().is_empty());
            if disagree || sconf < settings.min_confidence {
                let shown = if read.text.is_empty() || !disagree {
                    stext.clone()
                } else {
                    format!("{stext}（另读作“{}”）", read.text)
                };
                let conf = if disagree {
                    sconf.min(page_conf)
                } else {
                    sconf
                };
                read.uncertain = Some(doubt(shown, conf));
                read.text.clear();
            } else {
                read.text = signed(&stext);
                read.conf = Some(sconf);
            }
        }
    }

    // two numbers in one cell: a column line was not found, so the cells
    // of the table may sit under the wrong headers: none of its values is
    // used (blank and reported, never misplaced)
    let merged_tables: Vec<usize> = strip_cells
        .iter()
        .filter(|(_, _, crop)| two_blobs(crop, t))
        .map(|(ti, _, _)| *ti)
        .collect();
    for ti in merged_tables {
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

    // blocks in reading order: lines outside tables, and tables
    let mut placed: Vec<(f64, Block)> = Vec::new();
    for (ti, (g, treads)) in grids.iter().zip(reads).enumerate() {
        let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); g.ys.len().saturating_sub(1)];
        for (c, read) in g.cells.iter().zip(treads) {
            if read.uncertain.is_some() {
                uncertain += 1;
            }
            let pos = SourcePos {
                page: Some(page),
                cell: Some(format!("T{}R{}C{}", ti + 1, c.row + 1, c.col + 1)),
                x: Some(pt(c.x0 as f64)),
                bbox: Some([
                    pt(c.x0 as f64),
                    pt(c.y0 as f64),
                    pt(c.x1 as f64),
                    pt(c.y1 as f64),
                ]),
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
                    x: Some(pt(x0 as f64)),
                    bbox: Some([pt(x0 as f64), pt(y0 as f64), pt(x1 as f64), pt(y1 as f64)]),
                    ..SourcePos::default()
                },
            }),
        ));
    }
    type LineWords<'w> = ((u32, u32, u32), Vec<&'w Word>);
    let mut groups: Vec<LineWords<'_>> = Vec::new();
    for w in free {
        match groups.iter_mut().find(|(k, _)| *k == w.line) {
            Some((_, v)) => v.push(w),
            None => groups.push((w.line, vec![w])),
        }
    }
    let mut lines: Vec<(f64, f64, f64, f64, String, f32)> = Vec::new();
    for (_, ws) in groups {
        let mut pieces: Vec<Piece> = ws
            .iter()
            .map(|w| Piece {
                cx: (w.left + w.width / 2) as f64,
                cy: (w.top + w.height / 2) as f64,
                h: w.height as f64,
                text: w.text.clone(),
                conf: w.conf,
            })
            .collect();
        let x0 = ws.iter().map(|w| w.left).min().unwrap_or(0) as f64;
        let y0 = ws.iter().map(|w| w.top).min().unwrap_or(0) as f64;
        let x1 = ws.iter().map(|w| w.left + w.width).max().unwrap_or(0) as f64;
        let y1 = ws.iter().map(|w| w.top + w.height).max().unwrap_or(0) as f64;
        let conf = ws.iter().map(|w| w.conf).sum::<f32>() / ws.len().max(1) as f32;
        // one Tesseract line is one visual line: no breaks inside
        let text = join(&mut pieces).replace('\n', "");
        if !text.trim().is_empty() {
            lines.push((y0, x0, x1, y1, text, conf));
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    for (no, (y0, x0, x1, y1, text, conf)) in lines.into_iter().enumerate() {
        placed.push((
            y0,
            Block::Paragraph(xxgknb_core::Paragraph {
                text,
                pos: SourcePos {
                    page: Some(page),
                    line: Some(no as u32 + 1),
                    x: Some(pt(x0)),
                    bbox: Some([pt(x0), pt(y0), pt(x1), pt(y1)]),
                    confidence: Some((conf * 10.0).round() / 10.0),
                    ..SourcePos::default()
                },
            }),
        ));
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(PageRead {
        blocks: placed.into_iter().map(|(_, b)| b).collect(),
        skew,
        uncertain,
    })
}

/// The inked part of a cell (inside its borders), or `None` for a cell
/// without ink (a blank cell: nothing to read, nothing guessed).
fn ink_crop(img: &Gray, ink: &Mask, c: &GridCell, min_ink: usize) -> Option<Gray> {
    let m = 4usize;
    let (x0, y0) = (c.x0 + m, c.y0 + m);
    let (x1, y1) = (c.x1.saturating_sub(m), c.y1.saturating_sub(m));
    if x1 <= x0 || y1 <= y0 || ink.count(x0, y0, x1, y1) < min_ink {
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
        let (cx, cy) = w.centre();
        if let Some(k) = spans
            .iter()
            .position(|&(a, b)| cy >= a as i64 - half && cy < b as i64 + half)
        {
            if let Some(v) = out.get_mut(k) {
                v.push(Piece {
                    cx: cx as f64,
                    cy: cy as f64,
                    h: w.height as f64,
                    text: w.text.clone(),
                    conf: w.conf,
                });
            }
        }
    }
    Ok(out
        .into_iter()
        .map(|mut v| {
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
            (join(&mut v), conf, digit_conf, cjk_conf)
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
    fn signs_are_kept() {
        assert_eq!(signed("-30984"), "-30984");
        assert_eq!(signed("- 53"), "-53");
        assert_eq!(signed("12-"), "12");
        assert_eq!(signed("/"), "");
        assert_eq!(signed("50,243"), "50243");
        assert_eq!(signed("12.5"), "12.5");
    }

    #[test]
    fn pieces_join_by_lines() {
        let p = |cx: f64, cy: f64, t: &str| Piece {
            cx,
            cy,
            h: 10.0,
            text: t.into(),
            conf: 90.0,
        };
        let mut v = vec![
            p(30.0, 5.0, "禁止"),
            p(5.0, 5.0, "法规"),
            p(5.0, 20.0, "公开"),
        ];
        assert_eq!(join(&mut v), "法规禁止\n公开");
        let mut v = vec![p(5.0, 5.0, "12"), p(30.0, 5.0, "34")];
        assert_eq!(join(&mut v), "12 34");
    }
}
