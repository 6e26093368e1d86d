//! Conditional requests, caching headers and compression for every answer (issue 19, point
//! 5: calendar clients fetched the 454 KB meetings calendar whole on every poll).
//!
//! Every answer of a `GET` is a function of the store's contents, today's date and this
//! process (its public origin and its build), so one weak ETag names them all: the store's
//! change counter, today, and a number drawn when the process started. A request whose
//! `If-None-Match` names it is answered 304 before any handler runs. Answers are marked
//! `Cache-Control: no-cache` (keep, but ask again), the stylesheet may be kept for a day.
//! Answers depend on who asks (issue 13: closed items, internal meetings): only answers to
//! the public are tagged; those to a signed-in viewer are not, and `auth::layer` marks them
//! `private, no-store`. Every answer varies on `Cookie` and `Authorization`, so no cache
//! gives one viewer's answer to another.
//!
//! `Last-Modified` is the moment this process first answered with the current tag (the
//! store keeps no time of its last change, and a new day or a new process may render the
//! same data differently); `If-Modified-Since` is honoured when `If-None-Match` is absent,
//! as RFC 9110 § 13.1.3 asks.
//!
//! Text answers of 1 KiB or more are sent brotli-compressed to clients that accept it, else
//! gzip-compressed; streamed answers (`stream`) compress themselves as they go, in the
//! coding chosen here.

use std::io::Write;
use std::sync::{Mutex, OnceLock};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, blocking};

/// Smaller answers are sent as they are: compressing them saves less than it costs.
pub(crate) const MIN_COMPRESSED_BYTES: usize = 1024;

/// The largest answer compressed (the decisions CSV of a large corpus is well below it).
const MAX_COMPRESSED_BYTES: usize = 64 << 20;

/// Answers larger than this are compressed on a blocking thread, off the async runtime.
const BLOCKING_COMPRESSION_BYTES: usize = 64 << 10;

/// Brotli quality: 5 packs text close to gzip's best at a fraction of brotli's top cost.
pub(crate) const BROTLI_QUALITY: u32 = 5;

/// The moment the current tag was first given, for `Last-Modified`.
#[derive(Default)]
pub(crate) struct Modified {
    current: Mutex<Option<(HeaderValue, jiff::Timestamp)>>,
}

impl Modified {
    /// When `tag` was first seen by this process (now, if it is new), to the second.
    fn since(&self, tag: &HeaderValue) -> jiff::Timestamp {
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*current {
            Some((seen, at)) if seen == tag => *at,
            _ => {
                let now = jiff::Timestamp::now();
                // HTTP dates have whole seconds; a fraction would make every
                // `If-Modified-Since` look older than the answer.
                let at = jiff::Timestamp::from_second(now.as_second()).unwrap_or(now);
                *current = Some((tag.clone(), at));
                at
            }
        }
    }
}

/// A content coding the client takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// Its name in `Content-Encoding`; none for no coding.
    pub(crate) fn name(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }
}

pub(crate) async fn layer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    // Answers to a signed-in viewer (see `auth::layer`) and the sign-in forms (which carry
    // a CSRF token) are nobody else's: no shared tag.
    let private = request
        .extensions()
        .get::<crate::access::Viewer>()
        .is_some_and(|viewer| !viewer.is_public())
        || path.starts_with("/log-ind")
        // A saved search's feed and unsubscribe link answer for the token's account.
        || path.starts_with("/feeds/gemt/")
        || path.starts_with("/afmeld/");
    let cacheable = matches!(*request.method(), Method::GET | Method::HEAD) && !private;
    let gzip = accepted_coding(request.headers());
    // Streamed answers compress as they go, in the same coding (see `stream`).
    request
        .extensions_mut()
        .insert(crate::stream::Accepts(gzip));
    if !cacheable {
        let response = next.run(request).await;
        return if private {
            let mut response = compressed(response, gzip).await;
            vary(response.headers_mut());
            response
        } else {
            response
        };
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
    let modified = tag.as_ref().map(|tag| state.modified.since(tag));
    if let (Some(tag), Some(modified)) = (&tag, modified)
        && fresh(request.headers(), tag, modified)
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        mark(response.headers_mut(), tag, modified);
        vary(response.headers_mut());
        return response;
    }
    let mut response = next.run(request).await;
    if let (Some(tag), Some(modified)) = (&tag, modified)
        && response.status() == StatusCode::OK
    {
        mark(response.headers_mut(), tag, modified);
    }
    let mut response = compressed(response, gzip).await;
    vary(response.headers_mut());
    response
}

/// Whether the client's copy is current: `If-None-Match` names `tag`, or, without
/// `If-None-Match`, `If-Modified-Since` is not before `modified`.
fn fresh(headers: &HeaderMap, tag: &HeaderValue, modified: jiff::Timestamp) -> bool {
    if headers.contains_key(header::IF_NONE_MATCH) {
        return matches(headers, tag);
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| {
            jiff::fmt::rfc2822::DateTimeParser::new()
                .parse_timestamp(value)
                .ok()
        })
        .is_some_and(|since| since >= modified)
}

/// The ETag of every answer to the public while the store is at `seq` on `today`.
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

/// Answers depend on who asks (a session cookie or a bearer token): caches must not give
/// one viewer's answer to another. Added to the `Vary` the answer has (`accept-encoding`),
/// as one value.
fn vary(headers: &mut HeaderMap) {
    const WHO: &str = "cookie, authorization";
    let value = match headers
        .get(header::VARY)
        .and_then(|value| value.to_str().ok())
    {
        Some(before) => HeaderValue::from_str(&format!("{before}, {WHO}"))
            .unwrap_or(HeaderValue::from_static(WHO)),
        None => HeaderValue::from_static(WHO),
    };
    headers.insert(header::VARY, value);
}

fn mark(headers: &mut HeaderMap, tag: &HeaderValue, modified: jiff::Timestamp) {
    headers.insert(header::ETAG, tag.clone());
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(date) = jiff::fmt::rfc2822::DateTimePrinter::new()
        .timestamp_to_rfc9110_string(&modified)
        .map_err(drop)
        .and_then(|date| HeaderValue::from_str(&date).map_err(drop))
    {
        headers.insert(header::LAST_MODIFIED, date);
    }
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

/// The coding to send: brotli when the client takes it (`Accept-Encoding: br`, not with
/// `q=0`), else gzip, else none. `*` stands for both.
fn accepted_coding(headers: &HeaderMap) -> Coding {
    let (mut brotli, mut gzip) = (false, false);
    for coding in headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
    {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|param| {
            param
                .strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if refused {
            continue;
        }
        brotli |= name.eq_ignore_ascii_case("br") || name == "*";
        gzip |= name.eq_ignore_ascii_case("gzip") || name == "*";
    }
    if brotli {
        Coding::Brotli
    } else if gzip {
        Coding::Gzip
    } else {
        Coding::Identity
    }
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

/// `response` compressed in `coding` when it is text worth compressing.
async fn compressed(response: Response, coding: Coding) -> Response {
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
    if coding == Coding::Identity || small {
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
        tokio::task::spawn_blocking(move || packed(&bytes, coding))
            .await
            .ok()
            .flatten()
    } else {
        packed(&bytes, coding)
    };
    match packed {
        Some(packed) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            if let Some(name) = coding.name() {
                parts
                    .headers
                    .insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
            }
            Response::from_parts(parts, Body::from(packed))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

fn packed(bytes: &[u8], coding: Coding) -> Option<Vec<u8>> {
    match coding {
        Coding::Brotli => brotlied(bytes),
        Coding::Gzip => gzipped(bytes),
        Coding::Identity => None,
    }
}

fn brotlied(bytes: &[u8]) -> Option<Vec<u8>> {
    // A 4 MiB window (lgwin 22, brotli's default) is more than any answer needs.
    let mut encoder = brotli::CompressorWriter::new(
        Vec::with_capacity(bytes.len() / 4),
        4096,
        BROTLI_QUALITY,
        22,
    );
    encoder.write_all(bytes).ok()?;
    encoder.flush().ok()?;
    Some(encoder.into_inner())
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
