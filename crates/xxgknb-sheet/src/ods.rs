//! What calamine does not give for ODS: merged regions and cell borders.
//! They are read from `content.xml`: spans from
//! `table:number-columns-spanned` / `table:number-rows-spanned` on a
//! `table:table-cell`, borders from the automatic cell styles
//! (`fo:border*` on `style:table-cell-properties`) applied by a cell's
//! `table:style-name` or its column's `table:default-cell-style-name`,
//! walking rows, columns and cells with their repeat counts. The same pass
//! measures each sheet's used area, so a sheet that would make calamine
//! allocate a huge dense range is refused first.

use crate::grid::Merge;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::{BufReader, Cursor, Read};
use xxgknb_core::{AdapterError, Limits};

/// Merged regions and used area of one `table:table`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OdsSheet {
    /// The sheet's `table:name`.
    pub name: String,
    /// Merged regions, 0-based inclusive.
    pub merges: Vec<Merge>,
    /// Rows up to the last one holding a cell with content.
    pub used_rows: u64,
    /// Columns up to the last one holding a cell with content.
    pub used_cols: u64,
    /// Cells drawn with a border, 0-based (row, column); at most
    /// [`Limits::max_cells_per_table`] are recorded.
    pub bordered: Vec<(u32, u32)>,
}

const FORMAT: &str = "ods";

fn corrupt(detail: String) -> AdapterError {
    AdapterError::Corrupt {
        format: FORMAT,
        detail,
    }
}

/// Read the sheets' merged regions from an ODS file's `content.xml`.
pub fn read_sheets(bytes: &[u8], limits: &Limits) -> Result<Vec<OdsSheet>, AdapterError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| corrupt(format!("not a readable zip archive: {e}")))?;
    let entry = archive
        .by_name("content.xml")
        .map_err(|e| corrupt(format!("no content.xml: {e}")))?;
    parse_content(BufReader::new(entry.take(limits.max_entry_bytes)), limits)
}

/// Numeric attribute value, `default` when absent or unreadable.
fn num_attr(e: &BytesStart<'_>, name: &str, default: u64) -> u64 {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .value
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|&n| n >= 1)
            .unwrap_or(default),
        _ => default,
    }
}

/// Does a `style:table-cell-properties` element draw any border?
fn draws_border(e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| {
        let key = a.key.as_ref();
        (key == "fo:border" || key.starts_with("fo:border-"))
            && !key.starts_with("fo:border-line-width")
            && !matches!(a.value.trim(), "" | "none" | "hidden")
    })
}

/// String value of an attribute.
fn str_attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => Some(a.value.into_owned()),
        _ => None,
    }
}

/// Where the walk is inside the current top-level table.
#[derive(Default)]
struct Walk {
    sheet: Option<OdsSheet>,
    /// Depth of tables nested inside cells (ignored).
    nested: usize,
    row: u64,
    row_repeat: u64,
    col: u64,
    /// Next column index for `table:table-column` elements.
    column: u64,
    /// Columns whose default cell style draws a border: (first, count).
    bordered_columns: Vec<(u64, u64)>,
    /// Most bordered cells recorded for this sheet.
    border_budget: usize,
}

impl Walk {
    fn column(&mut self, e: &BytesStart<'_>, bordered_styles: &HashSet<String>) {
        let repeat = num_attr(e, "table:number-columns-repeated", 1);
        if str_attr(e, "table:default-cell-style-name")
            .is_some_and(|n| bordered_styles.contains(&n))
        {
            self.bordered_columns.push((self.column, repeat));
        }
        self.column = self.column.saturating_add(repeat);
    }

    /// Record the cells of a repeated run as bordered, within budget.
    fn mark_bordered(&mut self, repeat: u64) {
        let Some(sheet) = self.sheet.as_mut() else {
            return;
        };
        'rows: for r in self.row..self.row.saturating_add(self.row_repeat) {
            for c in self.col..self.col.saturating_add(repeat) {
                if self.border_budget == 0 {
                    break 'rows;
                }
                if let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) {
                    sheet.bordered.push((r, c));
                    self.border_budget -= 1;
                }
            }
        }
    }

    fn cell(
        &mut self,
        e: &BytesStart<'_>,
        has_children: bool,
        covered: bool,
        bordered_styles: &HashSet<String>,
    ) {
        let bordered = match str_attr(e, "table:style-name") {
            Some(n) => bordered_styles.contains(&n),
            None => self
                .bordered_columns
                .iter()
                .any(|&(first, count)| self.col >= first && self.col < first.saturating_add(count)),
        };
        if bordered {
            self.mark_bordered(num_attr(e, "table:number-columns-repeated", 1));
        }
        let Some(sheet) = self.sheet.as_mut() else {
            return;
        };
        let repeat = num_attr(e, "table:number-columns-repeated", 1);
        let content =
            has_children || matches!(e.try_get_attribute("office:value-type"), Ok(Some(_)));
        if !covered {
            let cs = num_attr(e, "table:number-columns-spanned", 1);
            let rs = num_attr(e, "table:number-rows-spanned", 1);
            if (cs > 1 || rs > 1)
                && self.row <= u64::from(u32::MAX)
                && self.col <= u64::from(u32::MAX)
            {
                let clamp = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
                sheet.merges.push(Merge::new(
                    clamp(self.row),
                    clamp(self.col),
                    clamp(self.row.saturating_add(rs - 1)),
                    clamp(self.col.saturating_add(cs - 1)),
                ));
            }
        }
        if content {
            sheet.used_rows = sheet
                .used_rows
                .max(self.row.saturating_add(self.row_repeat));
            sheet.used_cols = sheet.used_cols.max(self.col.saturating_add(repeat));
        }
        self.col = self.col.saturating_add(repeat);
    }
}

/// Walk `content.xml`.
fn parse_content<R: std::io::BufRead>(
    input: R,
    limits: &Limits,
) -> Result<Vec<OdsSheet>, AdapterError> {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut depth = 0usize;
    let mut sheets = Vec::new();
    let mut w = Walk::default();
    // automatic cell styles that draw a border, and the one being read
    let mut bordered_styles: HashSet<String> = HashSet::new();
    let mut style: Option<String> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(format!("content.xml is not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(AdapterError::LimitExceeded {
                        what: "XML element depth",
                        limit: limits.max_xml_depth as u64,
                    });
                }
                match e.name().as_ref() {
                    "table:table" if w.sheet.is_some() => w.nested += 1,
                    "table:table" => {
                        let name = match e.try_get_attribute("table:name") {
                            Ok(Some(a)) => a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_else(|_| a.value.clone().into_owned()),
                            _ => String::new(),
                        };
                        w = Walk {
                            sheet: Some(OdsSheet {
                                name,
                                ..OdsSheet::default()
                            }),
                            border_budget: limits.max_cells_per_table,
                            ..Walk::default()
                        };
                    }
                    "style:style" => {
                        style = (str_attr(&e, "style:family").as_deref() == Some("table-cell"))
                            .then(|| str_attr(&e, "style:name"))
                            .flatten();
                    }
                    "style:table-cell-properties" => {
                        if let Some(n) = style.as_ref().filter(|_| draws_border(&e)) {
                            bordered_styles.insert(n.clone());
                        }
                    }
                    _ if w.nested > 0 => {}
                    "table:table-row" => {
                        w.row_repeat = num_attr(&e, "table:number-rows-repeated", 1);
                        w.col = 0;
                    }
                    "table:table-cell" => w.cell(&e, true, false, &bordered_styles),
                    "table:covered-table-cell" => w.cell(&e, true, true, &bordered_styles),
                    "table:table-column" => w.column(&e, &bordered_styles),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if w.nested > 0 {
                    continue;
                }
                match e.name().as_ref() {
                    "table:table-cell" => w.cell(&e, false, false, &bordered_styles),
                    "table:covered-table-cell" => w.cell(&e, false, true, &bordered_styles),
                    "table:table-column" => w.column(&e, &bordered_styles),
                    "style:table-cell-properties" => {
                        if let Some(n) = style.as_ref().filter(|_| draws_border(&e)) {
                            bordered_styles.insert(n.clone());
                        }
                    }
                    "table:table-row" => {
                        let n = num_attr(&e, "table:number-rows-repeated", 1);
                        w.row = w.row.saturating_add(n);
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "style:style" => style = None,
                    "table:table" if w.nested > 0 => w.nested -= 1,
                    "table:table" => {
                        if let Some(s) = w.sheet.take() {
                            sheets.push(s);
                        }
                    }
                    _ if w.nested > 0 => {}
                    "table:table-row" => w.row = w.row.saturating_add(w.row_repeat),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Vec<OdsSheet> {
        parse_content(xml.as_bytes(), &Limits::default()).expect("parse")
    }

    #[test]
    fn spans_with_repeats_and_covered_cells() {
        let xml = r#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="表1">
<table:table-row><table:table-cell table:number-columns-spanned="3"><text:p>标题</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="4"/></table:table-row>
<table:table-row><table:table-cell/><table:table-cell table:number-rows-spanned="2" office:value-type="float" office:value="3"><text:p>3</text:p></table:table-cell></table:table-row>
<table:table-row><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="B&amp;C"><table:table-row><table:table-cell><table:table table:name="inner"><table:table-row><table:table-cell table:number-columns-spanned="9"/></table:table-row></table:table></table:table-cell></table:table-row></table:table>
</office:spreadsheet></office:body></office:document-content>"#;
        let s = parse(xml);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].name, "表1");
        assert_eq!(
            s[0].merges,
            vec![Merge::new(0, 0, 0, 2), Merge::new(3, 1, 4, 1)]
        );
        assert_eq!((s[0].used_rows, s[0].used_cols), (4, 2));
        assert_eq!(s[1].name, "B&C");
        assert!(s[1].merges.is_empty(), "nested table spans are ignored");
    }

    #[test]
    fn borders_from_cell_and_column_styles() {
        let xml = r#"<office:document-content><office:automatic-styles>
<style:style style:name="ce1" style:family="table-cell"><style:table-cell-properties fo:border="0.5pt solid #000000"/></style:style>
<style:style style:name="ce2" style:family="table-cell"><style:table-cell-properties fo:border="none" fo:border-left="none"/></style:style>
<style:style style:name="ce3" style:family="table-cell"><style:table-cell-properties fo:border-bottom="0.06pt solid #000000"/></style:style>
<style:style style:name="co1" style:family="table-column"><style:table-column-properties fo:border="1pt solid"/></style:style>
</office:automatic-styles><office:body><office:spreadsheet>
<table:table table:name="S">
<table:table-column table:default-cell-style-name="ce2"/><table:table-column table:number-columns-repeated="2" table:default-cell-style-name="ce3"/>
<table:table-row><table:table-cell table:style-name="ce1"/><table:table-cell table:style-name="ce2"/><table:table-cell/></table:table-row>
<table:table-row table:number-rows-repeated="2"><table:table-cell table:style-name="ce2" table:number-columns-repeated="2"/><table:table-cell table:style-name="ce1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let s = parse(xml);
        assert_eq!(s[0].bordered, vec![(0, 0), (0, 2), (1, 2), (2, 2)]);
    }

    #[test]
    fn bordered_cells_are_capped() {
        let xml = r#"<office:automatic-styles><style:style style:name="b" style:family="table-cell"><style:table-cell-properties fo:border="thin"/></style:style></office:automatic-styles>
<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:style-name="b" table:number-columns-repeated="16384"/></table:table-row></table:table>"#;
        let limits = Limits {
            max_cells_per_table: 100,
            ..Limits::default()
        };
        let s = parse_content(xml.as_bytes(), &limits).expect("parse");
        assert_eq!(s[0].bordered.len(), 100);
    }

    #[test]
    fn broken_xml_is_corrupt_not_panic() {
        let r = parse_content(
            &b"<table:table><table:table-row></table:table>"[..],
            &Limits::default(),
        );
        assert!(matches!(r, Err(AdapterError::Corrupt { .. })));
    }

    #[test]
    fn depth_limit() {
        let xml = "<a>".repeat(40);
        let limits = Limits {
            max_xml_depth: 32,
            ..Limits::default()
        };
        assert!(matches!(
            parse_content(xml.as_bytes(), &limits),
            Err(AdapterError::LimitExceeded { .. })
        ));
    }
}
