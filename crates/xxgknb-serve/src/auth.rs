//! Who may talk to the server: every request passes [`guard`].
//!
//! - **Host**: a server on loopback answers only requests whose `Host` is a
//!   loopback name (`127.0.0.1`, `localhost`, `[::1]`), so a web page
//!   elsewhere cannot reach it through DNS rebinding.
//! - **Token**: when the server has a token (always for `--host` other
//!   than loopback), a request carries it in the `x-xxgknb-token` header,
//!   the `xxgknb_token` cookie, or once as `?token=` on the page's URL
//!   (which sets the cookie).
//! - **CSRF**: a `POST` carries the header `x-xxgknb: 1`, which a form on
//!   another site cannot send.

use crate::error::ApiError;
use crate::App;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The cookie that carries the token.
pub const COOKIE: &str = "xxgknb_token";
/// The header that carries the token.
pub const TOKEN_HEADER: &str = "x-xxgknb-token";
/// The header every `POST` carries.
pub const CSRF_HEADER: &str = "x-xxgknb";

/// The page's security headers: nothing but this server, no framing.
const CSP: &str = "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Equal strings, in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn is_loopback_host(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    matches!(name, "127.0.0.1" | "localhost" | "::1")
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
}

fn query_token(req: &Request) -> Option<String> {
    req.uri()
        .query()?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v.to_string())
}

/// Check host, token and CSRF header; add the security headers.
pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    if !app.config.any_host && !is_loopback_host(headers) {
        return ApiError::new(StatusCode::MISDIRECTED_REQUEST, "只接受本机地址的访问")
            .into_response();
    }
    let mut set_cookie = None;
    if let Some(token) = &app.config.token {
        let header_token = headers
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let query = query_token(&req);
        let ok = [header_token, cookie_token(headers), query.clone()]
            .iter()
            .flatten()
            .any(|t| same(t, token));
        if !ok {
            return ApiError::new(
                StatusCode::UNAUTHORIZED,
                "需要访问令牌：请使用启动 xxgknb serve 时打印的完整网址",
            )
            .into_response();
        }
        if query.is_some() {
            set_cookie = Some(format!(
                "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
            ));
        }
    }
    if req.method() == Method::POST
        && req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()) != Some("1")
    {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "请求缺少 x-xxgknb 头（只接受本页面发出的上传）",
        )
        .into_response();
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(c) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        h.insert(header::SET_COOKIE, c);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }

    #[test]
    fn loopback_names() {
        let h = |v: &str| {
            let mut m = HeaderMap::new();
            m.insert(
                header::HOST,
                HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")),
            );
            is_loopback_host(&m)
        };
        assert!(h("127.0.0.1:8765"));
        assert!(h("localhost:8765"));
        assert!(h("[::1]:8765"));
        assert!(!h("evil.example:8765"));
        assert!(!h("127.0.0.1.evil.example"));
    }
}
