//! The one integration-test binary of `web`: the router driven with `oneshot` (pages, API,
//! feeds, security) and, in `browser`, the real server in headless Chromium.

mod api;
mod browser;
mod feeds;
mod pages;
mod security;

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use model::Text;
use search::SearchIndex;
use search::analysis::LexiconBuilder;
use store::{MeetingFilter, Page, SqliteStore, Store};
use tower::ServiceExt;
use web::AppState;

/// The day the tests pretend it is.
pub(crate) const TODAY: (i16, i8, i8) = (2025, 9, 1);

/// A data folder with a store; the folder lives as long as this value.
pub(crate) struct Fixture {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) state: AppState,
}

fn read_source(bytes: &[u8], _name: &str) -> Option<Text> {
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

/// A store with the given documents.
pub(crate) fn fixture_with(documents: &[(String, String)]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    for (name, text) in documents {
        import(&store, name, text);
    }
    let today = jiff::civil::date(TODAY.0, TODAY.1, TODAY.2);
    let index = Arc::new(index_of(&store));
    let state = AppState::new(Arc::new(store), index, today, Arc::new(read_source));
    Fixture { _dir: dir, state }
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
