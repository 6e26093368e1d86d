//! Finding items through the tantivy index of the `search` crate: full-text search with
//! filters, counts per filter value and snippets, and the thread of an item (the same case at
//! other meetings). The pages, the API and the Atom feed call these two functions and keep
//! their own shapes ([`Results`], [`ThreadEntry`]).
//!
//! Query language: that of `search` (words, "phrases", -words), with Danish stemming and
//! compound parts; when no item has every word, any word is enough.

use std::collections::BTreeMap;

use model::{Date, DecisionKind};
use search::SearchIndex;
use serde::{Deserialize, Serialize};
use store::Store;

use crate::AppError;
use crate::access::Viewer;

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
    /// `<meeting id>/<item>`.
    pub(crate) id: String,
    pub(crate) meeting_id: String,
    /// The item's address in its meeting: the number the minutes print.
    pub(crate) item: String,
    pub(crate) body: String,
    pub(crate) date: Option<String>,
    pub(crate) number: String,
    pub(crate) title: String,
    /// Decision kinds of the item.
    pub(crate) kinds: Vec<String>,
    pub(crate) n_actions: u32,
    /// Text around the first hit, split in parts; `hit` parts are the words found.
    pub(crate) snippet: Vec<SnippetPart>,
    /// The same case at other bodies, folded under this hit.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) also: Vec<AlsoIn>,
}

/// Another body's item of a hit's case.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct AlsoIn {
    /// `<meeting id>/<item>`.
    pub(crate) id: String,
    pub(crate) meeting_id: String,
    /// The item's printed number (its address).
    pub(crate) item: String,
    pub(crate) body: String,
    pub(crate) date: Option<String>,
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
    /// All matching items, before paging; when `total_exact` is false, at least this many
    /// (counting stopped there).
    pub(crate) total: u32,
    /// Whether `total` is exact.
    pub(crate) total_exact: bool,
    pub(crate) offset: u32,
    pub(crate) limit: u32,
    /// Where the next page starts (past the hits and those folded under them).
    pub(crate) next_offset: u32,
    pub(crate) hits: Vec<Hit>,
    /// For each filter (`body`, `kind`, `year`, `actions`), the values among the matches
    /// of the words and their counts.
    pub(crate) facets: BTreeMap<String, BTreeMap<String, u32>>,
    /// When nothing matched: the words spelled as the archive writes them, which match
    /// (`plejehjm` → `plejehjem`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) suggestion: Option<String>,
}

/// The longest query read, in characters: far beyond anything a person types.
const MAX_QUERY_CHARS: usize = 500;

/// Refuses what no page of results can answer: a page deeper than [`search::MAX_WINDOW`]
/// hits or a query longer than [`MAX_QUERY_CHARS`]. Neither number is echoed back.
fn check(query: &Query, limit: u32) -> Result<(), AppError> {
    if (query.offset as usize).saturating_add(limit as usize) > search::MAX_WINDOW {
        return Err(AppError::BadRequest(format!(
            "der kan højst bladres {} resultater frem (offset + limit); gør søgningen \
             snævrere med flere ord eller filtre",
            search::MAX_WINDOW
        )));
    }
    if query.q.chars().count() > MAX_QUERY_CHARS {
        return Err(AppError::BadRequest(format!(
            "søgningen er for lang; brug højst {MAX_QUERY_CHARS} tegn"
        )));
    }
    Ok(())
}

/// The meetings this request may not see, in a stable order (they are part of the key of
/// the index's cache of recent searches).
fn excluded() -> Vec<String> {
    let mut hidden: Vec<String> = crate::visible::hidden().iter().cloned().collect();
    hidden.sort();
    hidden
}

/// The meetings whose closed items this request finds as the public does, in a stable
/// order (see [`crate::visible::public_view`]).
fn public_view() -> Vec<String> {
    let mut meetings: Vec<String> = crate::visible::public_view().iter().cloned().collect();
    meetings.sort();
    meetings
}

/// Reads `query` as a request to the index.
pub(crate) fn request(query: &Query, viewer: &Viewer) -> Result<Option<search::Request>, AppError> {
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    let mut filters = search::Filters {
        body: query.body.clone(),
        closed: viewer.sees_closed(),
        exclude_meetings: excluded(),
        public_view_meetings: public_view(),
        ..search::Filters::default()
    };
    if let Some(year) = &query.year {
        // A year that is no year matches nothing, as a body that does not exist.
        let Ok(year) = year.trim().parse::<i16>() else {
            return Ok(None);
        };
        let (Ok(from), Ok(to)) = (Date::new(year, 1, 1), Date::new(year, 12, 31)) else {
            return Ok(None);
        };
        filters.from = Some(from);
        filters.to = Some(to);
    }
    if let Some(kind) = &query.kind {
        let Some(kind) = DecisionKind::ALL.into_iter().find(|k| k.as_str() == kind) else {
            return Ok(None);
        };
        filters.kind = Some(kind);
    }
    match query.actions.as_deref() {
        None => {}
        Some("ja") => filters.with_actions = true,
        Some("nej") => filters.without_actions = true,
        Some(_) => return Ok(None),
    }
    Ok(Some(search::Request {
        query: query.q.clone(),
        filters,
        offset: query.offset as usize,
        limit: limit as usize,
        snippets: true,
        facets: true,
    }))
}

/// Searches the index as `viewer` may: the hits of one page, best first (newest first
/// without words), and the counts per filter value of the items that match the words.
/// Closed items are found, counted and suggested whole only for a viewer who sees them;
/// the public finds their number and title.
pub(crate) fn search(
    index: &SearchIndex,
    query: &Query,
    viewer: &Viewer,
) -> Result<Results, AppError> {
    let limit = query.limit.unwrap_or(20).clamp(1, 100);
    check(query, limit)?;
    let Some(request) = request(query, viewer)? else {
        // A filter value that matches nothing: still show the counts of the words.
        let mut counts = search::Request {
            limit: 1,
            snippets: false,
            facets: true,
            ..search::Request::new(&query.q)
        };
        counts.filters.closed = viewer.sees_closed();
        counts.filters.exclude_meetings = excluded();
        counts.filters.public_view_meetings = public_view();
        return Ok(Results {
            total: 0,
            total_exact: true,
            offset: query.offset,
            limit,
            next_offset: query.offset,
            hits: Vec::new(),
            facets: facets(index.search(&counts)?.facets.unwrap_or_default()),
            suggestion: None,
        });
    };
    let found = index.search(&request)?;
    let hits = found.hits.into_iter().map(hit).collect();
    Ok(Results {
        total: u32::try_from(found.total).unwrap_or(u32::MAX),
        total_exact: found.total_exact,
        offset: query.offset,
        limit,
        next_offset: u32::try_from(found.next_offset).unwrap_or(u32::MAX),
        hits,
        facets: facets(found.facets.unwrap_or_default()),
        suggestion: found.suggestion,
    })
}

/// `<meeting id>/<item>` apart.
fn split_id(id: &str) -> (String, String) {
    match id.rsplit_once('/') {
        Some((meeting, item)) => (meeting.to_owned(), item.to_owned()),
        None => (id.to_owned(), String::new()),
    }
}

fn hit(found: search::Hit) -> Hit {
    let (meeting_id, item) = split_id(&found.id);
    let snippet = match &found.snippet {
        Some(snippet) => snippet_parts(snippet),
        None => Vec::new(),
    };
    Hit {
        id: found.id,
        meeting_id,
        item,
        body: found.body,
        date: found.date.map(|d| d.to_string()),
        number: found.number,
        title: found.title,
        kinds: found.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
        n_actions: u32::try_from(found.n_actions).unwrap_or(u32::MAX),
        snippet,
        also: found
            .also
            .into_iter()
            .map(|also| {
                let (meeting_id, item) = split_id(&also.id);
                AlsoIn {
                    id: also.id,
                    meeting_id,
                    item,
                    body: also.body,
                    date: also.date.map(|d| d.to_string()),
                }
            })
            .collect(),
    }
}

/// The index's snippet as text parts, the hits marked.
fn snippet_parts(snippet: &search::Snippet) -> Vec<SnippetPart> {
    let text = &snippet.text;
    let mut parts = Vec::new();
    let mut at = 0;
    for range in &snippet.highlights {
        if range.start < at
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        if range.start > at {
            parts.push(SnippetPart {
                text: text[at..range.start].to_owned(),
                hit: false,
            });
        }
        parts.push(SnippetPart {
            text: text[range.clone()].to_owned(),
            hit: true,
        });
        at = range.end;
    }
    if at < text.len() {
        parts.push(SnippetPart {
            text: text[at..].to_owned(),
            hit: false,
        });
    }
    parts
}

/// The index's counts in the shape of the API: `body`, `year`, `kind`, `actions` (`ja`,
/// `nej`), each present when some item has a value for it.
fn facets(found: search::Facets) -> BTreeMap<String, BTreeMap<String, u32>> {
    let count = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let mut out: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut put = |facet: &str, values: BTreeMap<String, u32>| {
        if !values.is_empty() {
            out.insert(facet.to_owned(), values);
        }
    };
    put(
        "body",
        found.body.into_iter().map(|(k, n)| (k, count(n))).collect(),
    );
    put(
        "year",
        found
            .year
            .into_iter()
            .map(|(k, n)| (k.to_string(), count(n)))
            .collect(),
    );
    put(
        "kind",
        found.kind.into_iter().map(|(k, n)| (k, count(n))).collect(),
    );
    put(
        "actions",
        [("ja", found.with_actions), ("nej", found.without_actions)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.to_owned(), count(n)))
            .collect(),
    );
    out
}

/// One item of a thread.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub(crate) struct ThreadEntry {
    pub(crate) meeting_id: String,
    /// The item's address in its meeting: the number the minutes print.
    pub(crate) item: String,
    /// 1-based position of the item in its meeting.
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

/// Most items of a thread besides the item itself.
const THREAD_LIMIT: usize = 50;

/// The item and the same case at other meetings (same case number, or a similar title: see
/// `search::related`), oldest first. Seed case: "Frisættelse af plejehjem" in 2023-12,
/// 2024-11 and 2025-04.
pub(crate) fn thread(
    store: &dyn Store,
    index: &SearchIndex,
    this: &store::ItemView,
    viewer: &Viewer,
) -> Result<Vec<ThreadEntry>, AppError> {
    // Among the members' documents only for a viewer who sees every closed item: the
    // index cannot tell the related items' organisations apart.
    let closed = viewer.sees_every_closed();
    let related = match index.related(&this.id.to_string(), THREAD_LIMIT, closed) {
        Ok(related) => related,
        // Stored but not yet indexed: the item alone.
        Err(search::Error::NotFound(_)) => Vec::new(),
        Err(err) => return Err(err.into()),
    };
    let mut entries = vec![entry(this, true)];
    for found in related {
        let (other_meeting, other_item) = split_id(&found.id);
        let other = store::ItemId::new(other_meeting, other_item);
        match store.item(&other) {
            Ok(mut view) => {
                viewer.redact_item(&view.meeting.id, &mut view.item);
                entries.push(entry(&view, false));
            }
            // Removed from the store since the index saw it.
            Err(err) if err.is_not_found() => {}
            Err(err) => return Err(err.into()),
        }
    }
    entries.sort_by(|a, b| a.day.cmp(&b.day).then(a.position.cmp(&b.position)));
    Ok(entries)
}

fn entry(view: &store::ItemView, current: bool) -> ThreadEntry {
    ThreadEntry {
        meeting_id: view.meeting.id.clone(),
        item: view.id.key.clone(),
        position: view.position,
        body: view.meeting.body.clone(),
        date: view.meeting.date.map(|d| d.to_string()),
        day: view.meeting.date,
        number: view.item.number.clone(),
        title: view.item.title.clone(),
        decisions: view.item.decisions.iter().map(|d| d.text.clone()).collect(),
        current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_parts_mark_the_hits() {
        let snippet = search::Snippet {
            text: "Rådmanden godkendte planen for plejehjem i år. Plejehjem".into(),
            highlights: vec![32..41, 49..58],
        };
        let parts = snippet_parts(&snippet);
        let marked: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.hit)).collect();
        assert_eq!(
            marked,
            [
                ("Rådmanden godkendte planen for ", false),
                ("plejehjem", true),
                (" i år. ", false),
                ("Plejehjem", true)
            ]
        );
    }

    #[test]
    fn filter_values_that_match_nothing_are_no_request() {
        let query = |year: &str, kind: &str| Query {
            q: "plan".into(),
            year: Some(year.into()).filter(|y: &String| !y.is_empty()),
            kind: Some(kind.into()).filter(|k: &String| !k.is_empty()),
            ..Query::default()
        };
        let public = &Viewer::Public;
        assert!(
            request(&query("2024", "approved"), public)
                .unwrap()
                .is_some()
        );
        assert!(request(&query("tyve", ""), public).unwrap().is_none());
        assert!(request(&query("", "giraf"), public).unwrap().is_none());
        let filters = request(&query("2024", ""), public)
            .unwrap()
            .unwrap()
            .filters;
        assert!(!filters.closed);
        assert_eq!(filters.from.unwrap().to_string(), "2024-01-01");
        assert_eq!(filters.to.unwrap().to_string(), "2024-12-31");
    }
}
