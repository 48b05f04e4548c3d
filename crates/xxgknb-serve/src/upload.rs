//! `POST /api/upload`: files from the browser, each parsed and checked on
//! the parser pool with the usual limits and the configured rules, then
//! written to the store. A file whose name (or agency and year) matches an
//! uploaded report replaces it, and the answer says which findings were
//! fixed, remain, or are new.

use crate::api::{self, ReportItem};
use crate::error::ApiError;
use crate::state::{App, Diff};
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use std::collections::HashSet;
use std::sync::Arc;
use xxgknb::view::SourceView;
use xxgknb_core::Finding;
use xxgknb_store::record::Parsed;
use xxgknb_store::store::Entry;

/// The prefix of the store paths of uploaded files: a label, never a path
/// on disk.
pub const UPLOAD_PREFIX: &str = "upload/";

/// The header naming the page's batch (one drop of files).
pub const BATCH_HEADER: &str = "x-xxgknb-batch";

/// One uploaded file as read from the request.
struct Received {
    name: String,
    bytes: Vec<u8>,
}

/// A file name from the browser as a store label: no control characters,
/// `\` as `/`, no leading `/` or `.` segments, at most 240 characters.
pub fn label(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c == '\\' { '/' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    let parts: Vec<&str> = cleaned
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let joined = parts.join("/");
    let short: String = joined
        .chars()
        .rev()
        .take(240)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if short.is_empty() {
        "未命名文件".to_string()
    } else {
        short
    }
}

/// Read the request's files, within the count and size limits.
async fn receive(app: &App, mut form: Multipart) -> Result<Vec<Received>, ApiError> {
    let max = app
        .config
        .max_upload_bytes
        .min(app.config.limits.max_file_bytes);
    let mut out = Vec::new();
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("上传的数据有误：{e}")))?
    {
        let Some(name) = field.file_name().map(label) else {
            continue;
        };
        if out.len() >= app.config.max_upload_files {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("一次最多上传 {} 个文件", app.config.max_upload_files),
            ));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("{name}：上传中断或超过大小限制（{e}）"),
            )
        })? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() as u64 > max {
                return Err(ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!("{name}：文件超过 {} MiB 的上传限制", max >> 20),
                ));
            }
        }
        out.push(Received { name, bytes });
    }
    if out.is_empty() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "请求中没有文件"));
    }
    Ok(out)
}

/// A parsed (or unreadable) file, ready for the store.
struct Checked {
    /// The page's batch (one drop): reports of one batch never replace
    /// each other by agency and year.
    batch: Option<String>,
    id: String,
    key: String,
    entry: Entry,
    snippets: Vec<Option<String>>,
}

/// Parse and check one file (blocking: runs on the parser pool).
fn check(app: &App, r: Received) -> Checked {
    let id = xxgknb::sha256_hex(&r.bytes);
    let key = format!("{UPLOAD_PREFIX}{}", r.name);
    let format = xxgknb::extension(std::path::Path::new(&r.name));
    let input = xxgknb::Input::bytes(&r.name, r.bytes);
    let (entry, snippets) = match xxgknb::analyse(input, &app.config.limits) {
        Err(e) => (
            Entry::Unreadable {
                format,
                error: e.chinese(),
            },
            Vec::new(),
        ),
        Ok(a) => {
            let mut report = a.report;
            app.config.settings.apply(&mut report);
            let view = SourceView::new(&a.document);
            let snippets = report
                .findings
                .iter()
                .map(|f| {
                    view.row(&f.location.source)
                        .map(|r| r.text.trim().to_string())
                })
                .collect();
            match serde_json::to_value(&report) {
                Ok(json) => (
                    Entry::Parsed(Box::new(Parsed::from_report(json, &key, &id))),
                    snippets,
                ),
                Err(e) => (
                    Entry::Unreadable {
                        format,
                        error: format!("无法保存解析结果：{e}"),
                    },
                    Vec::new(),
                ),
            }
        }
    };
    Checked {
        batch: None,
        id,
        key,
        entry,
        snippets,
    }
}

/// What identifies a finding across versions of a report: its rule and
/// cell (or section), not its message (whose numbers change when fixed).
fn identity(
    f: &Finding,
) -> (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<u8>,
) {
    let l = &f.location;
    (
        f.rule.clone(),
        l.table.clone(),
        l.row.clone(),
        l.column.clone(),
        l.section,
    )
}

/// Sort the findings of two versions into fixed, remaining and new.
pub fn diff(replaced: &str, old: &[Finding], new: &[Finding]) -> Diff {
    let old_ids: HashSet<_> = old.iter().map(identity).collect();
    let new_ids: HashSet<_> = new.iter().map(identity).collect();
    Diff {
        replaced: replaced.to_string(),
        fixed: old
            .iter()
            .filter(|f| !new_ids.contains(&identity(f)))
            .cloned()
            .collect(),
        remaining: new
            .iter()
            .filter(|f| old_ids.contains(&identity(f)))
            .cloned()
            .collect(),
        new: new
            .iter()
            .filter(|f| !old_ids.contains(&identity(f)))
            .cloned()
            .collect(),
    }
}

/// The uploaded report this one corrects: the one stored under the same
/// name, else one uploaded in an earlier batch for the same agency and
/// year (two files of one drop are two reports, not a correction).
fn predecessor(app: &App, c: &Checked) -> Result<Option<(String, String)>, ApiError> {
    let store = app.store();
    if let Some(old) = store.report_at(&c.key)?.filter(|old| *old != c.id) {
        return Ok(Some((old, c.key.clone())));
    }
    let Entry::Parsed(p) = &c.entry else {
        return Ok(None);
    };
    let (Some(key), Some(year)) = (&p.agency_key, p.year) else {
        return Ok(None);
    };
    let same = store
        .reports(&xxgknb_store::Filter::default())?
        .into_iter()
        .find(|r| {
            r.id != c.id
                && r.agency_key.as_ref() == Some(key)
                && r.year == Some(year)
                && r.path.starts_with(UPLOAD_PREFIX)
                && (c.batch.is_none() || app.batch_of(&r.id) != c.batch)
        });
    Ok(same.map(|r| (r.id, r.path)))
}

/// Store a checked file, replacing its predecessor; the diff if it had one.
fn store(app: &App, c: Checked) -> Result<(String, Option<Diff>), ApiError> {
    let before = predecessor(app, &c)?;
    let mut store = app.store();
    let old_findings = match &before {
        Some((old, _)) => store.findings(old, false)?,
        None => Vec::new(),
    };
    store.write(&c.id, &c.key, &c.entry, env!("CARGO_PKG_VERSION"), true)?;
    if let Some((_, old_path)) = &before {
        if *old_path != c.key {
            // another name for the same agency and year: the old file goes
            store.prune(&|p: &str| p == old_path)?;
        }
    }
    drop(store);
    app.keep_snippets(&c.id, c.snippets);
    if let Some(b) = &c.batch {
        app.keep_batch(&c.id, b);
    }
    let d = before.map(|(old, _)| {
        let new = match &c.entry {
            Entry::Parsed(p) => p.findings.clone(),
            Entry::Unreadable { .. } => Vec::new(),
        };
        diff(&old, &old_findings, &new)
    });
    if let Some(d) = &d {
        app.keep_diff(&c.id, d.clone());
    }
    Ok((c.id, d))
}

/// Check and store one file given by the operator (blocking): what
/// `xxgknb serve FILES…` loads before serving, through the same steps as
/// an upload, as one batch (files given together never replace each
/// other by agency and year). Returns the report's id.
pub fn add_file(app: &App, name: &str, bytes: Vec<u8>) -> Result<String, ApiError> {
    let checked = check(
        app,
        Received {
            name: label(name),
            bytes,
        },
    );
    let checked = Checked {
        batch: Some("command-line".to_string()),
        ..checked
    };
    store(app, checked).map(|(id, _)| id)
}

/// Start `work` on the parser pool now; its result arrives on the
/// receiver, awaited without blocking the executor.
fn on_pool<T: Send + 'static>(
    app: &Arc<App>,
    work: impl FnOnce(&App) -> T + Send + 'static,
) -> tokio::sync::oneshot::Receiver<T> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let a = app.clone();
    app.pool.spawn(move || {
        let _ = tx.send(work(&a));
    });
    rx
}

/// `POST /api/upload`: every file of the request, checked and stored; the
/// batch-table rows of the results, in the request's order.
pub async fn upload(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    form: Multipart,
) -> Result<Json<Vec<ReportItem>>, ApiError> {
    let batch: Option<String> = headers
        .get(BATCH_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|b| b.chars().take(64).collect());
    let files = receive(&app, form).await?;
    let mut pending = Vec::new();
    for f in files {
        let batch = batch.clone();
        pending.push(on_pool(&app, move |a| Checked {
            batch,
            ..check(a, f)
        }));
    }
    let mut out = Vec::new();
    for p in pending {
        let checked = p.await.map_err(ApiError::internal)?;
        let a = app.clone();
        let (id, _) = tokio::task::spawn_blocking(move || store(&a, checked)).await??;
        let a = app.clone();
        let item = tokio::task::spawn_blocking(move || api::item_by_id(&a, &id)).await??;
        out.extend(item);
    }
    Ok(Json(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_never_climb() {
        assert_eq!(label("../../etc/passwd"), "etc/passwd");
        assert_eq!(label("a\\..\\b.docx"), "a/b.docx");
        assert_eq!(label("/abs/x.pdf"), "abs/x.pdf");
        assert_eq!(label("\u{0}\n"), "未命名文件");
        assert_eq!(label("年报/某局.docx"), "年报/某局.docx");
    }
}
