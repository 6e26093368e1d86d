//! The search query language and how it becomes a tantivy query.
//!
//! Accepted forms:
//!
//! ```text
//! query  = { part }
//! part   = word | '"' words '"' | '-' word
//! word   = letters and digits; anything else separates words
//! ```
//!
//! Every word must match (in any weighted field, or as a compound part); a quoted phrase
//! must match as a phrase in one field; `-word` excludes items with that word. When no item
//! matches all words, the query is run again with any word matching ([`Request::strict`]
//! says which happened). Words are analysed exactly like the indexed text
//! ([`crate::analysis`]).

use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis;
use crate::schema::Fields;

/// One part of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// A word that must (or, in the relaxed pass, may) match.
    Word(String),
    /// Words that must follow each other.
    Phrase(Vec<String>),
    /// A word that must not match.
    Not(String),
}

/// Splits `raw` into parts. Analysed stems only; unknown punctuation is dropped.
pub(crate) fn parse(raw: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    for (idx, chunk) in raw.split('"').enumerate() {
        if idx % 2 == 1 {
            let stems = analysis::stems(chunk);
            match stems.len() {
                0 => {}
                1 => parts.push(Part::Word(stems[0].clone())),
                _ => parts.push(Part::Phrase(stems)),
            }
            continue;
        }
        for piece in chunk.split_whitespace() {
            let (negated, piece) = match piece.strip_prefix('-') {
                Some(rest) => (true, rest),
                None => (false, piece),
            };
            let stems = analysis::stems(piece);
            match (negated, stems.len()) {
                (_, 0) => {}
                (true, _) => parts.extend(stems.into_iter().map(Part::Not)),
                (false, 1) => parts.push(Part::Word(stems[0].clone())),
                // "covid-19", "§17,stk.4": a word with punctuation inside reads as a phrase.
                (false, _) => parts.push(Part::Phrase(stems)),
            }
        }
    }
    parts
}

/// Field weights: title > decisions > actions > text; compound parts count less.
fn weighted(fields: &Fields) -> [(Field, f32); 8] {
    [
        (fields.title, 4.0),
        (fields.decisions, 2.5),
        (fields.actions, 1.8),
        (fields.text, 1.0),
        (fields.title_parts, 1.5),
        (fields.decisions_parts, 0.8),
        (fields.actions_parts, 0.6),
        (fields.text_parts, 0.4),
    ]
}

fn term_in_fields(fields: &Fields, stem: &str) -> Box<dyn Query> {
    let clauses = weighted(fields)
        .into_iter()
        .map(|(field, boost)| {
            let query = TermQuery::new(
                Term::from_field_text(field, stem),
                IndexRecordOption::WithFreqs,
            );
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn phrase_in_fields(fields: &Fields, stems: &[String]) -> Box<dyn Query> {
    let clauses = weighted(fields)
        .into_iter()
        .take(4)
        .map(|(field, boost)| {
            let terms = stems
                .iter()
                .map(|stem| Term::from_field_text(field, stem))
                .collect();
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost))
                    as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

/// The scoring part of the query; `None` when it has no positive words.
pub(crate) fn build(fields: &Fields, parts: &[Part], strict: bool) -> Option<Box<dyn Query>> {
    let occur = if strict { Occur::Must } else { Occur::Should };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for part in parts {
        match part {
            Part::Word(stem) => clauses.push((occur, term_in_fields(fields, stem))),
            Part::Phrase(stems) => clauses.push((occur, phrase_in_fields(fields, stems))),
            Part::Not(stem) => clauses.push((Occur::MustNot, term_in_fields(fields, stem))),
        }
    }
    if !clauses.iter().any(|(occur, _)| *occur != Occur::MustNot) {
        return None;
    }
    Some(Box::new(BooleanQuery::new(clauses)))
}

/// Number of positive parts: a relaxed pass only helps with two or more.
pub(crate) fn n_positive(parts: &[Part]) -> usize {
    parts.iter().filter(|p| !matches!(p, Part::Not(_))).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: &[Part]) {
        assert_eq!(parse(raw), expected, "{raw}");
    }

    #[test]
    fn words_phrases_and_exclusions() {
        use Part::*;
        check(
            "Plejehjemmene \"fremskudt visitation\" -budget",
            &[
                Word("plejehjem".into()),
                Phrase(vec!["fremskud".into(), "visitation".into()]),
                Not("budg".into()),
            ],
        );
        check("covid-19", &[Phrase(vec!["covid".into(), "19".into()])]);
        check("  , ", &[]);
    }
}
