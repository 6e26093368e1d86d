//! Saved searches, the outbox, reminders sent, leases and person links (issue 15), on both
//! backends.

use store::{Actor, Frequency, Mail, Mark, Page};

use crate::{Backend, backend_tests};

fn at(seconds: i64) -> Actor {
    Actor {
        email: None,
        address: None,
        at: seconds,
    }
}

fn mail(subject: &str) -> Mail {
    Mail {
        kind: "digest".into(),
        recipient: "a@x.dk".into(),
        subject: subject.into(),
        text_body: "tekst".into(),
        html_body: "<p>tekst</p>".into(),
        headers: vec![("List-Unsubscribe".into(), "<https://x/afmeld/t>".into())],
    }
}

fn saved_searches_are_added_listed_and_removed(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let unknown = store
        .add_saved_search("nobody@x.dk", "b", "q=b", Frequency::Daily, "t0", 0, &at(1))
        .unwrap_err();
    assert!(unknown.is_not_found(), "{unknown}");
    store
        .add_user("a@x.dk", "læser", None, None, &at(1))
        .unwrap();
    store
        .add_user("b@x.dk", "læser", None, None, &at(1))
        .unwrap();
    let id = store
        .add_saved_search(
            "A@x.dk",
            " Budget ",
            "q=budget",
            Frequency::Daily,
            "t1",
            7,
            &at(2),
        )
        .unwrap();
    let mine = store.saved_searches(Some("a@x.dk")).unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(
        (
            mine[0].name.as_str(),
            mine[0].frequency,
            mine[0].sent_seq,
            mine[0].sent_at
        ),
        ("Budget", Frequency::Daily, 7, None)
    );
    assert_eq!(store.saved_search_by_token("t1").unwrap().unwrap().id, id);
    assert!(store.saved_search_by_token("nope").unwrap().is_none());
    // Another account cannot remove it.
    assert!(
        store
            .remove_saved_search(id, Some("b@x.dk"), &at(3))
            .unwrap_err()
            .is_not_found()
    );
    store
        .remove_saved_search(id, Some("a@x.dk"), &at(3))
        .unwrap();
    assert!(store.saved_searches(None).unwrap().is_empty());
    // Removing the account removes its searches.
    store
        .add_saved_search("b@x.dk", "x", "q=x", Frequency::Instant, "t2", 0, &at(4))
        .unwrap();
    store.remove_user("b@x.dk", &at(5)).unwrap();
    assert!(store.saved_searches(None).unwrap().is_empty());
}

fn a_digest_is_queued_once_with_its_marks(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    store
        .add_user("a@x.dk", "læser", None, None, &at(1))
        .unwrap();
    let id = store
        .add_saved_search("a@x.dk", "b", "q=b", Frequency::Instant, "t", 3, &at(2))
        .unwrap();
    let mark = Mark::Search {
        id,
        seen: 3,
        seq: 5,
        at: Some(100),
        items: vec!["m/1".into(), "m/2".into()],
    };
    assert!(
        store
            .queue_mail(Some(&mail("1")), std::slice::from_ref(&mark), 100)
            .unwrap()
    );
    // The same digest again (another process that read the same mark) writes nothing.
    assert!(!store.queue_mail(Some(&mail("2")), &[mark], 101).unwrap());
    assert_eq!(store.outbox(false, Page::default()).unwrap().len(), 1);
    let search = &store.saved_searches(None).unwrap()[0];
    assert_eq!((search.sent_seq, search.sent_at), (5, Some(100)));
    assert_eq!(store.told_items(id).unwrap(), ["m/1", "m/2"]);
    // Nothing new: the mark moves on without a mail, and the last digest stays.
    let quiet = Mark::Search {
        id,
        seen: 5,
        seq: 9,
        at: None,
        items: Vec::new(),
    };
    assert!(store.queue_mail(None, &[quiet], 200).unwrap());
    let search = &store.saved_searches(None).unwrap()[0];
    assert_eq!((search.sent_seq, search.sent_at), (9, Some(100)));
    assert_eq!(store.outbox(false, Page::default()).unwrap().len(), 1);

    let reminder = Mark::Reminder {
        key: "m/1/1".into(),
        kind: "before_due".into(),
        period: "2025-10-01".into(),
    };
    assert!(
        store
            .queue_mail(Some(&mail("r")), std::slice::from_ref(&reminder), 5)
            .unwrap()
    );
    assert!(!store.queue_mail(Some(&mail("r")), &[reminder], 6).unwrap());
    assert_eq!(
        store.reminders_sent().unwrap(),
        [(
            "m/1/1".to_owned(),
            "before_due".to_owned(),
            "2025-10-01".to_owned()
        )]
    );
}

fn mail_is_claimed_by_one_sender_and_retried(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    assert!(store.queue_mail(Some(&mail("1")), &[], 100).unwrap());
    let claimed = store.claim_mail(100, 100, 160, 10).unwrap();
    assert_eq!(claimed.len(), 1);
    assert_eq!(claimed[0].mail, mail("1"));
    // Claimed: nobody else gets it until the claim runs out.
    assert!(store.claim_mail(120, 120, 180, 10).unwrap().is_empty());
    store
        .mail_failed(claimed[0].id, "forbindelsen blev afvist", 200)
        .unwrap();
    assert!(store.claim_mail(150, 150, 210, 10).unwrap().is_empty());
    // Sending early (`alerts run --now`) takes it before its next attempt.
    let again = store.claim_mail(i64::MAX, 170, 230, 10).unwrap();
    assert_eq!(again[0].attempts, 1);
    assert_eq!(
        again[0].last_error.as_deref(),
        Some("forbindelsen blev afvist")
    );
    store.mail_sent(again[0].id, 201).unwrap();
    assert!(
        store
            .claim_mail(i64::MAX, 1000, 1060, 10)
            .unwrap()
            .is_empty()
    );
    assert!(store.outbox(true, Page::default()).unwrap().is_empty());
    assert_eq!(
        store.outbox(false, Page::default()).unwrap()[0].sent_at,
        Some(201)
    );
}

fn a_lease_has_one_holder_until_it_runs_out(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    assert!(store.take_lease("alerts", "a", 100, 160).unwrap());
    assert!(!store.take_lease("alerts", "b", 120, 180).unwrap());
    assert!(store.take_lease("alerts", "a", 150, 210).unwrap());
    assert!(!store.take_lease("alerts", "b", 200, 260).unwrap());
    assert!(store.take_lease("alerts", "b", 211, 270).unwrap());
    store.release_lease("alerts", "a").unwrap();
    assert!(!store.take_lease("alerts", "a", 212, 270).unwrap());
    store.release_lease("alerts", "b").unwrap();
    assert!(store.take_lease("alerts", "a", 213, 270).unwrap());
}

fn people_are_linked_to_accounts(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    assert!(
        store
            .link_person("Niels Jensen", Some("nj@x.dk"), &at(1))
            .unwrap_err()
            .is_not_found()
    );
    store
        .add_user("nj@x.dk", "læser", None, None, &at(1))
        .unwrap();
    store
        .link_person("Niels Jensen", Some("NJ@x.dk"), &at(2))
        .unwrap();
    assert_eq!(
        store.person_links().unwrap(),
        [("Niels Jensen".to_owned(), "nj@x.dk".to_owned())]
    );
    store.link_person("Niels Jensen", None, &at(3)).unwrap();
    assert!(store.person_links().unwrap().is_empty());
}

backend_tests!(
    saved_searches_are_added_listed_and_removed,
    a_digest_is_queued_once_with_its_marks,
    mail_is_claimed_by_one_sender_and_retried,
    a_lease_has_one_holder_until_it_runs_out,
    people_are_linked_to_accounts,
);
