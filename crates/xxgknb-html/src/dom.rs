//! A compact, pre-ordered copy of the parsed HTML tree holding only what the
//! adapter needs: elements classified by their rendering role, and text.
//! Scripts, styles, forms, navigation, headers, footers and hidden elements
//! are left out here, once, so later passes never see them.
//!
//! Built with an explicit stack (no recursion) and bounded by
//! [`Limits::max_xml_depth`].

use crate::source_lines::{ElementLines, SourceText};
use scraper::{Html, Node};
use xxgknb_core::{AdapterError, Deadline, Limits};

/// What an element means for text layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `<body>`.
    Body,
    /// A block element: starts and ends a line.
    Block,
    /// `<h1>`…`<h6>`: a block that is a heading.
    Heading,
    /// `<pre>` (and its obsolete kin): preformatted text, lines and
    /// spaces kept.
    Pre,
    /// `<br>`: a line break.
    Break,
    /// Inline content (`<span>`, `<font>`, `<o:p>`, unknown elements…).
    Inline,
    /// `<a>`: inline, but its text counts as navigation, not content.
    Link,
    /// `<table>`.
    Table,
    /// `<thead>`, `<tbody>`, `<tfoot>`.
    RowGroup,
    /// `<tr>`.
    Row,
    /// `<td>`, `<th>`.
    Cell,
    /// `<caption>`.
    Caption,
}

/// An element of the compact tree.
#[derive(Debug, Clone)]
pub struct Elem {
    /// Its role.
    pub role: Role,
    /// Lower-case tag name.
    pub tag: String,
    /// `id` attribute, lower-cased.
    pub id: String,
    /// `class` attribute, lower-cased.
    pub class: String,
    /// `rowspan` attribute as written.
    pub rowspan: Option<String>,
    /// `colspan` attribute as written.
    pub colspan: Option<String>,
    /// Where its start tag is in the source: (line, column), 1-based; the
    /// column is unknown for an element the parser made up.
    pub source: Option<(u32, Option<u32>)>,
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum Kind {
    /// An element.
    Element(Elem),
    /// A text node.
    Text(String),
}

/// A node of the compact tree.
#[derive(Debug, Clone)]
pub struct DNode {
    /// Parent node, `None` for the root.
    pub parent: Option<usize>,
    /// Children in document order.
    pub children: Vec<usize>,
    /// Element or text.
    pub kind: Kind,
    /// Non-blank characters of content text below (links count zero).
    pub weight: u64,
    /// Number of text runs below that start like a report section heading
    /// (`一、` … `六、`), plus the number of statistical tables below (see
    /// [`NUMERIC_TABLE_RUNS`]).
    pub markers: u32,
    /// Number of text runs below that are a bare integer.
    pub numeric_runs: u32,
}

impl DNode {
    /// The element, if this is one.
    pub fn elem(&self) -> Option<&Elem> {
        match &self.kind {
            Kind::Element(e) => Some(e),
            Kind::Text(_) => None,
        }
    }

    /// The role, if this is an element.
    pub fn role(&self) -> Option<Role> {
        self.elem().map(|e| e.role)
    }
}

/// The compact tree plus the page metadata the body detection may need.
#[derive(Debug, Clone, Default)]
pub struct Dom {
    /// Nodes in document (pre-)order; index 0 is the root.
    pub nodes: Vec<DNode>,
    /// Text of `<title>`.
    pub title: Option<String>,
    /// `<meta name="ArticleTitle">` (TRS and other CMSs).
    pub article_title: Option<String>,
}

impl Dom {
    /// The node at `i`.
    pub fn node(&self, i: usize) -> Option<&DNode> {
        self.nodes.get(i)
    }

    /// The role of node `i`, if it is an element.
    pub fn role(&self, i: usize) -> Option<Role> {
        self.node(i).and_then(DNode::role)
    }

    /// The children of node `i`.
    pub fn children(&self, i: usize) -> &[usize] {
        self.node(i)
            .map(|n| n.children.as_slice())
            .unwrap_or_default()
    }

    /// Weight of node `i`.
    pub fn weight(&self, i: usize) -> u64 {
        self.node(i).map_or(0, |n| n.weight)
    }

    /// Markers of node `i`.
    pub fn markers(&self, i: usize) -> u32 {
        self.node(i).map_or(0, |n| n.markers)
    }

    /// Index of the `<body>` element, if any.
    pub fn body(&self) -> Option<usize> {
        self.nodes.iter().position(|n| n.role() == Some(Role::Body))
    }

    /// A short description of element `i` such as `div#zoom.trs_editor`.
    pub fn describe(&self, i: usize) -> String {
        match self.node(i).and_then(DNode::elem) {
            Some(e) => {
                let mut s = e.tag.clone();
                if !e.id.is_empty() {
                    s.push('#');
                    s.push_str(&e.id);
                }
                for c in e.class.split_ascii_whitespace() {
                    s.push('.');
                    s.push_str(c);
                }
                s
            }
            None => "text".to_string(),
        }
    }
}

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "svg", "math", "canvas", "audio", "video", "select", "option", "datalist",
    "textarea", "button", "input", "head", "link", "meta", "nav", "header", "footer", "aside",
    "map", "xml",
];

/// Block-level elements (a line starts and ends at them).
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "hgroup",
    "hr",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "ul",
    "legend",
    "html",
    "listing",
    "plaintext",
    "xmp",
];

fn role_of(tag: &str) -> Role {
    match tag {
        "body" => Role::Body,
        "br" => Role::Break,
        "a" => Role::Link,
        "table" => Role::Table,
        "thead" | "tbody" | "tfoot" => Role::RowGroup,
        "tr" => Role::Row,
        "td" | "th" => Role::Cell,
        "caption" => Role::Caption,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading,
        "pre" | "listing" | "plaintext" | "xmp" => Role::Pre,
        t if BLOCKS.contains(&t) => Role::Block,
        _ => Role::Inline,
    }
}

/// The attributes the adapter looks at, read in one pass (scraper's
/// `attr()` interns the name on every call).
#[derive(Default)]
struct Attrs<'a> {
    id: Option<&'a str>,
    class: Option<&'a str>,
    rowspan: Option<&'a str>,
    colspan: Option<&'a str>,
    style: Option<&'a str>,
    hidden: bool,
}

impl<'a> Attrs<'a> {
    fn of(el: &'a scraper::node::Element) -> Self {
        let mut a = Attrs::default();
        for (name, value) in el.attrs() {
            match name {
                "id" => a.id = Some(value),
                "class" => a.class = Some(value),
                "rowspan" => a.rowspan = Some(value),
                "colspan" => a.colspan = Some(value),
                "style" => a.style = Some(value),
                "hidden" => a.hidden = true,
                _ => {}
            }
        }
        a
    }

    /// True when a `style` or `hidden` attribute hides the element.
    fn hides(&self) -> bool {
        if self.hidden {
            return true;
        }
        let Some(style) = self.style else {
            return false;
        };
        // cheap test first: Word puts long styles on every element
        let lowered;
        let style = if style.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = style.to_ascii_lowercase();
            lowered.as_str()
        } else {
            style
        };
        if !(style.contains("none") || style.contains("hid")) {
            return false;
        }
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        compact.contains("display:none")
            || compact.contains("mso-hide:all")
            || compact.contains("visibility:hidden")
    }
}

/// Does this text run start like a top-level report section heading?
fn starts_like_section(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace());
    let mut it = t.chars();
    matches!(it.next(), Some('一' | '二' | '三' | '四' | '五' | '六'))
        && matches!(it.next(), Some('、' | '．' | '.'))
}

/// A table with at least this many bare-integer text runs counts as a
/// statistical table: a marker the article container must keep (index
/// boxes of dates and codes and layout tables have none).
pub const NUMERIC_TABLE_RUNS: u32 = 6;

/// Is this text run a bare integer (ASCII or full-width digits, `&nbsp;`
/// and spaces around)?
fn is_bare_integer(text: &str) -> bool {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

/// How often to look at the clock while walking.
const CLOCK_EVERY: usize = 4096;

/// Copy the parsed document into a [`Dom`], enforcing the nesting-depth and
/// time limits; `lines` and `source` place each element in the page's
/// source.
pub fn build(
    html: &Html,
    lines: &ElementLines,
    source: &mut SourceText<'_>,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Dom, AdapterError> {
    let mut dom = Dom::default();
    // (scraper node, parent index in dom, depth, inside a link)
    let mut stack = vec![(html.tree.root(), None::<usize>, 0usize, false)];
    let mut visited = 0usize;
    while let Some((node, parent, depth, in_link)) = stack.pop() {
        visited += 1;
        if visited.is_multiple_of(CLOCK_EVERY) {
            deadline.check()?;
        }
        if depth > limits.max_xml_depth {
            return Err(crate::parse::too_deep(limits));
        }
        let (kind, descend, link) = match node.value() {
            Node::Document | Node::Fragment => (None, true, in_link),
            Node::Text(t) => (Some(Kind::Text(t.to_string())), false, in_link),
            Node::Element(el) => {
                let tag = el.name().to_ascii_lowercase();
                let at = lines.get(&node.id()).map(|&line| source.place(line, &tag));
                if tag == "head" {
                    read_head(node, &mut dom);
                }
                if tag == "title" && dom.title.is_none() {
                    // a <title> that ended up in the body
                    dom.title = Some(node_text(node));
                    continue;
                }
                let attrs = Attrs::of(el);
                if SKIPPED.contains(&tag.as_str()) || attrs.hides() {
                    continue;
                }
                let role = role_of(&tag);
                let lower = |v: Option<&str>| v.unwrap_or_default().to_lowercase();
                let elem = Elem {
                    role,
                    id: lower(attrs.id),
                    class: lower(attrs.class),
                    rowspan: attrs.rowspan.map(str::to_string),
                    colspan: attrs.colspan.map(str::to_string),
                    tag,
                    source: at,
                };
                (
                    Some(Kind::Element(elem)),
                    true,
                    in_link || role == Role::Link,
                )
            }
            _ => (None, false, in_link),
        };
        let me = match kind {
            Some(kind) => {
                let (weight, markers, numeric_runs) = match &kind {
                    Kind::Text(t) if !in_link => (
                        t.chars().filter(|c| !c.is_whitespace()).count() as u64,
                        u32::from(starts_like_section(t)),
                        u32::from(is_bare_integer(t)),
                    ),
                    _ => (0, 0, 0),
                };
                let idx = dom.nodes.len();
                dom.nodes.push(DNode {
                    parent,
                    children: Vec::new(),
                    kind,
                    weight,
                    markers,
                    numeric_runs,
                });
                if let Some(p) = parent.and_then(|p| dom.nodes.get_mut(p)) {
                    p.children.push(idx);
                }
                Some(idx)
            }
            None => parent,
        };
        if descend {
            let kids: Vec<_> = node.children().collect();
            for child in kids.into_iter().rev() {
                stack.push((child, me, depth + 1, link));
            }
        }
    }
    // children come after their parent in pre-order: sum bottom-up (a
    // node's sums are complete when it is reached)
    for i in (1..dom.nodes.len()).rev() {
        let Some(n) = dom.nodes.get_mut(i) else {
            continue;
        };
        if n.role() == Some(Role::Table) && n.numeric_runs >= NUMERIC_TABLE_RUNS {
            n.markers += 1;
        }
        let (w, m, k, p) = (n.weight, n.markers, n.numeric_runs, n.parent);
        if let Some(parent) = p.and_then(|p| dom.nodes.get_mut(p)) {
            parent.weight += w;
            parent.markers += m;
            parent.numeric_runs += k;
        }
    }
    Ok(dom)
}

/// All text below a scraper node, whitespace collapsed.
fn node_text(node: ego_tree::NodeRef<'_, Node>) -> String {
    let raw: String = node
        .descendants()
        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
        .collect();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pick `<title>` and `<meta name="ArticleTitle">` out of `<head>`.
fn read_head(head: ego_tree::NodeRef<'_, Node>, dom: &mut Dom) {
    for d in head.descendants() {
        let Some(el) = d.value().as_element() else {
            continue;
        };
        match el.name() {
            "title" if dom.title.is_none() => {
                let t = node_text(d);
                if !t.is_empty() {
                    dom.title = Some(t);
                }
            }
            "meta" if dom.article_title.is_none() => {
                let is_title = el
                    .attr("name")
                    .is_some_and(|n| n.eq_ignore_ascii_case("articletitle"));
                if is_title {
                    let c = el.attr("content").unwrap_or_default().trim();
                    if !c.is_empty() {
                        dom.article_title = Some(c.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}
