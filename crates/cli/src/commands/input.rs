//! Reading a user's file into a [`formats::Document`] with its [`model::Source`], and
//! turning that into a meeting: the one place the CLI turns a path or bytes into something
//! `extract` reads. Every format goes through `formats::read` (detected by content); text
//! goes through `extract::extract`, and a structured meeting (FirstAgenda API JSON) through
//! `extract::extract_item` for each item's decision text.
//!
//! `formats::Error` speaks English; this module gives the user the Danish message.

use std::path::Path;

use clap::Args;
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
                let mut item_absent = Vec::with_capacity(item_texts.len());
                for (item_idx, text) in item_texts {
                    let parts = extract::extract_item(&text, meeting.date);
                    item_absent.push(parts.absent);
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
                extract::settle_absence(&mut meeting, &item_absent);
                extract::mark_closed(&mut meeting);
                meeting.source = self.source;
                extract::Extraction {
                    meeting,
                    warnings: Vec::new(),
                }
            }
        }
    }
}

/// `--max-tekst MB`, for the commands that read minutes.
#[derive(Debug, Clone, Copy, Args)]
#[group(id = "max_tekst")]
pub(crate) struct LimitArgs {
    /// Den største tekst, en fil må give, i MB (standard: max_tekst under [import] i
    /// konfigurationsfilen, ellers 64). Udtrækket læser 15 til 35 MB i sekundet på to
    /// kerner, så grænsen holder også tiden nede.
    #[arg(long = "max-tekst", value_name = "MB")]
    max_text_mb: Option<usize>,
}

/// The largest text a file may give, in MB, when neither flag nor file says.
pub(crate) const DEFAULT_MAX_TEXT_MB: usize = 64;

impl LimitArgs {
    /// `--max-tekst` and where it came from.
    pub(crate) fn max_text_mb(&self) -> crate::config::Setting<usize> {
        let config = crate::config::get();
        crate::config::resolve(
            self.max_text_mb,
            None,
            config.at(config.file.import.max_tekst.as_ref()),
            DEFAULT_MAX_TEXT_MB,
        )
    }

    /// The readers' limits: the text as given, any input at least as large.
    pub(crate) fn limits(&self) -> formats::Limits {
        let max_text_bytes = self.max_text_mb().value.saturating_mul(1024 * 1024);
        let defaults = formats::Limits::default();
        formats::Limits {
            max_input_bytes: defaults.max_input_bytes.max(max_text_bytes),
            max_text_bytes,
        }
    }
}

/// Reads `path` and detects its format. The error does not name the file: the caller
/// puts its name in front, once.
pub(crate) fn read(path: &Path, limits: &formats::Limits) -> anyhow::Result<Input> {
    let bytes = read_file(path, limits)?;
    read_bytes(&bytes, &path.display().to_string(), limits)
}

/// The bytes of the regular file at `path` (a symbolic link is followed). Anything else is
/// refused before it is opened: reading a named pipe (FIFO) waits until another program
/// writes to it, and a device may never end, so `referat import` of a folder holding one
/// would hang. A file larger than the limit on inputs is refused before it is read, and
/// one that grows while it is read is read no further than that.
pub(crate) fn read_file(path: &Path, limits: &formats::Limits) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;

    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        anyhow::bail!("{}; referat læser kun almindelige filer", file_kind(&meta));
    }
    let limit = limits.max_input_bytes;
    let too_large = |size: u64| formats::Error::TooLarge {
        size: usize::try_from(size).unwrap_or(usize::MAX),
        limit,
        what: "i alt",
    };
    if meta.len() > limit as u64 {
        return Err(too_large(meta.len()).into());
    }
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return Err(too_large(bytes.len() as u64).into());
    }
    Ok(bytes)
}

/// What a path that is not a regular file is, in Danish.
fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "er en mappe, ikke en fil";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "er en navngiven pipe (FIFO), ikke en almindelig fil";
        }
        if file_type.is_socket() {
            return "er en socket, ikke en almindelig fil";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "er en enhed, ikke en almindelig fil";
        }
    }
    "er ikke en almindelig fil"
}

/// Reads bytes already in memory and extracts the meeting, with its [`Source`] set.
/// `referat import` keeps the original bytes before it extracts, and `referat reextract`
/// takes them from the store, so neither reads the file twice. `name` is the file name used
/// in messages and as `Source::file`.
pub(crate) fn meeting_from_bytes(
    bytes: &[u8],
    name: &str,
    limits: &formats::Limits,
) -> anyhow::Result<(model::Meeting, Vec<extract::Warning>)> {
    let extraction = read_bytes(bytes, name, limits)?.extract();
    Ok((extraction.meeting, extraction.warnings))
}

/// Reads bytes named `name` (any format `formats` reads). The error does not name the
/// file: the caller puts its name in front, once.
pub(crate) fn read_bytes(
    bytes: &[u8],
    name: &str,
    limits: &formats::Limits,
) -> anyhow::Result<Input> {
    let sha256 = hex(&Sha256::digest(bytes));
    let document = formats::read_within(bytes, name, limits).map_err(|err| match err {
        formats::Error::TooLarge { what: "tekst", .. } => {
            anyhow::anyhow!("{err} (en anden grænse: --max-tekst MB)")
        }
        err => anyhow::Error::new(err),
    })?;
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
