//! Conditional requests, caching headers and compression for every answer (issue 19, point
//! 5: calendar clients fetched the 454 KB meetings calendar whole on every poll).
//!
//! Every answer of a `GET` is a function of the store's contents, today's date and this
//! process (its public origin and its build), so one weak ETag names them all: the store's
//! change counter, today, and a number drawn when the process started. A request whose
//! `If-None-Match` names it is answered 304 before any handler runs. Answers are marked
//! `Cache-Control: no-cache` (keep, but ask again), the stylesheet may be kept for a day.
//! Text answers of 1 KiB or more are sent gzip-compressed to clients that accept it.
//!
//! It does not compute Last-Modified: the store keeps no time of its last change, and the
//! ETag already makes every conditional request cheap.

use std::io::Write;
use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, blocking};

/// Smaller answers are sent as they are: compressing them saves less than it costs.
const MIN_COMPRESSED_BYTES: usize = 1024;

/// The largest answer compressed (the decisions CSV of a large corpus is well below it).
const MAX_COMPRESSED_BYTES: usize = 64 << 20;

/// Answers larger than this are compressed on a blocking thread, off the async runtime.
const BLOCKING_COMPRESSION_BYTES: usize = 64 << 10;

pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cacheable = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path().to_owned();
    let gzip = accepts_gzip(request.headers());
    if !cacheable {
        return next.run(request).await;
    }
    if path == "/style.css" {
        let mut response = next.run(request).await;
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=86400"),
        );
        return compressed(response, gzip).await;
    }
    // Without the counter (the database is away), the handler answers as it can, untagged.
    let tag = blocking(&state, |store| Ok(store.change_seq()?))
        .await
        .ok()
        .and_then(|seq| etag(seq, state.today()));
    if let Some(tag) = &tag
        && matches(request.headers(), tag)
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        mark(response.headers_mut(), tag);
        return response;
    }
    let mut response = next.run(request).await;
    if let Some(tag) = &tag
        && response.status() == StatusCode::OK
    {
        mark(response.headers_mut(), tag);
    }
    compressed(response, gzip).await
}

/// The ETag of every answer while the store is at `seq` on `today`.
fn etag(seq: u64, today: model::Date) -> Option<HeaderValue> {
    static PROCESS: OnceLock<u64> = OnceLock::new();
    let process = PROCESS.get_or_init(|| {
        // A new build may render the same data differently: a tag from another process
        // never matches.
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| since.as_nanos() as u64)
            ^ u64::from(std::process::id())
    });
    HeaderValue::from_str(&format!(
        "W/\"{seq:x}-{}{:02}{:02}-{process:x}\"",
        today.year(),
        today.month(),
        today.day()
    ))
    .ok()
}

fn mark(headers: &mut HeaderMap, tag: &HeaderValue) {
    headers.insert(header::ETAG, tag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
}

/// Whether `If-None-Match` names `tag` (weak comparison, RFC 9110 13.1.2) or is `*`.
fn matches(headers: &HeaderMap, tag: &HeaderValue) -> bool {
    let Ok(tag) = tag.to_str() else {
        return false;
    };
    let opaque = tag.trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == opaque)
}

/// Whether the client takes gzip (`Accept-Encoding: gzip`, not with `q=0`).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
        })
}

/// Whether `headers` describe text worth compressing.
fn compressible(headers: &HeaderMap) -> bool {
    if headers.contains_key(header::CONTENT_ENCODING) {
        return false;
    }
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    kind.starts_with("text/")
        || kind.starts_with("application/json")
        || kind.starts_with("application/atom+xml")
}

/// `response` gzip-compressed when the client accepts it and it is text worth compressing.
async fn compressed(response: Response, gzip: bool) -> Response {
    if response.status() != StatusCode::OK || !compressible(response.headers()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let small = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok())
        .is_some_and(|length| length < MIN_COMPRESSED_BYTES);
    if !gzip || small {
        return Response::from_parts(parts, body);
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_COMPRESSED_BYTES).await else {
        return crate::AppError::Internal("svaret er for stort".into()).into_response();
    };
    if bytes.len() < MIN_COMPRESSED_BYTES {
        return Response::from_parts(parts, Body::from(bytes));
    }
    let packed = if bytes.len() > BLOCKING_COMPRESSION_BYTES {
        let bytes = bytes.clone();
        tokio::task::spawn_blocking(move || gzipped(&bytes))
            .await
            .ok()
            .flatten()
    } else {
        gzipped(&bytes)
    };
    match packed {
        Some(packed) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            parts
                .headers
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            Response::from_parts(parts, Body::from(packed))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

fn gzipped(bytes: &[u8]) -> Option<Vec<u8>> {
    // Level 6 (flate2's default): the CSV and calendars shrink about tenfold; level 9 buys
    // little more at several times the time.
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 4),
        flate2::Compression::default(),
    );
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}
