//! Codes from an authenticator app (TOTP) at sign-in (issue 13): an account with TOTP on
//! needs a right, unused code besides its password; a missing, wrong or replayed code is a
//! failed sign-in, audited and counted like a wrong password. On both backends.

use std::sync::atomic::Ordering;

use axum::http::StatusCode;

use crate::accounts::{PASSWORD, add_user, cli, on_store, send, set_cookie, with_clock};
use crate::{Fixture, Reply, backend_tests};

/// Turns TOTP on for `email`; the key of the secret.
fn turn_on(fixture: &Fixture, email: &str) -> Vec<u8> {
    let secret = web::totp::new_secret().unwrap();
    let key = web::totp::decode_base32(&secret).unwrap();
    let email = email.to_owned();
    on_store(fixture, move |store| {
        store.set_totp(&email, Some(&secret), &cli()).unwrap()
    });
    key
}

async fn attempt(fixture: &Fixture, password: &str, code: Option<&str>) -> Reply {
    let mut form = vec![
        ("email", "m@greve.dk"),
        ("password", password),
        ("csrf", "tok"),
    ];
    if let Some(code) = code {
        form.push(("kode", code));
    }
    send(
        fixture,
        "POST",
        "/log-ind",
        &["referat_csrf=tok".to_owned()],
        &[],
        Some(&form),
    )
    .await
}

fn failures(fixture: &Fixture) -> u32 {
    on_store(fixture, |store| {
        store
            .count_events("sign_in_failed", Some("m@greve.dk"), None, 0)
            .unwrap()
    })
}

async fn an_account_with_totp_needs_a_right_unused_code() {
    let (fixture, clock) = with_clock();
    add_user(&fixture, "m@greve.dk", "medlem", None);

    // The form offers the field to every account; without TOTP it is not needed.
    let page = send(&fixture, "GET", "/log-ind", &[], &[], None).await;
    assert!(
        page.body.contains("Kode fra godkendelsesappen"),
        "{}",
        page.body
    );
    assert!(page.body.contains(r#"name="kode""#));
    assert!(page.body.contains(r#"autocomplete="one-time-code""#));
    assert!(page.body.contains(r#"inputmode="numeric""#));
    assert_eq!(
        attempt(&fixture, PASSWORD, None).await.status,
        StatusCode::SEE_OTHER
    );

    let key = turn_on(&fixture, "m@greve.dk");
    let now = clock.load(Ordering::Relaxed);
    let step = web::totp::step_at(now);

    // The right password without a code.
    let missing = attempt(&fixture, PASSWORD, None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    assert!(
        missing.body.contains("koden fra godkendelsesappen"),
        "{}",
        missing.body
    );
    assert!(set_cookie(&missing, "referat_session").is_none());
    let empty = attempt(&fixture, PASSWORD, Some(" ")).await;
    assert_eq!(empty.status, StatusCode::UNAUTHORIZED);

    // A wrong code: the code of a step too far off, and one that is no code.
    let far = web::totp::code(&key, step - 2);
    for wrong in [far.as_str(), "abcdef"] {
        let reply = attempt(&fixture, PASSWORD, Some(wrong)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{wrong}");
        assert!(
            reply.body.contains("forkert eller allerede brugt"),
            "{}",
            reply.body
        );
    }
    assert_eq!(failures(&fixture), 4);

    // A right code with a wrong password says nothing about the code.
    let current = web::totp::code(&key, step);
    let wrong_password = attempt(&fixture, "forkert", Some(&current)).await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong_password
            .body
            .contains("Forkert e-mailadresse eller adgangskode.")
    );

    // Five failures: now even the right password and code are refused for a while.
    assert_eq!(
        attempt(&fixture, PASSWORD, Some(&current)).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    clock.fetch_add(web::auth::FAILURE_WINDOW_SECONDS + 1, Ordering::Relaxed);
    let now = clock.load(Ordering::Relaxed);
    let step = web::totp::step_at(now);

    // The code of the step before (a phone a little behind) signs in, with spaces.
    let behind = web::totp::code(&key, step - 1);
    let spaced = format!("{} {}", &behind[..3], &behind[3..]);
    let signed = attempt(&fixture, PASSWORD, Some(&spaced)).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    assert!(set_cookie(&signed, "referat_session").is_some());

    // The same code again, even within its 30 seconds, is refused.
    let replayed = attempt(&fixture, PASSWORD, Some(&behind)).await;
    assert_eq!(replayed.status, StatusCode::UNAUTHORIZED);
    assert!(replayed.body.contains("allerede brugt"));
    // So is the code of any step before the one used.
    let older = web::totp::code(&key, step - 2);
    assert_eq!(
        attempt(&fixture, PASSWORD, Some(&older)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // The current step's code is new and signs in.
    let current = web::totp::code(&key, step);
    assert_eq!(
        attempt(&fixture, PASSWORD, Some(&current)).await.status,
        StatusCode::SEE_OTHER
    );
    let events: Vec<(String, Option<String>)> = on_store(&fixture, |store| {
        store
            .audit_log(store::Page::default())
            .unwrap()
            .into_iter()
            .map(|entry| (entry.event, entry.target))
            .collect()
    });
    let target = Some("m@greve.dk".to_owned());
    assert_eq!(
        events[..4],
        [
            ("sign_in".to_owned(), target.clone()),
            ("sign_in_failed".to_owned(), target.clone()),
            ("sign_in_failed".to_owned(), target.clone()),
            ("sign_in".to_owned(), target.clone()),
        ]
    );

    // Turned off, the password alone signs in again.
    on_store(&fixture, |store| {
        store.set_totp("m@greve.dk", None, &cli()).unwrap()
    });
    assert_eq!(
        attempt(&fixture, PASSWORD, None).await.status,
        StatusCode::SEE_OTHER
    );
}

backend_tests!(an_account_with_totp_needs_a_right_unused_code);
