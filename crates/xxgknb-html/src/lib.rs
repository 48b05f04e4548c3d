//! xxgknb adapter for html sources (not implemented yet).

use xxgknb_core::{Adapter, AdapterError, Document, Limits, Sniff};

/// Reads html files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct HtmlAdapter;

impl Adapter for HtmlAdapter {
    fn name(&self) -> &'static str {
        "html"
    }

    fn sniff(&self, _bytes: &[u8], _ext: Option<&str>) -> Option<Sniff> {
        None
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, AdapterError> {
        Err(AdapterError::Unsupported {
            format: "html",
            detail: "adapter not implemented yet".into(),
        })
    }
}
