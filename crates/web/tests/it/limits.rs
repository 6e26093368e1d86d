//! Numbers a request sends never size anything unchecked: the extremes of `offset`, `limit`
//! and the query answer a 4xx or an empty page at once, and the server goes on answering.

use crate::{backend_tests, fixture, get};
use axum::http::StatusCode;

const SEARCH_ROUTES: [&str; 3] = ["/soeg", "/api/v1/search", "/feeds/soeg.atom"];

async fn deep_pages_are_refused_not_allocated() {
    let fixture = fixture();
    for route in SEARCH_ROUTES {
        for query in [
            "offset=4294967295",
            "q=plejehjem&offset=4294967295",
            "q=budget&offset=600000000&limit=100",
            "offset=9999&limit=100",
            "q=godkendt&year=2025&offset=4294967295",
        ] {
            let uri = format!("{route}?{query}");
            let reply = get(&fixture, &uri).await;
            assert_eq!(
                reply.status,
                StatusCode::BAD_REQUEST,
                "{uri}: {}",
                reply.body
            );
            assert!(
                !reply.body.contains("4294967295"),
                "{uri} echoes the number"
            );
        }
        // The deepest page allowed is answered (empty here).
        let uri = format!("{route}?q=budget&offset=9980&limit=20");
        let reply = get(&fixture, &uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    }
    let reply = get(&fixture, "/api/v1/search?q=budget").await;
    assert_eq!(reply.status, StatusCode::OK, "still answering");
}

async fn long_queries_are_refused() {
    let fixture = fixture();
    let words = "budget ".repeat(100);
    for route in SEARCH_ROUTES {
        let uri = format!("{route}?q={}", words.replace(' ', "+"));
        let reply = get(&fixture, &uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
    }
    // Many short words within the limit are read (the first 32 parts count).
    let many = (0..90)
        .map(|n| format!("o{n}"))
        .collect::<Vec<_>>()
        .join("+");
    let reply = get(&fixture, &format!("/api/v1/search?q={many}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

backend_tests!(
    deep_pages_are_refused_not_allocated,
    long_queries_are_refused
);
