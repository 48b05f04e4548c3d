//! Every endpoint of `xxgknb serve` over HTTP (the router driven in
//! process): the page, uploads (two years of one agency, a corrected
//! re-upload, hostile and oversized files, hostile names, concurrent
//! uploads), the batch table, the report and agency views, the rules, the
//! downloads (XLSX read back with calamine), and the host/token/CSRF
//! guard.

// test code may index and panic (the workspace lints are for library code)
#![allow(clippy::indexing_slicing, clippy::panic)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use calamine::Reader;
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;
use xxgknb_serve::{router, App, Config};

const BOUNDARY: &str = "xxgknb-test-boundary";

fn fixture(rel: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

struct Server {
    app: Router,
    _dir: tempfile::TempDir,
}

fn server_with(edit: impl FnOnce(&mut Config)) -> Server {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut c = Config::new(dir.path().join("test.sqlite"));
    c.jobs = 2;
    edit(&mut c);
    let app = App::new(c).unwrap_or_else(|e| panic!("{e}"));
    Server {
        app: router(Arc::clone(&app)),
        _dir: dir,
    }
}

fn server() -> Server {
    server_with(|_| {})
}

fn multipart(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

fn upload_request(files: &[(&str, &[u8])]) -> Request<Body> {
    Request::post("/api/upload")
        .header(header::HOST, "127.0.0.1:8765")
        .header("x-xxgknb", "1")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(files)))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn get_request(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::HOST, "127.0.0.1:8765")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"))
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let resp = app
        .clone()
        .oneshot(req)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    (status, headers, body)
}

async fn json(app: &Router, req: Request<Body>) -> (StatusCode, Value) {
    let (s, _, b) = send(app, req).await;
    let v = serde_json::from_slice(&b)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&b)));
    (s, v)
}

async fn upload(app: &Router, files: &[(&str, &[u8])]) -> Vec<Value> {
    let (s, v) = json(app, upload_request(files)).await;
    assert_eq!(s, StatusCode::OK, "{v}");
    v.as_array().cloned().unwrap_or_default()
}

fn field<'a>(v: &'a Value, k: &str) -> &'a Value {
    v.get(k).unwrap_or(&Value::Null)
}

const Y2022: &str = "batch/101_ff9983418608c110.layout.txt";
const Y2023: &str = "batch/102_5f88a9945c202723.layout.txt";

async fn two_years(app: &Router) -> (Value, Value) {
    let a = fixture(Y2022);
    let b = fixture(Y2023);
    let rows = upload(app, &[("化隆/2022.txt", &a), ("化隆/2023.txt", &b)]).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    (rows[0].clone(), rows[1].clone())
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_a_strict_policy() {
    let s = server();
    let (st, h, body) = send(&s.app, get_request("/")).await;
    assert_eq!(st, StatusCode::OK);
    let text = String::from_utf8_lossy(&body);
    assert!(text.contains("审核工作台"), "{text}");
    assert!(
        !text.contains("http://") && !text.contains("https://"),
        "no outside resource"
    );
    let csp = h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(csp.contains("default-src 'self'"), "{csp}");
    for (uri, mime) in [("/app.js", "javascript"), ("/app.css", "css")] {
        let (st, h, body) = send(&s.app, get_request(uri)).await;
        assert_eq!(st, StatusCode::OK);
        let ct = h
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(ct.contains(mime), "{uri}: {ct}");
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("https://") && !text.contains("http://"),
            "{uri} reaches out"
        );
    }
    let (st, v) = json(&s.app, get_request("/no/such/thing")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(field(&v, "error").is_string());
}

#[tokio::test]
async fn two_years_of_one_agency_give_verdicts_and_a_cross_year_status() {
    let s = server();
    let (a, b) = two_years(&s.app).await;
    assert_eq!(field(&a, "year"), 2022);
    assert_eq!(field(&b, "year"), 2023);
    assert_eq!(field(&a, "agency_key"), field(&b, "agency_key"));
    for r in [&a, &b] {
        let v = field(r, "verdict").as_str().unwrap_or("");
        assert!(["pass", "fail"].contains(&v), "{r}");
        assert_eq!(
            field(r, "name").as_str().map(|n| n.starts_with("化隆/")),
            Some(true)
        );
    }
    let (st, list) = json(&s.app, get_request("/api/reports")).await;
    assert_eq!(st, StatusCode::OK);
    let list = list.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2);
    // 2023 breaks CARRY_MISMATCH against 2022 (fixtures/batch-consistent/README.md)
    let y2023 = list
        .iter()
        .find(|r| field(r, "year") == 2023)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        field(field(&y2023, "cross"), "status"),
        "mismatch",
        "{y2023}"
    );
    assert_eq!(field(&y2023, "verdict"), "fail");
    assert_eq!(field(&y2023, "verdict_text"), "不通过");
    let y2022 = list
        .iter()
        .find(|r| field(r, "year") == 2022)
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        field(field(&y2022, "cross"), "status"),
        "mismatch",
        "{y2022}"
    );
    assert_eq!(field(field(&y2022, "cross"), "count"), 0);
    assert!(field(field(&y2022, "cross"), "later").as_u64().unwrap_or(0) > 0);
    assert_eq!(
        field(field(&y2022, "cross"), "neighbours"),
        &serde_json::json!([2023])
    );
}

#[tokio::test]
async fn the_report_view_has_model_findings_places_and_snippets() {
    let s = server();
    let (_, b) = two_years(&s.app).await;
    let id = field(&b, "id").as_str().unwrap_or("");
    let (st, v) = json(&s.app, get_request(&format!("/api/reports/{id}"))).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(field(field(field(&v, "report"), "meta"), "year"), 2023);
    let findings = field(&v, "findings")
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!findings.is_empty());
    let cross: Vec<&Value> = findings
        .iter()
        .filter(|f| field(f, "cross_year") == true)
        .collect();
    assert!(
        cross
            .iter()
            .any(|f| field(field(f, "finding"), "rule") == "CARRY_MISMATCH"),
        "{findings:?}"
    );
    assert!(
        cross.iter().all(|f| field(f, "previous").is_number()),
        "{cross:?}"
    );
    assert_eq!(field(&v, "snippets_known"), true);
    assert!(
        findings
            .iter()
            .any(|f| field(f, "snippet").is_string() && field(f, "key").is_string()),
        "a cell finding has its source row: {findings:?}"
    );
    assert!(findings.iter().all(|f| field(f, "title").is_string()));
    let (st, _) = json(&s.app, get_request("/api/reports/0000")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_agency_view_has_its_years_and_chart_series() {
    let s = server();
    let (a, _) = two_years(&s.app).await;
    let key = field(&a, "agency_key").as_str().unwrap_or("").to_string();
    let uri = format!(
        "/api/agencies/{}",
        key.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
    );
    let (st, v) = json(&s.app, get_request(&uri)).await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let years: Vec<i64> = field(&v, "years")
        .as_array()
        .map(|ys| {
            ys.iter()
                .filter_map(|y| field(field(y, "item"), "year").as_i64())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(years, vec![2022, 2023]);
    let series = field(&v, "series").as_array().cloned().unwrap_or_default();
    assert_eq!(series.len(), 2);
    assert!(
        series.iter().all(|p| field(p, "new_received").is_number()),
        "{series:?}"
    );
    let (st, _) = json(&s.app, get_request("/api/agencies/nobody")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

fn xlsx_messages(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec()))
            .unwrap_or_else(|e| panic!("{e}"));
    let names = book.sheet_names().to_vec();
    let mut messages = Vec::new();
    for n in names.iter().skip(1) {
        let range = book.worksheet_range(n).unwrap_or_else(|e| panic!("{e}"));
        for row in range
            .rows()
            .skip(xxgknb_review::xlsx::FINDING_HEADER_ROW as usize + 1)
        {
            if let Some(m) = row.get(3) {
                messages.push(m.to_string());
            }
        }
    }
    (names, messages)
}

#[tokio::test]
async fn downloads_hold_every_finding() {
    let s = server();
    let (a, b) = two_years(&s.app).await;
    let mut expected = Vec::new();
    for r in [&a, &b] {
        let id = field(r, "id").as_str().unwrap_or("");
        let (_, v) = json(&s.app, get_request(&format!("/api/reports/{id}"))).await;
        for f in field(&v, "findings")
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            expected.push(
                field(field(&f, "finding"), "message")
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            );
        }
        let (st, h, body) = send(
            &s.app,
            get_request(&format!("/api/reports/{id}/review.xlsx")),
        )
        .await;
        assert_eq!(st, StatusCode::OK);
        let cd = h
            .get(header::CONTENT_DISPOSITION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        assert!(cd.contains("filename*=UTF-8''"), "{cd}");
        let (names, _) = xlsx_messages(&body);
        assert_eq!(names.len(), 2, "summary + one report: {names:?}");
        let (st, _, body) = send(
            &s.app,
            get_request(&format!("/api/reports/{id}/review.html")),
        )
        .await;
        assert_eq!(st, StatusCode::OK);
        assert!(String::from_utf8_lossy(&body).contains("<!DOCTYPE html>"));
    }
    let (st, _, body) = send(&s.app, get_request("/api/review.xlsx")).await;
    assert_eq!(st, StatusCode::OK);
    let (names, mut got) = xlsx_messages(&body);
    assert_eq!(
        names.first().map(String::as_str),
        Some(xxgknb_review::xlsx::SUMMARY_SHEET)
    );
    assert_eq!(names.len(), 3);
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let (st, _, body) = send(&s.app, get_request("/api/review.html")).await;
    assert_eq!(st, StatusCode::OK);
    let html = String::from_utf8_lossy(&body).to_string();
    for m in &expected {
        assert!(html.contains(&xxgknb_review::html::escape(m)), "{m}");
    }
    let id = field(&a, "id").as_str().unwrap_or("");
    let (st, _, body) = send(&s.app, get_request(&format!("/api/review.xlsx?ids={id}"))).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(xlsx_messages(&body).0.len(), 2);
    let (st, _, _) = send(&s.app, get_request("/api/review.xlsx?ids=nothing")).await;
    assert_eq!(st, StatusCode::NOT_FOUND);
}

/// A copy of the 2023 report with 上年结转 changed to what 2022 carried
/// forward: the CARRY_MISMATCH is fixed, whatever else remains.
fn corrected_2023() -> Vec<u8> {
    let text = String::from_utf8(fixture(Y2023)).unwrap_or_default();
    let prev: Value =
        serde_json::from_slice(&fixture(&format!("{Y2022}.truth.json"))).unwrap_or_default();
    let cur: Value =
        serde_json::from_slice(&fixture(&format!("{Y2023}.truth.json"))).unwrap_or_default();
    let row = |v: &Value, r: &str| -> Vec<i64> {
        let t = v
            .pointer(&format!("/tables/applications/{r}"))
            .cloned()
            .unwrap_or_default();
        xxgknb_core::keys::APPLICATION_COLUMNS
            .iter()
            .map(|c| t.get(c).and_then(Value::as_i64).unwrap_or(-1))
            .collect()
    };
    let want = row(&prev, "carried_forward");
    let have = row(&cur, "carried_over");
    assert_ne!(want, have, "the fixture breaks CARRY_MISMATCH");
    // the 上年结转 line: its label, then the seven numbers
    let mut out = Vec::new();
    for line in text.lines() {
        if line.contains("上年结转") && !want.contains(&-1) {
            let label_end = line.find("上年结转").map_or(0, |i| i + "上年结转".len());
            let (label, rest) = line.split_at(label_end);
            let mut nums = want.iter();
            let mut fixed = String::new();
            let mut in_num = false;
            for ch in rest.chars() {
                if ch.is_ascii_digit() {
                    if !in_num {
                        fixed.push_str(&nums.next().map_or(String::new(), |n| n.to_string()));
                        in_num = true;
                    }
                } else {
                    in_num = false;
                    fixed.push(ch);
                }
            }
            out.push(format!("{label}{fixed}"));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n").into_bytes()
}

#[tokio::test]
async fn a_corrected_version_replaces_the_old_one_and_says_what_was_fixed() {
    let s = server();
    let (_, old) = two_years(&s.app).await;
    let fixed = corrected_2023();
    let rows = upload(&s.app, &[("化隆/2023.txt", &fixed)]).await;
    let new = rows.first().cloned().unwrap_or_default();
    assert_ne!(field(&new, "id"), field(&old, "id"));
    assert_eq!(field(&new, "replaced"), field(&old, "id"));
    let diff = field(&new, "diff");
    assert!(field(diff, "fixed").as_u64().unwrap_or(0) >= 1, "{new}");
    let id = field(&new, "id").as_str().unwrap_or("");
    let (_, v) = json(&s.app, get_request(&format!("/api/reports/{id}"))).await;
    let fixed_rules: Vec<&str> = field(field(&v, "diff"), "fixed")
        .as_array()
        .map(|a| a.iter().filter_map(|f| field(f, "rule").as_str()).collect())
        .unwrap_or_default();
    assert!(!fixed_rules.is_empty(), "{v}");
    let (_, list) = json(&s.app, get_request("/api/reports")).await;
    let list = list.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2, "the old version is gone: {list:?}");
    let y2023 = list
        .iter()
        .find(|r| field(r, "year") == 2023)
        .cloned()
        .unwrap_or_default();
    let count = |r: &Value| field(field(r, "cross"), "count").as_u64().unwrap_or(0);
    assert!(
        count(&y2023) < count(&old),
        "fewer cross-year findings: {y2023} / {old}"
    );
    // the same file under another name replaces it too (same agency, year)
    let rows = upload(&s.app, &[("化隆/2023（修改后）.txt", &fixture(Y2023))]).await;
    assert_eq!(field(&rows[0], "replaced"), field(&new, "id"));
    let (_, list) = json(&s.app, get_request("/api/reports")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn one_drop_keeps_two_files_of_the_same_agency_and_year() {
    let s = server();
    let req = |name: &str, bytes: &[u8], batch: &str| {
        let mut r = upload_request(&[(name, bytes)]);
        r.headers_mut().insert(
            "x-xxgknb-batch",
            batch.parse().unwrap_or_else(|e| panic!("{e}")),
        );
        r
    };
    let txt = fixture("html/101_ff9983418608c110.html");
    let other = fixture(Y2022);
    assert_eq!(
        send(&s.app, req("a.html", &txt, "b1")).await.0,
        StatusCode::OK
    );
    assert_eq!(
        send(&s.app, req("b.txt", &other, "b1")).await.0,
        StatusCode::OK
    );
    let (_, list) = json(&s.app, get_request("/api/reports")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{list}");
    // a later drop of the same agency and year is a correction
    let (_, v) = json(&s.app, req("c.txt", &corrected_2023(), "b2")).await;
    assert!(
        field(&v[0], "replaced").is_null(),
        "another year replaces nothing"
    );
    let mut changed = other.clone();
    changed.extend_from_slice(b"\n");
    let (_, v) = json(&s.app, req("d.txt", &changed, "b2")).await;
    assert!(field(&v[0], "replaced").is_string(), "{v}");
}

#[tokio::test]
async fn hostile_files_and_names_are_reported_and_the_server_goes_on() {
    let s = server();
    let rows = upload(
        &s.app,
        &[
            ("../../../etc/passwd.pdf", b"%PDF-1.7\n garbage \x00\x01"),
            ("坏.docx", b"PK\x03\x04 not a zip"),
        ],
    )
    .await;
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(field(r, "verdict"), "unreadable", "{r}");
        assert_eq!(field(r, "verdict_text"), "无法读取");
        assert!(field(r, "error").as_str().is_some_and(|e| !e.is_empty()));
        assert!(!field(r, "name").as_str().unwrap_or("..").contains(".."));
    }
    assert_eq!(field(&rows[0], "name"), "etc/passwd.pdf");
    let (st, _) = json(&s.app, get_request("/api/reports")).await;
    assert_eq!(st, StatusCode::OK);
    let (st, _, body) = send(&s.app, get_request("/api/review.xlsx")).await;
    assert_eq!(st, StatusCode::OK);
    let (names, _) = xlsx_messages(&body);
    assert_eq!(
        names.len(),
        3,
        "unreadable files have their sheets: {names:?}"
    );
}

#[tokio::test]
async fn uploads_are_bounded_in_size_and_count() {
    let s = server_with(|c| {
        c.max_upload_bytes = 1000;
        c.max_upload_files = 2;
    });
    let big = vec![b'x'; 2000];
    let (st, v) = json(&s.app, upload_request(&[("big.txt", &big)])).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{v}");
    assert!(field(&v, "error")
        .as_str()
        .unwrap_or("")
        .contains("big.txt"));
    let small: &[u8] = b"x";
    let (st, _) = json(
        &s.app,
        upload_request(&[("a.txt", small), ("b.txt", small), ("c.txt", small)]),
    )
    .await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    let (st, v) = json(&s.app, upload_request(&[])).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{v}");
    let (st, _) = json(&s.app, get_request("/api/reports")).await;
    assert_eq!(st, StatusCode::OK);
}

#[tokio::test]
async fn concurrent_uploads_all_land() {
    let s = server();
    let names = [
        "seeds/000_b0de168757f90498.txt",
        "seeds/001_898da3b058eb999e.txt",
        "seeds/002_c70a77332f90186d.txt",
        "seeds/003_378100d4189c1d99.txt",
    ];
    let files: Vec<(String, Vec<u8>)> = names.iter().map(|n| (n.to_string(), fixture(n))).collect();
    let mut tasks = Vec::new();
    for (n, b) in files {
        let app = s.app.clone();
        tasks.push(tokio::spawn(async move {
            let req = upload_request(&[(n.as_str(), b.as_slice())]);
            send(&app, req).await.0
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap_or(StatusCode::IM_A_TEAPOT), StatusCode::OK);
    }
    let (_, list) = json(&s.app, get_request("/api/reports")).await;
    assert_eq!(list.as_array().map(Vec::len), Some(4));
}

#[tokio::test]
async fn the_guard_checks_host_csrf_and_token() {
    let s = server();
    let evil = Request::get("/api/reports")
        .header(header::HOST, "evil.example:8765")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(send(&s.app, evil).await.0, StatusCode::MISDIRECTED_REQUEST);
    let no_csrf = Request::post("/api/upload")
        .header(header::HOST, "localhost:8765")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(multipart(&[("a.txt", b"x")])))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(send(&s.app, no_csrf).await.0, StatusCode::FORBIDDEN);

    let t = server_with(|c| {
        c.token = Some("s3cret".into());
        c.any_host = true;
    });
    let (st, v) = json(&t.app, get_request("/api/reports")).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{v}");
    let with_header = Request::get("/api/reports")
        .header(header::HOST, "192.168.1.5:8765")
        .header("x-xxgknb-token", "s3cret")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(send(&t.app, with_header).await.0, StatusCode::OK);
    let (st, h, _) = send(&t.app, get_request("/?token=s3cret")).await;
    assert_eq!(st, StatusCode::OK);
    let cookie = h
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        cookie.starts_with("xxgknb_token=s3cret") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let with_cookie = Request::get("/api/reports")
        .header(header::HOST, "192.168.1.5:8765")
        .header(header::COOKIE, "other=1; xxgknb_token=s3cret")
        .body(Body::empty())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(send(&t.app, with_cookie).await.0, StatusCode::OK);
    let (st, _) = json(&t.app, get_request("/api/reports?token=wrong")).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn rules_and_form_come_from_core() {
    let s = server();
    let (st, v) = json(&s.app, get_request("/api/rules")).await;
    assert_eq!(st, StatusCode::OK);
    let ids: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(|r| field(r, "id").as_str()).collect())
        .unwrap_or_default();
    assert_eq!(ids.len(), xxgknb_core::rules::ALL.len());
    assert!(ids.contains(&"CARRY_MISMATCH"));
    let (st, v) = json(&s.app, get_request("/api/form")).await;
    assert_eq!(st, StatusCode::OK);
    let rows = field(field(&v, "rows"), "applications")
        .as_array()
        .map(Vec::len);
    assert_eq!(rows, Some(xxgknb_core::keys::APPLICATION_ROWS.len()));
    assert!(field(&v, "extensions")
        .as_array()
        .is_some_and(|e| e.iter().any(|x| x == "docx")));
}

#[tokio::test]
async fn the_rule_selection_applies() {
    let s = server_with(|c| {
        let cli = xxgknb::config::Overrides {
            ignore: vec!["CARRY_MISMATCH".into()],
            ..Default::default()
        };
        c.settings = xxgknb::config::load_settings(None, &cli).unwrap_or_default();
    });
    let (_, b) = two_years(&s.app).await;
    let id = field(&b, "id").as_str().unwrap_or("");
    let (_, v) = json(&s.app, get_request(&format!("/api/reports/{id}"))).await;
    let rules: Vec<&str> = field(&v, "findings")
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| field(field(f, "finding"), "rule").as_str())
                .collect()
        })
        .unwrap_or_default();
    assert!(!rules.contains(&"CARRY_MISMATCH"), "{rules:?}");
    assert!(!rules.is_empty());
}
