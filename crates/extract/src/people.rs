//! People: reading name lists (`A, B og C`, wrapped across lines), telling names from other
//! words, and resolving short forms to a canonical full name — within one meeting against
//! its participants, and across meetings with a [`Registry`].
//!
//! A short form matches a full name when its words appear in the full name in order and it
//! keeps the first name (`Otto Ohrt` → Otto Junge Ohrt, `Niels Jørgen` → Niels Jørgen
//! Rasmussen), or when it is one word equal to the first or last name (`Boel` → Christian
//! Boel), or initials of the first names (`NJ`). It resolves only when exactly one full name
//! matches, so two different people are never merged (`Jens Lassen` is not Jens Bejer
//! Damgaard).

use std::collections::{HashMap, HashSet};

use model::{Meeting, Person, Span};

/// Splits a list of names on commas, `og`, `&` and `samt`.
pub(crate) fn parse_list(text: &str, span: Option<Span>) -> Vec<Person> {
    let mut out = Vec::new();
    list_names(text, |name| {
        out.push(Person::written(name, span));
        true
    });
    out
}

/// Calls `visit` with each name of a list as [`parse_list`] reads them, while it returns
/// true; returns false when it stopped.
pub(crate) fn list_names<'a>(text: &'a str, mut visit: impl FnMut(&'a str) -> bool) -> bool {
    // The separators are ASCII: split on their bytes, as `text.split([',', ';', '&'])` would.
    let ends = memchr::memchr3_iter(b',', b';', b'&', text.as_bytes()).chain([text.len()]);
    let mut part_start = 0;
    for part_end in ends {
        let part = &text[part_start..part_end];
        part_start = part_end + 1;
        // Pieces between the words `og` and `samt`.
        let mut start = 0;
        let mut offset = 0;
        for word in part.split(' ') {
            if matches!(word, "og" | "samt") {
                if !visit_piece(&part[start..offset], &mut visit) {
                    return false;
                }
                start = offset + word.len() + 1;
            }
            offset += word.len() + 1;
        }
        if start <= part.len() && !visit_piece(&part[start..], &mut visit) {
            return false;
        }
    }
    true
}

fn visit_piece<'a>(piece: &'a str, visit: &mut impl FnMut(&'a str) -> bool) -> bool {
    let name = piece
        .trim()
        .trim_end_matches(['.', ')'])
        .trim_start_matches('(')
        .trim();
    name.is_empty() || visit(name)
}

/// Whether `text` reads as a person's name: one to five capitalised words (particles such as
/// `von`, `de` and initials such as `B.` allowed inside), or initials (`NJ`).
pub(crate) fn looks_like_name(text: &str) -> bool {
    // The first word is capitalised or initials: most text is turned away on its first
    // letter, before it is split.
    if !text.trim_start().starts_with(char::is_uppercase) {
        return false;
    }
    // At most five words, kept on the stack.
    let mut buffer = [""; 5];
    let mut n_words = 0;
    for word in crate::scan::split_whitespace(text) {
        let Some(slot) = buffer.get_mut(n_words) else {
            return false;
        };
        *slot = word;
        n_words += 1;
    }
    let words = &buffer[..n_words];
    if words.is_empty() {
        return false;
    }
    if words.len() == 1 && is_initials(words[0]) {
        return true;
    }
    words.iter().enumerate().all(|(idx, word)| {
        let mut chars = word.chars();
        let first = chars.next().unwrap_or(' ');
        let rest_ok = chars.all(|c| is_letter(c) || c == '-' || c == '\'' || c == '.');
        let capital = first.is_uppercase() && word.chars().skip(1).any(char::is_lowercase);
        let particle = idx > 0
            && idx + 1 < words.len()
            && matches!(*word, "von" | "van" | "de" | "la" | "du" | "af");
        // A middle initial: `Søren B. Heisel`, `Vagn E Larsen`.
        let initial = idx > 0
            && idx + 1 < words.len()
            && first.is_uppercase()
            && matches!(word.len() - first.len_utf8(), 0 | 1)
            && word[first.len_utf8()..].chars().all(|c| c == '.');
        rest_ok && (capital || particle || initial)
    })
}

/// `c.is_alphabetic()`, with the letters of Latin-1 and Latin Extended-A/B (`æ`, `ø`, `å`,
/// `é`), common in names, answered without the table lookup: `×` and `÷` are the only
/// characters there that are not letters.
fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (('\u{c0}'..='\u{24f}').contains(&c) && c != '×' && c != '÷')
        || c.is_alphabetic()
}

/// Whether `name` names a person: it reads as a name, and no word of it makes it an
/// organisation, a party, a place or a unit (`Greve Kommune`, `Enhedslisten`, `Skovbo
/// Allé`, `Magistratsafdelingen for Teknik`). A unit may own an action; it is no person.
pub fn is_person_name(name: &str) -> bool {
    // `Klima-` is the head of `Klima-, Teknik- og Miljøudvalget`, cut at its comma.
    looks_like_name(name)
        && !crate::scan::split_whitespace(name).any(|word| word.ends_with('-'))
        && crate::attendance::is_person(name)
}

/// Two to four capital letters: `NJ`, `HLE`.
pub(crate) fn is_initials(word: &str) -> bool {
    let count = word.chars().count();
    (2..=4).contains(&count) && word.chars().all(char::is_uppercase)
}

/// Whether `short` is a short form of the full name `full`.
pub fn is_short_form(short: &str, full: &str) -> bool {
    // Names have few words: keep them on the stack.
    let (mut short_buf, mut full_buf) = ([""; 8], [""; 8]);
    match (
        words_into(short, &mut short_buf),
        words_into(full, &mut full_buf),
    ) {
        (Some(short_words), Some(full_words)) => {
            short_form_words(short, full, short_words, full_words)
        }
        _ => {
            let short_words: Vec<&str> = crate::scan::split_whitespace(short).collect();
            let full_words: Vec<&str> = crate::scan::split_whitespace(full).collect();
            short_form_words(short, full, &short_words, &full_words)
        }
    }
}

/// The words of `text` in `buffer`; None when there are more than it holds.
fn words_into<'a, 'b>(text: &'a str, buffer: &'b mut [&'a str; 8]) -> Option<&'b [&'a str]> {
    let mut n_words = 0;
    for word in crate::scan::split_whitespace(text) {
        *buffer.get_mut(n_words)? = word;
        n_words += 1;
    }
    Some(&buffer[..n_words])
}

/// [`is_short_form`] on the words of `short` and `full`.
fn short_form_words(short: &str, full: &str, short_words: &[&str], full_words: &[&str]) -> bool {
    // Words compare by their lowercase forms.
    let all_same = |a: &[&str], b: &[&str]| {
        a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_lowercase(a, b))
    };
    if short_words.is_empty() || full_words.len() < 2 || short_words.len() >= full_words.len() {
        return all_same(short_words, full_words) && !short_words.is_empty();
    }
    if short_words.len() == 1 {
        let word = short_words[0];
        let original = short.trim();
        if is_initials(original) {
            let initials: String = full
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .flat_map(char::to_uppercase)
                .collect();
            return initials.starts_with(original) && original.chars().count() >= 2;
        }
        return same_lowercase(word, full_words[0])
            || full_words
                .last()
                .is_some_and(|last| same_lowercase(word, last));
    }
    if !same_lowercase(short_words[0], full_words[0]) {
        return false;
    }
    // The remaining words appear in order.
    let mut pos = 1;
    for word in &short_words[1..] {
        match full_words[pos..]
            .iter()
            .position(|w| same_lowercase(w, word))
        {
            Some(found) => pos += found + 1,
            None => return false,
        }
    }
    true
}

/// `a.to_lowercase() == b.to_lowercase()` without making either: character by character,
/// which is the same except around `Σ` (whose lowercase depends on its neighbours).
fn same_lowercase(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.contains('Σ') || b.contains('Σ') {
        return a.to_lowercase() == b.to_lowercase();
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// The single candidate `written` is a short form of, if exactly one is.
pub(crate) fn resolve<'a>(
    written: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    resolve_among(written, candidates.map(Candidate::new))
}

/// A full name with the lowercase first letters of its first and last words, which
/// [`resolve`] compares before anything else.
#[derive(Clone, Copy)]
struct Candidate<'a> {
    name: &'a str,
    first: Option<char>,
    last: Option<char>,
}

impl<'a> Candidate<'a> {
    fn new(name: &'a str) -> Candidate<'a> {
        let first_of = |word: Option<&str>| {
            word.and_then(|w| w.chars().next())
                .and_then(|c| c.to_lowercase().next())
        };
        Candidate {
            name,
            first: first_of(Some(name)),
            last: first_of(name.rsplit(' ').next()),
        }
    }
}

/// The lowercase first letter of a written name, as [`resolve_among`] compares it.
fn initial_of(written: &str) -> Option<char> {
    written
        .chars()
        .next()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
}

/// [`resolve`] among prepared candidates.
fn resolve_among<'a>(
    written: &str,
    candidates: impl Iterator<Item = Candidate<'a>>,
) -> Option<&'a str> {
    let mut found: Option<&str> = None;
    let initial = initial_of(written);
    let one_word = !written.contains(' ');
    for candidate in candidates {
        let Candidate { name, first, last } = candidate;
        if name == written {
            return Some(name);
        }
        // Every short form shares its first letter with the first name, or, for one word,
        // with the last name: a cheap test before the word-by-word one.
        let plausible = first == initial || (one_word && last == initial);
        if plausible && is_short_form(written, name) {
            match found {
                Some(other) if other != name => return None,
                _ => found = Some(name),
            }
        }
    }
    found
}

/// Every person named in a meeting, mutably: participants, absent, presenters, owners.
pub fn people_mut(meeting: &mut Meeting) -> impl Iterator<Item = &mut Person> {
    let Meeting {
        participants,
        absent,
        schedule,
        items,
        ..
    } = meeting;
    participants
        .iter_mut()
        .chain(absent.iter_mut())
        .chain(
            schedule
                .iter_mut()
                .flat_map(|slot| slot.presenters.iter_mut()),
        )
        .chain(items.iter_mut().flat_map(|item| {
            item.actions
                .iter_mut()
                .flat_map(|action| action.owners.iter_mut())
        }))
}

/// Every person named in a meeting, in the order of [`people_mut`].
fn people(meeting: &Meeting) -> impl Iterator<Item = &Person> {
    meeting
        .participants
        .iter()
        .chain(&meeting.absent)
        .chain(meeting.schedule.iter().flat_map(|slot| &slot.presenters))
        .chain(
            meeting
                .items
                .iter()
                .flat_map(|item| item.actions.iter().flat_map(|action| &action.owners)),
        )
}

/// Resolves short forms within one meeting: against its participants and absentees first,
/// then against the full names written elsewhere in it.
pub(crate) fn resolve_in_meeting(meeting: &mut Meeting) {
    // The names are read before any changes (a written form resolves against the names as
    // the document has them), then set.
    let resolved: Vec<Option<String>> = {
        let attendees = Index::new(
            meeting
                .participants
                .iter()
                .chain(&meeting.absent)
                .map(|p| Candidate::new(&p.name))
                .collect(),
        );
        let mut seen: HashSet<&str> = HashSet::new();
        let mut named: Vec<Candidate> = Vec::new();
        for person in people(meeting) {
            if crate::scan::split_whitespace(&person.name).count() >= 2
                && seen.insert(person.name.as_str())
            {
                named.push(Candidate::new(&person.name));
            }
        }
        let named = Index::new(named);
        // Minutes name the same people again and again: each written form is resolved once.
        let mut done: HashMap<&str, Option<&str>> = HashMap::new();
        people(meeting)
            .map(|person| {
                let written = person.as_written.as_str();
                let full = *done.entry(written).or_insert_with(|| {
                    attendees
                        .resolve(written)
                        .or_else(|| named.resolve(written))
                });
                full.filter(|full| person.name != *full).map(str::to_owned)
            })
            .collect()
    };
    for (person, name) in people_mut(meeting).zip(resolved) {
        if let Some(name) = name {
            person.name = name;
        }
    }
}

/// Candidates for [`resolve_among`] by the letters it tests first, so that a written form
/// is compared only with the full names that share its first letter (a meeting may name
/// thousands of people: minutes pasted one after another).
struct Index<'a> {
    candidates: Vec<Candidate<'a>>,
    /// Positions in `candidates`, in order, by the first letter of the first word.
    by_first: HashMap<Option<char>, Vec<usize>>,
    /// Positions in `candidates`, in order, by the first letter of the last word.
    by_last: HashMap<Option<char>, Vec<usize>>,
}

impl<'a> Index<'a> {
    fn new(candidates: Vec<Candidate<'a>>) -> Index<'a> {
        let mut by_first: HashMap<Option<char>, Vec<usize>> = HashMap::new();
        let mut by_last: HashMap<Option<char>, Vec<usize>> = HashMap::new();
        for (idx, candidate) in candidates.iter().enumerate() {
            by_first.entry(candidate.first).or_default().push(idx);
            by_last.entry(candidate.last).or_default().push(idx);
        }
        Index {
            candidates,
            by_first,
            by_last,
        }
    }

    /// [`resolve_among`] all candidates: it passes over those that share neither letter
    /// with `written` (a name equal to it shares the first), so only the others are given
    /// to it, in their order.
    fn resolve(&self, written: &str) -> Option<&'a str> {
        let initial = initial_of(written);
        let empty = Vec::new();
        let first = self.by_first.get(&initial).unwrap_or(&empty);
        let last = if written.contains(' ') {
            &empty
        } else {
            self.by_last.get(&initial).unwrap_or(&empty)
        };
        // The two lists merged in order, each candidate once.
        let (mut first, mut last) = (first.iter().peekable(), last.iter().peekable());
        let merged = std::iter::from_fn(|| match (first.peek(), last.peek()) {
            (Some(&&a), Some(&&b)) if a == b => {
                first.next();
                last.next()
            }
            (Some(&&a), Some(&&b)) if b < a => last.next(),
            (Some(_), _) => first.next(),
            (None, _) => last.next(),
        });
        resolve_among(written, merged.map(|&idx| self.candidates[idx]))
    }
}

/// Canonical names across meetings: learns the full names every meeting writes, then
/// resolves the short forms that match exactly one of them.
#[derive(Debug, Default, Clone)]
pub struct Registry {
    names: Vec<String>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Learns the full names (two or more words) of one meeting.
    pub fn learn(&mut self, meeting: &Meeting) {
        let mut meeting = meeting.clone();
        for person in people_mut(&mut meeting) {
            self.add(&person.name);
        }
    }

    /// Learns one full name.
    pub fn add(&mut self, name: &str) {
        if crate::scan::split_whitespace(name).count() >= 2
            && looks_like_name(name)
            && !self.names.iter().any(|n| n == name)
        {
            self.names.push(name.to_owned());
        }
    }

    /// The names learnt so far.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Resolves the short forms in a meeting whose name is still the written form.
    pub fn resolve(&self, meeting: &mut Meeting) {
        for person in people_mut(meeting) {
            if person.name != person.as_written {
                continue;
            }
            if let Some(full) = resolve(&person.name, self.names.iter().map(String::as_str)) {
                person.name = full.to_owned();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_named_with_an_acronym_are_no_people() {
        assert!(!is_person_name("Skole-IT"));
        assert!(!is_person_name("Borger-HR"));
        assert!(is_person_name("Hans-Jørgen Kirstein"));
        assert!(is_person_name("Anne Holm-Nielsen"));
    }

    #[test]
    fn letters_as_std() {
        for c in ('\0'..='\u{3000}').chain(['\u{10400}']) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn lowercase_comparison() {
        for (a, b) in [
            ("Boel", "boel"),
            ("BOEL", "Boel"),
            ("Ørum", "ørum"),
            ("Ørum", "Orum"),
            ("İlker", "i\u{307}lker"),
            ("ΟΔΟΣ", "οδος"),
            ("ΟΔΟΣ", "οδoς"),
            ("Jens", "Jensen"),
        ] {
            assert_eq!(
                same_lowercase(a, b),
                a.to_lowercase() == b.to_lowercase(),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn short_forms() {
        assert!(is_short_form("Otto Ohrt", "Otto Junge Ohrt"));
        assert!(is_short_form("Niels Jørgen", "Niels Jørgen Rasmussen"));
        assert!(is_short_form("NJ", "Niels Jørgen Rasmussen"));
        assert!(is_short_form("Boel", "Christian Boel"));
        assert!(is_short_form("Hanne Lynghøj", "Hanne Lynghøj Ellerbæk"));
        assert!(!is_short_form("Jens Lassen", "Jens Bejer Damgaard"));
        assert!(!is_short_form("Katja", "Christian Boel"));
    }

    #[test]
    fn resolution_needs_one_match() {
        let people = [
            "Christian Boel",
            "Christian Budde Opstrup",
            "Jens Bejer Damgaard",
        ];
        assert_eq!(resolve("Christian", people.into_iter()), None);
        assert_eq!(
            resolve("Jens", people.into_iter()),
            Some("Jens Bejer Damgaard")
        );
        assert_eq!(resolve("Jens Lassen", people.into_iter()), None);
    }

    #[test]
    fn lists() {
        let got: Vec<String> = parse_list("Thune og Jens", None)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(got, ["Thune", "Jens"]);
        let got: Vec<String> = parse_list("Jakob Søgaard, Ivan Kjær og Klaus Bach", None)
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(got, ["Jakob Søgaard", "Ivan Kjær", "Klaus Bach"]);
        assert!(looks_like_name("Hanne Lynghøj Ellerbæk"));
        assert!(looks_like_name("NJ"));
        assert!(!looks_like_name("bilag 1"));
        assert!(!looks_like_name("se også Bilag 1"));
    }
}
