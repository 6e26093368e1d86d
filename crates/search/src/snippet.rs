//! Snippets: a passage of a stored text around the first word that holds a searched stem,
//! with every such word marked. Found by plain substring search in the lower-cased text:
//! a stem begins the words it comes from ("godkend" in "godkendte") and sits inside
//! compounds ("udvalg" in "Omsorgsudvalget"), so no text is analysed again at search time
//! (running the analyzer over the stored text of every hit was most of a search's cost).

use std::ops::Range;

use memchr::memmem;

use crate::Snippet;

/// Most characters of text before the first marked word.
const BEFORE: usize = 80;
/// Length of a passage, in bytes (about 220 characters of Danish).
const LENGTH: usize = 240;
/// How far into a long text hits are looked for, in bytes.
const SCAN: usize = 64 * 1024;

/// The lower-case stems a snippet looks for, prepared once per search.
pub(crate) struct Needles {
    finders: Vec<memmem::Finder<'static>>,
    /// Length of the longest, in bytes.
    longest: usize,
}

impl Needles {
    pub(crate) fn new(needles: &[String]) -> Needles {
        let finders: Vec<memmem::Finder<'static>> = needles
            .iter()
            .filter(|needle| !needle.is_empty())
            .map(|needle| memmem::Finder::new(needle.as_bytes()).into_owned())
            .collect();
        let longest = finders.iter().map(|f| f.needle().len()).max().unwrap_or(0);
        Needles { finders, longest }
    }

    /// Where the first needle starts in `haystack`, and its length. (A needle is text: it
    /// starts and ends on character boundaries, and so does every match.)
    fn first(&self, haystack: &[u8]) -> Option<(usize, usize)> {
        self.finders
            .iter()
            .filter_map(|finder| Some((finder.find(haystack)?, finder.needle().len())))
            .min()
    }
}

/// The passage of `text` around the first word containing any of `needles`, or `None` when
/// no word does. The text is lower-cased only as far as the passage reaches.
pub(crate) fn make(text: &str, needles: &Needles) -> Option<Snippet> {
    if needles.finders.is_empty() {
        return None;
    }
    let scanned = &text[..floor_boundary(text, text.len().min(SCAN))];
    let mut lower: Vec<u8> = Vec::with_capacity(scanned.len().min(2 * CHUNK));
    // Lower-case a chunk at a time until a needle is found; a needle may straddle two
    // chunks, so each search starts a needle's length before the new chunk.
    let mut first = None;
    while first.is_none() && lower.len() < scanned.len() {
        let from = lower
            .len()
            .saturating_sub(needles.longest.saturating_sub(1));
        let end = floor_boundary(scanned, (lower.len() + CHUNK).min(scanned.len()));
        let end = if end <= lower.len() {
            ceil_boundary(scanned, lower.len() + 1)
        } else {
            end
        };
        lower_into(&scanned[lower.len()..end], &mut lower)?;
        first = needles
            .first(&lower[from..])
            .map(|(at, len)| (from + at, len));
    }
    let (first, len) = first?;
    let first = word_around(scanned, first, first + len).start;
    let start = passage_start(scanned, first);
    let end = passage_end(scanned, start);
    if lower.len() < end {
        lower_into(&scanned[lower.len()..end], &mut lower)?;
    }
    let passage = &lower[start..end];
    let mut words: Vec<Range<usize>> = Vec::new();
    for finder in &needles.finders {
        for at in finder.find_iter(passage) {
            let word = word_around(scanned, start + at, start + at + finder.needle().len());
            if word.start >= start && word.end <= end {
                words.push(word.start - start..word.end - start);
            }
        }
    }
    words.sort_by_key(|word| word.start);
    words.dedup();
    Some(Snippet {
        text: scanned[start..end].to_owned(),
        highlights: words,
    })
}

/// Bytes lower-cased per step while looking for the first needle.
const CHUNK: usize = 2 * 1024;

/// The nearest character boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The nearest character boundary at or after `at` (at most the end).
fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Appends `text` lower-cased to `out`, when that keeps the length of every character (so
/// that offsets in `out` are offsets in `text`); `None` otherwise. ASCII, most of the text,
/// is lower-cased a byte at a time, the Latin-1 capitals (Æ, Ø, Å, …) by their second byte;
/// only other characters are looked up (`str::to_lowercase` looks up every character, and
/// was a fifth of a search's time).
fn lower_into(text: &str, out: &mut Vec<u8>) -> Option<()> {
    let begin = out.len();
    out.extend_from_slice(text.as_bytes());
    let bytes = &mut out[begin..];
    bytes.make_ascii_lowercase();
    let mut at = 0;
    while let Some(skip) = bytes[at..].iter().position(|byte| !byte.is_ascii()) {
        at += skip;
        if bytes[at] == 0xC3 && at + 1 < bytes.len() {
            // U+00C0..U+00DE but × (U+00D7): capitals whose lower case is 0x20 further.
            let second = bytes[at + 1];
            if (0x80..=0x9E).contains(&second) && second != 0x97 {
                bytes[at + 1] = second + 0x20;
            }
            at += 2;
            continue;
        }
        let ch = text[at..].chars().next()?;
        let mut lower = ch.to_lowercase();
        let (Some(one), None) = (lower.next(), lower.next()) else {
            return None;
        };
        if one.len_utf8() != ch.len_utf8() {
            return None;
        }
        one.encode_utf8(&mut bytes[at..at + ch.len_utf8()]);
        at += ch.len_utf8();
    }
    Some(())
}

/// The whole word (letters and digits) around `start..end`.
fn word_around(text: &str, start: usize, end: usize) -> Range<usize> {
    let from = text[..start]
        .char_indices()
        .rev()
        .take_while(|(_, ch)| ch.is_alphanumeric())
        .last()
        .map_or(start, |(idx, _)| idx);
    let to = text[end..]
        .char_indices()
        .find(|(_, ch)| !ch.is_alphanumeric())
        .map_or(text.len(), |(idx, _)| end + idx);
    from..to
}

/// A word start up to [`BEFORE`] characters before `first`.
fn passage_start(text: &str, first: usize) -> usize {
    let before: Vec<(usize, char)> = text[..first].char_indices().rev().take(BEFORE).collect();
    if before.len() < BEFORE {
        // Close to the start: begin at the first word.
        return text
            .char_indices()
            .find(|(_, ch)| ch.is_alphanumeric())
            .map_or(0, |(idx, _)| idx.min(first));
    }
    // Skip the cut word: begin after the first separator in the window.
    before
        .iter()
        .rev()
        .skip_while(|(_, ch)| ch.is_alphanumeric())
        .find(|(_, ch)| ch.is_alphanumeric())
        .map_or(first, |(idx, _)| *idx)
}

/// The end of the last whole word within [`LENGTH`] bytes of `start`.
fn passage_end(text: &str, start: usize) -> usize {
    let mut limit = (start + LENGTH).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let window = &text[start..limit];
    if limit < text.len() && text[limit..].starts_with(char::is_alphanumeric) {
        // Drop the cut word.
        if let Some((idx, _)) = window
            .char_indices()
            .rev()
            .find(|(_, ch)| !ch.is_alphanumeric())
        {
            return trim_end(text, start, start + idx);
        }
    }
    trim_end(text, start, limit)
}

/// Back from `end` to the end of the last word.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    text[start..end]
        .char_indices()
        .rev()
        .find(|(_, ch)| ch.is_alphanumeric())
        .map_or(end, |(idx, ch)| start + idx + ch.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(text: &str, needles: &[&str]) -> Option<String> {
        let needles: Vec<String> = needles.iter().map(|n| (*n).to_owned()).collect();
        make(text, &Needles::new(&needles)).map(|snippet| snippet.marked("[", "]"))
    }

    fn lower(text: &str) -> Option<String> {
        let mut out = Vec::new();
        lower_into(text, &mut out)?;
        Some(String::from_utf8(out).unwrap())
    }

    #[test]
    fn lower_casing_keeps_offsets_or_gives_up() {
        assert_eq!(
            lower("ÆBLER på Østergade, ÅRHUS, ÉN × ÜBER ß").as_deref(),
            Some("æbler på østergade, århus, én × über ß")
        );
        assert_eq!(
            lower("1,5 mio. kr. – §17 Ω"),
            Some("1,5 mio. kr. – §17 ω".into())
        );
        // The Kelvin sign lower-cases to a one-byte "k": offsets would move.
        assert_eq!(lower("5 \u{212A}"), None);
        // Capital dotted I lower-cases to two characters.
        assert_eq!(lower("\u{130}stanbul"), None);
    }

    #[test]
    fn hits_may_begin_with_letters_of_two_bytes() {
        assert_eq!(
            marked(
                "Det samlede årsregnskab 2021 blev taget til efterretning.",
                &["årsregnskab", "efterretning"]
            )
            .unwrap(),
            "Det samlede [årsregnskab] 2021 blev taget til [efterretning]"
        );
        assert_eq!(
            marked("Øst for Ølstykke", &["ølstyk"]).unwrap(),
            "Øst for [Ølstykke]"
        );
    }

    #[test]
    fn any_text_and_needles_give_marks_on_character_boundaries() {
        // Texts mixing one-, two- and three-byte characters, needles cut from them.
        let alphabet = ["a", "å", "Æ", "ø", " ", "K", "\u{212A}", "–", "x", "É", "."];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for _ in 0..2_000 {
            let len = next(40);
            let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let needle = if chars.is_empty() {
                String::from("a")
            } else {
                let from = chars[next(chars.len())].0;
                let rest = &text[from..];
                let take = rest
                    .chars()
                    .take(1 + next(4))
                    .map(char::len_utf8)
                    .sum::<usize>();
                rest[..take].to_lowercase()
            };
            if let Some(snippet) = make(&text, &Needles::new(std::slice::from_ref(&needle))) {
                for range in &snippet.highlights {
                    assert!(
                        snippet.text.is_char_boundary(range.start),
                        "{text:?} {needle:?}"
                    );
                    assert!(
                        snippet.text.is_char_boundary(range.end),
                        "{text:?} {needle:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn hits_across_chunks_and_far_into_the_text_are_found() {
        for pad in [CHUNK - 5, CHUNK - 1, CHUNK, 3 * CHUNK + 2] {
            let text = format!(
                "{} Plejehjemmet åbner igen. Plejehjem.",
                "x".repeat(pad - 1)
            );
            let snippet = marked(&text, &["plejehjem"]).unwrap();
            assert!(
                snippet.ends_with("[Plejehjemmet] åbner igen. [Plejehjem]"),
                "{pad}: {snippet}"
            );
        }
        // Beyond the scanned part: not looked for.
        let text = format!("{} plejehjem", "ø".repeat(SCAN));
        assert_eq!(marked(&text, &["plejehjem"]), None);
    }

    #[test]
    fn whole_words_holding_a_stem_are_marked() {
        assert_eq!(
            marked(
                "Sagen sendes til Omsorgsudvalget. Udvalget skal se på budgettet.",
                &["udvalg"]
            )
            .unwrap(),
            "Sagen sendes til [Omsorgsudvalget]. [Udvalget] skal se på budgettet"
        );
        assert_eq!(marked("Intet her.", &["giraf"]), None);
    }

    #[test]
    fn long_texts_give_a_passage_around_the_first_hit() {
        let text = format!(
            "{}Rådmanden godkendte planen for plejehjem i år. {}",
            "Æbler og pærer. ".repeat(50),
            "Mere tekst. ".repeat(50)
        );
        let snippet = marked(&text, &["plejehjem", "godkend"]).unwrap();
        assert!(
            snippet.contains("[godkendte] planen for [plejehjem]"),
            "{snippet}"
        );
        assert!(snippet.len() <= LENGTH + 10, "{snippet}");
        assert!(snippet.starts_with(char::is_alphanumeric), "{snippet}");
        assert!(snippet.ends_with(char::is_alphanumeric), "{snippet}");
    }
}
