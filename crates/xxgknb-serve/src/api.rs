//! The JSON API the page reads: the batch table, one report, one agency's
//! years, the rules and the form's rows and columns.

use crate::error::ApiError;
use crate::review::{self, Reviewed};
use crate::state::{App, Diff};
use crate::upload::UPLOAD_PREFIX;
use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::Arc;
use xxgknb_core::{keys, rules, Severity};
use xxgknb_review::Verdict;
use xxgknb_store::store::StoredReport;
use xxgknb_store::{Filter, Store};

/// Counts of a re-upload's findings against the version it replaced.
#[derive(Debug, Clone, Serialize)]
pub struct DiffCounts {
    /// Findings of the old version gone in the new one.
    pub fixed: usize,
    /// Findings in both.
    pub remaining: usize,
    /// Findings only in the new one.
    pub new: usize,
}

/// The cross-year status of a report.
#[derive(Debug, Clone, Serialize)]
pub struct CrossStatus {
    /// `none` (no adjacent year stored), `ok` or `mismatch`.
    pub status: &'static str,
    /// Its cross-year findings (against the year before, as configured).
    pub count: usize,
    /// The year after's cross-year findings against this report.
    pub later: usize,
    /// The adjacent years of the same agency that are stored.
    pub neighbours: Vec<i64>,
}

/// One row of the batch table.
#[derive(Debug, Clone, Serialize)]
pub struct ReportItem {
    /// sha256 of the file (the store's key).
    pub id: String,
    /// The file's name as uploaded.
    pub name: String,
    /// Agency as printed.
    pub agency: Option<String>,
    /// Normalised agency (the agency view's key).
    pub agency_key: Option<String>,
    /// Year.
    pub year: Option<i64>,
    /// Format read.
    pub format: Option<String>,
    /// Form edition.
    pub edition: Option<String>,
    /// 通过 / 不通过 / 无法读取.
    pub verdict: Verdict,
    /// The verdict in Chinese.
    pub verdict_text: &'static str,
    /// Error findings (single-report and cross-year).
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
    /// Why the file could not be read.
    pub error: Option<String>,
    /// Cross-year status.
    pub cross: CrossStatus,
    /// What the upload changed, when it replaced an earlier version.
    pub diff: Option<DiffCounts>,
    /// The id of the version this upload replaced.
    pub replaced: Option<String>,
}

/// The name shown for a stored path: uploads without their prefix.
pub fn display_name(path: &str) -> String {
    path.strip_prefix(UPLOAD_PREFIX).unwrap_or(path).to_string()
}

/// The cross-year status of `r`: its own cross-year findings (against the
/// year before) and those of the year after (against `r`), as configured.
fn cross_status(
    app: &App,
    store: &Store,
    all: &[StoredReport],
    r: &StoredReport,
    count: usize,
) -> Result<CrossStatus, ApiError> {
    let mut neighbours: Vec<&StoredReport> = match (&r.agency_key, r.year) {
        (Some(k), Some(y)) => all
            .iter()
            .filter(|o| o.agency_key.as_ref() == Some(k))
            .filter(|o| o.year.is_some_and(|oy| (oy - y).abs() == 1))
            .collect(),
        _ => Vec::new(),
    };
    neighbours.sort_by_key(|o| o.year);
    let mut later = 0;
    for n in neighbours.iter().filter(|n| n.year > r.year) {
        later += store
            .findings(&n.id, true)?
            .into_iter()
            .filter_map(|f| app.config.settings.adjust(f))
            .count();
    }
    let mut years: Vec<i64> = neighbours.iter().filter_map(|o| o.year).collect();
    years.dedup();
    let status = if count + later > 0 {
        "mismatch"
    } else if years.is_empty() {
        "none"
    } else {
        "ok"
    };
    Ok(CrossStatus {
        status,
        count,
        later,
        neighbours: years,
    })
}

/// The batch-table row of a stored report.
fn item(
    app: &App,
    store: &Store,
    all: &[StoredReport],
    r: &StoredReport,
) -> Result<ReportItem, ApiError> {
    let rev = review::reviewed(app, store, r)?;
    let cross = rev.review.findings.iter().filter(|f| f.cross_year).count();
    let verdict = rev.review.verdict();
    Ok(ReportItem {
        id: r.id.clone(),
        name: display_name(&r.path),
        agency: r.agency.clone(),
        agency_key: r.agency_key.clone(),
        year: r.year,
        format: r.format.clone(),
        edition: r.edition.clone(),
        verdict,
        verdict_text: verdict.chinese(),
        errors: rev.review.count(Severity::Error),
        warnings: rev.review.count(Severity::Warning),
        infos: rev.review.count(Severity::Info),
        error: r.error.clone(),
        cross: cross_status(app, store, all, r, cross)?,
        replaced: app.diff(&r.id).map(|d| d.replaced),
        diff: app.diff(&r.id).map(|d: Diff| DiffCounts {
            fixed: d.fixed.len(),
            remaining: d.remaining.len(),
            new: d.new.len(),
        }),
    })
}

/// Every stored report, with the cross-year findings brought up to date.
pub fn all_reports(store: &mut Store) -> Result<Vec<StoredReport>, ApiError> {
    if store.cross_year_stale()? {
        store.refresh_cross_year()?;
    }
    Ok(store.reports(&Filter::default())?)
}

/// The batch-table row of one report (blocking).
pub fn item_by_id(app: &App, id: &str) -> Result<Option<ReportItem>, ApiError> {
    let mut store = app.store();
    let all = all_reports(&mut store)?;
    match all.iter().find(|r| r.id == id) {
        Some(r) => Ok(Some(item(app, &store, &all, r)?)),
        None => Ok(None),
    }
}

/// `GET /api/reports`: the batch table.
pub async fn reports(State(app): State<Arc<App>>) -> Result<Json<Vec<ReportItem>>, ApiError> {
    let rows = tokio::task::spawn_blocking(move || -> Result<_, ApiError> {
        let mut store = app.store();
        let all = all_reports(&mut store)?;
        all.iter().map(|r| item(&app, &store, &all, r)).collect()
    })
    .await??;
    Ok(Json(rows))
}

/// The JSON of a report's reviewed findings, with snippets when known.
fn findings_json(app: &App, id: &str, rev: &Reviewed) -> Vec<Value> {
    let snippets = app.snippets(id).unwrap_or_default();
    let mut single = 0usize;
    rev.review
        .findings
        .iter()
        .map(|f| {
            let snippet = if f.cross_year {
                None
            } else {
                single += 1;
                snippets.get(single - 1).cloned().flatten()
            };
            let mut v = serde_json::to_value(f).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                o.insert("snippet".into(), json!(snippet));
                o.insert(
                    "title".into(),
                    json!(rules::by_id(&f.finding.rule).map(|r| r.title)),
                );
            }
            v
        })
        .collect()
}

/// `GET /api/reports/{id}`: one report for the report view.
pub async fn report(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let mut store = app.store();
        let all = all_reports(&mut store)?;
        let r = all
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| ApiError::not_found("这份报告"))?;
        let rev = review::reviewed(&app, &store, r)?;
        let model = store.report_json(&r.id)?;
        Ok(json!({
            "item": item(&app, &store, &all, r)?,
            "report": model,
            "findings": findings_json(&app, &r.id, &rev),
            "diff": app.diff(&r.id),
            "snippets_known": app.snippets(&r.id).is_some(),
        }))
    })
    .await??;
    Ok(Json(v))
}

/// The applications table's totals of a report for the agency chart.
fn series_point(model: Option<&Value>, year: Option<i64>) -> Value {
    let at = |row: &str| {
        model
            .and_then(|m| m.pointer(&format!("/tables/applications/{row}/total")))
            .cloned()
            .unwrap_or(Value::Null)
    };
    json!({
        "year": year,
        "new_received": at("new_received"),
        "total_processed": at("total_processed"),
        "carried_forward": at("carried_forward"),
    })
}

/// `GET /api/agencies/{key}`: one agency's reports in year order, with
/// their tables and findings, and the chart's series.
pub async fn agency(
    State(app): State<Arc<App>>,
    Path(key): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let v = tokio::task::spawn_blocking(move || -> Result<Value, ApiError> {
        let mut store = app.store();
        let all = all_reports(&mut store)?;
        let mut mine: Vec<&StoredReport> = all
            .iter()
            .filter(|r| r.agency_key.as_deref() == Some(key.as_str()))
            .collect();
        if mine.is_empty() {
            return Err(ApiError::not_found("这个机关的报告"));
        }
        mine.sort_by(|a, b| a.year.cmp(&b.year).then(a.path.cmp(&b.path)));
        let mut years = Vec::new();
        let mut series = Vec::new();
        for r in &mine {
            let rev = review::reviewed(&app, &store, r)?;
            let model = store.report_json(&r.id)?;
            series.push(series_point(model.as_ref(), r.year));
            years.push(json!({
                "item": item(&app, &store, &all, r)?,
                "tables": model.as_ref().and_then(|m| m.get("tables")).cloned(),
                "findings": findings_json(&app, &r.id, &rev),
            }));
        }
        Ok(json!({
            "agency": mine.first().and_then(|r| r.agency.clone()),
            "key": key,
            "years": years,
            "series": series,
        }))
    })
    .await??;
    Ok(Json(v))
}

/// `GET /api/rules`: every rule with its explanation.
pub async fn rules() -> Json<Value> {
    let v: Vec<Value> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "severity": r.severity.as_str(),
                "severity_text": r.severity.chinese(),
                "title": r.title,
                "explanation": r.explanation,
                "basis": r.basis,
            })
        })
        .collect();
    Json(Value::Array(v))
}

fn named(list: &[&str], name: fn(&str) -> &'static str) -> Vec<Value> {
    list.iter()
        .map(|k| json!({ "key": k, "name": name(k) }))
        .collect()
}

/// `GET /api/form`: the form's tables, rows and columns in printed order,
/// with their Chinese names (from core's one list).
pub async fn form() -> Json<Value> {
    Json(json!({
        "extensions": xxgknb::REPORT_EXTENSIONS,
        "tables": named(keys::TABLES, keys::table_name),
        "rows": {
            "active": named(keys::ACTIVE_ROWS, keys::row_name),
            "applications": named(keys::APPLICATION_ROWS, keys::row_name),
            "review_litigation": named(keys::REVIEW_GROUPS, keys::row_name),
        },
        "columns": {
            "active": named(keys::ACTIVE_FIELDS, keys::column_name),
            "applications": named(keys::APPLICATION_COLUMNS, keys::column_name),
            "review_litigation": named(keys::REVIEW_FIELDS, keys::column_name),
        },
    }))
}

/// Any other path: 404 in JSON.
pub async fn not_found() -> ApiError {
    ApiError::not_found("这个地址")
}
