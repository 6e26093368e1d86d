//! Sign-in with OpenID Connect (issue 13) end to end: a real provider (node-oidc-provider,
//! `crates/web/tests/oidc-provider.mjs`, installed by `scripts/test` into `target/npm/`)
//! and the real server on loopback sockets, walked by a plain HTTP client that keeps
//! cookies and follows redirects as a browser does: `/log-ind/oidc` → the provider → back
//! to `/log-ind/oidc/retur`. Without node or the package the tests skip with a note, unless
//! `REFERAT_REQUIRE_OIDC=1` (set by `scripts/test` when the install worked) makes them fail.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use axum::http::{Request, StatusCode, Uri, header};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use web::oidc::{Oidc, OidcConfig, RETURN_PATH};

use crate::accounts::{add_user, on_store};
use crate::{Fixture, backend_tests, fixture_with, seeds};

/// The provider's node process, stopped when dropped.
struct Provider {
    child: Child,
    issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn required() -> bool {
    std::env::var("REFERAT_REQUIRE_OIDC").is_ok_and(|value| value == "1")
}

/// Starts the provider for a client that returns to `redirect`; `None` (the test skips)
/// when node or oidc-provider is missing.
#[expect(
    clippy::print_stderr,
    reason = "a skipped test and the provider's own output must be visible in the test log"
)]
fn start_provider(redirect: &str) -> Option<Provider> {
    let tests = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests");
    let module = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/npm/node_modules/oidc-provider/lib/index.js");
    let missing = |what: String| {
        assert!(!required(), "REFERAT_REQUIRE_OIDC=1, but {what}");
        eprintln!("OpenID Connect test skipped: {what} (scripts/test installs it)");
        None
    };
    if !module.exists() {
        return missing(format!("oidc-provider is missing at {}", module.display()));
    }
    let child = Command::new("node")
        .arg(tests.join("oidc-provider.mjs"))
        .arg(&module)
        .arg(redirect)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => return missing(format!("node cannot be started ({err})")),
    };
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // The rest is read (and shown with the test's output) so that node never writes to a
    // closed pipe, which would end it.
    std::thread::spawn(move || {
        for line in stdout.lines().map_while(Result::ok) {
            eprintln!("oidc-provider: {line}");
        }
    });
    let issuer = line.trim().to_owned();
    assert!(
        issuer.starts_with("http://127.0.0.1:"),
        "provider said {line:?}"
    );
    Some(Provider { child, issuer })
}

/// The server with OpenID Connect against the provider, on a free loopback port.
struct Site {
    origin: String,
    provider: Provider,
}

const ROLES: &[&str] = &[
    "referat-sekretaer=sekretær@Greve",
    "alle-ansatte=læser@Greve",
];

async fn start(fixture: &Fixture) -> Option<Site> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let provider = start_provider(&format!("{origin}{RETURN_PATH}"))?;
    let oidc = Oidc::new(OidcConfig {
        issuer: provider.issuer.clone(),
        client_id: "referat".into(),
        client_secret: Some("hemmelig-klient".into()),
        groups_claim: "groups".into(),
        roles: ROLES.iter().map(|raw| raw.parse().unwrap()).collect(),
        name: "Greve Kommune".into(),
    })
    .unwrap();
    let state = fixture
        .state
        .clone()
        .with_origin(&origin.parse().unwrap())
        .with_oidc(oidc);
    tokio::spawn(web::serve(listener, state));
    Some(Site { origin, provider })
}

/// A browser as far as this test needs one: cookies by name (both servers are on
/// 127.0.0.1 and their cookie names differ), redirects followed.
struct Browser {
    client: Client<HttpConnector, Empty<Bytes>>,
    cookies: BTreeMap<String, String>,
}

/// One answer.
struct Answer {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Browser {
    fn new() -> Browser {
        Browser {
            client: Client::builder(TokioExecutor::new()).build_http(),
            cookies: BTreeMap::new(),
        }
    }

    async fn get(&mut self, url: &str) -> Answer {
        let mut request = Request::get(url);
        if !self.cookies.is_empty() {
            let cookies: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        let response = tokio::time::timeout(
            Duration::from_secs(20),
            self.client.request(request.body(Empty::new()).unwrap()),
        )
        .await
        .expect("an answer in time")
        .unwrap();
        for line in response.headers().get_all(header::SET_COOKIE) {
            let line = line.to_str().unwrap();
            let (name, value) = line.split(';').next().unwrap().split_once('=').unwrap();
            let expired = line.to_ascii_lowercase().contains("max-age=0")
                || line.contains("expires=Thu, 01 Jan 1970");
            if expired || value.is_empty() {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|value| value.to_str().unwrap().to_owned());
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            location,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    /// Follows redirects from `url`; the answer that is not one, and every URL on the way.
    /// The provider signs in the account `login_hint` names.
    async fn follow(&mut self, url: &str, issuer: &str, login_hint: &str) -> (Answer, Vec<String>) {
        let mut url = url.to_owned();
        let mut visited = Vec::new();
        for _ in 0..20 {
            if url.starts_with(&format!("{issuer}/auth?")) {
                url = format!("{url}&login_hint={login_hint}");
            }
            visited.push(url.clone());
            let answer = self.get(&url).await;
            let Some(location) = answer
                .location
                .clone()
                .filter(|_| answer.status.is_redirection())
            else {
                return (answer, visited);
            };
            url = absolute(&url, &location);
        }
        panic!("too many redirects: {visited:#?}");
    }
}

/// `location` resolved against `base` (absolute, or a path on the same server).
fn absolute(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_owned();
    }
    let base: Uri = base.parse().unwrap();
    format!(
        "{}://{}{location}",
        base.scheme_str().unwrap(),
        base.authority().unwrap()
    )
}

fn audit(fixture: &Fixture) -> Vec<store::AuditEntry> {
    on_store(fixture, |store| store.audit_log(store::Page::ALL).unwrap())
}

async fn a_mapped_group_signs_in_with_its_role_and_is_audited() {
    let fixture = fixture_with(&seeds()[..1]);
    let Some(site) = start(&fixture).await else {
        return;
    };
    let mut browser = Browser::new();
    let page = browser.get(&format!("{}/log-ind", site.origin)).await;
    assert!(
        page.body.contains("Log ind med Greve Kommune"),
        "{}",
        page.body
    );

    let start = format!("{}/log-ind/oidc?naeste=/opfoelgning", site.origin);
    let (answer, visited) = browser.follow(&start, &site.provider.issuer, "sekr").await;
    assert_eq!(
        answer.status,
        StatusCode::OK,
        "{visited:#?}\n{}",
        answer.body
    );
    let back = visited
        .iter()
        .find(|url| url.starts_with(&format!("{}{RETURN_PATH}?", site.origin)))
        .expect("back from the provider");
    assert!(back.contains("code=") && back.contains("state="), "{back}");
    assert!(
        visited.last().unwrap().ends_with("/opfoelgning"),
        "on to the page asked for: {visited:#?}"
    );
    assert!(
        !browser.cookies.contains_key("referat_oidc"),
        "flow cookie removed"
    );
    let session = browser
        .cookies
        .get("referat_session")
        .expect("signed in")
        .clone();
    // The header shows the account (the email lowercased) and the role of its group.
    assert!(answer.body.contains("sekr@greve.dk"), "{}", answer.body);
    assert!(answer.body.contains("sekretær"), "{}", answer.body);

    let sha = store::sha256_hex(session.as_bytes());
    let (user, stored) = on_store(&fixture, move |store| {
        let now = jiff::Timestamp::now().as_second();
        let session = store
            .session(&sha, now)
            .unwrap()
            .expect("the session is kept");
        let user = store.credentials("sekr@greve.dk").unwrap().unwrap();
        (user, session)
    });
    assert_eq!(stored.user.role, "sekretær");
    assert_eq!(stored.user.organisation.as_deref(), Some("Greve"));
    assert_eq!(user.1, None, "an external account has no password");

    let log = audit(&fixture);
    let find = |event: &str| {
        log.iter()
            .find(|entry| entry.event == event && entry.target.as_deref() == Some("sekr@greve.dk"))
    };
    let signed_in = find("sign_in").expect("the sign-in is audited");
    assert_eq!(signed_in.actor.as_deref(), Some("sekr@greve.dk"));
    assert_eq!(signed_in.address.as_deref(), Some("127.0.0.1"));
    let external = find("external_account").expect("the new account is marked external");
    assert!(
        external
            .detail
            .as_deref()
            .unwrap()
            .contains(&site.provider.issuer),
        "{external:?}"
    );

    // Signing in again with another group set changes the role (a string claim works too).
    let mut other = Browser::new();
    let (answer, _) = other
        .follow(
            &format!("{}/log-ind/oidc", site.origin),
            &site.provider.issuer,
            "laeser",
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let stored = on_store(&fixture, |store| {
        store.user("laeser@greve.dk").unwrap().unwrap()
    });
    assert_eq!(stored.role, "læser");
}

async fn a_group_without_a_role_is_refused_and_audited() {
    let fixture = fixture_with(&seeds()[..1]);
    let Some(site) = start(&fixture).await else {
        return;
    };
    let mut browser = Browser::new();
    let (answer, _) = browser
        .follow(
            &format!("{}/log-ind/oidc", site.origin),
            &site.provider.issuer,
            "udenfor",
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(
        answer.body.contains("ikke medlem af en gruppe"),
        "{}",
        answer.body
    );
    assert!(!browser.cookies.contains_key("referat_session"));
    let no_account = on_store(&fixture, |store| store.user("udenfor@greve.dk").unwrap());
    assert_eq!(no_account, None);
    let refused = audit(&fixture)
        .into_iter()
        .find(|entry| entry.event == "sign_in_refused")
        .expect("the refusal is audited");
    assert_eq!(refused.target.as_deref(), Some("udenfor@greve.dk"));
    assert!(
        refused
            .detail
            .as_deref()
            .unwrap()
            .contains("kantineudvalget"),
        "{refused:?}"
    );

    // A local account with a password is not taken over by the provider's word.
    add_user(&fixture, "lokal@greve.dk", "læser", Some("Greve"));
    let mut browser = Browser::new();
    let (answer, _) = browser
        .follow(
            &format!("{}/log-ind/oidc", site.origin),
            &site.provider.issuer,
            "lokal",
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.body);
    assert!(answer.body.contains("lokal konto"), "{}", answer.body);
    let kept = on_store(&fixture, |store| {
        store.user("lokal@greve.dk").unwrap().unwrap()
    });
    assert_eq!(kept.role, "læser");
}

async fn a_wrong_or_missing_state_is_refused() {
    let fixture = fixture_with(&seeds()[..1]);
    let Some(site) = start(&fixture).await else {
        return;
    };
    let mut browser = Browser::new();
    let to_provider = browser.get(&format!("{}/log-ind/oidc", site.origin)).await;
    assert_eq!(to_provider.status, StatusCode::SEE_OTHER);
    let location = to_provider.location.unwrap();
    assert!(location.starts_with(&format!("{}/auth?", site.provider.issuer)));
    for needed in [
        "code_challenge=",
        "code_challenge_method=S256",
        "nonce=",
        "state=",
    ] {
        assert!(location.contains(needed), "{needed} in {location}");
    }
    let flow = browser
        .cookies
        .get("referat_oidc")
        .expect("flow cookie")
        .clone();

    // The provider's answer with another state: refused, nothing signed in.
    let back = format!("{}{RETURN_PATH}?code=abc&state=forkert", site.origin);
    let answer = browser.get(&back).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert!(answer.body.contains("passer ikke"), "{}", answer.body);
    assert!(!browser.cookies.contains_key("referat_session"));
    assert!(
        !browser.cookies.contains_key("referat_oidc"),
        "the flow is over"
    );

    // The right state from a browser without the flow cookie: refused too.
    let state = flow.split('.').next().unwrap();
    let mut stranger = Browser::new();
    let answer = stranger
        .get(&format!(
            "{}{RETURN_PATH}?code=abc&state={state}",
            site.origin
        ))
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    let refusals = audit(&fixture)
        .into_iter()
        .filter(|entry| entry.event == "sign_in_refused")
        .count();
    assert_eq!(refusals, 2);
}

backend_tests!(
    a_mapped_group_signs_in_with_its_role_and_is_audited,
    a_group_without_a_role_is_refused_and_audited,
    a_wrong_or_missing_state_is_refused,
);
