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
        Cow::Owned(to_lowercase(text))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text.to_lowercase()`. The standard one looks every character after the first non-ASCII
/// one up in the case tables; Danish text has a few capitals among many `æ`, `ø`, `å`, so
/// this lowercases the ASCII letters in one pass and looks up only the other capitals.
pub(crate) fn to_lowercase(text: &str) -> String {
    let mut out = text.to_owned();
    out.make_ascii_lowercase();
    if text.is_ascii() {
        return out;
    }
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Characters outside ASCII start with a lead byte of 0xC0 or more: skip eight bytes
        // at a time while there is none.
        if let Some(chunk) = chunk_at(bytes, at)
            && chunk & (chunk << 1) & HIGH_BITS == 0
        {
            at += 8;
            continue;
        }
        if bytes[at] < 0xC0 {
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let len = c.len_utf8();
        if c.is_uppercase() || is_titlecase(c) {
            let mut lowered = c.to_lowercase();
            match (lowered.next(), lowered.next()) {
                // `Σ` depends on its neighbours, and a few letters change their length
                // (`İ`, `ẞ`, the Kelvin sign): leave those to the standard library.
                (Some(l), None) if c != 'Σ' && l.len_utf8() == len => {
                    let mut buf = [0u8; 4];
                    out.replace_range(at..at + len, l.encode_utf8(&mut buf));
                }
                _ => return text.to_lowercase(),
            }
        }
        at += len;
    }
    out
}

/// Whether `text.to_lowercase()` differs from `text`.
fn changes_in_lowercase(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Eight ASCII bytes without a capital at a time.
        if let Some(chunk) = chunk_at(bytes, at)
            && chunk & HIGH_BITS == 0
            && !has_ascii_capital(chunk)
        {
            at += 8;
            continue;
        }
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

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// The eight bytes from `at`, if there are eight.
fn chunk_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at + 8)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// Whether eight ASCII bytes (all below 0x80) hold one of `A`..=`Z`: adding 0x3F sets the
/// high bit of the bytes from `A` on, adding 0x25 that of the bytes after `Z`; no sum
/// carries into the next byte.
fn has_ascii_capital(chunk: u64) -> bool {
    let from_a = chunk + 0x3F3F_3F3F_3F3F_3F3F;
    let after_z = chunk + 0x2525_2525_2525_2525;
    from_a & !after_z & HIGH_BITS != 0
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
    if needle.len() > haystack.len() {
        return None;
    }
    // Any byte of the needle can anchor the search; a rare one among the first few will do.
    let head = &needle.as_bytes()[..needle.len().min(16)];
    find_anchored(haystack.as_bytes(), needle.as_bytes(), rarest_byte(head))
}

/// `haystack.contains(needle)`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// A fixed needle with its rarest byte picked in advance.
#[derive(Clone, Copy)]
struct Needle {
    text: &'static [u8],
    anchor: usize,
}

/// Up to 32 fixed needles, looked for in one pass: each byte of the haystack is looked up
/// in a table of the needles' rare bytes, and only there are needles compared.
pub(crate) struct Needles<const N: usize> {
    needles: [Needle; N],
    /// Bit `i` of entry `b`: needle `i` has the byte `b` at its anchor.
    by_anchor: [u32; 256],
}

impl<const N: usize> Needles<N> {
    pub(crate) const fn new(texts: [&'static str; N]) -> Needles<N> {
        assert!(N <= 32, "one bit per needle");
        let mut needles = [Needle {
            text: b"",
            anchor: 0,
        }; N];
        let mut by_anchor = [0u32; 256];
        let mut idx = 0;
        while idx < N {
            let text = texts[idx].as_bytes();
            assert!(!text.is_empty(), "needles are not empty");
            let anchor = rarest_byte(text);
            needles[idx] = Needle { text, anchor };
            by_anchor[text[anchor] as usize] |= 1 << idx;
            idx += 1;
        }
        Needles { needles, by_anchor }
    }

    /// Whether `haystack` contains any of the needles.
    pub(crate) fn any_in(&self, haystack: &str) -> bool {
        let hay = haystack.as_bytes();
        for (pos, &byte) in hay.iter().enumerate() {
            let mut candidates = self.by_anchor[usize::from(byte)];
            while candidates != 0 {
                let needle = &self.needles[candidates.trailing_zeros() as usize];
                candidates &= candidates - 1;
                let Some(start) = pos.checked_sub(needle.anchor) else {
                    continue;
                };
                if hay.get(start..start + needle.text.len()) == Some(needle.text) {
                    return true;
                }
            }
        }
        false
    }
}

/// Finds `needle` by looking for its byte at `anchor` with `memchr` and comparing the rest:
/// with a rare anchor (a capital, a digit, `b`, `h`, `ø` rather than `e` or a space) few
/// places are compared. Every match at a byte offset of valid UTF-8 is at a character
/// boundary, so the first one is what `str::find` returns.
fn find_anchored(haystack: &[u8], needle: &[u8], anchor: usize) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    let last_start = haystack.len().checked_sub(needle.len())?;
    let byte = needle[anchor];
    let end = last_start + anchor + 1;
    let mut from = anchor;
    while from < end {
        let pos = from + memchr::memchr(byte, &haystack[from..end])?;
        let start = pos - anchor;
        if &haystack[start..start + needle.len()] == needle {
            return Some(start);
        }
        from = pos + 1;
    }
    None
}

/// The offset of the byte of `needle` that is least common in Danish text.
const fn rarest_byte(needle: &[u8]) -> usize {
    let mut best = 0;
    let mut idx = 1;
    while idx < needle.len() {
        if frequency(needle[idx]) < frequency(needle[best]) {
            best = idx;
        }
        idx += 1;
    }
    best
}

/// A rough rank of how often a byte occurs in lowercase Danish minutes.
const fn frequency(byte: u8) -> u8 {
    match byte {
        b' ' => 255,
        b'e' => 200,
        b'r' | b'n' => 150,
        b't' | b'd' | b'a' => 140,
        b'i' | b's' => 120,
        b'l' => 110,
        b'g' | b'o' => 90,
        b'k' => 80,
        b'm' => 70,
        b'f' | b'v' | b'u' => 60,
        b'b' | b'h' | b'p' | 0xC3 | b'.' => 40,
        b',' | b'-' => 25,
        // The second bytes of `æ`, `ø`, `å`.
        0xA5 | 0xA6 | 0xB8 => 20,
        b'j' | b'y' | b'c' => 15,
        _ => 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_matches_std() {
        for text in [
            "",
            "İstanbul",
            "Økonomiudvalget godkendte Å-planen",
            "ÉN KELVIN \u{212a}",
            "abcdefghijklmnopqrstuvwxyz@[`{ 0123456789 møde om æbler",
            "abcdefghijklmnopqrstuvwxyZ",
            "abcdefghAbcdefgh",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "rådmandsmødekredsen godkendte planen for Østjylland",
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
            assert_eq!(to_lowercase(text), text.to_lowercase(), "{text}");
            assert_eq!(
                matches!(lower(text), Cow::Borrowed(_)),
                text.to_lowercase() == text,
                "{text}"
            );
        }
    }

    #[test]
    fn capitals_in_chunks() {
        for byte in 0..0x80u8 {
            for pos in 0..8 {
                let mut chunk = [b'a'; 8];
                chunk[pos] = byte;
                let got = has_ascii_capital(u64::from_le_bytes(chunk));
                assert_eq!(got, byte.is_ascii_uppercase(), "{byte:#x} at {pos}");
            }
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
        let set = Needles::new(["stemte", "kunne ikke", "ført", "ønskede"]);
        for (hay, want) in [
            ("a kunne ikke b", true),
            ("kunne ikk", false),
            ("bestemte", true),
            ("ført", true),
            ("førte", true),
            ("ønsked", false),
            ("", false),
        ] {
            assert_eq!(set.any_in(hay), want, "{hay}");
        }
        for needle in ["e", "ee", "bee", "eb", "eeb", "beb"] {
            for hay in ["", "b", "eb", "beeb", "ebeebb", "eeeb", "æbeb"] {
                assert_eq!(find(hay, needle), hay.find(needle), "{needle} in {hay}");
            }
        }
    }
}
