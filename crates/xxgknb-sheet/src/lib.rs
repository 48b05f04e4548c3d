//! xxgknb adapter for sheet sources (not implemented yet).

use xxgknb_core::{Adapter, AdapterError, Document, Limits, Sniff};

/// Reads sheet files into the intermediate form.
#[derive(Debug, Default, Clone, Copy)]
pub struct SheetAdapter;

impl Adapter for SheetAdapter {
    fn name(&self) -> &'static str {
        "sheet"
    }

    fn sniff(&self, _bytes: &[u8], _ext: Option<&str>) -> Option<Sniff> {
        None
    }

    fn read(&self, _bytes: &[u8], _limits: &Limits) -> Result<Document, AdapterError> {
        Err(AdapterError::Unsupported {
            format: "sheet",
            detail: "adapter not implemented yet".into(),
        })
    }
}
