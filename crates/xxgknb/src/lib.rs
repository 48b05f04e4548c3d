//! # xxgknb
//!
//! xxgknb as a library: reads a 政府信息公开工作年度报告 in any format it
//! knows, turns it into the report model of `MODEL.md` and validates it.
//! This facade is what every front end calls (the `xxgknb` command, the
//! web server, the Python package): it registers every format adapter
//! (one cargo feature each, all on by default) and runs the one pipeline
//!
//! ```text
//! bytes ─▶ registry (size limit, sniffing) ─▶ adapter ─▶ Document
//!       ─▶ recogniser ─▶ validation ─▶ Report
//! ```
//!
//! on a watched worker thread, within [`Limits`]. The model, the
//! recogniser and the rules live in [`core`] (`xxgknb-core`), re-exported.
//!
//! What every front end applies to a report in the same way lives here
//! too: the rule selection and severities of `xxgknb.toml` ([`config`]),
//! and where a finding is in the user's file ([`locate`], over the
//! plain-text rendering of [`view`]).
//!
//! ```
//! use xxgknb::{analyse, core::rules, Input, Limits, Severity};
//!
//! let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seeds/003_378100d4189c1d99.txt");
//! let bytes = std::fs::read(path)?;
//! let report = analyse(Input::bytes("report.txt", bytes), &Limits::default())?.report;
//!
//! assert_eq!(report.meta.year, Some(2023));
//! let errors: Vec<&str> = report
//!     .findings
//!     .iter()
//!     .filter(|f| f.severity == Severity::Error)
//!     .map(|f| f.rule.as_str())
//!     .collect();
//! assert!(errors.contains(&rules::APP_RESULT_SUM.id), "{errors:?}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod config;
mod error;
pub mod locate;
mod pipeline;
mod registry;
#[cfg(feature = "ocr")]
mod scanned;
pub mod view;

pub use error::Error;
pub use pipeline::{
    analyse, analyse_document, analyse_here, read, read_here, read_limited, sha256_hex,
    with_time_limit, Analysis, Input,
};
pub use registry::{extension, is_report_file, registry, REPORT_EXTENSIONS};

/// The format-independent core: model, recogniser, validation rules.
pub use xxgknb_core as core;
pub use xxgknb_core::{
    AdapterError, Block, Cell, Document, Finding, Limits, Paragraph, Report, Severity, Source,
    SourcePos, Table,
};
