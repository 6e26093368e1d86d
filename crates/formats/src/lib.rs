//! Bytes → [`model::Text`] or, for structured sources, a [`model::Meeting`] already mapped:
//! this crate detects the format of a file by its content (never by its name) and reads it.
//!
//! It owns format sniffing (`sniff`), the text decoders (`plain`: UTF-8, UTF-16,
//! Windows-1252, line endings, Markdown detection), DOCX (`docx`), HTML (`html`), the
//! FirstAgenda Publication API JSON (`firstagenda`) and PDF ([`pdf`], written separately).
//! It never touches the database or the network, and it does not interpret the minutes:
//! finding decisions and actions in text is `extract`'s job, and the caller runs it.
//!
//! Every reader is bounded: input and output sizes are capped ([`Limits`], by default
//! [`MAX_TEXT_BYTES`] and [`MAX_INPUT_BYTES`], and DOCX parts unpack to at most 200 MiB),
//! nothing recurses on the input's nesting depth, no pass costs more than linear time in
//! the input, and a bad file gives one [`Error`], never a panic.

mod docx;
mod firstagenda;
mod html;
mod labels;
pub mod pdf;
mod plain;
mod sniff;

use model::{Format, Meeting, Text};

/// The largest text a file may hold (after decoding), and the largest text-like input file:
/// 64 MiB is far beyond any minutes document (the biggest Greve meeting is 1.2 MB of JSON).
pub const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// The largest input file of any format: a PDF with scanned pages can be big, but not this big.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;

/// Why a file could not be read. Each variant says what is wrong in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file has no bytes.
    #[error("filen er tom (0 bytes)")]
    Empty,
    /// The file is larger than referat reads.
    #[error("filen er for stor: {size} bytes {what}; referat læser højst {limit} bytes")]
    TooLarge {
        /// Size of the input, or of the text decoded so far.
        size: usize,
        /// The limit that was exceeded.
        limit: usize,
        /// What was counted: "tekst" (decoded text) or "i alt" (the input's bytes).
        what: &'static str,
    },
    /// The content is binary data of a kind referat does not read.
    #[error("referat kan ikke læse denne slags fil: {0}")]
    Unsupported(String),
    /// A zip archive that decompresses to far more than a document can hold.
    #[error("filen pakker sig ud til alt for meget (zip-bombe): {0}")]
    ZipBomb(String),
    /// A zip archive that is not a Word document.
    #[error("zip-filen er ikke et Word-dokument (DOCX): {0}")]
    NotDocx(String),
    /// A DOCX whose zip or XML is broken.
    #[error("Word-dokumentet (DOCX) er ødelagt: {0}")]
    CorruptDocx(String),
    /// Text that starts like JSON but is not valid JSON.
    #[error("ugyldig JSON i linje {line}, kolonne {column}: {message}")]
    Json {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What serde_json says.
        message: String,
    },
    /// Valid JSON that is not a meeting from the FirstAgenda Publication API.
    #[error("JSON-filen er ikke et møde fra FirstAgenda: {0}")]
    NotFirstAgenda(String),
    /// The PDF reader failed: encrypted, corrupt, no text layer, too large.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
}

/// A document as read: its text, or for structured sources a meeting already mapped.
#[derive(Debug, Clone)]
pub enum Document {
    /// Text to be run through `extract::extract`.
    Text(Text),
    /// A meeting read from a structured source; item bodies still need `extract::extract_item`.
    Meeting(Box<Structured>),
}

impl Document {
    /// The format the document was read from.
    pub fn format(&self) -> Format {
        match self {
            Document::Text(text) => text.format,
            Document::Meeting(structured) => structured.meeting.source.format,
        }
    }
}

/// A meeting read from a structured source such as the FirstAgenda Publication API.
#[derive(Debug, Clone, Default)]
pub struct Structured {
    /// Header, participants, absent, and items with number, title, case number, per-item
    /// absence, full text and the attachments the source lists; decisions and actions
    /// are left empty for the caller to fill from `item_texts`, and attachments where the
    /// source lists none. `source.format` is set; file and hash are not.
    pub meeting: Meeting,
    /// For each item that has a decision, its index in `meeting.items` and the decision
    /// text as lines, ready for `extract::extract_item`.
    pub item_texts: Vec<(usize, Text)>,
}

/// How much the readers read. The defaults are [`MAX_INPUT_BYTES`] and [`MAX_TEXT_BYTES`];
/// a caller may set others (the CLI's `--max-tekst`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file of any format.
    pub max_input_bytes: usize,
    /// The largest text a file may hold after decoding, and the largest text-like input:
    /// extraction reads about 50 MB a second, so this bounds its time.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_input_bytes: MAX_INPUT_BYTES,
            max_text_bytes: MAX_TEXT_BYTES,
        }
    }
}

/// Reads `bytes` (named `file_name`, used only in messages) into a [`Document`], within the
/// default [`Limits`].
///
/// The format comes from the content: a DOCX named `.pdf` is read as DOCX.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Document, Error> {
    read_within(bytes, file_name, &Limits::default())
}

/// [`read`] within `limits`.
pub fn read_within(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Document, Error> {
    let _ = file_name;
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.len() > limits.max_input_bytes {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: limits.max_input_bytes,
            what: "i alt",
        });
    }
    match sniff::sniff(bytes) {
        sniff::Kind::Pdf => {
            let text = pdf::read(bytes)?;
            // The PDF reader bounds its own work; its text is held to the limit here.
            let size: usize = text.lines.iter().map(|line| line.text.len() + 1).sum();
            if size > limits.max_text_bytes {
                return Err(Error::TooLarge {
                    size,
                    limit: limits.max_text_bytes,
                    what: "tekst",
                });
            }
            Ok(Document::Text(text))
        }
        sniff::Kind::Zip => docx::read(bytes, limits.max_text_bytes).map(Document::Text),
        sniff::Kind::Binary(what) => Err(Error::Unsupported(what)),
        sniff::Kind::TextLike => read_text_like(bytes, limits.max_text_bytes),
    }
}

/// Why referat will not read a file that begins with `head`, judged by content alone and
/// without reading the whole file: an image, an archive, a program, binary data, a zip
/// archive that is not a Word document. `None` when it looks like a format referat reads
/// (a file that looks readable may still turn out to be damaged when it is read). For
/// walking folders: what is refused here is skipped, not reported as an error.
///
/// `head` should be the file's first [`SNIFF_BYTES`] bytes, or all of a shorter file;
/// for a zip archive, the whole file (the names of its parts are at its end).
pub fn refusal(head: &[u8]) -> Option<String> {
    match sniff::sniff(head) {
        sniff::Kind::Binary(what) => Some(what),
        sniff::Kind::Zip if !sniff::zip_names(head, b"word/document.xml") => {
            Some("et zip-arkiv, der ikke er et Word-dokument".to_owned())
        }
        sniff::Kind::Pdf | sniff::Kind::Zip | sniff::Kind::TextLike => None,
    }
}

/// How many of a file's first bytes [`refusal`] looks at (besides zip archives).
pub const SNIFF_BYTES: usize = 8192;

/// Text, Markdown, HTML or JSON: decode first, then look at the characters.
fn read_text_like(bytes: &[u8], max_text: usize) -> Result<Document, Error> {
    if bytes.len() > max_text {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: max_text,
            what: "tekst",
        });
    }
    let decoded = plain::decode(bytes, max_text)?;
    match sniff::sniff_text(&decoded) {
        sniff::TextKind::Json => match firstagenda::read(&decoded) {
            Ok(structured) => Ok(Document::Meeting(Box::new(structured))),
            // Not JSON after all, but HTML in a script object: read the HTML.
            Err(Error::Json { .. }) if sniff::holds_html(&decoded) => {
                Ok(Document::Text(html::read(&decoded)))
            }
            Err(err) => Err(err),
        },
        sniff::TextKind::Html => Ok(Document::Text(html::read(&decoded))),
        sniff::TextKind::Markdown => Ok(Document::Text(plain::lines(&decoded, Format::Markdown))),
        sniff::TextKind::Text => Ok(Document::Text(plain::lines(&decoded, Format::Text))),
    }
}

/// Reads a DOCX file, for fuzzing and tests of the DOCX reader alone.
pub fn read_docx(bytes: &[u8]) -> Result<Text, Error> {
    docx::read(bytes, MAX_TEXT_BYTES)
}

/// Reads HTML text, for fuzzing and tests of the HTML reader alone.
pub fn read_html(html: &str) -> Text {
    html::read(html)
}

/// Decodes bytes as text (any supported encoding) without sniffing for HTML or JSON.
pub fn read_plain(bytes: &[u8]) -> Result<Text, Error> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(Error::TooLarge {
            size: bytes.len(),
            limit: MAX_TEXT_BYTES,
            what: "tekst",
        });
    }
    let decoded = plain::decode(bytes, MAX_TEXT_BYTES)?;
    let format = if plain::looks_like_markdown(&decoded) {
        Format::Markdown
    } else {
        Format::Text
    };
    Ok(plain::lines(&decoded, format))
}

/// Reads FirstAgenda Publication API JSON, for fuzzing and tests of that reader alone.
pub fn read_firstagenda(json: &str) -> Result<Structured, Error> {
    firstagenda::read(json)
}
