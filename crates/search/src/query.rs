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
//!
//! Spellings: people type `ae`, `oe` for `æ`, `ø` (and the reverse, as old texts do). A word
//! with such a place is looked up in every spelling; the spellings the index holds are
//! searched together, the one typed weighing most ([`Part::Spellings`]).
//!
//! Questions: "hvad blev besluttet om tryghedsvagter" drops its question and filler words
//! ([`QUESTION_WORDS`]) and reads "besluttet" as wanting decisions ([`Part::Decided`]): the
//! words weigh more in decision texts.

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
    /// One word in several spellings the index holds (`aeldre` and `ældre`): any of them
    /// matches; the first is the one typed when the index holds it, and weighs most.
    Spellings(Vec<String>),
    /// The query asks what was decided: decision texts weigh more. Matches nothing itself.
    Decided,
    /// A compound typed as one word (`affaldsudbud`) whose two parts the index knows: the
    /// whole word, or its parts near each other in either order ("udbud på
    /// affaldsområdet"), where a part may itself be part of an indexed compound.
    Compound { whole: String, parts: [String; 2] },
}

impl Part {
    /// The stems this part scores with: a phrase's words without its stop words.
    pub(crate) fn stems(&self) -> Vec<&str> {
        match self {
            Part::Word(stem) => vec![stem.as_str()],
            Part::Phrase { words, .. } => words.iter().map(|(_, stem)| stem.as_str()).collect(),
            Part::Spellings(stems) => stems.iter().map(String::as_str).collect(),
            Part::Compound { whole, parts } => {
                vec![whole.as_str(), parts[0].as_str(), parts[1].as_str()]
            }
            Part::Not(_) | Part::Decided => Vec::new(),
        }
    }

    /// The stems this part scores with and how much each counts: a folded spelling less
    /// than the one typed.
    pub(crate) fn scored(&self) -> Vec<(&str, f32)> {
        match self {
            Part::Spellings(stems) => stems
                .iter()
                .enumerate()
                .map(|(idx, stem)| (stem.as_str(), if idx == 0 { 1.0 } else { FOLDED_WEIGHT }))
                .collect(),
            Part::Compound { whole, parts } => vec![
                (whole.as_str(), 1.0),
                (parts[0].as_str(), PART_WEIGHT),
                (parts[1].as_str(), PART_WEIGHT),
            ],
            _ => self.stems().into_iter().map(|stem| (stem, 1.0)).collect(),
        }
    }

    /// Whether this part is a word or phrase that must (or may) match.
    pub(crate) fn is_positive(&self) -> bool {
        matches!(
            self,
            Part::Word(_) | Part::Phrase { .. } | Part::Spellings(_) | Part::Compound { .. }
        )
    }
}

/// How much a spelling the query did not type counts against the one it did.
const FOLDED_WEIGHT: f32 = 0.6;

/// How much each part of a split compound counts against the whole word: an item holding
/// the compound as typed ranks above one that holds its parts apart.
const PART_WEIGHT: f32 = 0.4;

/// How far apart the parts of a split compound may stand, in the positional sense of a
/// sloppy phrase: "udbud på affaldsområdet" (reversed, one word between) needs 3; 5 allows
/// two more words between, in either order, and no more than that.
pub(crate) const COMPOUND_SLOP: u32 = 5;

/// Words of a question that say nothing about its topic: "hvad blev besluttet om …".
/// Dropped only from a query that is a question (holds one of the first nine, or ends in
/// `?`) and has other words.
pub(crate) const QUESTION_WORDS: &str = "hvad hvem hvornår hvor hvordan hvorfor hvilke hvilken hvilket \
     blev bliver blevet er var været har havde vi man jeg du skal skulle kan kunne vil ville \
     noget nogen sket gjort sagt mon egentlig";

/// Words asking for decisions: in a question they are dropped and the words weigh more in
/// decision texts ([`Part::Decided`]).
pub(crate) const DECISION_WORDS: &str =
    "besluttet besluttede beslutte beslutning beslutningen beslutninger vedtaget vedtog vedtage";

/// Question words proper: one of these makes a query a question.
const QUESTION_MARKERS: usize = 9;

static QUESTION_STEMS: LazyLock<(HashSet<String>, HashSet<String>)> = LazyLock::new(|| {
    let words: Vec<&str> = QUESTION_WORDS.split_whitespace().collect();
    let stems = |words: &[&str]| -> HashSet<String> {
        words
            .iter()
            .flat_map(|word| analysis::stems(word))
            .collect()
    };
    (stems(&words[..QUESTION_MARKERS]), stems(&words))
});

static DECISION_STEMS: LazyLock<HashSet<String>> =
    LazyLock::new(|| analysis::stems(DECISION_WORDS).into_iter().collect());

/// The other spellings of a typed word: each `ae`/`æ`, `oe`/`ø` swapped, and `ue` read as
/// `ü` (which the index folds to `u`), in every combination of its first four such places.
pub(crate) fn spellings(word: &str) -> Vec<String> {
    const SWAPS: [(&str, &str); 5] = [
        ("ae", "æ"),
        ("oe", "ø"),
        ("æ", "ae"),
        ("ø", "oe"),
        ("ue", "u"),
    ];
    let lower = word.to_lowercase();
    // The places: (byte offset, length replaced, replacement).
    let mut places: Vec<(usize, usize, &str)> = Vec::new();
    let mut at = 0;
    while at < lower.len() && places.len() < 4 {
        match SWAPS.iter().find(|(from, _)| lower[at..].starts_with(from)) {
            Some((from, to)) => {
                places.push((at, from.len(), to));
                at += from.len();
            }
            None => at += lower[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    let mut out = Vec::new();
    for mask in 1..(1u32 << places.len()) {
        let mut variant = String::with_capacity(lower.len() + 2);
        let mut from = 0;
        for (idx, (at, len, to)) in places.iter().enumerate() {
            if mask & (1 << idx) != 0 {
                variant.push_str(&lower[from..*at]);
                variant.push_str(to);
                from = at + len;
            }
        }
        variant.push_str(&lower[from..]);
        out.push(variant);
    }
    out
}

/// The part for one typed word whose stem is `stem`: its other spellings the index holds
/// (`known`) searched with it, or instead of it when the index lacks the typed one.
fn spelled(piece: &str, stem: String, known: &dyn Fn(&str) -> bool) -> Part {
    let mut found: Vec<String> = Vec::new();
    for variant in spellings(piece) {
        if let [other] = analysis::stems(&variant).as_slice()
            && *other != stem
            && !found.contains(other)
            && known(other)
        {
            found.push(other.clone());
        }
    }
    if found.is_empty() {
        return Part::Word(stem);
    }
    if known(&stem) {
        found.insert(0, stem);
    }
    match found.len() {
        1 => Part::Word(found.remove(0)),
        _ => Part::Spellings(found),
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

/// Splits `raw` into parts. Analysed stems only; unknown punctuation is dropped. `known`
/// says whether the index holds a stem (for the other spellings of a word); `split` gives,
/// for a typed word and its stem, the stems of its two parts when it is a compound of words
/// the index knows (see [`Part::Compound`]).
pub(crate) fn parse(
    raw: &str,
    known: &dyn Fn(&str) -> bool,
    split: &dyn Fn(&str, &str) -> Option<[String; 2]>,
) -> Vec<Part> {
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
                (false, 1) => parts.push(match spelled(piece, stems[0].clone(), known) {
                    Part::Word(whole) => match split(piece, &whole) {
                        Some(split) if !split.contains(&whole) => Part::Compound {
                            whole,
                            parts: split,
                        },
                        _ => Part::Word(whole),
                    },
                    part => part,
                }),
                // "covid-19", "§17,stk.4": a word with punctuation inside reads as a phrase.
                (false, _) => phrase(stems, &mut parts),
            }
        }
    }
    // Stop words alone are searched for; among other words they are dropped.
    let content = |part: &Part| !matches!(part, Part::Word(stem) if is_stop(stem));
    if parts.iter().any(|part| part.is_positive() && content(part)) {
        parts.retain(content);
    }
    question(&mut parts, raw.trim_end().ends_with('?'));
    parts.truncate(crate::MAX_QUERY_PARTS);
    parts
}

/// A question ("hvad blev besluttet om X?") loses its question and filler words, and its
/// decision words become [`Part::Decided`], as long as a word of its topic is left.
fn question(parts: &mut Vec<Part>, question_mark: bool) {
    let (markers, fillers) = &*QUESTION_STEMS;
    fn word(part: &Part) -> Option<&str> {
        match part {
            Part::Word(stem) => Some(stem.as_str()),
            _ => None,
        }
    }
    let asks = question_mark
        || parts
            .iter()
            .filter_map(word)
            .any(|stem| markers.contains(stem));
    if !asks {
        return;
    }
    let noise = |part: &Part| {
        word(part).is_some_and(|stem| fillers.contains(stem) || DECISION_STEMS.contains(stem))
    };
    if !parts.iter().any(|part| part.is_positive() && !noise(part)) {
        return;
    }
    let decided = parts
        .iter()
        .filter_map(word)
        .any(|stem| DECISION_STEMS.contains(stem));
    parts.retain(|part| !noise(part));
    if decided {
        parts.push(Part::Decided);
    }
}

/// Field weights: title > decisions > actions > text; compound parts count less. A query
/// asking what was decided ([`Part::Decided`]) weighs decision texts above titles.
pub(crate) fn weighted(fields: &Fields, parts: &[Part]) -> [(Field, f32); 8] {
    let decided = if parts.contains(&Part::Decided) {
        2.5
    } else {
        1.0
    };
    [
        (fields.title, 4.0),
        (fields.decisions, 2.5 * decided),
        (fields.actions, 1.8),
        (fields.text, 1.0),
        (fields.title_parts, 1.5),
        (fields.decisions_parts, 0.8 * decided),
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
        Part::Word(stem) | Part::Not(stem) => fields
            .word_fields()
            .into_iter()
            .map(|field| term(field, stem))
            .collect(),
        Part::Spellings(stems) => stems
            .iter()
            .flat_map(|stem| fields.word_fields().map(|field| term(field, stem)))
            .collect(),
        Part::Decided => Vec::new(),
        // The whole word anywhere, or its parts near each other where compounds are split.
        Part::Compound { whole, parts } => fields
            .word_fields()
            .into_iter()
            .map(|field| term(field, whole))
            .chain(fields.word_fields().into_iter().flat_map(|field| {
                // Each order on its own: a sloppy phrase keeps its words' order.
                [[&parts[0], &parts[1]], [&parts[1], &parts[0]]].map(|[first, second]| {
                    let mut near = PhraseQuery::new(vec![
                        Term::from_field_text(field, first),
                        Term::from_field_text(field, second),
                    ]);
                    near.set_slop(COMPOUND_SLOP);
                    Box::new(near) as Box<dyn Query>
                })
            }))
            .collect(),
        // Phrases are looked for in the fields with positions of whole words.
        Part::Phrase { words, .. } => weighted(fields, &[])
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
    parts.iter().filter(|p| p.is_positive()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(raw: &str, expected: &[Part]) {
        assert_eq!(parse(raw, &|_| false, &|_, _| None), expected, "{raw}");
    }

    /// `parse` with an index that holds only `stems`.
    fn check_known(raw: &str, stems: &[&str], expected: &[Part]) {
        assert_eq!(
            parse(raw, &|stem| stems.contains(&stem), &|_, _| None),
            expected,
            "{raw}"
        );
    }

    #[test]
    fn spellings_swap_ae_oe_and_read_ue() {
        assert_eq!(spellings("Koege"), ["køge"]);
        assert_eq!(
            spellings("moedeaeldre"),
            ["mødeaeldre", "moedeældre", "mødeældre"]
        );
        assert_eq!(spellings("ældre"), ["aeldre"]);
        assert_eq!(spellings("Mueller"), ["muller"]);
        assert!(spellings("budget").is_empty());
    }

    #[test]
    fn words_typed_without_ae_oe_find_the_index_spelling() {
        use Part::*;
        // Only the folded spelling is indexed: it replaces the typed one.
        check_known("Koege", &["køg"], &[Word("køg".into())]);
        check_known(
            "raadmandsmoede",
            &["rådmandsmød"],
            &[Word("rådmandsmød".into())],
        );
        // Both are indexed: both are searched, the typed one first.
        check_known(
            "aeldre",
            &["aeldr", "ældr"],
            &[Spellings(vec!["aeldr".into(), "ældr".into()])],
        );
        // Neither: the word as typed (no hits, a suggestion may follow).
        check_known("Koege", &[], &[Word("koeg".into())]);
    }

    #[test]
    fn questions_keep_their_topic() {
        use Part::*;
        check(
            "hvad blev besluttet om tryghedsvagter",
            &[Word("tryghedsvag".into()), Decided],
        );
        check(
            "hvem har ansvaret for budgettet?",
            &[Word("ansvar".into()), Word("budget".into())],
        );
        // Not a question: the words are the topic.
        check(
            "besluttet budget",
            &[Word("beslut".into()), Word("budg".into())],
        );
        // Nothing but question words: searched as they are.
        check(
            "hvad blev besluttet",
            &[
                Word("hvad".into()),
                Word("blev".into()),
                Word("beslut".into()),
            ],
        );
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
