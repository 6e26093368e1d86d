//! Votes on a decision: the lines that record a side (`For stemte: A (9), Karin Friis Bach
//! (B), i alt 10`, `Imod stemte: O (1)`, `Undlod at stemme: 0`) and the counts written in
//! the decision itself (`vedtaget med 18 stemmer for og 2 imod`).

use model::{Person, Tally, Votes};

use crate::{people, scan, vocab};

/// The side a vote line records and the list after its label: `For stemte: A, V og F (3)`
/// → (0, `A, V og F (3)`). Sides as in [`vocab::VOTE_LINE_LABELS`].
pub(crate) fn vote_line(text: &str) -> Option<(u8, &str)> {
    // Every line of an item is asked: only the labels that agree with its first two
    // characters are compared.
    const N_LABELS: usize = vocab::VOTE_LINE_LABELS.len();
    static LABELS: scan::Prefixes = scan::Prefixes::new(&{
        let mut labels = [""; N_LABELS];
        let mut idx = 0;
        while idx < N_LABELS {
            labels[idx] = vocab::VOTE_LINE_LABELS[idx].0;
            idx += 1;
        }
        labels
    });
    let candidates = LABELS.candidates(text);
    if candidates == 0 {
        return None;
    }
    vocab::VOTE_LINE_LABELS
        .iter()
        .enumerate()
        .find_map(|(idx, &(label, side))| {
            if candidates & (1 << idx) == 0 || !scan::lower_starts_with(text, label) {
                return None;
            }
            let rest = text.get(label.len()..)?;
            if label.ends_with(':') {
                return Some((side, rest.trim().trim_end_matches('.')));
            }
            // The label is followed by its list: `:`, a space, or nothing (`Undlod at stemme.`).
            let list = rest
                .strip_prefix(':')
                .or_else(|| rest.strip_prefix(' '))
                .or_else(|| rest.is_empty().then_some(rest))
                .or_else(|| (rest == ".").then_some(""))?;
            Some((side, list.trim().trim_end_matches('.')))
        })
}

/// The tally of a vote line's list: the count from `i alt N`, else the sum of the counts in
/// brackets with one for each person named without one (when every entry is one or the
/// other); the people named (`Karin Friis Bach (B)`), without their party letters.
pub(crate) fn tally(list: &str) -> Tally {
    let lower = scan::lower(list);
    if matches!(lower.trim(), "0" | "ingen" | "ingen.") {
        return Tally {
            count: Some(0),
            names: Vec::new(),
        };
    }
    let mut total: Option<u32> = None;
    let mut list = list;
    // `…, i alt 30`: the total, after the entries.
    if let Some(at) = lower.rfind("i alt") {
        total = first_number(&lower[at + "i alt".len()..]);
        list = list[..at].trim_end().trim_end_matches(',');
    }
    let mut names = Vec::new();
    let mut sum: Option<u32> = Some(0);
    let all: Vec<&str> = entries(list).collect();
    // `A, V og F (7)`: one count after the last of several groups counts them all.
    if let [before @ .., last] = all.as_slice()
        && !before.is_empty()
        && before.iter().all(|entry| !entry.contains('('))
        && last.ends_with(')')
        && total.is_none()
    {
        total = last
            .rfind('(')
            .and_then(|open| first_number(&last[open + 1..]));
    }
    for entry in all {
        let (bare, number) = match entry.rfind('(') {
            Some(open) => (
                entry[..open].trim(),
                first_number(&entry[open + 1..]).filter(|_| entry.ends_with(')')),
            ),
            None => (entry.trim(), None),
        };
        let person = scan::split_whitespace(bare).nth(1).is_some() && people::looks_like_name(bare);
        if person {
            names.push(Person::written(bare, None));
        }
        sum = match (sum, number) {
            (Some(sum), Some(number)) => Some(sum + number),
            (Some(sum), None) if person => Some(sum + 1),
            _ => None,
        };
    }
    Tally {
        count: total.or(sum.filter(|&sum| sum > 0)),
        names,
    }
}

/// The entries of a list: split at commas and at `og`.
fn entries(list: &str) -> impl Iterator<Item = &str> {
    list.split(',')
        .flat_map(|part| part.split(" og "))
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
}

/// The first number in `text`.
fn first_number(text: &str) -> Option<u32> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits = &text[start..];
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse().ok()
}

/// Sets one side of `votes`.
/// Sets one side of `votes`; a count already known (from the decision's words) stays when
/// the line gives none.
pub(crate) fn set_side(votes: &mut Votes, side: u8, tally: Tally) {
    let slot = match side {
        0 => &mut votes.in_favour,
        1 => &mut votes.against,
        _ => &mut votes.abstained,
    };
    slot.count = tally.count.or(slot.count);
    slot.names.extend(tally.names);
}

/// The counts a decision states in words (lowercase): `vedtaget med 18 stemmer for og 2
/// imod`, `… med 5 stemmer mod 2`, `… med 7 stemmer for, 2 imod og 1 undlod`.
pub(crate) fn counts_in(lower: &str) -> Option<Votes> {
    let at = lower.find(" stemmer ")?;
    let before = lower[..at].rsplit(' ').next()?;
    let in_favour: u32 = before.parse().ok()?;
    let rest = &lower[at + " stemmer ".len()..];
    let words: Vec<&str> = rest
        .split([' ', ',', '.'])
        .filter(|word| !word.is_empty())
        .take(10)
        .collect();
    let mut votes = Votes {
        in_favour: Tally {
            count: Some(in_favour),
            names: Vec::new(),
        },
        ..Votes::default()
    };
    for (idx, word) in words.iter().enumerate() {
        let number = || word.parse::<u32>().ok();
        let count = |n| Tally {
            count: Some(n),
            names: Vec::new(),
        };
        match words.get(idx + 1) {
            Some(&"imod") if number().is_some() => votes.against = count(number()?),
            Some(&("undlod" | "blanke" | "hverken")) if number().is_some() => {
                votes.abstained = count(number()?);
            }
            _ => {}
        }
        // `18 stemmer mod 2`.
        if *word == "mod"
            && let Some(n) = words.get(idx + 1).and_then(|next| next.parse().ok())
        {
            votes.against = count(n);
        }
    }
    Some(votes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_lines() {
        assert_eq!(
            vote_line("For stemte: A, V og F (3)"),
            Some((0, "A, V og F (3)"))
        );
        assert_eq!(vote_line("Imod stemte: O (1)"), Some((1, "O (1)")));
        assert_eq!(vote_line("Undlod at stemme: 0."), Some((2, "0")));
        assert_eq!(vote_line("Forvaltningen stemte for"), None);
        assert_eq!(vote_line("Fortsat drøftelse"), None);
    }

    #[test]
    fn tallies() {
        let t =
            tally("A (9), Karin Friis Bach (B), C (10), F (3) og Anne Ehrenreich (ufp), i alt 24");
        assert_eq!(t.count, Some(24));
        let names: Vec<&str> = t.names.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Karin Friis Bach", "Anne Ehrenreich"]);
        assert_eq!(tally("A, V og F (3)").count, Some(3));
        assert_eq!(tally("B (4) og Ø (6)").count, Some(10));
        assert_eq!(tally("0").count, Some(0));
        assert_eq!(tally("Jens Holm og Bo Lund").count, Some(2));
        // A party letter without a count leaves the count open.
        assert_eq!(tally("A og V").count, None);
    }

    #[test]
    fn counts_in_words() {
        let votes = counts_in("indstillingen blev vedtaget med 18 stemmer for og 2 imod.").unwrap();
        assert_eq!(
            (votes.in_favour.count, votes.against.count),
            (Some(18), Some(2))
        );
        let votes = counts_in("godkendt med 5 stemmer mod 2").unwrap();
        assert_eq!(
            (votes.in_favour.count, votes.against.count),
            (Some(5), Some(2))
        );
        let votes = counts_in("vedtaget med 7 stemmer for, 2 imod og 1 undlod").unwrap();
        assert_eq!(votes.abstained.count, Some(1));
        assert!(counts_in("godkendt med alle stemmer").is_none());
    }
}
