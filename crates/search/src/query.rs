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

use std::collections::HashSet;
use std::sync::LazyLock;

use tantivy::Term;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::analysis;
use crate::schema::Fields;

/// One part of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Part {
    /// A word that must (or, in the relaxed pass, may) match.
    Word(String),
    /// Words that must follow each other: each with its position in the phrase (stop words
    /// leave gaps, see [`STOP_WORDS`]), and the pairs of adjacent stems the phrase holds
    /// ([`analysis::pair`]), stop words included.
    Phrase {
        words: Vec<(usize, String)>,
        pairs: Vec<String>,
    },
    /// A word that must not match.
    Not(String),
}

impl Part {
    /// The stems this part scores with: a phrase's words without its stop words.
    pub(crate) fn stems(&self) -> Vec<&str> {
        match self {
            Part::Word(stem) => vec![stem.as_str()],
            Part::Phrase { words, .. } => words.iter().map(|(_, stem)| stem.as_str()).collect(),
            Part::Not(_) => Vec::new(),
        }
    }
}

/// Words so common in minutes ("og", "til", "i") that they say nothing about an item and
/// occur in nearly all of them. A query drops them when it has other words, and a phrase
/// keeps their place without looking them up: "taget til efterretning" matches "taget" two
/// words before "efterretning". Reading their postings was most of the time of such
/// queries on a large index.
const STOP_WORDS: &str = "og i til af for med om på fra ved samt eller en et den det de der som at";

static STOP_STEMS: LazyLock<HashSet<String>> =
    LazyLock::new(|| analysis::stems(STOP_WORDS).into_iter().collect());

fn is_stop(stem: &str) -> bool {
    STOP_STEMS.contains(stem)
}

/// Splits `raw` into parts. Analysed stems only; unknown punctuation is dropped.
pub(crate) fn parse(raw: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let phrase = |stems: Vec<String>, parts: &mut Vec<Part>| {
        let pairs: Vec<String> = stems
            .windows(2)
            .map(|pair| analysis::pair(&pair[0], &pair[1]))
            .collect();
        let kept: Vec<(usize, String)> = stems
            .iter()
            .enumerate()
            .filter(|(_, stem)| !is_stop(stem))
            .map(|(at, stem)| (at, stem.clone()))
            .collect();
        match (stems.len(), kept.len()) {
            (0, _) => {}
            (1, _) => parts.push(Part::Word(stems[0].clone())),
            // Only stop words, or one word among them: the whole phrase.
            (_, 0 | 1) => parts.push(Part::Phrase {
                words: stems.into_iter().enumerate().collect(),
                pairs,
            }),
            // Positions from the first kept word.
            _ => {
                let first = kept[0].0;
                parts.push(Part::Phrase {
                    words: kept
                        .into_iter()
                        .map(|(at, stem)| (at - first, stem))
                        .collect(),
                    pairs,
                });
            }
        }
    };
    for (idx, chunk) in raw.split('"').enumerate() {
        if idx % 2 == 1 {
            phrase(analysis::stems(chunk), &mut parts);
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
                (false, _) => phrase(stems, &mut parts),
            }
        }
    }
    // Stop words alone are searched for; among other words they are dropped.
    let content = |part: &Part| !matches!(part, Part::Word(stem) if is_stop(stem));
    if parts
        .iter()
        .any(|part| !matches!(part, Part::Not(_)) && content(part))
    {
        parts.retain(content);
    }
    parts.truncate(crate::MAX_QUERY_PARTS);
    parts
}

/// Field weights: title > decisions > actions > text; compound parts count less.
pub(crate) fn weighted(fields: &Fields) -> [(Field, f32); 8] {
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

/// For each field `part` can match in, the query that matches it there (unscored: these
/// decide which items match, [`weighted`] terms score them).
pub(crate) fn per_field(fields: &Fields, part: &Part) -> Vec<Box<dyn Query>> {
    let term = |field, stem: &str| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, stem),
            IndexRecordOption::Basic,
        ))
    };
    match part {
        // A `*_parts` field holds every word of its main field (and the parts of compounds
        // besides), so a word is in an item exactly when it is in one of the four: half the
        // postings to read of the eight weighted fields.
        Part::Word(stem) | Part::Not(stem) => [
            fields.title_parts,
            fields.decisions_parts,
            fields.actions_parts,
            fields.text_parts,
        ]
        .into_iter()
        .map(|field| term(field, stem))
        .collect(),
        // Phrases are looked for in the fields with positions of whole words.
        Part::Phrase { words, .. } => weighted(fields)
            .into_iter()
            .take(4)
            .map(|(field, _)| {
                let terms = words
                    .iter()
                    .map(|(at, stem)| (*at, Term::from_field_text(field, stem)))
                    .collect();
                Box::new(PhraseQuery::new_with_offset(terms)) as Box<dyn Query>
            })
            .collect(),
    }
}

/// The pairs of adjacent stems a phrase needs, each in the `pairs` field: conditions that
/// rule out most items before positions are read.
pub(crate) fn pairs(fields: &Fields, part: &Part) -> Vec<Box<dyn Query>> {
    let Part::Phrase { pairs, .. } = part else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|pair| {
            Box::new(TermQuery::new(
                Term::from_field_text(fields.pairs, pair),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        })
        .collect()
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
                Phrase {
                    words: vec![(0, "fremskud".into()), (1, "visitation".into())],
                    pairs: vec!["fremskud visitation".into()],
                },
                Not("budg".into()),
            ],
        );
        check(
            "covid-19",
            &[Phrase {
                words: vec![(0, "covid".into()), (1, "19".into())],
                pairs: vec!["covid 19".into()],
            }],
        );
        check("  , ", &[]);
    }

    #[test]
    fn stop_words_are_dropped_among_other_words() {
        use Part::*;
        check(
            "klima og miljø",
            &[Word("klima".into()), Word("miljø".into())],
        );
        check("og", &[Word("og".into())]);
        check(
            "\"taget til efterretning\"",
            &[Phrase {
                words: vec![(0, "tag".into()), (2, "efterretning".into())],
                pairs: vec!["tag til".into(), "til efterretning".into()],
            }],
        );
        check(
            "\"til og fra\"",
            &[Phrase {
                words: vec![(0, "til".into()), (1, "og".into()), (2, "fra".into())],
                pairs: vec!["til og".into(), "og fra".into()],
            }],
        );
    }
}
