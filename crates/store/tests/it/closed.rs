//! Closed items (issue 13): the mark beside the item's row, read into the follow-up
//! register, and the decisions a sekretær releases, on both backends.

use store::{ActionFilter, Actor, Page};

use crate::{Backend, backend_tests, meeting, put};

fn sekretaer() -> Actor {
    Actor {
        email: Some("sekr@greve.dk".into()),
        address: Some("192.0.2.7".into()),
        at: 1_760_000_000,
    }
}

fn follow_ups_know_their_item_is_closed(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let mut closed = meeting("a-2025-07-01", "2025-07-01");
    closed.items[0].closed = true;
    put(&store, &closed, b"closed");
    put(&store, &meeting("b-2025-07-08", "2025-07-08"), b"open");
    let rows = store.actions(&ActionFilter::default()).unwrap();
    assert_eq!(rows.len(), 4);
    for row in &rows {
        assert_eq!(row.item_closed, row.meeting_id == "a-2025-07-01", "{row:?}");
    }
    // The JSON keeps the mark too.
    assert!(store.meeting("a-2025-07-01").unwrap().items[0].closed);
    assert!(!store.meeting("b-2025-07-08").unwrap().items[0].closed);
}

fn released_decisions_are_kept_beside_the_meeting(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let mut closed = meeting("a-2025-07-01", "2025-07-01");
    closed.items[0].closed = true;
    put(&store, &closed, b"closed");
    assert!(!store.meeting("a-2025-07-01").unwrap().items[0].decision_public);
    let before = store.change_seq().unwrap();
    let item = "a-2025-07-01/1".parse().unwrap();
    store
        .set_decision_public(&item, true, &sekretaer())
        .unwrap();
    // The meeting counts as changed: indexes and cached answers follow.
    assert!(store.change_seq().unwrap() > before);
    assert!(
        store
            .meetings_changed_since(before)
            .unwrap()
            .contains(&"a-2025-07-01".to_owned())
    );
    let read = store.meeting("a-2025-07-01").unwrap();
    assert!(read.items[0].decision_public);
    assert!(!read.items[1].decision_public);
    assert!(store.item(&item).unwrap().item.decision_public);
    // A new version of the meeting keeps the release (by the item's printed number).
    let mut changed = closed.clone();
    changed.items[0].text = "Ny tekst.".into();
    put(&store, &changed, b"closed, version 2");
    assert!(store.meeting("a-2025-07-01").unwrap().items[0].decision_public);
    // Withdrawn again; both changes are in the audit log.
    store
        .set_decision_public(&item, false, &sekretaer())
        .unwrap();
    assert!(!store.meeting("a-2025-07-01").unwrap().items[0].decision_public);
    let log = store.audit_log(Page::default()).unwrap();
    let events: Vec<(&str, Option<&str>)> = log
        .iter()
        .map(|entry| (entry.event.as_str(), entry.target.as_deref()))
        .collect();
    assert_eq!(
        events[..2],
        [
            ("decision_withdrawn", Some("a-2025-07-01/1")),
            ("decision_released", Some("a-2025-07-01/1")),
        ]
    );
    assert_eq!(log[0].actor.as_deref(), Some("sekr@greve.dk"));
    // An item that does not exist.
    let missing = "a-2025-07-01/9".parse().unwrap();
    assert!(
        store
            .set_decision_public(&missing, true, &sekretaer())
            .unwrap_err()
            .is_not_found()
    );
}

backend_tests!(
    follow_ups_know_their_item_is_closed,
    released_decisions_are_kept_beside_the_meeting,
);
