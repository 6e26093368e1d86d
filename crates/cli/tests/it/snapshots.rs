//! Snapshots (insta-cmd) of what a person at the terminal sees: exit code, stdout and stderr
//! of `referat` on the demo minutes bundled with the binary, and on bad input. Paths of
//! temporary folders are redacted. `INSTA_UPDATE=always` (or `cargo insta review`) accepts a
//! change after reading its diff.

use std::path::{Path, PathBuf};
use std::process::Command;

use insta_cmd::assert_cmd_snapshot;

/// The crate's folder: commands run there so that `demo/…` paths print the same everywhere.
pub(crate) fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `referat ARGS` in the crate's folder, with no data folder or database from the
/// environment.
pub(crate) fn referat(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_referat"));
    command
        .current_dir(crate_dir())
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .args(args);
    command
}

/// Runs `check` with the temporary folder `dir` shown as `[TMP]`.
pub(crate) fn with_tmp(dir: &Path, check: impl FnOnce()) {
    let tmp = regex_escape(&dir.to_string_lossy());
    insta::with_settings!({
        filters => vec![(tmp.as_str(), "[TMP]")],
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        check();
    });
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[test]
fn extract_prints_a_readable_summary() {
    let dir = tempfile::tempdir().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "extract_summary",
            referat(&["extract", "demo/002_cd6ea5bea21a9b99.txt"])
        );
    });
}

#[test]
fn extract_names_each_bad_file_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("skadet.pdf"),
        b"%PDF-1.7\nikke en rigtig pdf",
    )
    .unwrap();
    std::fs::write(dir.path().join("tom.docx"), b"").unwrap();
    std::fs::write(dir.path().join("billede.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let tmp = dir.path().to_str().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "extract_bad_files",
            referat(&[
                "extract",
                "findes-ikke.txt",
                &format!("{tmp}/skadet.pdf"),
                &format!("{tmp}/tom.docx"),
                &format!("{tmp}/billede.png"),
                "demo/001_663a87bf173458ce.txt",
            ])
        );
    });
}

#[test]
fn import_then_ask_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!("import_demo", referat(&["import", "demo", "--data", data]));
        assert_cmd_snapshot!(
            "import_demo_again",
            referat(&["import", "demo", "--data", data])
        );
        assert_cmd_snapshot!(
            "search",
            referat(&["search", "frisættelse af plejehjem", "--data", data])
        );
        assert_cmd_snapshot!(
            "show_item",
            referat(&["show", "raadmandsmoede-2024-11-05/2", "--data", data])
        );
        assert_cmd_snapshot!(
            "actions_owner",
            referat(&["actions", "--owner", "Heidi Have", "--data", data])
        );
        assert_cmd_snapshot!(
            "show_unknown",
            referat(&["show", "findes-ikke", "--data", data])
        );
        assert_cmd_snapshot!(
            "search_bad_kind",
            referat(&["search", "budget", "--kind", "vedtog", "--data", data])
        );
    });
}

#[test]
fn commands_without_data_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("tom");
    let data = data.to_str().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!(
            "search_without_data",
            referat(&["search", "budget", "--data", data])
        );
        assert_cmd_snapshot!(
            "import_missing_path",
            referat(&["import", "findes-ikke", "--data", data])
        );
    });
}

#[test]
fn help_and_usage_errors_are_danish() {
    let dir = tempfile::tempdir().unwrap();
    with_tmp(dir.path(), || {
        assert_cmd_snapshot!("help", referat(&["--help"]));
        assert_cmd_snapshot!("help_actions", referat(&["actions", "--help"]));
        assert_cmd_snapshot!("usage_unknown_command", referat(&["serch", "budget"]));
        assert_cmd_snapshot!(
            "usage_unknown_flag",
            referat(&["search", "budget", "--limt", "3"])
        );
        assert_cmd_snapshot!(
            "usage_excluded_word_without_dashes",
            referat(&["search", "budget", "-anlæg"])
        );
        // The hint about words to leave out belongs to `search` only.
        assert_cmd_snapshot!(
            "usage_unknown_flag_of_serve",
            referat(&["serve", "--port", "9000"])
        );
        assert_cmd_snapshot!(
            "usage_bad_date",
            referat(&["actions", "--due-before", "1. maj"])
        );
        assert_cmd_snapshot!("usage_missing_argument", referat(&["show"]));
        assert_cmd_snapshot!(
            "usage_bad_oidc_role",
            referat(&[
                "serve",
                "--oidc-issuer",
                "https://login.example",
                "--oidc-client-id",
                "referat",
                "--oidc-role",
                "referat-sekretaer=konge"
            ])
        );
        // OpenID Connect without any group mapped to a role could sign nobody in.
        assert_cmd_snapshot!(
            "usage_oidc_without_roles",
            referat(&[
                "serve",
                "--oidc-issuer",
                "https://login.example",
                "--oidc-client-id",
                "referat"
            ])
        );
    });
}

/// Every subcommand's help, read as a person would read it (issue 18).
#[test]
fn every_help_page_is_danish() {
    let dir = tempfile::tempdir().unwrap();
    with_tmp(dir.path(), || {
        for command in [
            "extract",
            "serve",
            "demo",
            "import",
            "reextract",
            "search",
            "show",
            "people",
            "bodies",
            "publish",
            "bench",
            "completions",
            "users",
            "tokens",
            "audit",
        ] {
            assert_cmd_snapshot!(format!("help_{command}"), referat(&[command, "--help"]));
        }
    });
}
