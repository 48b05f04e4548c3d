//! Where each element starts in the page's source: the line comes from
//! html5ever itself (its tokenizer tells the tree builder the line of
//! every token, and [`LineSink`] records it for each element created), the
//! column from finding that element's start tag on that line
//! ([`SourceText::column`]).

use ego_tree::NodeId;
use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};
use std::collections::HashMap;

/// The source line (1-based) of every element, by node.
pub type ElementLines = HashMap<NodeId, u32>;

/// scraper's tree sink, plus the line each element was created on.
pub struct LineSink {
    /// The sink that builds the tree.
    pub inner: HtmlTreeSink,
    line: Cell<u64>,
    lines: RefCell<ElementLines>,
}

impl LineSink {
    /// A sink building into `html`.
    pub fn new(html: Html) -> Self {
        LineSink {
            inner: HtmlTreeSink::new(html),
            line: Cell::new(1),
            lines: RefCell::new(HashMap::new()),
        }
    }
}

impl TreeSink for LineSink {
    type Output = (Html, ElementLines);
    type Handle = NodeId;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self::Output {
        (self.inner.finish(), self.lines.into_inner())
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let id = self.inner.create_element(name, attrs, flags);
        let line = u32::try_from(self.line.get()).unwrap_or(u32::MAX);
        self.lines.borrow_mut().insert(id, line);
        id
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inner.append(parent, child);
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node);
    }
    fn pop(&self, node: &NodeId) {
        self.inner.pop(node);
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node);
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent);
    }
    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
}

/// The decoded page split into its lines as html5ever counts them (a line
/// ends at `\n`, `\r\n` or a lone `\r`).
pub struct SourceText<'a> {
    lines: Vec<&'a str>,
    /// Per line: the tag left open at its start by the lines above (line
    /// index, byte offset of its `<`), when a tag runs over several lines.
    open_above: Vec<Option<(usize, usize)>>,
    /// Start tags already matched per (line, tag): the next element of that
    /// tag on that line is the next occurrence after the cursor.
    seen: HashMap<(u32, String), Cursor>,
}

/// How far the start tags of one tag on one line have been matched: a
/// search goes on from here, so a page on one line (minified, a table of
/// 100,000 rows) is read once, not once per cell.
#[derive(Default, Clone, Copy)]
struct Cursor {
    /// Whether an element has been placed yet (the first may be a tag left
    /// open by the lines above).
    started: bool,
    /// Byte offset where the next search starts.
    byte: usize,
    /// Characters before `byte`.
    chars: usize,
}

impl<'a> SourceText<'a> {
    /// Split `text` into lines.
    pub fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut rest = text;
        while let Some(i) = rest.find(['\n', '\r']) {
            lines.push(&rest[..i]);
            let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
            rest = &rest[i + skip..];
        }
        lines.push(rest);
        let mut open_above = Vec::with_capacity(lines.len());
        let mut open = None;
        for (i, line) in lines.iter().enumerate() {
            open_above.push(open);
            for (at, b) in line.bytes().enumerate() {
                match b {
                    b'<' => open = Some((i, at)),
                    b'>' => open = None,
                    _ => {}
                }
            }
        }
        SourceText {
            lines,
            open_above,
            seen: HashMap::new(),
        }
    }

    /// Where the start tag of the next element `tag` that html5ever put on
    /// `line` begins: (line, 1-based column in characters). The elements of
    /// one tag on one line are taken in document order. html5ever gives a
    /// tag the line where it ends, so a tag whose attributes run over
    /// several lines comes first and is placed where it starts. Only the
    /// line is known for an element the parser made up (an implied
    /// `<tbody>`).
    pub fn place(&mut self, line: u32, tag: &str) -> (u32, Option<u32>) {
        let Some(i) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)) else {
            return (line, None);
        };
        let Some(text) = self.lines.get(i).copied() else {
            return (line, None);
        };
        let cursor = self.seen.entry((line, tag.to_string())).or_default();
        if !cursor.started {
            cursor.started = true;
            let above = self.open_above.get(i).copied().flatten();
            let lines = &self.lines;
            let open = above.and_then(|(l, at)| {
                let text = lines.get(l).copied()?;
                is_start_tag(text, at, tag).then_some((l, text, at))
            });
            if let Some((l, text, at)) = open {
                return (u32::try_from(l + 1).unwrap_or(line), column(text, at));
            }
        }
        let Some(rest) = text.get(cursor.byte..) else {
            return (line, None);
        };
        let Some(at) = start_tags(rest, tag).next() else {
            cursor.byte = text.len();
            return (line, None);
        };
        let skipped = rest.get(..at).map_or(0, |s| s.chars().count());
        let col = cursor.chars + skipped + 1;
        // past this tag's `<`: one character
        cursor.byte += at + 1;
        cursor.chars += skipped + 1;
        (line, u32::try_from(col).ok())
    }
}

/// The 1-based character column of byte offset `at` in `line`.
fn column(line: &str, at: usize) -> Option<u32> {
    u32::try_from(line.get(..at)?.chars().count() + 1).ok()
}

/// Whether a start tag `<tag` (ASCII case-insensitive, followed by
/// whitespace, `>`, `/` or the line's end) begins at byte `at` of `line`.
fn is_start_tag(line: &str, at: usize, tag: &str) -> bool {
    let bytes = line.as_bytes();
    let name = bytes.get(at + 1..at + 1 + tag.len());
    let after = bytes.get(at + 1 + tag.len()).copied();
    bytes.get(at) == Some(&b'<')
        && name.is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes()))
        && after.is_none_or(|b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
}

/// Byte offsets of the start tags `<tag` in `line`.
fn start_tags<'t>(line: &'t str, tag: &'t str) -> impl Iterator<Item = usize> + 't {
    line.match_indices('<')
        .map(|(i, _)| i)
        .filter(move |&i| is_start_tag(line, i, tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_take_tags_in_order() {
        let mut s = SourceText::new("<p>甲</p>\r\n<tr><TD>1</td><td class=x>2</td>\r<td>3");
        assert_eq!(s.place(1, "p"), (1, Some(1)));
        assert_eq!(s.place(2, "td"), (2, Some(5)));
        assert_eq!(s.place(2, "td"), (2, Some(15)));
        assert_eq!(s.place(2, "td"), (2, None));
        assert_eq!(s.place(3, "td"), (3, Some(1)));
        assert_eq!(s.place(9, "td"), (9, None));
        // `<tbody>` is not `<tb…`, `<t>` is not `<td>`
        assert_eq!(SourceText::new("<tbody><td>").place(1, "td"), (1, Some(8)));
    }

    #[test]
    fn a_tag_over_several_lines_is_placed_where_it_starts() {
        let mut s = SourceText::new("<tr>\n  <td style=\"a;\n   b\">1</td>");
        assert_eq!(s.place(3, "td"), (2, Some(3)));
        // a closed tag above is not the one
        let mut s = SourceText::new("<td>0</td>\n<p>\n</td>");
        assert_eq!(s.place(3, "td"), (3, None));
        // the open tag comes first, then the tags of its last line
        let mut s = SourceText::new("<td\n x>1</td><td>2");
        assert_eq!(s.place(2, "td"), (1, Some(1)));
        assert_eq!(s.place(2, "td"), (2, Some(10)));
    }
}
