//! Sources, versions and re-extraction: what `referat import` and `referat reextract` rely on.

use store::{ActionStatus, Page, PutOutcome};

use crate::{Backend, backend_tests, meeting, put};

fn same_bytes_same_meeting_is_unchanged(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let m = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    assert_eq!(put(&store, &m, b"v1"), PutOutcome::Inserted);
    let again = store.put_source(b"v1", "andet-navn.txt").unwrap();
    assert!(!again.new);
    assert_eq!(again.name, "moede.txt");
    assert_eq!(
        again.meeting_id.as_deref(),
        Some("raadmandsmoede-2025-07-01")
    );
    assert_eq!(put(&store, &m, b"v1"), PutOutcome::Unchanged);
    assert_eq!(store.meeting(&m.id).unwrap(), m);
    store.assert_sound();
}

fn changed_file_is_a_new_version_and_the_old_is_kept(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let mut m = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    put(&store, &m, b"v1");
    let seq = store.change_seq().unwrap();
    m.items.pop();
    assert_eq!(put(&store, &m, b"v2"), PutOutcome::NewVersion);
    let versions = store.meeting_versions(&m.id).unwrap();
    assert_eq!(versions.len(), 2);
    assert!(!versions[0].current && versions[1].current);
    assert_eq!(store.meeting(&m.id).unwrap().items.len(), 1);
    assert_eq!(store.meetings_changed_since(seq).unwrap(), [m.id.clone()]);
    assert!(
        store
            .meetings_changed_since(store.change_seq().unwrap())
            .unwrap()
            .is_empty()
    );
}

fn same_source_extracted_differently_replaces_the_current_version(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let mut m = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    let source = store.put_source(b"v1", "moede.txt").unwrap();
    store.put_meeting(&m, &source.sha256).unwrap();
    m.location = Some("Rådhuset, vær. 501".into());
    assert_eq!(
        store.put_meeting(&m, &source.sha256).unwrap(),
        PutOutcome::Reextracted
    );
    assert_eq!(store.meeting_versions(&m.id).unwrap().len(), 1);
    assert_eq!(store.meeting(&m.id).unwrap(), m);
    let reextract = store.sources_for_reextract().unwrap();
    assert_eq!(reextract.len(), 1);
    assert_eq!(store.source_bytes(&reextract[0].sha256).unwrap(), b"v1");
}

fn a_source_without_a_meeting_is_offered_for_reextraction(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    store.put_source(b"ulaeselig", "x.pdf").unwrap();
    let reextract = store.sources_for_reextract().unwrap();
    assert_eq!(reextract.len(), 1);
    assert_eq!(reextract[0].meeting_id, None);
}

fn invalid_and_missing_inputs_are_user_errors(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let m = meeting("", "2025-07-01");
    let source = store.put_source(b"x", "x.txt").unwrap();
    assert!(matches!(
        store.put_meeting(&m, &source.sha256),
        Err(store::Error::Invalid(_))
    ));
    let m = meeting("a", "2025-07-01");
    assert!(store.put_meeting(&m, "0000").unwrap_err().is_not_found());
    assert!(store.meeting("nope").unwrap_err().is_not_found());
    assert!(
        store
            .item(&"a/1".parse().unwrap())
            .unwrap_err()
            .is_not_found()
    );
}

fn reopening_keeps_data_and_schema(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    put(&store, &meeting("a-2025-01-01", "2025-01-01"), b"a");
    let (again, version) = store.reopen();
    assert_eq!(version, 8);
    assert_eq!(again.meeting("a-2025-01-01").unwrap().items.len(), 2);
    // The counter an index follows is the same through either handle.
    assert_eq!(again.change_seq().unwrap(), store.change_seq().unwrap());
}

/// Stores two meetings of one body on one day, in `order`; the stored ids, their start times,
/// the status of the later meeting's first action and the number of versions of each.
fn two_meetings_a_day(
    backend: Backend,
    order: [usize; 2],
) -> Vec<(String, String, ActionStatus, usize)> {
    let store = crate::open(backend).unwrap();
    let mut early = meeting("byraad-2025-09-08", "2025-09-08");
    early.start = Some("17:15".parse().unwrap());
    let mut late = early.clone();
    late.start = Some("17:30".parse().unwrap());
    late.items[0].title = "Budget 2026".into();
    let meetings = [(early, &b"tidlig"[..]), (late, &b"sen"[..])];
    for idx in order {
        let (m, bytes) = &meetings[idx];
        assert_eq!(put(&store, m, bytes), PutOutcome::Inserted);
        if idx == 1 {
            // The follow-up status travels with the meeting when it moves.
            let late_id = store
                .meetings(&Default::default(), Page::ALL)
                .unwrap()
                .into_iter()
                .map(|summary| store.meeting(&summary.id).unwrap())
                .find(|stored| stored.start == m.start)
                .unwrap()
                .id;
            store
                .set_action_status(
                    &format!("{late_id}/1/1").parse().unwrap(),
                    ActionStatus::Done,
                )
                .unwrap();
        }
    }
    // Both again, and a new version of the later one: nothing moves.
    for (m, bytes) in &meetings {
        assert_eq!(put(&store, m, bytes), PutOutcome::Unchanged);
    }
    let mut changed = meetings[1].0.clone();
    changed.location = Some("Byrådssalen".into());
    assert_eq!(put(&store, &changed, b"sen v2"), PutOutcome::NewVersion);
    store.assert_sound();

    let mut out = Vec::new();
    for summary in store.meetings(&Default::default(), Page::ALL).unwrap() {
        let m = store.meeting(&summary.id).unwrap();
        assert_eq!(m.id, summary.id);
        let status = store
            .actions(&Default::default())
            .unwrap()
            .into_iter()
            .find(|row| row.id == format!("{}/1/1", m.id))
            .unwrap()
            .status;
        let versions = store.meeting_versions(&m.id).unwrap().len();
        out.push((m.id, m.start.unwrap().to_string(), status, versions));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn two_meetings_of_a_body_on_a_day_get_the_same_ids_in_any_order(backend: Backend) {
    if crate::open(backend).is_none() {
        return;
    }
    let expected = vec![
        (
            "byraad-2025-09-08".to_owned(),
            "17:15:00".to_owned(),
            ActionStatus::Open,
            1,
        ),
        (
            "byraad-2025-09-08-1730".to_owned(),
            "17:30:00".to_owned(),
            ActionStatus::Done,
            2,
        ),
    ];
    assert_eq!(two_meetings_a_day(backend, [0, 1]), expected);
    assert_eq!(two_meetings_a_day(backend, [1, 0]), expected);
}

/// Stores the byråd meetings of Greve and Aarhus of one day, in `order`, each through
/// `store` with its organisation, a follow-up of Greve's marked done, and a new version of
/// each; the ids with their organisations, versions and the status of Greve's follow-up.
fn two_organisations_one_day(
    backend: Backend,
    order: [usize; 2],
) -> Vec<(String, Option<String>, usize, ActionStatus)> {
    let store = crate::open(backend).unwrap();
    let mut greve = meeting("byraadet-2025-09-08", "2025-09-08");
    greve.body = "Byrådet".into();
    let mut aarhus = greve.clone();
    aarhus.items[0].title = "Letbanen".into();
    let meetings = [
        (greve, &b"greve"[..], "Greve Kommune"),
        (aarhus, &b"aarhus"[..], "Aarhus Kommune"),
    ];
    for idx in order {
        let (m, bytes, organisation) = &meetings[idx];
        let source = store.put_source(bytes, "byraad.pdf").unwrap();
        let outcome = store
            .put_meeting_for(m, &source.sha256, Some(organisation))
            .unwrap();
        assert_eq!(outcome, PutOutcome::Inserted);
        if idx == 0 {
            let id = store
                .source(&source.sha256)
                .unwrap()
                .unwrap()
                .meeting_id
                .unwrap();
            let action = format!("{id}/1/1").parse().unwrap();
            store
                .set_action_status(&action, ActionStatus::Done)
                .unwrap();
        }
    }
    // The same files again find their meetings, with or without the organisation (as
    // `referat reextract` stores them).
    for (m, bytes, organisation) in &meetings {
        let sha = store::sha256_hex(bytes);
        assert_eq!(
            store.put_meeting_for(m, &sha, Some(organisation)).unwrap(),
            PutOutcome::Unchanged
        );
        assert_eq!(store.put_meeting(m, &sha).unwrap(), PutOutcome::Unchanged);
    }
    for (m, bytes, organisation) in &meetings {
        let mut changed = m.clone();
        changed.location = Some("Byrådssalen".into());
        let source = store
            .put_source(&[bytes, &b" v2"[..]].concat(), "v2.pdf")
            .unwrap();
        let outcome = store
            .put_meeting_for(&changed, &source.sha256, Some(organisation))
            .unwrap();
        assert_eq!(outcome, PutOutcome::NewVersion);
    }
    store.assert_sound();
    let access = store.meeting_access().unwrap();
    let mut out = Vec::new();
    for summary in store.meetings(&Default::default(), Page::ALL).unwrap() {
        assert_eq!(store.meeting(&summary.id).unwrap().id, summary.id);
        let status = store
            .actions(&Default::default())
            .unwrap()
            .into_iter()
            .find(|row| row.id == format!("{}/1/1", summary.id))
            .unwrap()
            .status;
        out.push((
            summary.id.clone(),
            access.get(&summary.id).and_then(|a| a.organisation.clone()),
            summary.version as usize,
            status,
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn meetings_of_two_organisations_on_one_day_get_ids_of_their_own(backend: Backend) {
    if crate::open(backend).is_none() {
        return;
    }
    let expected = vec![
        (
            "aarhus-kommune-byraadet-2025-09-08".to_owned(),
            Some("Aarhus Kommune".to_owned()),
            2,
            ActionStatus::Open,
        ),
        (
            "greve-kommune-byraadet-2025-09-08".to_owned(),
            Some("Greve Kommune".to_owned()),
            2,
            ActionStatus::Done,
        ),
    ];
    assert_eq!(two_organisations_one_day(backend, [0, 1]), expected);
    assert_eq!(two_organisations_one_day(backend, [1, 0]), expected);
}

fn one_organisation_keeps_its_ids_and_an_old_id_finds_the_moved_meeting(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let mut greve = meeting("byraadet-2025-09-08", "2025-09-08");
    greve.body = "Byrådet".into();
    let source = store.put_source(b"greve", "greve.pdf").unwrap();
    store
        .put_meeting_for(&greve, &source.sha256, Some("Greve Kommune"))
        .unwrap();
    // One organisation: the extracted id, and no move.
    assert!(store.meeting("byraadet-2025-09-08").is_ok());
    assert!(
        store
            .moved_meeting("byraadet-2025-09-08")
            .unwrap()
            .is_empty()
    );
    let seq = store.change_seq().unwrap();

    let source = store.put_source(b"aarhus", "aarhus.pdf").unwrap();
    store
        .put_meeting_for(&greve, &source.sha256, Some("Aarhus Kommune"))
        .unwrap();
    let greve_id = "greve-kommune-byraadet-2025-09-08";
    assert!(
        store
            .meeting("byraadet-2025-09-08")
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        store.moved_meeting("byraadet-2025-09-08").unwrap(),
        [greve_id]
    );
    assert!(store.moved_meeting(greve_id).unwrap().is_empty());
    // A search index learns that the old id is gone, and of both new ones.
    let changed = store.meetings_changed_since(seq).unwrap();
    for id in [
        "byraadet-2025-09-08",
        greve_id,
        "aarhus-kommune-byraadet-2025-09-08",
    ] {
        assert!(changed.iter().any(|c| c == id), "{id} in {changed:?}");
    }
    // A meeting without a stated organisation takes the id again; the old link is then
    // that meeting's (it exists), and the move is still known.
    let source = store.put_source(b"uden", "uden.pdf").unwrap();
    store.put_meeting(&greve, &source.sha256).unwrap();
    assert!(store.meeting("byraadet-2025-09-08").is_ok());
    assert_eq!(
        store
            .meetings(&Default::default(), Page::ALL)
            .unwrap()
            .len(),
        3
    );
    store.assert_sound();
}

backend_tests!(
    meetings_of_two_organisations_on_one_day_get_ids_of_their_own,
    one_organisation_keeps_its_ids_and_an_old_id_finds_the_moved_meeting,
    same_bytes_same_meeting_is_unchanged,
    changed_file_is_a_new_version_and_the_old_is_kept,
    same_source_extracted_differently_replaces_the_current_version,
    a_source_without_a_meeting_is_offered_for_reextraction,
    invalid_and_missing_inputs_are_user_errors,
    reopening_keeps_data_and_schema,
    two_meetings_of_a_body_on_a_day_get_the_same_ids_in_any_order,
);
