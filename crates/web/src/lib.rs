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
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::routing::get;
use model::{Date, Text};
use search::SearchIndex;
use store::Store;

pub use error::AppError;
pub use render::path_segment as percent_encode;

/// Reads the original bytes of a source (named as imported) back into lines, so the meeting
/// page can show the original beside what was extracted. `None` when it cannot be read.
pub type ReadSource = dyn Fn(&[u8], &str) -> Option<Text> + Send + Sync;

/// Everything the handlers need, passed in by the caller.
#[derive(Clone)]
pub struct AppState {
    /// Where meetings live.
    pub store: Arc<dyn Store>,
    /// The search index of the store's meetings, kept up to date by whoever changes the
    /// store (`referat import`); this crate only reloads it when the store has changed.
    pub search: Arc<SearchIndex>,
    /// Today's date in Europe/Copenhagen; read by the caller, never by this crate.
    pub today: Arc<dyn Fn() -> Date + Send + Sync>,
    /// How to turn a kept source back into lines.
    pub read_source: Arc<ReadSource>,
    /// The store's change counter when the index was last reloaded.
    seen_seq: Arc<AtomicU64>,
}

impl AppState {
    /// A state with a fixed "today", for tests and for callers that read the clock once.
    pub fn new(
        store: Arc<dyn Store>,
        search: Arc<SearchIndex>,
        today: Date,
        read_source: Arc<ReadSource>,
    ) -> AppState {
        AppState::with_clock(store, search, Arc::new(move || today), read_source)
    }

    /// A state that asks `today` for the date at each request.
    pub fn with_clock(
        store: Arc<dyn Store>,
        search: Arc<SearchIndex>,
        today: Arc<dyn Fn() -> Date + Send + Sync>,
        read_source: Arc<ReadSource>,
    ) -> AppState {
        let seen = search.indexed_seq().unwrap_or(0);
        AppState {
            store,
            search,
            today,
            read_source,
            seen_seq: Arc::new(AtomicU64::new(seen)),
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

/// Runs a blocking call to the store and the search index off the async runtime (both are
/// synchronous by design). When the store has changed since the index was last reloaded,
/// the index is reloaded first, so an import in another process shows up in searches.
async fn searching<T, F>(state: &AppState, call: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&dyn Store, &SearchIndex) -> Result<T, AppError> + Send + 'static,
{
    let store = Arc::clone(&state.store);
    let index = Arc::clone(&state.search);
    let seen = Arc::clone(&state.seen_seq);
    tokio::task::spawn_blocking(move || {
        let seq = store.change_seq()?;
        if seq != seen.load(Ordering::Relaxed) {
            index.reload()?;
            // What the index has caught up with; until it reaches `seq`, the next search
            // reloads again.
            seen.store(index.indexed_seq()?, Ordering::Relaxed);
        }
        call(store.as_ref(), index.as_ref())
    })
    .await
    .map_err(|err| AppError::Internal(format!("opgaven stoppede: {err}")))?
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
