//! The MODEL.md keys of tables, rows and columns, in the printed order of
//! the official form. Everything that lists keys (the recogniser, the
//! validator, the store's export order) takes them from here.

/// The three tables.
pub const TABLES: &[&str] = &["active", "applications", "review_litigation"];

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

#[cfg(test)]
mod tests {
    #[test]
    fn result_rows_run_from_granted_to_other_handling() {
        assert_eq!(super::RESULT_ROWS.first(), Some(&"granted"));
        assert_eq!(super::RESULT_ROWS.last(), Some(&"other_handling"));
    }
}
