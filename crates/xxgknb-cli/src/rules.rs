//! `xxgknb rules`: the validation rules, from core's one list.

use std::io::Write;
use std::process::ExitCode;
use xxgknb_core::rules::{self, Rule};

/// Arguments of `xxgknb rules`.
#[derive(clap::Args)]
pub struct Args {
    /// 解释一条规则（如 APP_BALANCE；不分大小写）
    rule: Option<String>,
    /// 以 JSON 输出规则（id、severity、title、explanation、basis）
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// 以 markdown 表格输出规则（docs/model.md 中的格式）
    #[arg(long)]
    markdown: bool,
}

fn json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "severity": r.severity.as_str(),
        "title": r.title,
        "explanation": r.explanation,
        "basis": r.basis,
    })
}

fn explain(r: &Rule) -> String {
    format!(
        "{id}（{sev}）：{title}\n\n{explanation}\n\n依据：{basis}\n",
        id = r.id,
        sev = r.severity.chinese(),
        title = r.title,
        explanation = r.explanation,
        basis = r.basis
    )
}

/// List every rule, or explain one.
pub fn run(args: Args) -> ExitCode {
    let chosen: Vec<&Rule> = match &args.rule {
        Some(id) => match rules::by_id(&id.to_ascii_uppercase()) {
            Some(r) => vec![r],
            None => {
                eprintln!("xxgknb: 没有规则 {id}（`xxgknb rules` 列出全部规则）");
                return ExitCode::from(2);
            }
        },
        None => rules::ALL.to_vec(),
    };
    let text = if args.markdown {
        rules::markdown_table()
    } else if args.json {
        let v: Vec<serde_json::Value> = chosen.iter().map(|r| json(r)).collect();
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    } else if args.rule.is_some() {
        chosen.iter().map(|r| explain(r)).collect()
    } else {
        chosen
            .iter()
            .map(|r| format!("{:<22} {}  {}\n", r.id, r.severity.chinese(), r.title))
            .collect()
    };
    // a closed pipe (`| head`) is not an error worth a panic
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
