//! The one integration test binary of `formats`: reads committed fixtures and, when
//! `../shared/corpus` is present, the real corpus. Modules by theme.

#![allow(
    clippy::print_stdout,
    reason = "tests report what they skipped and what they counted"
)]

mod bad_input;
mod corpus;
mod docx;
mod text;

use std::path::PathBuf;

/// `crates/formats/tests/data/<name>`.
pub(crate) fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The shared folder beside the repository (`/work/shared`), if present.
pub(crate) fn shared() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    path.is_dir().then_some(path)
}

/// Reads a fixture and returns its text lines joined.
pub(crate) fn read_text(name: &str) -> String {
    let bytes = std::fs::read(data(name)).unwrap();
    match formats::read(&bytes, name).unwrap() {
        formats::Document::Text(text) => text.joined(),
        formats::Document::Meeting(_) => panic!("{name}: expected text, got a meeting"),
    }
}
