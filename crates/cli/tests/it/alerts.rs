//! `referat alerts` (issue 15) through the binary, against a real SMTP server (aiosmtpd,
//! [`crate::smtp`]): saved searches added, listed and removed with Danish refusals; one
//! round after an import of a matching meeting sends one digest with the item's title and
//! link, the next round nothing; a follow-up's owner linked to an account is reminded.
//! And, slow (`RUN_SLOW_TESTS`, as `.ci/run` runs it): three `referat serve` on one
//! PostgreSQL, each running its own rounds, send each digest exactly once.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::smtp::{self, Smtp};
use crate::{run, stdout};

const AUGUST: &str = "Referat Havneudvalget\n\nMødedato: Mandag den 4. august 2025 kl. 16:00\n\n\
    Deltagere: Karin Holm, Bent Sørensen\n\n\
    Punkt 1: Fyrpladsens belysning\n\nBeslutning\nUdvalget godkendte ny belysning.\n";

const SEPTEMBER: &str = "Referat Havneudvalget\n\nMødedato: Mandag den 1. september 2025 kl. 16:00\n\n\
    Deltagere: Karin Holm, Bent Sørensen\n\n\
    Punkt 1: Ny belysning på molen\n\nLamperne på molen er udtjente.\n\nBeslutning\n\
    Udvalget godkendte ny belysning på molen.\n\
    Ulrikke Tjørnehøj bestiller lamperne inden 1. oktober 2025.\n";

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn saved_searches_are_added_listed_and_removed_with_danish_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let august = write(dir.path(), "aug.txt", AUGUST);
    assert!(run(&data, &["import", &august]).status.success());
    assert!(
        run(&data, &["users", "add", "k@greve.dk", "--role", "læser"])
            .status
            .success()
    );

    let unknown = run(&data, &["alerts", "add", "nobody@greve.dk", "belysning"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("der er ingen konto \"nobody@greve.dk\""),
        "{unknown:?}"
    );
    let frequency = run(
        &data,
        &[
            "alerts",
            "add",
            "k@greve.dk",
            "belysning",
            "--frequency",
            "hver-time",
        ],
    );
    assert_eq!(frequency.status.code(), Some(2));
    assert!(
        stderr(&frequency).contains("brug straks, dagligt eller ugentligt"),
        "{frequency:?}"
    );
    let body = run(
        &data,
        &[
            "alerts",
            "add",
            "k@greve.dk",
            "belysning",
            "--body",
            "økonomi",
        ],
    );
    assert_eq!(body.status.code(), Some(2), "{body:?}");

    let added = run(
        &data,
        &[
            "alerts",
            "add",
            "K@greve.dk",
            "belysning",
            "--body",
            "havne",
            "--kind",
            "godkendt",
            "--frequency",
            "ugentligt",
            "--name",
            "Lys",
        ],
    );
    assert!(added.status.success(), "{added:?}");
    assert_eq!(
        stdout(&added),
        "søgning 1 «Lys» er gemt for k@greve.dk (ugentligt)\n"
    );
    let listed = run(&data, &["alerts", "list"]);
    assert_eq!(
        stdout(&listed),
        "1\tk@greve.dk\tugentligt\tLys\tq=belysning&body=Havneudvalget&kind=approved\n"
    );
    let missing = run(&data, &["alerts", "remove", "7"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("den gemte søgning \"7\" findes ikke"),
        "{missing:?}"
    );
    assert!(run(&data, &["alerts", "remove", "1"]).status.success());
    let empty = run(&data, &["alerts", "list"]);
    assert_eq!(
        (empty.status.code(), stdout(&empty)),
        (Some(1), "ingen gemte søgninger\n".into())
    );

    let stranger = run(&data, &["alerts", "link", "Ingen Sådan", "k@greve.dk"]);
    assert_eq!(stranger.status.code(), Some(2));
    assert!(
        stderr(&stranger).contains("er ikke i personregistret"),
        "{stranger:?}"
    );
}

#[test]
fn a_round_sends_one_digest_and_reminders() {
    let Some(smtp) = Smtp::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let august = write(dir.path(), "aug.txt", AUGUST);
    let september = write(dir.path(), "sep.txt", SEPTEMBER);
    assert!(run(&data, &["import", &august]).status.success());
    assert!(
        run(&data, &["users", "add", "k@greve.dk", "--role", "læser"])
            .status
            .success()
    );
    assert!(
        run(&data, &["users", "add", "ut@greve.dk", "--role", "medlem"])
            .status
            .success()
    );
    let added = run(
        &data,
        &[
            "alerts",
            "add",
            "k@greve.dk",
            "belysning",
            "--frequency",
            "straks",
        ],
    );
    assert!(added.status.success(), "{added:?}");
    assert!(run(&data, &["import", &september]).status.success());
    let linked = run(
        &data,
        &["alerts", "link", "Ulrikke Tjørnehøj", "ut@greve.dk"],
    );
    assert!(linked.status.success(), "{linked:?}");

    let url = smtp::url(smtp.port);
    let round = |today: &str| {
        run(
            &data,
            &[
                "alerts",
                "run",
                "--smtp",
                &url,
                "--mail-from",
                "referat@greve.dk",
                "--public-url",
                "https://referat.greve.dk",
                "--today",
                today,
            ],
        )
    };
    let first = round("2025-09-01");
    assert!(first.status.success(), "{first:?}");
    assert_eq!(
        stdout(&first),
        "1 sammendrag og 0 påmindelser lagt i kø\n1 mail sendt, 0 mislykkedes (prøves igen senere)\n"
    );
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("Punkt 1: Ny belysning på molen"),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("https://referat.greve.dk/punkter/havneudvalget-2025-09-01/1"));
    assert!(mails[0].contains("From: referat@greve.dk"));

    // Nothing new: nothing sent.
    let second = round("2025-09-01");
    assert!(
        stdout(&second).starts_with("0 sammendrag og 0 påmindelser"),
        "{second:?}"
    );
    assert_eq!(smtp.mails().len(), 1);

    // Three days before the follow-up's due date its owner is reminded, once.
    let reminded = round("2025-09-28");
    assert!(
        stdout(&reminded).starts_with("0 sammendrag og 1 påmindelse lagt i kø"),
        "{reminded:?}"
    );
    assert!(round("2025-09-29").status.success());
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2);
    assert!(mails[1].contains("To: ut@greve.dk") && mails[1].contains("bestiller lamperne"));

    // A mail server that is not there: the mail waits, the exit code says so.
    assert!(
        run(
            &data,
            &[
                "alerts",
                "add",
                "k@greve.dk",
                "molen",
                "--frequency",
                "straks"
            ]
        )
        .status
        .success()
    );
    let october = write(
        dir.path(),
        "okt.txt",
        &SEPTEMBER
            .replace("1. september", "6. oktober")
            .replace("1. oktober", "1. november"),
    );
    assert!(run(&data, &["import", &october]).status.success());
    let down = run(
        &data,
        &[
            "alerts",
            "run",
            "--smtp",
            &smtp::url(smtp::free_port()),
            "--today",
            "2025-09-29",
        ],
    );
    assert_eq!(down.status.code(), Some(2), "{down:?}");
    assert!(
        stdout(&down).contains("0 mails sendt, 1 mislykkedes"),
        "{down:?}"
    );
    // `--now` sends what waits at once, without its back-off.
    let now = run(
        &data,
        &[
            "alerts",
            "run",
            "--now",
            "--smtp",
            &url,
            "--today",
            "2025-09-29",
        ],
    );
    assert!(stdout(&now).contains("1 mail sendt"), "{now:?}");
    assert_eq!(smtp.mails().len(), 3);
}

/// A running `referat serve` on PostgreSQL with rounds every second, killed when dropped.
struct Node(Child);

impl Node {
    fn start(url: &str, data: &Path, smtp: &str) -> Node {
        let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
            .env_remove("REFERAT_DATA")
            .env_remove("REFERAT_DATABASE_URL")
            .env_remove("REFERAT_SMTP_URL")
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database",
                url,
                "--smtp",
                smtp,
            ])
            .args(["--alerts-every", "1", "--data"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert!(line.contains("serverer på"), "{line}");
        Node(child)
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn three_serve_processes_send_each_digest_once() {
    if std::env::var_os("RUN_SLOW_TESTS").is_none() {
        eprintln!("note: set RUN_SLOW_TESTS=1 to run the alerts test of three serve processes");
        return;
    }
    let Some(smtp) = Smtp::start() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let Some(cluster) = crate::multinode::Cluster::start(work.path().join("pg")) else {
        return;
    };
    let url = cluster.url.clone();
    let cli = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_referat"))
            .env_remove("REFERAT_DATA")
            .env_remove("REFERAT_DATABASE_URL")
            .args(args)
            .args(["--database", &url, "--data"])
            .arg(work.path().join("cli"))
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
    };
    let august = write(work.path(), "aug.txt", AUGUST);
    cli(&["import", &august]);
    let accounts: Vec<String> = (0..8).map(|n| format!("k{n}@greve.dk")).collect();
    for email in &accounts {
        cli(&["users", "add", email, "--role", "læser"]);
        cli(&["alerts", "add", email, "belysning", "--frequency", "straks"]);
        cli(&["alerts", "add", email, "molen", "--frequency", "straks"]);
    }
    let nodes: Vec<Node> = (0..3)
        .map(|n| {
            Node::start(
                &url,
                &work.path().join(format!("node{n}")),
                &smtp::url(smtp.port),
            )
        })
        .collect();
    // Rounds run on every node while the new meeting is imported.
    std::thread::sleep(Duration::from_secs(2));
    let september = write(work.path(), "sep.txt", SEPTEMBER);
    cli(&["import", &september]);
    let started = Instant::now();
    while smtp.mails().len() < accounts.len() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "only {} of {} digests arrived",
            smtp.mails().len(),
            accounts.len()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // Many more rounds on every node: still one digest per account.
    std::thread::sleep(Duration::from_secs(5));
    drop(nodes);
    let mails = smtp.mails();
    for email in &accounts {
        let to = format!("To: {email}");
        let theirs: Vec<&String> = mails.iter().filter(|mail| mail.contains(&to)).collect();
        assert_eq!(theirs.len(), 1, "{email} got {} digests", theirs.len());
        assert!(theirs[0].contains("Ny belysning på molen"), "{}", theirs[0]);
    }
    assert_eq!(mails.len(), accounts.len());
}
