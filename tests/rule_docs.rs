//! The rule documentation is the rule list: the README's rule table and
//! the generated table in docs/model.md must match `xxgknb_core::rules`.

use std::collections::BTreeMap;
use xxgknb_core::rules;

fn read(rel: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `| `ID` | 级别 | …` rows of a markdown text: id → the default severity
/// word (the first word of the cell: `提示 / 警告` says a rule also warns).
fn rule_rows(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| {
            let mut cells = l.split('|').map(str::trim).skip(1);
            let id = cells.next()?.strip_prefix('`')?.strip_suffix('`')?;
            let severity = cells.next()?.split_whitespace().next()?;
            let is_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_uppercase() || c == '_');
            is_id.then(|| (id.to_string(), severity.to_string()))
        })
        .collect()
}

fn expected() -> BTreeMap<String, String> {
    rules::ALL
        .iter()
        .map(|r| (r.id.to_string(), r.severity.chinese().to_string()))
        .collect()
}

#[test]
fn the_readme_rule_table_lists_every_rule_with_its_severity() {
    let readme = read("README.md");
    let start = readme.find("## 校验规则").unwrap_or(0);
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |e| start + 1 + e);
    assert_eq!(rule_rows(&readme[start..end]), expected());
}

#[test]
fn docs_model_md_holds_the_generated_rule_table() {
    let doc = read("docs/model.md");
    let (Some(a), Some(b)) = (
        doc.find("<!-- rules:begin -->\n"),
        doc.find("<!-- rules:end -->"),
    ) else {
        panic!("docs/model.md has no rules:begin/rules:end markers");
    };
    let table = &doc[a + "<!-- rules:begin -->\n".len()..b];
    assert_eq!(
        table,
        rules::markdown_table(),
        "docs/model.md is out of date: put the output of `xxgknb rules --markdown` between the markers"
    );
}
