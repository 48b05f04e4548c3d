//! The MODEL.md keys of tables, rows and columns, in the printed order of
//! the official form, and their Chinese names as printed there (for
//! messages). Everything that lists keys or names them (the recogniser, the
//! validator, the store's export order, the CLI) takes them from here.

/// The three tables.
pub const TABLES: &[&str] = &["active", "applications", "review_litigation"];

/// The titles of the report's six sections, in order, as the official
/// form prints them (国办公开办函〔2021〕30号).
pub const SECTION_TITLES: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];

/// Rows of the active-disclosure table (both editions).
pub const ACTIVE_ROWS: &[&str] = &[
    "rules",
    "normative_documents",
    "licensing",
    "other_services",
    "penalty",
    "coercion",
    "fees",
    "procurement",
];

/// Fields of the active-disclosure table (both editions).
pub const ACTIVE_FIELDS: &[&str] = &[
    "issued",
    "repealed",
    "in_force",
    "made",
    "published",
    "total_published",
    "previous",
    "change",
    "decisions",
    "items",
    "amount",
];

/// Rows of the applications table.
pub const APPLICATION_ROWS: &[&str] = &[
    "new_received",
    "carried_over",
    "granted",
    "partially_granted",
    "withheld_state_secret",
    "withheld_law_prohibited",
    "withheld_three_security",
    "withheld_third_party",
    "withheld_internal_affairs",
    "withheld_process_info",
    "withheld_enforcement_file",
    "withheld_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "rejected_petition",
    "rejected_repeat",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirm",
    "other_overdue_correction",
    "other_overdue_fee",
    "other_other",
    "other_handling",
    "total_processed",
    "carried_forward",
];

/// Result rows whose sum is 三（七）总计: 三（一） to （六）, the rows between
/// 上年结转 and 总计.
pub const RESULT_ROWS: &[&str] = APPLICATION_ROWS.split_at(2).1.split_at(22).0;

/// Applicant columns of the applications table (six applicant kinds, then
/// 总计).
pub const APPLICATION_COLUMNS: &[&str] = &[
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
];

/// Groups of the review/litigation table.
pub const REVIEW_GROUPS: &[&str] = &["review", "litigation_direct", "litigation_after_review"];

/// Fields of each review/litigation group.
pub const REVIEW_FIELDS: &[&str] = &["upheld", "corrected", "other", "pending", "total"];

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

#[cfg(test)]
mod tests {
    #[test]
    fn result_rows_run_from_granted_to_other_handling() {
        assert_eq!(super::RESULT_ROWS.first(), Some(&"granted"));
        assert_eq!(super::RESULT_ROWS.last(), Some(&"other_handling"));
    }
}
