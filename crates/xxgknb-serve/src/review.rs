//! Reports as reviewed (the configured rules over the stored findings,
//! with the cross-year ones), and the downloads made of them: XLSX and
//! printable HTML, per report and per batch.

use crate::api::{all_reports, display_name};
use crate::error::ApiError;
use crate::state::App;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;
use xxgknb_core::{Finding, Report};
use xxgknb_review::{cell_value, FindingReview, ReportReview};
use xxgknb_store::store::StoredReport;
use xxgknb_store::Store;

/// A stored report as reviewed.
pub struct Reviewed {
    /// Findings with places, cells and values.
    pub review: ReportReview,
}

fn configured(app: &App, findings: Vec<Finding>) -> Vec<Finding> {
    findings
        .into_iter()
        .filter_map(|f| app.config.settings.adjust(f))
        .collect()
}

/// A stored report under the configured rules, cross-year findings last.
pub fn reviewed(app: &App, store: &Store, r: &StoredReport) -> Result<Reviewed, ApiError> {
    let name = display_name(&r.path);
    if r.status == "unreadable" {
        let why = r.error.clone().unwrap_or_default();
        return Ok(Reviewed {
            review: ReportReview::unreadable(&name, r.format.clone(), &why),
        });
    }
    let report: Option<Report> = store
        .report_json(&r.id)?
        .and_then(|v| serde_json::from_value(v).ok());
    let single = configured(app, store.findings(&r.id, false)?);
    let cross = configured(app, store.findings(&r.id, true)?);
    let mut review = match &report {
        Some(rep) => {
            let mut rep = rep.clone();
            rep.findings = single;
            ReportReview::from_report(&name, &rep)
        }
        None => {
            let format = r.format.clone().unwrap_or_default();
            let mut rev = ReportReview::unreadable(&name, r.format.clone(), "");
            rev.unreadable = None;
            rev.agency = r.agency.clone();
            rev.year = r.year.and_then(|y| i32::try_from(y).ok());
            rev.edition = r.edition.clone();
            rev.findings = single
                .into_iter()
                .map(|f| FindingReview::new(&format, f, false, None))
                .collect();
            rev
        }
    };
    review.add_cross_year(cross.into_iter().map(|f| {
        let v = report.as_ref().and_then(|rep| cell_value(rep, &f));
        (f, v)
    }));
    Ok(Reviewed { review })
}

/// `?ids=a,b,c` of a batch download (absent: every report).
#[derive(Debug, Deserialize)]
pub struct Ids {
    ids: Option<String>,
}

/// The reviews of the chosen reports (blocking).
fn reviews(app: &App, ids: Option<Vec<String>>) -> Result<Vec<ReportReview>, ApiError> {
    let mut store = app.store();
    let all = all_reports(&mut store)?;
    let chosen: Vec<&StoredReport> = match &ids {
        Some(ids) => all.iter().filter(|r| ids.contains(&r.id)).collect(),
        None => all.iter().collect(),
    };
    if chosen.is_empty() {
        return Err(ApiError::not_found("要下载的报告"));
    }
    chosen
        .into_iter()
        .map(|r| reviewed(app, &store, r).map(|x| x.review))
        .collect()
}

/// A download: the bytes with their type and a file name (UTF-8, with an
/// ASCII fallback).
fn download(bytes: Vec<u8>, mime: &'static str, ascii: &str, name: &str) -> Response {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let disposition = format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const HTML: &str = "text/html; charset=utf-8";
const TITLE: &str = "政府信息公开工作年度报告审核结果";

fn xlsx_of(reviews: &[ReportReview], ascii: &str, name: &str) -> Result<Response, ApiError> {
    let bytes = xxgknb_review::xlsx::workbook(reviews).map_err(ApiError::internal)?;
    Ok(download(bytes, XLSX, ascii, name))
}

fn html_of(reviews: &[ReportReview], ascii: &str, name: &str) -> Response {
    let text = xxgknb_review::html::document(reviews, TITLE);
    download(text.into_bytes(), HTML, ascii, name)
}

/// The file name of one report's download: `审核结果-机关-年度.ext`.
fn report_name(r: &ReportReview, ext: &str) -> String {
    format!("审核结果-{}-{}.{ext}", r.agency_or_unknown(), r.year_text())
}

async fn one(app: Arc<App>, id: String) -> Result<ReportReview, ApiError> {
    let mut v = tokio::task::spawn_blocking(move || reviews(&app, Some(vec![id]))).await??;
    v.pop().ok_or_else(|| ApiError::not_found("这份报告"))
}

fn split_ids(q: Ids) -> Option<Vec<String>> {
    q.ids.map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
}

/// `GET /api/reports/{id}/review.xlsx`.
pub async fn report_xlsx(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let r = one(app, id).await?;
    xlsx_of(
        std::slice::from_ref(&r),
        "review.xlsx",
        &report_name(&r, "xlsx"),
    )
}

/// `GET /api/reports/{id}/review.html`.
pub async fn report_html(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let r = one(app, id).await?;
    Ok(html_of(
        std::slice::from_ref(&r),
        "review.html",
        &report_name(&r, "html"),
    ))
}

/// `GET /api/review.xlsx?ids=…`: the batch (or the chosen reports).
pub async fn batch_xlsx(
    State(app): State<Arc<App>>,
    Query(q): Query<Ids>,
) -> Result<Response, ApiError> {
    let ids = split_ids(q);
    let v = tokio::task::spawn_blocking(move || reviews(&app, ids)).await??;
    xlsx_of(&v, "review.xlsx", "审核结果.xlsx")
}

/// `GET /api/review.html?ids=…`.
pub async fn batch_html(
    State(app): State<Arc<App>>,
    Query(q): Query<Ids>,
) -> Result<Response, ApiError> {
    let ids = split_ids(q);
    let v = tokio::task::spawn_blocking(move || reviews(&app, ids)).await??;
    Ok(html_of(&v, "review.html", "审核结果.html"))
}
