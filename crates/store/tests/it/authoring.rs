//! Meetings written in referat (issue 14): series, states and their transitions, saving
//! over a revision, approval by the signers the policy names, the seal, corrections as new
//! versions and publishing through the import path, on both backends.

use model::{Meeting, seal};
use store::{
    ActionFilter, Actor, MeetingState, NewSeries, Planned, SigningPolicy, Store, Visibility,
};

use crate::{Backend, backend_tests, meeting};

fn by(email: &str, at: i64) -> Actor {
    Actor {
        email: Some(email.into()),
        address: None,
        at,
    }
}

fn plan(meeting: &Meeting) -> Vec<Planned> {
    meeting
        .items
        .iter()
        .map(|_| Planned {
            minutes: 20,
            standing: false,
        })
        .collect()
}

fn series(store: &dyn Store, signing: SigningPolicy) -> i64 {
    for email in ["formand@aarhus.dk", "sekr@aarhus.dk"] {
        if store.user(email).unwrap().is_none() {
            store
                .add_user(email, "medlem", Some("Aarhus"), None, &by("s@x.dk", 1))
                .unwrap();
        }
    }
    store
        .add_series(
            &NewSeries {
                body: "Rådmandsmøde".into(),
                organisation: "Aarhus".into(),
                signing,
                chair: Some("Formand@Aarhus.dk".into()),
                secretary: Some("sekr@aarhus.dk".into()),
                location: Some("Rådhuset".into()),
            },
            &by("sekr@aarhus.dk", 10),
        )
        .unwrap()
}

/// A meeting of a new series with `signing`, moved to afholdt; its id.
fn held(store: &dyn Store, signing: SigningPolicy) -> String {
    let series_id = series(store, signing);
    let draft = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    let id = store
        .create_authored(series_id, &draft, &plan(&draft), &by("sekr@aarhus.dk", 20))
        .unwrap();
    for state in [MeetingState::AgendaSent, MeetingState::Held] {
        store
            .move_authored(&id, state, &by("sekr@aarhus.dk", 30))
            .unwrap();
    }
    id
}

fn meetings_move_only_along_allowed_transitions(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let series_id = series(&*store, SigningPolicy::Chair);
    let draft = meeting("raadmandsmoede-2025-07-01", "2025-07-01");
    let id = store
        .create_authored(series_id, &draft, &plan(&draft), &by("s@x.dk", 1))
        .unwrap();
    assert_eq!(id, "raadmandsmoede-2025-07-01");
    // A second meeting on the same day gets an id of its own.
    let second = store
        .create_authored(series_id, &draft, &plan(&draft), &by("s@x.dk", 1))
        .unwrap();
    assert_eq!(second, "raadmandsmoede-2025-07-01-2");
    let actor = by("s@x.dk", 2);
    assert_eq!(store.authored(&id).unwrap().state, MeetingState::Draft);
    // Not from kladde to godkendt, offentliggjort or afholdt.
    for to in [
        MeetingState::Approved,
        MeetingState::Published,
        MeetingState::Held,
        MeetingState::ForApproval,
    ] {
        let err = store.move_authored(&id, to, &actor).unwrap_err();
        assert!(err.to_string().contains("kan ikke blive"), "{err}");
    }
    // Cancel and reopen.
    store
        .move_authored(&id, MeetingState::Cancelled, &actor)
        .unwrap();
    let err = store
        .save_authored(&id, 1, &draft, &plan(&draft), &actor)
        .unwrap_err();
    assert!(
        err.to_string().contains("aflyst og kan ikke ændres"),
        "{err}"
    );
    store
        .move_authored(&id, MeetingState::Draft, &actor)
        .unwrap();
    store
        .move_authored(&id, MeetingState::AgendaSent, &actor)
        .unwrap();
    // The agenda can be taken back to kladde, and the meeting be held.
    store
        .move_authored(&id, MeetingState::Draft, &actor)
        .unwrap();
    store
        .move_authored(&id, MeetingState::AgendaSent, &actor)
        .unwrap();
    store
        .move_authored(&id, MeetingState::Held, &actor)
        .unwrap();
    assert_eq!(store.authored(&id).unwrap().state, MeetingState::Held);
    let list = store.authored_list(Some(series_id)).unwrap();
    assert_eq!(list.len(), 2);
    // Every move is in the audit log.
    let moves = store
        .audit_log(store::Page::ALL)
        .unwrap()
        .into_iter()
        .filter(|entry| entry.event == "meeting_state")
        .count();
    assert_eq!(moves, 6);
}

fn saves_name_the_revision_they_change(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let id = held(&*store, SigningPolicy::Chair);
    let mut copy = store.authored(&id).unwrap();
    assert_eq!(copy.revision, 1);
    copy.meeting.items[1].title = "Eventuelt og næste møde".into();
    let revision = store
        .save_authored(&id, 1, &copy.meeting, &copy.plan, &by("s@x.dk", 40))
        .unwrap();
    assert_eq!(revision, 2);
    // A second editor still on revision 1 is refused, and nothing is lost.
    copy.meeting.items[1].title = "Overskrevet".into();
    let err = store
        .save_authored(&id, 1, &copy.meeting, &copy.plan, &by("t@x.dk", 41))
        .unwrap_err();
    assert!(matches!(err, store::Error::Conflict(_)), "{err}");
    let stored = store.authored(&id).unwrap();
    assert_eq!(stored.meeting.items[1].title, "Eventuelt og næste møde");
    // A plan that does not fit the items is refused.
    let err = store
        .save_authored(&id, 2, &copy.meeting, &[], &by("s@x.dk", 42))
        .unwrap_err();
    assert!(
        err.to_string().contains("tidsplanen har 0 punkter"),
        "{err}"
    );
}

fn approval_seals_and_a_correction_is_a_new_version(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let id = held(&*store, SigningPolicy::ChairAndSecretary);
    let reached = store
        .move_authored(&id, MeetingState::ForApproval, &by("sekr@aarhus.dk", 50))
        .unwrap();
    assert_eq!(reached, MeetingState::ForApproval);
    let authored = store.authored(&id).unwrap();
    let version = authored.latest().unwrap();
    assert_eq!(version.signers, ["formand@aarhus.dk", "sekr@aarhus.dk"]);
    let hash = seal::content_hash(&version.meeting);
    // Nobody else signs, the text read must be the one stored, and the meeting is locked.
    let err = store
        .approve(&id, 1, &hash, None, &by("medlem@aarhus.dk", 51))
        .unwrap_err();
    assert!(err.to_string().contains("skal ikke underskrive"), "{err}");
    let err = store
        .approve(&id, 1, "sha256:00", None, &by("formand@aarhus.dk", 51))
        .unwrap_err();
    assert!(matches!(err, store::Error::Conflict(_)), "{err}");
    let err = store
        .save_authored(&id, 1, &authored.meeting, &authored.plan, &by("s@x.dk", 51))
        .unwrap_err();
    assert!(err.to_string().contains("kan ikke ændres"), "{err}");

    let sealed = store
        .approve(
            &id,
            1,
            &hash,
            Some("Punkt 1 var ikke færdigbehandlet"),
            &by("formand@aarhus.dk", 52),
        )
        .unwrap();
    assert!(!sealed);
    let err = store
        .approve(&id, 1, &hash, None, &by("formand@aarhus.dk", 53))
        .unwrap_err();
    assert!(err.to_string().contains("allerede godkendt"), "{err}");
    assert!(
        store
            .approve(&id, 1, &hash, None, &by("sekr@aarhus.dk", 54))
            .unwrap()
    );
    let authored = store.authored(&id).unwrap();
    assert_eq!(authored.state, MeetingState::Approved);
    let version = authored.latest().unwrap();
    assert_eq!(version.seal.as_deref(), Some(hash.as_str()));
    assert_eq!(
        version.approvals[0].reservation.as_deref(),
        Some("Punkt 1 var ikke færdigbehandlet")
    );
    assert_eq!(version.approvals[1].reservation, None);

    // Publishing stores the sealed version through the import path, public.
    let source = store.put_source(b"%PDF referat", "referat.pdf").unwrap();
    let published = store
        .publish_authored(
            &id,
            &source.sha256,
            "referat.pdf",
            &by("sekr@aarhus.dk", 60),
        )
        .unwrap();
    assert_eq!(published, id);
    let register = store.meeting(&published).unwrap();
    assert_eq!(seal::content_hash(&register), hash);
    assert_eq!(register.source.sha256, source.sha256);
    let access = store.meeting_access().unwrap();
    assert_eq!(access[&published].visibility, Visibility::Public);
    assert_eq!(access[&published].organisation.as_deref(), Some("Aarhus"));
    let actions = store
        .actions(&ActionFilter {
            meeting_id: Some(published.clone()),
            ..ActionFilter::default()
        })
        .unwrap();
    assert_eq!(actions.len(), 2);
    // What publishing stored is not extracted again from its rendering.
    assert!(
        store
            .sources_for_reextract()
            .unwrap()
            .iter()
            .all(|source| source.meeting_id.as_deref() != Some(published.as_str()))
    );

    // A correction: back to afholdt, the sealed version stays, the next one is signed again.
    store
        .move_authored(&id, MeetingState::Held, &by("sekr@aarhus.dk", 70))
        .unwrap();
    let mut copy = store.authored(&id).unwrap();
    copy.meeting.items[0].decisions[0].text =
        "Rådmandsmødekredsen godkendte indstillingen med en tilføjelse.".into();
    store
        .save_authored(
            &id,
            copy.revision,
            &copy.meeting,
            &copy.plan,
            &by("s@x.dk", 71),
        )
        .unwrap();
    store
        .move_authored(&id, MeetingState::ForApproval, &by("sekr@aarhus.dk", 72))
        .unwrap();
    let authored = store.authored(&id).unwrap();
    assert_eq!(authored.versions.len(), 2);
    assert_eq!(authored.versions[0].seal.as_deref(), Some(hash.as_str()));
    let second = authored.latest().unwrap();
    assert_eq!(second.version, 2);
    assert!(second.approvals.is_empty());
    let hash2 = seal::content_hash(&second.meeting);
    assert_ne!(hash2, hash);
    for signer in ["formand@aarhus.dk", "sekr@aarhus.dk"] {
        store
            .approve(&id, 2, &hash2, None, &by(signer, 80))
            .unwrap();
    }
    let source = store
        .put_source(b"%PDF referat 2", "referat-2.pdf")
        .unwrap();
    store
        .publish_authored(
            &id,
            &source.sha256,
            "referat-2.pdf",
            &by("sekr@aarhus.dk", 90),
        )
        .unwrap();
    assert_eq!(store.meeting_versions(&published).unwrap().len(), 2);
    let check = store.seal_check(&published).unwrap().unwrap();
    assert_eq!(check.sealed.len(), 2);
    let (version, now) = check.published.unwrap();
    assert_eq!(version, 2);
    assert_eq!(seal::content_hash(&now), hash2);
}

fn nobody_signs_or_every_linked_participant_does(backend: Backend) {
    let Some(store) = crate::open(backend) else {
        return;
    };
    let id = held(&*store, SigningPolicy::Nobody);
    let reached = store
        .move_authored(&id, MeetingState::ForApproval, &by("s@x.dk", 50))
        .unwrap();
    assert_eq!(reached, MeetingState::Approved);
    assert!(store.authored(&id).unwrap().versions[0].seal.is_some());

    // All who took part: the participants linked to accounts.
    let id = held(&*store, SigningPolicy::All);
    let err = store
        .move_authored(&id, MeetingState::ForApproval, &by("s@x.dk", 50))
        .unwrap_err();
    assert!(
        err.to_string().contains("ingen af mødets deltagere"),
        "{err}"
    );
    store
        .add_user(
            "otto@aarhus.dk",
            "medlem",
            Some("Aarhus"),
            None,
            &by("s@x.dk", 1),
        )
        .unwrap();
    store
        .link_person("Otto Junge Ohrt", Some("otto@aarhus.dk"), &by("s@x.dk", 1))
        .unwrap();
    store
        .move_authored(&id, MeetingState::ForApproval, &by("s@x.dk", 50))
        .unwrap();
    let authored = store.authored(&id).unwrap();
    assert_eq!(authored.latest().unwrap().signers, ["otto@aarhus.dk"]);
    // Withdrawn for changes: the unsigned version goes.
    store
        .move_authored(&id, MeetingState::Held, &by("s@x.dk", 51))
        .unwrap();
    assert!(store.authored(&id).unwrap().versions.is_empty());
    // A series that names no chair cannot have the chair sign.
    let err = store
        .add_series(
            &NewSeries {
                body: "Udvalg".into(),
                organisation: "Aarhus".into(),
                signing: SigningPolicy::Chair,
                chair: None,
                secretary: None,
                location: None,
            },
            &by("s@x.dk", 1),
        )
        .unwrap_err();
    assert!(err.to_string().contains("formandens konto"), "{err}");
    // A series changes its policy; the organisation stays.
    let series_id = store.series_list().unwrap()[0].id;
    store
        .update_series(
            series_id,
            &NewSeries {
                body: "Rådmandsmøde".into(),
                organisation: "Andetsteds".into(),
                signing: SigningPolicy::Nobody,
                chair: None,
                secretary: None,
                location: None,
            },
            &by("s@x.dk", 2),
        )
        .unwrap();
    let changed = store
        .series_list()
        .unwrap()
        .into_iter()
        .find(|series| series.id == series_id)
        .unwrap();
    assert_eq!(changed.signing, SigningPolicy::Nobody);
    assert_eq!(changed.organisation, "Aarhus");
    // The signers must have accounts.
    let err = store
        .add_series(
            &NewSeries {
                body: "Udvalg".into(),
                organisation: "Aarhus".into(),
                signing: SigningPolicy::Chair,
                chair: Some("formnd@aarhus.dk".into()),
                secretary: None,
                location: None,
            },
            &by("s@x.dk", 1),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("ingen konto med e-mailadressen formnd@aarhus.dk"),
        "{err}"
    );
}

backend_tests!(
    meetings_move_only_along_allowed_transitions,
    saves_name_the_revision_they_change,
    approval_seals_and_a_correction_is_a_new_version,
    nobody_signs_or_every_linked_participant_does,
);
