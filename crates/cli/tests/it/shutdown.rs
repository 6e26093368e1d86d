//! `referat serve` stopped with SIGTERM, as systemd and container runtimes stop it (issue
//! 17): a request in flight is answered before the process ends, no new connection is
//! taken, the process exits 0, and the request is in the JSON log with its request id.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::import;

#[test]
fn a_request_in_flight_is_answered_after_sigterm() {
    let folder = tempfile::tempdir().unwrap();
    let data = folder.path().join("data");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seed-formats");
    assert!(import(&seeds, &data).output().unwrap().status.success());
    let mut server = Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .env_remove("REFERAT_CONFIG")
        .env("REFERAT_LOG_FORMAT", "json")
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(server.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_owned();

    // A sign-in form whose body arrives slowly: the request is in flight until it is whole.
    let body = "email=a%40b.dk&password=forkert&csrf=";
    let mut client = TcpStream::connect(&addr).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        client,
        "POST /log-ind HTTP/1.1\r\nHost: referat.test\r\nX-Request-Id: langsom-1\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
        body.len(),
        &body[..10]
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let terminated = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(terminated.success());
    std::thread::sleep(Duration::from_millis(700));
    // Still running for the request in flight, but no longer taking connections.
    assert!(
        server.try_wait().unwrap().is_none(),
        "ended with a request in flight"
    );
    assert!(
        TcpStream::connect(&addr).is_err(),
        "a new connection was taken after SIGTERM"
    );
    client.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
    client.read_to_string(&mut answer).unwrap();
    // The form has no CSRF token: refused, but answered whole.
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert!(answer.contains("x-request-id: langsom-1"), "{answer}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after the request");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert!(rest.contains("referat: stoppet"), "{rest}");
    let mut log = String::new();
    server
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    let line = log
        .lines()
        .find(|line| line.contains("langsom-1"))
        .unwrap_or_else(|| panic!("the request is not in the log:\n{log}"));
    let line: serde_json::Value = serde_json::from_str(line).unwrap();
    assert_eq!(line["request_id"], "langsom-1");
    assert_eq!(line["route"], "/log-ind");
    assert_eq!(line["status"], 403);
    assert_eq!(line["level"], "info");
}
