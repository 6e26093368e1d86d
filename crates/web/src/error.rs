//! The one place errors meet the outside world: [`AppError`] and its table from kind to
//! status code and Danish message. Pages get an HTML page, the API (through [`ApiError`]) a
//! JSON object `{"error": {"code", "message"}}`. Store and search errors are mapped here and
//! nowhere else.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// An error of a request.
#[derive(Debug)]
pub enum AppError {
    /// The meeting, item, person or page does not exist.
    NotFound(String),
    /// The request cannot be answered as asked (a malformed id, date or page).
    BadRequest(String),
    /// The database cannot be reached for now; the same request may work in a moment.
    Unavailable(String),
    /// Something failed on our side.
    Internal(String),
    /// A method other than `GET` or `HEAD`.
    MethodNotAllowed,
    /// A path and query longer than the server reads.
    UriTooLong,
    /// A request body larger than the server reads.
    PayloadTooLarge,
    /// The request's body did not arrive in time.
    RequestTimeout,
    /// The answer took longer than the request deadline.
    TooSlow,
    /// Too many searches are running and waiting already.
    Busy,
    /// The client has as many connections open as it may.
    TooManyConnections,
    /// Not signed in, or a bearer token that is not (or no longer) valid.
    Unauthorized(String),
    /// This viewer may not have it: the role does not allow it, a form came without its
    /// CSRF token, or the original of a meeting with closed items; the message says why.
    Forbidden(String),
    /// Too many failed sign-ins for an account or from an address; try again later.
    TooManyAttempts,
    /// Somebody else changed the same thing first (another save of the minutes being
    /// written, a signature on a version no longer current); nothing was changed.
    Conflict(String),
}

/// Seconds a client is asked to wait after too many failed sign-ins.
pub(crate) const SIGN_IN_RETRY_SECONDS: &str = "900";

/// Seconds a client is asked to wait before trying again after a 503.
const RETRY_AFTER_SECONDS: &str = "5";

impl AppError {
    /// The table: status code, stable code for the API, and the message shown to people.
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not_found",
                format!("Ikke fundet: {what}"),
            ),
            AppError::BadRequest(what) => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                format!("Forkert forespørgsel: {what}"),
            ),
            AppError::Unavailable(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                // What went wrong is for the log, not for the reader: it may name hosts.
                "Databasen kan ikke nås lige nu. Prøv igen om lidt.".to_owned(),
            ),
            AppError::Internal(what) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                format!("Der skete en fejl på serveren: {what}"),
            ),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Denne adresse kan ikke bruges med den metode.".to_owned(),
            ),
            AppError::UriTooLong => (
                StatusCode::URI_TOO_LONG,
                "uri_too_long",
                "Adressen er for lang.".to_owned(),
            ),
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Forespørgslen er for stor.".to_owned(),
            ),
            AppError::RequestTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "Forespørgslen blev ikke sendt færdig i tide.".to_owned(),
            ),
            AppError::TooSlow => (
                StatusCode::SERVICE_UNAVAILABLE,
                "too_slow",
                "Svaret tog for lang tid. Prøv igen om lidt, eller gør søgningen snævrere."
                    .to_owned(),
            ),
            AppError::Busy => (
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "Serveren har travlt med andre søgninger lige nu. Prøv igen om lidt.".to_owned(),
            ),
            AppError::TooManyConnections => (
                StatusCode::SERVICE_UNAVAILABLE,
                "too_many_connections",
                "Der er for mange forbindelser åbne herfra. Prøv igen om lidt.".to_owned(),
            ),
            AppError::Unauthorized(what) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                format!("Log ind først: {what}"),
            ),
            AppError::Forbidden(what) => (
                StatusCode::FORBIDDEN,
                "forbidden",
                format!("Ingen adgang: {what}"),
            ),
            AppError::Conflict(what) => (
                StatusCode::CONFLICT,
                "conflict",
                format!("Ændret af en anden i mellemtiden: {what}"),
            ),
            AppError::TooManyAttempts => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "For mange mislykkede forsøg på at logge ind. Vent et kvarter, og prøv igen."
                    .to_owned(),
            ),
        }
    }
}

impl From<search::Error> for AppError {
    fn from(err: search::Error) -> AppError {
        match err {
            search::Error::NotFound(id) => AppError::NotFound(format!("punktet {id}")),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<store::Error> for AppError {
    fn from(err: store::Error) -> AppError {
        match err {
            store::Error::NotFound { what, id } => {
                let what = store::noun(what);
                AppError::NotFound(format!("{what} {id}"))
            }
            store::Error::Invalid(message) => AppError::BadRequest(message),
            store::Error::Conflict(message) => AppError::Conflict(message),
            store::Error::Unavailable(message) => AppError::Unavailable(message),
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// The Danish message, for callers outside a request (`referat people`).
impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.parts().2)
    }
}

impl std::error::Error for AppError {}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, _, message) = self.parts();
        let title = match status {
            StatusCode::NOT_FOUND => "Siden findes ikke",
            StatusCode::BAD_REQUEST => "Forkert forespørgsel",
            StatusCode::FORBIDDEN => "Ikke offentligt",
            StatusCode::SERVICE_UNAVAILABLE => "Midlertidigt utilgængelig",
            StatusCode::METHOD_NOT_ALLOWED => "Metoden bruges ikke",
            StatusCode::URI_TOO_LONG => "Adressen er for lang",
            StatusCode::PAYLOAD_TOO_LARGE => "Forespørgslen er for stor",
            StatusCode::REQUEST_TIMEOUT => "Forespørgslen tog for lang tid",
            StatusCode::UNAUTHORIZED => "Log ind",
            StatusCode::FORBIDDEN => "Ingen adgang",
            StatusCode::TOO_MANY_REQUESTS => "For mange forsøg",
            _ => "Fejl",
        };
        let body = crate::render::page(
            title,
            maud::html! {
                h1 { (title) }
                p { (message) }
                @if status == StatusCode::UNAUTHORIZED {
                    p { a href="/log-ind" { "Log ind" } }
                }
                @if status == StatusCode::NOT_FOUND {
                    // A way onward from a dead link: the lists and the search.
                    form action="/soeg" method="get" role="search" {
                        label for="q" { "Søg i referaterne" }
                        " "
                        input id="q" name="q" type="search";
                        " "
                        button type="submit" { "Søg" }
                    }
                    ul {
                        li { a href="/moeder" { "Alle møder" } }
                        li { a href="/opfoelgning" { "Opfølgning" } }
                        li { a href="/personer" { "Personer" } }
                    }
                }
                p { a href="/" { "Til forsiden" } }
            },
        );
        with_retry_after(status, (status, body).into_response())
    }
}

impl AppError {
    /// The answer for a request to `path`: the API's JSON object under `/api/`, the
    /// Danish page elsewhere. For the layers that run before a handler is chosen.
    pub(crate) fn for_path(self, path: &str) -> Response {
        if path == "/api" || path.starts_with("/api/") {
            ApiError(self).into_response()
        } else {
            self.into_response()
        }
    }
}

/// A 503 tells clients (and load balancers) when to try again; a 405 which methods work.
fn with_retry_after(status: StatusCode, mut response: Response) -> Response {
    if status == StatusCode::METHOD_NOT_ALLOWED {
        response.headers_mut().insert(
            axum::http::header::ALLOW,
            axum::http::HeaderValue::from_static("GET, HEAD"),
        );
    }
    if status == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(SIGN_IN_RETRY_SECONDS),
        );
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
    }
    response
}

/// An [`AppError`] answered as JSON, for `/api/v1`.
#[derive(Debug)]
pub(crate) struct ApiError(pub(crate) AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> ApiError {
        ApiError(err)
    }
}

impl From<store::Error> for ApiError {
    fn from(err: store::Error) -> ApiError {
        ApiError(err.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.0.parts();
        let body = serde_json::json!({ "error": { "code": code, "message": message } });
        with_retry_after(status, (status, Json(body)).into_response())
    }
}
