//! Reading a user's file into [`model::Text`] with its [`model::Source`]: the one place the
//! CLI turns a path into something `extract` can read.

use std::path::Path;

use anyhow::Context;
use model::{Format, Source, Text};
use sha2::{Digest, Sha256};

/// A file read from disk, ready for extraction.
pub(crate) struct Input {
    pub(crate) text: Text,
    pub(crate) source: Source,
}

/// Reads `path` and decodes it to text.
pub(crate) fn read(path: &Path) -> anyhow::Result<Input> {
    let bytes = std::fs::read(path).with_context(|| format!("kan ikke læse {}", path.display()))?;
    read_bytes(&bytes, &path.display().to_string())
}

/// Reads bytes already in memory and extracts the meeting, with its [`Source`] set.
/// `referat import` keeps the original bytes before it extracts, and `referat reextract`
/// takes them from the store, so neither reads the file twice. `name` is the file name used
/// in messages and as `Source::file`.
pub(crate) fn meeting_from_bytes(
    bytes: &[u8],
    name: &str,
) -> anyhow::Result<(model::Meeting, Vec<extract::Warning>)> {
    let input = read_bytes(bytes, name)?;
    let mut extraction = extract::extract(&input.text);
    extraction.meeting.source = input.source;
    Ok((extraction.meeting, extraction.warnings))
}

/// Decodes bytes named `name` to text.
fn read_bytes(bytes: &[u8], name: &str) -> anyhow::Result<Input> {
    let sha256 = hex(&Sha256::digest(bytes));
    let text = decode(bytes).with_context(|| name.to_owned())?;
    let format = if looks_like_markdown(&text) {
        Format::Markdown
    } else {
        Format::Text
    };
    let text = Text::from_plain(&text, format);
    Ok(Input {
        source: Source {
            file: name.to_owned(),
            sha256,
            format,
        },
        text,
    })
}

fn decode(bytes: &[u8]) -> anyhow::Result<String> {
    if bytes.is_empty() {
        anyhow::bail!("filen er tom (0 bytes)");
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => anyhow::bail!("filen er ikke tekst i UTF-8"),
    }
}

fn looks_like_markdown(text: &str) -> bool {
    text.lines()
        .any(|line| line.starts_with("# ") || line.starts_with("## ") || line.starts_with("**"))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
