//! The store's integration tests: one binary, one module per theme. Every test opens a real
//! SQLite file in a temporary folder. The same suite is meant to run against PostgreSQL
//! when that backend lands (behind `DATABASE_URL`).

mod register;
mod versions;

use model::{Action, Decision, DecisionKind, Due, Item, Meeting, Person, Slot};
use store::{SqliteStore, Store};

/// A fresh store in a temporary folder; keep the folder alive as long as the store.
fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    (dir, store)
}

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
fn put(store: &SqliteStore, meeting: &Meeting, bytes: &[u8]) -> store::PutOutcome {
    let source = store.put_source(bytes, "moede.txt").unwrap();
    store.put_meeting(meeting, &source.sha256).unwrap()
}
