//! Values from minutes are data, never markup: hostile minutes render inert everywhere, and
//! every response carries the security headers. Only `GET` and `HEAD` are answered.

use crate::{Fixture, backend_tests, fixture, fixture_with, get, get_ok, request};

const HOSTILE: &str = "Rådmandsmøde <script>alert(1)</script> (Rådmandsmøde)

01-07-2025 11:30 - 13:00

Rådhuset\"><img src=x onerror=alert(2)>

Mødedeltagere : Eva <script>alert(3)</script> Ondsen, Bo \"><img src=x onerror=alert(4)>

Punkt 1: Plan <script>alert(5)</script> og \"><img src=x onerror=alert(6)>

Rådmandsmødekredsen godkendte planen <script>alert(7)</script>.

Eva Ondsen undersøger \"><img src=x onerror=alert(8)> senest i oktober.
";

fn hostile() -> Fixture {
    fixture_with(&[("<script>x.txt".to_owned(), HOSTILE.to_owned())])
}

fn assert_inert(uri: &str, body: &str) {
    assert!(!body.contains("<script"), "{uri}: raw <script>: {body}");
    assert!(!body.contains("<img"), "{uri}: raw <img>: {body}");
    assert!(
        !body.contains("\"><img"),
        "{uri}: attribute break-out: {body}"
    );
    assert!(
        !body.contains("onerror=alert") || body.contains("&gt;"),
        "{uri}: {body}"
    );
}

async fn hostile_minutes_render_inert() {
    let fixture = hostile();
    let meetings = get_ok(&fixture, "/api/v1/meetings").await;
    let json: serde_json::Value = serde_json::from_str(&meetings).unwrap();
    let id = json["data"][0]["id"].as_str().unwrap().to_owned();
    let meeting = get_ok(&fixture, &format!("/moeder/{id}")).await;
    assert!(
        meeting.contains("&lt;script&gt;"),
        "the text is shown, escaped"
    );
    let mut uris = vec![
        "/".to_owned(),
        "/moeder".to_owned(),
        format!("/moeder/{id}"),
        format!("/punkter/{id}/1"),
        "/personer".to_owned(),
        "/opfoelgning?status=all".to_owned(),
        "/soeg?q=plan".to_owned(),
        "/soeg?q=%3Cscript%3E".to_owned(),
        "/soeg?q=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E".to_owned(),
        "/opfoelgning?owner=%22%3E%3Cimg%20src%3Dx%3E".to_owned(),
        "/moeder/%3Cscript%3E".to_owned(),
    ];
    let people: serde_json::Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/people").await).unwrap();
    for person in people["data"].as_array().unwrap() {
        let name = person["name"].as_str().unwrap();
        uris.push(format!("/personer/{}", urlencode(name)));
    }
    for uri in &uris {
        let reply = get(&fixture, uri).await;
        assert_inert(uri, &reply.body);
    }
    let atom = get_ok(&fixture, "/feeds/moeder.atom").await;
    assert!(!atom.contains("<script"), "{atom}");
    let search_atom = get_ok(&fixture, "/feeds/soeg.atom?q=%3Cscript%3E").await;
    assert!(!search_atom.contains("<script"), "{search_atom}");
}

fn urlencode(raw: &str) -> String {
    raw.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn every_response_has_a_strict_content_security_policy() {
    let fixture = fixture();
    for uri in [
        "/",
        "/moeder/raadmandsmoede-2025-07-01",
        "/api/v1/meetings",
        "/nope",
    ] {
        let reply = get(&fixture, uri).await;
        let csp = reply.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{uri}: {csp}");
        assert!(
            !csp.contains("script-src"),
            "no scripts allowed at all: {csp}"
        );
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(reply.headers["x-content-type-options"], "nosniff");
        assert_eq!(reply.headers["x-frame-options"], "DENY");
    }
}

async fn there_are_no_write_endpoints() {
    let fixture = fixture();
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for uri in ["/", "/api/v1/meetings", "/api/v1/actions"] {
            let reply = request(&fixture, method, uri).await;
            assert_eq!(reply.status, 405, "{method} {uri}");
        }
    }
}

async fn long_requests_are_refused() {
    let fixture = fixture();
    let long = format!("/soeg?q={}", "a".repeat(10_000));
    assert_eq!(get(&fixture, &long).await.status, 414);
}

backend_tests!(
    hostile_minutes_render_inert,
    every_response_has_a_strict_content_security_policy,
    there_are_no_write_endpoints,
    long_requests_are_refused,
);
