//! Puts the version `referat --version` prints into `REFERAT_VERSION`: the package's
//! version and, when the source is a git checkout, the commit it was built from and that
//! commit's date (`0.1.0 (3f2a9c1d0e4b 2026-12-07)`). Without git, or outside a checkout
//! (a source archive), the package's version alone; `REFERAT_COMMIT` set in the build's
//! environment (by a packager) is used instead of asking git.

use std::path::Path;
use std::process::Command;

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    println!("cargo:rerun-if-env-changed=REFERAT_COMMIT");
    let commit = std::env::var("REFERAT_COMMIT")
        .ok()
        .filter(|commit| !commit.trim().is_empty())
        .or_else(|| {
            let hash = git(&["rev-parse", "--short=12", "HEAD"])?;
            let date = git(&["log", "-1", "--format=%cs", "HEAD"])?;
            Some(format!("{hash} {date}"))
        });
    let full = match commit {
        Some(commit) => format!("{version} ({})", commit.trim()),
        None => version,
    };
    println!("cargo:rustc-env=REFERAT_VERSION={full}");
    // Built again when HEAD moves: the file HEAD, the branch it names, and packed refs.
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(branch);
    }
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--git-path", &name]) {
            // A path that does not exist would make cargo run this script on every build.
            if let Ok(path) = Path::new(&path).canonicalize() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// What `git ARGS` prints, trimmed, if git is there and succeeds.
fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}
