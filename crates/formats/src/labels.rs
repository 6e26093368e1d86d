//! Labels of numbered list items, shared by the DOCX and HTML readers: decimal numbers,
//! letters (`a` … `z`, `aa` …) and Roman numerals. It owns only the counting systems; which
//! punctuation goes around a label ("1.", "1a)", "(i)") is the caller's business.

/// Letters for `n` ≥ 1 in the spreadsheet way: 1 → a, 26 → z, 27 → aa. Out of range → the
/// decimal number.
pub(crate) fn letters(n: i64) -> String {
    if !(1..=18_278).contains(&n) {
        return n.to_string();
    }
    let mut out = Vec::new();
    let mut n = n;
    while n > 0 {
        let rem = u8::try_from((n - 1) % 26).unwrap_or(0);
        out.push(char::from(b'a' + rem));
        n = (n - 1) / 26;
    }
    out.into_iter().rev().collect()
}

/// Lowercase Roman numeral of 1..=3999; out of range → the decimal number.
pub(crate) fn roman(n: i64) -> String {
    if !(1..4000).contains(&n) {
        return n.to_string();
    }
    const NUMERALS: [(i64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_systems() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(28), "ab");
        assert_eq!(letters(0), "0");
        assert_eq!(roman(4), "iv");
        assert_eq!(roman(1994), "mcmxciv");
        assert_eq!(roman(0), "0");
    }
}
