//! A real SMTP server for the tests of alerts (issue 15): Python's aiosmtpd (Debian's
//! python3-aiosmtpd, which `scripts/test` installs) with its Mailbox handler, which writes
//! every mail it receives as a file of a Maildir. Without aiosmtpd a test skips with a
//! note, unless `REFERAT_REQUIRE_SMTP=1` (set by `scripts/test` once it is installed) makes
//! that a failure. Also used by the `cli` tests (included by path).

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The Python that has aiosmtpd: Debian's, which the package installs into, else the first
/// on the path.
fn python() -> Option<PathBuf> {
    let candidates = [PathBuf::from("/usr/bin/python3"), PathBuf::from("python3")];
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// Whether aiosmtpd can run here; says why not (or fails, see the module doc).
#[expect(
    clippy::print_stderr,
    reason = "a skipped test says why on stderr, as the test runner shows it"
)]
pub(crate) fn available() -> bool {
    if python().is_some() {
        return true;
    }
    assert!(
        std::env::var("REFERAT_REQUIRE_SMTP").as_deref() != Ok("1"),
        "REFERAT_REQUIRE_SMTP=1 but Python's aiosmtpd is not installed"
    );
    eprintln!("note: aiosmtpd is not installed (apt-get install python3-aiosmtpd); skipping");
    false
}

/// A port nothing listens on now.
pub(crate) fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A running aiosmtpd, stopped when dropped; its mails in a folder of its own.
pub(crate) struct Smtp {
    child: Child,
    pub(crate) port: u16,
    dir: tempfile::TempDir,
}

impl Smtp {
    /// A server on a free port; `None` (after a note) without aiosmtpd.
    pub(crate) fn start() -> Option<Smtp> {
        available().then(|| Smtp::on(free_port()))
    }

    /// A server on `port`, ready for connections.
    pub(crate) fn on(port: u16) -> Smtp {
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(python().expect("aiosmtpd"))
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "aiosmtpd did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Smtp { child, port, dir }
    }

    /// The mails received so far, oldest first, with quoted-printable bodies decoded.
    pub(crate) fn mails(&self) -> Vec<String> {
        mails_in(&self.dir.path().join("mail"))
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `smtp://127.0.0.1:PORT`.
pub(crate) fn url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

fn mails_in(maildir: &Path) -> Vec<String> {
    let mut files: Vec<(std::time::SystemTime, PathBuf)> = ["new", "cur"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(maildir.join(sub)).ok())
        .flatten()
        .map(|entry| entry.unwrap().path())
        .map(|path| (std::fs::metadata(&path).unwrap().modified().unwrap(), path))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|(_, path)| decode_quoted_printable(&std::fs::read_to_string(path).unwrap()))
        .collect()
}

/// Undoes quoted-printable (soft line breaks and `=XX`), enough to read the bodies.
pub(crate) fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        if bytes[idx] == b'='
            && idx + 2 < bytes.len()
            && bytes[idx + 1].is_ascii_hexdigit()
            && bytes[idx + 2].is_ascii_hexdigit()
            && let Ok(byte) = u8::from_str_radix(&joined[idx + 1..idx + 3], 16)
        {
            out.push(byte);
            idx += 3;
            continue;
        }
        out.push(bytes[idx]);
        idx += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
