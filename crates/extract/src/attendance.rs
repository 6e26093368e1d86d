//! Attendance: who took part in a meeting and who was absent, read from the lists and the
//! sentences in the head of the minutes. It reads names; telling a name from other words and
//! resolving short forms is [`crate::people`]'s.
//!
//! Accepted forms:
//! - a label, then names: `Deltagere:`, `Mødedeltagere`, `Til stede`, `Tilstede`, `Fremmødt`,
//!   `Fremmødte`, `Fremmødet`, `Medlemmer`, `Medlemmer af udvalget`, `Derudover deltog`,
//!   `Desuden deltog`, `Deltog` list participants; `Afbud`, `Afbud fra`, `Fraværende`,
//!   `Fraværende med afbud`, `Fravær`, `Forfald`, `Ikke til stede` list the absent. The label stands alone on its line (with or
//!   without a colon) or leads the names after a colon, at the start of a line or inside one
//!   (PDF text whose lines ran together: `… 20.35 Tilstede: A, B og C Fraværende: D`);
//! - the names as a list (`A, B og C`, wrapped across lines, even inside a name), one a line
//!   (bulleted or not, blank lines between), or stacked as name / role / party lines;
//! - around each name, notes that are dropped: party letters and initials in brackets
//!   (`(A)`, `, (V)`, `(LI)`), roles after a comma or a dash (`– sognepræst`, `, Formand`,
//!   `, Borgermedlem`), titles of office before it (`Borgmester`), a group before a colon
//!   (`Forældrevalgte: A, B`, `suppleant: C`), an organisation's tag after it (`DH`);
//! - attendance flags after a name: `: Deltog`, ` deltog`, `- afbud`, `: Afbud (…)`,
//!   ` var fraværende`; names run together are split at these flags and after party letters
//!   (`A (A) B (V)`, `A deltog B deltog C var fraværende`);
//! - absence told in a sentence: `A og B havde meldt forfald`, `Afbud meldt af A og B`, `Medlemmerne var mødt,
//!   bortset fra A, B og C, der havde meldt afbud`, `X mødte for A, der havde forfald`.
//!
//! A list ends at a blank line followed by no name, another label, a decision heading
//! (`Beslutning`: what follows it is about one item), a table of contents (`Indholdsfortegnelse`,
//! `Sagsoversigt`), a page footer (`Side 1 af 56`) or an item. `Ingen`, `Alle` and `-` are
//! nobody. Per-item lines (`Ikke til stede:`, `deltog ikke under punkt 12`) are not read here.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use model::{Meeting, Person, Span};

use crate::lines::Clean;
use crate::people;

use crate::vocab::{LIST_LABELS, LIST_STOP_WORDS as STOP_WORDS, ROLES};

/// Endings of words that make a "name" an organisation, a party or a unit wherever they stand
/// in it, lowercase: a person is never called this (`Magistratsafdelingen for Teknik`,
/// `Danmarks Evalueringsinstitut`, `Enhedslisten`, `Greve Seniorråds`).
const ORGANISATION_ENDINGS: &[&str] = &[
    "kommune",
    "kommunes",
    "region",
    "forvaltning",
    "forvaltningen",
    "afdeling",
    "afdelingen",
    "udvalg",
    "udvalget",
    "råd",
    "rådet",
    "råds",
    "sekretariat",
    "sekretariatet",
    "administration",
    "administrationen",
    "center",
    "centret",
    "centeret",
    "partiet",
    "listen",
    "venstre",
    "socialdemokratiet",
    "folkeparti",
    "alliance",
    "alternativet",
    "skole",
    "skolen",
    "rådhus",
    "rådhuset",
    "salen",
    "forening",
    "foreningen",
    "bestyrelse",
    "bestyrelsen",
    "direktion",
    "direktionen",
    "institut",
    "instituttet",
    "fjernvarme",
    "forsyning",
    "café",
    "cafe",
    "a/s",
    "aps",
    "fond",
    "fonden",
];

/// Endings of the last word that make a "name" a place, lowercase (`Skovbo Allé`,
/// `Vestergade`); inside a name they are a person's (`Kirsten Vej Petersen`).
const PLACE_ENDINGS: &[&str] = &["vej", "gade", "alle", "allé", "plads", "torv", "stræde"];

/// Words that start a sentence, not a name, capitalised there (`Da Ronnie Nielsen …`).
const SENTENCE_STARTS: &[&str] = &[
    "da", "når", "hvis", "men", "og", "som", "der", "det", "den", "efter", "inden", "ved", "mens",
];

/// Reads the attendance lists and sentences of the segments of the head into `meeting`.
pub(crate) fn read(segments: &[Segment], meeting: &mut Meeting) {
    read_lists(segments, meeting, true);
}

/// Reads the absent named in an item about attendance (`1. Godkendelse af stedfortræder`,
/// `Fraværende og bemærkninger til dagsorden`), decision section included, into `meeting`.
pub(crate) fn read_attendance_item(title: &str, lines: &[Clean], meeting: &mut Meeting) {
    let lower = crate::scan::lower(title);
    let about_attendance = ["fravær", "afbud", "stedfortræder", "forfald", "deltagere"]
        .iter()
        .any(|word| crate::scan::contains(&lower, word));
    if !about_attendance {
        return;
    }
    let mut found = Meeting::default();
    read_lists(&segments(lines), &mut found, false);
    for person in found.absent {
        if !meeting
            .absent
            .iter()
            .any(|a| a.as_written == person.as_written)
        {
            meeting.absent.push(person);
        }
    }
    let absent = &meeting.absent;
    meeting
        .participants
        .retain(|p| !absent.iter().any(|a| a.as_written == p.as_written));
}

fn read_lists(segments: &[Segment], meeting: &mut Meeting, stop_at_decision: bool) {
    // The names the lists gave so far, kept as they come: rebuilding them for every list
    // made a document of many lists cost time in the square of its size.
    let mut known = Known::default();
    for person in meeting.participants.iter().chain(&meeting.absent) {
        known.add(&person.as_written);
    }
    let mut idx = 0;
    while idx < segments.len() {
        let segment = &segments[idx];
        idx += 1;
        if stop_at_decision && is_decision_heading(segment.text) {
            // What follows a `Beslutning` heading is about one item.
            break;
        }
        let Some((absent, rest)) = list_label(segment.text) else {
            presence_sentences(segment.text, segment.span, meeting);
            absence_sentences(segment.text, segment.span, meeting);
            continue;
        };
        let mut chunks: Vec<(Cow<str>, Span)> = Vec::new();
        if !rest.is_empty() {
            // Names after the label on its line, perhaps wrapped onto the next lines.
            let mut joined = rest.to_owned();
            let mut span = segment.span;
            while let Some(next) = segments.get(idx) {
                if next.blank || ends_list(next.text) || !continues_list(&joined, next.text) {
                    break;
                }
                crate::lines::join_line(&mut joined, next.text);
                span = span.to(next.span);
                idx += 1;
            }
            chunks.push((Cow::Owned(joined), span));
        } else {
            // Names on the lines below: one a line, or a list; blank lines between.
            while let Some(next) = segments.get(idx) {
                if next.blank {
                    // The blank lines up to the next line go or stay together.
                    let following = segments[idx..]
                        .iter()
                        .position(|s| !s.blank)
                        .map(|offset| idx + offset);
                    match following {
                        Some(at)
                            if is_note(segments[at].text)
                                || (!ends_list(segments[at].text)
                                    && entry_like(segments[at].text)) =>
                        {
                            idx = at;
                            continue;
                        }
                        _ => break,
                    }
                }
                if !is_note(next.text) && (ends_list(next.text) || !entry_like(next.text)) {
                    break;
                }
                let entry = table_row_entry(next.text).map_or(Cow::Borrowed(next.text), Cow::Owned);
                chunks.push((entry, next.span));
                idx += 1;
            }
            // A list wrapped across lines (`A, B, C` / `D og E`) reads as one.
            if chunks.len() > 1
                && chunks[..chunks.len() - 1]
                    .iter()
                    .all(|(text, _)| text.trim_end().ends_with(','))
            {
                let span = chunks[0].1.to(chunks[chunks.len() - 1].1);
                let mut joined = String::new();
                for (text, _) in &chunks {
                    crate::lines::join_line(&mut joined, text);
                }
                chunks = vec![(Cow::Owned(joined), span)];
            }
        }
        for (chunk, span) in &chunks {
            let found = entries_among(chunk, &known);
            for (name, mark) in found {
                let person = Person::written(&name, Some(*span));
                known.add(&person.as_written);
                if mark == Mark::Absent || (absent && mark != Mark::Present) {
                    meeting.absent.push(person);
                } else {
                    meeting.participants.push(person);
                }
            }
        }
    }
    dedup(&mut meeting.absent);
    dedup(&mut meeting.participants);
    // A list of members followed by the absent among them: the absent did not take part.
    if !meeting.absent.is_empty() {
        let absent: HashSet<&str> = meeting
            .absent
            .iter()
            .map(|a| a.as_written.as_str())
            .collect();
        meeting
            .participants
            .retain(|p| !absent.contains(p.as_written.as_str()));
    }
}

/// A row of a table of members, its cells apart by runs of spaces (`Bo Lund   V   Afbud`),
/// as an entry the list reads: the name, its party in brackets and its flag (`Bo Lund (V) -
/// afbud`). None for a line that is no such row.
fn table_row_entry(text: &str) -> Option<String> {
    if !text.contains("   ") {
        return None;
    }
    let mut cells = text
        .split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty());
    let name = cells.next()?;
    let mut entry = name.to_owned();
    let mut any = false;
    for cell in cells {
        let lower = crate::scan::lower(cell);
        any = true;
        match &*lower {
            "afbud" | "fraværende" | "fravær" | "nej" | "ikke til stede" | "forfald" => {
                entry.push_str(" - afbud");
            }
            "deltog" | "ja" | "til stede" | "fremmødt" | "x" => {}
            _ if cell.chars().count() <= 3 && cell.chars().all(char::is_uppercase) => {
                entry.push_str(&format!(" ({cell})"));
            }
            _ => return None,
        }
    }
    any.then_some(entry)
}

fn dedup(people: &mut Vec<Person>) {
    let mut seen: HashSet<String> = HashSet::new();
    people.retain(|p| seen.insert(p.as_written.clone()));
}

/// The names of two words or more that the meeting's lists gave, each once, by their first
/// word (up to the first space), which is where [`split_names`] finds one in a run of names.
#[derive(Debug, Default)]
struct Known {
    by_first_word: HashMap<String, Vec<String>>,
    names: HashSet<String>,
}

impl Known {
    fn add(&mut self, name: &str) {
        if crate::scan::split_whitespace(name).count() >= 2 && self.names.insert(name.to_owned()) {
            let first = name.split(' ').next().unwrap_or(name);
            let names = self.by_first_word.entry(first.to_owned()).or_default();
            // Each name once: a name repeated in every list must not lengthen the lookups.
            if !names.iter().any(|known| known == name) {
                names.push(name.to_owned());
            }
        }
    }

    /// The names that may start at `word`, in the order they came.
    fn starting_with(&self, word: &str) -> &[String] {
        self.by_first_word.get(word).map_or(&[], Vec::as_slice)
    }
}

/// A piece of a line: the whole line, or the part from one inline label to the next.
pub(crate) struct Segment<'a> {
    pub(crate) text: &'a str,
    pub(crate) span: Span,
    pub(crate) blank: bool,
}

/// The lines of `region`, split before every label inside a line and cut at the words that
/// end a list.
pub(crate) fn segments<'a>(region: &'a [Clean<'a>]) -> Vec<Segment<'a>> {
    let mut out = Vec::new();
    for line in region {
        let span = line.span();
        if line.is_blank() {
            out.push(Segment {
                text: "",
                span,
                blank: true,
            });
            continue;
        }
        let text: &str = &line.text;
        let mut start = 0;
        for cut in inline_cuts(text) {
            let piece = text[start..cut].trim();
            if !piece.is_empty() {
                out.push(Segment {
                    text: piece,
                    span,
                    blank: false,
                });
            }
            start = cut;
        }
        let piece = text[start..].trim();
        if !piece.is_empty() {
            out.push(Segment {
                text: piece,
                span,
                blank: false,
            });
        }
    }
    out
}

/// Where labels and stop words begin inside a line (not at its start): before a capitalised
/// list label followed by a colon, before a capitalised header label followed by a colon,
/// before a stop word and before a page footer `Side N af M`.
fn inline_cuts(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let bytes = text.as_bytes();
    // Labels end in a colon.
    for colon in memchr::memchr_iter(b':', bytes) {
        let before = text[..colon].trim_end();
        let label_start = LIST_LABELS
            .iter()
            .map(|(label, _)| *label)
            .chain(HEADER_LABELS.iter().copied())
            .filter_map(|label| ends_with_word(before, label))
            .min();
        if let Some(at) = label_start
            && at > 0
            && text[at..].starts_with(char::is_uppercase)
        {
            cuts.push(at);
        }
    }
    // Stop words and page footers, capitalised, after a space or glued to a closing bracket
    // (`Egon Bo (I)Indholdsfortegnelse`).
    for space in memchr::memchr2_iter(b' ', b')', bytes) {
        let after = &text[space + 1..];
        // The stop words and the footer start with these capitals; a heading in capitals
        // has two.
        let (first, second) = (after.as_bytes().first(), after.as_bytes().get(1));
        let stop_letter =
            first.is_some_and(|b| b.is_ascii() && crate::vocab::LIST_STOP_FIRST[usize::from(*b)]);
        let capitals = first.is_some_and(|b| !b.is_ascii() || b.is_ascii_uppercase())
            && second.is_some_and(|b| !b.is_ascii() || b.is_ascii_uppercase());
        if !stop_letter && !capitals {
            continue;
        }
        let stop = (stop_letter
            && (STOP_WORDS.iter().any(|word| starts_with_word(after, word))
                || is_page_footer(after)))
            || (capitals && starts_shouting(after));
        if stop {
            cuts.push(space + 1);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Header labels that may stand inside a run-together PDF line, lowercase.
const HEADER_LABELS: &[&str] = &[
    "mødedato",
    "mødetidspunkt",
    "sluttidspunkt",
    "mødested",
    "mødelokale",
    "mødeafholdelse",
    "bemærkninger",
    "dato",
    "sted",
];

/// The start of `label` when `text` ends with it as whole words (case-insensitively).
fn ends_with_word(text: &str, label: &str) -> Option<usize> {
    let at = text.len().checked_sub(label.len())?;
    if !text.is_char_boundary(at) {
        return None;
    }
    let tail = &text[at..];
    let boundary = at == 0 || text[..at].ends_with(' ');
    (boundary && crate::scan::lower_starts_with(tail, label)).then_some(at)
}

/// Whether `text` starts with `word` (lowercase) as a whole word, case-insensitively.
fn starts_with_word(text: &str, word: &str) -> bool {
    crate::scan::lower_starts_with(text, word)
        && text
            .get(word.len()..)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// `Side 1 af 56`.
fn is_page_footer(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("Side ") else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && rest[digits..].starts_with(" af ")
}

/// Two words in capitals (`GODKENDELSE AF FORSLAG`): a heading run into the line.
fn starts_shouting(text: &str) -> bool {
    let mut words = text.split(' ');
    let shouting = |word: Option<&str>| {
        word.is_some_and(|word| {
            word.chars().filter(|c| c.is_alphabetic()).count() >= 4
                && word.chars().all(|c| !c.is_lowercase())
        })
    };
    shouting(words.next()) && shouting(words.next())
}

/// A list label at the start of `text`: whether it lists the absent, and the text after it.
/// The label stands alone (`Medlemmer`, `Afbud:`) or is followed by a colon.
pub(crate) fn list_label(text: &str) -> Option<(bool, &str)> {
    let first = text.as_bytes().first()?;
    if first.is_ascii() && !crate::vocab::LIST_LABEL_FIRST[usize::from(first.to_ascii_lowercase())]
    {
        return None;
    }
    // Only the labels that agree with the first two bytes are compared.
    static PREFIXES: crate::scan::Prefixes = crate::scan::Prefixes::new(&{
        let mut labels = [""; LIST_LABELS.len()];
        let mut idx = 0;
        while idx < LIST_LABELS.len() {
            labels[idx] = LIST_LABELS[idx].0;
            idx += 1;
        }
        labels
    });
    let candidates = PREFIXES.candidates(text);
    for (idx, (label, absent)) in LIST_LABELS.iter().enumerate() {
        if candidates & (1 << idx) == 0 || !crate::scan::lower_starts_with(text, label) {
            continue;
        }
        let glued = &text[label.len()..];
        let rest = glued.trim_start();
        if rest.is_empty() {
            return Some((*absent, ""));
        }
        // `DeltagereKaren Friis (A), …`: a web page's label and value run together.
        if glued.starts_with(char::is_uppercase) {
            return Some((*absent, rest));
        }
        if let Some(rest) = rest.strip_prefix(':') {
            return Some((*absent, rest.trim()));
        }
        // `Til stede fra kommunen: …`: the label names the party the people come from.
        if let Some((party, names)) = rest
            .strip_prefix("fra ")
            .and_then(|qualified| qualified.split_once(':'))
            && crate::scan::split_whitespace(party).nth(4).is_none()
            && !party.contains(',')
        {
            return Some((*absent, names.trim()));
        }
        // `Medlemmer   Parti   Fremmøde`: the head of a table of members, one a row.
        if crate::scan::split_whitespace(rest).all(|word| {
            crate::vocab::MEMBER_TABLE_COLUMNS.contains(&&*crate::scan::lower_word(word))
        }) {
            return Some((*absent, ""));
        }
        // `Medlemmer Sofia Osmani deltog Søren P. Rasmussen deltog …`: a PDF table whose
        // label and names ran together, told by the attendance flags.
        if !absent
            && rest.starts_with(char::is_uppercase)
            && crate::scan::contains(rest, " deltog ")
        {
            return Some((false, rest));
        }
        return None;
    }
    from_party(text).map(|names| (false, names))
}

/// `Fra boligorganisationen: Ejendomsleder Rasmus Brix`, `Fra skolen: …`: those present for
/// a party the meeting names in the definite form, one word; the names after the colon.
fn from_party(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("Fra ")
        .or_else(|| text.strip_prefix("fra "))?;
    let (party, names) = rest.split_once(':')?;
    let definite = ["en", "et", "ne"].iter().any(|end| party.ends_with(end));
    (party.chars().count() >= 5
        && definite
        && party.chars().all(|c| c.is_alphabetic() && c.is_lowercase()))
    .then(|| names.trim())
}

/// A line a list does not run onto: another label, a role's label (`Referent:`), a header
/// label, a stop word, a decision heading, an item heading.
fn ends_list(text: &str) -> bool {
    // `Referent: Maja Lind`: a role of its own, not a group of the list.
    let role_label = text.split_once(':').is_some_and(|(head, _)| is_role(head));
    role_label
        || list_label(text).is_some()
        || crate::header::is_label(text)
        || STOP_WORDS.iter().any(|word| starts_with_word(text, word))
        || is_page_footer(text)
        || starts_shouting(text)
        || is_decision_heading(text)
        || text.eq_ignore_ascii_case("referat")
        || crate::items::item_heading(text).is_some()
        || matches!(
            crate::lines::split_marker(text).0,
            crate::lines::Marker::Number(_)
        )
}

/// `Beslutning`, `Beslutninger`, `Beslutning:` alone on a line.
fn is_decision_heading(text: &str) -> bool {
    let text = text.trim_end_matches(':');
    text.eq_ignore_ascii_case("beslutning") || text.eq_ignore_ascii_case("beslutninger")
}

/// Whether a line continues the list `joined` wrapped onto it.
fn continues_list(joined: &str, next: &str) -> bool {
    let joined = joined.trim_end();
    if joined.ends_with([',', '-', '–']) || joined.ends_with(" og") || joined.ends_with(" samt") {
        return true;
    }
    if joined.ends_with('.') {
        return false;
    }
    // The line starts with the rest of a name or another name.
    let first = next.split(',').next().unwrap_or_default();
    let first = first
        .split([' ', '(', '–'])
        .take_while(|w| !w.is_empty() && !w.starts_with(char::is_lowercase))
        .count();
    first > 0 && next.split(',').count() > 1
        || next
            .split(',')
            .all(|part| part.trim().is_empty() || people::looks_like_name(part.trim()))
}

/// Whether a line below a bare label is part of the list: it names someone, or it is a note
/// on the name above (a role, party letters).
fn entry_like(text: &str) -> bool {
    let (_, text) = crate::lines::split_marker(text);
    if is_note(text) {
        return true;
    }
    !entries(text).is_empty()
}

/// Party letters in brackets, a role: a line or list part that names nobody.
fn is_note(text: &str) -> bool {
    let text = text.trim().trim_end_matches([',', '.', ':']);
    if text.starts_with('(') && text.ends_with(')') && text.chars().count() <= 20 {
        return true;
    }
    is_role(text)
}

/// A title of office, perhaps numbered (`2. næstformand`).
fn is_role(text: &str) -> bool {
    let text = text.trim().trim_end_matches([',', '.', ':']);
    let text = text
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches('.')
        .trim();
    let lower = crate::scan::lower(text);
    ROLES.contains(&&*lower)
}

/// The names of a list, each with whether a flag marks it absent.
fn entries(chunk: &str) -> Vec<(String, Mark)> {
    entries_among(chunk, &Known::default())
}

/// [`entries`], splitting names that ran together at the `known` names of the meeting and
/// at first names.
fn entries_among(chunk: &str, known: &Known) -> Vec<(String, Mark)> {
    let split = split_run_together(chunk);
    let without = without_brackets(&split);
    let without = without_area_units(&without);
    let mut parts = list_parts(&without);
    if parts
        .iter()
        .any(|part| crate::scan::split_whitespace(part).count() >= 4)
    {
        parts = parts
            .into_iter()
            .flat_map(|part| split_names(part, known))
            .collect();
    }
    // One name with notes after commas (`Lars Børsting, Borgermedlem`), or a list.
    // `Jytte Mose, DH`, `Kirsten Holm, formand, DH`: capitals after a full name (and its
    // title) are an organisation's tag.
    let tag = |idx: usize| {
        people::is_initials(parts[idx].trim())
            && parts[..idx]
                .iter()
                .rev()
                .find(|part| !is_role(part.trim()))
                .is_some_and(|part| crate::scan::split_whitespace(part).nth(1).is_some())
    };
    let named: Vec<(String, Mark)> = (0..parts.len())
        .filter(|&idx| !tag(idx))
        .filter_map(|idx| entry(parts[idx]))
        .collect();
    if named.len() <= 1 && parts.len() > 1 {
        // The notes after the one name may flag it (`Peter Hansen (O), næstformand- afbud`).
        if let Some((name, _)) = named.into_iter().next() {
            let rest = without.split_once(',').map_or("", |(_, rest)| rest);
            let flagged =
                flag_absent(rest) || entry(parts[0]).is_some_and(|(_, mark)| mark == Mark::Absent);
            return vec![(name, if flagged { Mark::Absent } else { Mark::None })];
        }
        return Vec::new();
    }
    named
}

/// A list without its parts that name a department by two areas (`Konsulent Mads Ryberg,
/// Sundhed og Omsorg`): two capitalised words joined by `og`, neither of them a first name.
fn without_area_units(text: &str) -> Cow<'_, str> {
    let is_area_unit = |part: &str| {
        let mut words = crate::scan::split_whitespace(part.trim());
        let (Some(a), Some("og"), Some(b), None) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return false;
        };
        let area = |word: &str| {
            let word = word.trim_end_matches(['.', ';']);
            word.chars().count() >= 4
                && word.starts_with(char::is_uppercase)
                && word.chars().skip(1).all(char::is_lowercase)
                && !crate::words::is_first_name(word)
        };
        area(a) && area(b)
    };
    if !text.contains(" og ") || !text.split(',').any(is_area_unit) {
        return Cow::Borrowed(text);
    }
    let kept: Vec<&str> = text.split(',').filter(|part| !is_area_unit(part)).collect();
    Cow::Owned(kept.join(","))
}

/// A run of four capitalised words or more without separators, split into names: at a name
/// the meeting's lists already gave, else where a first name follows a name of two words or
/// more whose last word is not a first name (`Karl Vilhelm Nielsen` stays whole).
fn split_names<'a>(part: &'a str, known: &Known) -> Vec<&'a str> {
    let words: Vec<(usize, &str)> = part
        .split(' ')
        .scan(0, |offset, word| {
            let start = *offset;
            *offset += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
        .collect();
    // The run of capitalised words; what follows it is no name (`Kurt Holm Rød 3`).
    let run = words
        .iter()
        .take_while(|(_, word)| {
            word.starts_with(char::is_uppercase) && !word.contains(|c: char| c.is_ascii_digit())
                || matches!(*word, "de" | "la" | "von" | "van")
        })
        .count();
    if run < 4 {
        return vec![part];
    }
    let tail = words.get(run).map(|(at, _)| &part[*at..]);
    let words = &words[..run];
    let is_first_name = crate::words::is_first_name;
    let mut out = Vec::new();
    let mut start = 0;
    let mut idx = 0;
    while idx < words.len() {
        // A known name at this word.
        let rest = &part[words[idx].0..];
        if let Some(name) = known
            .starting_with(words[idx].1)
            .iter()
            .filter(|name| {
                rest.starts_with(name.as_str())
                    && rest[name.len()..].chars().next().is_none_or(|c| c == ' ')
            })
            .max_by_key(|name| name.len())
        {
            if idx > start {
                out.push(part[words[start].0..words[idx].0].trim());
            }
            out.push(&rest[..name.len()]);
            let end = words[idx].0 + name.len();
            idx = words[idx..]
                .iter()
                .position(|(at, _)| *at >= end)
                .map_or(words.len(), |offset| idx + offset);
            start = idx;
            continue;
        }
        if idx >= start + 2 && is_first_name(words[idx].1) && !is_first_name(words[idx - 1].1) {
            out.push(part[words[start].0..words[idx].0].trim());
            start = idx;
        }
        idx += 1;
    }
    if start < words.len() {
        let end = tail.map_or(part.len(), |tail| part.len() - tail.len());
        out.push(part[words[start].0..end].trim());
    }
    // A word left over where the run met other text (`Kurt Holm Rød 3, …`) is no name
    // unless it is a first name.
    out.retain(|piece| piece.contains(' ') || is_first_name(piece));
    out.extend(tail);
    out
}

/// The parts of a list between commas, semicolons, `og`, `samt` and `&`.
fn list_parts(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    people::list_names(text, |part| {
        out.push(part);
        true
    });
    out
}

/// Inserts commas where names ran together: after party letters in brackets followed by a
/// capitalised word (`A (A) B (V)`), after an attendance flag (`A deltog B`), after an
/// organisation's tag in capitals (`A DH B`).
fn split_run_together(text: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut last = 0;
    let bytes = text.as_bytes();
    for space in memchr::memchr_iter(b' ', bytes) {
        let before = &text[..space];
        let after = &text[space + 1..];
        if !after.starts_with(char::is_uppercase) || before.ends_with(',') {
            continue;
        }
        let tag = before.rsplit(' ').next().unwrap_or_default();
        let split = (before.ends_with(')') && !after.starts_with('('))
            || tag == "deltog"
            || (before.ends_with(" fraværende") && !before.ends_with("(fraværende"))
            || (people::is_initials(tag)
                && before.len() > tag.len()
                && before[..before.len() - tag.len()]
                    .ends_with(|c: char| c.is_lowercase() || c == ' ')
                && crate::scan::split_whitespace(before).count() >= 3
                && after
                    .split(' ')
                    .next()
                    .is_some_and(|w| !people::is_initials(w)));
        if split {
            out.push_str(&text[last..space]);
            out.push(',');
            last = space;
        }
    }
    if last == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

/// The text without bracketed notes (`(A)`, `(formand)`, `(stedfortræder: X)`), keeping an
/// absence flag found inside one (`(afbud)`) as a word.
fn without_brackets(text: &str) -> Cow<'_, str> {
    if !text.contains('(') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let inside = &rest[open + 1..];
        let Some(close) = inside.find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        if flag_absent(&inside[..close]) && !rest[..open].contains(':') {
            out.push_str(" - afbud");
        }
        rest = &inside[close + 1..];
        // `Kaj Vester (kom ikke). 1.`: the full stop stays with the name.
        if rest.starts_with(['.', ',', ';', ':']) {
            let kept = out.trim_end().len();
            out.truncate(kept);
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether attendance notes mark someone absent: they begin with `afbud`, `fraværende`,
/// `forfald`, or end in `afbud`.
fn flag_absent(notes: &str) -> bool {
    let lower = crate::scan::lower(notes);
    let lower = lower
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches(|c: char| !c.is_alphabetic());
    [
        "afbud",
        "fraværende",
        "var fraværende",
        "forfald",
        "meldt afbud",
        "havde afbud",
    ]
    .iter()
    .any(|flag| lower.starts_with(flag))
        || lower.ends_with("afbud")
}

/// What a list says of one of its names beside the list's own label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// Nothing: the label decides.
    None,
    /// `Jorun Bech - afbud`, `Lene Holm: Afbud`.
    Absent,
    /// `stedfortræder Helle Brink deltog`: present, also in a list of the absent.
    Present,
}

/// One part of a list as a name, with what its notes say of it; None when it names nobody
/// (`Ingen`, a role, an organisation, a sentence).
fn entry(part: &str) -> Option<(String, Mark)> {
    let (_, part) = crate::lines::split_marker(part.trim());
    let mut part = part.trim();
    // The list ran into a sentence or an item: `Nicolaj Holm. 1. Godkendelse af referat:`.
    if let Some(end) = sentence_end(part) {
        part = &part[..end];
    }
    let mut text = part.trim().trim_end_matches(['.', ',', ';']).trim();
    // `Lars Gaardhøj: Deltog`, `Forældrevalgte: Peter Knappmann`, `suppleant: Anne Holm`.
    let mut absent = false;
    // `stedfortræder Helle Brink (K) deltog`, `suppleant Ib Lund`: who came in someone's place.
    let mut present = ["stedfortræder ", "suppleant "]
        .iter()
        .any(|word| crate::scan::lower_starts_with(text, word));
    // Notes after a dash: `Helga Blomgreen - formand`, `Jorun Bech - afbud`, `Freddy Blak -
    // deltog ikke i behandlingen af punkt: 12`.
    if let Some(at) = [" - ", " – ", "- ", " -", " –"]
        .iter()
        .filter_map(|sep| crate::scan::find(text, sep))
        .min()
    {
        absent |= flag_absent(&text[at..]);
        text = text[..at].trim();
    }
    if let Some((before, after)) = text.split_once(':') {
        let after = after.trim();
        let lower = crate::scan::lower(after);
        if lower.starts_with("deltog") {
            text = before.trim();
        } else if flag_absent(after) {
            // `Lene Holm: Afbud`, or a group, then the absent: `Forældrevalgte: Afbud fra
            // Rikke Holm`.
            absent = true;
            let named = ["afbud fra ", "afbud ", "fraværende "]
                .iter()
                .find(|flag| lower.starts_with(**flag))
                .map(|flag| after[flag.len()..].trim())
                .filter(|rest| people::looks_like_name(rest));
            text = named.unwrap_or(before.trim());
        } else {
            text = after;
        }
    }
    // `Rikke Holm for Morten Gade`: a substitute, named before whom she stands in for.
    if let Some(at) = crate::scan::find(text, " for ")
        && people::looks_like_name(text[at + " for ".len()..].trim())
        && people::looks_like_name(text[..at].trim())
    {
        text = text[..at].trim();
    }
    // Flags after the name: `Sofia Osmani deltog`, `Jan Kaspersen var fraværende`.
    for (suffix, flag) in [
        (" var fraværende", true),
        (" fraværende", true),
        (" deltog", false),
        (" afbud", true),
    ] {
        if let Some(name) = text.strip_suffix(suffix) {
            absent |= flag;
            present |= !flag;
            text = name.trim();
        }
    }
    // An organisation's tag after the name: `Bente Ullits Eckmann DH`.
    if let Some((name, tag)) = text.rsplit_once(' ')
        && people::is_initials(tag)
        && crate::scan::split_whitespace(name).count() >= 2
    {
        text = name;
    }
    let text = without_title(text);
    let repaired = unglued(text);
    let text = repaired.as_ref();
    let nobody = matches!(
        &*crate::scan::lower(text),
        "ingen" | "ingen afbud" | "ingen fraværende" | "ingen fravær" | "intet" | "alle" | "-"
    );
    if nobody || is_role(text) || !people::looks_like_name(text) || !is_person(text) {
        return None;
    }
    let mark = if absent {
        Mark::Absent
    } else if present {
        Mark::Present
    } else {
        Mark::None
    };
    Some((text.to_owned(), mark))
}

/// A name whose first two words lost the space between them (`JohnFobian-Madsen`), with it
/// back: a capital after three lowercase letters inside the first word.
fn unglued(text: &str) -> Cow<'_, str> {
    let first = text.split(' ').next().unwrap_or_default();
    let mut lowercase_run = 0;
    for (at, c) in first.char_indices() {
        if c.is_uppercase() && at > 0 && lowercase_run >= 3 {
            return Cow::Owned(format!("{} {}", &text[..at], &text[at..]));
        }
        lowercase_run = if c.is_lowercase() {
            lowercase_run + 1
        } else {
            0
        };
    }
    Cow::Borrowed(text)
}

/// A name without a title of office before it (`Borgmester Anne Lund`), when a name of two
/// words or more follows.
fn without_title(text: &str) -> &str {
    let Some((first, rest)) = text.split_once(' ') else {
        return text;
    };
    let rest = rest.trim();
    if (is_role(first) || is_compound_title(first))
        && crate::scan::split_whitespace(rest).count() >= 2
        && people::looks_like_name(rest)
    {
        rest
    } else {
        text
    }
}

/// `Sekretariatschef`, `Økonomidirektør`, `Udviklingskonsulent`: a title made of a field
/// and one of [`crate::vocab::TITLE_ENDINGS`].
fn is_compound_title(word: &str) -> bool {
    let lower = crate::scan::lower_word(word);
    crate::vocab::TITLE_ENDINGS
        .iter()
        .any(|ending| lower.len() > ending.len() + 2 && lower.ends_with(ending))
}

/// `Formanden`, `Kassereren`, `Præsten`: a title of office ([`crate::vocab::ROLES`]) in the
/// definite form, which names the one person who holds it.
pub(crate) fn is_definite_role(subject: &str) -> bool {
    if !subject.starts_with(char::is_uppercase) || subject.contains(' ') {
        return false;
    }
    let lower = crate::scan::lower_word(subject);
    let Some(stem) = lower.strip_suffix('n') else {
        return false;
    };
    let stem = stem
        .strip_suffix('e')
        .filter(|stem| !stem.ends_with('e'))
        .unwrap_or(stem);
    let whole = &lower[..lower.len() - 1];
    // `Regionsrådsformanden`: a compound ending in a title of some length.
    let compound = |stem: &str| {
        crate::vocab::ROLES
            .iter()
            .any(|role| role.len() >= 6 && stem.len() > role.len() && stem.ends_with(role))
    };
    crate::vocab::ROLES.contains(&stem)
        || crate::vocab::ROLES.contains(&whole)
        || compound(stem)
        || compound(whole)
}

/// Whether a name-like text is a person's name, not an organisation, a party, a place or a
/// unit (`Teknik og Miljø`, `Center for Sundhed`, `Dansk Folkeparti`, `Vestergade`), nor a
/// title of office standing for whoever holds it (`Formanden`).
pub(crate) fn is_person(text: &str) -> bool {
    let ends_in = |word: &str, endings: &[&str]| {
        let lower = crate::scan::lower_word(word.trim_end_matches(['.', ',']));
        let lower = lower.as_str();
        endings.iter().any(|ending| {
            lower.ends_with(ending) && (lower.len() > ending.len() + 2 || lower == *ending)
        })
    };
    let mut words = crate::scan::split_whitespace(text).peekable();
    let Some(first) = words.peek() else {
        return false;
    };
    if SENTENCE_STARTS.contains(&&*crate::scan::lower_word(first)) || is_definite_role(text) {
        return false;
    }
    let first_name = crate::words::is_first_name(first);
    let mut last = "";
    let mut n_words = 0;
    for word in words {
        if ends_in(word, ORGANISATION_ENDINGS) {
            return false;
        }
        last = word;
        n_words += 1;
    }
    // `Morten Gade`, `Lis Vej`: a surname that is a street word, after a first name; a
    // street ends in one (`Vestergade`) or is named by another word (`Skovbo Allé`).
    let surname = first_name && n_words >= 2 && {
        let lower = crate::scan::lower_word(last.trim_end_matches(['.', ',']));
        PLACE_ENDINGS.contains(&lower.as_str())
    };
    surname || !ends_in(last, PLACE_ENDINGS)
}

/// Reads absence told in a sentence: `A og B havde meldt forfald.`, `Medlemmerne var mødt,
/// bortset fra A, B og C, der havde meldt afbud.`, `X mødte for A, der havde forfald.`
fn absence_sentences(text: &str, span: Span, meeting: &mut Meeting) {
    // Every cue names `afbud` or `forfald`.
    if crate::scan::find_ascii_ci(text, "afbud").is_none()
        && !crate::scan::contains(text, "forfald")
    {
        return;
    }
    // `Afbud meldt af A og B.`: the names after the cue, to the end of the sentence.
    for cue in [
        "afbud meldt af ",
        "afbud meldt fra ",
        "afbud er meldt af ",
        "afbud er meldt fra ",
        "meldt afbud fra ",
    ] {
        let Some(at) = crate::scan::find_ascii_ci(text, cue) else {
            continue;
        };
        let after = &text[at + cue.len()..];
        let end = after.find(". ").unwrap_or(after.len());
        for (name, _) in entries(after[..end].trim_end_matches(['.', ' '])) {
            meeting.absent.push(Person::written(&name, Some(span)));
        }
        return;
    }
    for cue in [
        "havde meldt afbud",
        "havde meldt forfald",
        "har meldt afbud",
        "har meldt forfald",
        "havde forfald",
        "har forfald",
    ] {
        let Some(at) = crate::scan::find(text, cue) else {
            continue;
        };
        let mut before = text[..at].trim_end();
        // The sentence the cue ends.
        if let Some(start) = sentence_start(before) {
            before = &before[start..];
        }
        before = before.trim_end_matches([',', ' ']);
        before = before
            .strip_suffix(" der")
            .unwrap_or(before)
            .trim_end_matches([',', ' ']);
        if let Some(pos) = crate::scan::rfind(before, "bortset fra ") {
            before = &before[pos + "bortset fra ".len()..];
        } else if let Some(pos) = crate::scan::rfind(before, " for ") {
            before = &before[pos + " for ".len()..];
        }
        for (name, _) in entries(before) {
            meeting.absent.push(Person::written(&name, Some(span)));
        }
        return;
    }
}

/// Reads those present told in a sentence: `Til stede var A, B, C og D.`, `Fremmødt var …`.
fn presence_sentences(text: &str, span: Span, meeting: &mut Meeting) {
    for cue in PRESENCE_CUES {
        let Some(at) = crate::scan::find_ascii_ci(text, cue) else {
            continue;
        };
        // The cue starts a sentence.
        let before = text[..at].trim_end();
        if !(before.is_empty() || before.ends_with(['.', ':'])) {
            continue;
        }
        let after = &text[at + cue.len()..];
        let end = sentence_end(after).unwrap_or(after.len());
        let names = after[..end].trim_end_matches(['.', ' ']);
        for (name, _) in entries(names) {
            meeting
                .participants
                .push(Person::written(&name, Some(span)));
        }
        return;
    }
}

/// Sentences that name those present ([`presence_sentences`]), lowercase.
const PRESENCE_CUES: [&str; 4] = [
    "til stede var ",
    "tilstede var ",
    "fremmødt var ",
    "fremmødte var ",
];

/// Where the first sentence of `text` ends: at a full stop after a word of two letters or
/// more, followed by a space.
fn sentence_end(text: &str) -> Option<usize> {
    memchr::memchr_iter(b'.', text.as_bytes()).find(|&dot| {
        let word = text[..dot].rsplit(' ').next().unwrap_or_default();
        word.chars().count() >= 2 && text[dot + 1..].starts_with(' ')
    })
}

/// Where the last sentence of `text` starts: after the last full stop that ends a word of
/// two letters or more and is followed by a space and a capital.
fn sentence_start(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut found = None;
    for dot in memchr::memchr_iter(b'.', bytes) {
        let word = text[..dot].rsplit(' ').next().unwrap_or_default();
        let after = &text[dot + 1..];
        // A lowercase word, or a name (`… og Oliver Brink. Frederik Holm havde …`).
        let mut chars = word.chars();
        let name_end = chars.next().is_some_and(char::is_uppercase)
            && word.chars().count() >= 3
            && chars.all(char::is_lowercase)
            && !crate::lines::is_abbreviation(&crate::scan::lower_word(word));
        if (word.chars().count() >= 2 && word.chars().all(char::is_lowercase) || name_end)
            && after.starts_with(' ')
            && after[1..].starts_with(char::is_uppercase)
        {
            found = Some(dot + 2);
        }
    }
    found
}

/// The people the absence lines of one item's text name (`Fraværende: A, B`, `Afbud: C`).
pub(crate) fn absence_lines(lines: &[Clean]) -> Vec<Person> {
    let mut out = Vec::new();
    for line in lines {
        if let Some((true, rest)) = list_label(&line.text)
            && !rest.is_empty()
        {
            for (name, _) in entries(rest) {
                out.push(Person::written(&name, Some(line.span())));
            }
        }
    }
    out
}

/// See [`crate::settle_absence`].
pub(crate) fn settle(meeting: &mut Meeting, item_absent: &[Vec<Person>]) {
    let Some(first) = item_absent.first() else {
        return;
    };
    let same_names = |a: &[Person], b: &[Person]| {
        a.len() == b.len()
            && a.iter()
                .all(|p| b.iter().any(|q| q.as_written == p.as_written))
    };
    if first.is_empty() || !item_absent.iter().all(|list| same_names(list, first)) {
        return;
    }
    for person in first {
        if !meeting
            .absent
            .iter()
            .any(|a| a.as_written == person.as_written)
        {
            meeting.absent.push(person.clone());
        }
    }
    let absent = &meeting.absent;
    meeting
        .participants
        .retain(|p| !absent.iter().any(|a| a.as_written == p.as_written));
}
