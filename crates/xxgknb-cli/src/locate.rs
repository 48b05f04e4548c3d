//! Where a finding is, said so that the user can find it in the file: the
//! page, table, row and column of a PDF, the table and cell or paragraph of
//! a Word file, `Sheet!B6` of a workbook, the line and column of a web
//! page's source, `path:line:col` only for plain text.

use crate::view::SourceView;
use xxgknb_core::Finding;

/// How to show a finding's place.
pub struct Place {
    /// The place in the user's file, e.g. `报告.docx 表2 第5行第3列`.
    pub header: Option<String>,
    /// Whether the snippet of the rendered source helps (its line numbers
    /// are the file's own only for text).
    pub show_snippet: bool,
    /// The row as the reader sees it, with the offending cell marked.
    pub row: Option<String>,
}

/// The finding's place in the file named `name`.
pub fn place(name: &str, f: &Finding, view: &SourceView) -> Place {
    let src = f.location.source.describe_as(view.line_unit);
    Place {
        header: (!src.is_empty()).then(|| format!("{name} {src}")),
        show_snippet: true,
        row: None,
    }
}

/// The cell in the model's terms: table / row / column names.
pub fn cell_note(f: &Finding) -> Option<String> {
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
    (!parts.is_empty()).then(|| format!("单元格：{}", parts.join(" / ")))
}
