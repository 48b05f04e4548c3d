//! Running html5ever on the decoded text, in chunks, so that limits are
//! checked while it parses: html5ever is iterative, but some inputs make
//! its tree builder quadratic (tens of thousands of nested `<div>`s scan
//! the stack of open elements on every tag), so after every chunk the
//! clock and the nesting depth of the newest node are looked at and the
//! parse is abandoned early.

use crate::source_lines::{ElementLines, LineSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use scraper::Html;
use xxgknb_core::{AdapterError, Deadline, Limits};

/// Bytes fed to the parser between two checks.
const CHUNK: usize = 16 * 1024;

/// The error for too deep a nesting.
pub fn too_deep(limits: &Limits) -> AdapterError {
    AdapterError::LimitExceeded {
        what: "HTML element nesting depth",
        limit: limits.max_xml_depth as u64,
    }
}

/// Parse `text` as an HTML document, honouring the depth and time limits;
/// with it, the source line of every element.
pub fn parse(
    text: &str,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<(Html, ElementLines), AdapterError> {
    let mut parser =
        html5ever::driver::parse_document(LineSink::new(Html::new_document()), Default::default());
    let mut rest = text;
    while !rest.is_empty() {
        let mut cut = rest.len().min(CHUNK);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (chunk, tail) = rest.split_at(cut);
        rest = tail;
        parser.process(StrTendril::from_slice(chunk));
        deadline.check()?;
        let depth = {
            let html = parser.tokenizer.sink.sink.inner.0.borrow();
            html.tree
                .nodes()
                .next_back()
                .map_or(0, |n| n.ancestors().take(limits.max_xml_depth + 2).count())
        };
        if depth > limits.max_xml_depth {
            return Err(too_deep(limits));
        }
    }
    Ok(parser.finish())
}
