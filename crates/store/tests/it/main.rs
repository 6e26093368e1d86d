//! The store's integration tests: one binary, one module per theme. Every test runs twice,
//! once on a real SQLite file in a temporary folder and once on PostgreSQL in a schema of
//! its own (so tests run in parallel), through [`backend_tests!`]. PostgreSQL is the one at
//! `REFERAT_TEST_DATABASE_URL` (`scripts/test` starts one); without it the PostgreSQL half
//! skips with a note on stderr, unless `REFERAT_REQUIRE_POSTGRES=1` makes that a failure.

mod accounts;
mod alerts;
mod authoring;
mod backup;
mod closed;
mod concurrency;
mod pgfts;
mod register;
mod versions;

use model::{Action, Decision, DecisionKind, Due, Item, Meeting, Person, Slot};
use store::testing::Place;
use store::{SqliteStore, Store};

pub(crate) use store::testing::{Backend, postgres_url, unique_schema};

/// A store under test and what it lives in, removed when this is dropped.
pub(crate) struct TestStore {
    pub(crate) store: Box<dyn Store>,
    place: Place,
}

impl std::ops::Deref for TestStore {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        self.store.as_ref()
    }
}

/// A fresh, empty store on `backend`; `None` when that backend is not available here.
pub(crate) fn open(backend: Backend) -> Option<TestStore> {
    let (store, place) = backend.open()?;
    Some(TestStore { store, place })
}

impl TestStore {
    /// Another handle on the same data, as a second process would open it; its schema
    /// version.
    pub(crate) fn reopen(&self) -> (Box<dyn Store>, u32) {
        self.place.reopen()
    }

    /// The database's own consistency check where it has one (SQLite).
    pub(crate) fn assert_sound(&self) {
        if let Some(folder) = self.place.folder() {
            let store = SqliteStore::open(folder).unwrap();
            assert_eq!(store.integrity_check().unwrap(), ["ok"]);
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
                    votes: None,
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
