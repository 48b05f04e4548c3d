//! The recogniser: maps a [`Document`] (paragraphs and cell grids from any
//! adapter) onto the report model.
//!
//! Stages:
//! 1. paragraphs are normalised and the six section headings found;
//! 2. every table grid is resolved (spans) into rows of items and
//!    classified (active / applications / review); rows are matched to the
//!    official row labels and values to columns through the header;
//! 3. a table with no grid is read from the text between its section
//!    headings (flattened PDF text, pasted text);
//! 4. meta (agency, year, title, 文号, 落款, period, edition) is read from the
//!    paragraphs.

mod active;
mod applications;
mod facts;
mod labels;
mod meta;
mod review;
mod rows;
mod sections;

pub use active::Edition;
pub use facts::Fact;
pub(crate) use meta::chinese_date_digits;

use crate::document::{Block, Document, Placement, SourcePos};
use crate::model::{Meta, OrderedMap, Section, TableData, Tables};
use crate::normalize;
use rows::Line;

/// A paragraph with its normalised form.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// Text as printed.
    pub text: String,
    /// Normalised (see [`normalize::label`]).
    pub norm: String,
    /// Where it is.
    pub pos: SourcePos,
}

/// One table as extracted, before it goes into the report.
pub(crate) struct Extracted {
    pub data: TableData,
    pub positions: Vec<(String, SourcePos)>,
    pub labels: Vec<(String, SourcePos)>,
    pub single_other: bool,
    /// What the reader saw (see [`Fact`]).
    pub facts: Vec<Fact>,
    /// Cells whose value was read but could not be placed.
    pub unplaced: Vec<UnplacedCell>,
}

/// A value the recogniser read but could not put in one cell: the cells it
/// may belong to stay blank, and the sums over them cannot be checked.
#[derive(Debug, Clone)]
pub struct UnplacedCell {
    /// Table key (`applications`, `review_litigation`).
    pub table: &'static str,
    /// Row key (empty: a row whose label was not recognised; `*`: a cell of
    /// the table whose row is not known, blocking every sum of the table).
    pub row: &'static str,
    /// Column keys the value may belong to (empty: unknown).
    pub columns: Vec<&'static str>,
    /// Why it was not placed, in Chinese.
    pub why: String,
}

/// A label as printed in one of the tables, with its position.
#[derive(Debug, Clone)]
pub struct PrintedLabel {
    /// `active` or `applications`.
    pub table: &'static str,
    /// Normalised label text.
    pub text: String,
    /// Where it is.
    pub pos: SourcePos,
}

/// Everything the recogniser found.
#[derive(Debug, Clone, Default)]
pub struct Recognised {
    /// Document facts.
    pub meta: Meta,
    /// Sections found.
    pub sections: Vec<Section>,
    /// Section headings found, with their positions.
    pub heading_positions: Vec<(u8, SourcePos)>,
    /// The three tables.
    pub tables: Tables,
    /// Where each value was read, `table.row.column` → position.
    pub positions: OrderedMap<SourcePos>,
    /// What the recogniser saw and validation reports (a lost layout, a
    /// unit conversion, a nonstandard label, a value not placed, an unsure
    /// reading, an invalid date), in the order seen.
    pub facts: Vec<Fact>,
    /// （六）其他处理 printed as a single row.
    pub single_other_row: bool,
    /// Labels printed in the tables and section headings.
    pub labels: Vec<PrintedLabel>,
    /// All paragraph text, normalised and concatenated (for narrative
    /// checks).
    pub narrative: String,
    /// True when the document has narrative paragraphs (not a bare
    /// spreadsheet).
    pub has_narrative: bool,
    /// Tables whose layout was lost in flattened text: present, values
    /// not extracted (see TABLE_LAYOUT_LOST).
    pub layout_lost: Vec<&'static str>,
    /// Values read but not placed (see CELL_AMBIGUOUS); arithmetic over
    /// these cells is not checked (SUM_UNVERIFIED).
    pub unplaced: Vec<UnplacedCell>,
    /// Variant characters (e.g. 査 for 查) found in table labels: the
    /// character, the label and its position.
    pub variants: Vec<(char, String, SourcePos)>,
    /// The web page's 发布日期/发布时间 (`YYYY-MM-DD`), when a paragraph
    /// prints one; PUBLISHED_LATE uses it when there is no 落款 date. Not
    /// part of the JSON model.
    pub page_date: Option<String>,
}

impl Recognised {
    /// Were some of `table`'s values placed by cell or column position? If
    /// not, every value went in by reading order and the row a value was
    /// read under is a guess too: a value left out may belong to any cell.
    pub fn placed_by_position(&self, table: &str) -> bool {
        self.positions.iter().any(|(k, p)| {
            k.strip_prefix(table).is_some_and(|r| r.starts_with('.'))
                && matches!(
                    p.placement,
                    Some(Placement::Cell | Placement::Geometry | Placement::Ocr)
                )
        })
    }
}

/// Where each table's text lies when it has no grid: paragraph ranges.
struct Regions {
    active: Option<(usize, usize)>,
    applications: Option<(usize, usize)>,
    review: Option<(usize, usize)>,
}

fn regions(paras: &[Para], headings: &[sections::Heading]) -> Regions {
    let at = |n: u8| headings.iter().find(|h| h.number == n).map(|h| h.para);
    let next_after = |i: usize| {
        headings
            .iter()
            .map(|h| h.para)
            .find(|p| *p > i)
            .unwrap_or(paras.len())
    };
    let find = |from: usize, pred: &dyn Fn(&str) -> bool| {
        paras
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, p)| !p.norm.contains('。') && pred(&p.norm))
            .map(|(i, _)| i)
    };
    let app_start = at(3).or_else(|| {
        find(0, &|n| {
            n.contains("本年新收") || n.contains("申请人情况") || n.contains("勾稽")
        })
        .map(|i| i.saturating_sub(1))
    });
    let review_start = at(4).or_else(|| {
        find(app_start.unwrap_or(0), &|n| {
            n.contains("行政复议") && n.chars().count() < 40
        })
        .map(|i| i.saturating_sub(1))
    });
    let active_start =
        at(2).or_else(|| find(0, &|n| n.contains("第二十条") || n.starts_with("信息内容")));
    let end_of = |start: usize, stop: Option<usize>| {
        let e = next_after(start);
        match stop {
            Some(s) if s > start => e.min(s),
            _ => e,
        }
    };
    Regions {
        active: active_start.map(|s| (s, end_of(s, app_start))),
        applications: app_start.map(|s| (s, end_of(s, review_start))),
        review: review_start.map(|s| (s, end_of(s, None).min(s + 80))),
    }
}

/// An unsure reading for every value of a scanned page too unsure to use
/// that no table reader recorded with its cell already, and the table's
/// sums left unchecked (its row is not known: any row).
fn uncertain_reads(grids: &[(Vec<Line>, usize)], kinds: &[&'static str], out: &mut Recognised) {
    for ((lines, _), kind) in grids.iter().zip(kinds) {
        for item in lines
            .iter()
            .flat_map(|l| l.items.iter())
            .filter(|i| !i.covered)
        {
            let Some(u) = &item.uncertain else { continue };
            if out.facts.iter().any(|f| f.is_uncertain_at(&item.pos)) {
                continue;
            }
            out.facts.push(Fact::unsure_read(kind, None, u, &item.pos));
            if !kind.is_empty() {
                out.unplaced.push(UnplacedCell {
                    table: kind,
                    row: "*",
                    columns: Vec::new(),
                    why: format!("扫描件识别置信度 {:.0} 过低", u.confidence),
                });
            }
        }
    }
}

/// A table read from `lines` lost its layout, seen at its first item.
fn layout_lost(table: &'static str, evidence: String, lines: &[Line]) -> Fact {
    Fact::LayoutLost {
        table,
        evidence,
        pos: lines
            .first()
            .and_then(|l| l.items.first())
            .map(|i| i.pos.clone()),
    }
}

/// Confidence (0–100) a paragraph read from a picture must reach for the
/// narrative checks to read it: the OCR adapter's threshold for values.
pub const NARRATIVE_MIN_CONFIDENCE: f32 = 80.0;

/// The text the narrative checks read: every paragraph except the cells of
/// tables given as text (inside a table's region and not a sentence), so
/// that a table's numbers next to its words (`3件` before `行政复议`) are
/// not taken for a statement.
///
/// A paragraph read from a picture whose confidence (that of its least
/// sure number, see the OCR adapter) is below [`NARRATIVE_MIN_CONFIDENCE`]
/// is left out: a misread figure would be a false finding against the
/// report.
fn narrative(paras: &[Para], regions: &Regions) -> String {
    let in_table = |i: usize| {
        [regions.active, regions.applications, regions.review]
            .iter()
            .flatten()
            .any(|&(s, e)| (s..e).contains(&i))
    };
    paras
        .iter()
        .enumerate()
        .filter(|(i, p)| !in_table(*i) || p.norm.contains('。'))
        .filter(|(_, p)| {
            p.pos
                .confidence
                .is_none_or(|c| c >= NARRATIVE_MIN_CONFIDENCE)
        })
        .map(|(_, p)| p.norm.as_str())
        .collect()
}

fn collect_variants(lines: &[Line], out: &mut Vec<(char, String, SourcePos)>) {
    for l in lines {
        for it in &l.items {
            if let Some(c) = it
                .text
                .chars()
                .find(|c| normalize::standard_variant(*c).is_some())
            {
                out.push((c, it.text.trim().to_string(), it.pos.clone()));
            }
        }
    }
}

fn text_lines(paras: &[Para], range: Option<(usize, usize)>) -> Vec<Line> {
    let Some((s, e)) = range else {
        return Vec::new();
    };
    let lines = paras
        .get(s..e.min(paras.len()))
        .unwrap_or_default()
        .iter()
        .filter(|p| !p.norm.contains('。') && !normalize::is_page_number(&p.text))
        .map(|p| rows::text_line(&p.text, &p.pos))
        .collect::<Vec<_>>();
    rows::join_stacked_values(lines)
}

/// Recognise a document.
pub fn recognise(doc: &Document) -> Recognised {
    // 1. paragraphs and sections
    let (paras, grids) = paragraphs_and_grids(doc);
    let headings = sections::find_headings(&paras);
    let regions = regions(&paras, &headings);
    // 2. grids, 3. text fallbacks
    let mut tables = read_grids(&grids);
    tables.read_text(&paras, &regions);
    // 4. meta
    let meta = read_meta(&paras, &headings, tables.act.edition());
    let edition = meta.edition;

    let mut out = Recognised {
        sections: sections::sections(&paras, &headings),
        heading_positions: headings
            .iter()
            .filter_map(|h| paras.get(h.para).map(|p| (h.number, p.pos.clone())))
            .collect(),
        has_narrative: paras.iter().any(|p| p.norm.chars().count() > 40),
        narrative: narrative(&paras, &regions),
        variants: std::mem::take(&mut tables.variants),
        facts: std::mem::take(&mut tables.facts),
        layout_lost: std::mem::take(&mut tables.unreadable),
        page_date: meta::page_date(&paras),
        ..Recognised::default()
    };
    for h in &headings {
        if let Some(p) = paras.get(h.para) {
            out.labels.push(PrintedLabel {
                table: "heading",
                text: p.norm.clone(),
                pos: p.pos.clone(),
            });
        }
    }
    tables.finish(edition, &mut out);
    // dates printed that do not exist in the calendar (they stay null)
    for (date, why, pos) in meta::invalid_dates(&paras) {
        out.facts.push(Fact::DateInvalid { date, why, pos });
    }
    uncertain_reads(&grids, &tables.grid_kinds, &mut out);
    out.meta = meta.meta;
    out
}

/// The document's paragraphs (blank lines and page numbers left out) and
/// its tables as lines of items with their widths.
fn paragraphs_and_grids(doc: &Document) -> (Vec<Para>, Vec<(Vec<Line>, usize)>) {
    let mut paras: Vec<Para> = Vec::new();
    let mut grids: Vec<(Vec<Line>, usize)> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => {
                if p.text.trim().is_empty() || normalize::is_page_number(&p.text) {
                    continue;
                }
                paras.push(Para {
                    norm: normalize::label(&p.text),
                    text: p.text.clone(),
                    pos: p.pos.clone(),
                });
            }
            Block::Table(t) => grids.push(rows::grid_lines(t)),
        }
    }
    (paras, grids)
}

/// The three tables while they are read, and what was seen on the way.
#[derive(Default)]
struct TableReaders {
    act: active::Builder,
    app: applications::Builder,
    rev: Option<Extracted>,
    /// Variant characters in the tables' labels.
    variants: Vec<(char, String, SourcePos)>,
    /// Layouts lost in the text fallbacks.
    facts: Vec<Fact>,
    /// Tables whose layout was lost.
    unreadable: Vec<&'static str>,
    /// The table each grid was read as, for values too unsure to use.
    grid_kinds: Vec<&'static str>,
}

/// Stage 2: every grid read as the table it is.
fn read_grids(grids: &[(Vec<Line>, usize)]) -> TableReaders {
    let mut t = TableReaders {
        grid_kinds: Vec::with_capacity(grids.len()),
        ..TableReaders::default()
    };
    let mut inherited = None;
    for (lines, width) in grids {
        collect_variants(lines, &mut t.variants);
        let kind = if applications::is_applications_grid(lines) {
            applications::read_grid(&mut t.app, lines, *width, &mut inherited);
            "applications"
        } else if review::is_review_grid(lines) {
            if t.rev.is_none() {
                t.rev = Some(review::read_grid(lines));
            }
            "review_litigation"
        } else if active::is_active_grid(lines) {
            active::read_grid(&mut t.act, lines);
            "active"
        } else {
            ""
        };
        t.grid_kinds.push(kind);
    }
    t
}

impl TableReaders {
    /// Stage 3: a table no grid held, read from the text of its region.
    fn read_text(&mut self, paras: &[Para], regions: &Regions) {
        if !self.act.found() {
            let lines = text_lines(paras, regions.active);
            collect_variants(&lines, &mut self.variants);
            active::read_text(&mut self.act, &lines);
        }
        if !self.app.found() {
            let lines = text_lines(paras, regions.applications);
            collect_variants(&lines, &mut self.variants);
            applications::read_text(&mut self.app, &lines);
            if let Some(evidence) = self.app.layout_lost() {
                self.app.forget_values();
                self.unreadable.push("applications");
                self.facts
                    .push(layout_lost("applications", evidence, &lines));
            }
        }
        if self.rev.is_none() {
            let lines = text_lines(paras, regions.review);
            collect_variants(&lines, &mut self.variants);
            let header = lines
                .iter()
                .any(|l| l.label_text().contains("复议") || l.label_text().contains("诉讼"));
            if header {
                self.rev = Some(match review::read_text(&lines) {
                    Ok(extracted) => extracted,
                    Err(evidence) => {
                        self.unreadable.push("review_litigation");
                        self.facts
                            .push(layout_lost("review_litigation", evidence, &lines));
                        review::blank()
                    }
                });
            }
        }
    }

    /// The tables found, for `edition`, into `out` with their positions,
    /// labels and what their readers saw.
    fn finish(&mut self, edition: Edition, out: &mut Recognised) {
        if self.act.found() {
            let ex = std::mem::take(&mut self.act).finish(edition);
            out.tables.active = Some(take("active", ex, out));
        }
        if self.app.found() {
            let ex = std::mem::take(&mut self.app).finish(edition == Edition::E2019);
            out.single_other_row = ex.single_other;
            out.tables.applications = Some(take("applications", ex, out));
        }
        if let Some(ex) = self.rev.take() {
            out.tables.review_litigation = Some(take("review_litigation", ex, out));
        }
    }
}

/// One extracted table into `out`: its values' positions (with how each
/// was placed), its labels, facts and unplaced values; returns its data.
fn take(name: &'static str, ex: Extracted, out: &mut Recognised) -> TableData {
    for (k, mut p) in ex.positions {
        // text read in order unless the reader said otherwise; a value
        // read from a picture is marked so whatever the placing
        if p.confidence.is_some() {
            p.placement = Some(Placement::Ocr);
        } else {
            p.placement.get_or_insert(Placement::Sequence);
        }
        out.positions.insert(format!("{name}.{k}"), p);
    }
    for (t, p) in ex.labels {
        out.labels.push(PrintedLabel {
            table: name,
            text: t,
            pos: p,
        });
    }
    out.facts.extend(ex.facts);
    out.unplaced.extend(ex.unplaced);
    ex.data
}

/// The document facts and the edition of the form.
struct ReadMeta {
    meta: Meta,
    edition: Edition,
}

/// Stage 4: agency, year, title, 文号, 落款 date, period and edition
/// (`printed`: the edition the active table's headings show).
fn read_meta(paras: &[Para], headings: &[sections::Heading], printed: Option<Edition>) -> ReadMeta {
    let limit = headings.first().map_or(25, |h| h.para);
    let title = meta::title(paras, limit.max(1));
    let period = meta::period(&paras.iter().map(|p| p.norm.as_str()).collect::<String>());
    let year = title
        .year
        .or_else(|| period.as_ref().and_then(|p| p.start.get(..4)?.parse().ok()));
    let published = meta::published(paras, headings.last().map_or(0, |h| h.para));
    let agency = title.agency.clone().or_else(|| {
        published
            .as_ref()
            .and_then(|(_, i)| meta::signatory(paras, *i))
    });
    let edition = printed.unwrap_or(match year {
        Some(y) if y < 2021 => Edition::E2019,
        _ => Edition::E2021,
    });
    ReadMeta {
        meta: Meta {
            agency,
            year,
            title: title.title,
            doc_number: meta::doc_number(paras, limit.max(1)),
            published: published.map(|(d, _)| d),
            period,
            format_edition: Some(edition.as_str().to_string()),
        },
        edition,
    }
}
