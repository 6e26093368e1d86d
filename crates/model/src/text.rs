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
}

impl Text {
    /// Splits plain text into lines on one page, numbering them from 1.
    pub fn from_plain(text: &str, format: Format) -> Text {
        let lines = text
            .split('\n')
            .enumerate()
            .map(|(idx, line)| Line {
                text: line.strip_suffix('\r').unwrap_or(line).to_owned(),
                page: 1,
                number: u32::try_from(idx + 1).unwrap_or(u32::MAX),
            })
            .collect();
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
}
