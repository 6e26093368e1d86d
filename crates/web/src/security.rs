//! Headers and limits on every response: a strict Content-Security-Policy (no scripts at
//! all, styles only from this origin), no framing, no MIME sniffing, no referrer to other
//! sites; only `GET` and `HEAD` are answered, and long URLs and request bodies are refused.
//! It does not escape values: the templates do that.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The largest request body accepted. No route reads a body; the limit stops a client from
/// making the server read one anyway.
pub(crate) const MAX_BODY_BYTES: usize = 16 * 1024;

/// The longest path and query accepted.
const MAX_URI_BYTES: usize = 4096;

/// No JavaScript anywhere; images only from here (and `data:` for none).
pub(crate) const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

pub(crate) async fn headers(request: Request, next: Next) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "Kun GET og HEAD: referat har ingen skrivende adresser.",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return secure(response);
    }
    if request.uri().to_string().len() > MAX_URI_BYTES {
        return secure((StatusCode::URI_TOO_LONG, "Adressen er for lang.").into_response());
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES) {
        return secure(
            (StatusCode::PAYLOAD_TOO_LARGE, "Forespørgslen er for stor.").into_response(),
        );
    }
    secure(next.run(request).await)
}

fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
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
