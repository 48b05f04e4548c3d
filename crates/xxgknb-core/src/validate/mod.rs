//! Validation rules (MODEL.md's rule ids) over a recognised report. Each
//! finding names the rule, its severity, the table/row/column and, where
//! known, the source position, with the numbers involved in Chinese.

mod arithmetic;
pub mod authority;
mod blanks;
mod content;
pub mod cross_year;
mod deadlines;
mod document;
mod narrative;

use crate::document::SourcePos;
use crate::model::{Finding, Location, Severity};
use crate::recognise::Recognised;

/// All single-report rules. `format` is the source format (spreadsheets
/// carry no sections, so SECTION_MISSING is not reported for them).
pub fn validate(rec: &Recognised, format: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    document::table_missing(rec, &mut out);
    document::section_missing(rec, format, &mut out);
    arithmetic::applications(rec, &mut out);
    arithmetic::review(rec, &mut out);
    arithmetic::negative(rec, &mut out);
    document::period(rec, &mut out);
    authority::rules_not_authorized(rec, &mut out);
    narrative::text_table_mismatch(rec, &mut out);
    narrative::stated_rows(rec, &mut out);
    document::outdated_format(rec, &mut out);
    document::nonstandard_labels(rec, &mut out);
    deadlines::published_late(rec, &mut out);
    content::fee_not_reported(rec, &mut out);
    blanks::blank_cells_findings(rec, &mut out);
    content::section_empty(rec, &mut out);
    deadlines::year_mismatch(rec, &mut out);
    out
}

/// TABLE_LAYOUT_LOST: a table read from flattened text that lost its
/// layout (columns written one after another, blank cells left out) cannot
/// be mapped onto cells; its numbers are not reported rather than reported
/// in the wrong cells. `evidence` says, in Chinese, what showed it.
pub fn layout_lost_finding(table: &str, evidence: &str, pos: Option<SourcePos>) -> Finding {
    finding(
        "TABLE_LAYOUT_LOST",
        Severity::Warning,
        format!(
            "{}的版式在文本中已丢失（{evidence}），无法可靠对应到单元格，未提取数值；请使用原始 PDF/Word 文件或保留版式的文本（如 pdftotext -layout）",
            table_name(table)
        ),
        Some(table),
        None,
        None,
        pos.as_ref(),
    )
}

/// Chinese names of table keys, for messages.
pub fn table_name(t: &str) -> &'static str {
    match t {
        "active" => "主动公开政府信息情况表",
        "applications" => "收到和处理政府信息公开申请情况表",
        "review_litigation" => "行政复议、行政诉讼情况表",
        _ => "表",
    }
}

/// Chinese names of row keys, for messages.
pub fn row_name(r: &str) -> &'static str {
    match r {
        "new_received" => "一、本年新收",
        "carried_over" => "二、上年结转",
        "granted" => "三（一）予以公开",
        "partially_granted" => "三（二）部分公开",
        "withheld_state_secret" => "三（三）1 属于国家秘密",
        "withheld_law_prohibited" => "三（三）2 其他法律行政法规禁止公开",
        "withheld_three_security" => "三（三）3 危及“三安全一稳定”",
        "withheld_third_party" => "三（三）4 保护第三方合法权益",
        "withheld_internal_affairs" => "三（三）5 属于三类内部事务信息",
        "withheld_process_info" => "三（三）6 属于四类过程性信息",
        "withheld_enforcement_file" => "三（三）7 属于行政执法案卷",
        "withheld_admin_query" => "三（三）8 属于行政查询事项",
        "unable_not_held" => "三（四）1 本机关不掌握相关政府信息",
        "unable_needs_creation" => "三（四）2 没有现成信息需要另行制作",
        "unable_unclear" => "三（四）3 补正后申请内容仍不明确",
        "rejected_petition" => "三（五）1 信访举报投诉类申请",
        "rejected_repeat" => "三（五）2 重复申请",
        "rejected_publication" => "三（五）3 要求提供公开出版物",
        "rejected_excessive" => "三（五）4 无正当理由大量反复申请",
        "rejected_confirm" => "三（五）5 要求行政机关确认或重新出具已获取信息",
        "other_overdue_correction" => "三（六）1 逾期不补正",
        "other_overdue_fee" => "三（六）2 逾期未缴纳费用",
        "other_other" => "三（六）3 其他",
        "other_handling" => "三（六）其他处理",
        "total_processed" => "三（七）总计",
        "carried_forward" => "四、结转下年度继续办理",
        "review" => "行政复议",
        "litigation_direct" => "行政诉讼（未经复议直接起诉）",
        "litigation_after_review" => "行政诉讼（复议后起诉）",
        "rules" => "规章",
        "normative_documents" => "行政规范性文件",
        "licensing" => "行政许可",
        "other_services" => "其他对外管理服务事项",
        "penalty" => "行政处罚",
        "coercion" => "行政强制",
        "fees" => "行政事业性收费",
        "procurement" => "政府集中采购",
        _ => "",
    }
}

/// Chinese names of column keys, for messages.
pub fn column_name(c: &str) -> &'static str {
    match c {
        "natural_person" => "自然人",
        "commercial" => "商业企业",
        "research" => "科研机构",
        "social_welfare" => "社会公益组织",
        "legal_services" => "法律服务机构",
        "other_org" => "其他",
        "total" => "总计",
        "upheld" => "结果维持",
        "corrected" => "结果纠正",
        "other" => "其他结果",
        "pending" => "尚未审结",
        "issued" => "本年制发件数",
        "repealed" => "本年废止件数",
        "in_force" => "现行有效件数",
        "made" => "本年新制作数量",
        "published" => "本年新公开数量",
        "total_published" => "对外公开总数量",
        "previous" => "上一年项目数量",
        "change" => "本年增/减",
        "decisions" => "处理决定数量",
        "amount" => "金额（万元）",
        "items" => "采购项目数量",
        _ => "",
    }
}

/// Format a number for a message: integers without decimals.
pub(crate) fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub(crate) fn finding(
    rule: &str,
    severity: Severity,
    message: String,
    table: Option<&str>,
    row: Option<&str>,
    column: Option<&str>,
    source: Option<&SourcePos>,
) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        message,
        location: Location {
            table: table.map(str::to_string),
            row: row.map(str::to_string),
            column: column.map(str::to_string),
            section: None,
            previous: None,
            source: source.cloned().unwrap_or_default(),
        },
    }
}
