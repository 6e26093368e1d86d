//! The pages of saved searches (issue 15): the form under the results of `/soeg` for a
//! signed-in account, `/mine-soegninger` with its private Atom feed, the unsubscribe link
//! (asking on `GET`, removing on `POST`, also as RFC 8058's one-click) and the outbox for
//! administrators. On both backends.

use axum::http::StatusCode;

use crate::accounts::{add_user, hidden, send, sign_in};
use crate::{backend_tests, fixture_with, seeds};

/// The 32 hex digits after `prefix` in `body`.
fn token_after(body: &str, prefix: &str) -> String {
    let start = body
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {body}"))
        + prefix.len();
    body[start..start + 32].to_owned()
}

async fn a_search_is_saved_fed_and_unsubscribed() {
    let fixture = fixture_with(&seeds());
    add_user(&fixture, "m@greve.dk", "medlem", None);
    let session = sign_in(&fixture, "m@greve.dk").await;
    let cookies = std::slice::from_ref(&session);

    // Only a signed-in account is offered to save the search.
    let public = send(&fixture, "GET", "/soeg?q=budget", &[], &[], None).await;
    assert!(!public.body.contains("Gem søgningen"), "{}", public.body);
    let signed = send(&fixture, "GET", "/soeg?q=budget", cookies, &[], None).await;
    assert!(signed.body.contains("Gem søgningen"), "{}", signed.body);
    let csrf = hidden(&signed.body, "csrf").unwrap();
    assert_eq!(hidden(&signed.body, "query").as_deref(), Some("q=budget"));

    let bad = send(
        &fixture,
        "POST",
        "/mine-soegninger",
        cookies,
        &[],
        Some(&[
            ("csrf", &csrf),
            ("query", "q=budget"),
            ("navn", "Budget"),
            ("hyppighed", "hver time"),
        ]),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body.contains("straks, dagligt eller ugentligt"),
        "{}",
        bad.body
    );
    let saved = send(
        &fixture,
        "POST",
        "/mine-soegninger",
        cookies,
        &[],
        Some(&[
            ("csrf", &csrf),
            ("query", "q=budget"),
            ("navn", "Budget"),
            ("hyppighed", "ugentligt"),
        ]),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

    let mine = send(&fixture, "GET", "/mine-soegninger", cookies, &[], None).await;
    assert_eq!(mine.status, StatusCode::OK);
    assert!(
        mine.body.contains("Budget") && mine.body.contains("ugentligt"),
        "{}",
        mine.body
    );
    let token = token_after(&mine.body, "/feeds/gemt/");

    // The feed needs no session: the token is the key, and it answers as the account.
    let feed = send(
        &fixture,
        "GET",
        &format!("/feeds/gemt/{token}"),
        &[],
        &[],
        None,
    )
    .await;
    assert_eq!(feed.status, StatusCode::OK);
    assert!(feed.body.contains("<entry>"), "{}", feed.body);
    assert!(feed.body.contains("Gemt søgning: Budget"));
    assert_eq!(feed.headers["cache-control"], "private, no-store");

    // Unsubscribing asks first, then removes, as a mail client's one-click POST does.
    let ask = send(&fixture, "GET", &format!("/afmeld/{token}"), &[], &[], None).await;
    assert_eq!(ask.status, StatusCode::OK);
    assert!(
        ask.body.contains("Budget") && ask.body.contains("method=\"post\""),
        "{}",
        ask.body
    );
    let still = send(&fixture, "GET", "/mine-soegninger", cookies, &[], None).await;
    assert!(
        still.body.contains("/feeds/gemt/"),
        "a GET must not unsubscribe"
    );
    let one_click = send(
        &fixture,
        "POST",
        &format!("/afmeld/{token}"),
        &[],
        &[],
        Some(&[("List-Unsubscribe", "One-Click")]),
    )
    .await;
    assert_eq!(one_click.status, StatusCode::OK, "{}", one_click.body);
    assert!(one_click.body.contains("Afmeldt"));
    let gone = send(&fixture, "GET", "/mine-soegninger", cookies, &[], None).await;
    assert!(
        gone.body.contains("Du har ingen gemte søgninger"),
        "{}",
        gone.body
    );
    let feed = send(
        &fixture,
        "GET",
        &format!("/feeds/gemt/{token}"),
        &[],
        &[],
        None,
    )
    .await;
    assert_eq!(feed.status, StatusCode::NOT_FOUND);
}

async fn administrators_see_the_outbox() {
    let fixture = fixture_with(&seeds()[..1]);
    add_user(&fixture, "it@greve.dk", "administrator", None);
    let session = sign_in(&fixture, "it@greve.dk").await;
    let store = std::sync::Arc::clone(&fixture.state.store);
    std::thread::spawn(move || {
        let mail = store::Mail {
            kind: "digest".into(),
            recipient: "k@greve.dk".into(),
            subject: "Nyt i «budget»".into(),
            text_body: "x".into(),
            html_body: "<p>x</p>".into(),
            headers: Vec::new(),
        };
        store.queue_mail(Some(&mail), &[], 1_750_000_000).unwrap();
        let claimed = store
            .claim_mail(i64::MAX, 1_750_000_000, 1_750_000_300, 10)
            .unwrap();
        store
            .mail_failed(
                claimed[0].id,
                "mailserveren: forbindelsen blev afvist",
                1_750_000_060,
            )
            .unwrap();
    })
    .join()
    .unwrap();
    let page = send(
        &fixture,
        "GET",
        "/admin/post",
        std::slice::from_ref(&session),
        &[],
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Venter (1)"), "{}", page.body);
    assert!(
        page.body.contains("forbindelsen blev afvist"),
        "{}",
        page.body
    );
    assert!(page.body.contains("k@greve.dk"));
}

backend_tests!(
    a_search_is_saved_fed_and_unsubscribed,
    administrators_see_the_outbox
);
