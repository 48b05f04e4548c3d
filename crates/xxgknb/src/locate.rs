//! Where a finding is, said so that the user can find it in the file: the
//! page, table, row and column of a PDF, the table and cell or paragraph of
//! a Word file or web page, `Sheet!B6` of a workbook; `path:line:col` (the
//! snippet's header) only for plain text, where it is true.

use crate::view::SourceView;
use unicode_width::UnicodeWidthStr;
use xxgknb_core::{Finding, SourcePos};

/// How to show a finding's place.
pub struct Place {
    /// The place in the user's file, e.g. `报告.docx 表2 第5行第3列`
    /// (`None` for plain text: the snippet's `path:line:col` is the place).
    pub header: Option<String>,
    /// Whether to show the snippet with line numbers (plain text only: its
    /// line numbers are the file's own).
    pub show_snippet: bool,
    /// The row as the reader sees it, with the offending cell marked
    /// (formats other than plain text).
    pub row: Option<String>,
}

/// `T2R4C5` or `R4C5` → (table, row, column).
pub fn parse_grid_ref(cell: &str) -> Option<(Option<u32>, u32, u32)> {
    let (table, rest) = match cell.strip_prefix('T') {
        Some(t) => {
            let i = t.find('R')?;
            (Some(t.get(..i)?.parse().ok()?), t.get(i..)?)
        }
        None => (None, cell),
    };
    let rest = rest.strip_prefix('R')?;
    let (r, c) = rest.split_once('C')?;
    Some((table, r.parse().ok()?, c.parse().ok()?))
}

/// The place of a position in a file read as `format`, in Chinese
/// (`None` when the position says nothing).
pub fn describe(format: &str, pos: &SourcePos, table_no: Option<usize>) -> Option<String> {
    let grid = pos.cell.as_deref().and_then(parse_grid_ref);
    let mut parts = Vec::new();
    match format {
        "xlsx" | "xls" | "ods" => match (&pos.sheet, &pos.cell) {
            (Some(s), Some(c)) => parts.push(format!("{s}!{c}")),
            (Some(s), None) => parts.push(format!("工作表“{s}”")),
            (None, Some(c)) => parts.push(c.clone()),
            (None, None) => {}
        },
        "pdf" => {
            if let Some(p) = pos.page {
                parts.push(format!("第{p}页"));
            }
            match grid {
                Some(cell) => grid_parts(&mut parts, cell, table_no),
                None => {
                    if let Some(l) = pos.line {
                        parts.push(format!("第{l}行"));
                    }
                }
            }
        }
        _ => match grid {
            Some(cell) => grid_parts(&mut parts, cell, table_no),
            None => {
                if let Some(p) = pos.page {
                    parts.push(format!("第{p}页"));
                }
                if let Some(l) = pos.line {
                    parts.push(format!("第{l}段"));
                }
            }
        },
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `表2 第5行第3列` for a grid cell (table, row, column; the table number
/// from the reference, else `table_no`).
fn grid_parts(
    parts: &mut Vec<String>,
    (t, r, c): (Option<u32>, u32, u32),
    table_no: Option<usize>,
) {
    let t = t.map(|t| t as usize).or(table_no);
    if let Some(t) = t.filter(|t| *t > 0) {
        parts.push(format!("表{t}"));
    }
    parts.push(format!("第{r}行第{c}列"));
}

/// The row with the cell marked: the row, then `^` under the cell (in
/// terminal columns: a Chinese character takes two).
fn marked_row(text: &str, cell: std::ops::Range<usize>) -> Option<String> {
    let before = text.get(..cell.start)?;
    let inside = text.get(cell.clone())?;
    let pad = UnicodeWidthStr::width(before);
    let width = UnicodeWidthStr::width(inside).max(1);
    Some(format!(
        "该行：{text}\n      {}{}",
        " ".repeat(pad),
        "^".repeat(width)
    ))
}

/// The finding's place in the file named `name`.
pub fn place(name: &str, f: &Finding, view: &SourceView) -> Place {
    let pos = &f.location.source;
    if view.format == "txt" {
        return Place {
            header: None,
            show_snippet: true,
            row: None,
        };
    }
    // where the format knows the source line (HTML), `path:line:col` is
    // true and editors open it
    let name = match (pos.source_line, pos.source_column) {
        (Some(l), Some(c)) => format!("{name}:{l}:{c}"),
        (Some(l), None) => format!("{name}:{l}"),
        _ => name.to_string(),
    };
    let header = describe(&view.format, pos, view.table_of(pos)).map(|d| format!("{name} {d}"));
    let row = view
        .row(pos)
        .and_then(|r| marked_row(r.text.trim_end(), r.cell));
    Place {
        header,
        show_snippet: false,
        row,
    }
}

/// The cell in the model's terms: table / row / column names, e.g.
/// `收到和处理政府信息公开申请情况表 / 一、本年新收 / 总计列`.
pub fn cell_label(f: &Finding) -> Option<String> {
    let l = &f.location;
    let mut parts = Vec::new();
    if let Some(t) = &l.table {
        parts.push(xxgknb_core::keys::table_name(t).to_string());
    }
    if let Some(r) = &l.row {
        let n = xxgknb_core::keys::row_name(r);
        parts.push(if n.is_empty() {
            r.clone()
        } else {
            n.to_string()
        });
    }
    if let Some(c) = &l.column {
        let n = xxgknb_core::keys::column_name(c);
        parts.push(if n.is_empty() {
            c.clone()
        } else {
            format!("{n}列")
        });
    }
    (!parts.is_empty()).then(|| parts.join(" / "))
}

/// The cell in the model's terms, as a note: `单元格：…`.
pub fn cell_note(f: &Finding) -> Option<String> {
    cell_label(f).map(|l| format!("单元格：{l}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_refs() {
        assert_eq!(parse_grid_ref("T2R4C5"), Some((Some(2), 4, 5)));
        assert_eq!(parse_grid_ref("R3C1"), Some((None, 3, 1)));
        assert_eq!(parse_grid_ref("B7"), None);
    }

    #[test]
    fn places_per_format() {
        let pos = |page, line, sheet: Option<&str>, cell: Option<&str>| SourcePos {
            page,
            line,
            sheet: sheet.map(String::from),
            cell: cell.map(String::from),
            ..SourcePos::default()
        };
        let d = |f, p: &SourcePos, t| describe(f, p, t).unwrap_or_default();
        assert_eq!(
            d("pdf", &pos(Some(3), Some(9), None, Some("R5C3")), Some(2)),
            "第3页 表2 第5行第3列"
        );
        assert_eq!(
            d("pdf", &pos(Some(3), Some(9), None, None), None),
            "第3页 第9行"
        );
        assert_eq!(
            d("docx", &pos(None, Some(40), None, Some("T2R5C3")), None),
            "表2 第5行第3列"
        );
        assert_eq!(d("docx", &pos(None, Some(12), None, None), None), "第12段");
        assert_eq!(
            d(
                "xlsx",
                &pos(Some(1), None, Some("主动公开"), Some("B6")),
                None
            ),
            "主动公开!B6"
        );
        assert_eq!(
            d("html", &pos(None, Some(12), None, Some("T1R2C2")), None),
            "表1 第2行第2列"
        );
    }

    #[test]
    fn the_cell_is_marked_under_its_columns() {
        let row = "| 规章 | 2 | 0 |";
        let start = row.find('2').unwrap_or(0);
        let m = marked_row(row, start..start + 1).unwrap_or_default();
        let lines: Vec<&str> = m.lines().collect();
        assert_eq!(lines[0], "该行：| 规章 | 2 | 0 |");
        // 该行： is six columns wide, "| 规章 | " nine
        assert_eq!(lines[1], format!("{}^", " ".repeat(6 + 9)));
    }
}
