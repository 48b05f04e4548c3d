//! Content-stream interpreter: walks a page (and the Form XObjects it
//! paints), tracks the graphics and text state and collects positioned
//! glyphs and axis-aligned ruling segments.

use crate::content::{Operand, Operations};
use crate::font::{deref, get, stream_bytes, Font};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

use xxgknb_core::{AdapterError, Deadline, Limits};

/// Deepest nesting of Form XObjects followed.
const MAX_FORM_DEPTH: usize = 12;
/// Deepest q/Q nesting kept (deeper saves are ignored).
const MAX_SAVE_DEPTH: usize = 256;
/// Largest decompressed size of one content stream.
const MAX_STREAM_BYTES: usize = 64 << 20;
/// Most bytes of Form XObject content decoded for one page (all forms,
/// every time they are painted).
const MAX_FORM_BYTES_PER_PAGE: usize = 256 << 20;
/// Most glyphs kept for one page.
const MAX_GLYPHS_PER_PAGE: usize = 1_000_000;
/// A filled rectangle thinner than this (points) is a rule, not a fill.
const RULE_THICKNESS: f32 = 2.5;

/// A 2-D affine matrix `[a b c d e f]` (PDF row-vector convention).
pub type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m1 × m2`: apply `m1` first, then `m2`.
pub fn mul(m1: &Matrix, m2: &Matrix) -> Matrix {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// One positioned glyph in page space (points, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Unicode text (empty if unmapped).
    pub text: String,
    /// Origin x.
    pub x: f32,
    /// Baseline y.
    pub y: f32,
    /// Advance width in page space.
    pub w: f32,
    /// Effective font size in page space.
    pub size: f32,
    /// Could the code be mapped to Unicode?
    pub mapped: bool,
    /// Painted (text rendering mode other than 3 and 7, the invisible text
    /// a scanner's OCR lays over its page picture)?
    pub visible: bool,
}

/// An axis-aligned ruling segment in page space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    /// Start x (x0 <= x1).
    pub x0: f32,
    /// Start y (y0 <= y1).
    pub y0: f32,
    /// End x.
    pub x1: f32,
    /// End y.
    pub y1: f32,
}

impl Segment {
    /// Horizontal (as opposed to vertical)?
    pub fn is_horizontal(&self) -> bool {
        (self.x1 - self.x0) >= (self.y1 - self.y0)
    }
}

/// What one page contains.
#[derive(Debug, Clone, Default)]
pub struct PageContent {
    /// Glyphs in content order.
    pub glyphs: Vec<Glyph>,
    /// Ruling segments.
    pub segments: Vec<Segment>,
    /// Page width and height (MediaBox).
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Lower-left corner of the MediaBox.
    pub origin: (f32, f32),
    /// Number of images painted.
    pub images: usize,
}

#[derive(Debug, Clone)]
struct GState {
    ctm: Matrix,
    font: Option<Rc<Font>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
    line_width: f32,
    fill_white: bool,
    stroke_white: bool,
    invisible_text: bool,
}

impl Default for GState {
    fn default() -> Self {
        GState {
            ctm: IDENTITY,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            line_width: 1.0,
            fill_white: false,
            stroke_white: false,
            invisible_text: false,
        }
    }
}

/// Interprets content streams; holds the font cache across pages.
pub struct Interpreter<'d> {
    doc: &'d Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
    limits: &'d Limits,
    deadline: Deadline,
}

struct Run<'r> {
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<(f32, f32, f32, f32)>,
    rects: Vec<[f32; 4]>,
    cur: (f32, f32),
    sub_start: (f32, f32),
    ops: usize,
    form_bytes: usize,
    out: &'r mut PageContent,
}

/// Most numbers an operator's operands are read for (a colour has at most
/// 32 components).
const MAX_NUMBERS: usize = 32;

/// The numeric operands of an operator, in order, held on the stack.
struct Numbers {
    values: [f32; MAX_NUMBERS],
    len: usize,
}

impl Numbers {
    fn as_slice(&self) -> &[f32] {
        self.values.get(..self.len).unwrap_or(&[])
    }
}

impl std::ops::Deref for Numbers {
    type Target = [f32];
    fn deref(&self) -> &[f32] {
        self.as_slice()
    }
}

/// The numbers among the operands (other operands skipped).
fn nums(ops: &[Operand]) -> Numbers {
    let mut n = Numbers {
        values: [0.0; MAX_NUMBERS],
        len: 0,
    };
    for (slot, v) in n
        .values
        .iter_mut()
        .zip(ops.iter().filter_map(Operand::number))
    {
        *slot = v;
        n.len += 1;
    }
    n
}

/// The numbers of the page-level objects of an array (MediaBox, Matrix).
fn object_nums(doc: &Document, items: &[Object]) -> Vec<f32> {
    items
        .iter()
        .filter_map(|o| match deref(doc, o) {
            Object::Integer(i) => Some(*i as f32),
            Object::Real(r) => Some(*r),
            _ => None,
        })
        .collect()
}

fn is_white(v: &[f32], cmyk: bool) -> bool {
    if v.is_empty() {
        return false;
    }
    if cmyk {
        v.iter().all(|x| *x <= 0.02)
    } else {
        v.iter().all(|x| *x >= 0.98)
    }
}

impl<'d> Interpreter<'d> {
    /// A new interpreter for a document.
    pub fn new(doc: &'d Document, limits: &'d Limits, deadline: &Deadline) -> Self {
        Interpreter {
            doc,
            fonts: HashMap::new(),
            forms: HashMap::new(),
            limits,
            deadline: *deadline,
        }
    }

    fn check_time(&self) -> Result<(), AdapterError> {
        self.deadline.check()
    }

    /// Interpret one page.
    pub fn page(&mut self, page_id: ObjectId) -> Result<PageContent, AdapterError> {
        self.check_time()?;
        let doc = self.doc;
        let page = doc
            .get_dictionary(page_id)
            .map_err(|e| corrupt(format!("page object {page_id:?}: {e}")))?;
        let mut out = PageContent::default();
        let mbox = inherited(doc, page, b"MediaBox")
            .and_then(|o| match o {
                Object::Array(a) => match *object_nums(doc, a).as_slice() {
                    [a, b, c, d] => Some([a, b, c, d]),
                    _ => None,
                },
                _ => None,
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        let (x0, y0) = (mbox[0].min(mbox[2]), mbox[1].min(mbox[3]));
        let (w, h) = ((mbox[2] - mbox[0]).abs(), (mbox[3] - mbox[1]).abs());
        // page space → display space: move the MediaBox to the origin and
        // apply /Rotate (clockwise), so text reads left to right as shown
        let rotate = match inherited(doc, page, b"Rotate") {
            Some(Object::Integer(r)) => r.rem_euclid(360),
            _ => 0,
        };
        let (rot, (dw, dh)) = match rotate {
            90 => ([0.0, -1.0, 1.0, 0.0, 0.0, w], (h, w)),
            180 => ([-1.0, 0.0, 0.0, -1.0, w, h], (w, h)),
            270 => ([0.0, 1.0, -1.0, 0.0, h, 0.0], (h, w)),
            _ => (IDENTITY, (w, h)),
        };
        let base = mul(&[1.0, 0.0, 0.0, 1.0, -x0, -y0], &rot);
        out.origin = (0.0, 0.0);
        out.width = dw;
        out.height = dh;
        let resources = match inherited(doc, page, b"Resources") {
            Some(Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        let content = doc
            .get_page_content_with_limit(page_id, MAX_STREAM_BYTES)
            .map_err(|_| AdapterError::LimitExceeded {
                what: "decompressed bytes of a page's content",
                limit: MAX_STREAM_BYTES as u64,
            })?;
        let mut run = Run {
            gs: GState {
                ctm: base,
                ..GState::default()
            },
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: Vec::new(),
            rects: Vec::new(),
            cur: (0.0, 0.0),
            sub_start: (0.0, 0.0),
            ops: 0,
            form_bytes: 0,
            out: &mut out,
        };
        self.stream(&content, resources, &mut run, 0)?;
        Ok(out)
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = match resources.and_then(|r| get(doc, r, b"Font")) {
            Some(Object::Dictionary(f)) => f,
            _ => return None,
        };
        let entry = fonts.get(name).ok()?;
        if let Object::Reference(id) = entry {
            if let Some(f) = self.fonts.get(id) {
                return Some(f.clone());
            }
            let d = doc.get_dictionary(*id).ok()?;
            let f = Rc::new(Font::load(doc, d));
            self.fonts.insert(*id, f.clone());
            return Some(f);
        }
        match entry {
            Object::Dictionary(d) => Some(Rc::new(Font::load(doc, d))),
            _ => None,
        }
    }

    fn stream(
        &mut self,
        content: &[u8],
        resources: Option<&Dictionary>,
        run: &mut Run,
        depth: usize,
    ) -> Result<(), AdapterError> {
        let mut ops = Operations::new(content);
        while let Some(operator) = ops.next_operator() {
            run.ops += 1;
            if run.ops > self.limits.max_ops_per_page {
                return Err(AdapterError::LimitExceeded {
                    what: "content-stream operators per page",
                    limit: self.limits.max_ops_per_page as u64,
                });
            }
            if run.ops.is_multiple_of(4096) {
                self.check_time()?;
            }
            self.op(operator, ops.operands(), resources, run, depth)?;
            if run.out.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
                return Err(AdapterError::LimitExceeded {
                    what: "glyphs per page",
                    limit: MAX_GLYPHS_PER_PAGE as u64,
                });
            }
        }
        Ok(())
    }

    /// Interpret one operator: graphics and text state here, the rest by
    /// named helpers (text positioning and showing, path construction).
    fn op(
        &mut self,
        name: &str,
        o: &[Operand],
        resources: Option<&Dictionary>,
        run: &mut Run,
        depth: usize,
    ) -> Result<(), AdapterError> {
        match name {
            "Do" => {
                if let Some(Operand::Name(name)) = o.first() {
                    self.xobject(name, resources, run, depth)?;
                }
            }
            "BI" => run.out.images += 1,
            "Tf" => {
                if let (Some(Operand::Name(font)), Some(size)) = (o.first(), nums(o).first()) {
                    run.gs.font = self.font(resources, font);
                    run.gs.size = *size;
                }
            }
            _ => {
                let _ = graphics_state_op(run, name, o)
                    || text_op(run, name, o)
                    || path_op(run, name, o);
            }
        }
        Ok(())
    }

    fn xobject(
        &mut self,
        name: &[u8],
        resources: Option<&Dictionary>,
        run: &mut Run,
        depth: usize,
    ) -> Result<(), AdapterError> {
        let doc = self.doc;
        let Some(Object::Dictionary(xo)) = resources.and_then(|r| get(doc, r, b"XObject")) else {
            return Ok(());
        };
        let Some(Object::Stream(s)) = get(doc, xo, name) else {
            return Ok(());
        };
        match get(doc, &s.dict, b"Subtype") {
            Some(Object::Name(n)) if n == b"Image" => {
                run.out.images += 1;
                Ok(())
            }
            Some(Object::Name(n)) if n == b"Form" => {
                if depth >= MAX_FORM_DEPTH {
                    return Ok(());
                }
                let Some(entry) = xo.get(name).ok() else {
                    return Ok(());
                };
                let bytes = match entry {
                    Object::Reference(id) => match self.forms.get(id) {
                        Some(b) => b.clone(),
                        None => {
                            let b = Rc::new(
                                stream_bytes(doc, entry, MAX_STREAM_BYTES).unwrap_or_default(),
                            );
                            self.forms.insert(*id, b.clone());
                            b
                        }
                    },
                    _ => Rc::new(stream_bytes(doc, entry, MAX_STREAM_BYTES).unwrap_or_default()),
                };
                run.form_bytes = run.form_bytes.saturating_add(bytes.len());
                if run.form_bytes > MAX_FORM_BYTES_PER_PAGE {
                    return Err(AdapterError::LimitExceeded {
                        what: "Form XObject bytes interpreted per page",
                        limit: MAX_FORM_BYTES_PER_PAGE as u64,
                    });
                }
                let inner = match get(doc, &s.dict, b"Resources") {
                    Some(Object::Dictionary(d)) => Some(d),
                    _ => resources,
                };
                let saved = run.gs.clone();
                let (tm, tlm) = (run.tm, run.tlm);
                if let Some(Object::Array(m)) = get(doc, &s.dict, b"Matrix") {
                    if let [a, b, c, d, e, f] = *object_nums(doc, m).as_slice() {
                        let m = [a, b, c, d, e, f];
                        run.gs.ctm = mul(&m, &run.gs.ctm);
                    }
                }
                let depth_before = run.stack.len();
                self.stream(&bytes, inner, run, depth + 1)?;
                run.stack.truncate(depth_before);
                run.gs = saved;
                run.tm = tm;
                run.tlm = tlm;
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

fn corrupt(detail: String) -> AdapterError {
    AdapterError::Corrupt {
        format: "pdf",
        detail,
    }
}

/// A page attribute that may be inherited from the page tree.
fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(o) = get(doc, node, key) {
            return Some(o);
        }
        match get(doc, node, b"Parent") {
            Some(Object::Dictionary(p)) => node = p,
            _ => return None,
        }
    }
    None
}

/// Six operands as a matrix.
fn matrix(v: &[f32]) -> Option<Matrix> {
    match *v {
        [a, b, c, d, e, f] => Some([a, b, c, d, e, f]),
        _ => None,
    }
}

/// A graphics-state operator (save, restore, matrix, line width, colour);
/// false when `name` is none.
fn graphics_state_op(run: &mut Run, name: &str, o: &[Operand]) -> bool {
    match name {
        "q" => {
            if run.stack.len() < MAX_SAVE_DEPTH {
                run.stack.push(run.gs.clone());
            }
        }
        "Q" => {
            if let Some(g) = run.stack.pop() {
                run.gs = g;
            }
        }
        "cm" => {
            if let Some(m) = matrix(&nums(o)) {
                run.gs.ctm = mul(&m, &run.gs.ctm);
            }
        }
        "w" => {
            if let Some(w) = nums(o).first() {
                run.gs.line_width = *w;
            }
        }
        "g" | "rg" | "k" | "sc" | "scn" => {
            let v = nums(o);
            run.gs.fill_white = is_white(&v, name == "k" || v.len() == 4);
        }
        "G" | "RG" | "K" | "SC" | "SCN" => {
            let v = nums(o);
            run.gs.stroke_white = is_white(&v, name == "K" || v.len() == 4);
        }
        _ => return false,
    }
    true
}

/// A text-state, text-positioning or text-showing operator (fonts are
/// set by the interpreter, which holds them); false when `name` is none.
fn text_op(run: &mut Run, name: &str, o: &[Operand]) -> bool {
    let n = || nums(o);
    let first = || n().first().copied();
    match name {
        "BT" => {
            run.tm = IDENTITY;
            run.tlm = IDENTITY;
        }
        "Tc" => run.gs.char_spacing = first().unwrap_or(0.0),
        "Tw" => run.gs.word_spacing = first().unwrap_or(0.0),
        "Tz" => run.gs.scale = first().unwrap_or(100.0) / 100.0,
        "TL" => run.gs.leading = first().unwrap_or(0.0),
        "Ts" => run.gs.rise = first().unwrap_or(0.0),
        // rendering modes 3 (neither fill nor stroke) and 7 (clip only)
        "Tr" => run.gs.invisible_text = matches!(first(), Some(m) if m == 3.0 || m == 7.0),
        "Td" => move_text(run, &n(), false),
        "TD" => move_text(run, &n(), true),
        "Tm" => {
            if let Some(m) = matrix(&n()) {
                run.tlm = m;
                run.tm = m;
            }
        }
        "T*" => next_line(run),
        "Tj" => show_string(run, o.first()),
        "'" => {
            next_line(run);
            show_string(run, o.first());
        }
        "\"" => {
            if let [aw, ac, ..] = *n().as_slice() {
                run.gs.word_spacing = aw;
                run.gs.char_spacing = ac;
            }
            next_line(run);
            show_string(run, o.get(2));
        }
        "TJ" => show_array(run, o.first()),
        _ => return false,
    }
    true
}

/// A path construction or painting operator; false when `name` is none.
fn path_op(run: &mut Run, name: &str, o: &[Operand]) -> bool {
    let n = || nums(o);
    match name {
        "m" => {
            if let [x, y] = *n().as_slice() {
                run.cur = apply(&run.gs.ctm, x, y);
                run.sub_start = run.cur;
            }
        }
        "l" => line_to(run, &n()),
        "c" | "v" | "y" => {
            if let [.., x, y] = *n().as_slice() {
                // curves are not rules: just move the current point
                run.cur = apply(&run.gs.ctm, x, y);
            }
        }
        "h" => close_subpath(run),
        "re" => rectangle(run, &n()),
        "S" | "s" => paint(run, true, false),
        "f" | "F" | "f*" => paint(run, false, true),
        "B" | "B*" | "b" | "b*" => paint(run, true, true),
        "n" => {
            run.path.clear();
            run.rects.clear();
        }
        _ => return false,
    }
    true
}

/// `Td` (and `TD`, which also sets the leading): move to the start of the
/// next line, offset from the start of this one.
fn move_text(run: &mut Run, v: &[f32], set_leading: bool) {
    if let [tx, ty] = *v {
        if set_leading {
            run.gs.leading = -ty;
        }
        run.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &run.tlm);
        run.tm = run.tlm;
    }
}

/// Show a string operand (`Tj`, `'`, `"`).
fn show_string(run: &mut Run, operand: Option<&Operand>) {
    if let Some(Operand::Str(s)) = operand {
        show(run, s);
    }
}

/// `TJ`: strings shown, numbers moving the text position back by
/// thousandths of the font size.
fn show_array(run: &mut Run, operand: Option<&Operand>) {
    let Some(Operand::Array(items)) = operand else {
        return;
    };
    for item in items {
        match item {
            Operand::Str(s) => show(run, s),
            Operand::Integer(_) | Operand::Real(_) => {
                let Some(adj) = item.number() else {
                    continue;
                };
                let tx = -adj / 1000.0 * run.gs.size * run.gs.scale;
                run.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &run.tm);
            }
            _ => {}
        }
    }
}

/// `l`: a straight segment from the current point.
fn line_to(run: &mut Run, v: &[f32]) {
    if let [x, y] = *v {
        let p = apply(&run.gs.ctm, x, y);
        run.path.push((run.cur.0, run.cur.1, p.0, p.1));
        run.cur = p;
    }
}

/// `h`: close the subpath with a segment back to its start.
fn close_subpath(run: &mut Run) {
    if run.cur != run.sub_start {
        run.path
            .push((run.cur.0, run.cur.1, run.sub_start.0, run.sub_start.1));
    }
    run.cur = run.sub_start;
}

/// `re`: a rectangle, kept as its bounding box and as four segments.
fn rectangle(run: &mut Run, v: &[f32]) {
    let [x, y, w, h] = *v else {
        return;
    };
    let m = run.gs.ctm;
    let p = [
        apply(&m, x, y),
        apply(&m, x + w, y),
        apply(&m, x + w, y + h),
        apply(&m, x, y + h),
    ];
    let xs = p.iter().map(|q| q.0);
    let ys = p.iter().map(|q| q.1);
    let (x0, x1) = (
        xs.clone().fold(f32::MAX, f32::min),
        xs.fold(f32::MIN, f32::max),
    );
    let (y0, y1) = (
        ys.clone().fold(f32::MAX, f32::min),
        ys.fold(f32::MIN, f32::max),
    );
    run.rects.push([x0, y0, x1, y1]);
    for (a, b) in p.iter().zip(p.iter().cycle().skip(1)) {
        run.path.push((a.0, a.1, b.0, b.1));
    }
    run.cur = p[0];
    run.sub_start = p[0];
}

fn next_line(run: &mut Run) {
    run.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -run.gs.leading], &run.tlm);
    run.tm = run.tlm;
}

fn show(run: &mut Run, bytes: &[u8]) {
    let Some(font) = run.gs.font.clone() else {
        return;
    };
    let gs = &run.gs;
    let fs = gs.size;
    let th = gs.scale;
    // never decode more codes than the page may still keep (4 bytes each
    // at most)
    let room = MAX_GLYPHS_PER_PAGE.saturating_sub(run.out.glyphs.len());
    let bytes = bytes
        .get(..bytes.len().min(room.saturating_mul(4)))
        .unwrap_or(bytes);
    for code in font.decode(bytes) {
        if run.out.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
            break;
        }
        let trm = mul(
            &mul(&[fs * th, 0.0, 0.0, fs, 0.0, gs.rise], &run.tm),
            &gs.ctm,
        );
        let tmc = mul(&run.tm, &gs.ctm);
        let vscale = (tmc[2] * tmc[2] + tmc[3] * tmc[3]).sqrt();
        let hscale = (tmc[0] * tmc[0] + tmc[1] * tmc[1]).sqrt();
        let mut tx = code.width * fs + gs.char_spacing;
        if code.is_space_byte {
            tx += gs.word_spacing;
        }
        tx *= th;
        let size = (fs * vscale * font.size_factor).abs();
        let w = code.width * fs.abs() * th.abs() * hscale;
        let (mapped, text) = match code.text {
            Some(t) => (true, t),
            None => (false, String::new()),
        };
        if size.is_finite() && trm[4].is_finite() && trm[5].is_finite() {
            run.out.glyphs.push(Glyph {
                text,
                x: trm[4],
                y: trm[5],
                w: if w.is_finite() { w } else { 0.0 },
                size,
                mapped,
                visible: !gs.invisible_text,
            });
        }
        run.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &run.tm);
    }
}

fn paint(run: &mut Run, stroke: bool, fill: bool) {
    let path = std::mem::take(&mut run.path);
    let rects = std::mem::take(&mut run.rects);
    let gs = &run.gs;
    if stroke && !gs.stroke_white {
        for (x0, y0, x1, y1) in &path {
            push_segment(run.out, *x0, *y0, *x1, *y1);
        }
    }
    if fill && !gs.fill_white {
        for r in rects {
            let (w, h) = (r[2] - r[0], r[3] - r[1]);
            if h <= RULE_THICKNESS && w > h * 2.0 {
                let y = (r[1] + r[3]) / 2.0;
                push_segment(run.out, r[0], y, r[2], y);
            } else if w <= RULE_THICKNESS && h > w * 2.0 {
                let x = (r[0] + r[2]) / 2.0;
                push_segment(run.out, x, r[1], x, r[3]);
            }
        }
    }
}

fn push_segment(out: &mut PageContent, x0: f32, y0: f32, x1: f32, y1: f32) {
    if ![x0, y0, x1, y1].iter().all(|v| v.is_finite()) {
        return;
    }
    let (dx, dy) = ((x1 - x0).abs(), (y1 - y0).abs());
    if dy <= 0.5 && dx > 0.5 {
        let y = (y0 + y1) / 2.0;
        out.segments.push(Segment {
            x0: x0.min(x1),
            y0: y,
            x1: x0.max(x1),
            y1: y,
        });
    } else if dx <= 0.5 && dy > 0.5 {
        let x = (x0 + x1) / 2.0;
        out.segments.push(Segment {
            x0: x,
            y0: y0.min(y1),
            x1: x,
            y1: y0.max(y1),
        });
    }
}
