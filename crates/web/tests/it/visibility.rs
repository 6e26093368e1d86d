//! Internal meetings (issue 13, point 2): invisible to the public and to accounts of other
//! organisations on every way out (pages, search, API, OParl, feeds, calendars, exports,
//! the person registry), visible to accounts of their organisation and to accounts of
//! every organisation. On both backends.

use axum::http::StatusCode;
use store::{MeetingAccess, MeetingFilter, Page, Visibility};

use crate::accounts::{add_user, cli, on_store, send, sign_in};
use crate::{Fixture, backend_tests, fixture_with, seeds};

const INTERNAL: &str = "\
Direktionsmøde (Direktionsmøde)

03-03-2025 09:00 - 10:00

Mødedeltagere : Hemmelig Hansen, Otto Junge Ohrt

Referat

Punkt 1: Snegleplan for Skovbrynet

Direktionen drøftede snegleplanen og besluttede at sende den i høring.
";

/// The seeds and one internal meeting of Greve; its id.
fn internal_fixture() -> (Fixture, String) {
    let mut documents = seeds()[..1].to_vec();
    documents.push(("direktion.txt".into(), INTERNAL.into()));
    let fixture = fixture_with(&documents);
    let id = on_store(&fixture, |store| {
        let found = store
            .meetings(
                &MeetingFilter {
                    body: Some("Direktionsmøde".into()),
                    ..MeetingFilter::default()
                },
                Page::ALL,
            )
            .unwrap();
        let id = found[0].id.clone();
        let access = MeetingAccess {
            visibility: Visibility::Internal,
            organisation: Some("Greve".into()),
        };
        store.set_meeting_access(&id, &access, &cli()).unwrap();
        id
    });
    (fixture, id)
}

/// Every way out, each with whether the internal meeting shows in its answer.
async fn ways_out(fixture: &Fixture, cookies: &[String], id: &str) -> Vec<(String, bool)> {
    let mut seen = Vec::new();
    for uri in [
        "/".to_owned(),
        "/moeder".to_owned(),
        format!("/moeder/{id}"),
        format!("/moeder/{id}/original"),
        format!("/punkter/{id}/1"),
        "/soeg?q=snegleplan".to_owned(),
        "/soeg?q=skovbrynet+direktionen".to_owned(),
        "/personer".to_owned(),
        "/personer/Hemmelig%20Hansen".to_owned(),
        "/api/v1/meetings".to_owned(),
        format!("/api/v1/meetings/{id}"),
        format!("/api/v1/items/{id}/1"),
        "/api/v1/search?q=snegleplan".to_owned(),
        "/api/v1/people".to_owned(),
        "/api/v1/oparl/meetings".to_owned(),
        format!("/api/v1/oparl/meetings/{id}"),
        "/feeds/moeder.atom".to_owned(),
        "/feeds/soeg.atom?q=snegleplan".to_owned(),
        "/kalender/moeder.ics".to_owned(),
        "/eksport/beslutninger.csv".to_owned(),
    ] {
        let reply = send(fixture, "GET", &uri, cookies, &[], None).await;
        assert!(
            reply.status == StatusCode::OK || reply.status == StatusCode::NOT_FOUND,
            "{uri}: {}",
            reply.status
        );
        let shows = reply.status == StatusCode::OK
            && (reply.body.contains(id)
                || reply.body.contains("Snegleplan")
                || reply.body.contains("snegleplan")
                || reply.body.contains("Hemmelig Hansen"));
        // The search page and feed repeat the query; only a hit counts there.
        let shows = if uri.contains("q=snegleplan") && !uri.starts_with("/api/") {
            reply.status == StatusCode::OK && reply.body.contains(id)
        } else {
            shows
        };
        seen.push((uri, shows));
    }
    seen
}

fn shown(seen: &[(String, bool)]) -> Vec<&str> {
    seen.iter()
        .filter(|(_, shows)| *shows)
        .map(|(uri, _)| uri.as_str())
        .collect()
}

async fn internal_meetings_are_invisible_to_the_public() {
    let (fixture, id) = internal_fixture();
    let seen = ways_out(&fixture, &[], &id).await;
    assert_eq!(shown(&seen), Vec::<&str>::new(), "{seen:?}");
    // The search API counts nothing of it either.
    let api = send(
        &fixture,
        "GET",
        "/api/v1/search?q=snegleplan",
        &[],
        &[],
        None,
    )
    .await;
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["total"], 0, "{}", api.body);
}

async fn internal_meetings_show_to_their_organisation_only() {
    let (fixture, id) = internal_fixture();
    add_user(&fixture, "greve@greve.dk", "læser", Some("greve"));
    add_user(&fixture, "aarhus@aarhus.dk", "medlem", Some("Aarhus"));
    add_user(&fixture, "alle@example.dk", "læser", None);

    let greve = sign_in(&fixture, "greve@greve.dk").await;
    let seen = ways_out(&fixture, &[greve], &id).await;
    let missing: Vec<&str> = seen
        .iter()
        .filter(|(uri, shows)| !shows && !uri.contains("skovbrynet") && uri != "/")
        .map(|(uri, _)| uri.as_str())
        .collect();
    assert_eq!(missing, Vec::<&str>::new(), "{seen:?}");

    let aarhus = sign_in(&fixture, "aarhus@aarhus.dk").await;
    assert_eq!(
        shown(&ways_out(&fixture, &[aarhus], &id).await),
        Vec::<&str>::new()
    );

    let everyone = sign_in(&fixture, "alle@example.dk").await;
    let page = send(
        &fixture,
        "GET",
        &format!("/moeder/{id}"),
        &[everyone],
        &[],
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);

    // Made public again, the public sees it.
    let public_id = id.clone();
    on_store(&fixture, move |store| {
        store
            .set_meeting_access(&public_id, &MeetingAccess::default(), &cli())
            .unwrap();
    });
    let page = send(&fixture, "GET", &format!("/moeder/{id}"), &[], &[], None).await;
    assert_eq!(page.status, StatusCode::OK);
}

backend_tests!(
    internal_meetings_are_invisible_to_the_public,
    internal_meetings_show_to_their_organisation_only,
);
