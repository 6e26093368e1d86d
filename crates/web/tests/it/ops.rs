//! Health, readiness, metrics and request ids (issue 17), through the router as a load
//! balancer and Prometheus would ask.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt;

use crate::{backend_tests, fixture, get, get_ok};

async fn health_and_readiness_answer_without_a_session() {
    let fixture = fixture();
    assert_eq!(get_ok(&fixture, "/healthz").await, "ok\n");
    let ready = get(&fixture, "/readyz").await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert!(
        ready.body.starts_with("klar: databasen ved ændring 5"),
        "{}",
        ready.body
    );
    // A probe is never answered from a cache.
    assert_eq!(ready.headers["cache-control"], "no-store");
    assert!(!ready.headers.contains_key("etag"));
}

async fn metrics_count_requests_by_route_template_and_status() {
    let fixture = fixture();
    get_ok(&fixture, "/moeder").await;
    let meeting = "/moeder/raadmandsmoede-2025-07-01";
    get_ok(&fixture, meeting).await;
    get_ok(&fixture, "/moeder/raadmandsmoede-2025-04-22").await;
    assert_eq!(
        get(&fixture, "/moeder/findes-ikke").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&fixture, "/ingen/side/her").await.status,
        StatusCode::NOT_FOUND
    );
    get_ok(&fixture, "/api/v1/meetings").await;
    let metrics = get(&fixture, "/metrics").await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert_eq!(
        metrics.headers["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let body = metrics.body;
    for line in [
        r#"referat_http_requests_total{method="GET",route="/moeder",status="200"} 1"#,
        r#"referat_http_requests_total{method="GET",route="/moeder/{id}",status="200"} 2"#,
        r#"referat_http_requests_total{method="GET",route="/moeder/{id}",status="404"} 1"#,
        r#"referat_http_requests_total{method="GET",route="unmatched",status="404"} 1"#,
        r#"referat_http_requests_total{method="GET",route="/api/v1/meetings",status="200"} 1"#,
        r#"referat_http_request_duration_seconds_bucket{route="/moeder/{id}",le="+Inf"} 3"#,
        r#"referat_http_request_duration_seconds_count{route="/moeder/{id}"} 3"#,
        "# TYPE referat_http_request_duration_seconds histogram",
        "referat_store_change_seq 5",
        "referat_index_change_seq 5",
        "referat_index_lag 0",
        "referat_http_requests_in_flight 1",
    ] {
        assert!(body.lines().any(|l| l == line), "{line:?} not in\n{body}");
    }
    // The buckets of a histogram only grow.
    let buckets: Vec<u64> = body
        .lines()
        .filter(|l| {
            l.starts_with(r#"referat_http_request_duration_seconds_bucket{route="/moeder/{id}""#)
        })
        .map(|l| l.rsplit(' ').next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(buckets.len(), 12);
    assert!(
        buckets.windows(2).all(|pair| pair[0] <= pair[1]),
        "{buckets:?}"
    );
    // No path a client typed becomes a label.
    assert!(
        !body.contains("findes-ikke") && !body.contains("/ingen/side"),
        "{body}"
    );
}

async fn every_answer_carries_a_request_id() {
    let fixture = fixture();
    let first = get(&fixture, "/moeder").await;
    let second = get(&fixture, "/moeder").await;
    let id = |reply: &crate::Reply| reply.headers["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id(&first), id(&second));
    assert!(!id(&first).is_empty());
    // A proxy's id is kept, so one request can be followed through both logs; one that is
    // no plain token is replaced.
    for (sent, kept) in [("proxy-7f3a.12", true), ("<script>", false)] {
        let request = Request::get("/moeder")
            .header("x-request-id", sent)
            .body(Body::empty())
            .unwrap();
        let response = web::router(fixture.state.clone())
            .oneshot(request)
            .await
            .unwrap();
        let echoed = response.headers()["x-request-id"].to_str().unwrap();
        assert_eq!(echoed == sent, kept, "{sent} → {echoed}");
    }
}

backend_tests!(
    health_and_readiness_answer_without_a_session,
    metrics_count_requests_by_route_template_and_status,
    every_answer_carries_a_request_id,
);
