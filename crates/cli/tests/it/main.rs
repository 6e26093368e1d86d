//! The `referat` binary's integration tests: one binary, one module per theme. They run the
//! built `referat` on the seed minutes and the Greve corpus in `../shared` (skipped, with a
//! note, when it is absent) with data folders in temporary directories.

#![allow(
    clippy::print_stderr,
    reason = "a skipped test says why on stderr, as the test runner shows it"
)]

mod accounts;
mod alerts;
mod backup;
mod commands;
mod config;
mod crash;
mod deploy;
mod firsthour;
mod formats;
mod greve;
mod multinode;
mod render;
mod search;
mod shutdown;
mod snapshots;
// The SMTP server of the alerts' tests, shared with `web`'s.
#[path = "../../../web/tests/it/smtp.rs"]
mod smtp;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared` beside the repository, if present.
fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if dir.join("seeds").is_dir() {
        Some(dir)
    } else {
        eprintln!("note: ../shared is absent; skipping a test that needs the corpus");
        None
    }
}

/// `referat import CORPUS --data DATA`, not yet started.
fn import(corpus: &Path, data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_referat"));
    command
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .arg("import")
        .arg(corpus)
        .arg("--data")
        .arg(data);
    command
}

/// Runs `referat <args> --data <data>` (the flag after the subcommand).
fn run(data: &Path, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_referat"));
    command
        .env_remove("REFERAT_DATA")
        .env_remove("REFERAT_DATABASE_URL")
        .args(args)
        .arg("--data")
        .arg(data);
    command.output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}
