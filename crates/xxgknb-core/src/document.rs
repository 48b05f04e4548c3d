//! The intermediate form every adapter produces: an ordered list of blocks
//! (paragraphs and tables of cells with spans), each with its source position.
//!
//! Adapters know formats; the recogniser knows reports. This module is the
//! only thing they share.

use serde::{Deserialize, Serialize};

/// Where a piece of text came from in the source file. Every field is
/// optional: an adapter fills in what its format knows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourcePos {
    /// 1-based page number (PDF) or sheet index (spreadsheets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 1-based line number (text, PDF) or paragraph index (DOCX/HTML; see
    /// [`Document::line_unit`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Sheet name (spreadsheets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Spreadsheet-style cell reference such as `B7`, or a table-relative
    /// `R3C5` where the format has no native reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    /// Horizontal position: character column for text, points for PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<f32>,
    /// Box on the page in points, `[left, top, right, bottom]` from the
    /// page's top-left corner (scanned pages: where the text was read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<[f32; 4]>,
    /// Optical character recognition's confidence (0–100) in the text
    /// read here; present only for text read from a picture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// Line in the source file (1-based) where this block or cell starts,
    /// for formats whose `line` counts something else (HTML: `line` is the
    /// paragraph index, this is the line of the element's start tag).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_line: Option<u32>,
    /// Column (1-based, in characters) of that start tag on `source_line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_column: Option<u32>,
    /// How a table value was put in its cell (set by the recogniser on the
    /// entries of `positions`; absent on blocks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placement: Option<Placement>,
}

/// How the recogniser put a value in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// A real grid cell (DOCX, XLSX, HTML, ruled PDF table).
    Cell,
    /// A column band from text positions (layout text, positioned PDF text).
    Geometry,
    /// Reading order, no positions: values taken in the order printed (a
    /// row that prints every column, a table with no grid and no columns).
    Sequence,
    /// Read by optical character recognition from a picture of the page
    /// (a scanned PDF, report pictures in a web page); the position's
    /// `confidence` is the recognition's.
    Ocr,
}

impl SourcePos {
    /// A position that only knows its line.
    pub fn line(line: u32) -> Self {
        SourcePos {
            line: Some(line),
            ..Self::default()
        }
    }

    /// A position on a page (and optionally a line within it).
    pub fn page(page: u32, line: Option<u32>) -> Self {
        SourcePos {
            page: Some(page),
            line,
            ..Self::default()
        }
    }

    /// Human-readable description, e.g. `第3页 第12行` or `Sheet1!B7`.
    pub fn describe(&self) -> String {
        self.describe_as("行")
    }

    /// [`SourcePos::describe`] with the line counted in `line_unit`
    /// (`第12段` for a DOCX paragraph).
    pub fn describe_as(&self, line_unit: &str) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.sheet {
            match &self.cell {
                Some(c) => parts.push(format!("{s}!{c}")),
                None => parts.push(s.clone()),
            }
        } else if let Some(c) = &self.cell {
            parts.push(c.clone());
        }
        if let Some(p) = self.page {
            if self.sheet.is_none() {
                parts.push(format!("第{p}页"));
            }
        }
        if let Some(l) = self.line {
            parts.push(format!("第{l}{line_unit}"));
        }
        parts.join(" ")
    }
}

/// A run of text outside any table: a heading, a body paragraph, the 文号
/// line, the 落款. Text adapters emit one per source line, keeping leading
/// spaces (their columns carry layout information).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paragraph {
    /// The text, with inner line breaks replaced by spaces or removed.
    pub text: String,
    /// Where it starts.
    pub pos: SourcePos,
}

/// One cell of a table as the source defines it: the top-left cell of a
/// merged region carries the text and the spans; covered cells are not
/// listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// All text of the cell, paragraphs joined with `\n`.
    pub text: String,
    /// Number of grid rows the cell covers (>= 1).
    pub row_span: u32,
    /// Number of grid columns the cell covers (>= 1).
    pub col_span: u32,
    /// Where the cell is in the source.
    pub pos: SourcePos,
    /// Text read from a picture with too little confidence to be used:
    /// the cell's `text` is left empty and the recogniser reports
    /// `OCR_UNCERTAIN` with what was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uncertain: Option<UncertainRead>,
}

/// What optical character recognition read in a cell it is not sure of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncertainRead {
    /// The text read.
    pub text: String,
    /// Its confidence, 0–100.
    pub confidence: f32,
}

impl Cell {
    /// A 1×1 cell.
    pub fn new(text: impl Into<String>, pos: SourcePos) -> Self {
        Cell {
            text: text.into(),
            row_span: 1,
            col_span: 1,
            pos,
            uncertain: None,
        }
    }

    /// A cell with spans (values below 1 are taken as 1).
    pub fn spanning(text: impl Into<String>, row_span: u32, col_span: u32, pos: SourcePos) -> Self {
        Cell {
            text: text.into(),
            row_span: row_span.max(1),
            col_span: col_span.max(1),
            pos,
            uncertain: None,
        }
    }
}

/// A table as the source lays it out, HTML-style: each row lists the cells
/// that *start* in it, left to right; a cell spanning rows from above
/// occupies its grid slots without being repeated. Use [`Table::grid`] to
/// get the resolved rectangular grid.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Rows of cells that start in that row.
    pub rows: Vec<Vec<Cell>>,
    /// Where the table starts.
    pub pos: SourcePos,
}

/// A slot of the resolved grid: which cell covers it and whether this slot
/// is that cell's top-left origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    /// Row index of the covering cell in [`Table::rows`].
    pub row: usize,
    /// Index of the covering cell within its row.
    pub index: usize,
    /// True at the cell's top-left slot.
    pub origin: bool,
}

/// The rectangular grid of a [`Table`]: `slots[r][c]` names the cell that
/// covers grid position (r, c), if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// Grid rows; every row has `width` slots.
    pub slots: Vec<Vec<Option<Slot>>>,
    /// Number of grid columns.
    pub width: usize,
}

/// Upper bound on spans honoured when resolving a grid, so a hostile
/// `colspan=1000000` cannot allocate without bound.
pub const MAX_SPAN: u32 = 1000;

/// Widest grid resolved: cells starting further right are left out (no
/// report table comes near it).
pub const MAX_GRID_WIDTH: usize = 4096;

/// Most grid slots resolved for one table (about 100 MB): hostile spans
/// (many cells spanning 1000×1000) would otherwise allocate gigabytes.
/// Rows past the budget are left out of the grid.
pub const MAX_GRID_SLOTS: usize = 4_000_000;

impl Table {
    /// Resolve row and column spans into a rectangular grid, placing each
    /// cell in the first free slot of its row (the HTML table model).
    /// Bounded by [`MAX_SPAN`], [`MAX_GRID_WIDTH`] and [`MAX_GRID_SLOTS`].
    pub fn grid(&self) -> Grid {
        let mut slots: Vec<Vec<Option<Slot>>> =
            Vec::with_capacity(self.rows.len().min(MAX_GRID_SLOTS));
        let mut allocated = 0usize;
        'rows: for (r, row) in self.rows.iter().enumerate() {
            if slots.len() <= r {
                slots.push(Vec::new());
            }
            let mut c = 0usize;
            for (i, cell) in row.iter().enumerate() {
                // skip slots already taken by row spans from above
                while slots
                    .get(r)
                    .and_then(|line| line.get(c))
                    .copied()
                    .flatten()
                    .is_some()
                {
                    c += 1;
                }
                if c >= MAX_GRID_WIDTH {
                    break;
                }
                let rs = cell.row_span.clamp(1, MAX_SPAN) as usize;
                let cs = (cell.col_span.clamp(1, MAX_SPAN) as usize).min(MAX_GRID_WIDTH - c);
                // never let a row span reach past the table's last row
                let last = (r + rs).min(self.rows.len());
                for rr in r..last {
                    while slots.len() <= rr {
                        slots.push(Vec::new());
                    }
                    let Some(line) = slots.get_mut(rr) else {
                        break;
                    };
                    if line.len() < c + cs {
                        allocated += c + cs - line.len();
                        if allocated > MAX_GRID_SLOTS {
                            slots.truncate(r);
                            break 'rows;
                        }
                        line.resize(c + cs, None);
                    }
                    for (k, slot) in line.iter_mut().enumerate().skip(c).take(cs) {
                        *slot = Some(Slot {
                            row: r,
                            index: i,
                            origin: rr == r && k == c,
                        });
                    }
                }
                c += cs;
            }
        }
        let width = slots.iter().map(Vec::len).max().unwrap_or(0);
        // squaring the grid must stay within the budget too
        slots.truncate(MAX_GRID_SLOTS / width.max(1));
        for line in &mut slots {
            line.resize(width, None);
        }
        Grid { slots, width }
    }

    /// The cell a slot refers to.
    pub fn cell(&self, slot: Slot) -> Option<&Cell> {
        self.rows.get(slot.row).and_then(|r| r.get(slot.index))
    }

    /// Number of cells in the table.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

/// One block of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Text outside tables.
    Paragraph(Paragraph),
    /// A table with real cells.
    Table(Table),
}

/// What [`SourcePos::line`] counts in a document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineUnit {
    /// Lines of text (plain text, PDF).
    #[default]
    Line,
    /// Paragraphs (DOCX, DOC, HTML: a source line means nothing there).
    Paragraph,
}

impl LineUnit {
    /// The Chinese counter word: `行` or `段` (`第12段`).
    pub fn chinese(self) -> &'static str {
        match self {
            LineUnit::Line => "行",
            LineUnit::Paragraph => "段",
        }
    }
}

/// What an adapter returns: the document's blocks in reading order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Document {
    /// The format the bytes were read as: `pdf`, `docx`, `xlsx`, `xls`,
    /// `ods`, `html` or `txt`.
    pub format: String,
    /// What the blocks' `line` positions count.
    pub line_unit: LineUnit,
    /// The format holds tables only, no narrative (a workbook): missing
    /// sections are not a finding there.
    pub tables_only: bool,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Things the adapter noticed and the user should know (e.g. encoding
    /// guessed, share of undecodable glyphs). Not findings about the report.
    pub notes: Vec<String>,
    /// PDF pages (1-based) on which no glyph maps to text: the scanned
    /// pages of a mixed document. The PDF adapter lists them and reads no
    /// pictures; the facade may read those pages by OCR and merge their
    /// blocks in page order. Empty for every other format.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pages_without_text: Vec<u32>,
    /// Pictures the document places among its blocks (DOCX `word/media`),
    /// in document order; the adapter does not decode them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pictures: Vec<PictureRef>,
}

/// A picture placed in a document, as its format names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PictureRef {
    /// Index into [`Document::blocks`] of the first block after the
    /// picture (the number of blocks when it comes last).
    pub before_block: usize,
    /// The part (`word/media/image1.png`) or file holding the picture.
    pub part: String,
    /// Width the document displays it at, in inches, when known.
    pub width_in: Option<f32>,
}

impl Document {
    /// An empty document of the given format.
    pub fn new(format: impl Into<String>) -> Self {
        Document {
            format: format.into(),
            ..Self::default()
        }
    }

    /// Append a paragraph.
    pub fn push_paragraph(&mut self, text: impl Into<String>, pos: SourcePos) {
        self.blocks.push(Block::Paragraph(Paragraph {
            text: text.into(),
            pos,
        }));
    }

    /// Append a table (empty tables are dropped).
    pub fn push_table(&mut self, table: Table) {
        if table.rows.iter().any(|r| !r.is_empty()) {
            self.blocks.push(Block::Table(table));
        }
    }

    /// Number of tables.
    pub fn table_count(&self) -> usize {
        self.tables().count()
    }

    /// The paragraphs, in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::Table(_) => None,
        })
    }

    /// The tables, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str, rs: u32, cs: u32) -> Cell {
        Cell::spanning(t, rs, cs, SourcePos::default())
    }

    #[test]
    fn positions_name_lines_or_paragraphs() {
        let p = SourcePos::page(3, Some(12));
        assert_eq!(p.describe(), "第3页 第12行");
        assert_eq!(p.describe_as(LineUnit::Line.chinese()), "第3页 第12行");
        let mut d = SourcePos::line(40);
        d.cell = Some("T1R3C2".into());
        assert_eq!(
            d.describe_as(LineUnit::Paragraph.chinese()),
            "T1R3C2 第40段"
        );
    }

    #[test]
    fn grid_resolves_row_and_col_spans() {
        // | A (rowspan 2) | B (colspan 2) |
        // |               | C | D |
        let t = Table {
            rows: vec![
                vec![c("A", 2, 1), c("B", 1, 2)],
                vec![c("C", 1, 1), c("D", 1, 1)],
            ],
            pos: SourcePos::default(),
        };
        let g = t.grid();
        assert_eq!(g.width, 3);
        let text = |r: usize, col: usize| {
            g.slots[r][col]
                .and_then(|s| t.cell(s))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        };
        assert_eq!(text(0, 0), "A");
        assert_eq!(text(1, 0), "A");
        assert_eq!(text(0, 2), "B");
        assert_eq!(text(1, 1), "C");
        assert_eq!(text(1, 2), "D");
        assert!(g.slots[0][0].is_some_and(|s| s.origin));
        assert!(g.slots[1][0].is_some_and(|s| !s.origin));
    }

    #[test]
    fn grid_clamps_hostile_spans() {
        let t = Table {
            rows: vec![vec![c("X", 99_999, 99_999)]],
            pos: SourcePos::default(),
        };
        let g = t.grid();
        assert_eq!(g.width, MAX_SPAN as usize);
        assert_eq!(g.slots.len(), 1);
    }

    #[test]
    fn grid_stays_within_its_slot_budget() {
        // 3000 rows of 20 cells each spanning 10 rows × 1000 columns:
        // 3000 × 20 000 slots unbounded; bounded, it stops near 4 million
        let row: Vec<Cell> = (0..20).map(|_| c("X", 10, 1000)).collect();
        let t = Table {
            rows: vec![row; 3000],
            pos: SourcePos::default(),
        };
        let g = t.grid();
        assert_eq!(g.width, MAX_GRID_WIDTH);
        assert!(g.slots.len() * g.width <= MAX_GRID_SLOTS);
        assert!(!g.slots.is_empty());
        assert!(g.slots.iter().all(|l| l.len() == g.width));
    }
}
