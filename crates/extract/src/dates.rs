//! Danish due expressions → [`Due`], relative to the meeting date (never the clock).
//!
//! Placeholder: the full grammar lands with the dates work.

use model::{Date, Due};

/// Finds the due expression in `sentence`, if any, normalised against `meeting`.
///
/// The returned [`Due::text`] holds the words of the expression as written in `sentence`.
pub fn find_due(sentence: &str, meeting: Date) -> Option<Due> {
    let _ = (sentence, meeting);
    None
}
