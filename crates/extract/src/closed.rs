//! Closed items ("lukkede punkter", forvaltningsloven § 27): which items the source marks as
//! closed, so that [`model::Item::closed`] can keep their text from the public.
//!
//! Accepted forms (case-insensitive, on a whole title or line):
//!
//! ```text
//! title   := "Lukket:" rest | "Lukket punkt" [":" | "." | "-"] rest | "Lukket sag" …
//!          | rest "(Lukket)" | rest "(Lukket punkt)" | rest "- Lukket punkt"
//! line    := "Lukket punkt" | "Lukket sag" | "(Lukket)"      in an item's text, unless the
//!            item also has a line "Åbent punkt" (a form's two check boxes, Bornholm)
//! section := "Lukket møde" | "Lukket dagsorden" | "Lukkede punkter" | "Lukket del"
//!            | "Punkter på lukket dagsorden" [":"]   every item after it is closed, until
//!            "Åbent møde" | "Åben dagsorden" | "Åbne punkter" | "Åben del" [":"]
//! ```
//!
//! The FirstAgenda JSON has an `IsOpen` field, but Greve's API sets it to false on every one
//! of its 5,553 items, open ones included, so it is not read: the title (`Lukket: …`) is.
//! This module does not decide what the public sees; `web` does.

use crate::scan;

/// Whether an item's title marks it closed (`Lukket: Køb af ejendom`, `Underskriftsark
/// (Lukket)`, `Lukket punkt: udbud`).
pub(crate) fn is_closed_title(title: &str) -> bool {
    let lower = scan::lower(title.trim());
    let lower = lower.trim_end_matches(['.', ' ']);
    if lower.starts_with("lukket:") || lower.starts_with("lukket :") {
        return true;
    }
    for opening in ["lukket punkt", "lukket sag"] {
        if let Some(rest) = lower.strip_prefix(opening)
            && (rest.is_empty() || rest.starts_with([':', '.', '-', '–', ' ', ',']))
        {
            return true;
        }
    }
    [
        "(lukket)",
        "(lukket punkt)",
        "- lukket punkt",
        "– lukket punkt",
    ]
    .iter()
    .any(|closing| lower.ends_with(closing))
}

/// A mark of open or closed between an item's number and its title: `(Åben) Godkendelse
/// af dagsorden` → (Some(false), `Godkendelse af dagsorden`), `(Lukket) Personalesag` →
/// (Some(true), `Personalesag`); any other text → (None, the text).
pub(crate) fn leading_mark(title: &str) -> (Option<bool>, &str) {
    let Some(close) = title
        .strip_prefix('(')
        .and_then(|inner| inner.find(')'))
        .filter(|&close| close <= 16)
    else {
        return (None, title);
    };
    let closed = match normalised(&title[1..=close]).as_str() {
        "åben" | "åbent" | "åben sag" | "åbent punkt" | "åben punkt" => false,
        "lukket" | "lukket sag" | "lukket punkt" => true,
        _ => return (None, title),
    };
    (Some(closed), title[close + 2..].trim_start())
}

/// Whether an item's heading line marks it closed after its number (`Punkt 46 (Lukket)
/// Salg af grund`, `3 (Lukket) Personalesag`).
pub(crate) fn is_closed_after_number(line: &str) -> bool {
    line.char_indices()
        .take(24)
        .any(|(at, c)| c == '(' && leading_mark(&line[at..]).0 == Some(true))
}

/// Whether a line of an item's text says the item is closed (`Lukket punkt` alone on its
/// line).
pub(crate) fn is_closed_line(text: &str) -> bool {
    may_be_a_mark(text)
        && matches!(
            normalised(text).as_str(),
            "lukket punkt" | "lukket sag" | "(lukket)" | "(lukket punkt)"
        )
}

/// What a title made of a mark alone says (`15. Åbent punkt` / `Salg af grund`: the
/// title stands on the next line): `Some(true)` for a closed mark, `Some(false)` for an open
/// one, `None` for a real title.
pub(crate) fn mark_only(title: &str) -> Option<bool> {
    if is_closed_line(title) {
        Some(true)
    } else if is_open_line(title) {
        Some(false)
    } else {
        None
    }
}

/// Whether a line says the item is open (`Åbent punkt`), which cancels [`is_closed_line`]
/// in the same item: a form that prints both boxes says nothing.
pub(crate) fn is_open_line(text: &str) -> bool {
    may_be_a_mark(text)
        && matches!(
            normalised(text).as_str(),
            "åbent punkt" | "åben sag" | "(åbent)" | "(åbent punkt)"
        )
}

/// What a section heading line says about the items after it: `Some(true)` for the closed
/// part of a meeting (`Lukket møde`), `Some(false)` for the open part, `None` for any other
/// line.
pub(crate) fn section(text: &str) -> Option<bool> {
    if !may_be_a_mark(text) {
        return None;
    }
    match normalised(text).trim_end_matches(':').trim_end() {
        "lukket møde"
        | "lukket dagsorden"
        | "lukkede punkter"
        | "lukket del"
        | "punkter på lukket dagsorden"
        | "lukket del af mødet" => Some(true),
        "åbent møde" | "åben dagsorden" | "åbne punkter" | "åben del" | "åben del af mødet" => {
            Some(false)
        }
        _ => None,
    }
}

/// Whether `text` may be one of the short lines above: they start with `l`, `å`, `p` or
/// `(` and are short even with runs of white space; every line of every item is asked, so
/// the rest are turned away before they are lowercased.
fn may_be_a_mark(text: &str) -> bool {
    let text = text.trim_start();
    text.len() <= 80
        && text
            .chars()
            .next()
            .is_some_and(|first| matches!(first, 'l' | 'L' | 'å' | 'Å' | 'p' | 'P' | '('))
}

/// Lowercase with runs of white space as one space (`Åbent  punkt` in Bornholm's pages).
fn normalised(text: &str) -> String {
    let lower = scan::lower(text.trim());
    let mut out = String::with_capacity(lower.len());
    for word in scan::split_whitespace(&lower) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_titles() {
        for closed in [
            "Lukket: Køb af ejendom",
            "Lukket:  Henvendelser til formanden",
            "LUKKET: Salg af grund",
            "Lukket punkt: udbud ",
            "Lukket punkt.",
            "Lukket punkt",
            "Lukket sag - personalesag",
            "Underskriftsark (Lukket)",
            "Diverse orienteringer - ØU den 22. oktober 2018 (Lukket)",
            "Salg af areal - Lukket punkt",
        ] {
            assert!(is_closed_title(closed), "{closed}");
        }
        for open in [
            "Lukket i juleferien",
            "Lukketid for genbrugspladsen",
            "Lukkede veje i midtbyen",
            "Høring om lukket afdeling",
            "Åbent punkt",
            "Godkendelse af dagsorden",
        ] {
            assert!(!is_closed_title(open), "{open}");
        }
    }

    #[test]
    fn closed_lines_and_sections() {
        assert!(is_closed_line(" Lukket  punkt"));
        assert!(is_closed_line("(Lukket)"));
        assert!(!is_closed_line(
            "Lukket punkt om salg af grunden blev drøftet."
        ));
        assert!(is_open_line(" Åbent  punkt"));
        assert_eq!(section("Lukket møde:"), Some(true));
        assert_eq!(section("LUKKEDE PUNKTER"), Some(true));
        assert_eq!(section("Åbent møde"), Some(false));
        assert_eq!(section("Mødet var lukket"), None);
    }
}
