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
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Shortest part of a compound, in letters.
pub const MIN_PART_CHARS: usize = 4;
/// How often a word must occur standalone to be a known word.
pub const MIN_WORD_COUNT: u32 = 3;

/// Lower-cases a word, reads `aa` as `å`, and folds the accents people leave out (`café`,
/// `Müller`, `idé`) and the German and Swedish `ä`, `ö` into the Danish `æ`, `ø`, so that
/// a word is found however it was typed.
pub fn normalise_word(word: &str) -> String {
    let mut lower = word.to_lowercase();
    if !lower.is_ascii() && lower.chars().any(|ch| fold_letter(ch).is_some()) {
        lower = lower
            .chars()
            .map(|ch| fold_letter(ch).unwrap_or(ch))
            .collect();
    }
    if lower.contains("aa") {
        lower.replace("aa", "å")
    } else {
        lower
    }
}

/// The letter an accented lower-case letter is folded to; `None` for the rest (`æ`, `ø`,
/// `å` stay).
fn fold_letter(ch: char) -> Option<char> {
    Some(match ch {
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'á' | 'à' | 'â' => 'a',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ä' => 'æ',
        'ö' => 'ø',
        _ => return None,
    })
}

/// The words of `text` as `(byte offset, word)`, in order. ASCII is classified byte by
/// byte; only other characters are decoded.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Whether the character at `at` belongs to a word, and its length in bytes.
    let class = move |at: usize| -> (bool, usize) {
        let byte = bytes[at];
        if byte.is_ascii() {
            (byte.is_ascii_alphanumeric(), 1)
        } else {
            text[at..]
                .chars()
                .next()
                .map_or((false, 1), |ch| (ch.is_alphanumeric(), ch.len_utf8()))
        }
    };
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (in_word, len) = class(at);
            if in_word {
                break;
            }
            at += len;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let (in_word, len) = class(at);
            if !in_word {
                break;
            }
            at += len;
        }
        Some((start, &text[start..at]))
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
    counts: HashMap<String, u32, BuildHasherDefault<Fnv>>,
    word: String,
}

impl LexiconBuilder {
    /// Counts the words of `text`.
    pub fn add_text(&mut self, text: &str) {
        for (_, word) in words(text) {
            if word.chars().count() < MIN_PART_CHARS || !word.chars().all(char::is_alphabetic) {
                continue;
            }
            // Normalised into a reused buffer: a word seen before costs no allocation.
            if word.is_ascii() && !word.contains("aa") && !word.contains("AA") {
                self.word.clear();
                self.word.push_str(word);
                self.word.make_ascii_lowercase();
                if self.word.contains("aa") {
                    self.word = normalise_word(word);
                }
            } else {
                self.word = normalise_word(word);
            }
            match self.counts.get_mut(self.word.as_str()) {
                Some(count) => *count += 1,
                None => {
                    self.counts.insert(self.word.clone(), 1);
                }
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

    /// The known words, in no order.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
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

/// The number of single-letter insertions, deletions and substitutions that turn `a` into
/// `b` (Levenshtein), or `None` when it is more than `max`.
pub fn edit_distance(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            current[j + 1] = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= max)
}

/// Tokens of this many bytes or more (before stemming) are dropped, as tantivy's
/// `RemoveLongFilter` does.
const MAX_TOKEN_BYTES: usize = 48;

/// Most distinct words a tokenizer remembers before it starts afresh.
const CACHE_WORDS: usize = 100_000;

/// Splits text into normalised words; with a lexicon, also emits the parts of compounds;
/// when stemming, drops overlong tokens and stems the rest.
///
/// The tokens of a word depend on the word alone, and a corpus repeats its words: each
/// tokenizer remembers the tokens of the words it has seen (up to [`CACHE_WORDS`]), so
/// lower-casing, compound splitting and stemming run once per distinct word instead of once
/// per occurrence. That is most of the cost of indexing.
#[derive(Clone, Default)]
pub struct DanishTokenizer {
    lexicon: Option<Arc<Lexicon>>,
    stemmer: Option<TextAnalyzer>,
    /// Word as written → the range of its token texts in `texts`.
    cache: HashMap<Box<str>, (u32, u32), BuildHasherDefault<Fnv>>,
    texts: Vec<String>,
}

/// FNV-1a: a fast hash for short words (the cache is private, so flooding is no concern).
#[derive(Debug, Clone, Copy)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

impl std::fmt::Debug for DanishTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DanishTokenizer")
            .field("lexicon", &self.lexicon.as_ref().map(|l| l.len()))
            .field("stemming", &self.stemmer.is_some())
            .field("cached_words", &self.cache.len())
            .finish()
    }
}

impl DanishTokenizer {
    /// Words only.
    pub fn new() -> DanishTokenizer {
        DanishTokenizer::default()
    }

    /// Words and the parts of compounds of `lexicon`'s words.
    pub fn with_lexicon(lexicon: Arc<Lexicon>) -> DanishTokenizer {
        DanishTokenizer {
            lexicon: Some(lexicon),
            ..DanishTokenizer::default()
        }
    }

    /// The same tokens, overlong ones dropped and the rest stemmed (Snowball Danish).
    pub fn stemming(mut self) -> DanishTokenizer {
        self.stemmer = Some(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::Danish))
                .build(),
        );
        self.cache.clear();
        self.texts.clear();
        self
    }

    /// The token texts of one word, in the order they are emitted.
    fn analyse(&mut self, word: &str) -> Vec<String> {
        let normal = normalise_word(word);
        let mut texts = match &self.lexicon {
            Some(lexicon) => lexicon.split(&normal),
            None => Vec::new(),
        };
        texts.push(normal);
        if let Some(stemmer) = &mut self.stemmer {
            texts.retain(|text| text.len() < MAX_TOKEN_BYTES);
            for text in &mut texts {
                let stem = stemmer
                    .token_stream(text)
                    .next()
                    .map(|token| token.text.clone());
                if let Some(stem) = stem {
                    *text = stem;
                }
            }
        }
        texts
    }

    /// The range in `texts` of the token texts of `word`, analysed when new.
    fn cached(&mut self, word: &str) -> (u32, u32) {
        if let Some(range) = self.cache.get(word) {
            return *range;
        }
        let texts = self.analyse(word);
        let start = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        let end = start.saturating_add(u32::try_from(texts.len()).unwrap_or(u32::MAX));
        self.texts.extend(texts);
        self.cache.insert(word.into(), (start, end));
        (start, end)
    }
}

/// Where one word's tokens are: its offsets, position and token texts.
#[derive(Debug, Clone, Copy)]
struct WordTokens {
    offset_from: usize,
    offset_to: usize,
    position: usize,
    texts: (u32, u32),
}

/// The tokens of one text: the words are looked up once, up front; each token's text is
/// copied from the tokenizer's cache into one reused [`Token`] as the stream advances.
#[derive(Debug)]
pub struct DanishTokenStream<'a> {
    texts: &'a [String],
    words: Vec<WordTokens>,
    /// Index into `words` of the current token's word.
    word: usize,
    /// Index into `texts` of the current token.
    next_text: u32,
    token: Token,
}

impl TokenStream for DanishTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let Some(word) = self.words.get(self.word) else {
                return false;
            };
            if self.next_text < word.texts.0 {
                self.next_text = word.texts.0;
            }
            if self.next_text < word.texts.1 {
                let text = &self.texts[self.next_text as usize];
                self.token.offset_from = word.offset_from;
                self.token.offset_to = word.offset_to;
                self.token.position = word.position;
                self.token.position_length = 1;
                self.token.text.clear();
                self.token.text.push_str(text);
                self.next_text += 1;
                return true;
            }
            self.word += 1;
            self.next_text = 0;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for DanishTokenizer {
    type TokenStream<'a> = DanishTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> DanishTokenStream<'a> {
        if self.cache.len() >= CACHE_WORDS {
            self.cache.clear();
            self.texts.clear();
        }
        let mut found = Vec::new();
        for (position, (offset, word)) in words(text).enumerate() {
            found.push(WordTokens {
                offset_from: offset,
                offset_to: offset + word.len(),
                position,
                texts: self.cached(word),
            });
        }
        DanishTokenStream {
            texts: &self.texts,
            words: found,
            word: 0,
            next_text: 0,
            token: Token::default(),
        }
    }
}

/// The token of two adjacent stems in the `pairs` field: "anbefal godkend".
pub fn pair(first: &str, second: &str) -> String {
    format!("{first} {second}")
}

/// Pairs of adjacent stemmed words ([`pair`]), so a phrase search looks up its pairs, a
/// cheap term lookup that rules out nearly every item, before it reads word positions.
/// Positions are those of the first word.
#[derive(Debug, Clone, Default)]
pub struct PairTokenizer {
    words: DanishTokenizer,
    tokens: Vec<Token>,
}

impl PairTokenizer {
    /// Pairs of stems.
    pub fn new() -> PairTokenizer {
        PairTokenizer {
            words: DanishTokenizer::new().stemming(),
            tokens: Vec::new(),
        }
    }
}

/// The pair tokens of one text.
#[derive(Debug)]
pub struct PairTokenStream<'a> {
    tokens: &'a [Token],
    next: usize,
    token: Token,
}

impl TokenStream for PairTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(token) = self.tokens.get(self.next) else {
            return false;
        };
        self.token.clone_from(token);
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for PairTokenizer {
    type TokenStream<'a> = PairTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairTokenStream<'a> {
        let mut pairs = Vec::new();
        let mut stream = self.words.token_stream(text);
        let mut previous: Option<Token> = None;
        while stream.advance() {
            let token = stream.token();
            if let Some(first) = &previous
                && first.position + 1 == token.position
            {
                pairs.push(Token {
                    offset_from: first.offset_from,
                    offset_to: token.offset_to,
                    position: first.position,
                    text: pair(&first.text, &token.text),
                    position_length: 1,
                });
            }
            previous = Some(token.clone());
        }
        self.tokens = pairs;
        PairTokenStream {
            tokens: &self.tokens,
            next: 0,
            token: Token::default(),
        }
    }
}

/// The analyzer of the `pairs` field.
pub fn pairs_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(PairTokenizer::new()).build()
}

/// The analyzer of the main fields: words, stemmed.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(DanishTokenizer::new().stemming()).build()
}

/// The analyzer of the `*_parts` fields: words and compound parts, stemmed.
pub fn parts_analyzer(lexicon: Arc<Lexicon>) -> TextAnalyzer {
    TextAnalyzer::builder(DanishTokenizer::with_lexicon(lexicon).stemming()).build()
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
    fn edit_distance_counts_single_letter_changes() {
        let chars = |word: &str| word.chars().collect::<Vec<_>>();
        assert_eq!(
            edit_distance(&chars("plejehjm"), &chars("plejehjem"), 2),
            Some(1)
        );
        assert_eq!(
            edit_distance(&chars("budget"), &chars("budget"), 1),
            Some(0)
        );
        assert_eq!(
            edit_distance(&chars("kommune"), &chars("komune"), 1),
            Some(1)
        );
        assert_eq!(
            edit_distance(&chars("udvalg"), &chars("udvlag"), 2),
            Some(2)
        );
        assert_eq!(edit_distance(&chars("skole"), &chars("trafik"), 2), None);
    }

    #[test]
    fn accents_fold_and_danish_letters_stay() {
        assert_eq!(normalise_word("Café"), "cafe");
        assert_eq!(normalise_word("MÜLLER"), "muller");
        assert_eq!(normalise_word("Göteborg"), "gøteborg");
        assert_eq!(normalise_word("Ærø"), "ærø");
        assert_eq!(stems("idé"), stems("ide"));
    }

    #[test]
    fn words_split_on_anything_but_letters_and_digits() {
        let got: Vec<(usize, &str)> = words(" Øl-og vand,  2025 Ærø…ål ").collect();
        assert_eq!(
            got,
            [
                (1, "Øl"),
                (5, "og"),
                (8, "vand"),
                (15, "2025"),
                (20, "Ærø"),
                (28, "ål")
            ]
        );
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" – ").count(), 0);
    }

    #[test]
    fn overlong_words_are_dropped_and_repeats_tokenise_alike() {
        let long = "x".repeat(MAX_TOKEN_BYTES);
        let text = format!("Plejehjemmene {long} plejehjemmene Plejehjemmene");
        assert_eq!(stems(&text), ["plejehjem", "plejehjem", "plejehjem"]);
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
