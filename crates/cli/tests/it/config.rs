//! `referat.toml` (issue 17): a flag goes before the environment, the environment before
//! the file, the file before the default; `referat config` says which gave each value and
//! hides secrets; a wrong key or value names the file's line and what is allowed.

use std::path::Path;
use std::process::{Command, Output};

fn referat(config: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_referat"));
    for name in [
        "REFERAT_DATA",
        "REFERAT_DATABASE_URL",
        "REFERAT_PUBLIC_URL",
        "REFERAT_OIDC_CLIENT_SECRET",
        "REFERAT_LOG_FORMAT",
        "REFERAT_SMTP_URL",
        "REFERAT_MAIL_FROM",
    ] {
        command.env_remove(name);
    }
    command
        .env("REFERAT_CONFIG", config)
        .args(args)
        .envs(env.iter().copied());
    command.output().unwrap()
}

const FILE: &str = "\
# referat på serveren
data = \"data\"
database = \"postgres://referat:fil-hemmelighed@db/referat\"

[serve]
public_url = \"https://fil.example.dk\"
search_cache = 10
max_searches = 8

[oidc]
issuer = \"https://login.example.dk\"
client_id = \"referat\"
client_secret = \"oidc-hemmelighed\"

[mail]
smtp = \"smtps://referat:smtp-hemmelighed@mail.example.dk\"
remind_days = 5
";

#[test]
fn flag_then_environment_then_file_then_default() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("referat.toml");
    std::fs::write(&config, FILE).unwrap();
    let output = referat(
        &config,
        &["config", "--search-cache", "5"],
        &[("REFERAT_PUBLIC_URL", "https://miljo.example.dk")],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let data = folder.path().join("data");
    for line in [
        format!("data = \"{}\"  # fil, linje 2", data.display()),
        "database = \"postgres://referat:***@db/referat\"  # fil, linje 3".to_owned(),
        "public_url = \"https://miljo.example.dk\"  # miljøvariabel REFERAT_PUBLIC_URL".to_owned(),
        "search_cache = 5  # tilvalg".to_owned(),
        "max_searches = 8  # fil, linje 8".to_owned(),
        "request_timeout = 30  # standard".to_owned(),
        "max_large_answers = 2  # standard".to_owned(),
        "client_secret = \"***\"  # fil, linje 13".to_owned(),
        "smtp = \"smtps://referat:***@mail.example.dk\"  # fil, linje 16".to_owned(),
        "mail_from = \"referat@localhost\"  # standard".to_owned(),
        "remind_days = 5  # fil, linje 17".to_owned(),
    ] {
        assert!(printed.contains(&line), "{line:?} not in\n{printed}");
    }
    assert!(!printed.contains("hemmelighed"), "{printed}");
    // What is printed reads back as a configuration file.
    let copy = folder.path().join("kopi.toml");
    std::fs::write(&copy, &printed).unwrap();
    let again = referat(&copy, &["config"], &[]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn a_wrong_key_or_value_names_the_line_and_what_is_allowed() {
    let folder = tempfile::tempdir().unwrap();
    let config = folder.path().join("referat.toml");
    std::fs::write(&config, "[serve]\naddr = \"127.0.0.1:8080\"\nport = 8080\n").unwrap();
    // Every command reads the file first, not only `serve`.
    let output = referat(&config, &["bodies"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("referat.toml, linje 3: ukendt nøgle port; tilladt her: addr,"),
        "{stderr}"
    );
    std::fs::write(&config, "[serve]\nrequest_timeout = 0\n").unwrap();
    let output = referat(&config, &["config"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "referat.toml, linje 2: serve.request_timeout: 0 er uden for det tilladte: 1 til \
             3600 sekunder"
        ),
        "{stderr}"
    );
    std::fs::write(&config, "[serve]\nmax_large_answers = 0\n").unwrap();
    let output = referat(&config, &["config"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "referat.toml, linje 2: serve.max_large_answers: 0 er uden for det tilladte: 1 til \
             64 svar"
        ),
        "{stderr}"
    );
    let missing = folder.path().join("findes-ikke.toml");
    let output = referat(&missing, &["config"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("kan ikke læse konfigurationen"), "{stderr}");
}
