//! Fuzz the pdf adapter: arbitrary bytes in, then recognise what it read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    xxgknb_fuzz::run_adapter(&xxgknb_pdf::PdfAdapter, data);
});
