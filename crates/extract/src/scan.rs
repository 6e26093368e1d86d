//! Case folding and substring search for the rules' inner loops. The rules run over every
//! sentence several times, so these avoid what `str::to_lowercase` and `str::contains` spend
//! on short text: a new `String` when the text is already lowercase, and the two-way
//! searcher that `str::contains` sets up for every call.
//!
//! Every function here gives exactly the result of its `std` counterpart; it knows nothing
//! about minutes.

use std::borrow::Cow;

/// `text.to_lowercase()`, borrowing `text` when lowercasing would not change it (the common
/// case in running text).
pub(crate) fn lower(text: &str) -> Cow<'_, str> {
    if changes_in_lowercase(text) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `text.to_lowercase()` differs from `text`.
fn changes_in_lowercase(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte < 0x80 {
            if byte.is_ascii_uppercase() {
                return true;
            }
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        // Besides the capitals, only the titlecase letters (`ǅ`, Greek with prosgegrammeni)
        // have a different lowercase form.
        if c.is_uppercase() || is_titlecase(c) {
            return true;
        }
        at += c.len_utf8();
    }
    false
}

fn is_titlecase(c: char) -> bool {
    matches!(
        c,
        '\u{1c5}'
            | '\u{1c8}'
            | '\u{1cb}'
            | '\u{1f2}'
            | '\u{1f88}'..='\u{1f8f}'
            | '\u{1f98}'..='\u{1f9f}'
            | '\u{1fa8}'..='\u{1faf}'
            | '\u{1fbc}'
            | '\u{1fcc}'
            | '\u{1ffc}'
    )
}

/// `haystack.find(needle)`: the byte offset of the first occurrence.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    let hay = haystack.as_bytes();
    let pattern = needle.as_bytes();
    let Some((&first, rest)) = pattern.split_first() else {
        return Some(0);
    };
    let last_start = hay.len().checked_sub(pattern.len())?;
    let mut at = 0;
    while at <= last_start {
        at += hay[at..=last_start].iter().position(|&b| b == first)?;
        if &hay[at + 1..at + pattern.len()] == rest {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// `haystack.contains(needle)`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Whether `haystack` contains any of `needles`.
pub(crate) fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|needle| contains(haystack, needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_matches_std() {
        for text in [
            "",
            "godkendt",
            "Godkendt",
            "møde",
            "MØDE",
            "Ærø",
            "ǅemal",
            "ΣΑΣ",
            "plan 2025-2028 – x",
        ] {
            assert_eq!(lower(text), text.to_lowercase(), "{text}");
            assert_eq!(
                matches!(lower(text), Cow::Borrowed(_)),
                text.to_lowercase() == text,
                "{text}"
            );
        }
    }

    #[test]
    fn find_matches_std() {
        let hay = "udvalget tog forbehold for ønskede ført til protokol, ført";
        for needle in [
            "",
            "u",
            "ført",
            "ønskede",
            "protokol, ført",
            "x",
            "førtx",
            hay,
            "ført ",
        ] {
            assert_eq!(find(hay, needle), hay.find(needle), "{needle}");
        }
        assert_eq!(find("ab", "abc"), None);
        assert!(contains_any("a kunne ikke b", &["stemte", "kunne ikke"]));
    }
}
