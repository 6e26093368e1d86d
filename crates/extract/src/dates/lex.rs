//! Tokens of one sentence for the dates grammar: words, numbers and single punctuation
//! marks, with byte offsets that are valid in both the sentence and its lowercase copy.
//! It knows nothing about dates.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A run of letters.
    Word,
    /// A run of ASCII digits.
    Num,
    /// One character that is neither a letter, a digit nor whitespace.
    Punct,
}

/// One token.
#[derive(Debug, Clone, Copy)]
pub(super) struct Token {
    pub(super) kind: Kind,
    /// Byte offsets into the sentence (and its lowercase copy).
    pub(super) start: usize,
    pub(super) end: usize,
    /// Whitespace separates this token from the previous one.
    pub(super) spaced: bool,
    /// `Num`: the value, saturating. `Punct`: the character, with every dash folded to `-`.
    pub(super) value: u32,
}

impl Token {
    /// Number of digits of a `Num`.
    pub(super) fn len(&self) -> usize {
        self.end - self.start
    }
}

/// The sentence in lower case, byte for byte aligned with it: a character whose lowercase
/// form has another length (rare outside Turkish and Greek) is kept as it is, so offsets
/// found in the copy slice the original.
pub(super) fn lowercase(text: &str) -> String {
    let mut out = text.to_owned();
    out.make_ascii_lowercase();
    if text.is_ascii() {
        return out;
    }
    // Only capitals outside ASCII (`Æ`, `Ø`, `Å`, `É`) are left; they start with a lead
    // byte of 0xC0 or more, so a byte scan finds them without decoding every character.
    for (at, &byte) in text.as_bytes().iter().enumerate() {
        if byte < 0xC0 {
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if !c.is_uppercase() {
            continue;
        }
        let mut lower = c.to_lowercase();
        if let (Some(l), None) = (lower.next(), lower.next())
            && l.len_utf8() == c.len_utf8()
        {
            let mut buf = [0u8; 4];
            out.replace_range(at..at + c.len_utf8(), l.encode_utf8(&mut buf));
        }
    }
    out
}

/// Splits `lower` into tokens; whitespace only sets [`Token::spaced`].
pub(super) fn tokens(lower: &str) -> Vec<Token> {
    let bytes = lower.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 5 + 1);
    let mut spaced = false;
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let byte = bytes[at];
        let (kind, value) = if byte.is_ascii_digit() {
            let mut value = 0u32;
            while at < bytes.len() && bytes[at].is_ascii_digit() {
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[at] - b'0'));
                at += 1;
            }
            (Kind::Num, value)
        } else if let Some(len) = letter_len(lower, at) {
            at += len;
            while let Some(len) = letter_len(lower, at) {
                at += len;
            }
            (Kind::Word, 0)
        } else if byte < 0x80 {
            at += 1;
            if byte.is_ascii_whitespace() {
                spaced = true;
                continue;
            }
            (Kind::Punct, u32::from(byte))
        } else {
            let Some(c) = lower[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            if c.is_whitespace() {
                spaced = true;
                continue;
            }
            // Minutes mix hyphens, en and em dashes (and PDF text adds the Unicode hyphens)
            // for the same range or list separator: `april-maj`, `01.09.2025 – 31.12.2026`.
            let folded = match c {
                '–' | '—' | '‐' | '‑' | '−' => '-',
                other => other,
            };
            (Kind::Punct, u32::from(folded))
        };
        out.push(Token {
            kind,
            start,
            end: at,
            spaced,
            value,
        });
        spaced = false;
    }
    out
}

/// The byte length of the letter at `at`, if there is one.
fn letter_len(text: &str, at: usize) -> Option<usize> {
    let byte = *text.as_bytes().get(at)?;
    if byte < 0x80 {
        return byte.is_ascii_alphabetic().then_some(1);
    }
    let c = text.get(at..)?.chars().next()?;
    // Latin-1 letters and Latin Extended-A/B (`æ`, `ø`, `å`, `é`, `ü`) without the table
    // lookup of `is_alphabetic`; `×` and `÷` are the only non-letters among them.
    let latin = ('\u{c0}'..='\u{24f}').contains(&c) && c != '×' && c != '÷';
    (latin || c.is_alphabetic()).then(|| c.len_utf8())
}
