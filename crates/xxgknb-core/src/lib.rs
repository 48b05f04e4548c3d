//! # xxgknb-core
//!
//! The format-independent heart of xxgknb: the intermediate document form
//! adapters produce ([`document`]), the adapter trait and registry
//! ([`adapter`]), the report model ([`model`]), label and number
//! normalisation ([`normalize`]), the recogniser that maps a document onto
//! the model ([`recognise`]) and the validation rules ([`validate`]).
//!
//! An adapter (or anything else) builds a [`Document`] of paragraphs and
//! tables; [`analyse`] finds the report in it and checks it:
//!
//! ```
//! use xxgknb_core::{analyse, rules, Cell, Document, Severity, Source, SourcePos, Table};
//!
//! let mut doc = Document::new("txt");
//! for (i, line) in ["XX县人民政府2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
//!     .iter()
//!     .enumerate()
//! {
//!     doc.push_paragraph(*line, SourcePos::line(i as u32 + 1));
//! }
//! let row = |cells: &[&str]| cells.iter().map(|c| Cell::new(*c, SourcePos::line(3))).collect();
//! doc.push_table(Table {
//!     rows: vec![
//!         row(&["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]),
//!         // 3 + 1 is not 5: the row total is wrong
//!         row(&["一、本年新收政府信息公开申请数量", "3", "1", "0", "0", "0", "0", "5"]),
//!         row(&["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]),
//!         row(&["三、本年度办理结果（一）予以公开", "3", "1", "0", "0", "0", "0", "4"]),
//!         row(&["（七）总计", "3", "1", "0", "0", "0", "0", "4"]),
//!         row(&["四、结转下年度继续办理", "0", "0", "0", "0", "0", "0", "0"]),
//!     ],
//!     ..Table::default()
//! });
//!
//! let report = analyse(&doc, Source::default());
//! assert_eq!(report.meta.year, Some(2023));
//! let applications = report.tables.applications.as_ref().expect("the table was recognised");
//! assert_eq!(applications.value("new_received", "natural_person"), Some(3.0));
//! let sum = report.findings.iter().find(|f| f.rule == rules::APP_ROW_SUM.id).expect("a finding");
//! assert_eq!(sum.severity, Severity::Error);
//! ```

pub mod adapter;
pub mod agency;
pub mod deadline;
pub mod document;
pub mod error;
pub mod findings;
pub mod furniture;
pub mod ideographs;
pub mod keys;
pub mod merges;
pub mod model;
pub mod normalize;
pub mod numbering;
pub mod recognise;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod validate;

pub use adapter::{Adapter, AdapterError, Confidence, Limits, Registry, Sniff};
pub use deadline::Deadline;
pub use document::{
    Block, Cell, Document, LineUnit, Paragraph, PictureRef, Placement, SourcePos, Table,
};
pub use model::{Finding, Report, Severity, Source};

/// Recognise a document and validate it: the whole single-report pipeline.
pub fn analyse(doc: &Document, source: Source) -> Report {
    let rec = recognise::recognise(doc);
    let findings = validate::validate(&rec, doc);
    Report {
        source,
        meta: rec.meta,
        sections: rec.sections,
        tables: rec.tables,
        findings,
        positions: rec.positions,
    }
}
