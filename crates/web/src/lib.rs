//! The web server: server-rendered Danish pages that need no JavaScript, a JSON API under
//! `/api/v1` with its OpenAPI document and an OParl 1.1 export, calendar (iCalendar), Atom and
//! CSV exports. [`router`] builds the whole application from an [`AppState`], so tests drive
//! it with `tower::ServiceExt::oneshot` without a port.
//!
//! It owns no storage, extraction or reading of file formats: the store comes in as an
//! `Arc<dyn Store>`, "today" and the reading of original files come in as functions from the
//! caller (the CLI), the way typst passes `today` through `World`. There are no write
//! endpoints: every route is `GET`.

mod api;
mod error;
mod feeds;
mod find;
mod oparl;
mod pages;
mod register;
mod render;
mod security;

use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use model::{Date, Text};
use store::Store;

pub use error::AppError;

/// Reads the original bytes of a source (named as imported) back into lines, so the meeting
/// page can show the original beside what was extracted. `None` when it cannot be read.
pub type ReadSource = dyn Fn(&[u8], &str) -> Option<Text> + Send + Sync;

/// Everything the handlers need, passed in by the caller.
#[derive(Clone)]
pub struct AppState {
    /// Where meetings live.
    pub store: Arc<dyn Store>,
    /// Today's date in Europe/Copenhagen; read by the caller, never by this crate.
    pub today: Arc<dyn Fn() -> Date + Send + Sync>,
    /// How to turn a kept source back into lines.
    pub read_source: Arc<ReadSource>,
}

impl AppState {
    /// A state with a fixed "today", for tests and for callers that read the clock once.
    pub fn new(store: Arc<dyn Store>, today: Date, read_source: Arc<ReadSource>) -> AppState {
        AppState {
            store,
            today: Arc::new(move || today),
            read_source,
        }
    }

    fn today(&self) -> Date {
        (self.today)()
    }
}

/// The whole application: pages, API, feeds, exports and the security headers on all of it.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::front))
        .route("/moeder", get(pages::meetings))
        .route("/moeder/{id}", get(pages::meeting))
        .route("/moeder/{id}/original", get(pages::original))
        .route("/punkter/{meeting_id}/{position}", get(pages::item))
        .route("/personer", get(pages::people))
        .route("/personer/{name}", get(pages::person))
        .route("/opfoelgning", get(pages::actions))
        .route("/soeg", get(pages::search))
        .route("/style.css", get(render::stylesheet))
        .route("/kalender/moeder.ics", get(feeds::meetings_ics))
        .route("/kalender/opfoelgning.ics", get(feeds::actions_ics))
        .route("/feeds/moeder.atom", get(feeds::meetings_atom))
        .route("/feeds/soeg.atom", get(feeds::search_atom))
        .route("/eksport/opfoelgning.csv", get(feeds::actions_csv))
        .route("/eksport/beslutninger.csv", get(feeds::decisions_csv))
        .nest("/api/v1", api::router())
        .fallback(pages::not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::extract::DefaultBodyLimit::max(
            security::MAX_BODY_BYTES,
        ))
}

/// Serves `router(state)` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

/// Runs a blocking store call off the async runtime (the store is synchronous by design).
async fn blocking<T, F>(state: &AppState, call: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store) -> Result<T, AppError> + Send + 'static,
{
    let store = Arc::clone(&state.store);
    tokio::task::spawn_blocking(move || call(store.as_ref()))
        .await
        .map_err(|err| AppError::Internal(format!("opgaven stoppede: {err}")))?
}
