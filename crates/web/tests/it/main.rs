//! The one integration-test binary of `web`: the router driven with `oneshot` (pages, API,
//! feeds, security, a database that goes away) and, in `browser`, the real server in
//! headless Chromium.
//!
//! The router tests run once per store backend through [`backend_tests!`]: on SQLite in a
//! temporary folder, and on PostgreSQL (`REFERAT_TEST_DATABASE_URL`, which `scripts/test`
//! sets) in a schema of their own. Without that URL the PostgreSQL half skips with a note on
//! stderr, unless `REFERAT_REQUIRE_POSTGRES=1` makes it fail.

mod accounts;
mod alerts;
mod api;
mod authoring;
mod authz;
mod browser;
mod closed;
mod extremes;
mod feeds;
mod followups;
mod limits;
mod oidc;
mod oparl;
mod ops;
mod pages;
mod saved;
mod security;
mod server;
mod smtp;
mod snapshots;
mod totp;
mod unavailable;
mod visibility;
mod writing;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use model::Text;
use search::SearchIndex;
use search::analysis::LexiconBuilder;
use store::{MeetingFilter, Page, Store};
use tower::ServiceExt;
use web::AppState;

pub(crate) use store::testing::{Backend, Place, postgres_url, unique_schema};

tokio::task_local! {
    /// The backend of the running test; SQLite outside [`backend_tests!`].
    static BACKEND: Backend;
}

/// Runs `test` with `fixture()` on `backend`; skips (or fails, see the module doc) when the
/// backend is not available.
pub(crate) async fn on(backend: Backend, test: impl std::future::Future<Output = ()>) {
    if matches!(backend, Backend::Postgres) && postgres_url().is_none() {
        return;
    }
    BACKEND.scope(backend, test).await;
}

/// Runs each named test (an `async fn()` in the same module) once per backend: as
/// `sqlite::name` and `postgres::name`.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test]
            async fn $name() {
                crate::on(crate::Backend::Sqlite, super::$name()).await;
            })*
        }
        mod postgres {
            $(#[tokio::test]
            async fn $name() {
                crate::on(crate::Backend::Postgres, super::$name()).await;
            })*
        }
    };
}
pub(crate) use backend_tests;

/// The day the tests pretend it is.
pub(crate) const TODAY: (i16, i8, i8) = (2025, 9, 1);

/// A store with data; its folder or schema lives as long as this value.
pub(crate) struct Fixture {
    pub(crate) state: AppState,
    pub(crate) _place: Place,
}

pub(crate) fn read_source(bytes: &[u8], _name: &str) -> Option<Text> {
    Some(Text::from_plain(
        std::str::from_utf8(bytes).ok()?,
        model::Format::Text,
    ))
}

/// Extracts `text` as if it were the file `name` and stores it.
pub(crate) fn import(store: &dyn Store, name: &str, text: &str) -> String {
    let lines = Text::from_plain(text, model::Format::Text);
    let mut meeting = extract::extract(&lines).meeting;
    let source = store.put_source(text.as_bytes(), name).unwrap();
    meeting.source.file = name.to_owned();
    meeting.source.sha256 = source.sha256.clone();
    store.put_meeting(&meeting, &source.sha256).unwrap();
    meeting.id
}

/// The five seeds of `crates/cli/demo/`.
pub(crate) fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../cli/demo");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

/// A search index of every meeting in `store`, as `referat import` builds it.
pub(crate) fn index_of(store: &dyn Store) -> SearchIndex {
    let meetings: Vec<model::Meeting> = store
        .meetings(&MeetingFilter::default(), Page::ALL)
        .unwrap()
        .into_iter()
        .map(|summary| store.meeting(&summary.id).unwrap())
        .collect();
    let mut lexicon = LexiconBuilder::default();
    for meeting in &meetings {
        lexicon.add_meeting(meeting);
    }
    let index = SearchIndex::in_memory(lexicon.finish()).unwrap();
    let mut writer = index.writer().unwrap();
    for meeting in &meetings {
        writer.put_meeting(meeting).unwrap();
    }
    writer.commit(store.change_seq().unwrap()).unwrap();
    index
}

/// A store with the given documents, on the backend of the running test.
pub(crate) fn fixture_with(documents: &[(String, String)]) -> Fixture {
    let backend = BACKEND.try_with(|b| *b).unwrap_or(Backend::Sqlite);
    let documents = documents.to_vec();
    // Built on a thread of its own: the PostgreSQL client must not block the test's runtime.
    std::thread::spawn(move || {
        // `on` checked that the backend is there.
        let (store, place) = backend.open().unwrap();
        let store: Arc<dyn Store> = Arc::from(store);
        for (name, text) in &documents {
            import(store.as_ref(), name, text);
        }
        let today = jiff::civil::date(TODAY.0, TODAY.1, TODAY.2);
        let index = Arc::new(index_of(store.as_ref()));
        let state = AppState::new(store, index, today, Arc::new(read_source))
            .with_origin(&"http://referat.test".parse().unwrap());
        Fixture {
            state,
            _place: place,
        }
    })
    .join()
    .unwrap()
}

/// A store with the five seeds.
pub(crate) fn fixture() -> Fixture {
    fixture_with(&seeds())
}

/// A response as the tests look at it.
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: axum::http::HeaderMap,
    pub(crate) body: String,
}

pub(crate) async fn request(fixture: &Fixture, method: &str, uri: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "referat.test")
        .body(Body::empty())
        .unwrap();
    let response = web::router(fixture.state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub(crate) async fn get(fixture: &Fixture, uri: &str) -> Reply {
    request(fixture, "GET", uri).await
}

/// `GET` that must answer 200.
pub(crate) async fn get_ok(fixture: &Fixture, uri: &str) -> String {
    let reply = get(fixture, uri).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    reply.body
}
