//! Headers and limits on every response: a strict Content-Security-Policy (no scripts at
//! all, styles only from this origin), no framing, no MIME sniffing, no referrer to other
//! sites; only `GET`, `HEAD` and (for the forms and the API's few writes) `POST` are
//! answered, long URLs, large request bodies and two `Host` headers are refused, a body must arrive within [`Limits::body_timeout`] and an
//! answer within [`Limits::request_timeout`]. Every refusal is the Danish error page, or
//! the JSON error object under `/api/`.
//! It does not escape values: the templates do that.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::{AppError, Limits};

/// The largest request body accepted: a form or a JSON object of a few fields. The limit
/// stops a client from making the server read more.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024;

/// The largest body of a save of the minutes being written (every field of every item).
pub(crate) const MAX_MINUTES_BYTES: usize = 1024 * 1024;

/// The largest attachment uploaded to an item, with its form.
pub(crate) const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// The largest body a `POST` to `path` may have: most take a few fields, the minutes being
/// written and their attachments more (issue 14).
pub(crate) fn max_body(path: &str) -> usize {
    if path.starts_with("/skriv/") && path.ends_with("/bilag") {
        MAX_ATTACHMENT_BYTES
    } else if path.starts_with("/skriv/") {
        MAX_MINUTES_BYTES
    } else {
        MAX_BODY_BYTES
    }
}

/// The longest path and query accepted.
const MAX_URI_BYTES: usize = 4096;

/// No JavaScript anywhere; images only from here (and `data:` for none).
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// The policy of the pages where minutes are written (issue 14): the same, and our own
/// script (`/skriv.js`), which saves to the same origin as one types. No other page runs a
/// script.
pub(crate) const WRITING_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub(crate) async fn headers(
    State(limits): State<Limits>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if let Some(err) = refusal(&request) {
        return secure(err.for_path(&path), &path);
    }
    let request = match drained(request, limits.body_timeout).await {
        Ok(request) => request,
        Err(err) => return secure(err.for_path(&path), &path),
    };
    match tokio::time::timeout(limits.request_timeout, next.run(request)).await {
        Ok(response) => secure(response, &path),
        Err(_) => secure(AppError::TooSlow.for_path(&path), &path),
    }
}

/// `request` with its body (if any) read within `timeout`: a client trickling one must not
/// hold the request open. Only a `POST` keeps its body; no other route reads one.
async fn drained(request: Request, timeout: Duration) -> Result<Request, AppError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .is_some_and(|value| value.as_bytes() != b"0");
    if !declared && !request.headers().contains_key(header::TRANSFER_ENCODING) {
        return Ok(request);
    }
    let (parts, body) = request.into_parts();
    let limit = max_body(parts.uri.path());
    match tokio::time::timeout(timeout, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) if parts.method == Method::POST => {
            Ok(Request::from_parts(parts, Body::from(bytes)))
        }
        Ok(Ok(_)) => Ok(Request::from_parts(parts, Body::empty())),
        Ok(Err(_)) => Err(AppError::PayloadTooLarge),
        Err(_) => Err(AppError::RequestTimeout),
    }
}

/// Why `request` is refused before any handler sees it.
fn refusal(request: &Request) -> Option<AppError> {
    let post = request.method() == Method::POST && crate::accepts_post(request.uri().path());
    if request.method() != Method::GET && request.method() != Method::HEAD && !post {
        return Some(AppError::MethodNotAllowed);
    }
    // Two Host headers make "the" host ambiguous to every proxy and cache on the way.
    if request.headers().get_all(header::HOST).iter().count() > 1 {
        return Some(AppError::BadRequest(
            "forespørgslen har flere Host-felter".into(),
        ));
    }
    if request.uri().to_string().len() > MAX_URI_BYTES {
        return Some(AppError::UriTooLong);
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > max_body(request.uri().path())) {
        return Some(AppError::PayloadTooLarge);
    }
    None
}

fn secure(mut response: Response, path: &str) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(if path.starts_with("/skriv/") {
            WRITING_SECURITY_POLICY
        } else {
            CONTENT_SECURITY_POLICY
        }),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}
