//! Text → [`Meeting`]: reads the header, time plan, participants, items, decisions, actions
//! and due dates out of the lines of one minutes document, with a provenance [`model::Span`]
//! for every value.
//!
//! Extraction never fails: minutes that make no sense give an emptier Meeting and
//! [`Warning`]s, never an error or a panic. This crate does no I/O and never reads the clock;
//! whatever it needs from outside (the file name, known people) is passed in.

#![warn(
    clippy::disallowed_methods,
    reason = "extract is pure: no file system, environment or clock"
)]

pub mod dates;

use model::{Meeting, Span, Text};

/// Something in the document that could not be read as expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub span: Span,
    /// What, in English, lowercase, no trailing period.
    pub message: String,
}

/// The result of extracting one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The meeting.
    pub meeting: Meeting,
    /// What could not be read.
    pub warnings: Vec<Warning>,
}

/// Extracts the meeting recorded in `text`.
pub fn extract(text: &Text) -> Extraction {
    let _ = text;
    Extraction::default()
}

/// What `extract` finds in the body of one item when the caller already knows the item
/// (e.g. the decision HTML of a FirstAgenda API item).
#[derive(Debug, Clone, Default)]
pub struct ItemParts {
    /// Decisions.
    pub decisions: Vec<model::Decision>,
    /// Actions.
    pub actions: Vec<model::Action>,
    /// Attachments (`Bilag N`).
    pub attachments: Vec<String>,
}

/// Extracts decisions, actions and attachments from the body text of one item.
pub fn extract_item(text: &Text, meeting_date: Option<model::Date>) -> ItemParts {
    let _ = (text, meeting_date);
    ItemParts::default()
}
