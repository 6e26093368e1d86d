//! Issue 6's acceptance test: three `referat serve` processes on one PostgreSQL, as behind a
//! load balancer. The Greve corpus is imported through one node (its own data folder, the
//! database URL) and read through the others; the seeds are imported while every node
//! serves a read load; then PostgreSQL is restarted in the middle of that load. Every answer
//! during the outage is 200 or a Danish 503, every node answers 200 again without being
//! restarted, and each node shows exactly what was stored before (no data lost).
//!
//! Slow (a cluster of its own, two imports, a restart): runs when `RUN_SLOW_TESTS` is set,
//! as `.ci/run` does. Needs Debian's PostgreSQL server (`scripts/test` installs it) and
//! `../shared`; skipped with a note without them, unless `REFERAT_REQUIRE_POSTGRES=1`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::shared;

/// A PostgreSQL cluster of this test's own, stopped when dropped (also for `alerts`).
pub(crate) struct Cluster {
    state: PathBuf,
    pub(crate) url: String,
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/pg-cluster")
}

impl Cluster {
    /// Starts one; `None` (after a note) when PostgreSQL is not installed.
    pub(crate) fn start(state: PathBuf) -> Option<Cluster> {
        let output = Command::new(script())
            .arg("start")
            .arg(&state)
            .output()
            .unwrap();
        if output.status.code() == Some(3) {
            assert!(
                std::env::var("REFERAT_REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "REFERAT_REQUIRE_POSTGRES=1 but the PostgreSQL server is not installed"
            );
            eprintln!("note: PostgreSQL is not installed; skipping the multi-node test");
            return None;
        }
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let url = String::from_utf8(output.stdout).unwrap().trim().to_owned();
        Some(Cluster { state, url })
    }

    fn restart(&self) {
        let status = Command::new(script())
            .arg("restart")
            .arg(&self.state)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(script()).arg("stop").arg(&self.state).status();
    }
}

/// A running `referat serve`, killed when dropped.
struct Node {
    child: Child,
    addr: String,
}

impl Node {
    fn start(url: &str, data: &Path) -> Node {
        let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
            .env_remove("REFERAT_DATA")
            .env_remove("REFERAT_DATABASE_URL")
            // The read load would print a log line per request into the test's output.
            .env("REFERAT_LOG_FORMAT", "fra")
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database",
                url,
                "--data",
            ])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        // "referat: serverer på http://127.0.0.1:PORT/ (stop med Ctrl-C)"
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Node { child, addr }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `GET path` over HTTP/1.1: the status code and the body.
fn get(addr: &str, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: referat.test\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        unchunk(body)
    } else {
        body.to_owned()
    };
    Ok((status, body))
}

fn unchunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// Every meeting a node lists, id → version, read through its API page by page.
fn listing(addr: &str) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    let mut offset = 0;
    loop {
        let (status, body) =
            get(addr, &format!("/api/v1/meetings?limit=200&offset={offset}")).unwrap();
        assert_eq!(status, 200, "{addr}: {body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        let data = page["data"].as_array().unwrap();
        for meeting in data {
            out.insert(
                meeting["id"].as_str().unwrap().to_owned(),
                meeting["version"].as_u64().unwrap(),
            );
        }
        if !page["more"].as_bool().unwrap() {
            return out;
        }
        offset += data.len();
    }
}

/// Runs `referat import PATHS --database URL --data DATA`; the summary line.
fn import(url: &str, data: &Path, paths: &[PathBuf]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .arg("import")
        .args(paths)
        .args(["--database", url, "--data"])
        .arg(data)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// What a read load saw.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    unavailable: usize,
    other: Vec<String>,
}

/// Reads pages and API answers from every node until `stop`.
fn read_load(nodes: &[String], stop: &AtomicBool) -> Tally {
    let paths = [
        "/",
        "/moeder",
        "/api/v1/meetings?limit=20",
        "/opfoelgning",
        "/api/v1/people",
    ];
    let mut tally = Tally::default();
    let mut turn = 0;
    while !stop.load(Ordering::SeqCst) {
        let addr = &nodes[turn % nodes.len()];
        let path = paths[turn % paths.len()];
        turn += 1;
        match get(addr, path) {
            Ok((200, _)) => tally.ok += 1,
            Ok((503, body)) if body.contains("Databasen kan ikke nås") => {
                tally.unavailable += 1;
            }
            Ok((status, body)) => tally.other.push(format!(
                "{addr}{path}: {status} {}",
                body.chars().take(300).collect::<String>()
            )),
            Err(err) => tally.other.push(format!("{addr}{path}: {err}")),
        }
    }
    tally
}

#[test]
fn three_nodes_share_one_database_and_survive_its_restart() {
    if std::env::var_os("RUN_SLOW_TESTS").is_none() {
        eprintln!("note: set RUN_SLOW_TESTS=1 to run the multi-node PostgreSQL test");
        return;
    }
    let Some(shared) = shared() else { return };
    let work = tempfile::tempdir().unwrap();
    let Some(cluster) = Cluster::start(work.path().join("pg")) else {
        return;
    };
    let url = cluster.url.clone();
    let nodes: Vec<Node> = (0..3)
        .map(|n| Node::start(&url, &work.path().join(format!("node{n}"))))
        .collect();
    let addrs: Vec<String> = nodes.iter().map(|node| node.addr.clone()).collect();

    // Import through the first node; read through the other two.
    let summary = import(
        &url,
        &work.path().join("node0"),
        &[shared.join("corpus/greve-api")],
    );
    assert!(summary.contains("importeret: 373"), "{summary}");
    let first = listing(&addrs[1]);
    assert_eq!(first.len(), 373);
    assert_eq!(listing(&addrs[2]), first);

    // The seeds are imported while all three serve a read load.
    let stop = Arc::new(AtomicBool::new(false));
    let loaders: Vec<_> = (0..3)
        .map(|_| {
            let (addrs, stop) = (addrs.clone(), Arc::clone(&stop));
            std::thread::spawn(move || read_load(&addrs, &stop))
        })
        .collect();
    let summary = import(&url, &work.path().join("node0"), &[shared.join("seeds")]);
    assert!(summary.contains("fejlet: 0"), "{summary}");
    let before = listing(&addrs[2]);
    assert_eq!(before.len(), 378, "{summary}");
    assert_eq!(listing(&addrs[1]), before);
    // The search index of every node follows the database within its polling interval.
    for addr in &addrs {
        let started = Instant::now();
        loop {
            let (status, body) = get(addr, "/api/v1/search?q=Generationernes+Hus").unwrap();
            assert_eq!(status, 200, "{body}");
            if body.contains("raadmandsmoede-2025-07-01") {
                eprintln!("{addr} indexed the seeds after {:?}", started.elapsed());
                break;
            }
            assert!(
                // Three debug-build nodes indexing the whole corpus at once on two cores
                // under the read load: 48 s was measured; the bound is for a stuck follower.
                started.elapsed() < Duration::from_secs(120),
                "{addr} did not index the seeds: {body}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    // PostgreSQL restarts in the middle of the load.
    std::thread::sleep(Duration::from_secs(2));
    cluster.restart();
    // Every node answers again by itself.
    let started = Instant::now();
    for addr in &addrs {
        loop {
            match get(addr, "/api/v1/meetings?limit=1") {
                Ok((200, _)) => break,
                _ if started.elapsed() < Duration::from_secs(60) => {
                    std::thread::sleep(Duration::from_millis(100));
                }
                other => panic!("{addr} did not recover: {other:?}"),
            }
        }
    }
    let recovered = started.elapsed();
    std::thread::sleep(Duration::from_secs(2));
    stop.store(true, Ordering::SeqCst);
    let tallies: Vec<Tally> = loaders.into_iter().map(|h| h.join().unwrap()).collect();
    let ok: usize = tallies.iter().map(|t| t.ok).sum();
    let unavailable: usize = tallies.iter().map(|t| t.unavailable).sum();
    let other: Vec<&String> = tallies.iter().flat_map(|t| &t.other).collect();
    eprintln!(
        "multinode: {ok} answers 200, {unavailable} answers 503 during the restart; \
         all nodes answered again {:.1} s after it",
        recovered.as_secs_f64()
    );
    assert!(other.is_empty(), "{other:#?}");
    assert!(ok > 0);

    // No data lost, and every node shows the same.
    for addr in &addrs {
        assert_eq!(listing(addr), before, "{addr}");
    }
    let (status, body) = get(&addrs[0], "/api/v1/search?q=plejehjem").unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("plejehjem"), "{body}");
    drop(nodes);
}
