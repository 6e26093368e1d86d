//! The store's integration tests: one binary, one module per theme. Every test runs twice,
//! once on a real SQLite file in a temporary folder and once on PostgreSQL in a schema of
//! its own (so tests run in parallel), through [`backend_tests!`]. PostgreSQL is the one at
//! `REFERAT_TEST_DATABASE_URL` (`scripts/test` starts one); without it the PostgreSQL half
//! skips with a note on stderr, unless `REFERAT_REQUIRE_POSTGRES=1` makes that a failure.

#![allow(
    clippy::print_stderr,
    reason = "a skipped test says why on stderr, as the test runner shows it"
)]

mod concurrency;
mod pgfts;
mod register;
mod versions;

use std::sync::atomic::{AtomicU32, Ordering};

use model::{Action, Decision, DecisionKind, Due, Item, Meeting, Person, Slot};
use store::{PgOptions, PgStore, SqliteStore, Store};

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Backend {
    Sqlite,
    Postgres,
}

/// A store under test and what it lives in: a temporary folder or a PostgreSQL schema,
/// removed when this is dropped.
pub(crate) struct TestStore {
    pub(crate) store: Box<dyn Store>,
    place: Place,
}

enum Place {
    Folder(tempfile::TempDir),
    Schema { url: String, schema: String },
}

impl std::ops::Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        self.store.as_ref()
    }
}

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
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        nanos % 1_000_000
    )
}

impl Backend {
    /// A fresh, empty store; `None` when this backend is not available here.
    pub(crate) fn open(self) -> Option<TestStore> {
        match self {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().unwrap();
                let store = SqliteStore::open(dir.path()).unwrap();
                Some(TestStore {
                    store: Box::new(store),
                    place: Place::Folder(dir),
                })
            }
            Backend::Postgres => {
                let url = postgres_url()?;
                let schema = unique_schema();
                let store = connect(&url, &schema);
                Some(TestStore {
                    store: Box::new(store),
                    place: Place::Schema { url, schema },
                })
            }
        }
    }
}

fn connect(url: &str, schema: &str) -> PgStore {
    let options = PgOptions {
        schema: Some(schema.to_owned()),
        max_connections: 4,
        ..PgOptions::default()
    };
    PgStore::connect(url, &options).unwrap()
}

impl TestStore {
    /// Another handle on the same data, as a second process would open it; its schema
    /// version.
    pub(crate) fn reopen(&self) -> (Box<dyn Store>, u32) {
        match &self.place {
            Place::Folder(dir) => {
                let store = SqliteStore::open(dir.path()).unwrap();
                let version = store.schema_version().unwrap();
                (Box::new(store), version)
            }
            Place::Schema { url, schema } => {
                let store = connect(url, schema);
                let version = store.schema_version().unwrap();
                (Box::new(store), version)
            }
        }
    }

    /// The database's own consistency check where it has one (SQLite).
    pub(crate) fn assert_sound(&self) {
        if let Place::Folder(dir) = &self.place {
            let store = SqliteStore::open(dir.path()).unwrap();
            assert_eq!(store.integrity_check().unwrap(), ["ok"]);
        }
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Place::Schema { url, schema } = &self.place {
            let _ = connect(url, schema).drop_schema();
        }
    }
}

/// Runs each named test (a `fn(Backend)` in the same module) once per backend: as
/// `sqlite::name` and `postgres::name`.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                super::$name(crate::Backend::Sqlite);
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                super::$name(crate::Backend::Postgres);
            })*
        }
    };
}
pub(crate) use backend_tests;

fn person(name: &str, written: &str) -> Person {
    Person {
        name: name.into(),
        as_written: written.into(),
        span: None,
    }
}

/// A small meeting shaped like seed 000 (Rådmandsmøde 2025-07-01).
fn meeting(id: &str, date: &str) -> Meeting {
    Meeting {
        id: id.into(),
        body: "Rådmandsmøde".into(),
        date: Some(date.parse().unwrap()),
        participants: vec![
            person("Otto Junge Ohrt", "Otto Junge Ohrt"),
            person("Niels Jørgen Rasmussen", "Niels Jørgen Rasmussen"),
        ],
        absent: vec![person("Christian Boel", "Boel")],
        schedule: vec![Slot {
            item: "1".into(),
            presenters: vec![person("Hanne Lynghøj Ellerbæk", "Hanne Lynghøj")],
            ..Slot::default()
        }],
        items: vec![
            Item {
                number: "1".into(),
                title: "Frisættelse af plejehjem".into(),
                text: "Status på frisættelsen.".into(),
                decisions: vec![Decision {
                    actor: Some("Rådmandsmødekredsen".into()),
                    kind: DecisionKind::Approved,
                    text: "Rådmandsmødekredsen godkendte indstillingen.".into(),
                    notes: vec![],
                    span: None,
                }],
                actions: vec![
                    Action {
                        text: "NJ laver tidsplan senest i oktober".into(),
                        owners: vec![person("Niels Jørgen Rasmussen", "NJ")],
                        due: Some(Due {
                            text: "senest i oktober".into(),
                            from: None,
                            by: Some("2025-10-31".parse().unwrap()),
                            recurring: None,
                        }),
                        forum: None,
                        span: None,
                    },
                    Action {
                        text: "Status til direktionen på et kommende møde".into(),
                        owners: vec![person("Strategi og Udvikling", "Strategi og Udvikling")],
                        due: None,
                        forum: Some("direktionen".into()),
                        span: None,
                    },
                ],
                ..Item::default()
            },
            Item {
                number: "2".into(),
                title: "Eventuelt".into(),
                ..Item::default()
            },
        ],
        ..Meeting::default()
    }
}

/// Stores `meeting` as if read from a file with `bytes`.
fn put(
    store: &impl std::ops::Deref<Target = dyn Store>,
    meeting: &Meeting,
    bytes: &[u8],
) -> store::PutOutcome {
    let source = store.put_source(bytes, "moede.txt").unwrap();
    store.put_meeting(meeting, &source.sha256).unwrap()
}
