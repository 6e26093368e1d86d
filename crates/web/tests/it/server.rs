//! Issue 19 over real sockets on loopback: the server (`web::serve`) never trusts the `Host`
//! header, refuses two of them, closes slowloris connections within the header timeout
//! while answering others, and limits connections per client. The slowloris test takes
//! seconds and runs with `RUN_SLOW_TESTS=1` (`.ci/run`).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::{Fixture, fixture};

/// Starts `web::serve` on a free loopback port with `limits`.
async fn start(fixture: &Fixture, limits: web::Limits, origin: Option<&str>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Without an origin, the server links to the address it listens on.
    let mut state = fixture.state.clone().with_limits(limits);
    state = match origin {
        Some(origin) => state.with_origin(&origin.parse().unwrap()),
        None => state.without_origin(),
    };
    tokio::spawn(web::serve(listener, state));
    addr
}

/// Sends `head` (the request line and headers, without the blank line) from `source` and
/// reads the whole answer; the connection is closed after it.
async fn exchange_from(source: &str, addr: SocketAddr, head: &str) -> String {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    let mut stream = socket.connect(addr).await.unwrap();
    stream
        .write_all(format!("{head}\r\nConnection: close\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut answer))
        .await
        .expect("an answer in time")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn exchange(addr: SocketAddr, head: &str) -> String {
    exchange_from("127.0.0.1", addr, head).await
}

#[tokio::test]
async fn host_header_is_not_trusted() {
    let fixture = fixture();
    let addr = start(&fixture, web::Limits::default(), None).await;
    let own = format!("http://{addr}");
    for path in [
        "/feeds/moeder.atom",
        "/feeds/soeg.atom?q=budget",
        "/kalender/moeder.ics",
        "/kalender/opfoelgning.ics?status=all",
        "/api/v1/oparl/system",
        "/api/v1/oparl/meetings",
        "/api/v1/openapi.json",
    ] {
        let answer = exchange(addr, &format!("GET {path} HTTP/1.1\r\nHost: evil.example")).await;
        assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
        assert!(!answer.contains("evil.example"), "{path}: {answer}");
        assert!(answer.contains(&own), "{path} links to {own}");
    }
    // Two Host headers: refused.
    let answer = exchange(
        addr,
        "GET /feeds/moeder.atom HTTP/1.1\r\nHost: evil.example\r\nHost: referat.test",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(!answer.contains("evil.example"), "{answer}");
    // With a public origin, links use it whatever the Host says.
    let addr = start(
        &fixture,
        web::Limits::default(),
        Some("https://referat.example.dk/"),
    )
    .await;
    let answer = exchange(
        addr,
        "GET /api/v1/oparl/system HTTP/1.1\r\nHost: evil.example",
    )
    .await;
    assert!(
        answer.contains("https://referat.example.dk/api/v1/oparl/body"),
        "{answer}"
    );
    assert!(!answer.contains("evil.example"), "{answer}");
}

#[tokio::test]
async fn connections_per_client_are_limited() {
    let fixture = fixture();
    let limits = web::Limits {
        connections_per_client: 3,
        ..web::Limits::default()
    };
    let addr = start(&fixture, limits, None).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(addr).await.unwrap());
    }
    // Give the server a moment to count the three.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answer = exchange(addr, "GET / HTTP/1.1\r\nHost: x").await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("retry-after"),
        "{answer}"
    );
    // Another client is served.
    let answer = exchange_from("127.0.0.2", addr, "GET / HTTP/1.1\r\nHost: x").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Once the three are closed, the first client is served again.
    drop(held);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answer = exchange(addr, "GET / HTTP/1.1\r\nHost: x").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

/// Connections that feed one byte a second.
const SLOWLORIS: usize = 200;

#[tokio::test]
#[expect(
    clippy::print_stderr,
    reason = "a skipped test and the time measured must be visible in the test log"
)]
async fn slowloris_connections_are_closed_within_the_header_timeout() {
    if std::env::var_os("RUN_SLOW_TESTS").is_none() {
        eprintln!("slowloris test skipped: set RUN_SLOW_TESTS=1");
        return;
    }
    let fixture = fixture();
    let header_timeout = Duration::from_secs(3);
    let limits = web::Limits {
        header_timeout,
        idle_timeout: Duration::from_secs(3),
        connections_per_client: 0,
        ..web::Limits::default()
    };
    let addr = start(&fixture, limits, None).await;
    let started = Instant::now();
    let mut feeders = Vec::new();
    for _ in 0..SLOWLORIS {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        feeders.push(tokio::spawn(async move {
            let request = b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
            let mut buffer = [0_u8; 1024];
            for byte in request.iter().cycle() {
                tokio::select! {
                    read = stream.read(&mut buffer) => {
                        // Closed by the server (an answer, if any, is the 408 of hyper).
                        if matches!(read, Ok(0) | Err(_)) {
                            return Some(started.elapsed());
                        }
                    }
                    () = tokio::time::sleep(Duration::from_secs(1)) => {
                        if stream.write_all(&[*byte]).await.is_err() {
                            return Some(started.elapsed());
                        }
                    }
                }
                if started.elapsed() > Duration::from_secs(30) {
                    return None;
                }
            }
            None
        }));
    }
    // While they feed, a normal request from another client is answered at once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let asked = Instant::now();
    let answer = exchange_from(
        "127.0.0.2",
        addr,
        "GET /api/v1/search?q=budget HTTP/1.1\r\nHost: x",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    let mut latest = Duration::ZERO;
    for feeder in feeders {
        let closed = feeder.await.unwrap().expect("closed by the server");
        latest = latest.max(closed);
    }
    let bound = header_timeout + Duration::from_secs(2);
    assert!(latest <= bound, "the last was closed after {latest:?}");
    // And the server still answers.
    let answer = exchange(addr, "GET / HTTP/1.1\r\nHost: x").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    eprintln!("slowloris: {SLOWLORIS} connections closed within {latest:?}");
}
