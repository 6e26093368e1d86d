//! Follow-ups people close (issue 13, point 4): a sekretær sets the status with a note on
//! the follow-up's page (a form with its CSRF token) or through the API (bearer token);
//! every change is kept and shown; other roles, a sekretær of another organisation and
//! anonymous askers are refused. On both backends.

use axum::http::StatusCode;
use store::ActionFilter;

use crate::accounts::{add_user, cli, hidden, on_store, send, sign_in, with_clock};
use crate::backend_tests;

async fn a_secretary_sets_the_status_on_the_page() {
    let (fixture, _) = with_clock();
    add_user(&fixture, "sekr@greve.dk", "sekretær", None);
    add_user(&fixture, "medlem@greve.dk", "medlem", None);
    let id = on_store(&fixture, |store| {
        store.actions(&ActionFilter::default()).unwrap()[0]
            .id
            .clone()
    });
    let page_uri = web::percent_encode(&id).replace("%2F", "/");
    let page_uri = format!("/opfoelgning/{page_uri}");
    let post_uri = format!("{page_uri}/status");

    // Anyone reads the follow-up; nobody but a sekretær gets the form.
    let public = send(&fixture, "GET", &page_uri, &[], &[], None).await;
    assert_eq!(public.status, StatusCode::OK, "{page_uri}: {}", public.body);
    assert!(
        public.body.contains("<strong>åben</strong>"),
        "{}",
        public.body
    );
    assert!(
        public
            .body
            .contains("Status er ikke ændret siden referatet.")
    );
    assert!(!public.body.contains("Gem status"));
    let form = [
        ("status", "udført"),
        ("note", "Tidsplanen er vedtaget"),
        ("csrf", "tok"),
    ];
    let anonymous = send(
        &fixture,
        "POST",
        &post_uri,
        &["referat_csrf=tok".into()],
        &[],
        Some(&form),
    )
    .await;
    assert_eq!(
        anonymous.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        anonymous.body
    );

    let member = sign_in(&fixture, "medlem@greve.dk").await;
    let member_page = send(
        &fixture,
        "GET",
        &page_uri,
        std::slice::from_ref(&member),
        &[],
        None,
    )
    .await;
    assert!(!member_page.body.contains("Gem status"));
    let csrf = hidden(&member_page.body, "csrf").unwrap();
    let refused = send(
        &fixture,
        "POST",
        &post_uri,
        &[member],
        &[],
        Some(&[("status", "udført"), ("note", ""), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("sekretær"), "{}", refused.body);

    // A sekretær of another organisation gets no form and is refused.
    add_user(&fixture, "havn@greve.dk", "sekretær", Some("Havnen"));
    let elsewhere = sign_in(&fixture, "havn@greve.dk").await;
    let their_page = send(
        &fixture,
        "GET",
        &page_uri,
        std::slice::from_ref(&elsewhere),
        &[],
        None,
    )
    .await;
    assert!(
        !their_page.body.contains("Gem status"),
        "{}",
        their_page.body
    );
    let csrf = hidden(&their_page.body, "csrf").unwrap();
    let refused = send(
        &fixture,
        "POST",
        &post_uri,
        &[elsewhere],
        &[],
        Some(&[("status", "udført"), ("note", ""), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(
        refused.body.contains("mødets organisation"),
        "{}",
        refused.body
    );

    let secretary = sign_in(&fixture, "sekr@greve.dk").await;
    let own = send(
        &fixture,
        "GET",
        &page_uri,
        std::slice::from_ref(&secretary),
        &[],
        None,
    )
    .await;
    assert!(own.body.contains("Gem status"), "{}", own.body);
    assert!(own.body.contains("<label for=\"note\">Note</label>"));
    let csrf = hidden(&own.body, "csrf").unwrap();
    let without_token = send(
        &fixture,
        "POST",
        &post_uri,
        std::slice::from_ref(&secretary),
        &[],
        Some(&[("status", "udført"), ("note", "x")]),
    )
    .await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN);
    let bad = send(
        &fixture,
        "POST",
        &post_uri,
        std::slice::from_ref(&secretary),
        &[],
        Some(&[("status", "færdig"), ("note", ""), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("åben, i gang, udført eller droppet"),
        "{}",
        bad.body
    );
    for (status, note) in [
        ("i_gang", "Tidsplanen er i gang"),
        ("udført", "Tidsplanen er vedtaget"),
    ] {
        let saved = send(
            &fixture,
            "POST",
            &post_uri,
            std::slice::from_ref(&secretary),
            &[],
            Some(&[("status", status), ("note", note), ("csrf", &csrf)]),
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        assert_eq!(saved.headers["location"], page_uri.as_str());
    }
    let after = send(&fixture, "GET", &page_uri, &[secretary], &[], None).await;
    assert!(
        after.body.contains("<strong>udført</strong>"),
        "{}",
        after.body
    );
    assert!(
        after.body.contains(
            "<td>sekr@greve.dk</td><td>i gang</td><td>udført</td><td>Tidsplanen er vedtaget</td>"
        ),
        "{}",
        after.body
    );
    assert!(after.body.contains("<td>åben</td><td>i gang</td>"));
    // The public sees the changes but not who made them.
    let public = send(&fixture, "GET", &page_uri, &[], &[], None).await;
    assert!(public.body.contains("Tidsplanen er vedtaget"));
    assert!(!public.body.contains("sekr@greve.dk"));
    let register = send(&fixture, "GET", "/opfoelgning?status=all", &[], &[], None).await;
    assert!(register.body.contains("(udført)"), "{}", register.body);
    let log = on_store(&fixture, |store| {
        store.audit_log(store::Page::default()).unwrap()
    });
    assert_eq!(log[0].event, "follow_up_status");
    assert_eq!(log[0].actor.as_deref(), Some("sekr@greve.dk"));
}

async fn the_api_sets_the_status_with_a_bearer_token() {
    let (fixture, _) = with_clock();
    add_user(&fixture, "sekr@greve.dk", "sekretær", None);
    add_user(&fixture, "laeser@greve.dk", "læser", None);
    let token = |email: &'static str| {
        let token = web::auth::new_secret().unwrap();
        let sha = store::sha256_hex(token.as_bytes());
        on_store(&fixture, move |store| {
            store.add_token(&sha, email, &cli()).unwrap()
        });
        format!("Bearer {token}")
    };
    let (secretary, reader) = (token("sekr@greve.dk"), token("laeser@greve.dk"));
    let id = on_store(&fixture, |store| {
        store.actions(&ActionFilter::default()).unwrap()[0]
            .id
            .clone()
    });
    let uri = format!(
        "/api/v1/actions/{}/status",
        web::percent_encode(&id).replace("%2F", "/")
    );
    let json = [("content-type", "application/json")];
    let post = |auth: String, body: &'static str| {
        let (fixture, uri) = (&fixture, uri.clone());
        async move {
            let mut request = axum::http::Request::builder()
                .method("POST")
                .uri(&uri)
                .header("host", "referat.test")
                .header("content-type", json[0].1);
            if !auth.is_empty() {
                request = request.header("authorization", auth);
            }
            let response = tower::ServiceExt::oneshot(
                web::router(fixture.state.clone()),
                request.body(axum::body::Body::from(body)).unwrap(),
            )
            .await
            .unwrap();
            let status = response.status();
            let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .unwrap();
            (status, String::from_utf8_lossy(&bytes).into_owned())
        }
    };
    let (status, body) = post(
        secretary.clone(),
        r#"{"status": "dropped", "note": "Udgår"}"#,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(answer["action"]["status"], "dropped");
    assert_eq!(answer["history"][0]["after"], "dropped");
    assert_eq!(answer["history"][0]["actor"], "sekr@greve.dk");
    let (status, body) = post(reader, r#"{"status": "done"}"#).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body.contains("\"code\":\"forbidden\""));
    let (status, body) = post(secretary.clone(), "status=done").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("forventede JSON"), "{body}");
    let (status, _) = post(secretary, r#"{"status": "later"}"#).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Without a token a browser's cookie needs the CSRF header.
    let (status, _) = post(String::new(), r#"{"status": "done"}"#).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Anyone reads it; the actor only with an account.
    let read = send(
        &fixture,
        "GET",
        uri.trim_end_matches("/status"),
        &[],
        &[],
        None,
    )
    .await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let answer: serde_json::Value = serde_json::from_str(&read.body).unwrap();
    assert_eq!(answer["history"][0]["note"], "Udgår");
    assert!(answer["history"][0]["actor"].is_null());
    let missing = send(&fixture, "GET", "/api/v1/actions/nope/1/1", &[], &[], None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn a_secretary_corrects_owners_and_due_date() {
    let (fixture, _) = with_clock();
    add_user(&fixture, "sekr@greve.dk", "sekretær", None);
    let id = on_store(&fixture, |store| {
        store.actions(&ActionFilter::default()).unwrap()[0]
            .id
            .clone()
    });
    let path = web::percent_encode(&id).replace("%2F", "/");
    let page_uri = format!("/opfoelgning/{path}");
    let secretary = sign_in(&fixture, "sekr@greve.dk").await;
    let own = send(
        &fixture,
        "GET",
        &page_uri,
        std::slice::from_ref(&secretary),
        &[],
        None,
    )
    .await;
    assert!(own.body.contains("<label for=\"owners\">"), "{}", own.body);
    assert!(own.body.contains("type=\"date\""));
    let csrf = hidden(&own.body, "csrf").unwrap();
    let post = |due: &'static str| {
        let (fixture, uri, cookie, csrf) = (
            &fixture,
            format!("{page_uri}/ret"),
            secretary.clone(),
            csrf.clone(),
        );
        async move {
            send(
                fixture,
                "POST",
                &uri,
                &[cookie],
                &[],
                Some(&[
                    ("owners", "Heidi Have, Jens Bejer Damgaard"),
                    ("due", due),
                    ("note", "Ny plan <script>alert(1)</script>"),
                    ("csrf", &csrf),
                ]),
            )
            .await
        }
    };
    let bad = post("31. oktober").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("ÅÅÅÅ-MM-DD"), "{}", bad.body);
    let saved = post("2025-10-31").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = send(&fixture, "GET", &page_uri, &[], &[], None).await;
    assert!(after.body.contains("Heidi Have"), "{}", after.body);
    assert!(
        !after.body.contains("<script>alert"),
        "a note is text, never markup"
    );
    assert!(after.body.contains("&lt;script&gt;"));
    assert!(
        after.body.contains("2025-10-31") || after.body.contains("31. oktober 2025"),
        "{}",
        after.body
    );
    assert!(after.body.contains("ansvarlige: "), "{}", after.body);
    assert!(after.body.contains("Ny plan"));
    let register = send(
        &fixture,
        "GET",
        "/opfoelgning?owner=Heidi+Have",
        &[],
        &[],
        None,
    )
    .await;
    assert!(register.body.contains(&path), "{}", register.body);
}

backend_tests!(
    a_secretary_corrects_owners_and_due_date,
    a_secretary_sets_the_status_on_the_page,
    the_api_sets_the_status_with_a_bearer_token,
);
