//! The authorisation matrix of `authz.txt`, walked: every route for every role and for
//! anonymous askers (issue 13). On both backends.

use axum::http::StatusCode;
use store::{ActionFilter, MeetingAccess, MeetingFilter, Page, Visibility};

use crate::accounts::{add_user, cli, hidden, on_store, send, sign_in};
use crate::{backend_tests, fixture_with, get_ok, seeds};

const MATRIX: &str = include_str!("authz.txt");

const ROLES: [&str; 4] = ["læser", "medlem", "sekretær", "administrator"];

const GREVE: &str = "\
Direktionsmøde (Direktionsmøde)

03-03-2025 09:00 - 10:00

Mødedeltagere : Hemmelig Hansen, Otto Junge Ohrt

Referat

Punkt 1: Snegleplan for Skovbrynet

Direktionen drøftede snegleplanen og besluttede at sende den i høring.
";

const AARHUS: &str = "\
Magistratsmøde (Magistratsmøde)

04-03-2025 09:00 - 10:00

Mødedeltagere : Jacob Bundsgaard

Referat

Punkt 1: Budget for havnen

Magistraten godkendte budgettet.
";

struct Row {
    method: String,
    path: String,
    expected: Vec<u16>,
}

fn matrix() -> Vec<Row> {
    MATRIX
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 7, "authz.txt: {line}");
            Row {
                method: fields[0].to_owned(),
                path: fields[1].to_owned(),
                expected: fields[2..]
                    .iter()
                    .map(|code| code.parse().unwrap())
                    .collect(),
            }
        })
        .collect()
}

/// The id of the one meeting of `body`, marked internal to `organisation`.
fn internal(store: &dyn store::Store, body: &str, organisation: &str) -> String {
    let filter = MeetingFilter {
        body: Some(body.into()),
        ..MeetingFilter::default()
    };
    let id = store.meetings(&filter, Page::ALL).unwrap()[0].id.clone();
    let access = MeetingAccess {
        visibility: Visibility::Internal,
        organisation: Some(organisation.into()),
    };
    store.set_meeting_access(&id, &access, &cli()).unwrap();
    id
}

async fn every_route_answers_every_role_as_the_matrix_says() {
    let mut documents = seeds()[..1].to_vec();
    documents.push(("greve.txt".into(), GREVE.into()));
    documents.push(("aarhus.txt".into(), AARHUS.into()));
    let fixture = fixture_with(&documents);
    let (meeting, action, person, internal, foreign) = on_store(&fixture, |store| {
        let action = store.actions(&ActionFilter::default()).unwrap()[0].clone();
        // The public meeting whose follow-up is changed belongs to the accounts'
        // organisation: a sekretær changes only their own organisation's follow-ups.
        let own = MeetingAccess {
            visibility: Visibility::Public,
            organisation: Some("Greve".into()),
        };
        store
            .set_meeting_access(&action.meeting_id, &own, &cli())
            .unwrap();
        let person = store.person("Otto Junge Ohrt").unwrap().person.name;
        (
            action.meeting_id.clone(),
            action.id.clone(),
            person,
            internal(store, "Direktionsmøde", "Greve"),
            internal(store, "Magistratsmøde", "Aarhus"),
        )
    });
    // A meeting of Greve being written (issue 14), and for {foreign} under /skriv one of
    // Aarhus.
    let (authored, foreign_authored, series_id) = on_store(&fixture, |store| {
        let mut ids = Vec::new();
        let mut series_ids = Vec::new();
        for (body, organisation) in [("Teknisk Udvalg", "Greve"), ("Magistraten", "Aarhus")] {
            let series = store
                .add_series(
                    &store::NewSeries {
                        body: body.into(),
                        organisation: organisation.into(),
                        signing: store::SigningPolicy::Nobody,
                        chair: None,
                        secretary: None,
                        location: None,
                    },
                    &cli(),
                )
                .unwrap();
            let meeting = model::Meeting {
                id: format!("{}-2025-10-07", extract::slug(body)),
                body: body.into(),
                date: Some(jiff::civil::date(2025, 10, 7)),
                items: vec![model::Item {
                    number: "1".into(),
                    title: "Budget".into(),
                    ..model::Item::default()
                }],
                ..model::Meeting::default()
            };
            let plan = [store::Planned {
                minutes: 10,
                standing: false,
            }];
            series_ids.push(series);
            ids.push(
                store
                    .create_authored(series, &meeting, &plan, &cli())
                    .unwrap(),
            );
        }
        (ids[0].clone(), ids[1].clone(), series_ids[0].to_string())
    });
    let fill = |path: &str| {
        let path = path
            .replace("{authored}", &authored)
            .replace("{series}", &series_id)
            .replace("/skriv/{foreign}", &format!("/skriv/{foreign_authored}"));
        path.replace("{meeting}", &meeting)
            .replace("{item}", "1")
            .replace("{action}", &action)
            .replace("{person}", &web::percent_encode(&person))
            .replace("{internal}", &internal)
            .replace("{foreign}", &foreign)
    };
    let rows = matrix();

    // Every path of the API's own document is in the matrix.
    let doc: serde_json::Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/openapi.json").await).unwrap();
    for path in doc["paths"].as_object().unwrap().keys() {
        let generic = path
            .replace("{id}", "{meeting}")
            .replace("{meeting_id}/{item}/{position}", "{action}")
            .replace("{meeting_id}/{item}", "{meeting}/{item}")
            .replace("{name}", "{person}")
            .replace("{organisation}", "greve")
            .replace("{body}", "raadmandsmoede")
            .replace("{order}", "1");
        assert!(
            rows.iter()
                .any(|row| row.path.split('?').next() == Some(generic.as_str())),
            "{path} ({generic}) is not in authz.txt"
        );
    }

    // Who asks: nobody (with the anonymous CSRF cookie), then one account per role.
    let mut askers: Vec<(String, Vec<String>, String)> = vec![(
        "anonym".into(),
        vec!["referat_csrf=anon".into()],
        "anon".into(),
    )];
    for role in ROLES {
        let email = format!("{}@greve.dk", role.replace('æ', "ae"));
        add_user(&fixture, &email, role, Some("Greve"));
        let session = sign_in(&fixture, &email).await;
        let front = send(
            &fixture,
            "GET",
            "/",
            std::slice::from_ref(&session),
            &[],
            None,
        )
        .await;
        let csrf = hidden(&front.body, "csrf").unwrap();
        askers.push((role.to_owned(), vec![session], csrf));
    }

    let mut wrong = Vec::new();
    for row in &rows {
        let uri = fill(&row.path);
        for ((asker, cookies, csrf), expected) in askers.iter().zip(&row.expected) {
            let reply = if row.method == "POST" && uri.starts_with("/api/") {
                // A browser's script: JSON with the token in a header.
                let headers = [
                    ("x-csrf-token", csrf.as_str()),
                    ("content-type", "application/json"),
                ];
                send_json(
                    &fixture,
                    &uri,
                    cookies,
                    &headers,
                    r#"{"status": "i gang", "note": "matrix"}"#,
                )
                .await
            } else if row.method == "POST" {
                // The fields of every form: a follow-up's status, a saved search.
                let form = [
                    ("csrf", csrf.as_str()),
                    ("status", "i gang"),
                    ("note", "matrix"),
                    ("query", "q=budget"),
                    ("navn", "matrix"),
                    ("hyppighed", "dagligt"),
                ];
                send(&fixture, "POST", &uri, cookies, &[], Some(&form)).await
            } else {
                send(&fixture, &row.method, &uri, cookies, &[], None).await
            };
            if reply.status != StatusCode::from_u16(*expected).unwrap() {
                wrong.push(format!(
                    "{} {uri} as {asker}: {} (expected {expected})",
                    row.method, reply.status
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // A page that needs an account says where to sign in.
    let refused = send(&fixture, "GET", "/revision", &[], &[], None).await;
    let main = refused.body.split("<main").nth(1).unwrap_or_default();
    assert!(
        main.contains("<a href=\"/log-ind\">Log ind</a>"),
        "{}",
        refused.body
    );
}

async fn send_json(
    fixture: &crate::Fixture,
    uri: &str,
    cookies: &[String],
    headers: &[(&str, &str)],
    body: &'static str,
) -> crate::Reply {
    let mut request = axum::http::Request::builder()
        .method("POST")
        .uri(uri)
        .header("host", "referat.test");
    if !cookies.is_empty() {
        request = request.header("cookie", cookies.join("; "));
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = tower::ServiceExt::oneshot(
        web::router(fixture.state.clone()),
        request.body(axum::body::Body::from(body)).unwrap(),
    )
    .await
    .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap();
    crate::Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

backend_tests!(every_route_answers_every_role_as_the_matrix_says);
