//! What the people who run the server need of it (issue 17): `/healthz` (the process
//! answers), `/readyz` (the database and the search index can be used), Prometheus metrics
//! at `/metrics`, and a log line per request with a request id.
//!
//! The three routes sit outside the application's layers (sign-in, caching, security
//! headers): a probe needs no session, and an answer tagged for a cache could be a stale
//! 304. They show no meeting data, so anyone may read them; a reverse proxy keeps
//! `/metrics` internal where that is wanted (`docs/deploy.md`).
//!
//! Every request, these included, passes [`observe`]: it takes the request id from the
//! client's `X-Request-Id` when it is a plain token of at most 64 characters, else makes
//! one; sends it back in `X-Request-Id`; counts the answer by method, route template and
//! status and its time in a histogram by route template; and writes one log line in the
//! [`LogFormat`] the caller chose. Route templates (`/moeder/{id}`), not paths, label the
//! metrics, so their number stays bounded whatever clients ask for.
//!
//! The exposition format is written here, not with a metrics crate: three counters, one
//! histogram and a few gauges are a page of code, and the format is stable (Prometheus
//! text format 0.0.4).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// The header that carries the request id both ways.
const REQUEST_ID: &str = "x-request-id";

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How the server writes its log on stderr: one line per request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LogFormat {
    /// No log (the default: tests and `referat demo` stay quiet).
    #[default]
    Off,
    /// One JSON object per line, for a log collector (journald, Loki, Elastic).
    Json,
    /// One readable line per request.
    Text,
}

/// The counts behind `/metrics`, shared by every request of the process.
#[derive(Debug)]
pub(crate) struct Metrics {
    /// Answers by (method, route template, status).
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// Latency by route template.
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Requests being answered now.
    in_flight: AtomicU64,
    /// The next request id's number; the prefix tells processes apart.
    next_id: AtomicU64,
    id_prefix: String,
}

#[derive(Debug, Default)]
struct Histogram {
    /// Per bucket of [`BUCKETS`], the answers that took at most its bound (not cumulative).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut seed = [0u8; 4];
        // Without randomness the ids are still unique within the process.
        let _ = getrandom::fill(&mut seed);
        Metrics {
            requests: Mutex::default(),
            latency: Mutex::default(),
            in_flight: AtomicU64::new(0),
            next_id: AtomicU64::new(1),
            id_prefix: seed.iter().map(|b| format!("{b:02x}")).collect(),
        }
    }
}

impl Metrics {
    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *requests
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default() += 1;
        drop(requests);
        let mut latency = self
            .latency
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let histogram = latency.entry(route.to_owned()).or_default();
        if let Some(bucket) = BUCKETS.iter().position(|&bound| seconds <= bound) {
            histogram.buckets[bucket] += 1;
        }
        histogram.count += 1;
        histogram.sum += seconds;
    }

    fn request_id(&self) -> String {
        let n = self.next_id.fetch_add(1, Ordering::Relaxed);
        format!("{}-{n}", self.id_prefix)
    }
}

/// A request id the client sent that can be logged and echoed as it is.
fn client_request_id(request: &Request) -> Option<String> {
    let raw = request.headers().get(REQUEST_ID)?.to_str().ok()?;
    let plain = !raw.is_empty()
        && raw.len() <= 64
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    plain.then(|| raw.to_owned())
}

/// Counts, times and logs every request; see the module documentation.
pub(crate) async fn observe(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let metrics = &state.metrics;
    let id = client_request_id(&request).unwrap_or_else(|| metrics.request_id());
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        // Paths no route matches share one label, whatever they are.
        || "unmatched".to_owned(),
        |matched| matched.as_str().to_owned(),
    );
    let client = request
        .extensions()
        .get::<crate::auth::ClientAddr>()
        .map(|client| client.0.to_string());
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let mut response = next.run(request).await;
    metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    let status = response.status().as_u16();
    metrics.record(&method, &route, status, seconds);
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    let line = LogLine {
        id: &id,
        method: &method,
        path: &path,
        route: &route,
        status,
        seconds,
        client: client.as_deref(),
    };
    match state.log {
        LogFormat::Off => {}
        LogFormat::Json => write_log(&line.json()),
        LogFormat::Text => write_log(&line.text()),
    }
    response
}

/// One request, as logged.
struct LogLine<'a> {
    id: &'a str,
    method: &'a str,
    /// The path without its query, which may hold what someone searched for.
    path: &'a str,
    route: &'a str,
    status: u16,
    seconds: f64,
    client: Option<&'a str>,
}

impl LogLine<'_> {
    fn level(&self) -> &'static str {
        if self.status >= 500 { "error" } else { "info" }
    }

    fn json(&self) -> String {
        let line = serde_json::json!({
            "ts": jiff::Timestamp::now().to_string(),
            "level": self.level(),
            "msg": "request",
            "request_id": self.id,
            "method": self.method,
            "path": self.path,
            "route": self.route,
            "status": self.status,
            "duration_ms": (self.seconds * 1000.0 * 100.0).round() / 100.0,
            "client": self.client,
        });
        line.to_string()
    }

    fn text(&self) -> String {
        format!(
            "{} {} {} {} {} {:.1} ms id={} klient={}",
            jiff::Timestamp::now(),
            self.level(),
            self.method,
            self.path,
            self.status,
            self.seconds * 1000.0,
            self.id,
            self.client.unwrap_or("-")
        )
    }
}

fn write_log(line: &str) {
    // One write per line, so lines from concurrent requests do not interleave; a log that
    // cannot be written must not fail the request.
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{line}");
}

/// `GET /healthz`: the process is up and answering.
pub(crate) async fn healthz() -> Response {
    plain(StatusCode::OK, "ok\n".to_owned())
}

/// `GET /readyz`: the database answers and the search index can be read; 503 with the
/// reason otherwise, so a load balancer sends no traffic to this node.
pub(crate) async fn readyz(State(state): State<AppState>) -> Response {
    let store = std::sync::Arc::clone(&state.store);
    let search = std::sync::Arc::clone(&state.search);
    let checked = tokio::task::spawn_blocking(move || {
        let seq = store
            .change_seq()
            .map_err(|err| format!("databasen svarer ikke: {err}"))?;
        let indexed = search
            .indexed_seq()
            .map_err(|err| format!("søgeindekset kan ikke læses: {err}"))?;
        Ok::<_, String>((seq, indexed, search.len()))
    })
    .await;
    match checked {
        Ok(Ok((seq, indexed, items))) => plain(
            StatusCode::OK,
            format!(
                "klar: databasen ved ændring {seq}, søgeindekset ved {indexed} med {items} \
                 dokumenter\n"
            ),
        ),
        Ok(Err(reason)) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("ikke klar: {reason}\n"),
        ),
        Err(err) => plain(
            StatusCode::SERVICE_UNAVAILABLE,
            format!("ikke klar: kontrollen stoppede: {err}\n"),
        ),
    }
}

/// `GET /metrics`: the Prometheus text exposition format.
pub(crate) async fn metrics(State(state): State<AppState>) -> Response {
    let store = std::sync::Arc::clone(&state.store);
    let search = std::sync::Arc::clone(&state.search);
    // The database and index figures; absent (not zero) when they cannot be read.
    let figures = tokio::task::spawn_blocking(move || {
        let seq = store.change_seq().ok();
        let indexed = search.indexed_seq().ok();
        (seq, indexed, search.len(), search.cache_stats())
    })
    .await
    .ok();
    let mut out = String::new();
    let metrics = &state.metrics;
    family(
        &mut out,
        "referat_http_requests_total",
        "counter",
        "Answered requests by method, route template and status.",
    );
    let requests = metrics
        .requests
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for ((method, route, status), count) in requests.iter() {
        let _ = writeln!(
            out,
            "referat_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {count}",
            label(method),
            label(route)
        );
    }
    drop(requests);
    family(
        &mut out,
        "referat_http_request_duration_seconds",
        "histogram",
        "Time to answer a request, by route template.",
    );
    let latency = metrics
        .latency
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for (route, histogram) in latency.iter() {
        let route = label(route);
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(histogram.buckets) {
            cumulative += count;
            let _ = writeln!(
                out,
                "referat_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        let _ = writeln!(
            out,
            "referat_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
             referat_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
             referat_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            histogram.count, histogram.sum, histogram.count
        );
    }
    drop(latency);
    family(
        &mut out,
        "referat_http_requests_in_flight",
        "gauge",
        "Requests being answered now.",
    );
    let _ = writeln!(
        out,
        "referat_http_requests_in_flight {}",
        metrics.in_flight.load(Ordering::Relaxed)
    );
    if let Some((seq, indexed, items, cache)) = figures {
        if let Some(seq) = seq {
            family(
                &mut out,
                "referat_store_change_seq",
                "gauge",
                "The database's change counter (grows with every stored meeting).",
            );
            let _ = writeln!(out, "referat_store_change_seq {seq}");
        }
        if let Some(indexed) = indexed {
            family(
                &mut out,
                "referat_index_change_seq",
                "gauge",
                "The change counter this node's search index has caught up with.",
            );
            let _ = writeln!(out, "referat_index_change_seq {indexed}");
        }
        if let (Some(seq), Some(indexed)) = (seq, indexed) {
            family(
                &mut out,
                "referat_index_lag",
                "gauge",
                "Changes in the database not yet in this node's search index.",
            );
            let _ = writeln!(out, "referat_index_lag {}", seq.saturating_sub(indexed));
        }
        family(
            &mut out,
            "referat_index_documents",
            "gauge",
            "Documents (items) in this node's search index.",
        );
        let _ = writeln!(out, "referat_index_documents {items}");
        family(
            &mut out,
            "referat_search_cache_hits_total",
            "counter",
            "Searches answered from the cache of recent searches.",
        );
        let _ = writeln!(out, "referat_search_cache_hits_total {}", cache.hits);
        family(
            &mut out,
            "referat_search_cache_misses_total",
            "counter",
            "Searches that had to search the index.",
        );
        let _ = writeln!(out, "referat_search_cache_misses_total {}", cache.misses);
    }
    if let Some(bytes) = resident_memory() {
        family(
            &mut out,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory of the server process.",
        );
        let _ = writeln!(out, "process_resident_memory_bytes {bytes}");
    }
    let mut response = plain(StatusCode::OK, out);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// A label value with `\`, `"` and line breaks escaped.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// The resident set size from `/proc/self/status` (Linux); `None` elsewhere.
fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

fn plain(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::{BUCKETS, Metrics, label};

    #[test]
    fn a_request_falls_in_the_first_bucket_that_holds_it() {
        let metrics = Metrics::default();
        metrics.record("GET", "/moeder/{id}", 200, 0.004);
        metrics.record("GET", "/moeder/{id}", 200, 0.03);
        metrics.record("GET", "/moeder/{id}", 404, 30.0);
        let latency = metrics.latency.lock().unwrap();
        let histogram = &latency["/moeder/{id}"];
        assert_eq!(histogram.count, 3);
        assert_eq!(histogram.buckets[0], 1);
        assert_eq!(
            histogram.buckets[BUCKETS.iter().position(|&b| b == 0.05).unwrap()],
            1
        );
        // Beyond the last bound: only in +Inf (the count).
        assert_eq!(histogram.buckets.iter().sum::<u64>(), 2);
    }

    #[test]
    fn request_ids_differ() {
        let metrics = Metrics::default();
        assert_ne!(metrics.request_id(), metrics.request_id());
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
