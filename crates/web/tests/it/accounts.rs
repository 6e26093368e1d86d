//! Sign-in (issue 13): the form, sessions in the database, a new session id at every
//! sign-in, CSRF tokens on every form, the rate limit on failed sign-ins, bearer tokens for
//! scripts and the one-time link to choose a password. On both backends.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use store::Actor;
use tower::ServiceExt;

use crate::{Fixture, Reply, backend_tests, fixture_with, seeds};

pub(crate) const PASSWORD: &str = "korrekt hest batteri";

/// A fixture with the seeds and a clock the test moves.
pub(crate) fn with_clock() -> (Fixture, Arc<AtomicI64>) {
    let clock = Arc::new(AtomicI64::new(1_750_000_000));
    let mut fixture = fixture_with(&seeds()[..1]);
    let now = Arc::clone(&clock);
    fixture.state = fixture
        .state
        .with_now(Arc::new(move || now.load(Ordering::Relaxed)));
    (fixture, clock)
}

pub(crate) fn cli() -> Actor {
    Actor::default()
}

/// Adds an account with [`PASSWORD`].
pub(crate) fn add_user(fixture: &Fixture, email: &str, role: &str, organisation: Option<&str>) {
    let hash = web::auth::hash_password(PASSWORD).unwrap();
    let store = Arc::clone(&fixture.state.store);
    let (email, role, organisation) = (
        email.to_owned(),
        role.to_owned(),
        organisation.map(str::to_owned),
    );
    std::thread::spawn(move || {
        store
            .add_user(&email, &role, organisation.as_deref(), Some(&hash), &cli())
            .unwrap();
    })
    .join()
    .unwrap();
}

/// Runs a store call off the test's runtime (the PostgreSQL client blocks).
pub(crate) fn on_store<T: Send + 'static>(
    fixture: &Fixture,
    call: impl FnOnce(&dyn store::Store) -> T + Send + 'static,
) -> T {
    let store = Arc::clone(&fixture.state.store);
    std::thread::spawn(move || call(store.as_ref()))
        .join()
        .unwrap()
}

fn form_encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(key, value)| {
            let value: String = value
                .bytes()
                .map(|byte| match byte {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (byte as char).to_string()
                    }
                    b' ' => "+".to_owned(),
                    other => format!("%{other:02X}"),
                })
                .collect();
            format!("{key}={value}")
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Sends a request with the given cookies (`name=value` pairs), headers and form.
pub(crate) async fn send(
    fixture: &Fixture,
    method: &str,
    uri: &str,
    cookies: &[String],
    headers: &[(&str, &str)],
    form: Option<&[(&str, &str)]>,
) -> Reply {
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "referat.test");
    if !cookies.is_empty() {
        builder = builder.header("cookie", cookies.join("; "));
    }
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let body = match form {
        Some(fields) => {
            builder = builder.header("content-type", "application/x-www-form-urlencoded");
            Body::from(form_encode(fields))
        }
        None => Body::empty(),
    };
    let response = web::router(fixture.state.clone())
        .oneshot(builder.body(body).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 64 << 20)
        .await
        .unwrap();
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The `name=value` of a cookie the reply sets, and its whole `Set-Cookie` line.
pub(crate) fn set_cookie(reply: &Reply, name: &str) -> Option<(String, String)> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|line| line.starts_with(&format!("{name}=")))
        .map(|line| (line.split(';').next().unwrap().to_owned(), line.to_owned()))
}

/// The value of the hidden field `name` in a page.
pub(crate) fn hidden(body: &str, name: &str) -> Option<String> {
    let start = body.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_owned())
}

/// Signs `email` in through the form; the session cookie (`referat_session=…`).
pub(crate) async fn sign_in(fixture: &Fixture, email: &str) -> String {
    let page = send(fixture, "GET", "/log-ind", &[], &[], None).await;
    let (csrf_cookie, _) = set_cookie(&page, "referat_csrf").unwrap();
    let csrf = hidden(&page.body, "csrf").unwrap();
    let reply = send(
        fixture,
        "POST",
        "/log-ind",
        &[csrf_cookie],
        &[],
        Some(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    set_cookie(&reply, "referat_session").unwrap().0
}

async fn sign_in_makes_a_fresh_session_shown_in_the_header() {
    let (fixture, _) = with_clock();
    add_user(&fixture, "sekr@greve.dk", "sekretær", None);

    let page = send(&fixture, "GET", "/log-ind", &[], &[], None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"email\""), "{}", page.body);
    assert!(page.body.contains("name=\"password\""));
    assert!(
        page.body
            .contains("<label for=\"email\">E-mailadresse</label>")
    );
    assert!(
        page.body.contains(">Log ind</a>"),
        "the header offers sign-in"
    );
    let (csrf_cookie, line) = set_cookie(&page, "referat_csrf").unwrap();
    assert!(
        line.contains("HttpOnly") && line.contains("SameSite=Lax"),
        "{line}"
    );
    let csrf = hidden(&page.body, "csrf").unwrap();
    assert_eq!(csrf_cookie, format!("referat_csrf={csrf}"));

    // A session id planted in the browser before signing in (session fixation) is not
    // kept: the server draws a new one.
    let planted = "referat_session=planted0123".to_owned();
    let reply = send(
        &fixture,
        "POST",
        "/log-ind",
        &[csrf_cookie.clone(), planted.clone()],
        &[],
        Some(&[
            ("email", " Sekr@Greve.dk "),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("naeste", "/opfoelgning"),
        ]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.headers["location"], "/opfoelgning");
    let (session, line) = set_cookie(&reply, "referat_session").unwrap();
    assert_ne!(session, planted);
    assert_eq!(session.len(), "referat_session=".len() + 64);
    assert!(
        line.contains("HttpOnly") && line.contains("SameSite=Lax"),
        "{line}"
    );
    assert!(!line.contains("Secure"), "http origin: {line}");

    let front = send(
        &fixture,
        "GET",
        "/",
        std::slice::from_ref(&session),
        &[],
        None,
    )
    .await;
    assert_eq!(front.status, StatusCode::OK);
    assert!(
        front.body.contains("sekr@greve.dk (sekretær)"),
        "{}",
        front.body
    );
    assert!(front.body.contains(">Log ud</button>"));
    assert_eq!(front.headers["cache-control"], "private, no-store");
    let anonymous = send(&fixture, "GET", "/", &[planted], &[], None).await;
    assert!(anonymous.body.contains(">Log ind</a>"));
    assert!(!anonymous.body.contains("sekr@greve.dk"));

    // Sign out: a form with the session's token; the session is gone from the database.
    let session_csrf = hidden(&front.body, "csrf").unwrap();
    let out = send(
        &fixture,
        "POST",
        "/log-ud",
        std::slice::from_ref(&session),
        &[],
        Some(&[("csrf", &session_csrf)]),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert!(
        set_cookie(&out, "referat_session")
            .unwrap()
            .1
            .contains("Max-Age=0")
    );
    let after = send(&fixture, "GET", "/", &[session], &[], None).await;
    assert!(after.body.contains(">Log ind</a>"));

    let events: Vec<String> = on_store(&fixture, |store| {
        store
            .audit_log(store::Page::default())
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect()
    });
    assert_eq!(events[..2], ["sign_out", "sign_in"]);
}

async fn forms_without_their_csrf_token_are_refused() {
    let (fixture, _) = with_clock();
    add_user(&fixture, "m@greve.dk", "medlem", None);
    // Sign-in without the token, with a wrong one, with the cookie but not the field.
    let fields = [("email", "m@greve.dk"), ("password", PASSWORD)];
    let refused = send(&fixture, "POST", "/log-ind", &[], &[], Some(&fields)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("Ingen adgang"), "{}", refused.body);
    assert!(refused.body.contains("sikkerhedsnøgle"));
    let wrong = send(
        &fixture,
        "POST",
        "/log-ind",
        &["referat_csrf=abc".to_owned()],
        &[],
        Some(&[
            ("email", "m@greve.dk"),
            ("password", PASSWORD),
            ("csrf", "abd"),
        ]),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);

    // Signed in, a form posted from another site carries the cookie but not the token.
    let session = crate::accounts::sign_in(&fixture, "m@greve.dk").await;
    let forged = send(
        &fixture,
        "POST",
        "/log-ud",
        std::slice::from_ref(&session),
        &[],
        Some(&[]),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // The anonymous token does not stand in for the session's.
    let other = send(
        &fixture,
        "POST",
        "/log-ud",
        &[session.clone(), "referat_csrf=abc".to_owned()],
        &[],
        Some(&[("csrf", "abc")]),
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let still = send(&fixture, "GET", "/", &[session], &[], None).await;
    assert!(still.body.contains("m@greve.dk"), "still signed in");
    // Other methods than GET, HEAD and POST stay refused.
    let put = send(&fixture, "PUT", "/log-ind", &[], &[], None).await;
    assert_eq!(put.status, StatusCode::METHOD_NOT_ALLOWED);
}

async fn failed_sign_ins_are_slowed_then_refused() {
    let (fixture, clock) = with_clock();
    add_user(&fixture, "l@greve.dk", "læser", None);
    let cookie = "referat_csrf=tok".to_owned();
    let attempt = |password: &'static str| {
        let (fixture, cookie) = (&fixture, cookie.clone());
        async move {
            send(
                fixture,
                "POST",
                "/log-ind",
                &[cookie],
                &[],
                Some(&[
                    ("email", "l@greve.dk"),
                    ("password", password),
                    ("csrf", "tok"),
                ]),
            )
            .await
        }
    };
    let started = std::time::Instant::now();
    for _ in 0..web::auth::MAX_FAILURES_PER_EMAIL {
        let reply = attempt("forkert").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(
            reply.body.contains("role=\"alert\""),
            "the error is announced"
        );
        assert!(
            reply
                .body
                .contains("Forkert e-mailadresse eller adgangskode.")
        );
        assert!(
            reply.body.contains("value=\"l@greve.dk\""),
            "the email is kept"
        );
    }
    // 200 + 400 + 600 + 800 + 1000 ms.
    assert!(started.elapsed() >= std::time::Duration::from_millis(2900));
    // Now even the right password is refused, for this account, for a while.
    let refused = attempt(PASSWORD).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers["retry-after"], "900");
    assert!(
        refused.body.contains("For mange mislykkede forsøg"),
        "{}",
        refused.body
    );
    // After the window it works again.
    clock.fetch_add(web::auth::FAILURE_WINDOW_SECONDS + 1, Ordering::Relaxed);
    assert_eq!(attempt(PASSWORD).await.status, StatusCode::SEE_OTHER);
    let events: Vec<String> = on_store(&fixture, |store| {
        store
            .audit_log(store::Page::default())
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect()
    });
    assert_eq!(
        events[..3],
        ["sign_in", "sign_in_refused", "sign_in_failed"]
    );
    assert_eq!(events.iter().filter(|e| *e == "sign_in_failed").count(), 5);
    // What was typed comes back escaped, never as markup.
    let payload = send(
        &fixture,
        "POST",
        "/log-ind",
        std::slice::from_ref(&cookie),
        &[],
        Some(&[
            ("email", "\"><script>alert(1)</script>' OR '1'='1"),
            ("password", "x"),
            ("csrf", "tok"),
        ]),
    )
    .await;
    assert_eq!(payload.status, StatusCode::UNAUTHORIZED);
    assert!(!payload.body.contains("<script>alert"), "{}", payload.body);
    assert!(payload.body.contains("&lt;script&gt;"));
    // An unknown account fails the same way and is counted too.
    let unknown = send(
        &fixture,
        "POST",
        "/log-ind",
        std::slice::from_ref(&cookie),
        &[],
        Some(&[
            ("email", "ingen@greve.dk"),
            ("password", PASSWORD),
            ("csrf", "tok"),
        ]),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(
        unknown
            .body
            .contains("Forkert e-mailadresse eller adgangskode.")
    );
}

/// Failures from one address for many accounts: beyond the limit that address is refused,
/// while another address may still sign in.
async fn failed_sign_ins_from_one_address_are_refused() {
    let (fixture, clock) = with_clock();
    add_user(&fixture, "l@greve.dk", "læser", None);
    let now = clock.load(Ordering::Relaxed);
    on_store(&fixture, move |store| {
        for n in 0..web::auth::MAX_FAILURES_PER_ADDRESS {
            let actor = Actor {
                email: None,
                address: Some("192.0.2.9".into()),
                at: now - 60,
            };
            let target = format!("gaet{n}@greve.dk");
            store
                .audit("sign_in_failed", Some(&target), None, &actor)
                .unwrap();
        }
    });
    let from = |ip: [u8; 4]| {
        let fixture = &fixture;
        async move {
            let mut request = Request::builder()
                .method("POST")
                .uri("/log-ind")
                .header("host", "referat.test")
                .header("cookie", "referat_csrf=tok")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(form_encode(&[
                    ("email", "l@greve.dk"),
                    ("password", PASSWORD),
                    ("csrf", "tok"),
                ])))
                .unwrap();
            request
                .extensions_mut()
                .insert(web::auth::ClientAddr(std::net::IpAddr::from(ip)));
            web::router(fixture.state.clone())
                .oneshot(request)
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(from([192, 0, 2, 9]).await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(from([192, 0, 2, 10]).await, StatusCode::SEE_OTHER);
    let log = on_store(&fixture, |store| {
        store.audit_log(store::Page::default()).unwrap()
    });
    assert_eq!(log[0].event, "sign_in");
    assert_eq!(log[0].address.as_deref(), Some("192.0.2.10"));
    assert_eq!(log[1].event, "sign_in_refused");
    assert_eq!(log[1].address.as_deref(), Some("192.0.2.9"));
}

async fn bearer_tokens_sign_scripts_in() {
    let (fixture, _) = with_clock();
    add_user(&fixture, "s@greve.dk", "sekretær", None);
    let token = web::auth::new_secret().unwrap();
    let sha = store::sha256_hex(token.as_bytes());
    on_store(&fixture, move |store| {
        store.add_token(&sha, "s@greve.dk", &cli()).unwrap()
    });
    let bearer = format!("Bearer {token}");
    let ok = send(
        &fixture,
        "GET",
        "/api/v1/meetings",
        &[],
        &[("authorization", &bearer)],
        None,
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.headers["cache-control"], "private, no-store");
    let wrong = send(
        &fixture,
        "GET",
        "/api/v1/meetings",
        &[],
        &[("authorization", "Bearer 0000")],
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(
        wrong.body.contains("\"code\":\"unauthorized\""),
        "{}",
        wrong.body
    );
    let malformed = send(
        &fixture,
        "GET",
        "/",
        &[],
        &[("authorization", "Basic eDp5")],
        None,
    )
    .await;
    assert_eq!(malformed.status, StatusCode::UNAUTHORIZED);
    assert!(malformed.body.contains("Bearer"), "{}", malformed.body);
}

async fn a_one_time_link_sets_the_password() {
    let (fixture, _) = with_clock();
    let store = Arc::clone(&fixture.state.store);
    let token = web::auth::new_secret().unwrap();
    let sha = store::sha256_hex(token.as_bytes());
    std::thread::spawn(move || {
        store
            .add_user("ny@greve.dk", "medlem", None, None, &cli())
            .unwrap();
        store
            .add_password_link(&sha, "ny@greve.dk", 2_000_000_000, &cli())
            .unwrap();
    })
    .join()
    .unwrap();
    let uri = format!("/log-ind/ny-adgangskode?token={token}");
    let page = send(&fixture, "GET", &uri, &[], &[], None).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("ny@greve.dk"));
    let (cookie, _) = set_cookie(&page, "referat_csrf").unwrap();
    let csrf = hidden(&page.body, "csrf").unwrap();
    let post = |password: &'static str, repeat: &'static str| {
        let (fixture, cookie, csrf, token) =
            (&fixture, cookie.clone(), csrf.clone(), token.clone());
        async move {
            send(
                fixture,
                "POST",
                "/log-ind/ny-adgangskode",
                &[cookie],
                &[],
                Some(&[
                    ("token", &token),
                    ("password", password),
                    ("repeat", repeat),
                    ("csrf", &csrf),
                ]),
            )
            .await
        }
    };
    let short = post("kort", "kort").await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(short.body.contains("mindst 10 tegn"), "{}", short.body);
    let unequal = post(PASSWORD, "korrekt hest batteri!").await;
    assert!(unequal.body.contains("ikke ens"));
    let saved = post(PASSWORD, PASSWORD).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert_eq!(saved.headers["location"], "/log-ind?ny=1");
    // Used up.
    assert_eq!(post(PASSWORD, PASSWORD).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        send(&fixture, "GET", &uri, &[], &[], None).await.status,
        StatusCode::NOT_FOUND
    );
    sign_in(&fixture, "ny@greve.dk").await;
}

async fn cookies_are_secure_behind_https() {
    let (mut fixture, _) = with_clock();
    fixture.state = fixture
        .state
        .with_origin(&"https://referat.example.dk".parse().unwrap());
    add_user(&fixture, "m@greve.dk", "medlem", None);
    let page = send(&fixture, "GET", "/log-ind", &[], &[], None).await;
    assert!(
        set_cookie(&page, "referat_csrf")
            .unwrap()
            .1
            .contains("; Secure")
    );
    let page = send(&fixture, "GET", "/log-ind", &[], &[], None).await;
    let (cookie, _) = set_cookie(&page, "referat_csrf").unwrap();
    let csrf = hidden(&page.body, "csrf").unwrap();
    let reply = send(
        &fixture,
        "POST",
        "/log-ind",
        &[cookie],
        &[],
        Some(&[
            ("email", "m@greve.dk"),
            ("password", PASSWORD),
            ("csrf", &csrf),
        ]),
    )
    .await;
    assert!(
        set_cookie(&reply, "referat_session")
            .unwrap()
            .1
            .contains("; Secure")
    );
}

backend_tests!(
    sign_in_makes_a_fresh_session_shown_in_the_header,
    forms_without_their_csrf_token_are_refused,
    failed_sign_ins_are_slowed_then_refused,
    failed_sign_ins_from_one_address_are_refused,
    bearer_tokens_sign_scripts_in,
    a_one_time_link_sets_the_password,
    cookies_are_secure_behind_https,
);
