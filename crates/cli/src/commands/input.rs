//! Reading a user's file into a [`formats::Document`] with its [`model::Source`], and
//! turning that into a meeting: the one place the CLI turns a path or bytes into something
//! `extract` reads. Every format goes through `formats::read` (detected by content); text
//! goes through `extract::extract`, and a structured meeting (FirstAgenda API JSON) through
//! `extract::extract_item` for each item's decision text.
//!
//! `formats::Error` speaks English; this module gives the user the Danish message.

use std::path::Path;

use anyhow::Context;
use formats::{Document, Structured};
use model::Source;
use sha2::{Digest, Sha256};

/// A file read, ready for extraction.
pub(crate) struct Input {
    pub(crate) document: Document,
    pub(crate) source: Source,
}

impl Input {
    /// Extracts the meeting, with its [`Source`] set.
    pub(crate) fn extract(self) -> extract::Extraction {
        match self.document {
            Document::Text(text) => {
                let mut extraction = extract::extract(&text);
                extraction.meeting.source = self.source;
                extraction
            }
            Document::Meeting(structured) => {
                let Structured {
                    mut meeting,
                    item_texts,
                } = *structured;
                for (item_idx, text) in item_texts {
                    let parts = extract::extract_item(&text, meeting.date);
                    if let Some(item) = meeting.items.get_mut(item_idx) {
                        item.decisions = parts.decisions;
                        item.actions = parts.actions;
                        // The reader's list of attached files, where the source has one,
                        // is complete; the decision text only refers to some of them.
                        if item.attachments.is_empty() {
                            item.attachments = parts.attachments;
                        }
                    }
                }
                meeting.source = self.source;
                extract::Extraction {
                    meeting,
                    warnings: Vec::new(),
                }
            }
        }
    }
}

/// Reads `path` and detects its format.
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
    let extraction = read_bytes(bytes, name)?.extract();
    Ok((extraction.meeting, extraction.warnings))
}

/// Reads bytes named `name` (any format `formats` reads).
pub(crate) fn read_bytes(bytes: &[u8], name: &str) -> anyhow::Result<Input> {
    let sha256 = hex(&Sha256::digest(bytes));
    let document = formats::read(bytes, name).map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
    Ok(Input {
        source: Source {
            file: name.to_owned(),
            sha256,
            format: document.format(),
        },
        document,
    })
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
