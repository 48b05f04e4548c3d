//! Finding the article body amid a site page's navigation, headers,
//! footers, share widgets and sidebars.
//!
//! Every element carries the weight of the content text below it (link text
//! weighs nothing: navigation is links) and the number of text runs that
//! start like a report section heading (`一、` … `六、`). Starting from
//! `<body>`, the walk descends into the heaviest child element while that
//! child holds most of its parent's weight and every heading marker; it
//! stops where the content spreads over several children: the article
//! container. Data tables are never entered; layout tables may be.
//!
//! The container often leaves the article title outside (in a title `<div>`
//! or `<h1>` above it); [`title_outside`] finds it so it can be put first.

use crate::dom::{Dom, Role};
use crate::table;

/// Share of its parent's weight a child must hold to be descended into.
const DOMINANT_SHARE: f64 = 0.6;

/// The element holding the article: see the module docs. Falls back to
/// `<body>` or the root.
pub fn find(dom: &Dom) -> usize {
    let mut at = dom.body().unwrap_or(0);
    loop {
        let total = dom.weight(at);
        let markers = dom.markers(at);
        let best = dom
            .children(at)
            .iter()
            .copied()
            .filter(|c| match dom.role(*c) {
                None | Some(Role::Break) => false,
                Some(Role::Table) => table::is_layout(dom, *c),
                Some(_) => true,
            })
            .max_by_key(|c| dom.weight(*c));
        let Some(best) = best else { break };
        let w = dom.weight(best);
        if w == 0 || (w as f64) < DOMINANT_SHARE * total as f64 || dom.markers(best) < markers {
            break;
        }
        at = best;
    }
    at
}

/// Text with all whitespace removed, for containment tests.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Text below element `i` (about the first `max` bytes), whitespace
/// collapsed.
fn text_of(dom: &Dom, i: usize, max: usize) -> String {
    let mut out = String::new();
    let mut stack = vec![i];
    while let Some(n) = stack.pop() {
        if out.len() >= max {
            break;
        }
        let Some(node) = dom.node(n) else { continue };
        if let crate::dom::Kind::Text(t) = &node.kind {
            out.push_str(t);
            out.push(' ');
        }
        stack.extend(node.children.iter().rev());
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Does element `i` look like a title holder: `<h1>`–`<h3>`, or a class or
/// id naming a title?
fn is_title_like(dom: &Dom, i: usize) -> bool {
    let Some(e) = dom.node(i).and_then(|n| n.elem()) else {
        return false;
    };
    matches!(e.tag.as_str(), "h1" | "h2" | "h3")
        || e.class.contains("title")
        || e.id.contains("title")
}

/// The first segment of a `<title>` such as `报告标题_栏目_网站`.
fn title_head(title: &str) -> &str {
    title
        .split(['_', '|'])
        .next()
        .and_then(|s| s.split(" - ").next())
        .unwrap_or(title)
        .trim()
}

/// The article title when the body container `body` does not already start
/// with it: the nearest title-like element before the container (when the
/// page's `<title>` or `ArticleTitle` agrees with it), else the
/// `ArticleTitle` meta, else the first segment of `<title>`. `None` when the
/// container's opening text already holds the title or nothing is known.
pub fn title_outside(dom: &Dom, body: usize) -> Option<String> {
    let page_titles: Vec<String> = [dom.article_title.as_deref(), dom.title.as_deref()]
        .into_iter()
        .flatten()
        .map(squeeze)
        .collect();
    // the nearest preceding title-like element (pre-order index below the
    // container's, and not one of its ancestors)
    let mut ancestors = std::collections::HashSet::new();
    let mut a = dom.node(body).and_then(|n| n.parent);
    while let Some(i) = a {
        ancestors.insert(i);
        a = dom.node(i).and_then(|n| n.parent);
    }
    let visible = (0..body)
        .rev()
        .filter(|i| is_title_like(dom, *i) && !ancestors.contains(i))
        .map(|i| text_of(dom, i, 1000))
        .find(|t| {
            let n = t.chars().count();
            (4..=200).contains(&n)
        })
        .filter(|t| {
            let s = squeeze(t);
            page_titles.is_empty() || page_titles.iter().any(|p| p.contains(&s))
        });
    let title = visible
        .or_else(|| dom.article_title.clone())
        .or_else(|| dom.title.as_deref().map(|t| title_head(t).to_string()))
        .filter(|t| !t.trim().is_empty())?;
    // already there? compare with the container's opening text
    let opening: String = squeeze(&text_of(dom, body, 4000))
        .chars()
        .take(400)
        .collect();
    let want = squeeze(&title);
    if opening.contains(&want) {
        return None;
    }
    Some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_head_takes_first_segment() {
        assert_eq!(title_head("X年度报告_政府信息公开年报_某网站"), "X年度报告");
        assert_eq!(title_head("X年度报告 - 某网站"), "X年度报告");
        assert_eq!(title_head("X年度报告"), "X年度报告");
    }
}
