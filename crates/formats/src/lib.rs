//! Bytes → [`model::Text`]: detects the format of a file by its content and reads its text
//! with page and line numbers. It never touches the database or the network, and it does
//! not interpret the minutes; that is `extract`'s job.
//!
//! Placeholder: the readers land with the formats work.

pub mod pdf;

use model::{Format, Text};

/// Why a file could not be read. Each variant says what is wrong in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file has no bytes.
    #[error("the file is empty (0 bytes)")]
    Empty,
    /// The content is not a format referat reads.
    #[error("unknown format: {0}")]
    Unsupported(String),
}

/// A document as read: its text, or for structured sources a meeting already mapped.
#[derive(Debug, Clone)]
pub enum Document {
    /// Text to be run through `extract`.
    Text(Text),
}

/// Reads `bytes` (named `file_name`, used only in messages) into a [`Document`].
pub fn read(bytes: &[u8], file_name: &str) -> Result<Document, Error> {
    let _ = file_name;
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Document::Text(Text::from_plain(text, Format::Text))),
        Err(_) => Err(Error::Unsupported("not UTF-8 text".into())),
    }
}
