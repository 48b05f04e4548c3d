//! `xxgknb`: read government information-disclosure annual reports
//! (政府信息公开工作年度报告) in any format, check them, and build datasets.
//!
//! Each subcommand lives in its own module; this file only parses the
//! command line and dispatches. Help texts are in Chinese (the flags stay
//! ASCII); `cli()` is also what `completions` and `man` describe.

mod check;
mod dump;
mod export;
mod ingest;
mod parse;
mod rules;
mod schema;
mod serve;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::process::ExitCode;
use xxgknb_cli::limits;

/// 读取各种格式的政府信息公开工作年度报告，并检查其中的问题。
#[derive(Parser)]
#[command(
    name = "xxgknb",
    version,
    about = "读取各种格式的政府信息公开工作年度报告，检查其中的问题，并汇总成数据集",
    long_about = None,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "示例：\n  xxgknb parse 报告.pdf > 报告.json\n  xxgknb check 下级机关年报/ -j 2        # 审核：逐份给出问题与结论\n  xxgknb check --select APP_BALANCE,REVIEW_SUM --statistics 年报/\n  xxgknb ingest 年报/ -j 2 && xxgknb export --format csv > cells.csv\n  xxgknb check 年报/ --format xlsx -o 审核结果.xlsx\n  xxgknb serve                            # 在浏览器中审核（http://127.0.0.1:8765/）\n\n退出状态：0 没有错误；1 发现错误；2 有文件无法读取、文件夹中没有报告或用法有误。"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 显示帮助
    #[arg(short = 'h', long, action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = clap::ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// 解析一份报告，输出 JSON（MODEL.md 约定的格式）
    Parse(parse::Args),
    /// 检查报告并列出问题（退出状态 0：无错误；1：发现错误；2：有文件无法读取）
    Check(check::Args),
    /// 输出适配器从文件得到的中间形式（段落、表格、单元格），JSON 格式
    Dump(dump::Args),
    /// 把报告文件和文件夹读入 SQLite 数据库（并行、可中断续做）
    Ingest(ingest::Args),
    /// 从数据库导出：整洁 CSV、宽表 CSV（每表一个文件）或 JSON Lines
    Export(export::Args),
    /// 输出报告模型（parse 的输出）的 JSON Schema
    Schema,
    /// 列出校验规则，或解释其中一条（`xxgknb rules APP_BALANCE`）
    Rules(rules::Args),
    /// 在浏览器中审核一批报告：本机网页工作台（拖入文件、查看问题、下载 XLSX/HTML）
    Serve(serve::Args),
    /// 输出命令行补全脚本（bash、zsh、fish、powershell、elvish）
    Completions {
        /// 外壳程序
        shell: clap_complete::Shell,
    },
    /// 输出 man 手册页（roff 格式：`xxgknb man > xxgknb.1`）
    Man,
}

/// The command line with the Chinese headings clap does not take from doc
/// comments.
fn command() -> clap::Command {
    chinese_headings(Cli::command())
}

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Chinese section headings (用法、参数、选项、命令) for a command and its
/// subcommands; headings already set (the limit flags') stay.
fn chinese_headings(cmd: clap::Command) -> clap::Command {
    cmd.help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .mut_args(|a| {
            let a = chinese_values(a);
            if a.get_help_heading().is_some() {
                a
            } else if a.is_positional() {
                a.help_heading("参数")
            } else {
                a.help_heading("选项")
            }
        })
        .mut_subcommands(chinese_headings)
}

/// The possible and default values of an option in Chinese, after its
/// help text (clap prints them as `Possible values:` / `[default: …]`).
fn chinese_values(a: clap::Arg) -> clap::Arg {
    let Some(help) = a.get_help().map(|h| h.to_string()) else {
        return a;
    };
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| match v.get_help() {
            Some(h) => format!("{}（{h}）", v.get_name()),
            None => v.get_name().to_string(),
        })
        .collect();
    let default: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let is_flag = matches!(
        a.get_action(),
        clap::ArgAction::SetTrue | clap::ArgAction::Help | clap::ArgAction::Version
    );
    let mut text = help;
    if !values.is_empty() && !is_flag {
        text.push_str(&format!("；可选：{}", values.join("、")));
    }
    if !default.is_empty() && !is_flag {
        text.push_str(&format!(" [默认：{}]", default.join(",")));
    }
    a.help(text)
        .hide_possible_values(true)
        .hide_default_value(true)
}

fn main() -> ExitCode {
    let matches = command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Check(args) => check::run(args),
        Command::Dump(args) => dump::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Export(args) => export::run(args),
        Command::Schema => schema::run(),
        Command::Rules(args) => rules::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut command(), "xxgknb", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            let man = clap_mangen::Man::new(command());
            match man.render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("xxgknb: {e}");
                    ExitCode::from(1)
                }
            }
        }
    }
}
