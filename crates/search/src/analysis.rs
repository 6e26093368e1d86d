//! Danish text analysis for the index: words are runs of letters and digits, lower-cased,
//! with `aa` read as `å` (old spellings such as "Aarhus", "paa"), then stemmed with the
//! Snowball Danish stemmer (tantivy's [`Stemmer`]).
//!
//! Compounds: Danish writes them as one word ("plejehjemsrådet", "Omsorgsudvalget"), so a
//! search for "plejehjem" or "udvalg" would miss them. The `*_parts` fields are indexed with
//! [`DanishTokenizer::with_lexicon`], which emits every word and, for a word that splits into
//! two known words, the parts too, at the same position and with the whole word's offsets
//! (so a snippet marks the whole compound). A split is `left + right` where `right` is a
//! known word and `left` is a known word, possibly followed by the linking `s` or `e`
//! ("omsorg-s-udvalget", "plejehjem-s-rådet"); both sides have at least
//! [`MIN_PART_CHARS`] letters so that "for-slag" and "ind-stilling" stay whole. Parts are
//! split again once, so "plejehjemsrådet" also yields "pleje" and "hjem".
//!
//! The known words ([`Lexicon`]) are not a dictionary shipped with the binary: they are the
//! words seen standalone at least [`MIN_WORD_COUNT`] times in the corpus being indexed,
//! counted when the index is rebuilt and kept beside it (`lexicon.txt`).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::tokenizer::{
    Language, RemoveLongFilter, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Shortest part of a compound, in letters.
pub const MIN_PART_CHARS: usize = 4;
/// How often a word must occur standalone to be a known word.
pub const MIN_WORD_COUNT: u32 = 3;

/// Lower-cases a word and reads `aa` as `å`.
pub fn normalise_word(word: &str) -> String {
    let lower = word.to_lowercase();
    if lower.contains("aa") {
        lower.replace("aa", "å")
    } else {
        lower
    }
}

/// The words of `text` as `(byte offset, word)`, in order.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, ch)) = chars.peek() {
            if ch.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(idx, ch)) = chars.peek() {
            if !ch.is_alphanumeric() {
                break;
            }
            end = idx + ch.len_utf8();
            chars.next();
        }
        Some((start, &text[start..end]))
    })
}

/// Known words, for splitting compounds.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    words: HashSet<String>,
}

/// Counts words to make a [`Lexicon`].
#[derive(Debug, Default)]
pub struct LexiconBuilder {
    counts: HashMap<String, u32>,
}

impl LexiconBuilder {
    /// Counts the words of `text`.
    pub fn add_text(&mut self, text: &str) {
        for (_, word) in words(text) {
            if word.chars().count() >= MIN_PART_CHARS && word.chars().all(char::is_alphabetic) {
                *self.counts.entry(normalise_word(word)).or_default() += 1;
            }
        }
    }

    /// Counts the words of every searchable field of `meeting`.
    pub fn add_meeting(&mut self, meeting: &model::Meeting) {
        for item in &meeting.items {
            self.add_text(&item.title);
            self.add_text(&item.text);
            for decision in &item.decisions {
                self.add_text(&decision.text);
            }
            for action in &item.actions {
                self.add_text(&action.text);
            }
        }
    }

    /// The words seen at least [`MIN_WORD_COUNT`] times.
    pub fn finish(self) -> Lexicon {
        Lexicon {
            words: self
                .counts
                .into_iter()
                .filter(|(_, count)| *count >= MIN_WORD_COUNT)
                .map(|(word, _)| word)
                .collect(),
        }
    }
}

impl Lexicon {
    /// A lexicon of exactly these (already normalised) words.
    pub fn from_words<I: IntoIterator<Item = S>, S: Into<String>>(words: I) -> Lexicon {
        Lexicon {
            words: words.into_iter().map(Into::into).collect(),
        }
    }

    /// One word per line, sorted.
    pub fn to_lines(&self) -> String {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.sort_unstable();
        let mut out = words.join("\n");
        out.push('\n');
        out
    }

    /// Reads [`Lexicon::to_lines`] back.
    pub fn from_lines(text: &str) -> Lexicon {
        Lexicon::from_words(text.lines().filter(|line| !line.is_empty()))
    }

    /// Number of known words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are no known words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn knows(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// The parts of a normalised word that is a compound of known words, or nothing.
    pub fn split(&self, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        self.split_into(word, 2, &mut parts);
        parts
    }

    fn split_into(&self, word: &str, depth: u32, parts: &mut Vec<String>) {
        if depth == 0 || word.chars().count() < 2 * MIN_PART_CHARS {
            return;
        }
        // Try the longest known head first: Danish compounds put the head last, and the
        // longest head ("rådet" over "det") is the meaningful one.
        let boundaries: Vec<usize> = word.char_indices().map(|(idx, _)| idx).skip(1).collect();
        for &at in &boundaries {
            let (left, right) = word.split_at(at);
            if right.chars().count() < MIN_PART_CHARS || !self.knows(right) {
                continue;
            }
            let root = if self.knows(left) {
                Some(left)
            } else {
                left.strip_suffix('s')
                    .or_else(|| left.strip_suffix('e'))
                    .filter(|root| self.knows(root))
            };
            let Some(root) = root.filter(|root| root.chars().count() >= MIN_PART_CHARS) else {
                continue;
            };
            parts.push(root.to_owned());
            parts.push(right.to_owned());
            self.split_into(root, depth - 1, parts);
            self.split_into(right, depth - 1, parts);
            return;
        }
    }
}

/// Splits text into normalised words; with a lexicon, also emits the parts of compounds.
#[derive(Debug, Clone, Default)]
pub struct DanishTokenizer {
    lexicon: Option<Arc<Lexicon>>,
}

impl DanishTokenizer {
    /// Words only.
    pub fn new() -> DanishTokenizer {
        DanishTokenizer { lexicon: None }
    }

    /// Words and the parts of compounds of `lexicon`'s words.
    pub fn with_lexicon(lexicon: Arc<Lexicon>) -> DanishTokenizer {
        DanishTokenizer {
            lexicon: Some(lexicon),
        }
    }
}

/// The tokens of one text, computed up front.
#[derive(Debug)]
pub struct DanishTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for DanishTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for DanishTokenizer {
    type TokenStream<'a> = DanishTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DanishTokenStream {
        let mut tokens = Vec::new();
        for (position, (offset, word)) in words(text).enumerate() {
            let normal = normalise_word(word);
            let token = |text: String| Token {
                offset_from: offset,
                offset_to: offset + word.len(),
                position,
                text,
                position_length: 1,
            };
            if let Some(lexicon) = &self.lexicon {
                for part in lexicon.split(&normal) {
                    tokens.push(token(part));
                }
            }
            tokens.push(token(normal));
        }
        DanishTokenStream { tokens, next: 0 }
    }
}

/// The analyzer of the main fields: words, stemmed.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(DanishTokenizer::new())
        .filter(RemoveLongFilter::limit(48))
        .filter(Stemmer::new(Language::Danish))
        .build()
}

/// The analyzer of the `*_parts` fields: words and compound parts, stemmed.
pub fn parts_analyzer(lexicon: Arc<Lexicon>) -> TextAnalyzer {
    TextAnalyzer::builder(DanishTokenizer::with_lexicon(lexicon))
        .filter(RemoveLongFilter::limit(48))
        .filter(Stemmer::new(Language::Danish))
        .build()
}

/// The stemmed words of `text`, as the index sees them.
pub fn stems(text: &str) -> Vec<String> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(token.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_split(lexicon: &[&str], word: &str, expected: &[&str]) {
        let lexicon = Lexicon::from_words(lexicon.iter().copied());
        assert_eq!(lexicon.split(word), expected, "{word}");
    }

    #[test]
    fn compounds_split_on_known_words_and_linking_letters() {
        let known = [
            "plejehjem",
            "pleje",
            "hjem",
            "rådet",
            "omsorg",
            "udvalget",
            "slag",
        ];
        check_split(
            &known,
            "plejehjemsrådet",
            &["plejehjem", "rådet", "pleje", "hjem"],
        );
        check_split(&known, "omsorgsudvalget", &["omsorg", "udvalget"]);
        // Too short a left part: "for" + "slag" stays whole.
        check_split(&known, "forslag", &[]);
        check_split(&known, "plejehjem", &["pleje", "hjem"]);
        check_split(&known, "ukendtord", &[]);
    }

    #[test]
    fn analysis_lowercases_reads_aa_and_stems() {
        assert_eq!(
            stems("Plejehjemmene godkendte Aarhus' anbefalinger paa mødet"),
            ["plejehjem", "godkend", "århus", "anbefaling", "på", "mød"]
        );
    }

    #[test]
    fn parts_share_position_and_offsets() {
        let lexicon = Arc::new(Lexicon::from_words(["omsorg", "udvalget"]));
        let mut analyzer = parts_analyzer(lexicon);
        let mut stream = analyzer.token_stream("Til Omsorgsudvalget");
        let mut got = Vec::new();
        while let Some(token) = stream.next() {
            got.push((token.text.clone(), token.position, token.offset_from));
        }
        assert_eq!(
            got,
            [
                ("til".to_owned(), 0, 0),
                ("omsorg".to_owned(), 1, 4),
                ("udvalg".to_owned(), 1, 4),
                ("omsorgsudvalg".to_owned(), 1, 4)
            ]
        );
    }
}
