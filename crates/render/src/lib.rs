//! Meeting → Markdown, HTML, DOCX or PDF in the house layout of the seed minutes: header
//! (body, date and times, place), the `Information:` time plan with presenters,
//! `Mødedeltagere` and `Afbud`, then per item `Punkt N: title`, its text, the decisions, the
//! follow-ups with owners and deadlines as written, and `Bilag`.
//!
//! [`view`] composes every line once; a template per format places them. The templates are
//! minijinja files that a municipality can replace ([`Templates::set`]); the built-in ones
//! are compiled in. [`input`] reads the meeting from either JSON layout. This crate does no
//! I/O: the caller reads the meeting and any replacement templates and writes the bytes.

mod docx;
pub mod input;
mod pdf;
mod view;

pub use input::{InputError, meeting_from_json};
pub use view::{DecisionBlock, ItemView, View, view};

/// The formats written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// A web page (one HTML file with its style sheet).
    Html,
    /// Office Open XML word processing.
    Docx,
    /// Portable Document Format.
    Pdf,
}

impl Format {
    /// The file name extension: `md`, `html`, `docx`, `pdf`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The format of an extension or name as the command line takes it.
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Why a meeting could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A template does not parse or fails while rendering (a replaced one, usually).
    #[error("skabelonen {name} kan ikke bruges: {message}")]
    Template {
        /// The template's file name.
        name: String,
        /// What is wrong, with line number where known.
        message: String,
    },
    /// The DOCX archive could not be written.
    #[error("DOCX-filen kan ikke skrives: {0}")]
    Docx(String),
    /// The PDF could not be laid out.
    #[error("PDF-filen kan ikke skrives: {0}")]
    Pdf(String),
}

/// The templates, by file name: the built-in ones unless replaced.
#[derive(Debug, Clone)]
pub struct Templates {
    sources: Vec<(&'static str, String)>,
}

/// The Markdown template.
pub const MARKDOWN_TEMPLATE: &str = "referat.md";
/// The HTML template.
pub const HTML_TEMPLATE: &str = "referat.html";
/// The body of the DOCX (`word/document.xml`).
pub const DOCX_TEMPLATE: &str = "referat.docx.xml";
/// The paragraph styles of the DOCX (`word/styles.xml`): fonts, sizes, spacing.
pub const DOCX_STYLES: &str = "styles.docx.xml";
/// The PDF's text in a small subset of Markdown, typeset by referat.
pub const PDF_TEMPLATE: &str = "referat.pdf.md";

impl Default for Templates {
    fn default() -> Templates {
        Templates::builtin()
    }
}

impl Templates {
    /// The names a replacement may have: a file of that name in a template folder replaces
    /// the built-in one.
    pub const NAMES: [&'static str; 5] = [
        MARKDOWN_TEMPLATE,
        HTML_TEMPLATE,
        DOCX_TEMPLATE,
        DOCX_STYLES,
        PDF_TEMPLATE,
    ];

    /// The templates compiled into referat.
    pub fn builtin() -> Templates {
        Templates {
            sources: vec![
                (
                    MARKDOWN_TEMPLATE,
                    include_str!("../templates/referat.md").into(),
                ),
                (
                    HTML_TEMPLATE,
                    include_str!("../templates/referat.html").into(),
                ),
                (
                    DOCX_TEMPLATE,
                    include_str!("../templates/referat.docx.xml").into(),
                ),
                (
                    DOCX_STYLES,
                    include_str!("../templates/styles.docx.xml").into(),
                ),
                (
                    PDF_TEMPLATE,
                    include_str!("../templates/referat.pdf.md").into(),
                ),
            ],
        }
    }

    /// Replaces the template `name` (one of [`Templates::NAMES`]); false for another name.
    pub fn set(&mut self, name: &str, source: String) -> bool {
        match self.sources.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => {
                entry.1 = source;
                true
            }
            None => false,
        }
    }

    /// The source of template `name`.
    pub fn source(&self, name: &str) -> &str {
        self.sources
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.as_str())
            .unwrap_or_default()
    }

    /// Fills template `name` with the view. HTML and XML templates escape every value.
    pub(crate) fn fill(&self, name: &str, view: &View) -> Result<String, Error> {
        let template_error = |err: minijinja::Error| Error::Template {
            name: name.to_owned(),
            message: match err.line() {
                Some(line) => format!("linje {line}: {}", err.detail().unwrap_or("fejl")),
                None => err
                    .detail()
                    .map(str::to_owned)
                    .unwrap_or_else(|| err.to_string()),
            },
        };
        let mut env = minijinja::Environment::new();
        // An undefined name is a mistake in a replaced template, not an empty value.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.add_template(name, self.source(name))
            .map_err(template_error)?;
        env.get_template(name)
            .and_then(|template| template.render(view))
            .map_err(template_error)
    }
}

/// Renders a meeting in `format`.
pub fn render(
    meeting: &model::Meeting,
    format: Format,
    templates: &Templates,
) -> Result<Vec<u8>, Error> {
    let view = view(meeting);
    match format {
        Format::Markdown => Ok(templates.fill(MARKDOWN_TEMPLATE, &view)?.into_bytes()),
        Format::Html => Ok(templates.fill(HTML_TEMPLATE, &view)?.into_bytes()),
        Format::Docx => docx::write(&view, templates),
        Format::Pdf => pdf::write(&view, templates),
    }
}
