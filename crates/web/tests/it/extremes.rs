//! Issue 19: every parameter of every route, read from the OpenAPI document the server
//! publishes (plus the pages, feeds, calendars and exports, which the document does not
//! describe), gets the extremes a hostile client sends: numbers at and past every integer
//! width, huge and empty strings, broken percent-escapes, repeated parameters, unicode.
//! Each request must answer a 2xx or 4xx within [`BOUND`], and the router must still answer
//! afterwards. A number that sized an allocation would abort the test binary here.
//!
//! Issue 13: the same walk sends SQL and script payloads in every parameter; no answer may
//! hold the script as markup, and afterwards the store holds what it held before.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::Value;

use crate::{Fixture, backend_tests, fixture, get, get_ok};

/// The most one request may take, even in a debug build on a busy machine.
const BOUND: Duration = Duration::from_secs(10);

/// Values as they appear in a URL (already percent-encoded where needed).
fn extremes() -> Vec<String> {
    let mut values: Vec<String> = [
        "0",
        "-1",
        "1",
        "2147483647",
        "2147483648",
        "4294967295",
        "4294967296",
        "9223372036854775807",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775809",
        "1e308",
        "-1e308",
        "1e309",
        "NaN",
        "0x10",
        "%ff",
        "%fe%ff",
        "%c0%af",
        "%00",
        "%",
        "%2",
        "",
        "+",
        "%C3%A6%C3%B8%C3%A5%F0%9F%98%80%E2%80%AE",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "..%2F..%2Fetc%2Fpasswd",
        "%22%27%3B--",
        // ' OR '1'='1   1; DROP TABLE meetings;--   ') ; DELETE FROM items;--
        "%27%20OR%20%271%27%3D%271",
        "1%3B%20DROP%20TABLE%20meetings%3B--",
        "%27%29%3B%20DELETE%20FROM%20items%3B--",
        // "><img src=x onerror=alert(2)>
        "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E",
        "2025-02-30",
        "99999-12-31",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // Long but within the server's URL limit, and far past it.
    values.push("x".repeat(3000));
    values.push("%ff".repeat(1000));
    values.push("budget+".repeat(400));
    // Past the server's limit but within what a URI can hold (64 KiB) twice over.
    values.push("x".repeat(30_000));
    values
}

/// The search parameters of the pages and the feed.
const SEARCH: &[&str] = &["q", "body", "kind", "year", "actions", "offset", "limit"];

/// The follow-up register's parameters.
const REGISTER: &[&str] = &["owner", "body", "due", "status"];

/// Routes the OpenAPI document does not describe, with the parameters they read; each also
/// gets a parameter it does not read.
const PAGES: [(&str, &[&str]); 13] = [
    ("/", &[]),
    ("/moeder", &[]),
    ("/personer", &[]),
    ("/opfoelgning", REGISTER),
    ("/soeg", SEARCH),
    ("/feeds/moeder.atom", &[]),
    ("/feeds/soeg.atom", SEARCH),
    ("/kalender/moeder.ics", &["id", "body"]),
    ("/kalender/opfoelgning.ics", REGISTER),
    ("/eksport/opfoelgning.csv", REGISTER),
    ("/eksport/beslutninger.csv", &[]),
    ("/api/v1/openapi.json", &[]),
    ("/style.css", &[]),
];

const PAGE_PATHS: [&str; 4] = [
    "/moeder/{id}",
    "/moeder/{id}/original",
    "/punkter/{meeting_id}/{item}",
    "/personer/{name}",
];

/// A parameter no route reads.
const UNKNOWN: &str = "page";

/// Sends `uri` and checks the answer; returns the status.
async fn check(fixture: &Fixture, uri: &str) -> StatusCode {
    let started = Instant::now();
    let reply = tokio::time::timeout(BOUND, get(fixture, uri))
        .await
        .unwrap_or_else(|_| panic!("{}: no answer within {BOUND:?}", shorten(uri)));
    let uri = shorten(uri);
    // A payload may come back escaped or as data (JSON, CSV), never as markup.
    let markup = reply
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.starts_with("text/html") || kind.contains("xml"));
    if markup {
        for payload in ["<script>alert(1)", "<img src=x onerror=alert(2)>"] {
            assert!(!reply.body.contains(payload), "{uri}: {payload} as markup");
        }
    }
    assert!(
        reply.status.is_success() || reply.status.is_client_error(),
        "{uri}: {} after {:?}: {}",
        reply.status,
        started.elapsed(),
        shorten(&reply.body)
    );
    if reply.status.is_client_error() {
        refused_in_danish(&uri, &reply);
    }
    reply.status
}

/// Issue 20: a refusal is the API's JSON error object with a stable code under `/api/`
/// and the Danish error page elsewhere; never the framework's English text.
fn refused_in_danish(uri: &str, reply: &crate::Reply) {
    let kind = reply
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if uri.starts_with("/api/") {
        assert!(kind.starts_with("application/json"), "{uri}: {kind}");
        let body: Value = serde_json::from_str(&reply.body).unwrap();
        let code = body["error"]["code"].as_str().unwrap_or_default();
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{uri}: code {code:?}"
        );
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "{uri}: no message");
    } else {
        assert!(
            kind.starts_with("text/html"),
            "{uri}: {kind}: {}",
            shorten(&reply.body)
        );
        assert!(reply.body.contains("<html lang=\"da\""), "{uri}");
    }
    for english in [
        "Failed to deserialize",
        "Invalid URL",
        "Cannot parse",
        "missing field",
        "invalid digit",
        "invalid type",
        "Wrong number of path arguments",
    ] {
        assert!(
            !reply.body.contains(english),
            "{uri}: {}",
            shorten(&reply.body)
        );
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(200).collect()
}

/// `(path, path parameters, query parameters)` of every `GET` in the OpenAPI document.
fn routes(doc: &Value) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut routes = Vec::new();
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        let Some(get) = operations.get("get") else {
            continue;
        };
        let mut in_path = Vec::new();
        let mut in_query = Vec::new();
        for parameter in get["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().expect("name").to_owned();
            match parameter["in"].as_str() {
                Some("path") => in_path.push(name),
                Some("query") => in_query.push(name),
                _ => {}
            }
        }
        routes.push((path.clone(), in_path, in_query));
    }
    routes
}

/// `path` with each `{name}` replaced by `value(name)`.
fn fill(path: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |end| start + end);
        out.push_str(&rest[..start]);
        out.push_str(&value(&rest[start + 1..end]));
        rest = &rest[(end + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// Requests with each of `parameters` set to each extreme alone, twice, and all at once.
async fn query_extremes(fixture: &Fixture, route: &str, parameters: &[String]) -> usize {
    let values = extremes();
    let mut sent = 0;
    for value in &values {
        for name in parameters {
            check(fixture, &format!("{route}?{name}={value}")).await;
            sent += 1;
        }
        // All at once, where the URI can still hold them (64 KiB).
        if value.len() * parameters.len() < 60_000 {
            let all: Vec<String> = parameters
                .iter()
                .map(|name| format!("{name}={value}"))
                .collect();
            check(fixture, &format!("{route}?{}", all.join("&"))).await;
            sent += 1;
        }
    }
    // Repeated parameters, the second differing from the first.
    for name in parameters {
        check(fixture, &format!("{route}?{name}=1&{name}=4294967295")).await;
        check(fixture, &format!("{route}?{name}=&{name}=%ff&{name}")).await;
        sent += 2;
    }
    sent
}

async fn every_parameter_survives_its_extremes() {
    let fixture = fixture();
    let started = Instant::now();
    let doc: Value = serde_json::from_str(&get_ok(&fixture, "/api/v1/openapi.json").await)
        .expect("the OpenAPI document is JSON");
    let routes = routes(&doc);
    assert!(
        routes.len() >= 14,
        "{} routes in the document",
        routes.len()
    );
    // Real values for the path parameters not under test, so the query extremes reach
    // the handler behind the lookup.
    let meetings: Value =
        serde_json::from_str(&get_ok(&fixture, "/api/v1/meetings?limit=1").await).unwrap();
    let meeting_id = meetings["data"][0]["id"].as_str().unwrap().to_owned();
    let before = get_ok(&fixture, "/api/v1/meetings?limit=100").await;
    let real = |name: &str| match name {
        "id" | "meeting_id" => meeting_id.clone(),
        "item" | "position" => "1".to_owned(),
        "name" => "Heidi%20Have".to_owned(),
        // The seeds are imported under their bodies' names.
        "organisation" | "body" => "raadmandsmoede".to_owned(),
        "order" => "1".to_owned(),
        other => panic!("no real value for the path parameter {other}"),
    };
    let mut sent = 0;
    for (path, in_path, in_query) in &routes {
        let route = fill(path, real);
        check(&fixture, &route).await;
        let mut parameters = in_query.clone();
        parameters.push(UNKNOWN.to_owned());
        sent += query_extremes(&fixture, &route, &parameters).await;
        if !in_path.is_empty() {
            for value in extremes() {
                let uri = fill(path, |_| value.clone());
                // Three path parameters of the longest extreme exceed what a URI can be.
                if uri.len() > 60_000 {
                    continue;
                }
                check(&fixture, &uri).await;
                sent += 1;
            }
        }
    }
    for (route, parameters) in PAGES {
        let mut parameters: Vec<String> = parameters.iter().map(|p| (*p).to_owned()).collect();
        parameters.push(UNKNOWN.to_owned());
        sent += query_extremes(&fixture, route, &parameters).await;
    }
    for path in PAGE_PATHS {
        sent += query_extremes(&fixture, &fill(path, real), &[UNKNOWN.to_owned()]).await;
        for value in extremes() {
            check(&fixture, &fill(path, |_| value.clone())).await;
            sent += 1;
        }
    }
    // Still answering, and quickly.
    assert_eq!(check(&fixture, "/").await, StatusCode::OK);
    assert_eq!(
        check(&fixture, "/api/v1/search?q=budget").await,
        StatusCode::OK
    );
    // The SQL payloads changed nothing.
    assert_eq!(get_ok(&fixture, "/api/v1/meetings?limit=100").await, before);
    // Far more than a handful, so a route that lost its parameters shows.
    assert!(sent > 2_000, "{sent} requests in {:?}", started.elapsed());
}

backend_tests!(every_parameter_survives_its_extremes);
