//! # xxgknb-review
//!
//! What a reviewer sends back to the agencies: for a batch of checked
//! reports, an **XLSX** workbook ([`xlsx::workbook`]: a summary sheet, then
//! one sheet per report with every finding, its cell reference and the
//! numbers involved) and a printable **HTML** report ([`html::document`]:
//! one page per agency, print CSS, ready to save as PDF from the browser).
//!
//! Both are made from the same [`ReportReview`]s, built from a checked
//! [`xxgknb::Report`] (with the rule selection already applied) or from
//! the reason a file could not be read. `xxgknb check --format xlsx|html`
//! and `xxgknb serve` both write these.

pub mod html;
mod review;
pub mod xlsx;

pub use review::{cell_value, FindingReview, ReportReview, Verdict};

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The XLSX writer failed.
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}
