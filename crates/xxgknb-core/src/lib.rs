//! # xxgknb-core
//!
//! The format-independent heart of xxgknb: the intermediate document form
//! adapters produce ([`document`]), the adapter trait and registry
//! ([`adapter`]), the report model ([`model`]), the recogniser that maps a
//! document onto the model ([`recognise`]) and the validation rules
//! ([`validate`]).

pub mod adapter;
pub mod document;

pub use adapter::{Adapter, AdapterError, Confidence, Limits, Registry, Sniff};
pub use document::{Block, Cell, Document, Paragraph, SourcePos, Table};
