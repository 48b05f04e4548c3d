//! # xxgknb-serve
//!
//! `xxgknb serve`: a reviewer workbench in the browser, on the reviewer's
//! own computer. An [axum] server on tokio, backed by the same SQLite
//! store as `xxgknb ingest`, serving one page (HTML, CSS and JS embedded
//! in the binary: no CDN, no network) and a small JSON API:
//!
//! | endpoint | what |
//! |---|---|
//! | `GET /` , `/app.js`, `/app.css` | the page |
//! | `POST /api/upload` | multipart files: parsed, checked, stored; a re-upload replaces the old version and says what was fixed |
//! | `GET /api/reports` | the batch table (verdicts, counts, cross-year status) |
//! | `GET /api/reports/{id}` | one report: model, findings with places and snippets, the diff against the version it replaced |
//! | `GET /api/agencies/{key}` | one agency's years side by side, with its cross-year findings and chart series |
//! | `GET /api/rules`, `GET /api/form` | rule explanations; the form's rows and columns with their Chinese names |
//! | `GET /api/reports/{id}/review.xlsx` / `.html`, `GET /api/review.xlsx` / `.html?ids=…` | what reviewers send back, per report and per batch |
//!
//! Parsing is CPU-bound and runs on a rayon pool, never on the async
//! executor's threads; store access runs on tokio's blocking pool behind
//! one mutex. Path names sent by the browser are only labels in the store:
//! nothing the browser sends is ever used as a file-system path. See
//! `docs/serve.md`.

mod api;
pub mod assets;
mod auth;
pub mod error;
mod review;
mod state;
mod upload;

pub use error::{ApiError, ServeError};
pub use state::{App, Config};
pub use upload::add_file;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

/// The default port of `xxgknb serve` (documented in `docs/serve.md`).
pub const DEFAULT_PORT: u16 = 8765;

/// The application's routes, with the token, host and CSRF checks.
pub fn router(app: Arc<App>) -> Router {
    let body_limit = app.config.max_request_bytes();
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/api/upload", post(upload::upload))
        .route("/api/reports", get(api::reports))
        .route("/api/reports/{id}", get(api::report))
        .route("/api/reports/{id}/review.xlsx", get(review::report_xlsx))
        .route("/api/reports/{id}/review.html", get(review::report_html))
        .route("/api/review.xlsx", get(review::batch_xlsx))
        .route("/api/review.html", get(review::batch_html))
        .route("/api/agencies/{key}", get(api::agency))
        .route("/api/rules", get(api::rules))
        .route("/api/form", get(api::form))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            auth::guard,
        ))
        .with_state(app)
}

/// Serve `app` on `listener` until the process is stopped (Ctrl-C).
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> Result<(), ServeError> {
    axum::serve(listener, router(app))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServeError::Io)
}
