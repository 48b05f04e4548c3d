//! Walking the article container in document order and emitting its
//! paragraphs and tables: block elements and `<br>` end a line, inline
//! elements join, data tables become [`xxgknb_core::Table`]s in place and
//! layout tables are read through like `<div>`s.

use crate::dom::{Dom, Kind, Role};
use crate::table;
use crate::text::LineBuf;
use xxgknb_core::{AdapterError, Deadline, Document, Limits, SourcePos};

/// Emits blocks with a running paragraph index.
struct Emitter<'a> {
    doc: &'a mut Document,
    line: LineBuf,
    /// Index given to the next paragraph or table (1-based).
    next_index: u32,
    /// Tables emitted so far.
    tables: usize,
    /// Where the current line's first text is in the source.
    line_source: Option<Source>,
}

/// A place in the page's source: line and column.
type Source = (u32, Option<u32>);

impl Emitter<'_> {
    fn flush(&mut self) {
        let source = self.line_source.take();
        if let Some(text) = self.line.take() {
            self.paragraph(text, source);
        }
    }

    fn paragraph(&mut self, text: String, source: Option<Source>) {
        let mut pos = SourcePos::line(self.next_index);
        set_source(&mut pos, source);
        self.next_index += 1;
        self.doc.push_paragraph(text, pos);
    }
}

/// Put `source` on `pos`.
pub(crate) fn set_source(pos: &mut SourcePos, source: Option<Source>) {
    if let Some((line, column)) = source {
        pos.source_line = Some(line);
        pos.source_column = column;
    }
}

/// The source place of node `n`: its own start tag, else its nearest
/// element ancestor's.
pub(crate) fn source_of(dom: &Dom, mut n: usize) -> Option<Source> {
    loop {
        let node = dom.node(n)?;
        if let Some(at) = node.elem().and_then(|e| e.source) {
            return Some(at);
        }
        n = node.parent?;
    }
}

/// The raw text of a `<pre>`: text nodes as they are, `<br>` and block
/// boundaries as line breaks (a `pdftotext -layout` dump pasted into a page
/// keeps its columns, as the text adapter expects them).
fn preformatted_text(dom: &Dom, pre: usize) -> String {
    let mut out = String::new();
    let mut stack: Vec<usize> = dom.children(pre).iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        let Some(node) = dom.node(n) else { continue };
        match &node.kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Element(e) => {
                if !matches!(e.role, Role::Inline | Role::Link) && !out.ends_with('\n') {
                    out.push('\n');
                }
                stack.extend(node.children.iter().rev());
            }
        }
    }
    out.replace('\u{a0}', " ")
}

/// How often to look at the clock while walking.
const CLOCK_EVERY: usize = 4096;

/// Append the blocks of element `root` (preceded by `title`, when the
/// article title sits outside it) to `doc`.
pub fn emit(
    dom: &Dom,
    root: usize,
    title: Option<String>,
    doc: &mut Document,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<(), AdapterError> {
    enum Step {
        Enter(usize),
        Exit,
    }
    let mut em = Emitter {
        doc,
        line: LineBuf::new(),
        next_index: 1,
        tables: 0,
        line_source: None,
    };
    if let Some(t) = title {
        em.line.push_text(&t);
        em.flush();
    }
    let mut stack = vec![Step::Enter(root)];
    let mut visited = 0usize;
    while let Some(step) = stack.pop() {
        visited += 1;
        if visited.is_multiple_of(CLOCK_EVERY) {
            deadline.check()?;
        }
        let n = match step {
            Step::Exit => {
                em.flush();
                continue;
            }
            Step::Enter(n) => n,
        };
        let Some(node) = dom.node(n) else { continue };
        let role = match &node.kind {
            Kind::Text(t) => {
                if em.line_source.is_none() && t.chars().any(|c| !c.is_whitespace()) {
                    em.line_source = source_of(dom, n);
                }
                em.line.push_text(t);
                continue;
            }
            Kind::Element(e) => e.role,
        };
        match role {
            Role::Break => {
                em.flush();
                continue;
            }
            Role::Pre => {
                em.flush();
                for line in preformatted_text(dom, n).lines() {
                    let line = line.trim_end();
                    if !line.trim_start().is_empty() {
                        em.paragraph(line.to_string(), None);
                    }
                }
                continue;
            }
            Role::Table if !table::is_layout(dom, n) => {
                em.flush();
                for &c in dom.children(n) {
                    if dom.role(c) == Some(Role::Caption) {
                        for l in table::cell_text(dom, c).lines() {
                            em.paragraph(l.to_string(), source_of(dom, c));
                        }
                    }
                }
                let number = em.tables + 1;
                let t = table::build(dom, n, number, em.next_index, limits)?;
                if t.rows.iter().any(|r| !r.is_empty()) {
                    em.tables = number;
                    em.next_index += 1;
                    em.doc.push_table(t);
                }
                continue;
            }
            Role::Inline | Role::Link => {}
            _ => {
                // blocks, headings, layout tables and their parts
                em.flush();
                stack.push(Step::Exit);
            }
        }
        for c in node.children.iter().rev() {
            stack.push(Step::Enter(*c));
        }
    }
    em.flush();
    Ok(())
}
