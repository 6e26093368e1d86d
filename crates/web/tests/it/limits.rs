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

/// Issue 19, point 4: answers covering the whole corpus take turns, and a turn lasts until
/// the answer's body is gone, so that a few dozen exports sent at once do not each hold
/// their megabytes. Other pages do not wait.
#[tokio::test]
async fn whole_corpus_answers_take_turns_until_sent() {
    use axum::body::Body;
    use axum::http::Request;
    use std::time::Duration;
    use tower::ServiceExt;

    let fixture = fixture();
    let state = fixture.state.clone().with_limits(web::Limits {
        large_answers: 1,
        ..web::Limits::default()
    });
    let app = web::router(state);
    let call = |uri: &'static str| {
        let app = app.clone();
        async move {
            app.oneshot(Request::get(uri).body(Body::empty()).unwrap())
                .await
                .unwrap()
        }
    };
    // The export's answer is there, its body not yet read: it holds the one turn.
    let export = call("/eksport/beslutninger.csv").await;
    assert_eq!(export.status(), StatusCode::OK);
    let waiting = tokio::spawn(call("/opfoelgning"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "the register waits for the export");
    let other = call("/soeg?q=budget").await;
    assert_eq!(other.status(), StatusCode::OK, "a search does not wait");
    let one_meeting = call("/kalender/moeder.ics?id=nothing").await;
    assert_ne!(
        one_meeting.status(),
        StatusCode::OK,
        "nor one meeting's calendar"
    );
    // Sent (here: read whole), the export gives its turn to the register.
    let body = axum::body::to_bytes(export.into_body(), usize::MAX)
        .await
        .unwrap();
    assert!(body.len() > 10);
    let register = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("the register's turn came")
        .unwrap();
    assert_eq!(register.status(), StatusCode::OK);
    // A client that stops reading keeps its turn for a moment only (2 s), not until the
    // connection is closed.
    let unread = call("/eksport/opfoelgning.csv").await;
    let started = std::time::Instant::now();
    let next = tokio::time::timeout(Duration::from_secs(10), call("/"))
        .await
        .expect("the front page's turn came");
    assert_eq!(next.status(), StatusCode::OK);
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "it waited for the unread answer"
    );
    drop((unread, register));
}
