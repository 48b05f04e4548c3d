//! The printable HTML report: one page per agency (its reports in year
//! order, each with its verdict and every finding), styled for the screen
//! and for print (A4, a page break between agencies), with no outside
//! resource: it opens offline and prints or saves as PDF from the browser.

use crate::review::by_agency;
use crate::{ReportReview, Verdict};
use std::fmt::Write;
use xxgknb_core::{rules, Severity};

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 2em; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.25em; border-bottom: 2px solid #333; padding-bottom: .2em; }
h3 { font-size: 1.05em; margin-top: 1.4em; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { border: 1px solid #999; padding: .25em .4em; vertical-align: top; text-align: left; }
th { background: #e8eef5; }
.pass { color: #0a6b2d; font-weight: bold; } .fail, .unreadable { color: #b00020; font-weight: bold; }
.error { color: #b00020; } .warning { color: #9a6700; } .info { color: #444; }
.num { text-align: right; white-space: nowrap; }
.agency { page-break-after: always; break-after: page; }
.agency:last-child { page-break-after: auto; break-after: auto; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; } a { color: inherit; text-decoration: none; } }
"#;

/// Escape text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn number(v: Option<f64>) -> String {
    v.map_or(String::new(), |n| {
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        }
    })
}

fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::Pass => "pass",
        Verdict::Fail => "fail",
        Verdict::Unreadable => "unreadable",
    }
}

fn report_section(out: &mut String, r: &ReportReview) {
    let v = r.verdict();
    let _ = write!(
        out,
        "<section class=\"report\"><h3>{}年度报告 — <span class=\"{}\">{}</span></h3>\n<p>文件：{}",
        escape(&r.year_text()),
        class(v),
        v.chinese(),
        escape(&r.name)
    );
    if let Some(e) = &r.edition {
        let _ = write!(out, "；表格版式：{} 年版", escape(e));
    }
    let _ = writeln!(
        out,
        "；错误 {}，警告 {}，提示 {}</p>",
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info)
    );
    if let Some(why) = &r.unreadable {
        let _ = writeln!(out, "<p class=\"unreadable\">无法读取：{}</p>", escape(why));
    }
    if !r.findings.is_empty() {
        out.push_str("<table><thead><tr><th>#</th><th>级别</th><th>规则</th><th>问题</th><th>单元格</th><th>原文件位置</th><th>数值</th><th>对比年度</th></tr></thead><tbody>\n");
        for (i, f) in r.findings.iter().enumerate() {
            let sev = f.finding.severity;
            let title = rules::by_id(&f.finding.rule).map_or("", |r| r.title);
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td class=\"{}\">{}</td><td title=\"{}\">{}{}</td><td class=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                i + 1,
                sev.as_str(),
                sev.chinese(),
                escape(title),
                escape(&f.finding.rule),
                if f.cross_year { "（跨年度）" } else { "" },
                sev.as_str(),
                escape(&f.finding.message),
                escape(f.cell.as_deref().unwrap_or("")),
                escape(f.place.as_deref().unwrap_or("")),
                number(f.value),
                number(f.previous),
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out.push_str("</section>\n");
}

/// The whole HTML document of a batch: a title, then one page per agency.
pub fn document(reports: &[ReportReview], title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{STYLE}</style></head><body>\n<h1>{t}</h1>\n",
        t = escape(title)
    );
    let groups = by_agency(reports);
    let failing = reports
        .iter()
        .filter(|r| r.verdict() != Verdict::Pass)
        .count();
    let _ = writeln!(
        out,
        "<p>共 {} 份报告、{} 个机关；{} 份不通过或无法读取。</p>",
        reports.len(),
        groups.len(),
        failing
    );
    for (agency, group) in &groups {
        let _ = writeln!(out, "<div class=\"agency\"><h2>{}</h2>", escape(agency));
        for r in group {
            report_section(&mut out, r);
        }
        out.push_str("</div>\n");
    }
    out.push_str("</body></html>\n");
    out
}
