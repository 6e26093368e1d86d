//! What a request sends in its path and query string, read into the handlers' types. These
//! extractors replace axum's `Path` and `Query`, whose rejections are English text/plain
//! that echo the input ("Invalid URL: Cannot parse `\xff` …", "Failed to deserialize query
//! string: …"): a path or query that cannot be read is answered by the Danish error page
//! ([`Path`], [`Query`]) or the API's JSON error object ([`ApiPath`], [`ApiQuery`]), and the
//! input is never repeated. It does not check values: the handlers do that.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::AppError;
use crate::error::ApiError;

/// Path parameters, refused with the Danish error page.
#[derive(Debug)]
pub(crate) struct Path<T>(pub(crate) T);

/// Query parameters, refused with the Danish error page.
#[derive(Debug)]
pub(crate) struct Query<T>(pub(crate) T);

/// Path parameters, refused with the API's JSON error.
#[derive(Debug)]
pub(crate) struct ApiPath<T>(pub(crate) T);

/// Query parameters, refused with the API's JSON error.
#[derive(Debug)]
pub(crate) struct ApiQuery<T>(pub(crate) T);

/// Why a path cannot be read, without the path itself.
fn path_error() -> AppError {
    AppError::BadRequest("adressen indeholder noget, der ikke kan læses".into())
}

/// Why a query string cannot be read, without the query itself.
fn query_error() -> AppError {
    AppError::BadRequest(
        "en parameter i adressen har en værdi, der ikke kan læses, eller står der flere gange"
            .into(),
    )
}

/// Whether the address holds an encoded NUL (`%00`): no name, id or word has one, and
/// PostgreSQL refuses it in text, which would make a bad request a server error.
fn has_nul(parts: &Parts) -> bool {
    parts
        .uri
        .path_and_query()
        .is_some_and(|pq| pq.as_str().contains("%00"))
}

async fn path<T, S>(parts: &mut Parts, state: &S) -> Result<T, AppError>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    if has_nul(parts) {
        return Err(path_error());
    }
    axum::extract::Path::<T>::from_request_parts(parts, state)
        .await
        .map(|axum::extract::Path(value)| value)
        .map_err(|_| path_error())
}

fn query<T: DeserializeOwned>(parts: &Parts) -> Result<T, AppError> {
    if has_nul(parts) {
        return Err(query_error());
    }
    axum::extract::Query::<T>::try_from_uri(&parts.uri)
        .map(|axum::extract::Query(value)| value)
        .map_err(|_| query_error())
}

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        path(parts, state).await.map(Path)
    }
}

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        query(parts).map(Query)
    }
}

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiPath(path(parts, state).await?))
    }
}

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ApiQuery(query(parts)?))
    }
}
