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
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// Splits `lower` into tokens; whitespace only sets [`Token::spaced`].
pub(super) fn tokens(lower: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(lower.len() / 5 + 1);
    let mut spaced = false;
    let mut chars = lower.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        let token = if let Some(digit) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            let mut value = digit;
            let mut end = start + 1;
            while let Some(&(at, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                value = value
                    .saturating_mul(10)
                    .saturating_add(u32::from(d) - u32::from('0'));
                end = at + 1;
                chars.next();
            }
            Token {
                kind: Kind::Num,
                start,
                end,
                spaced,
                value,
            }
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(at, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = at + d.len_utf8();
                chars.next();
            }
            Token {
                kind: Kind::Word,
                start,
                end,
                spaced,
                value: 0,
            }
        } else {
            // Minutes mix hyphens, en and em dashes (and PDF text adds the Unicode hyphens)
            // for the same range or list separator: `april-maj`, `01.09.2025 – 31.12.2026`.
            let folded = match c {
                '–' | '—' | '‐' | '‑' | '−' => '-',
                other => other,
            };
            Token {
                kind: Kind::Punct,
                start,
                end: start + c.len_utf8(),
                spaced,
                value: u32::from(folded),
            }
        };
        out.push(token);
        spaced = false;
    }
    out
}
