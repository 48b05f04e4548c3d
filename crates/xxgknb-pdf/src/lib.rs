//! xxgknb adapter for pdf sources (not implemented yet).

use xxgknb_core::{Adapter, AdapterError, Document, Limits, Sniff};

/// Reads pdf files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct PdfAdapter;

impl Adapter for PdfAdapter {
    fn name(&self) -> &'static str {
        "pdf"
    }

    fn sniff(&self, _bytes: &[u8], _ext: Option<&str>) -> Option<Sniff> {
        None
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, AdapterError> {
        Err(AdapterError::Unsupported {
            format: "pdf",
            detail: "adapter not implemented yet".into(),
        })
    }
}
