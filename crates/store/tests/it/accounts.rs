//! Accounts, sessions, tokens, one-time links, the audit log, follow-up statuses with
//! their history, and the visibility of meetings (issue 13), on both backends.

use store::{ActionFilter, ActionId, ActionStatus, Actor, MeetingAccess, Page, Visibility};

use crate::{Backend, backend_tests, meeting, put};

fn at(seconds: i64) -> Actor {
    Actor {
        email: None,
        address: None,
        at: seconds,
    }
}

fn by(email: &str, seconds: i64) -> Actor {
    Actor {
        email: Some(email.into()),
        address: Some("192.0.2.7".into()),
        at: seconds,
    }
}

fn accounts_are_added_listed_changed_and_removed(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    store
        .add_user(
            " Sekr@Greve.dk ",
            "sekretær",
            Some("Greve"),
            Some("$argon2id$x"),
            &at(10),
        )
        .unwrap();
    store
        .add_user("laeser@greve.dk", "læser", None, None, &at(11))
        .unwrap();
    let taken = store
        .add_user("SEKR@greve.dk", "medlem", None, None, &at(12))
        .unwrap_err();
    assert!(taken.to_string().contains("findes allerede"), "{taken}");

    let users = store.users().unwrap();
    let emails: Vec<&str> = users.iter().map(|u| u.email.as_str()).collect();
    assert_eq!(emails, ["laeser@greve.dk", "sekr@greve.dk"]);
    assert!(users[1].has_password);
    assert!(!users[0].has_password);
    assert_eq!(users[1].organisation.as_deref(), Some("Greve"));
    let (user, hash) = store.credentials("sekr@greve.dk").unwrap().unwrap();
    assert_eq!(user.role, "sekretær");
    assert_eq!(hash.as_deref(), Some("$argon2id$x"));

    store
        .set_role(
            "laeser@greve.dk",
            "medlem",
            Some("Greve"),
            &by("admin@greve.dk", 20),
        )
        .unwrap();
    assert_eq!(
        store.user("laeser@greve.dk").unwrap().unwrap().role,
        "medlem"
    );
    assert!(
        store
            .set_role("nobody@x.dk", "medlem", None, &at(21))
            .unwrap_err()
            .is_not_found()
    );

    store
        .create_session("s1", "laeser@greve.dk", "csrf1", 1_000, &at(30))
        .unwrap();
    store.add_token("t1", "laeser@greve.dk", &at(31)).unwrap();
    store.remove_user("laeser@greve.dk", &at(40)).unwrap();
    assert!(store.user("laeser@greve.dk").unwrap().is_none());
    assert!(store.session("s1", 35).unwrap().is_none());
    assert!(store.token_user("t1").unwrap().is_none());
    assert!(
        store
            .remove_user("laeser@greve.dk", &at(41))
            .unwrap_err()
            .is_not_found()
    );

    // Newest first, each write with its line.
    let log = store.audit_log(Page::default()).unwrap();
    let events: Vec<&str> = log.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(
        events,
        [
            "user_removed",
            "token_created",
            "sign_in",
            "role_changed",
            "user_added",
            "user_added"
        ]
    );
    assert_eq!(log[3].actor.as_deref(), Some("admin@greve.dk"));
    assert_eq!(log[3].address.as_deref(), Some("192.0.2.7"));
    assert_eq!(log[3].detail.as_deref(), Some("læser → medlem (Greve)"));
}

fn sessions_expire_and_end(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    store
        .add_user("m@x.dk", "medlem", None, None, &at(1))
        .unwrap();
    store
        .create_session("old", "m@x.dk", "c0", 100, &at(50))
        .unwrap();
    store
        .create_session("new", "m@x.dk", "c1", 500, &at(60))
        .unwrap();
    let session = store.session("new", 400).unwrap().unwrap();
    assert_eq!(session.user.email, "m@x.dk");
    assert_eq!(session.csrf, "c1");
    assert!(
        store.session("new", 500).unwrap().is_none(),
        "expired at 500"
    );
    assert!(store.session("unknown", 0).unwrap().is_none());
    // A sign-in clears the sessions expired by then.
    store
        .create_session("third", "m@x.dk", "c2", 900, &at(200))
        .unwrap();
    assert!(store.session("old", 0).unwrap().is_none());
    store.end_session("new", &by("m@x.dk", 300)).unwrap();
    assert!(store.session("new", 301).unwrap().is_none());
    assert!(store.session("third", 301).unwrap().is_some());
    // Another handle (another `serve` process) sees the same sessions.
    let (other, _) = store.reopen();
    assert!(other.session("third", 301).unwrap().is_some());
}

fn tokens_and_password_links_are_kept_hashed_and_used_once(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    store
        .add_user("s@x.dk", "sekretær", None, None, &at(1))
        .unwrap();
    assert!(
        store
            .add_token("t", "nobody@x.dk", &at(2))
            .unwrap_err()
            .is_not_found()
    );
    store.add_token("t", "s@x.dk", &at(2)).unwrap();
    assert_eq!(store.token_user("t").unwrap().unwrap().email, "s@x.dk");
    assert!(store.token_user("u").unwrap().is_none());
    store.add_token("t2", "s@x.dk", &at(2)).unwrap();
    assert_eq!(store.revoke_tokens("S@x.dk", &at(3)).unwrap(), 2);
    assert!(store.token_user("t").unwrap().is_none());
    assert!(store.token_user("t2").unwrap().is_none());
    assert_eq!(store.revoke_tokens("s@x.dk", &at(4)).unwrap(), 0);
    assert!(
        store
            .revoke_tokens("nobody@x.dk", &at(5))
            .unwrap_err()
            .is_not_found()
    );
    store.add_token("t", "s@x.dk", &at(6)).unwrap();

    store
        .add_password_link("link", "s@x.dk", 100, &at(3))
        .unwrap();
    assert_eq!(
        store.password_link("link", 50).unwrap().as_deref(),
        Some("s@x.dk")
    );
    assert!(
        store.password_link("link", 100).unwrap().is_none(),
        "expired"
    );
    assert!(
        store
            .use_password_link("link", "$argon2id$h", &at(100))
            .unwrap_err()
            .is_not_found()
    );
    store
        .create_session("before", "s@x.dk", "c", 1_000, &at(98))
        .unwrap();
    assert!(store.session("before", 98).unwrap().is_some());
    assert_eq!(
        store
            .use_password_link("link", "$argon2id$h", &at(99))
            .unwrap(),
        "s@x.dk"
    );
    assert!(store.user("s@x.dk").unwrap().unwrap().has_password);
    assert!(
        store.session("before", 99).unwrap().is_none(),
        "a new password ends sessions"
    );
    assert!(
        store
            .use_password_link("link", "$argon2id$i", &at(99))
            .unwrap_err()
            .is_not_found()
    );
}

fn failed_sign_ins_are_counted_by_email_and_address(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    for (seconds, email, address) in [
        (10, "a@x.dk", "192.0.2.1"),
        (20, "a@x.dk", "192.0.2.2"),
        (30, "b@x.dk", "192.0.2.1"),
    ] {
        let actor = Actor {
            email: None,
            address: Some(address.into()),
            at: seconds,
        };
        store
            .audit("sign_in_failed", Some(email), None, &actor)
            .unwrap();
    }
    let count = |target: Option<&str>, address: Option<&str>, since| {
        store
            .count_events("sign_in_failed", target, address, since)
            .unwrap()
    };
    assert_eq!(count(Some("a@x.dk"), None, 0), 2);
    assert_eq!(count(Some("a@x.dk"), None, 15), 1);
    assert_eq!(count(None, Some("192.0.2.1"), 0), 2);
    assert_eq!(count(None, None, 0), 0);
    assert_eq!(
        store
            .count_events("sign_in", Some("a@x.dk"), None, 0)
            .unwrap(),
        0
    );
}

fn follow_up_statuses_keep_their_history_across_versions(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(
        &store,
        &meeting("raadmandsmoede-2025-07-01", "2025-07-01"),
        b"v1",
    );
    let id = "raadmandsmoede-2025-07-01/1/1".parse().unwrap();
    store
        .set_follow_up(
            &id,
            ActionStatus::InProgress,
            "tidsplan i gang",
            &by("s@x.dk", 100),
        )
        .unwrap();
    store
        .set_follow_up(&id, ActionStatus::Done, "vedtaget", &by("s@x.dk", 200))
        .unwrap();
    let missing = "raadmandsmoede-2025-07-01/1/9".parse().unwrap();
    assert!(
        store
            .set_follow_up(&missing, ActionStatus::Done, "", &at(1))
            .unwrap_err()
            .is_not_found()
    );
    let history = store.action_history(&id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (
            history[0].before,
            history[0].after,
            history[0].note.as_str()
        ),
        (
            ActionStatus::Open,
            ActionStatus::InProgress,
            "tidsplan i gang"
        )
    );
    assert_eq!(history[1].before, ActionStatus::InProgress);
    assert_eq!(history[1].actor.as_deref(), Some("s@x.dk"));
    assert_eq!(history[1].at, 200);

    // A new version of the meeting (another file) finds the follow-up again: it keeps its
    // status and history.
    let mut changed = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    changed.location = Some("Rådhuset".into());
    assert_eq!(put(&store, &changed, b"v2"), store::PutOutcome::NewVersion);
    let rows = store.actions(&ActionFilter::default()).unwrap();
    assert_eq!(rows[0].status, ActionStatus::Done);
    assert_eq!(rows[1].status, ActionStatus::Open);
    assert_eq!(store.action_history(&id).unwrap().len(), 2);
    let open = ActionFilter {
        open: true,
        ..ActionFilter::default()
    };
    assert_eq!(store.actions(&open).unwrap().len(), 1);
    let log = store.audit_log(Page::default()).unwrap();
    assert_eq!(log[0].event, "follow_up_status");
    assert_eq!(
        log[0].target.as_deref(),
        Some("raadmandsmoede-2025-07-01/1/1")
    );
    assert_eq!(
        log[0].detail.as_deref(),
        Some("in_progress → done: vedtaget")
    );
}

fn owners_and_due_dates_can_be_corrected(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(
        &store,
        &meeting("raadmandsmoede-2025-07-01", "2025-07-01"),
        b"v1",
    );
    let id = "raadmandsmoede-2025-07-01/1/1".parse().unwrap();
    let owners = vec!["Heidi Have".to_owned(), " ".to_owned()];
    store
        .edit_follow_up(
            &id,
            Some(&owners),
            Some("2025-09-15".parse().unwrap()),
            "aftalt på mødet",
            &by("s@x.dk", 100),
        )
        .unwrap();
    let rows = store.actions(&ActionFilter::default()).unwrap();
    let row = rows
        .iter()
        .find(|row| row.id == "raadmandsmoede-2025-07-01/1/1")
        .unwrap();
    assert_eq!(row.action.owners.len(), 1);
    assert_eq!(row.action.owners[0].name, "Heidi Have");
    assert_eq!(
        row.action.due.as_ref().unwrap().by,
        Some("2025-09-15".parse().unwrap())
    );
    // The filters see the corrections: the new owner and date, not the extracted ones.
    let by_owner = |owner: &str| {
        store
            .actions(&ActionFilter {
                owner: Some(owner.into()),
                ..ActionFilter::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(by_owner("NJ"), 0);
    let due_before = |day: &str| {
        store
            .actions(&ActionFilter {
                due_before: Some(day.parse().unwrap()),
                ..ActionFilter::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(due_before("2025-10-01"), 1);
    assert_eq!(due_before("2025-09-15"), 0);
    // Issue 19: the register is paged on refs, so every filter must hold in SQL, the
    // corrections included: the corrected day, not the extracted 2025-10-31.
    let refs = |filter: ActionFilter| store.action_refs(&filter).unwrap();
    let days = |from: &str, until: &str| {
        refs(ActionFilter {
            due_from: Some(from.parse().unwrap()),
            due_until: Some(until.parse().unwrap()),
            ..ActionFilter::default()
        })
        .len()
    };
    assert_eq!(days("2025-09-15", "2025-09-15"), 1);
    assert_eq!(days("2025-10-31", "2025-10-31"), 0);
    let owned_by = |owner: &str| {
        refs(ActionFilter {
            owner: Some(owner.into()),
            ..ActionFilter::default()
        })
    };
    // NJ's follow-up now has another owner; the unit's is untouched.
    assert!(owned_by("NJ").is_empty());
    let unit = owned_by("strategi");
    assert_eq!(unit.len(), 1);
    assert_eq!((unit[0].item_position, unit[0].position), (1, 2));
    assert!(!unit[0].item_closed);
    let by_body = |body: &str| {
        refs(ActionFilter {
            body: Some(body.into()),
            ..ActionFilter::default()
        })
        .len()
    };
    assert_eq!(by_body("RÅDMANDSMØDE"), 0, "only ASCII letters fold");
    assert_eq!(by_body("Rådmandsmøde"), rows.len());
    assert_eq!(by_body("Byråd"), 0);
    let done = ActionFilter {
        status: Some(ActionStatus::Done),
        ..ActionFilter::default()
    };
    assert!(refs(done.clone()).is_empty());
    // The refs are the register's rows in its order, and rows are read back in the order
    // of the refs asked for.
    let all = refs(ActionFilter::default());
    let ids: Vec<&str> = rows.iter().map(|row| row.id.as_str()).collect();
    let read: Vec<String> = store
        .actions_of(&all)
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(read, ids);
    let backwards: Vec<_> = all.iter().rev().cloned().collect();
    let read: Vec<String> = store
        .actions_of(&backwards)
        .unwrap()
        .into_iter()
        .map(|row| row.id)
        .collect();
    assert_eq!(read, ids.iter().rev().copied().collect::<Vec<_>>());
    assert_eq!(store.actions_of(&all[1..]).unwrap()[0], rows[1]);
    assert_eq!(
        store.actions_of(&all[..1]).unwrap()[0].action.owners[0].name,
        "Heidi Have"
    );
    let history = store.action_history(&id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].before, ActionStatus::Open);
    assert_eq!(history[0].after, ActionStatus::Open);
    assert_eq!(
        history[0].note,
        "ansvarlige: Niels Jørgen Rasmussen → Heidi Have; frist: 2025-10-31 → 2025-09-15. aftalt på mødet"
    );
    // Only the date now; the owners stay corrected. A new version keeps both.
    store
        .edit_follow_up(&id, None, Some("2025-09-20".parse().unwrap()), "", &at(200))
        .unwrap();
    let mut changed = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    changed.location = Some("Rådhuset".into());
    put(&store, &changed, b"v2");
    let rows = store.actions(&ActionFilter::default()).unwrap();
    let row = rows
        .iter()
        .find(|row| row.id == "raadmandsmoede-2025-07-01/1/1")
        .unwrap();
    assert_eq!(row.action.owners[0].name, "Heidi Have");
    assert_eq!(
        row.action.due.as_ref().unwrap().by,
        Some("2025-09-20".parse().unwrap())
    );
    assert_eq!(
        store.action_history(&id).unwrap()[1].note,
        "frist: 2025-09-15 → 2025-09-20"
    );
    let log = store.audit_log(Page::default()).unwrap();
    assert_eq!(log[0].event, "follow_up_edited");
}

fn meetings_can_be_internal_to_an_organisation(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(
        &store,
        &meeting("raadmandsmoede-2025-07-01", "2025-07-01"),
        b"v1",
    );
    assert!(store.meeting_access().unwrap().is_empty());
    let internal = MeetingAccess {
        visibility: Visibility::Internal,
        organisation: Some("Aarhus".into()),
    };
    store
        .set_meeting_access("raadmandsmoede-2025-07-01", &internal, &at(5))
        .unwrap();
    let access = store.meeting_access().unwrap();
    assert_eq!(access["raadmandsmoede-2025-07-01"], internal);
    let public = MeetingAccess::default();
    store
        .set_meeting_access("raadmandsmoede-2025-07-01", &public, &at(6))
        .unwrap();
    // Public again, and still Aarhus' meeting: the organisation stated stays.
    assert_eq!(
        store.meeting_access().unwrap()["raadmandsmoede-2025-07-01"],
        MeetingAccess {
            visibility: Visibility::Public,
            organisation: Some("Aarhus".into()),
        }
    );
}

fn totp_secrets_are_kept_and_each_step_is_used_once(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    store
        .add_user("m@x.dk", "medlem", None, None, &at(1))
        .unwrap();
    assert_eq!(store.totp("m@x.dk").unwrap(), None);
    assert!(!store.users().unwrap()[0].has_totp);
    // Without TOTP no step is recorded.
    assert!(!store.use_totp_step("m@x.dk", 5).unwrap());
    assert!(
        store
            .set_totp("nobody@x.dk", Some("AAAA"), &at(2))
            .unwrap_err()
            .is_not_found()
    );

    store.set_totp("M@x.dk", Some("GEZDGNBV"), &at(2)).unwrap();
    assert!(store.users().unwrap()[0].has_totp);
    assert_eq!(
        store.totp("m@x.dk").unwrap(),
        Some(("GEZDGNBV".to_owned(), None))
    );
    assert!(store.use_totp_step("m@x.dk", 100).unwrap());
    assert!(!store.use_totp_step("m@x.dk", 100).unwrap(), "replayed");
    assert!(!store.use_totp_step("m@x.dk", 99).unwrap(), "earlier step");
    assert!(store.use_totp_step("m@x.dk", 101).unwrap());
    assert_eq!(
        store.totp("m@x.dk").unwrap(),
        Some(("GEZDGNBV".to_owned(), Some(101)))
    );
    // A new secret starts afresh.
    store.set_totp("m@x.dk", Some("MFRGGZDF"), &at(3)).unwrap();
    assert_eq!(
        store.totp("m@x.dk").unwrap(),
        Some(("MFRGGZDF".to_owned(), None))
    );
    store.set_totp("m@x.dk", None, &at(4)).unwrap();
    assert_eq!(store.totp("m@x.dk").unwrap(), None);
    assert!(!store.users().unwrap()[0].has_totp);
    let events: Vec<String> = store
        .audit_log(Page {
            limit: 10,
            offset: 0,
        })
        .unwrap()
        .into_iter()
        .map(|entry| entry.event)
        .collect();
    assert_eq!(events[..3], ["totp_off", "totp_on", "totp_on"]);
}

/// A new version that inserts an item before the others moves every follow-up one item
/// down: each keeps its own status, history and correction, and none takes another's.
fn follow_ups_keep_their_state_when_items_move(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let first = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    put(&store, &first, b"v1");
    let rows = store.actions(&ActionFilter::default()).unwrap();
    assert!(rows.len() >= 2, "{rows:?}");
    let done_text = rows[0].action.text.clone();
    let id: ActionId = rows[0].id.parse().unwrap();
    store
        .set_follow_up(&id, ActionStatus::Done, "vedtaget", &at(100))
        .unwrap();
    store
        .edit_follow_up(&id, None, Some("2025-12-24".parse().unwrap()), "", &at(101))
        .unwrap();
    let history = store.action_history(&id).unwrap().len();
    assert!(history > 0);

    let mut moved = first.clone();
    moved.items.insert(
        0,
        model::Item {
            number: "0".into(),
            title: "Godkendelse af dagsorden".into(),
            ..model::Item::default()
        },
    );
    assert_eq!(put(&store, &moved, b"v2"), store::PutOutcome::NewVersion);
    let rows = store.actions(&ActionFilter::default()).unwrap();
    for row in &rows {
        let done = row.action.text == done_text;
        assert_eq!(row.status == ActionStatus::Done, done, "{row:?}");
        let due = row.action.due.as_ref().and_then(|due| due.by);
        assert_eq!(due == Some("2025-12-24".parse().unwrap()), done, "{row:?}");
    }
    let moved_id: ActionId = rows
        .iter()
        .find(|row| row.action.text == done_text)
        .unwrap()
        .id
        .parse()
        .unwrap();
    // Addressed by its item's printed number, the follow-up keeps its address too.
    assert_eq!(moved_id, id);
    assert_eq!(store.action_history(&moved_id).unwrap().len(), history);
}

backend_tests!(
    follow_ups_keep_their_state_when_items_move,
    totp_secrets_are_kept_and_each_step_is_used_once,
    accounts_are_added_listed_changed_and_removed,
    sessions_expire_and_end,
    tokens_and_password_links_are_kept_hashed_and_used_once,
    failed_sign_ins_are_counted_by_email_and_address,
    follow_up_statuses_keep_their_history_across_versions,
    owners_and_due_dates_can_be_corrected,
    meetings_can_be_internal_to_an_organisation,
);
