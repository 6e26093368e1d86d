//! Related items: the same case at other meetings. An item is related when it has the same
//! case number ("sagsnummer"), or when its title is close to this one's after normalising
//! both (stems, no stop words, no numbers): [`title_similarity`] at least
//! [`MIN_SIMILARITY`]. Seed case: "Frisættelse af plejehjem" at the meetings of 2023-12,
//! 2024-11 and 2025-04.

use std::collections::BTreeSet;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use crate::{Error, Hit, Result, SearchIndex, analysis, schema};

/// Least title similarity for two items without a shared case number to be related.
pub const MIN_SIMILARITY: f32 = 0.75;

/// Words that say nothing about the case.
const STOP_WORDS: &[&str] = &[
    "af",
    "and",
    "de",
    "den",
    "der",
    "det",
    "en",
    "et",
    "for",
    "fra",
    "i",
    "med",
    "og",
    "om",
    "på",
    "samt",
    "til",
    "ved",
    "vedr",
    "vedrørend",
    "status",
    "orientering",
    "sag",
    "punkt",
];

fn title_stems(title: &str) -> BTreeSet<String> {
    analysis::stems(title)
        .into_iter()
        .filter(|stem| !STOP_WORDS.contains(&stem.as_str()))
        .filter(|stem| !stem.chars().all(|ch| ch.is_ascii_digit()))
        .collect()
}

/// Similarity of the normalised words of two titles, 0 to 1: the share of the shorter
/// title's words found in the other (when it has two or more; a one-word title uses
/// Jaccard, so "Budget" is not the same case as every budget item). Seed case: "Frisættelse
/// af plejehjem – status" and "Opfølgning samt tids- og procesplan for frisættelse af
/// plejehjem" are one case.
pub fn title_similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (title_stems(a), title_stems(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    let shorter = a.len().min(b.len());
    if shorter >= 2 {
        shared as f32 / shorter as f32
    } else {
        shared as f32 / (a.len() + b.len() - shared) as f32
    }
}

impl SearchIndex {
    /// Items at other meetings about the same case as item `id`, oldest first; with
    /// `closed`, closed items whole (for a member), else their public view.
    pub fn related(&self, id: &str, limit: usize, closed: bool) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let fields = &self.fields;
        let audience = || -> Box<dyn Query> {
            let audience = if closed {
                schema::MEMBERS
            } else {
                schema::PUBLIC
            };
            Box::new(TermQuery::new(
                Term::from_field_text(fields.audience, audience),
                IndexRecordOption::Basic,
            ))
        };
        let by_id = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.id, id),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
            (Occur::Must, audience()),
        ]);
        let (_, address) = searcher
            .search(&by_id, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
            .ok_or_else(|| Error::NotFound(id.to_owned()))?;
        let doc: TantivyDocument = searcher.doc(address)?;
        let this = self.hit(&doc, 0.0);
        let stems = title_stems(&this.title);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = stems
            .iter()
            .map(|stem| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(fields.title, stem),
                        IndexRecordOption::WithFreqs,
                    )) as Box<dyn Query>,
                )
            })
            .collect();
        if let Some(case_number) = &this.case_number {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(fields.case_number, case_number),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        if clauses.is_empty() {
            return Ok(Vec::new());
        }
        let candidates = searcher.search(
            &BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>,
                ),
                (Occur::Must, audience()),
            ]),
            &TopDocs::with_limit(200).order_by_score(),
        )?;
        let mut related = Vec::new();
        for (score, address) in candidates {
            let doc: TantivyDocument = searcher.doc(address)?;
            let hit = self.hit(&doc, score);
            if hit.meeting_id == this.meeting_id {
                continue;
            }
            let same_case = this.case_number.is_some() && hit.case_number == this.case_number;
            let similar = title_similarity(&this.title, &hit.title) >= MIN_SIMILARITY;
            if same_case || similar {
                related.push(hit);
            }
        }
        related.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        related.truncate(limit);
        Ok(related)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_of_one_case_are_similar() {
        assert!(
            title_similarity("Frisættelse af plejehjem", "Frisættelse af plejehjemmene")
                >= MIN_SIMILARITY
        );
        assert!(title_similarity("Frisættelse af plejehjem", "Budget 2025") < 0.1);
        assert!(
            title_similarity(
                "Frisættelse af plejehjem – status",
                "Opfølgning samt tids- og procesplan for frisættelse af plejehjem"
            ) >= MIN_SIMILARITY
        );
        assert!(title_similarity("Budget", "Budget 2025 og frisættelse af plejehjem") < 0.5);
    }
}
