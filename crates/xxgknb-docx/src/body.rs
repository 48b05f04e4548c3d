//! Walks the main document part (`word/document.xml`) with quick-xml and
//! returns its body as a small tree: paragraphs and tables in document
//! order, table cells with their raw merge properties (`gridSpan`,
//! `vMerge`, `hMerge`) and their own content (paragraphs, nested tables).
//!
//! Only what is displayed is kept: deleted revisions (`w:del`,
//! `w:moveFrom`, deleted rows), hidden runs (`w:vanish`), field
//! instructions, ruby annotations (`w:rt`), the fallback branch of
//! `mc:AlternateContent` and property change records are skipped; content controls (`w:sdt`), custom XML,
//! smart tags, hyperlinks and inserted revisions are read through.

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use xxgknb_core::{AdapterError, Limits};

use crate::numbering::Numbering;
use xxgknb_core::Deadline;

/// A block of the body or of a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph (`w:p`).
    Para(Para),
    /// A table (`w:tbl`).
    Table(RawTable),
    /// A picture placed in a paragraph (`a:blip`, VML `v:imagedata`),
    /// after that paragraph's text.
    Picture(PictureLink),
}

/// A picture as the main part names it: a relationship id, resolved to
/// its part (`word/media/image1.png`) through the part's relationships.
#[derive(Debug, Clone, PartialEq)]
pub struct PictureLink {
    /// `r:embed` / `r:id`.
    pub rel: String,
    /// Displayed width in EMU (`wp:extent cx`; 914400 a inch), when given.
    pub width_emu: Option<u64>,
}

/// A paragraph's visible text.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// 1-based ordinal of the `w:p` in document order (cell paragraphs
    /// included), used as the source line.
    pub index: u32,
    /// The text split at manual line breaks (`w:br`, `w:cr`); one entry
    /// when there are none.
    pub lines: Vec<String>,
}

/// A table as written: rows of cells with their merge properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawTable {
    /// Rows in order.
    pub rows: Vec<RawRow>,
}

/// One `w:tr`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawRow {
    /// Grid columns skipped before the first cell (`w:gridBefore`).
    pub grid_before: u32,
    /// The row is a tracked deletion (`w:trPr/w:del`).
    pub deleted: bool,
    /// Cells in order.
    pub cells: Vec<RawCell>,
}

/// A merge mark on a cell (`w:vMerge` or legacy `w:hMerge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Merge {
    /// Not merged.
    #[default]
    None,
    /// Starts a merged region.
    Restart,
    /// Continues the region started before it.
    Continue,
}

/// One `w:tc`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    /// Grid columns the cell covers (`w:gridSpan`, default 1).
    pub grid_span: u32,
    /// Vertical merge mark.
    pub v_merge: Merge,
    /// Legacy horizontal merge mark.
    pub h_merge: Merge,
    /// Content: paragraphs and nested tables.
    pub items: Vec<Item>,
}

impl Default for RawCell {
    fn default() -> Self {
        RawCell {
            grid_span: 1,
            v_merge: Merge::None,
            h_merge: Merge::None,
            items: Vec::new(),
        }
    }
}

/// What a paragraph's properties say about its list label.
#[derive(Debug, Default)]
struct ParaProps {
    /// `w:pStyle`.
    style: Option<String>,
    /// `w:numPr`: numId and, if given, ilvl.
    num: Option<(u32, Option<usize>)>,
}

/// Format name used in errors.
const FORMAT: &str = "docx";

/// How often (in XML events) the deadline is checked.
const DEADLINE_EVERY: u32 = 4096;

/// Elements whose whole subtree is not displayed text (or is a duplicate
/// of displayed text) and is skipped wherever it occurs.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "del"
            | "moveFrom"
            | "Fallback"
            | "instrText"
            | "delText"
            | "delInstrText"
            | "sectPr"
            | "sdtPr"
            | "sdtEndPr"
            | "customXmlPr"
            | "pPrChange"
            | "rPrChange"
            | "tcPrChange"
            | "trPrChange"
            | "tblPrChange"
            | "tblGridChange"
            | "sectPrChange"
            | "numberingChange"
            | "footnoteReference"
            | "endnoteReference"
            | "commentReference"
            | "annotationRef"
            | "rt"
    )
}

/// Parse the main document part into the body's items; list labels come
/// from `numbering` (pass an empty one when the package has none).
pub fn parse(
    xml: &str,
    limits: &Limits,
    deadline: &Deadline,
    numbering: &mut Numbering,
) -> Result<Vec<Item>, AdapterError> {
    let mut w = Walker::new(xml, limits, deadline, numbering);
    loop {
        match w.next()? {
            Event::Start(e) if e.local_name().as_ref() == "body" => return w.container(),
            Event::Eof => {
                return Err(AdapterError::Corrupt {
                    format: FORMAT,
                    detail: "the main document part has no <w:body>".into(),
                })
            }
            _ => {}
        }
    }
}

/// What an element handler did with a Start it was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// It read the element to its End itself.
    Consumed,
    /// The walk goes on inside the element.
    Enter,
}

/// Where a paragraph's walk is: inside a run, its properties, its text,
/// and whether the run is hidden.
#[derive(Debug, Default)]
struct RunState {
    in_run: bool,
    in_rpr: bool,
    in_text: bool,
    hidden: bool,
}

impl RunState {
    /// A Start inside the paragraph (one the walk goes into).
    fn start(&mut self, name: &str, e: &BytesStart<'_>, lines: &mut Vec<String>) {
        match name {
            "r" => {
                self.in_run = true;
                self.hidden = false;
            }
            "rPr" if self.in_run => self.in_rpr = true,
            "vanish" if self.in_rpr => self.hidden = is_on(e),
            "t" if self.in_run => self.in_text = true,
            "tab" | "ptab" if self.in_run && !self.hidden => push_text(lines, "\t"),
            "br" | "cr" if self.in_run && !self.hidden => lines.push(String::new()),
            "noBreakHyphen" if self.in_run && !self.hidden => push_text(lines, "-"),
            _ => {}
        }
    }

    /// An End inside the paragraph.
    fn end(&mut self, name: &str) {
        match name {
            "r" => self.in_run = false,
            "rPr" => self.in_rpr = false,
            "t" => self.in_text = false,
            _ => {}
        }
    }

    /// Text inside the paragraph: kept when it is visible run text.
    fn text(&self, s: &str, lines: &mut [String]) {
        if self.in_text && !self.hidden {
            push_text(lines, s);
        }
    }
}

/// Append text to the last line.
fn push_text(lines: &mut [String], s: &str) {
    if let Some(l) = lines.last_mut() {
        l.push_str(s);
    }
}

/// The event loop state.
struct Walker<'a, 'l> {
    reader: Reader<&'a [u8]>,
    numbering: &'l mut Numbering,
    limits: &'l Limits,
    deadline: &'l Deadline,
    depth: usize,
    until_check: u32,
    paragraphs: u32,
    cells: usize,
}

/// An attribute of an element by its local name (`r:embed` → `embed`).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The `w:val` attribute of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.into_owned())
}

/// An on/off property is on unless its `w:val` says otherwise.
fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

/// A merge mark: `restart` starts, anything else (usually no `w:val`)
/// continues.
fn merge(e: &BytesStart<'_>) -> Merge {
    match val(e).as_deref() {
        Some("restart") => Merge::Restart,
        _ => Merge::Continue,
    }
}

/// A non-negative count attribute (`gridSpan`, `gridBefore`); malformed
/// values count as `default`.
fn count(e: &BytesStart<'_>, default: u32) -> u32 {
    val(e)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(default)
}

/// Text of an entity or character reference (`&amp;`, `&#x4E00;`).
fn resolve_ref(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = r;
    match quick_xml::escape::resolve_predefined_entity(name) {
        Some(s) => s.to_string(),
        None => format!("&{name};"),
    }
}

impl<'a, 'l> Walker<'a, 'l> {
    fn new(
        xml: &'a str,
        limits: &'l Limits,
        deadline: &'l Deadline,
        numbering: &'l mut Numbering,
    ) -> Self {
        let mut reader = Reader::from_str(xml);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.trim_text(false);
        Walker {
            reader,
            numbering,
            limits,
            deadline,
            depth: 0,
            until_check: DEADLINE_EVERY,
            paragraphs: 0,
            cells: 0,
        }
    }

    /// The next event, with errors mapped, depth and deadline enforced.
    fn next(&mut self) -> Result<Event<'a>, AdapterError> {
        self.until_check = self.until_check.saturating_sub(1);
        if self.until_check == 0 {
            self.until_check = DEADLINE_EVERY;
            self.deadline.check()?;
        }
        let ev = self
            .reader
            .read_event()
            .map_err(|e| AdapterError::Corrupt {
                format: FORMAT,
                detail: format!(
                    "the main document part is not well-formed XML near byte {}: {e}",
                    self.reader.error_position()
                ),
            })?;
        match &ev {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > self.limits.max_xml_depth {
                    return Err(AdapterError::LimitExceeded {
                        what: "XML nesting depth",
                        limit: self.limits.max_xml_depth as u64,
                    });
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Ok(ev)
    }

    /// Error for input that ends inside an element.
    fn truncated(what: &str) -> AdapterError {
        AdapterError::Corrupt {
            format: FORMAT,
            detail: format!("the main document part ends inside <w:{what}>"),
        }
    }

    /// Walk the inside of an element whose Start was just read, up to its
    /// End (the one depth-counting loop of the reader). `on` sees every
    /// event inside; for a Start it says whether it consumed the element
    /// ([`Step::Consumed`]: read to its End itself) or the walk should go
    /// into it ([`Step::Enter`]). Input that ends first is an error naming
    /// `what`.
    fn walk(
        &mut self,
        what: &str,
        mut on: impl FnMut(&mut Self, &Event<'a>) -> Result<Step, AdapterError>,
    ) -> Result<(), AdapterError> {
        let mut level = 1usize;
        loop {
            let ev = self.next()?;
            match &ev {
                Event::Start(_) => {
                    if on(self, &ev)? == Step::Enter {
                        level += 1;
                    }
                }
                Event::End(_) => {
                    level -= 1;
                    if level == 0 {
                        return Ok(());
                    }
                    on(self, &ev)?;
                }
                Event::Eof => return Err(Self::truncated(what)),
                _ => {
                    on(self, &ev)?;
                }
            }
        }
    }

    /// Consume the rest of an element whose Start was just read.
    fn skip(&mut self) -> Result<(), AdapterError> {
        self.walk("...", |_, _| Ok(Step::Enter))
    }

    /// Handle a block-level Start (`p`, `tbl`, skipped elements). Returns
    /// false when the element is not one of those (the caller reads
    /// through it).
    fn block(&mut self, name: &str, items: &mut Vec<Item>) -> Result<bool, AdapterError> {
        match name {
            "p" => {
                let (p, extra) = self.paragraph()?;
                items.push(Item::Para(p));
                items.extend(extra);
            }
            "tbl" => {
                let t = self.table()?;
                items.push(Item::Table(t));
            }
            n if skipped(n) => self.skip()?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Blocks inside an element whose Start was just read: elements that
    /// are not blocks are read through.
    fn blocks_in(&mut self, what: &str, items: &mut Vec<Item>) -> Result<(), AdapterError> {
        self.walk(what, |w, ev| match ev {
            Event::Start(e) if w.block(e.local_name().as_ref(), items)? => Ok(Step::Consumed),
            _ => Ok(Step::Enter),
        })
    }

    /// Blocks of a container element (`w:body`, `w:txbxContent`) whose
    /// Start was just read, up to its End.
    fn container(&mut self) -> Result<Vec<Item>, AdapterError> {
        let mut items = Vec::new();
        self.blocks_in("body", &mut items)?;
        Ok(items)
    }

    /// A paragraph whose Start was just read. Text boxes anchored in it
    /// are returned as extra items to place after it.
    fn paragraph(&mut self) -> Result<(Para, Vec<Item>), AdapterError> {
        self.paragraphs += 1;
        let index = self.paragraphs;
        let mut lines = vec![String::new()];
        let mut extra = Vec::new();
        let mut run = RunState::default();
        let mut props = ParaProps::default();
        let mut extent: Option<u64> = None;
        self.walk("p", |w, ev| {
            match ev {
                Event::Start(e) => match e.local_name().as_ref() {
                    n if skipped(n) => {
                        w.skip()?;
                        return Ok(Step::Consumed);
                    }
                    "pPr" => {
                        props = w.paragraph_props()?;
                        return Ok(Step::Consumed);
                    }
                    "txbxContent" => {
                        extra.extend(w.container()?);
                        return Ok(Step::Consumed);
                    }
                    "extent" => extent = attr(e, "cx").and_then(|v| v.trim().parse().ok()),
                    n @ ("blip" | "imagedata") => {
                        let rel = attr(e, if n == "blip" { "embed" } else { "id" });
                        if let Some(rel) = rel {
                            extra.push(Item::Picture(PictureLink {
                                rel,
                                width_emu: extent.take(),
                            }));
                        }
                    }
                    n => run.start(n, e, &mut lines),
                },
                Event::End(e) => run.end(e.local_name().as_ref()),
                Event::Text(t) => run.text(&t.xml10_content(), &mut lines),
                Event::CData(t) => run.text(&t.xml10_content(), &mut lines),
                Event::GeneralRef(r) => run.text(&resolve_ref(r), &mut lines),
                _ => {}
            }
            Ok(Step::Enter)
        })?;
        if props.num.is_some() || props.style.is_some() {
            if let Some(label) = self.numbering.label(props.num, props.style.as_deref()) {
                if let Some(first) = lines.first_mut() {
                    first.insert_str(0, &label);
                }
            }
        }
        Ok((Para { index, lines }, extra))
    }

    /// Paragraph properties (`w:pPr`) whose Start was just read: the style
    /// and list numbering, the rest skipped.
    fn paragraph_props(&mut self) -> Result<ParaProps, AdapterError> {
        let mut props = ParaProps::default();
        let mut num_id = None;
        let mut ilvl = None;
        self.walk("pPr", |w, ev| {
            if let Event::Start(e) = ev {
                match e.local_name().as_ref() {
                    n if n == "rPr" || skipped(n) => {
                        w.skip()?;
                        return Ok(Step::Consumed);
                    }
                    "pStyle" => props.style = val(e),
                    "numId" => num_id = Some(count(e, 0)),
                    "ilvl" => ilvl = Some(count(e, 0) as usize),
                    _ => {}
                }
            }
            Ok(Step::Enter)
        })?;
        props.num = num_id.map(|id| (id, ilvl));
        Ok(props)
    }

    /// A table whose Start was just read.
    fn table(&mut self) -> Result<RawTable, AdapterError> {
        let mut table = RawTable::default();
        let saved_cells = std::mem::replace(&mut self.cells, 0);
        self.walk("tbl", |w, ev| {
            let Event::Start(e) = ev else {
                return Ok(Step::Enter);
            };
            match e.local_name().as_ref() {
                "tr" => table.rows.push(w.row()?),
                "tblPr" | "tblGrid" | "tblPrEx" | "tbl" | "p" => w.skip()?,
                n if skipped(n) => w.skip()?,
                _ => return Ok(Step::Enter),
            }
            Ok(Step::Consumed)
        })?;
        self.cells = saved_cells;
        Ok(table)
    }

    /// A row whose Start was just read.
    fn row(&mut self) -> Result<RawRow, AdapterError> {
        let mut row = RawRow::default();
        self.walk("tr", |w, ev| {
            let Event::Start(e) = ev else {
                return Ok(Step::Enter);
            };
            match e.local_name().as_ref() {
                "tc" => {
                    w.cells += 1;
                    if w.cells > w.limits.max_cells_per_table {
                        return Err(AdapterError::LimitExceeded {
                            what: "cells per table",
                            limit: w.limits.max_cells_per_table as u64,
                        });
                    }
                    row.cells.push(w.cell()?);
                }
                "trPr" => w.row_props(&mut row)?,
                "tblPrEx" | "tbl" | "p" => w.skip()?,
                n if skipped(n) => w.skip()?,
                _ => return Ok(Step::Enter),
            }
            Ok(Step::Consumed)
        })?;
        Ok(row)
    }

    /// Row properties (`w:trPr`) whose Start was just read.
    fn row_props(&mut self, row: &mut RawRow) -> Result<(), AdapterError> {
        self.walk("trPr", |w, ev| {
            if let Event::Start(e) = ev {
                match e.local_name().as_ref() {
                    n if skipped(n) && n != "del" => {
                        w.skip()?;
                        return Ok(Step::Consumed);
                    }
                    "gridBefore" => row.grid_before = count(e, 0),
                    "del" => row.deleted = true,
                    _ => {}
                }
            }
            Ok(Step::Enter)
        })
    }

    /// A cell whose Start was just read.
    fn cell(&mut self) -> Result<RawCell, AdapterError> {
        let mut cell = RawCell::default();
        let mut items = Vec::new();
        self.walk("tc", |w, ev| match ev {
            Event::Start(e) if e.local_name().as_ref() == "tcPr" => {
                w.cell_props(&mut cell)?;
                Ok(Step::Consumed)
            }
            Event::Start(e) if w.block(e.local_name().as_ref(), &mut items)? => Ok(Step::Consumed),
            _ => Ok(Step::Enter),
        })?;
        cell.items = items;
        Ok(cell)
    }

    /// Cell properties (`w:tcPr`) whose Start was just read.
    fn cell_props(&mut self, cell: &mut RawCell) -> Result<(), AdapterError> {
        self.walk("tcPr", |w, ev| {
            if let Event::Start(e) = ev {
                match e.local_name().as_ref() {
                    n if skipped(n) => {
                        w.skip()?;
                        return Ok(Step::Consumed);
                    }
                    "gridSpan" => cell.grid_span = count(e, 1).max(1),
                    "vMerge" => cell.v_merge = merge(e),
                    "hMerge" => cell.h_merge = merge(e),
                    _ => {}
                }
            }
            Ok(Step::Enter)
        })
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn body(inner: &str) -> Vec<Item> {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{inner}</w:body></w:document>"#
        );
        parse(
            &xml,
            &Limits::default(),
            &Deadline::after(Duration::from_secs(10)),
            &mut Numbering::default(),
        )
        .expect("parses")
    }

    fn para(item: &Item) -> &Para {
        match item {
            Item::Para(p) => p,
            _ => panic!("paragraph expected"),
        }
    }

    #[test]
    fn keeps_visible_text_only() {
        let items = body(
            r#"<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t xml:space="preserve">一、 </w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del><w:ins><w:r><w:t>总体&amp;情况</w:t></w:r></w:ins><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>&#x4E00;</w:t></w:r></w:p>"#,
        );
        assert_eq!(para(&items[0]).lines, ["一、 总体&情况一"]);
    }

    #[test]
    fn pictures_follow_their_paragraph_fallbacks_not_read_twice() {
        let items = body(
            r#"<w:p><w:r><w:t>图</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice><w:drawing><wp:inline><wp:extent cx="5760720" cy="8147050"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed="rId4"/></pic:blipFill><pic:spPr><a:xfrm><a:ext cx="1" cy="1"/></a:xfrm></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:imagedata r:id="rId4"/></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p><w:p><w:r><w:pict><v:shape><v:imagedata r:id="rId9" o:title=""/></v:shape></w:pict></w:r></w:p>"#,
        );
        let pictures: Vec<(String, Option<u64>)> = items
            .iter()
            .filter_map(|i| match i {
                Item::Picture(p) => Some((p.rel.clone(), p.width_emu)),
                _ => None,
            })
            .collect();
        assert_eq!(
            pictures,
            [
                ("rId4".to_string(), Some(5_760_720)),
                ("rId9".to_string(), None)
            ]
        );
        assert!(matches!(&items[1], Item::Picture(_)));
        assert_eq!(para(&items[0]).lines, ["图"]);
    }

    #[test]
    fn splits_lines_at_breaks_and_keeps_tabs() {
        let items = body(
            r#"<w:p><w:r><w:t>海东市人民政府</w:t><w:br/><w:t>2024年1月</w:t><w:tab/><w:t>26日</w:t></w:r></w:p><w:p/>"#,
        );
        assert_eq!(para(&items[0]).lines, ["海东市人民政府", "2024年1月\t26日"]);
        assert_eq!(para(&items[1]).index, 2);
    }

    #[test]
    fn reads_through_content_controls_and_text_boxes() {
        let items = body(
            r#"<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:sdtContent></w:sdt><w:p><w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>乙</w:t></w:r></w:p>"#,
        );
        let texts: Vec<String> = items.iter().map(|i| para(i).lines.concat()).collect();
        assert_eq!(texts, ["甲", "乙", "框"]);
    }

    #[test]
    fn reads_cell_properties() {
        let items = body(
            r#"<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:trPr><w:gridBefore w:val="1"/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/><w:tcPrChange><w:tcPr><w:gridSpan w:val="9"/></w:tcPr></w:tcPrChange></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:del/></w:trPr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
        );
        let Item::Table(t) = &items[0] else {
            panic!("table expected")
        };
        assert_eq!(t.rows[0].grid_before, 1);
        assert_eq!(t.rows[0].cells[0].grid_span, 2);
        assert_eq!(t.rows[0].cells[0].v_merge, Merge::Restart);
        assert!(t.rows[1].deleted);
        assert_eq!(t.rows[1].cells[0].v_merge, Merge::Continue);
    }

    #[test]
    fn malformed_xml_is_a_clear_error() {
        let r = parse(
            "<w:document><w:body><w:p><w:r><w:t>x</w:r>",
            &Limits::default(),
            &Deadline::after(Duration::from_secs(10)),
            &mut Numbering::default(),
        );
        assert!(matches!(r, Err(AdapterError::Corrupt { .. })), "{r:?}");
        let r = parse(
            "<w:document><w:body><w:p><w:r><w:t>x",
            &Limits::default(),
            &Deadline::after(Duration::from_secs(10)),
            &mut Numbering::default(),
        );
        assert!(matches!(r, Err(AdapterError::Corrupt { .. })), "{r:?}");
    }

    #[test]
    fn deep_nesting_hits_the_limit() {
        let deep = "<x>".repeat(100);
        let xml = format!("<w:document><w:body><w:p>{deep}");
        let limits = Limits {
            max_xml_depth: 50,
            ..Limits::default()
        };
        let r = parse(
            &xml,
            &limits,
            &Deadline::after(Duration::from_secs(10)),
            &mut Numbering::default(),
        );
        assert!(
            matches!(r, Err(AdapterError::LimitExceeded { .. })),
            "{r:?}"
        );
    }
}
