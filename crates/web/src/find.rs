//! Finding items: full-text search with filters, counts per filter value and snippets, and
//! the thread of an item (the same case at other meetings). Both are one function each so
//! that the tantivy index of the `search` crate can replace the simple scan here without
//! touching a page or an API handler.
//!
//! The scan reads every current meeting from the store: fine for a register of a few
//! hundred meetings, not for a municipality's archive (that is what `search` is for).
//!
//! Query language: words separated by spaces; an item matches when every word occurs
//! (case-insensitive) in its title, text, decisions or actions.

use std::collections::BTreeMap;

use model::{Date, DecisionKind, Item, Meeting};
use serde::{Deserialize, Serialize};
use store::{MeetingFilter, Page, Store};

use crate::AppError;

/// A search request: the words and the filters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
#[into_params(parameter_in = Query)]
pub(crate) struct Query {
    /// Words that must all occur.
    #[serde(default)]
    pub(crate) q: String,
    /// Only meetings of this body.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) body: Option<String>,
    /// Only items with a decision of this kind (`approved`, `noted`, ...).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) kind: Option<String>,
    /// Only meetings of this year.
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) year: Option<String>,
    /// Only items with at least one follow-up (`ja`).
    #[serde(default, deserialize_with = "empty_as_none")]
    pub(crate) actions: Option<String>,
    /// Results to skip.
    #[serde(default)]
    pub(crate) offset: u32,
    /// Most results to return (at most 100).
    #[serde(default)]
    pub(crate) limit: Option<u32>,
}

/// Treats `?body=` like no `body` at all, as an HTML form sends it.
pub(crate) fn empty_as_none<'de, D: serde::Deserializer<'de>>(
    de: D,
) -> Result<Option<String>, D::Error> {
    let raw: Option<String> = Option::deserialize(de)?;
    Ok(raw.filter(|value| !value.trim().is_empty()))
}

/// One found item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct Hit {
    /// `<meeting id>/<position>`.
    pub(crate) id: String,
    pub(crate) meeting_id: String,
    pub(crate) position: u32,
    pub(crate) body: String,
    pub(crate) date: Option<String>,
    pub(crate) number: String,
    pub(crate) title: String,
    /// Decision kinds of the item.
    pub(crate) kinds: Vec<String>,
    pub(crate) n_actions: u32,
    /// Text around the first hit, split in parts; `hit` parts are the words found.
    pub(crate) snippet: Vec<SnippetPart>,
}

/// A piece of a snippet.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct SnippetPart {
    pub(crate) text: String,
    pub(crate) hit: bool,
}

/// Found items and how many there are per filter value.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct Results {
    /// All matching items, before paging.
    pub(crate) total: u32,
    pub(crate) offset: u32,
    pub(crate) limit: u32,
    pub(crate) hits: Vec<Hit>,
    /// For each filter (`body`, `kind`, `year`, `actions`), the values among the matches
    /// of the words and their counts.
    pub(crate) facets: BTreeMap<String, BTreeMap<String, u32>>,
}

fn all_meetings(store: &dyn Store) -> Result<Vec<Meeting>, AppError> {
    let summaries = store.meetings(&MeetingFilter::default(), Page::ALL)?;
    summaries
        .iter()
        .map(|summary| store.meeting(&summary.id).map_err(AppError::from))
        .collect()
}

fn item_words(item: &Item) -> String {
    let mut all = format!("{} {}", item.title, item.text);
    for decision in &item.decisions {
        all.push(' ');
        all.push_str(&decision.text);
    }
    for action in &item.actions {
        all.push(' ');
        all.push_str(&action.text);
    }
    all.to_lowercase()
}

fn item_kinds(item: &Item) -> Vec<DecisionKind> {
    let mut kinds: Vec<DecisionKind> = item.decisions.iter().map(|d| d.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// Searches every item of every current meeting.
pub(crate) fn search(store: &dyn Store, query: &Query) -> Result<Results, AppError> {
    let words: Vec<String> = query.q.split_whitespace().map(str::to_lowercase).collect();
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    let mut matches = Vec::new();
    let mut facets: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    for meeting in all_meetings(store)? {
        let year = meeting.date.map(|d| d.year().to_string());
        for (idx, item) in meeting.items.iter().enumerate() {
            let haystack = item_words(item);
            if !words.iter().all(|word| haystack.contains(word.as_str())) {
                continue;
            }
            let kinds = item_kinds(item);
            let has_actions = if item.actions.is_empty() { "nej" } else { "ja" };
            let mut count = |facet: &str, value: &str| {
                *facets
                    .entry(facet.to_owned())
                    .or_default()
                    .entry(value.to_owned())
                    .or_default() += 1;
            };
            count("body", &meeting.body);
            if let Some(year) = &year {
                count("year", year);
            }
            for kind in &kinds {
                count("kind", kind.as_str());
            }
            count("actions", has_actions);
            let keep = query.body.as_ref().is_none_or(|b| b == &meeting.body)
                && query.year.as_ref().is_none_or(|y| Some(y) == year.as_ref())
                && query
                    .kind
                    .as_ref()
                    .is_none_or(|k| kinds.iter().any(|kind| kind.as_str() == k))
                && query.actions.as_ref().is_none_or(|a| a == has_actions);
            if !keep {
                continue;
            }
            let position = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            matches.push(Hit {
                id: format!("{}/{position}", meeting.id),
                meeting_id: meeting.id.clone(),
                position,
                body: meeting.body.clone(),
                date: meeting.date.map(|d| d.to_string()),
                number: item.number.clone(),
                title: item.title.clone(),
                kinds: kinds.iter().map(|k| k.as_str().to_owned()).collect(),
                n_actions: u32::try_from(item.actions.len()).unwrap_or(u32::MAX),
                snippet: snippet(&format!("{} {}", item.text, decisions_text(item)), &words),
            });
        }
    }
    // Newest meetings first, then document order.
    matches.sort_by(|a, b| b.date.cmp(&a.date).then(a.position.cmp(&b.position)));
    let total = u32::try_from(matches.len()).unwrap_or(u32::MAX);
    let hits = matches
        .into_iter()
        .skip(query.offset as usize)
        .take(limit as usize)
        .collect();
    Ok(Results {
        total,
        offset: query.offset,
        limit,
        hits,
        facets,
    })
}

fn decisions_text(item: &Item) -> String {
    item.decisions
        .iter()
        .map(|d| d.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// About 30 words around the first hit, hits marked.
fn snippet(text: &str, words: &[String]) -> Vec<SnippetPart> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let is_hit = |token: &str| {
        let lower = token.to_lowercase();
        words.iter().any(|word| lower.contains(word.as_str()))
    };
    let first = tokens.iter().position(|t| is_hit(t)).unwrap_or(0);
    let start = first.saturating_sub(10);
    let end = (start + 30).min(tokens.len());
    let mut parts: Vec<SnippetPart> = Vec::new();
    if start > 0 {
        parts.push(SnippetPart {
            text: "… ".into(),
            hit: false,
        });
    }
    for (idx, token) in tokens[start..end].iter().enumerate() {
        let hit = !words.is_empty() && is_hit(token);
        let sep = if idx + 1 < end - start { " " } else { "" };
        match parts.last_mut() {
            Some(last) if !last.hit && !hit => {
                last.text.push_str(token);
                last.text.push_str(sep);
            }
            _ if hit => {
                parts.push(SnippetPart {
                    text: (*token).to_owned(),
                    hit: true,
                });
                if !sep.is_empty() {
                    parts.push(SnippetPart {
                        text: sep.to_owned(),
                        hit: false,
                    });
                }
            }
            _ => parts.push(SnippetPart {
                text: format!("{token}{sep}"),
                hit: false,
            }),
        }
    }
    if end < tokens.len() {
        parts.push(SnippetPart {
            text: " …".into(),
            hit: false,
        });
    }
    parts
}

/// One item of a thread.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct ThreadEntry {
    pub(crate) meeting_id: String,
    pub(crate) position: u32,
    pub(crate) body: String,
    pub(crate) date: Option<String>,
    #[serde(skip)]
    pub(crate) day: Option<Date>,
    pub(crate) number: String,
    pub(crate) title: String,
    /// Decision texts, for a quick view of how the case moved.
    pub(crate) decisions: Vec<String>,
    /// Whether this is the item asked about.
    pub(crate) current: bool,
}

/// Least similarity of two titles for their items to be the same case.
const MIN_SIMILARITY: f32 = 0.5;

const STOP_WORDS: &[&str] = &[
    "af",
    "og",
    "i",
    "på",
    "til",
    "for",
    "med",
    "om",
    "samt",
    "status",
    "en",
    "et",
    "den",
    "det",
    "de",
    "fra",
    "ved",
    "vedr",
    "orientering",
    "opfølgning",
    "punkt",
];

fn title_words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.len() > 1 && !STOP_WORDS.contains(&w.as_str()))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Jaccard similarity of the content words of two titles.
fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (title_words(a), title_words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.iter().filter(|word| b.contains(word)).count();
    shared as f32 / (a.len() + b.len() - shared) as f32
}

/// The item and the same case at other meetings (same case number, or a similar title),
/// oldest first. Seed case: "Frisættelse af plejehjem" in 2023-12, 2024-11 and 2025-04.
pub(crate) fn thread(
    store: &dyn Store,
    meeting_id: &str,
    position: u32,
) -> Result<Vec<ThreadEntry>, AppError> {
    let this = store.item(&store::ItemId {
        meeting_id: meeting_id.to_owned(),
        position,
    })?;
    let mut entries = Vec::new();
    for meeting in all_meetings(store)? {
        for (idx, item) in meeting.items.iter().enumerate() {
            let item_position = u32::try_from(idx + 1).unwrap_or(u32::MAX);
            let current = meeting.id == meeting_id && item_position == position;
            let same_case = match (&item.case_number, &this.item.case_number) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            };
            if current
                || (meeting.id != meeting_id
                    && (same_case || similarity(&item.title, &this.item.title) >= MIN_SIMILARITY))
            {
                entries.push(ThreadEntry {
                    meeting_id: meeting.id.clone(),
                    position: item_position,
                    body: meeting.body.clone(),
                    date: meeting.date.map(|d| d.to_string()),
                    day: meeting.date,
                    number: item.number.clone(),
                    title: item.title.clone(),
                    decisions: item.decisions.iter().map(|d| d.text.clone()).collect(),
                    current,
                });
            }
        }
    }
    entries.sort_by(|a, b| a.day.cmp(&b.day).then(a.position.cmp(&b.position)));
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_the_same_case_are_similar() {
        let a = "Opfølgning samt tids- og procesplan for frisættelse af plejehjem";
        let b = "Frisættelse af plejehjem – status";
        assert!(similarity(a, b) >= MIN_SIMILARITY, "{}", similarity(a, b));
        assert!(similarity("KPI", b) < MIN_SIMILARITY);
    }

    #[test]
    fn snippet_marks_hits() {
        let parts = snippet(
            "Rådmanden godkendte planen for plejehjem",
            &["plejehjem".into()],
        );
        assert!(
            parts.iter().any(|p| p.hit && p.text == "plejehjem"),
            "{parts:?}"
        );
    }
}
