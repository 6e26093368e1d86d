//! The one integration-test binary of `web`: the router driven with `oneshot` (pages, API,
//! feeds, security, a database that goes away) and, in `browser`, the real server in
//! headless Chromium.
//!
//! The router tests run once per store backend through [`backend_tests!`]: on SQLite in a
//! temporary folder, and on PostgreSQL (`REFERAT_TEST_DATABASE_URL`, which `scripts/test`
//! sets) in a schema of their own. Without that URL the PostgreSQL half skips with a note on
//! stderr, unless `REFERAT_REQUIRE_POSTGRES=1` makes it fail.

#![allow(
    clippy::print_stderr,
    reason = "a skipped test says why on stderr, as the test runner shows it"
)]

mod api;
mod browser;
mod feeds;
mod pages;
mod security;
mod unavailable;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use model::Text;
use search::SearchIndex;
use search::analysis::LexiconBuilder;
use store::{MeetingFilter, Page, PgOptions, PgStore, SqliteStore, Store};
use tower::ServiceExt;
use web::AppState;

/// Which store a test runs on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

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

/// The PostgreSQL URL for tests, or `None` (after saying why) when the test should skip.
pub(crate) fn postgres_url() -> Option<String> {
    match std::env::var("REFERAT_TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("REFERAT_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "REFERAT_REQUIRE_POSTGRES=1 but REFERAT_TEST_DATABASE_URL is not set"
            );
            eprintln!("skipped: REFERAT_TEST_DATABASE_URL is not set (scripts/test sets it)");
            None
        }
    }
}

/// A schema name no other test uses.
pub(crate) fn unique_schema() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "w_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000
    )
}

/// A store on PostgreSQL in `schema`.
pub(crate) fn connect(url: &str, schema: &str) -> PgStore {
    let options = PgOptions {
        schema: Some(schema.to_owned()),
        max_connections: 4,
        connect_timeout: std::time::Duration::from_secs(2),
    };
    PgStore::connect(url, &options).unwrap()
}

/// Where a fixture's data lives; removed when dropped.
pub(crate) enum Place {
    Folder { _dir: tempfile::TempDir },
    Schema { url: String, schema: String },
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Place::Schema { url, schema } = self {
            let (url, schema) = (url.clone(), schema.clone());
            // Off the async runtime: the PostgreSQL client blocks.
            let _ = std::thread::spawn(move || connect(&url, &schema).drop_schema()).join();
        }
    }
}

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
        let (store, place): (Arc<dyn Store>, Place) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(dir.path()).unwrap();
                (Arc::new(store), Place::Folder { _dir: dir })
            }
            Backend::Postgres => {
                // `on` checked that the URL is there.
                let url = postgres_url().unwrap();
                let schema = unique_schema();
                let store = connect(&url, &schema);
                (Arc::new(store), Place::Schema { url, schema })
            }
        };
        for (name, text) in &documents {
            import(store.as_ref(), name, text);
        }
        let today = jiff::civil::date(TODAY.0, TODAY.1, TODAY.2);
        let index = Arc::new(index_of(store.as_ref()));
        let state = AppState::new(store, index, today, Arc::new(read_source));
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
