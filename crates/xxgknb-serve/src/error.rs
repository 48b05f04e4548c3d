//! The server's errors: typed for the library, and as JSON (`{"error":
//! "…"}`, in Chinese) with a status code for the browser.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why the server could not start or go on.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened or used.
    #[error("数据库：{0}")]
    Store(#[from] xxgknb_store::StoreError),
    /// The network or a file failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The parser thread pool could not be started.
    #[error("无法启动解析线程：{0}")]
    Threads(String),
    /// No random token could be made for a shared server.
    #[error("无法生成访问令牌：{0}")]
    Token(String),
}

/// An error answered to the browser: a status and a Chinese message.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// What went wrong, for the reviewer.
    pub message: String,
}

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// 404 with a message.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("没有找到{what}"))
    }

    /// 500: something on the server side failed.
    pub fn internal(e: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("服务器内部错误：{e}"),
        )
    }
}

impl From<xxgknb_store::StoreError> for ApiError {
    fn from(e: xxgknb_store::StoreError) -> Self {
        ApiError::internal(e)
    }
}

impl From<tokio::task::JoinError> for ApiError {
    fn from(e: tokio::task::JoinError) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = axum::Json(serde_json::json!({ "error": self.message }));
        (self.status, body).into_response()
    }
}
