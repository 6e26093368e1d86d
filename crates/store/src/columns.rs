//! How values of `model` are kept in columns, the same way by every backend: dates as
//! `YYYY-MM-DD` text, times as `HH:MM`, recurrences and spans as plain columns, positions
//! 1-based. Also the matching of people and bodies by name, done here rather than in SQL
//! because SQL's `lower()` does not fold `Æ`, `Ø`, `Å` the same way in every database.
//! Nothing here touches a connection.

use model::{Date, Recurrence, Span, Time};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// SHA-256 of `bytes` as lowercase hex: how sources are addressed and how tokens and
/// session ids are kept.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

pub(crate) fn hhmm(time: Option<Time>) -> Option<String> {
    time.map(|t| format!("{:02}:{:02}", t.hour(), t.minute()))
}

pub(crate) fn date_text(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

pub(crate) fn parse_date(raw: Option<String>) -> Result<Option<Date>> {
    raw.map(|raw| {
        raw.parse::<Date>()
            .map_err(|err| Error::Corrupt(format!("date {raw:?}: {err}")))
    })
    .transpose()
}

pub(crate) fn recurrence_text(recurring: Option<Recurrence>) -> Option<&'static str> {
    recurring.map(|r| match r {
        Recurrence::Yearly => "yearly",
        Recurrence::Quarterly => "quarterly",
        Recurrence::Monthly => "monthly",
    })
}

pub(crate) fn parse_recurrence(raw: Option<String>) -> Option<Recurrence> {
    match raw.as_deref() {
        Some("yearly") => Some(Recurrence::Yearly),
        Some("quarterly") => Some(Recurrence::Quarterly),
        Some("monthly") => Some(Recurrence::Monthly),
        _ => None,
    }
}

pub(crate) fn span_parts(span: Option<Span>) -> (Option<u32>, Option<u32>, Option<u32>) {
    match span {
        Some(span) => (Some(span.page), Some(span.line), Some(span.end_line)),
        None => (None, None, None),
    }
}

pub(crate) fn span_from(
    page: Option<u32>,
    line: Option<u32>,
    end_line: Option<u32>,
) -> Option<Span> {
    Some(Span {
        page: page?,
        line: line?,
        end_line: end_line?,
    })
}

pub(crate) fn position(idx: usize) -> u32 {
    u32::try_from(idx + 1).unwrap_or(u32::MAX)
}

/// Canonical names whose name or a written form equals `query` (ignoring case); when none
/// does, those that contain it. `forms` are (written form, canonical name) pairs.
pub(crate) fn match_names(forms: &[(String, String)], query: &str) -> Vec<String> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<String> = forms
        .iter()
        .filter(|(form, _)| form.to_lowercase() == query)
        .map(|(_, name)| name.clone())
        .collect();
    if found.is_empty() {
        found = forms
            .iter()
            .filter(|(form, _)| form.to_lowercase().contains(&query))
            .map(|(_, name)| name.clone())
            .collect();
    }
    found.sort();
    found.dedup();
    found
}

/// Bodies equal to `query` (ignoring case); when none is, those that contain it.
pub(crate) fn match_bodies(bodies: Vec<String>, query: &str) -> Vec<String> {
    let query = query.trim().to_lowercase();
    let exact: Vec<String> = bodies
        .iter()
        .filter(|b| b.to_lowercase() == query)
        .cloned()
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    bodies
        .into_iter()
        .filter(|b| b.to_lowercase().contains(&query))
        .collect()
}
