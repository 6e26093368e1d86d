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

/// A lowercase word: borrowed when lowercasing changes nothing, else kept inline when it
/// is short (most capitalised words are), so that a word costs no allocation.
#[derive(Debug, Clone)]
pub(crate) enum Lower<'a> {
    Borrowed(&'a str),
    Inline { len: u8, bytes: [u8; INLINE] },
    Owned(String),
}

const INLINE: usize = 22;

impl Lower<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Lower::Borrowed(text) => text,
            // Only whole lowercase characters are written to `bytes[..len]`.
            Lower::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Lower::Owned(text) => text,
        }
    }
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Lower<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

/// [`lower`] for one word: the same text, without an allocation for short words.
pub(crate) fn lower_word(text: &str) -> Lower<'_> {
    if !changes_in_lowercase(text) {
        return Lower::Borrowed(text);
    }
    if text.len() > INLINE {
        return Lower::Owned(to_lowercase(text));
    }
    let mut bytes = [0u8; INLINE];
    let out = &mut bytes[..text.len()];
    out.copy_from_slice(text.as_bytes());
    if !lower_in_place(text, out) {
        return Lower::Owned(text.to_lowercase());
    }
    Lower::Inline {
        // At most `INLINE` bytes.
        len: u8::try_from(text.len()).unwrap_or_default(),
        bytes,
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
    let kept_lengths = each_capital(text, |at, c| match single_lower(c) {
        Some(l) => {
            let mut buf = [0u8; 4];
            out.replace_range(at..at + c.len_utf8(), l.encode_utf8(&mut buf));
            true
        }
        None => false,
    });
    if kept_lengths {
        out
    } else {
        text.to_lowercase()
    }
}

/// The lowercase of `text` with the same byte offsets, when every capital in it lowercases
/// on its own to a character of the same length and none is a titlecase letter: then a
/// slice of it is [`lower`] of the same slice of `text` (and the dates lexer's copy).
/// None for text such as `İ`, `ẞ`, `Σ` or `ǅ`.
pub(crate) fn aligned_lower(text: &str) -> Option<String> {
    let mut out = text.to_owned();
    out.make_ascii_lowercase();
    if text.is_ascii() {
        return Some(out);
    }
    let aligned = each_capital(text, |at, c| match single_lower(c) {
        Some(l) if !is_titlecase(c) => {
            let mut buf = [0u8; 4];
            out.replace_range(at..at + c.len_utf8(), l.encode_utf8(&mut buf));
            true
        }
        _ => false,
    });
    aligned.then_some(out)
}

/// Lowercases `out`, a byte copy of `text`, character by character in place. False when a
/// character's lowercase form has another length or depends on its neighbours (`İ`, `ẞ`,
/// the Kelvin sign, `Σ`): `out` is then not the lowercase text.
pub(crate) fn lower_in_place(text: &str, out: &mut [u8]) -> bool {
    out.make_ascii_lowercase();
    if text.is_ascii() {
        return true;
    }
    each_capital(text, |at, c| match single_lower(c) {
        Some(l) => {
            l.encode_utf8(&mut out[at..at + c.len_utf8()]);
            true
        }
        None => false,
    })
}

/// The lowercase form of a capital when it is one character of the same length and does
/// not depend on its neighbours (`Σ` does).
fn single_lower(c: char) -> Option<char> {
    let mut lowered = c.to_lowercase();
    match (lowered.next(), lowered.next()) {
        (Some(l), None) if c != 'Σ' && l.len_utf8() == c.len_utf8() => Some(l),
        _ => None,
    }
}

/// Calls `visit` with the byte offset of every capital (or titlecase letter) outside ASCII,
/// in order, while it returns true; returns false when it stopped.
fn each_capital(text: &str, mut visit: impl FnMut(usize, char) -> bool) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    // Characters outside ASCII start with a lead byte of 0xC0 or more: find them eight
    // bytes at a time.
    while let Some(chunk) = chunk_at(bytes, at) {
        let mut leads = chunk & (chunk << 1) & HIGH_BITS;
        while leads != 0 {
            let pos = at + (leads.trailing_zeros() / 8) as usize;
            leads &= leads - 1;
            if let Some(c) = capital_at(text, pos)
                && !visit(pos, c)
            {
                return false;
            }
        }
        at += 8;
    }
    for (pos, &byte) in bytes.iter().enumerate().skip(at) {
        if byte >= 0xC0
            && let Some(c) = capital_at(text, pos)
            && !visit(pos, c)
        {
            return false;
        }
    }
    true
}

/// The capital or titlecase letter starting at `pos`, a lead byte of 0xC0 or more.
fn capital_at(text: &str, pos: usize) -> Option<char> {
    let bytes = text.as_bytes();
    // Latin-1 letters (`Æ`, `ø`, `å`, `É`) without decoding: the capitals `À`..=`Þ` (but
    // `×`) have second bytes 0x80..=0x9E.
    if bytes[pos] == 0xC3 {
        let second = *bytes.get(pos + 1)?;
        return if (0x80..=0x9E).contains(&second) && second != 0x97 {
            char::from_u32(0xC0 + u32::from(second & 0x3F))
        } else {
            None
        };
    }
    let c = text.get(pos..)?.chars().next()?;
    (c.is_uppercase() || is_titlecase(c)).then_some(c)
}

/// Whether `text.to_lowercase()` differs from `text`.
fn changes_in_lowercase(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(chunk) = chunk_at(bytes, at) {
        // The ASCII bytes of the chunk, with the others zeroed (no zero byte is a capital).
        let ascii = chunk & !((chunk & HIGH_BITS) >> 7).wrapping_mul(0xFF);
        if has_ascii_capital(ascii) {
            return true;
        }
        let mut leads = chunk & (chunk << 1) & HIGH_BITS;
        while leads != 0 {
            let pos = at + (leads.trailing_zeros() / 8) as usize;
            leads &= leads - 1;
            if capital_at(text, pos).is_some() {
                return true;
            }
        }
        at += 8;
    }
    bytes[at..].iter().enumerate().any(|(idx, &byte)| {
        byte.is_ascii_uppercase() || (byte >= 0xC0 && capital_at(text, at + idx).is_some())
    })
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

/// `lower(text).starts_with(prefix)` for a prefix without Greek letters, lowercasing only
/// as many characters of `text` as `prefix` has: no character lowercases to nothing, and
/// only `Σ`, which cannot match such a prefix, depends on the characters after it.
pub(crate) fn lower_starts_with(text: &str, prefix: &str) -> bool {
    // An ASCII prefix against an ASCII head of `text`: the head's lowercase is its ASCII
    // lowercase, byte for byte.
    let (bytes, wanted) = (text.as_bytes(), prefix.as_bytes());
    // A first byte that is ASCII lowercases to itself or its ASCII lowercase.
    if let (Some(&first), Some(&want)) = (bytes.first(), wanted.first())
        && first.is_ascii()
        && want.is_ascii()
        && first.to_ascii_lowercase() != want
    {
        return false;
    }
    let head = &bytes[..bytes.len().min(wanted.len())];
    if head.is_ascii() {
        // The head's lowercase is ASCII, byte for byte: it can only start with an ASCII
        // prefix.
        return wanted.is_ascii()
            && head.len() == wanted.len()
            && head
                .iter()
                .zip(wanted)
                .all(|(got, want)| got.to_ascii_lowercase() == *want);
    }
    let n_chars = prefix.chars().count();
    let end = text
        .char_indices()
        .nth(n_chars)
        .map_or(text.len(), |(at, _)| at);
    lower_word(&text[..end]).starts_with(prefix)
}

/// `text.split_whitespace()`, reading ASCII bytes without decoding them: only the lead
/// bytes of the whitespace characters outside ASCII (`0xC2`, `0xE1`..=`0xE3`) are decoded.
pub(crate) fn split_whitespace(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let len = whitespace_at(text, at);
            if len == 0 {
                break;
            }
            at += len;
        }
        let start = at;
        while let Some(&byte) = bytes.get(at) {
            if byte < 0x80 {
                if matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                    break;
                }
            } else if matches!(byte, 0xC2 | 0xE1..=0xE3) && whitespace_at(text, at) > 0 {
                break;
            }
            at += 1;
        }
        (at > start).then(|| &text[start..at])
    })
}

/// The byte length of the whitespace character at `at` (0 when there is none).
fn whitespace_at(text: &str, at: usize) -> usize {
    match text.as_bytes().get(at) {
        Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) => 1,
        Some(0xC2 | 0xE1..=0xE3) => match text[at..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
}

/// The byte offset of the ASCII `needle` in `haystack`, ignoring ASCII case (the other
/// bytes of `needle`, such as `ø`, compare exactly).
pub(crate) fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(0);
    }
    let last_start = hay.len().checked_sub(needle.len())?;
    // Only the places of the needle's rarest byte, in either case, are compared.
    let mut head = [0u8; 16];
    for (slot, byte) in head.iter_mut().zip(needle) {
        *slot = byte.to_ascii_lowercase();
    }
    let anchor = rarest_byte(&head[..needle.len().min(16)]);
    let byte = head[anchor];
    let region = &hay[anchor..=last_start + anchor];
    let at = |pos: usize| {
        hay[pos - anchor..pos - anchor + needle.len()]
            .eq_ignore_ascii_case(needle)
            .then_some(pos - anchor)
    };
    if byte.is_ascii_alphabetic() {
        memchr::memchr2_iter(byte, byte.to_ascii_uppercase(), region)
            .find_map(|pos| at(anchor + pos))
    } else {
        memchr::memchr_iter(byte, region).find_map(|pos| at(anchor + pos))
    }
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

/// `haystack.rfind(needle)`: the byte offset of the last occurrence.
pub(crate) fn rfind(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    if needle.is_empty() {
        return Some(hay.len());
    }
    let last_start = hay.len().checked_sub(needle.len())?;
    let anchor = rarest_byte(&needle[..needle.len().min(16)]);
    let byte = needle[anchor];
    // Anchor positions lie in `anchor..end`.
    let mut end = last_start + anchor + 1;
    while end > anchor {
        let pos = anchor + memchr::memrchr(byte, &hay[anchor..end])?;
        let start = pos - anchor;
        if matches_at(hay, start, needle) {
            return Some(start);
        }
        end = pos;
    }
    None
}

/// `haystack.contains(needle)`.
pub(crate) fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// A fixed needle with its rarest run of three bytes (of two for a needle of two bytes)
/// picked in advance: the run starts at `anchor`.
#[derive(Clone, Copy)]
struct Needle {
    text: &'static [u8],
    anchor: usize,
}

/// Up to 64 fixed needles of two bytes or more, looked for in one pass: each run of three
/// bytes of the haystack is looked up in three tables of the needles' rare runs, and only
/// where all three agree are needles compared.
pub(crate) struct Needles<const N: usize> {
    needles: [Needle; N],
    /// Bit `i` of entry `b` of table `k`: needle `i` has the byte `b` at `anchor + k`, or,
    /// for `k` = 2 and a needle of two bytes, any byte.
    tables: [[u64; 256]; 3],
    /// The needles of two bytes.
    short: u64,
}

impl<const N: usize> Needles<N> {
    pub(crate) const fn new(texts: [&'static str; N]) -> Needles<N> {
        assert!(N <= 64, "one bit per needle");
        let mut needles = [Needle {
            text: b"",
            anchor: 0,
        }; N];
        let mut tables = [[0u64; 256]; 3];
        let mut short = 0;
        let mut idx = 0;
        while idx < N {
            let text = texts[idx].as_bytes();
            assert!(text.len() >= 2, "needles have two bytes or more");
            let anchor = rarest_run(text);
            needles[idx] = Needle { text, anchor };
            tables[0][text[anchor] as usize] |= 1 << idx;
            tables[1][text[anchor + 1] as usize] |= 1 << idx;
            if text.len() == 2 {
                short |= 1 << idx;
                let mut byte = 0;
                while byte < 256 {
                    tables[2][byte] |= 1 << idx;
                    byte += 1;
                }
            } else {
                tables[2][text[anchor + 2] as usize] |= 1 << idx;
            }
            idx += 1;
        }
        Needles {
            needles,
            tables,
            short,
        }
    }

    /// Whether `haystack` contains any of the needles.
    pub(crate) fn any_in(&self, haystack: &str) -> bool {
        self.scan(haystack.as_bytes(), u64::MAX) != 0
    }

    /// [`Needles::any_in`] for bytes.
    pub(crate) fn any_in_bytes(&self, haystack: &[u8]) -> bool {
        self.scan(haystack, u64::MAX) != 0
    }

    /// The needles that `haystack` contains: bit `i` for the `i`th needle.
    pub(crate) fn hits_in(&self, haystack: &str) -> u64 {
        self.scan(haystack.as_bytes(), 0)
    }

    /// The needles whose anchor run is the run of bytes at `pos`, given that `pos + 2` is
    /// in `hay`.
    fn candidates(&self, hay: &[u8], pos: usize) -> u64 {
        let [first, second, third] = &self.tables;
        first[usize::from(hay[pos])]
            & second[usize::from(hay[pos + 1])]
            & third[usize::from(hay[pos + 2])]
    }

    /// Collects the bits of the needles found, and stops once one of `enough` is among them.
    fn scan(&self, hay: &[u8], enough: u64) -> u64 {
        let mut found = 0;
        let mut pos = 0;
        // Four runs at a time while none of them is an anchor run: most are not.
        while let Some(window) = hay.get(pos..pos + 6) {
            let [first, second, third] = &self.tables;
            let run = |at: usize| {
                first[usize::from(window[at])]
                    & second[usize::from(window[at + 1])]
                    & third[usize::from(window[at + 2])]
            };
            let masks = [run(0), run(1), run(2), run(3)];
            if (masks[0] | masks[1] | masks[2] | masks[3]) & !found != 0 {
                for (at, mask) in (pos..).zip(masks) {
                    found |= self.found_at(hay, at, mask & !found);
                }
                if found & enough != 0 {
                    return found;
                }
            }
            pos += 4;
        }
        while pos + 1 < hay.len() {
            let mask = if pos + 2 < hay.len() {
                self.candidates(hay, pos)
            } else {
                // The last pair: only a needle of two bytes fits.
                self.tables[0][usize::from(hay[pos])]
                    & self.tables[1][usize::from(hay[pos + 1])]
                    & self.short
            };
            found |= self.found_at(hay, pos, mask & !found);
            pos += 1;
        }
        found
    }

    /// Which of `candidates`, needles whose anchor run is at `pos`, occur there.
    fn found_at(&self, hay: &[u8], pos: usize, mut candidates: u64) -> u64 {
        let mut hits = 0;
        while candidates != 0 {
            let idx = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let needle = &self.needles[idx];
            if let Some(start) = pos.checked_sub(needle.anchor)
                && matches_at(hay, start, needle.text)
            {
                hits |= 1 << idx;
            }
        }
        hits
    }
}

/// A prefilter for a table of lowercase prefixes (up to 128, of two bytes or more): which of
/// them a text may start with once lowercased ([`lower_starts_with`]), told by its first
/// one or two characters. An ASCII byte lowercases to its ASCII lowercase, so a text whose
/// first two bytes are ASCII can only start with the prefixes that have those bytes in
/// lowercase; a text that starts outside ASCII can only start with the prefixes that start
/// with the first character its first character lowercases to (the Kelvin sign to `k`,
/// `Ø` to `ø`). The tables are built from the vocabulary's own lists, so a new word there is
/// never turned away here.
pub(crate) struct Prefixes {
    /// Bit `i` of entry `b`: prefix `i` starts with the ASCII byte `b`.
    first: [u128; 128],
    /// Bit `i` of entry `b`: prefix `i` has the ASCII byte `b` second.
    second: [u128; 128],
    /// The prefixes that start outside ASCII.
    wide: u128,
    prefixes: [&'static str; 128],
}

impl Prefixes {
    pub(crate) const fn new(prefixes: &[&'static str]) -> Prefixes {
        assert!(prefixes.len() <= 128, "one bit per prefix");
        let mut first = [0u128; 128];
        let mut second = [0u128; 128];
        let mut wide = 0;
        let mut all = [""; 128];
        let mut idx = 0;
        while idx < prefixes.len() {
            let bytes = prefixes[idx].as_bytes();
            assert!(bytes.len() >= 2, "prefixes have two bytes or more");
            all[idx] = prefixes[idx];
            if bytes[0] < 128 {
                first[bytes[0] as usize] |= 1 << idx;
            } else {
                wide |= 1 << idx;
            }
            if bytes[1] < 128 {
                second[bytes[1] as usize] |= 1 << idx;
            }
            idx += 1;
        }
        Prefixes {
            first,
            second,
            wide,
            prefixes: all,
        }
    }

    /// The prefixes (bit `i` for the `i`th) that `text` may start with in lowercase: every
    /// one that it does start with, and perhaps others.
    pub(crate) fn candidates(&self, text: &str) -> u128 {
        match text.as_bytes() {
            [first, second, ..] if first.is_ascii() => {
                let by_first = self.first[usize::from(first.to_ascii_lowercase())];
                if second.is_ascii() {
                    by_first & self.second[usize::from(second.to_ascii_lowercase())]
                } else {
                    // The second character may lowercase to anything.
                    by_first
                }
            }
            [first, ..] if !first.is_ascii() => {
                let Some(lowered) = text.chars().next().and_then(|c| c.to_lowercase().next())
                else {
                    return 0;
                };
                if lowered.is_ascii() {
                    return self.first[usize::from(lowered as u8)];
                }
                let mut buf = [0u8; 4];
                let lowered = lowered.encode_utf8(&mut buf).as_bytes();
                let mut wide = self.wide;
                let mut out = 0;
                while wide != 0 {
                    let idx = wide.trailing_zeros() as usize;
                    wide &= wide - 1;
                    if self.prefixes[idx].as_bytes().starts_with(lowered) {
                        out |= 1 << idx;
                    }
                }
                out
            }
            // Empty, or one ASCII byte: its lowercase is shorter than every prefix.
            _ => 0,
        }
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
        if matches_at(haystack, start, needle) {
            return Some(start);
        }
        from = pos + 1;
    }
    None
}

/// Whether `needle` occurs in `haystack` at `start`. The first and last bytes are compared
/// before the rest: most places an anchor byte is found at differ there, and are turned
/// away without a call to `memcmp`.
fn matches_at(haystack: &[u8], start: usize, needle: &[u8]) -> bool {
    let Some(found) = haystack.get(start..start + needle.len()) else {
        return false;
    };
    match (found.first(), found.last()) {
        (Some(first), Some(last)) => {
            *first == needle[0] && *last == needle[needle.len() - 1] && found == needle
        }
        _ => true,
    }
}

/// The offset of the byte of `needle` that is least common in Danish text.
const fn rarest_byte(needle: &[u8]) -> usize {
    let mut best = 0;
    let mut idx = 1;
    while idx < needle.len() {
        if FREQUENCY[needle[idx] as usize] < FREQUENCY[needle[best] as usize] {
            best = idx;
        }
        idx += 1;
    }
    best
}

/// [`frequency`] of every byte, for the searches that pick their anchor at run time.
static FREQUENCY: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = frequency(byte as u8);
        byte += 1;
    }
    table
};

/// The offset of the run of three adjacent bytes of `needle` (two for a needle of two
/// bytes) that is least common in Danish text, judged by the product of the ranks of its
/// bytes.
const fn rarest_run(needle: &[u8]) -> usize {
    if needle.len() < 3 {
        return 0;
    }
    let mut best = 0;
    let mut idx = 1;
    while idx + 2 < needle.len() {
        if run_rank(needle, idx) < run_rank(needle, best) {
            best = idx;
        }
        idx += 1;
    }
    best
}

const fn run_rank(needle: &[u8], at: usize) -> u32 {
    frequency(needle[at]) as u32
        * frequency(needle[at + 1]) as u32
        * frequency(needle[at + 2]) as u32
}

/// A rough rank of how often a byte occurs in lowercase Danish minutes.
const fn frequency(byte: u8) -> u8 {
    match byte {
        b' ' => 255,
        b'e' => 200,
        b'r' | b'n' => 150,
        b't' | b'd' | b'a' => 140,
        // The lead byte of `æ`, `ø`, `å`.
        b'i' | b's' | 0xC3 => 120,
        b'l' => 110,
        b'g' | b'o' => 90,
        b'k' => 80,
        b'm' => 70,
        // The second bytes of `æ`, `ø`, `å`.
        b'f' | b'v' | b'u' | 0xA5 | 0xA6 | 0xB8 => 60,
        b'b' | b'h' | b'p' | b'.' => 40,
        b',' | b'-' => 25,
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
            assert_eq!(lower_word(text).as_str(), text.to_lowercase(), "{text}");
            assert_eq!(
                matches!(lower(text), Cow::Borrowed(_)),
                text.to_lowercase() == text,
                "{text}"
            );
        }
    }

    #[test]
    fn lower_matches_std_for_each_char() {
        for c in ('\0'..='\u{3000}').chain(['\u{1e9e}', '\u{212a}', '\u{10400}']) {
            let text = format!("Ab{c}cØ{c}æ");
            assert_eq!(to_lowercase(&text), text.to_lowercase(), "{c:?}");
            assert_eq!(lower_word(&text).as_str(), text.to_lowercase(), "{c:?}");
            assert_eq!(lower(&text), text.to_lowercase(), "{c:?}");
            if let Some(aligned) = aligned_lower(&text) {
                assert_eq!(aligned, text.to_lowercase(), "{c:?}");
                for (start, _) in text.char_indices() {
                    assert_eq!(aligned[start..], text[start..].to_lowercase(), "{c:?}");
                    assert_eq!(aligned[..start], text[..start].to_lowercase(), "{c:?}");
                }
            }
        }
        // Capitals at every offset from the eight-byte chunks.
        for offset in 0..17 {
            for tail in ["ÆØÅ", "ǅ", "Σ", "X", "İ", "ø"] {
                let text = format!("{}{tail}{}", "æ".repeat(offset / 2), "e".repeat(offset));
                assert_eq!(to_lowercase(&text), text.to_lowercase(), "{text}");
                assert_eq!(lower_word(&text).as_str(), text.to_lowercase(), "{text}");
                assert_eq!(lower(&text), text.to_lowercase(), "{text}");
                let text = format!("{}{tail}", "a".repeat(offset));
                assert_eq!(lower(&text), text.to_lowercase(), "{text}");
            }
        }
    }

    #[test]
    fn split_whitespace_matches_std() {
        let mut texts = vec![
            String::new(),
            " ".into(),
            "  Hanne  Lynghøj\tEllerbæk\nundersøger, om  ".into(),
            "a\u{a0}b\u{85}c\u{2009}d\u{3000}e\u{1680}f\u{202f}g\u{b}h\u{c}i\u{1c}j".into(),
            "æ ø å Æ ¢ ⅓ € 日本".into(),
        ];
        for c in ('\0'..='\u{3100}').filter(|c| !c.is_alphanumeric()) {
            texts.push(format!("x{c}y {c}{c}z{c}"));
        }
        for text in &texts {
            let ours: Vec<&str> = split_whitespace(text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn lower_prefixes() {
        for text in [
            "",
            "k",
            "kl",
            "Kl. 12",
            "KL",
            "\u{212a}l",
            "İndhold",
            "INDHOLD og",
            "ΣΑΣ",
            "indhol",
            "Pkt. 5",
            "Dagsorden",
            "DAGSORDEN FOR",
            "ẞtraße",
        ] {
            for prefix in [
                "",
                "k",
                "kl",
                "Kl",
                "indhold",
                "pkt.",
                "dagsorden",
                "i̇",
                "ss",
                "σ",
            ] {
                assert_eq!(
                    lower_starts_with(text, prefix),
                    text.to_lowercase().starts_with(prefix),
                    "{text} {prefix}"
                );
            }
        }
    }

    #[test]
    fn prefixes_keep_every_prefix_a_text_starts_with() {
        let table = [
            "deltagere",
            "afbud",
            "øvrige",
            "kl",
            "søg i ",
            "gå til",
            "ikke til stede",
        ];
        let prefixes = Prefixes::new(&table);
        for text in [
            "",
            "d",
            "Deltagere:",
            "DELTAGERE",
            "Øvrige deltagere",
            "øvrige",
            "\u{212a}l. 12",
            "Kl. 12",
            "SØG I arkivet",
            "Gå til indhold",
            "GÅ TIL",
            "Ikke til stede: Ida",
            "İkke",
            "Afbud",
            "Budget",
            "• Budget",
            "Ærø",
            "x",
        ] {
            let candidates = prefixes.candidates(text);
            for (idx, prefix) in table.iter().enumerate() {
                if lower_starts_with(text, prefix) {
                    assert!(candidates & (1 << idx) != 0, "{text} {prefix}");
                }
            }
        }
        assert_eq!(prefixes.candidates("Budget"), 0);
        assert_eq!(prefixes.candidates("Deltagere"), 1);
        assert_eq!(prefixes.candidates("• Budget"), 0);
        assert_eq!(prefixes.candidates("Øvrige"), 1 << 2);
    }

    #[test]
    fn find_ascii_ci_matches_the_windows() {
        let naive = |hay: &str, needle: &str| {
            hay.as_bytes()
                .windows(needle.len())
                .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
        };
        for hay in [
            "",
            "Afbud",
            "AFBUD: x",
            "x afbud",
            "aFbUd og afbud",
            "Økonomi ø",
            "ab",
        ] {
            for needle in ["afbud", "Afbud", "ø", "x", "økonomi", "b: ", "abc"] {
                assert_eq!(
                    find_ascii_ci(hay, needle),
                    naive(hay, needle),
                    "{hay} {needle}"
                );
            }
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
            assert_eq!(rfind(hay, needle), hay.rfind(needle), "{needle}");
        }
        assert_eq!(find("ab", "abc"), None);
        let dashes = "Samle – Heidi — Tina - x – y";
        for needle in ["–", "—", " - ", "x", "Samle", "y"] {
            assert_eq!(rfind(dashes, needle), dashes.rfind(needle), "{needle}");
        }
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
                assert_eq!(rfind(hay, needle), hay.rfind(needle), "{needle} in {hay}");
            }
        }
    }
}
