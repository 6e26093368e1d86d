//! `referat users` and `referat tokens` (issue 13): accounts made, listed, changed and
//! removed from the command line, a password from standard input or a one-time link, API
//! tokens printed once; every change in the audit log.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{run, stdout};

fn add_with_password(
    data: &std::path::Path,
    args: &[&str],
    password: &str,
) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_referat"))
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .env_remove("REFERAT_PUBLIC_URL")
        .args(args)
        .arg("--data")
        .arg(data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn users_are_added_listed_changed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let added = add_with_password(
        data,
        &[
            "users",
            "add",
            "Sekr@Greve.dk",
            "--role",
            "sekretær",
            "--organisation",
            "Greve",
            "--password-stdin",
        ],
        "korrekt hest batteri",
    );
    assert!(added.status.success(), "{added:?}");
    assert_eq!(stdout(&added), "sekr@greve.dk er oprettet som sekretær\n");

    // Without a password: a one-time link to choose one.
    let linked = run(
        data,
        &["users", "add", "laeser@greve.dk", "--role", "laeser"],
    );
    assert!(linked.status.success(), "{linked:?}");
    let out = stdout(&linked);
    assert!(
        out.starts_with("laeser@greve.dk er oprettet som læser\n"),
        "{out}"
    );
    let link = out.lines().last().unwrap();
    assert!(link.starts_with("/log-ind/ny-adgangskode?token="), "{link}");
    assert_eq!(link.len(), "/log-ind/ny-adgangskode?token=".len() + 64);

    let listed = run(data, &["users", "list"]);
    assert_eq!(
        stdout(&listed),
        "laeser@greve.dk: læser, alle organisationer (ingen adgangskode endnu)\n\
         sekr@greve.dk: sekretær, organisation Greve\n"
    );
    let changed = run(
        data,
        &[
            "users",
            "set-role",
            "laeser@greve.dk",
            "medlem",
            "--organisation",
            "Greve",
        ],
    );
    assert_eq!(stdout(&changed), "laeser@greve.dk er nu medlem\n");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(data, &["users", "list", "--json"]))).unwrap();
    assert_eq!(json[0]["role"], "medlem");
    assert_eq!(json[0]["organisation"], "Greve");

    let token = run(data, &["tokens", "create", "sekr@greve.dk"]);
    assert!(token.status.success(), "{token:?}");
    let token = stdout(&token);
    assert_eq!(token.trim().len(), 64, "{token}");
    let revoked = run(data, &["tokens", "revoke", "sekr@greve.dk"]);
    assert_eq!(
        stdout(&revoked),
        "1 API-nøgle til sekr@greve.dk er trukket tilbage\n"
    );

    let removed = run(data, &["users", "remove", "laeser@greve.dk"]);
    assert_eq!(stdout(&removed), "laeser@greve.dk er slettet\n");
    let again = run(data, &["users", "remove", "laeser@greve.dk"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("findes ikke"),
        "{again:?}"
    );

    // The audit log has every change, newest first, made by the command line.
    let audit = stdout(&run(data, &["audit"]));
    let events: Vec<&str> = audit
        .lines()
        .filter_map(|line| line.split('\t').nth(2))
        .collect();
    assert_eq!(
        events,
        [
            "user_removed",
            "tokens_revoked",
            "token_created",
            "role_changed",
            "password_link_created",
            "user_added",
            "user_added"
        ]
    );
}

#[test]
fn totp_is_turned_on_with_a_secret_shown_once_and_off_again() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let added = add_with_password(
        data,
        &[
            "users",
            "add",
            "m@greve.dk",
            "--role",
            "medlem",
            "--password-stdin",
        ],
        "korrekt hest batteri",
    );
    assert!(added.status.success(), "{added:?}");

    let on = run(data, &["users", "totp", "M@greve.dk"]);
    assert!(on.status.success(), "{on:?}");
    let out = stdout(&on);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let secret = lines[0];
    assert_eq!(secret.len(), 32, "{secret}");
    let key = web::totp::decode_base32(secret).unwrap();
    assert_eq!(key.len(), 20);
    assert_eq!(
        lines[1],
        format!("otpauth://totp/referat:m@greve.dk?secret={secret}&issuer=referat")
    );
    assert!(
        String::from_utf8_lossy(&on.stderr).contains("vises ikke igen"),
        "{on:?}"
    );
    assert_eq!(
        stdout(&run(data, &["users", "list"])),
        "m@greve.dk: medlem, alle organisationer, kode fra godkendelsesapp\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(data, &["users", "list", "--json"]))).unwrap();
    assert_eq!(json[0]["has_totp"], true);
    // The secret is not printed again anywhere.
    assert!(!stdout(&run(data, &["users", "list", "--json"])).contains(secret));
    assert!(!stdout(&run(data, &["audit"])).contains(secret));

    // Again: a new secret, the old one no longer counts.
    let again = stdout(&run(data, &["users", "totp", "m@greve.dk"]));
    assert_ne!(again.lines().next().unwrap(), secret);

    let off = run(data, &["users", "totp", "m@greve.dk", "--fra"]);
    assert!(off.status.success(), "{off:?}");
    assert_eq!(
        stdout(&off),
        "m@greve.dk logger nu ind uden kode fra en godkendelsesapp\n"
    );
    assert_eq!(
        stdout(&run(data, &["users", "list"])),
        "m@greve.dk: medlem, alle organisationer\n"
    );

    let unknown = run(data, &["users", "totp", "ingen@greve.dk"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("findes ikke"),
        "{unknown:?}"
    );
    let audit = stdout(&run(data, &["audit"]));
    let events: Vec<&str> = audit
        .lines()
        .filter_map(|line| line.split('\t').nth(2))
        .collect();
    assert_eq!(events[..3], ["totp_off", "totp_on", "totp_on"]);
}

#[test]
fn bad_accounts_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let role = run(data, &["users", "add", "a@greve.dk", "--role", "gæst"]);
    assert_eq!(role.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&role.stderr).contains("ukendt rolle"),
        "{role:?}"
    );
    let email = run(
        data,
        &["users", "add", "ikke-en-adresse", "--role", "medlem"],
    );
    assert_eq!(email.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&email.stderr).contains("er ikke en e-mailadresse"));
    let short = add_with_password(
        data,
        &[
            "users",
            "add",
            "a@greve.dk",
            "--role",
            "medlem",
            "--password-stdin",
        ],
        "kort",
    );
    assert_eq!(short.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&short.stderr).contains("mindst 10 tegn"),
        "{short:?}"
    );
    let twice = run(data, &["users", "add", "b@greve.dk", "--role", "medlem"]);
    assert!(twice.status.success());
    let twice = run(data, &["users", "add", "B@greve.dk", "--role", "medlem"]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("findes allerede"));
    let token = run(data, &["tokens", "create", "ingen@greve.dk"]);
    assert_eq!(token.status.code(), Some(2));
}

#[test]
fn import_marks_meetings_internal_to_an_organisation() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    let seed = seeds.join("004_3899428a4dfabd3b.txt");
    let seed = seed.to_str().unwrap();
    let bad = run(&data, &["import", seed, "--visibility", "hemmelig"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("offentlig eller intern"),
        "{bad:?}"
    );
    // An organisation alone: a public meeting of it (issue 20).
    let lone = run(&data, &["import", seed, "--organisation", "Greve"]);
    assert!(lone.status.success(), "{lone:?}");

    let imported = run(
        &data,
        &[
            "import",
            seed,
            "--visibility",
            "intern",
            "--organisation",
            "Greve",
        ],
    );
    assert!(imported.status.success(), "{imported:?}");
    let audit = stdout(&run(&data, &["audit"]));
    let line = audit
        .lines()
        .find(|line| line.contains("visibility_set"))
        .unwrap_or_default();
    assert!(
        line.contains("raadmandsmoede-2024-11-05\tinternal (Greve)"),
        "{audit}"
    );
    // Imported again (the same bytes): public now, still the organisation's.
    let again = run(&data, &["import", seed, "--visibility", "offentlig"]);
    assert!(again.status.success(), "{again:?}");
    let audit = stdout(&run(&data, &["audit"]));
    assert!(
        audit.lines().next().unwrap().contains("public (Greve)"),
        "{audit}"
    );
}
