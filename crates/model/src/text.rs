//! The plain text of a document as lines with page and line numbers: what `formats` hands to
//! `extract`. It owns no parsing; it is only the shared value between the two.

use serde::{Deserialize, Serialize};

use crate::Format;

/// The text of one document, line by line, with where each line came from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// Lines in reading order.
    pub lines: Vec<Line>,
    /// The format the text was read from.
    pub format: Format,
    /// Problems met while reading that did not stop it (e.g. a page without text).
    pub warnings: Vec<String>,
}

/// One line of text and its position in the source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The line without its line break.
    pub text: String,
    /// Page number, 1-based (1 for formats without pages).
    pub page: u32,
    /// Line number in the whole document, 1-based.
    pub number: u32,
    /// What the reader knows the line to be; [`LineKind::Unknown`] for plain text.
    #[serde(default, skip_serializing_if = "LineKind::is_unknown")]
    pub kind: LineKind,
}

/// What a reader knows a line to be from the document's own structure (an HTML `h2`, a
/// Word heading style, a larger font in a PDF, a list entry, a table row). The extractor
/// goes by it first and guesses from the text only where the reader knows nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Nothing known: plain text, or a line the reader cannot tell.
    #[default]
    Unknown,
    /// A heading; level 1 is the highest.
    Heading(u8),
    /// An entry of a list, its label written before the text; level 1 is the outermost.
    ListItem(u8),
    /// A row of a table, its cells joined by ` | `.
    TableRow,
}

impl LineKind {
    /// Whether the reader knows nothing about the line.
    pub fn is_unknown(&self) -> bool {
        *self == LineKind::Unknown
    }
}

impl Text {
    /// Splits plain text into lines, numbering them from 1; a form feed starts a new page
    /// (one page when there is none).
    pub fn from_plain(text: &str, format: Format) -> Text {
        let mut lines = Vec::new();
        let (mut page, mut number) = (1u32, 0u32);
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            // A form feed starts a new page, as `pdftotext` writes them.
            for (part_idx, part) in line.split('\u{c}').enumerate() {
                if part_idx > 0 {
                    page = page.saturating_add(1);
                } else if part.is_empty() && line.starts_with('\u{c}') {
                    continue;
                }
                number = number.saturating_add(1);
                lines.push(Line {
                    text: part.to_owned(),
                    page,
                    number,
                    kind: LineKind::Unknown,
                });
            }
        }
        Text {
            lines,
            format,
            warnings: Vec::new(),
        }
    }

    /// All lines joined with `\n`.
    pub fn joined(&self) -> String {
        let mut out = String::new();
        for (idx, line) in self.lines.iter().enumerate() {
            if idx > 0 {
                out.push('\n');
            }
            out.push_str(&line.text);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_plain_numbers_lines_and_drops_cr() {
        let text = Text::from_plain("a\r\nb\n\nc", Format::Text);
        let got: Vec<(&str, u32)> = text
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.number))
            .collect();
        assert_eq!(got, [("a", 1), ("b", 2), ("", 3), ("c", 4)]);
        assert_eq!(text.joined(), "a\nb\n\nc");
    }

    #[test]
    fn form_feeds_start_pages() {
        let text = Text::from_plain("a\nb\n\u{c}c\nd\u{c}e", Format::Text);
        let got: Vec<(&str, u32, u32)> = text
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.page, l.number))
            .collect();
        assert_eq!(
            got,
            [
                ("a", 1, 1),
                ("b", 1, 2),
                ("c", 2, 3),
                ("d", 2, 4),
                ("e", 3, 5)
            ]
        );
    }
}
