//! The one place where source-format adapters are registered. A new format
//! is a new crate, a cargo feature in this crate and one `.with(...)` line
//! here.

use xxgknb_core::Registry;

/// Every adapter compiled in (see the crate's features), in the order ties
/// are broken.
pub fn registry() -> Registry {
    let registry = Registry::new();
    #[cfg(feature = "pdf")]
    let registry = registry.with(xxgknb_pdf::PdfAdapter);
    #[cfg(feature = "doc")]
    let registry = registry.with(xxgknb_doc::DocAdapter);
    #[cfg(feature = "docx")]
    let registry = registry.with(xxgknb_docx::DocxAdapter);
    #[cfg(feature = "sheet")]
    let registry = registry.with(xxgknb_sheet::SheetAdapter);
    #[cfg(feature = "html")]
    let registry = registry.with(xxgknb_html::HtmlAdapter);
    #[cfg(feature = "text")]
    let registry = registry.with(xxgknb_text::TextAdapter);
    registry
}

/// File extensions that hold reports, for walking folders (a file named
/// explicitly is read whatever its name: formats are sniffed from content).
pub const REPORT_EXTENSIONS: &[&str] = &[
    "pdf", "docx", "doc", "wps", "xlsx", "xls", "ods", "html", "htm", "shtml", "shtm", "xhtml",
    "mht", "mhtml", "txt",
];

/// Lower-case extension of a path, without the dot.
pub fn extension(path: &std::path::Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Whether a folder walk should take this file: a known report extension
/// and not a hidden file.
pub fn is_report_file(path: &std::path::Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    !hidden && extension(path).is_some_and(|e| REPORT_EXTENSIONS.contains(&e.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_default_adapter_is_registered() {
        assert_eq!(
            registry().names(),
            ["pdf", "doc", "docx", "sheet", "html", "txt"]
        );
    }

    #[test]
    fn folder_walks_take_report_files_only() {
        assert!(is_report_file(Path::new("a/报告.PDF")));
        assert!(is_report_file(Path::new("page.shtml")));
        assert!(!is_report_file(Path::new("a/.hidden.pdf")));
        assert!(!is_report_file(Path::new("notes.json")));
        assert!(!is_report_file(Path::new("README")));
    }
}
