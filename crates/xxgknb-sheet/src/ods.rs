//! What calamine does not give for ODS: merged regions. They are read from
//! `content.xml` (`table:number-columns-spanned` / `table:number-rows-spanned`
//! on a `table:table-cell`), walking rows and cells with their repeat
//! counts. The same pass measures each sheet's used area, so a sheet that
//! would make calamine allocate a huge dense range is refused first.

use crate::grid::Merge;
use quick_xml::events::{BytesStart, Event};
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

/// Where the walk is inside the current top-level table.
#[derive(Default)]
struct Walk {
    sheet: Option<OdsSheet>,
    /// Depth of tables nested inside cells (ignored).
    nested: usize,
    row: u64,
    row_repeat: u64,
    col: u64,
}

impl Walk {
    fn cell(&mut self, e: &BytesStart<'_>, has_children: bool, covered: bool) {
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
                            ..Walk::default()
                        };
                    }
                    _ if w.nested > 0 => {}
                    "table:table-row" => {
                        w.row_repeat = num_attr(&e, "table:number-rows-repeated", 1);
                        w.col = 0;
                    }
                    "table:table-cell" => w.cell(&e, true, false),
                    "table:covered-table-cell" => w.cell(&e, true, true),
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if w.nested > 0 {
                    continue;
                }
                match e.name().as_ref() {
                    "table:table-cell" => w.cell(&e, false, false),
                    "table:covered-table-cell" => w.cell(&e, false, true),
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
