//! Lists and the follow-up register: meetings, items, actions, people.

use store::{ActionFilter, ActionStatus, MeetingFilter, Page};

use crate::{Backend, backend_tests, meeting, put};

fn actions_filter_by_owner_alias_due_and_status(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(
        &store,
        &meeting("raadmandsmoede-2025-07-01", "2025-07-01"),
        b"a",
    );
    let all = store.actions(&ActionFilter::default()).unwrap();
    assert_eq!(all.len(), 2);
    // Dated first.
    assert_eq!(all[0].id, "raadmandsmoede-2025-07-01/1/1");
    assert_eq!(all[0].action.owners[0].as_written, "NJ");
    assert_eq!(all[0].item_title, "Frisættelse af plejehjem");

    let by_alias = ActionFilter {
        owner: Some("nj".into()),
        ..ActionFilter::default()
    };
    assert_eq!(store.actions(&by_alias).unwrap().len(), 1);
    let by_unit = ActionFilter {
        owner: Some("strategi".into()),
        ..ActionFilter::default()
    };
    assert_eq!(
        store.actions(&by_unit).unwrap()[0].id,
        "raadmandsmoede-2025-07-01/1/2"
    );

    let overdue = ActionFilter {
        open: true,
        due_before: Some("2025-11-01".parse().unwrap()),
        ..ActionFilter::default()
    };
    assert_eq!(store.actions(&overdue).unwrap().len(), 1);
    store
        .set_action_status(&all[0].id.parse().unwrap(), ActionStatus::Done)
        .unwrap();
    assert!(store.actions(&overdue).unwrap().is_empty());
    assert!(
        store
            .set_action_status(&"x/1/1".parse().unwrap(), ActionStatus::Done)
            .unwrap_err()
            .is_not_found()
    );
}

fn people_have_aliases_roles_and_counts(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(
        &store,
        &meeting("raadmandsmoede-2025-07-01", "2025-07-01"),
        b"a",
    );
    put(
        &store,
        &meeting("raadmandsmoede-2025-08-12", "2025-08-12"),
        b"b",
    );
    let people = store.people().unwrap();
    let nj = people
        .iter()
        .find(|p| p.name == "Niels Jørgen Rasmussen")
        .unwrap();
    assert_eq!(nj.aliases, ["NJ"]);
    assert_eq!((nj.n_meetings, nj.n_actions), (2, 2));
    let detail = store.person("boel").unwrap();
    assert_eq!(detail.person.name, "Christian Boel");
    assert_eq!(detail.meetings[0].meeting.id, "raadmandsmoede-2025-08-12");
    assert_eq!(detail.meetings[0].roles, ["absent"]);
    let hanne = store.person("Hanne Lynghøj").unwrap();
    assert_eq!(hanne.meetings[0].roles, ["presenter"]);
    assert!(store.person("Ingen Sådan").unwrap_err().is_not_found());
}

fn meetings_filter_and_items_resolve(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(
        &store,
        &meeting("raadmandsmoede-2025-07-01", "2025-07-01"),
        b"a",
    );
    let mut other = meeting("oekonomiudvalget-2024-03-01", "2024-03-01");
    other.body = "Økonomiudvalget".into();
    other.participants.clear();
    put(&store, &other, b"b");
    let all = store
        .meetings(&MeetingFilter::default(), Page::default())
        .unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, "raadmandsmoede-2025-07-01");
    let by_body = MeetingFilter {
        body: Some("økonomiudvalget".into()),
        ..MeetingFilter::default()
    };
    assert_eq!(store.meetings(&by_body, Page::default()).unwrap().len(), 1);
    let by_date = MeetingFilter {
        from: Some("2025-01-01".parse().unwrap()),
        ..MeetingFilter::default()
    };
    assert_eq!(store.meetings(&by_date, Page::default()).unwrap().len(), 1);
    let by_person = MeetingFilter {
        person: Some("Otto Junge Ohrt".into()),
        ..MeetingFilter::default()
    };
    assert_eq!(
        store.meetings(&by_person, Page::default()).unwrap().len(),
        1
    );
    let page = Page {
        offset: 1,
        limit: 1,
    };
    assert_eq!(
        store.meetings(&MeetingFilter::default(), page).unwrap()[0].id,
        "oekonomiudvalget-2024-03-01"
    );
    let item = store
        .item(&"raadmandsmoede-2025-07-01/2".parse().unwrap())
        .unwrap();
    assert_eq!(item.item.title, "Eventuelt");
    assert_eq!(item.meeting.body, "Rådmandsmøde");
}

/// Issue 18: an item is addressed by the number the minutes print, not its position; an
/// old address by position still finds its item when no item has that number.
fn items_and_actions_are_addressed_by_printed_number(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let mut numbered = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    // Printed as Punkt 2 and Punkt 3, at positions 1 and 2.
    numbered.items[0].number = "2".into();
    numbered.items[1].number = "3".into();
    put(&store, &numbered, b"numbered");

    let third = store
        .item(&"raadmandsmoede-2025-07-01/3".parse().unwrap())
        .unwrap();
    assert_eq!(third.item.title, "Eventuelt");
    assert_eq!(third.id.to_string(), "raadmandsmoede-2025-07-01/3");
    assert_eq!(third.position, 2);
    // Number 2 is the first item, although position 2 is the second.
    let second = store
        .item(&"raadmandsmoede-2025-07-01/2".parse().unwrap())
        .unwrap();
    assert_eq!(second.item.title, "Frisættelse af plejehjem");
    // No item is numbered 1: position 1, answered with the item's own address.
    let old = store
        .item(&"raadmandsmoede-2025-07-01/1".parse().unwrap())
        .unwrap();
    assert_eq!(old.id.to_string(), "raadmandsmoede-2025-07-01/2");
    assert!(
        store
            .item(&"raadmandsmoede-2025-07-01/4".parse().unwrap())
            .unwrap_err()
            .is_not_found()
    );

    let all = store.actions(&ActionFilter::default()).unwrap();
    assert_eq!(all[0].id, "raadmandsmoede-2025-07-01/2/1");
    assert_eq!(all[0].item_number, "2");
    store
        .set_action_status(&all[0].id.parse().unwrap(), ActionStatus::Done)
        .unwrap();
    let open = ActionFilter {
        open: true,
        ..ActionFilter::default()
    };
    assert_eq!(
        store.actions(&open).unwrap()[0].id,
        "raadmandsmoede-2025-07-01/2/2"
    );
}

backend_tests!(
    items_and_actions_are_addressed_by_printed_number,
    actions_filter_by_owner_alias_due_and_status,
    people_have_aliases_roles_and_counts,
    meetings_filter_and_items_resolve,
);
