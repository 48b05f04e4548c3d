//! The one place where source-format adapters are registered. A new format
//! is a new crate plus one `.with(...)` line here.

use xxgknb_core::Registry;

/// Every adapter the CLI knows, in the order ties are broken.
pub fn registry() -> Registry {
    Registry::new()
        .with(xxgknb_pdf::PdfAdapter)
        .with(xxgknb_doc::DocAdapter)
        .with(xxgknb_docx::DocxAdapter)
        .with(xxgknb_sheet::SheetAdapter)
        .with(xxgknb_html::HtmlAdapter)
        .with(xxgknb_text::TextAdapter)
}
