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
    // Where minutes are written (issue 14), our own script saves as one types: it may run,
    // and talk to this origin only.
    let reply = get(&fixture, "/skriv/et-moede").await;
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(csp.contains("connect-src 'self';"), "{csp}");
    assert!(!csp.contains("unsafe"), "{csp}");
}

/// Reading addresses answer 405 to every other method; only the forms and the API's
/// follow-up status take a POST (issue 13), and a form without its CSRF token is refused.
async fn only_forms_and_the_follow_up_status_write() {
    let fixture = fixture();
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        for uri in ["/", "/api/v1/meetings", "/api/v1/actions"] {
            let reply = request(&fixture, method, uri).await;
            assert_eq!(reply.status, 405, "{method} {uri}");
        }
    }
    for uri in ["/log-ind", "/log-ud"] {
        assert_eq!(request(&fixture, "POST", uri).await.status, 403, "{uri}");
        assert_eq!(request(&fixture, "PUT", uri).await.status, 405, "{uri}");
    }
}

async fn long_requests_are_refused() {
    let fixture = fixture();
    let long = format!("/soeg?q={}", "a".repeat(10_000));
    assert_eq!(get(&fixture, &long).await.status, 414);
}

/// Issue 19, point 6: what the router cannot read is answered with the Danish page (or the
/// API's JSON error), never axum's English text/plain that echoes the input.
async fn errors_are_the_danish_page_or_the_json_error() {
    let fixture = fixture();
    for (uri, status, json) in [
        ("/moeder/%ff", 400, false),
        ("/moeder/%ff/original", 400, false),
        ("/personer/%c0%af", 400, false),
        ("/punkter/x/%ff", 400, false),
        ("/soeg?offset=-1", 400, false),
        ("/soeg?limit=%ff", 400, false),
        ("/opfoelgning?status=open&status=done", 400, false),
        ("/kalender/opfoelgning.ics?owner=%ff&owner=x", 400, false),
        ("/api/v1/items/x/%3Cscript%3E", 400, true),
        ("/api/v1/meetings/%ff", 400, true),
        ("/api/v1/meetings?offset=abc", 400, true),
        ("/api/v1/search?limit=18446744073709551616", 400, true),
        ("/api/v1/oparl/persons?offset=1e308", 400, true),
        ("/api/v1/nope/%3Cscript%3E", 404, true),
    ] {
        let reply = get(&fixture, uri).await;
        assert_eq!(reply.status, status, "{uri}: {}", reply.body);
        let content_type = reply.headers["content-type"].to_str().unwrap();
        if json {
            assert!(
                content_type.starts_with("application/json"),
                "{uri}: {content_type}"
            );
            let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
            assert!(body["error"]["message"].is_string(), "{uri}: {body}");
        } else {
            assert!(
                content_type.starts_with("text/html"),
                "{uri}: {content_type}"
            );
            assert!(
                reply.body.contains("Forkert forespørgsel"),
                "{uri}: {}",
                reply.body
            );
        }
        for framework in [
            "Invalid URL",
            "Failed to deserialize",
            "Cannot parse",
            "<script",
        ] {
            assert!(!reply.body.contains(framework), "{uri}: {}", reply.body);
        }
    }
    for method in ["POST", "DELETE"] {
        let reply = request(&fixture, method, "/api/v1/meetings").await;
        assert!(reply.body.contains("\"error\""), "{method}: {}", reply.body);
        let reply = request(&fixture, method, "/moeder").await;
        assert!(reply.body.contains("<h1>"), "{method}: {}", reply.body);
    }
}

/// Issue 19, point 6: a source imported from a folder is named by its file name only.
async fn no_server_paths_in_answers() {
    let (_, text) = crate::seeds().remove(0);
    let fixture = fixture_with(&[("/srv/referat/indbakke/2025/referat.txt".to_owned(), text)]);
    let list: serde_json::Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/meetings").await).unwrap();
    let summary = &list["data"][0];
    assert_eq!(summary["source_name"], "referat.txt", "{summary}");
    let id = summary["id"].as_str().unwrap();
    for uri in [
        format!("/api/v1/meetings/{id}"),
        format!("/api/v1/items/{id}/1"),
        "/api/v1/overview".to_owned(),
        format!("/api/v1/oparl/meetings/{id}"),
        format!("/moeder/{id}"),
    ] {
        let body = get_ok(&fixture, &uri).await;
        assert!(!body.contains("/srv/"), "{uri}: {body}");
    }
    let meeting: serde_json::Value =
        serde_json::from_str(&get_ok(&fixture, &format!("/api/v1/meetings/{id}")).await).unwrap();
    assert_eq!(meeting["source"]["file"], "referat.txt");
}

backend_tests!(
    errors_are_the_danish_page_or_the_json_error,
    no_server_paths_in_answers,
    hostile_minutes_render_inert,
    every_response_has_a_strict_content_security_policy,
    only_forms_and_the_follow_up_status_write,
    long_requests_are_refused,
);
