//! xxgknb adapter for docx sources (not implemented yet).

use xxgknb_core::{Adapter, AdapterError, Document, Limits, Sniff};

/// Reads docx files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct DocxAdapter;

impl Adapter for DocxAdapter {
    fn name(&self) -> &'static str {
        "docx"
    }

    fn sniff(&self, _bytes: &[u8], _ext: Option<&str>) -> Option<Sniff> {
        None
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, AdapterError> {
        Err(AdapterError::Unsupported {
            format: "docx",
            detail: "adapter not implemented yet".into(),
        })
    }
}
