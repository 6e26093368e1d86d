//! Snippets: a passage of a stored text around the first word that holds a searched stem,
//! with every such word marked. Found by plain substring search in the lower-cased text:
//! a stem begins the words it comes from ("godkend" in "godkendte") and sits inside
//! compounds ("udvalg" in "Omsorgsudvalget"), so no text is analysed again at search time
//! (running the analyzer over the stored text of every hit was most of a search's cost).

use std::ops::Range;

use crate::Snippet;

/// Most characters of text before the first marked word.
const BEFORE: usize = 80;
/// Length of a passage, in bytes (about 220 characters of Danish).
const LENGTH: usize = 240;
/// How far into a long text hits are looked for, in bytes.
const SCAN: usize = 64 * 1024;

/// The passage of `text` around the first word containing any of `needles` (lower-case),
/// or `None` when no word does.
pub(crate) fn make(text: &str, needles: &[String]) -> Option<Snippet> {
    let mut scan = text.len().min(SCAN);
    while !text.is_char_boundary(scan) {
        scan -= 1;
    }
    let scanned = &text[..scan];
    // Lower-casing must keep every byte offset (true for Danish text); otherwise give up
    // rather than mark the wrong bytes.
    let lower = lower_in_place(scanned)?;
    let mut words: Vec<Range<usize>> = Vec::new();
    for needle in needles.iter().filter(|needle| !needle.is_empty()) {
        for (at, _) in lower.match_indices(needle.as_str()) {
            words.push(word_around(scanned, at, at + needle.len()));
        }
    }
    words.sort_by_key(|word| word.start);
    words.dedup();
    let first = words.first()?.start;
    let start = passage_start(scanned, first);
    let end = passage_end(scanned, start);
    let highlights = words
        .iter()
        .filter(|word| word.start >= start && word.end <= end)
        .map(|word| word.start - start..word.end - start)
        .collect();
    Some(Snippet {
        text: scanned[start..end].to_owned(),
        highlights,
    })
}

/// `text` lower-cased, when that keeps the length of every character. ASCII, most of the
/// text, is lower-cased a byte at a time; only other characters are decoded and looked up
/// (`str::to_lowercase` looks up every character, and was a fifth of a search's time).
fn lower_in_place(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    bytes.make_ascii_lowercase();
    let mut at = 0;
    while let Some(skip) = bytes[at..].iter().position(|byte| !byte.is_ascii()) {
        at += skip;
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
    String::from_utf8(bytes).ok()
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
        make(text, &needles).map(|snippet| snippet.marked("[", "]"))
    }

    #[test]
    fn lower_casing_keeps_offsets_or_gives_up() {
        assert_eq!(
            lower_in_place("ÆBLER på Østergade, ÅRHUS").as_deref(),
            Some("æbler på østergade, århus")
        );
        assert_eq!(
            lower_in_place("1,5 mio. kr. – §17"),
            Some("1,5 mio. kr. – §17".into())
        );
        // The Kelvin sign lower-cases to a one-byte "k": offsets would move.
        assert_eq!(lower_in_place("5 \u{212A}"), None);
        // Capital dotted I lower-cases to two characters.
        assert_eq!(lower_in_place("\u{130}stanbul"), None);
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
