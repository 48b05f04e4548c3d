//! Fuzz the Word 97-2003 (.doc) adapter: arbitrary bytes in, then
//! recognise what it read. The reader's own code must not panic at all:
//! a panic it caught (reported as `Internal`) is a finding too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgknb_core::{Adapter, AdapterError};

fuzz_target!(|data: &[u8]| {
    xxgknb_fuzz::run_adapter(&xxgknb_doc::DocAdapter, data);
    if let Err(AdapterError::Internal { detail, .. }) =
        xxgknb_doc::DocAdapter.read(data, &xxgknb_fuzz::fuzz_limits())
    {
        panic!("caught panic in the doc reader: {detail}");
    }
});
