//! Items: finds the minuted items (`Punkt 3: title`, titles wrapped across lines; in minutes
//! without `Punkt`, numbered headings such as `3. title` followed by sections), skips tables
//! of contents, splits each item into sections (`Beslutning for Punkt 3`,
//! `Beslutninger`, `Sagsforløb`, `Bilag` …) and collects attachments.
//!
//! Decisions come from the decision sections when an item has one, else from its text;
//! actions from the decision sections and the text before the first section heading.
//! Background sections (`Sagsforløb`, `Resume`, `Beslutningspunkter`, quoted proposals)
//! quote other meetings and proposals, so nothing is extracted from them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use model::{Absence, Date, Item, Meeting, Person};

use crate::actions;
use crate::closed;
use crate::decisions::{self, Header};
use crate::lines::{self, Block, Clean, Marker};
use crate::par;
use crate::people;
use crate::scan;
use crate::vocab;
use crate::votes;

/// `Punkt 3: title` → ("3", "title"). Schedule lines (`Pkt. 1 kl. 11.30`) and lists of
/// points (`Pkt. 6, 7, 8`) are not items. A bare `Pkt. 3`, or one with only its presenter
/// (`Pkt. 3 (Malou)`), gives the title on the lines below it ([`bare_title`]).
pub(crate) fn item_heading(text: &str) -> Option<(&str, &str)> {
    heading_parts(text).filter(|(_, title)| bare_title(title).is_none())
}

/// A bare item heading at line `idx` ([`item_heading`]) whose title follows on the next
/// line: its number and presenter. A bare `Pkt. 7` that closes a time plan, followed by a
/// label (`Mødedeltagere : …`), heads nothing.
pub(crate) fn bare_heading<'a>(
    lines: &'a [Clean],
    idx: usize,
) -> Option<(&'a str, Option<&'a str>)> {
    let (number, title) = heading_parts(&lines[idx].text)?;
    let presenter = bare_title(title)?;
    let next = lines[idx + 1..].iter().find(|line| !line.is_blank())?;
    is_title_line(&next.text).then_some((number, presenter))
}

/// A line that may be the title under a bare item heading: not a heading, a time or a
/// label with its value.
fn is_title_line(text: &str) -> bool {
    let label = text
        .find(':')
        .is_some_and(|colon| !text[colon + 1..].trim().is_empty());
    !label
        && heading_parts(text).is_none()
        && section_heading(text).is_none()
        && time_range_line(text).is_none()
}

/// `Punkt 3: title` → ("3", "title"), the title possibly bare. `Sag 76 - 17/1234 - title`:
/// a case number between the item's number and its title is not part of the title.
fn heading_parts(text: &str) -> Option<(&str, &str)> {
    let (prefix, rest) = vocab::ITEM_PREFIXES
        .iter()
        .chain(vocab::STRICT_ITEM_PREFIXES)
        .find_map(|prefix| Some((*prefix, text.strip_prefix(prefix)?)))?;
    let rest = rest.trim_start();
    // `Punkt nr. 7 - title`
    let rest = vocab::ITEM_NUMBER_WORDS
        .iter()
        .find_map(|word| rest.strip_prefix(word))
        .map_or(rest, str::trim_start);
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let mut end = digits;
    if rest[end..].starts_with(|c: char| c.is_ascii_lowercase())
        && !rest[end + 1..].starts_with(|c: char| c.is_alphabetic())
    {
        end += 1;
    }
    let number = &rest[..end];
    let after = rest[end..].trim_start();
    let title = after
        .strip_prefix(':')
        .or_else(|| after.strip_prefix('.'))
        .or_else(|| after.strip_prefix(')'))
        .or_else(|| after.strip_prefix("- "))
        .or_else(|| after.strip_prefix("– "))
        .unwrap_or(after)
        .trim();
    // `Punkt 45 (Åben) Trafikplan`: the mark is no part of the title.
    let title = without_case_number(closed::leading_mark(title).1);
    // `Sag 5 blev udsat`: a word as common as `Sag` heads an item only before a title.
    let strict = vocab::STRICT_ITEM_PREFIXES.contains(&prefix);
    if strict
        && !(title.is_empty()
            || title.starts_with(char::is_uppercase)
            || bare_title(title).is_some())
    {
        return None;
    }
    if title.starts_with([',', '-', '&', '/'])
        || scan::lower_starts_with(title, "og ")
        || scan::lower_starts_with(title, "kl")
            && title
                .get(2..)
                .unwrap_or_default()
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        return None;
    }
    Some((number, title))
}

/// `17/1234 - Regnskab 2016` → `Regnskab 2016`: a case number (`17/1234`,
/// `05.01.00-P15-3-17`) and a dash before a title.
fn without_case_number(title: &str) -> &str {
    let Some((first, rest)) = title.split_once(' ') else {
        return title;
    };
    let Some(rest) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("– ")) else {
        return title;
    };
    let slashed = first.split_once('/').is_some_and(|(year, number)| {
        (2..=4).contains(&year.len())
            && year.bytes().all(|b| b.is_ascii_digit())
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    });
    if slashed || case_number(first).is_some() {
        rest.trim_start()
    } else {
        title
    }
}

/// `Ad 3. Budget`, `Ad punkt 3: Budget`, `ad.3.`, `Ad. 1`, `Ad 1: Datoer står ved magt.` →
/// ("3", rest): a line of minutes that answer their agenda point by point (see
/// [`numbered_headings`]). `rest` is what follows the number on the line: a title, the
/// minute itself, or nothing. A reference to points in a decision (`Ad 1-2 anbefales.`)
/// runs on after its number.
fn ad_line(text: &str) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    if bytes.len() < 3 || !bytes[..2].eq_ignore_ascii_case(b"ad") {
        return None;
    }
    let rest = &text[2..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    // `Adresse 4`: the word goes on.
    if !rest.starts_with([' ', '\t']) && !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_start();
    // `Ad dagsordenens punkt 2:`
    let rest = ["dagsordenens ", "dagsordenen "]
        .iter()
        .find(|lead| scan::lower_starts_with(rest, lead))
        .map_or(rest, |lead| &rest[lead.len()..]);
    let rest = ["punkt ", "pkt. ", "pkt.", "pkt "]
        .iter()
        .find(|prefix| scan::lower_starts_with(rest, prefix))
        .map_or(rest, |prefix| &rest[prefix.len()..])
        .trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = rest[digits..].trim_start_matches(['.', ':', ')']);
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    // `Ad pkt. 1 – Godkendelse af dagsorden`
    let after = after.trim_start();
    let after = after
        .strip_prefix("– ")
        .or_else(|| after.strip_prefix("- "))
        .unwrap_or(after);
    Some((&rest[..digits], after.trim()))
}

/// An [`ad_line`] whose rest is a title: `Ad 3. Budget` → ("3", "Budget"). Formal minutes
/// also use `Ad 1.` for the points of a proposal inside an item, so these are headings only
/// where the document has no `Punkt N` headings.
fn ad_heading(text: &str) -> Option<(&str, &str)> {
    let (number, title) = ad_line(text)?;
    let fits = title.starts_with(char::is_uppercase)
        && !title.ends_with(['.', ',', ';'])
        && title.len() <= 150;
    fits.then_some((number, title.trim_end_matches(':').trim_end()))
}

/// What may stand before an item's number: a bullet (`• 159. Dagsorden`), `Nr.` (`Nr.178 -
/// Godkendelse`), or whether the item is open or closed (`åbent 1 Fraværende`, `lukket 101
/// Lukket punkt`, as agendas list them), or a paragraph sign (`§ 1. Godkendelse af dagsorden`).
fn without_number_prefix(text: &str) -> &str {
    let first = text.as_bytes().first().copied().unwrap_or_default();
    if first.is_ascii_digit() {
        return text;
    }
    for bullet in ["• ", "▪ ", "● ", "◦ ", "- ", "– ", "* "] {
        if let Some(rest) = text.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    const PREFIXES: [&str; 6] = ["nr.", "nr ", "åbent ", "lukket ", "§ ", "§"];
    // Only a line whose first two characters agree with a prefix's is compared.
    static STARTS: scan::Prefixes = scan::Prefixes::new(&PREFIXES);
    if STARTS.candidates(text) == 0 {
        return text;
    }
    for prefix in PREFIXES {
        if scan::lower_starts_with(text, prefix) {
            let rest = text[prefix.len()..].trim_start();
            if rest.starts_with(|c: char| c.is_ascii_digit()) {
                return rest;
            }
        }
    }
    text
}

/// Whether `text` runs on past the end of a sentence (`. ` before a capital letter).
fn has_sentence_break(text: &str) -> bool {
    text.match_indices(". ")
        .any(|(at, _)| text[at + 2..].starts_with(char::is_uppercase))
}

/// `2. Budgetopfølgning`, `2) Budgetopfølgning`, `• 159. Dagsorden - godkendelse`, `Nr.178 -
/// Godkendelse af dagsordenen` → ("2", "Budgetopfølgning"): a numbered line that may head an
/// item in minutes without `Punkt N` headings (see [`numbered_headings`]). A short title may
/// end in `.` or `:` (`3. Ældrerådsvalg 2017.`, `1. Udvalg:`); a longer one that does is a
/// sentence of a numbered list.
fn numbered_line(text: &str) -> Option<(&str, &str)> {
    let text = without_number_prefix(text);
    let digits = number_len(text)?;
    let rest = &text[digits..];
    let rest = rest
        .strip_prefix('.')
        .or_else(|| rest.strip_prefix(')'))
        .or_else(|| rest.strip_prefix(':'))
        .unwrap_or(rest);
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let rest = rest.trim();
    let title = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("– "))
        .unwrap_or(rest)
        .trim_start();
    // `1 (Åben) Godkendelse af dagsorden`: the mark is no part of the title.
    let title = closed::leading_mark(title).1;
    let short = || scan::split_whitespace(title).nth(10).is_none() && !has_sentence_break(title);
    let fits = (3..=150).contains(&title.len())
        && title.starts_with(char::is_uppercase)
        && !title.ends_with([',', ';'])
        && (!title.ends_with(['.', ':']) || short());
    // `01. Meddelelser`: the number without its leading zeros.
    let number = &text[..digits];
    let number = match number.trim_start_matches('0') {
        "" => "0",
        trimmed if trimmed.starts_with('.') => &number[number.len() - trimmed.len() - 1..],
        trimmed => trimmed,
    };
    fits.then_some((number, title))
}

/// The length of the item number that starts `text`: one to three digits (`12`), or a
/// number of a sub-item (`4.1`, `12.3`).
fn number_len(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let sub = text[digits..].strip_prefix('.').map_or(0, |rest| {
        rest.bytes().take_while(u8::is_ascii_digit).count()
    });
    // `4.1 Title`, `4.1. Title`; not a date (`1.9.2025`, `1.9. `) or a decimal.
    let sub_end = digits + 1 + sub;
    let is_sub = (1..=2).contains(&sub)
        && (text[sub_end..].starts_with(' ')
            || text[sub_end..].starts_with(". ")
                && text[sub_end + 2..].starts_with(char::is_uppercase));
    Some(if is_sub { sub_end } else { digits })
}

/// `1. Temadag om liturgi , Lørdag d. 30 november …`, `2. Venskabsmenighed? Tanke om …`,
/// `3. Kvartalsrapport blev gennemgået af …`, `4. Kommende arrangementer;`: a numbered
/// paragraph whose title runs into its text (number, title, text). The title ends at a comma
/// or a sentence's end before a capital, at a question mark, at `;` or `:` ending the line,
/// or before an auxiliary verb whose sentence the title begins (then the text keeps it).
/// Read only where such paragraphs count 1, 2, 3, … through a document (see
/// [`numbered_headings`]).
fn run_in_line(text: &str) -> Option<(&str, &str, Option<&str>)> {
    let text = without_number_prefix(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let rest = text[digits..].strip_prefix(". ")?.trim();
    if !rest.starts_with(char::is_uppercase) {
        return None;
    }
    let capital_after = |at: usize| rest[at..].trim_start().starts_with(char::is_uppercase);
    // The first place where the title may end: (end of title, start of text).
    let mut cut: Option<(usize, usize)> = None;
    let mut consider = |end: usize, text_at: usize| {
        if cut.is_none_or(|(best, _)| end < best) {
            cut = Some((end, text_at));
        }
    };
    if let Some(at) = rest.find(',').filter(|&at| capital_after(at + 1)) {
        consider(at, at + 1);
    }
    if let Some(at) = rest.find("? ") {
        consider(at + 1, at + 2);
    }
    if let Some((at, _)) = rest
        .match_indices(". ")
        .find(|(at, _)| capital_after(at + 2))
    {
        consider(at, at + 2);
    }
    if rest.ends_with([';', ':']) {
        consider(rest.len() - 1, rest.len());
    }
    for verb in [" blev ", " er ", " var ", " har ", " bliver "] {
        if let Some(at) = rest.find(verb) {
            consider(at, 0);
        }
    }
    let (end, text_at) = cut?;
    let title = rest[..end].trim_end_matches([' ', ',']);
    let n_words = scan::split_whitespace(title).count();
    if !(1..=12).contains(&n_words) || title.len() < 3 {
        return None;
    }
    let body = rest[text_at..].trim();
    Some((&text[..digits], title, (!body.is_empty()).then_some(body)))
}

/// A numbered item heading found by [`numbered_headings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Numbered {
    /// The heading's line index.
    pub(crate) idx: usize,
    pub(crate) number: String,
    pub(crate) title: String,
    /// The minute written on the heading's line after the number, when the title comes from
    /// the agenda (`Ad 2 Emner til mødet blev drøftet.`).
    pub(crate) text: Option<String>,
}

/// Item headings of minutes that number their items without the word `Punkt`
/// (`1. Godkendelse af dagsorden`). For documents without a `Punkt N` heading (the caller
/// looks); empty when there is a `Beslutning for Punkt N` heading.
///
/// A numbered line heads an item when its number is higher than the previous heading's, it
/// is not nested in the entry above it (indented deeper, with nothing as shallow between),
/// it is not one of a run of consecutively numbered lines (a table of contents, an agenda,
/// a list) unless the run goes on from the last heading (items without a body, such as
/// closed ones), and a section heading (`Beslutning`, `Sagsfremstilling`, `Indstilling`, …)
/// follows within a few lines, before the next numbered line. An `Ad N` line answers entry
/// N of the agenda above it, which gives its title.
pub(crate) fn numbered_headings(lines: &[Clean]) -> Vec<Numbered> {
    const LOOK_AHEAD: usize = 16;
    if lines
        .iter()
        .any(|line| decision_heading(&line.text).is_some())
    {
        return Vec::new();
    }
    // Each line is looked at as its neighbours' neighbour too: parse it once, on every
    // core for a long document. What a line is read as depends on the line alone.
    let read: Vec<LineForms<'_>> = par::map(
        lines.iter().collect(),
        |line| line.text.len() + 1,
        |line| {
            if line.is_blank() {
                return LineForms::default();
            }
            let ad = ad_line(&line.text);
            let numbered = numbered_line(&line.text);
            LineForms {
                ad,
                numbered,
                run_in: if ad.is_none() && numbered.is_none() {
                    run_in_line(&line.text)
                } else {
                    None
                },
            }
        },
    );
    let numbered = |idx: usize| read[idx].numbered;
    let heading = |idx: usize, number: &str, title: &str, text: Option<&str>| Numbered {
        idx,
        number: number.to_owned(),
        title: title.to_owned(),
        text: text.filter(|text| !text.is_empty()).map(str::to_owned),
    };
    let mut out: Vec<Numbered> = Vec::new();
    let mut last: Option<u32> = None;
    // Numbered lines that are not part of a run of consecutive numbers, with their numbers.
    let mut alone: Vec<(usize, u32)> = Vec::new();
    // The entries of runs seen so far (agendas, tables of contents): number and title.
    let mut agenda = Agenda::default();
    // The last numbered line seen for each number, for the titles of `Ad N` lines.
    let mut listed: NumberMap<u32, &str> = NumberMap::default();
    // The indentation of the last numbered line that was not nested, while the lines after
    // it are indented deeper.
    let mut open_indent: Option<usize> = None;
    for idx in 0..lines.len() {
        let line = &lines[idx];
        if line.is_blank() {
            continue;
        }
        if let Some((number, rest)) = read[idx].ad {
            let Some(n) = ordinal(number) else {
                continue;
            };
            if last.is_some_and(|last| n <= last) {
                continue;
            }
            if let Some(&title) = listed.get(&n) {
                // `Ad 2. Budget 2026` repeats the agenda's title; `Ad 2 Emner til mødet blev
                // drøftet.` is the minute of point 2.
                let rest_title = rest.trim_end_matches([':', '.', ' ']);
                let repeats = !rest_title.is_empty() && same_title(title, &scan::lower(rest_title));
                let text = if repeats { None } else { Some(rest) };
                out.push(heading(
                    idx,
                    number,
                    if repeats { rest_title } else { title },
                    text,
                ));
                last = Some(n);
            } else if let Some((number, title)) = ad_heading(&line.text) {
                out.push(heading(idx, number, title, None));
                last = Some(n);
            }
            continue;
        }
        let Some((number, title)) = numbered(idx) else {
            if open_indent.is_some_and(|open| line.indent <= open) {
                open_indent = None;
            }
            // A numbered paragraph whose title runs into its text counts with the lines
            // apart from each other.
            if let Some((number, _, _)) = read[idx].run_in
                && let Some(n) = ordinal(number)
                && line.indent == 0
            {
                alone.push((idx, n));
            }
            continue;
        };
        if open_indent.is_some_and(|open| line.indent > open) {
            continue;
        }
        open_indent = Some(line.indent);
        let Some(n) = ordinal(number) else {
            continue;
        };
        listed.insert(n, title);
        let prev = (0..idx).rev().find(|&other| !lines[other].is_blank());
        let next = (idx + 1..lines.len()).find(|&other| !lines[other].is_blank());
        // A neighbour numbered one lower or higher makes a run; a table of contents ending in
        // 3 followed by the heading of item 1 does not, nor does the last entry of a nested
        // list, indented deeper.
        let numbered_as = |other: Option<usize>, fits: &dyn Fn(u32) -> bool| {
            other
                .filter(|&other| lines[other].indent == line.indent)
                .and_then(numbered)
                .and_then(|(number, _)| ordinal(number))
                .is_some_and(fits)
        };
        let in_run = numbered_as(prev, &|other| succeeds(other, n))
            || numbered_as(next, &|other| succeeds(n, other));
        if in_run {
            // A run that goes on from the last heading lists items without a body.
            if last.is_some_and(|last| succeeds(last, n)) {
                out.push(heading(idx, number, title, None));
                last = Some(n);
            } else {
                agenda.insert(n, title);
            }
            continue;
        }
        alone.push((idx, n));
        if last.is_some_and(|last| n <= last) {
            continue;
        }
        // `Forvaltningen indstiller, at` / `1. Rådet godkender …`: the points of a proposal.
        if prev.is_some_and(|prev| {
            let text = lines[prev].text.trim_end();
            text.ends_with(" at") || text.ends_with(",at")
        }) {
            continue;
        }
        let sections_follow = || {
            (idx + 1..lines.len())
                .filter(|&next| !lines[next].is_blank())
                .take(LOOK_AHEAD)
                .take_while(|&next| numbered(next).is_none())
                .any(|next| section_heading(&lines[next].text).is_some())
        };
        // A line that repeats an entry of an agenda above it (same number and title).
        let on_agenda = || agenda.contains(n, &scan::lower(title));
        // `Åbent punkt` / `45. Kommuneplantillæg …`: a form's mark of an item right above.
        let marked = || {
            prev.is_some_and(|prev| {
                closed::is_open_line(&lines[prev].text) || closed::is_closed_line(&lines[prev].text)
            })
        };
        if line.heading || sections_follow() || on_agenda() || marked() {
            out.push(heading(idx, number, title, None));
            last = Some(n);
        }
    }
    // Without sections or an agenda to go by: numbered lines apart from each other that
    // count 1, 2, 3, … through the document, three or more, are its items (`1. Velkomst`,
    // text, `2. Økonomi`, text, …).
    // Four or more count up from anywhere: the first heading may be glued to the line
    // before it.
    // An excerpt (a web page cut short) may hold only the first item or two: two count from
    // 1, one when its title is one a meeting opens with (`1. Godkendelse af dagsorden`).
    let opens_meeting = || {
        numbered(alone[0].0).is_some_and(|(_, title)| {
            let lower = scan::lower(title);
            vocab::OPENING_ITEMS
                .iter()
                .any(|opening| lower.starts_with(opening))
        })
    };
    let from_one = alone
        .first()
        .is_some_and(|first| first.1 <= ordinal("1.1").unwrap_or_default());
    let counts_up = (alone.len() >= 3 || (from_one && (alone.len() == 2 || opens_meeting())))
        && (from_one || alone.len() >= 4)
        && alone.windows(2).all(|pair| succeeds(pair[0].1, pair[1].1));
    let alone_at = || alone.iter().map(|(at, _)| *at).collect::<HashSet<usize>>();
    if counts_up && {
        let alone_at = alone_at();
        out.iter().all(|found| alone_at.contains(&found.idx))
    } {
        return alone
            .into_iter()
            .filter_map(|(idx, _)| match numbered(idx) {
                Some((number, title)) => Some(heading(idx, number, title, None)),
                None => {
                    let (number, title, text) = read[idx].run_in?;
                    Some(heading(idx, number, title, Some(text.unwrap_or_default())))
                }
            })
            .collect();
    }
    out
}

/// What [`numbered_headings`] reads a line as, each read once.
#[derive(Default)]
struct LineForms<'a> {
    /// [`ad_line`].
    ad: Option<(&'a str, &'a str)>,
    /// [`numbered_line`].
    numbered: Option<(&'a str, &'a str)>,
    /// [`run_in_line`], for a line that is neither of the others.
    run_in: Option<(&'a str, &'a str, Option<&'a str>)>,
}

/// A map keyed by numbers (item numbers, the nodes of [`Agenda`] and the bytes under them),
/// hashed with a multiplication each instead of the standard SipHash, which cost more than
/// the rest of reading an agenda entry byte by byte. The keys are numbers this module gives
/// out in order and bytes of text; the product's high bits are folded into the low ones the
/// table indexes by, so that keys alike in their low bits do not collide.
type NumberMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<NumberHasher>>;

#[derive(Debug, Default)]
struct NumberHasher(u64);

impl std::hash::Hasher for NumberHasher {
    fn finish(&self) -> u64 {
        let product = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        product ^ (product >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(8) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// An item number as one integer that orders as the numbers do: `4` → 4000, `4.1` → 4001.
fn ordinal(number: &str) -> Option<u32> {
    let (major, minor) = number.split_once('.').unwrap_or((number, "0"));
    let (major, minor) = (major.parse::<u32>().ok()?, minor.parse::<u32>().ok()?);
    (minor < 1000).then(|| major.saturating_mul(1000).saturating_add(minor))
}

/// Whether the item number `next` follows `prev` ([`ordinal`]s): `3` → `4`, `4.1` → `4.2`,
/// `4.2` → `5` or `5.1`, `4` → `4.1`.
fn succeeds(prev: u32, next: u32) -> bool {
    next == prev + 1 || (next / 1000 == prev / 1000 + 1 && next % 1000 <= 1)
}

/// The entries of the agendas seen so far, by number: a trie of the bytes of their
/// lowercase titles for each number. Whether a heading repeats an entry costs the length of
/// its title however many entries there are (minutes pasted one after another collect
/// thousands, and comparing each heading with each entry made [`numbered_headings`] take
/// time in the square of the document's size).
#[derive(Debug, Default)]
struct Agenda {
    /// The root node of each number's titles.
    roots: NumberMap<u32, u32>,
    /// The child of a node by the next byte.
    children: NumberMap<(u32, u8), u32>,
    /// For each node, whether a title ends there.
    ends: Vec<bool>,
}

impl Agenda {
    /// Shorter titles are compared only whole (see [`Agenda::contains`]).
    const MIN_PREFIX: usize = 12;

    fn insert(&mut self, number: u32, title: &str) {
        let mut node = match self.roots.get(&number) {
            Some(&root) => root,
            None => {
                let root = self.new_node();
                self.roots.insert(number, root);
                root
            }
        };
        for &byte in scan::lower(title).as_bytes() {
            node = match self.children.get(&(node, byte)) {
                Some(&child) => child,
                None => {
                    let child = self.new_node();
                    self.children.insert((node, byte), child);
                    child
                }
            };
        }
        self.ends[node as usize] = true;
    }

    fn new_node(&mut self) -> u32 {
        self.ends.push(false);
        u32::try_from(self.ends.len() - 1).unwrap_or(u32::MAX)
    }

    /// Whether an entry numbered `number` names the same item as a heading whose title is
    /// `lower` (in lowercase): the same words, or one is the start of the other and at least
    /// [`Agenda::MIN_PREFIX`] bytes long (a heading may be shortened on the agenda, or wrap
    /// there).
    fn contains(&self, number: u32, lower: &str) -> bool {
        let Some(&root) = self.roots.get(&number) else {
            return false;
        };
        let mut node = root;
        for (depth, &byte) in lower.as_bytes().iter().enumerate() {
            // An entry that is the start of the heading.
            if depth >= Self::MIN_PREFIX && self.ends[node as usize] {
                return true;
            }
            match self.children.get(&(node, byte)) {
                Some(&child) => node = child,
                None => return false,
            }
        }
        // An entry equal to the heading, or (every node leads to an entry) one it starts.
        self.ends[node as usize] || lower.len() >= Self::MIN_PREFIX
    }
}

/// An agenda entry and an item heading name the same item: the same words, or one is the
/// start of the other (a heading may be shortened on the agenda, or wrap there); `lower` is
/// the heading's title in lowercase. [`Agenda::contains`] asks the same of many entries.
fn same_title(entry: &str, lower: &str) -> bool {
    let entry = scan::lower(entry);
    let (short, long) = if entry.len() <= lower.len() {
        (&*entry, lower)
    } else {
        (lower, &*entry)
    };
    short == long || (short.len() >= Agenda::MIN_PREFIX && long.starts_with(short))
}

/// `Beslutning for Punkt 3: title` → "3".
fn decision_heading(text: &str) -> Option<&str> {
    const PREFIXES: &[&str] = vocab::DECISION_FOR_ITEM;
    if !text.as_bytes().first().is_some_and(|first| {
        first.is_ascii() && vocab::DECISION_FOR_ITEM_FIRST[usize::from(first.to_ascii_lowercase())]
    }) {
        return None;
    }
    // The prefixes are ASCII: an ASCII head of the line compares without lowercasing it.
    let longest = PREFIXES
        .iter()
        .map(|prefix| prefix.len())
        .max()
        .unwrap_or(0);
    let head = &text.as_bytes()[..text.len().min(longest)];
    let rest_at = if head.is_ascii() {
        PREFIXES.iter().find_map(|prefix| {
            let bytes = prefix.as_bytes();
            (text.len() >= bytes.len()
                && text.as_bytes()[..bytes.len()].eq_ignore_ascii_case(bytes))
            .then_some(prefix.len())
        })?
    } else {
        let lower = scan::lower(text);
        PREFIXES
            .iter()
            .find_map(|prefix| lower.starts_with(prefix).then_some(prefix.len()))?
    };
    let rest = text.get(rest_at..)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0).then(|| &rest[..digits])
}

/// The kinds of section inside an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    /// Text before any heading.
    Preamble,
    /// What the meeting decided.
    Decision,
    /// Background, proposals, history, attachments.
    Other,
}

/// Classifies a whole line as a section heading.
fn section_heading(text: &str) -> Option<Section> {
    if decision_heading(text).is_some() {
        return Some(Section::Decision);
    }
    // Headings are short lines.
    if text.len() > 90 {
        return None;
    }
    let lower = scan::lower(text.trim_end_matches(':').trim());
    if lower.len() <= vocab::SECTION_HEADING_MAX_BYTES {
        if vocab::DECISION_HEADINGS.contains(&&*lower) {
            return Some(Section::Decision);
        }
        if vocab::CASE_HEADINGS.contains(&&*lower) {
            return Some(Section::Other);
        }
    }
    // `Beslutning i Teknik- og Miljøudvalget den 03-03-2024:`, `Udvalgets beslutning den 3.
    // marts 2024`: the decision of this meeting, named with its body or date.
    if (lower.starts_with("beslutning i ")
        || lower.starts_with("beslutning den ")
        || lower.starts_with("beslutning fra ")
        || lower.ends_with("s beslutning")
        || lower.contains("s beslutning den "))
        && !text.trim_end().ends_with('.')
    {
        return Some(Section::Decision);
    }
    // `Forretningsudvalgets indstilling`, `Administrationens indstilling`
    let genitive_proposal =
        lower.ends_with("s indstilling") && crate::scan::split_whitespace(&lower).nth(3).is_none();
    if lower.ends_with("påtegning")
        || genitive_proposal
        || lower.starts_with("indstilling fra")
        || lower.starts_with("beslutningsforslag fra")
        || lower.starts_with("sagsforløb")
    {
        return Some(Section::Other);
    }
    // An all-capitals line (`BESLUTNINGSFORSLAG FRA DD`) heads quoted material.
    let mut n_letters = 0;
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return None;
        }
        n_letters += 1;
    }
    if n_letters >= 8 && crate::scan::split_whitespace(text).count() >= 2 {
        return Some(Section::Other);
    }
    None
}

/// A heading that names a body and a date (`Kommunalbestyrelsen den 20. august 2020:`,
/// `Beslutning Byrådet, 22.11.2016`): this meeting's decision when the date is the
/// meeting's, an earlier committee's statement, quoted, when it lies before.
fn dated_heading(text: &str, meeting_date: Option<Date>) -> Option<Section> {
    let meeting_date = meeting_date?;
    if text.len() > 90 || !text.starts_with(char::is_uppercase) {
        return None;
    }
    let text = text.trim_end();
    // `Økonomiudvalgets beslutning den 17. februar 2026`: a body's decision, named in the
    // genitive.
    let labelled = text.ends_with(':')
        || scan::lower_starts_with(text, "beslutning")
        || scan::find_ascii_ci(text, "s beslutning den ").is_some();
    if !labelled
        || text.ends_with('.')
        || has_sentence_break(text)
        || scan::split_whitespace(text).nth(9).is_some()
    {
        return None;
    }
    let date = crate::header::find_date(text.trim_end_matches([':', ' ']))?;
    match date.cmp(&meeting_date) {
        std::cmp::Ordering::Equal => Some(Section::Decision),
        std::cmp::Ordering::Less => Some(Section::Other),
        std::cmp::Ordering::Greater => None,
    }
}

/// A case number line: `EMN-2025-003383`, `27.00.00-A00-1-23`, `Sagsnr. 123/2024`.
fn case_number(text: &str) -> Option<&str> {
    let text = text.trim();
    // `Sagsnummer: 17.01.10-P35-1-24`, `J.nr. 2024-113`: a label, then the number.
    if let Some(label) = vocab::CASE_NUMBER_LABELS
        .iter()
        .find(|label| scan::lower_starts_with(text, label))
    {
        let rest = text[label.len()..]
            .trim_start_matches([':', '.', ' '])
            .trim();
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric())
            && rest.bytes().any(|b| b.is_ascii_digit())
        {
            return Some(rest);
        }
    }
    if text.contains(' ') || text.len() < 6 || time_range_line(text).is_some() {
        return None;
    }
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let dashes = text
        .bytes()
        .filter(|b| *b == b'-' || *b == b'/' || *b == b'.')
        .count();
    (digits >= 4
        && dashes >= 2
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-./".contains(&b)))
    .then_some(text)
}

/// Whether an item heading's title is bare: nothing (`Pkt. 1`) or only its presenter in
/// brackets (`Pkt. 3 (Malou)`), as a time plan laid out as a table writes the item's cell;
/// the presenter, if any.
fn bare_title(title: &str) -> Option<Option<&str>> {
    if title.is_empty() {
        return Some(None);
    }
    let inner = title.strip_prefix('(')?.strip_suffix(')')?;
    (!inner.contains(['(', ')'])).then(|| Some(inner.trim()))
}

/// Reads the title of a bare item heading from the next line, and the line after when the
/// title ends in a dash (`Eventuelt –` / `Valg`) and that line is no sentence or question;
/// the index of the first line after the title.
fn title_below(lines: &[Clean], from: usize, item: &mut Item) -> usize {
    let next_filled = |from: usize| (from..lines.len()).find(|&idx| !lines[idx].is_blank());
    let is_title = is_title_line;
    let Some(first) = next_filled(from).filter(|&idx| is_title(&lines[idx].text)) else {
        return from;
    };
    let mut title = lines[first].text.to_string();
    let mut end = first;
    while title.ends_with(['–', '-']) {
        match next_filled(end + 1) {
            Some(next)
                if is_title(&lines[next].text) && !lines[next].text.ends_with(['.', '?', '!']) =>
            {
                lines::join_line(&mut title, &lines[next].text);
                end = next;
            }
            _ => break,
        }
    }
    item.title = title.trim_end_matches([' ', '–', '-', ':']).to_owned();
    if let Some(span) = item.span.as_mut() {
        span.end_line = lines[end].number;
    }
    end + 1
}

/// Non-blank lines after a bare item heading's title in which its time may stand.
const SLOT_LOOK_AHEAD: usize = 6;

/// The time plan's slot of a bare item heading: a line of its own holding a time range
/// (`Kl. 18.30-18.45`, `20.10- 20.20`) among the lines below the title, before the next item.
fn slot_below(
    lines: &[Clean],
    from: usize,
    number: &str,
    presenter: Option<&str>,
) -> Option<model::Slot> {
    let (line, (start, end)) = lines[from.min(lines.len())..]
        .iter()
        .filter(|line| !line.is_blank())
        .take(SLOT_LOOK_AHEAD)
        .take_while(|line| item_heading(&line.text).is_none())
        .find_map(|line| Some((line, time_range_line(&line.text)?)))?;
    let span = line.span();
    Some(model::Slot {
        item: number.to_owned(),
        start: Some(start),
        end: Some(end),
        presenters: presenter
            .filter(|name| people::looks_like_name(name))
            .map(|name| vec![Person::written(name, Some(span))])
            .unwrap_or_default(),
        note: None,
        span: Some(span),
    })
}

/// A line that holds only a time range: `Kl. 18.30-18.45`, `Kl.19.45-19.55`, `20.10- 20.20`.
fn time_range_line(text: &str) -> Option<(model::Time, model::Time)> {
    let text = text.trim();
    if !text.ends_with(|c: char| c.is_ascii_digit()) || text.len() > 24 {
        return None;
    }
    let text = ["kl.", "kl"]
        .iter()
        .find(|prefix| scan::lower_starts_with(text, prefix))
        .map_or(text, |prefix| &text[prefix.len()..])
        .trim_start();
    let (start, len) = crate::header::parse_time(text)?;
    let rest = text[len..].trim_start();
    let rest = rest.strip_prefix(['-', '–'])?.trim_start();
    let (end, len) = crate::header::parse_time(rest)?;
    rest[len..].trim().is_empty().then_some((start, end))
}

/// A line of reference numbers (`01.02G00 - 2017/27088`): digits, no lowercase letter.
fn is_reference_line(text: &str) -> bool {
    let mut n_digits = 0;
    let mut n_other = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_ascii_digit() {
            n_digits += 1;
        } else if c.is_alphabetic() {
            n_other += 1;
        }
    }
    n_digits >= 4 && n_digits >= n_other
}

/// One item being read: its heading and lines by section. `None` is a blank line that ends
/// a block (where a section heading was).
struct Draft<'a> {
    item: Item,
    lines: Vec<(Section, Option<&'a Clean<'a>>)>,
}

/// The text of a draft line; blank for `None`.
fn text_of<'a>(line: Option<&'a Clean<'_>>) -> &'a str {
    line.map_or("", |line| &line.text)
}

/// Reads every item from the lines after the header; `numbered` are the numbered item
/// headings from [`numbered_headings`], their indices into `lines`.
pub(crate) fn read(
    lines: &[Clean],
    meeting: &mut Meeting,
    known: &[String],
    numbered: &[Numbered],
) {
    // The minutes written on `Ad N` lines, as lines of their items' text.
    let heading_texts: Vec<Clean> = numbered
        .iter()
        .filter_map(|heading| {
            let text = heading.text.as_deref()?;
            let line = &lines[heading.idx];
            Some(Clean {
                text: Cow::Owned(text.to_owned()),
                heading: false,
                ..line.clone()
            })
        })
        .collect();
    let mut heading_texts = heading_texts.iter();
    let meeting_date = meeting.date;
    // Classified ahead where that spreads the work, else as the walk comes to each line.
    let total: usize = lines.iter().map(|line| line.text.len() + 1).sum();
    let classes = par::spreads(total).then(|| {
        par::map(
            (0..lines.len()).collect(),
            |&idx| lines[idx].text.len() + 1,
            |idx| classify(lines, idx, meeting_date),
        )
    });
    let mut drafts: Vec<Draft> = Vec::new();
    let mut section = Section::Preamble;
    // Inside the closed part of a meeting (`Lukket møde`), every item is closed.
    let mut closed_part = false;
    let mut idx = 0;
    while idx < lines.len() {
        let line = &lines[idx];
        let class = classes.as_ref().map_or_else(
            || classify(lines, idx, meeting_date),
            |classes| classes[idx],
        );
        // `Sager til orientering` between two items groups the items after it: it belongs to
        // neither item's text.
        if let LineClass::Group = class {
            if let Some(draft) = drafts.last_mut() {
                draft.lines.push((Section::Other, None));
            }
            idx += 1;
            continue;
        }
        if let LineClass::Closed(closed) = class {
            closed_part = closed;
            idx += 1;
            continue;
        }
        if let LineClass::DecisionFor(number) = class {
            // `Beslutning for Punkt 3: …` opens item 3's decision section; it starts the item
            // when the document has no `Punkt 3` heading of its own.
            if drafts.last().is_none_or(|d| d.item.number != number) {
                let title = line
                    .text
                    .split_once(':')
                    .map(|(_, t)| t.trim())
                    .unwrap_or_default();
                push(&mut drafts, closed_part, new_draft(number, title, line));
            }
            section = Section::Decision;
            idx += skip_wrapped_title(lines, idx);
            continue;
        }
        let found = numbered
            .binary_search_by_key(&idx, |heading| heading.idx)
            .ok()
            .map(|at| &numbered[at]);
        if let LineClass::Bare(number, presenter) = class {
            let mut draft = new_draft(number, "", line);
            idx = title_below(lines, idx + 1, &mut draft.item);
            if let Some(slot) = slot_below(lines, idx, number, presenter) {
                meeting.schedule.push(slot);
            }
            // `Sag nr. 83 (Lukket)` / `Personalesag`: the mark stands on the number's line.
            let marked_closed = closed::is_closed_title(&line.text);
            push(&mut drafts, closed_part || marked_closed, draft);
            section = Section::Preamble;
            continue;
        }
        let heading = match class {
            LineClass::Heading(number, title) => Some((number, title)),
            _ => found.map(|heading| (heading.number.as_str(), heading.title.as_str())),
        };
        if let Some((number, title)) = heading {
            // `15. Åbent punkt` / `Salg af grund på Fabriksvej`: the heading holds only the
            // open or closed mark, the title stands below it.
            if let Some(closed_mark) = closed::mark_only(title) {
                let mut draft = new_draft(number, "", line);
                idx = title_below(lines, idx + 1, &mut draft.item);
                push(&mut drafts, closed_part || closed_mark, draft);
                section = Section::Preamble;
                continue;
            }
            // `Tilskud til foreningernes energiudgifter (2024-0031102)`: a case number in
            // brackets ends the title; the lines below are the item's text.
            let (title, bracketed_case) = match bracketed_case_number(title) {
                Some((title, case)) => (title, Some(case)),
                None => (title, None),
            };
            let mut draft = new_draft(number, title, line);
            idx += 1;
            if found.is_some_and(|heading| heading.text.is_some())
                && let Some(text) = heading_texts.next()
            {
                // The title came from the agenda and the line holds the minute.
                draft.item.title = title.to_owned();
                draft.lines.push((Section::Preamble, Some(text)));
                push(&mut drafts, closed_part, draft);
                section = Section::Preamble;
                continue;
            }
            if let Some(case) = bracketed_case {
                draft.item.case_number = Some(case.to_owned());
                let marked_closed = closed::is_closed_title(&line.text)
                    || closed::is_closed_after_number(&line.text);
                push(&mut drafts, closed_part || marked_closed, draft);
                section = Section::Preamble;
                continue;
            }
            // The title wraps onto following lines until a blank line, a case number or a
            // section heading; a heading marked as one (`## 4. Eventuelt`) is one line.
            // A heading the reader knew (HTML, Word, a PDF's larger type) goes on over the
            // lines of the same kind below it: a PDF gives each printed line of a wrapped
            // title as a line.
            let reader_heading = matches!(line.kind, model::LineKind::Heading(_));
            let mut wrapped = if line.heading && !reader_heading {
                3
            } else {
                0
            };
            // Where the title starts, counted as indentation: a line indented less than that
            // but more than the heading is the item's text (` 1. Meddelelser` / `  Intet
            // nyt`), not the title's next line.
            let title_column = line.indent + line.text.find(title).unwrap_or(0);
            while idx < lines.len() && wrapped < 3 {
                let next = &lines[idx];
                if reader_heading && !next.is_blank() {
                    if next.kind != line.kind {
                        break;
                    }
                    lines::join_line(&mut draft.item.title, &next.text);
                    if let Some(span) = draft.item.span.as_mut() {
                        span.end_line = next.number;
                    }
                    wrapped += 1;
                    idx += 1;
                    continue;
                }
                if next.is_blank()
                    || (next.indent > line.indent && next.indent < title_column)
                    || is_reference_line(&next.text)
                    || is_case_officer_line(&next.text)
                    || scan::split_whitespace(&next.text)
                        .next()
                        .is_some_and(|first| first != next.text && case_number(first).is_some())
                    || section_heading(&next.text).is_some()
                    || item_heading(&next.text).is_some()
                    || decision_heading(&next.text).is_some()
                    // `Åben sag` under the heading marks the item, it does not name it.
                    || closed::mark_only(&next.text).is_some()
                    || lines::split_marker(&next.text).0 != Marker::None
                    || (lines::has_paragraph_label(&next.text)
                        && !title_continues(&draft.item.title))
                    // `… budget 2019 for` / `sundhedsområdet`: a lowercase line goes on.
                    || (!next.text.starts_with(char::is_lowercase)
                        && decisions::header(&next.text).is_some())
                {
                    break;
                }
                if let Some(case) = case_number(&next.text) {
                    draft.item.case_number = Some(case.to_owned());
                    idx += 1;
                    break;
                }
                // `5. Meddelelser` / `Formanden orienterede om, at … til`: a line of many
                // words under a short, complete title is the item's text, wrapped.
                if !title_continues(&draft.item.title)
                    && scan::split_whitespace(&draft.item.title).nth(3).is_none()
                    && scan::split_whitespace(&next.text).nth(7).is_some()
                {
                    break;
                }
                if is_sentence(&next.text, &draft.item.title) || ends_a_sentence_inside(&next.text)
                {
                    // The item's text follows the heading without a blank line.
                    break;
                }
                lines::join_line(&mut draft.item.title, &next.text);
                if let Some(span) = draft.item.span.as_mut() {
                    span.end_line = next.number;
                }
                wrapped += 1;
                idx += 1;
            }
            // `Lukket punkt 4: Personalesag`: the mark before the prefix, or after the
            // number (`Punkt 46 (Lukket) Salg af grund`).
            let marked_closed =
                closed::is_closed_title(&line.text) || closed::is_closed_after_number(&line.text);
            push(&mut drafts, closed_part || marked_closed, draft);
            section = Section::Preamble;
            continue;
        }
        if let Some(draft) = drafts.last_mut() {
            if draft.item.case_number.is_none()
                && !line.is_blank()
                && draft.lines.iter().all(|(_, l)| text_of(*l).is_empty())
                && let Some(case) = case_number(&line.text)
            {
                draft.item.case_number = Some(case.to_owned());
                idx += 1;
                continue;
            }
            // A dated heading first: `Beslutning i Økonomiudvalget den 24. april 2018` in the
            // minutes of a later meeting quotes an earlier committee.
            if let LineClass::Text(Some(kind)) = class {
                section = kind;
                // Keep the heading line for the item text and attachments, as blank for blocks.
                draft.lines.push((Section::Other, Some(line)));
                draft.lines.push((kind, None));
            } else {
                draft.lines.push((section, Some(line)));
            }
        }
        idx += 1;
    }
    let date = meeting.date;
    let finished = par::map(
        drafts,
        |draft| {
            draft
                .lines
                .iter()
                .map(|(_, line)| text_of(*line).len() + 1)
                .sum()
        },
        |draft| finish(draft, date, known),
    );
    meeting.items.extend(finished);
}

/// What a line of an item's part of the minutes says alone, asked in the order [`read`]
/// asks it: the first that holds. In a long document every line is classified before
/// [`read`] walks them, on every core.
#[derive(Clone, Copy)]
enum LineClass<'a> {
    /// `Sager til orientering`: [`is_group_heading`].
    Group,
    /// `Lukket møde` (true) or `Åbent møde` (false): [`closed::section`].
    Closed(bool),
    /// `Beslutning for Punkt 3: …`: [`decision_heading`].
    DecisionFor(&'a str),
    /// A bare heading whose title follows: [`bare_heading`].
    Bare(&'a str, Option<&'a str>),
    /// `Punkt 3: title`: [`item_heading`].
    Heading(&'a str, &'a str),
    /// Any other line, with the section it heads: [`dated_heading`], else
    /// [`section_heading`].
    Text(Option<Section>),
}

fn classify<'a>(lines: &'a [Clean], idx: usize, meeting_date: Option<Date>) -> LineClass<'a> {
    let text = &lines[idx].text;
    if is_group_heading(text) {
        return LineClass::Group;
    }
    if let Some(closed) = closed::section(text) {
        return LineClass::Closed(closed);
    }
    if let Some(number) = decision_heading(text) {
        return LineClass::DecisionFor(number);
    }
    if let Some((number, presenter)) = bare_heading(lines, idx) {
        return LineClass::Bare(number, presenter);
    }
    if let Some((number, title)) = item_heading(text) {
        return LineClass::Heading(number, title);
    }
    LineClass::Text(dated_heading(text, meeting_date).or_else(|| section_heading(text)))
}

/// Adds a draft item, closed when it stands in the closed part of the meeting.
fn push<'a>(drafts: &mut Vec<Draft<'a>>, closed_part: bool, mut draft: Draft<'a>) {
    draft.item.closed = closed_part;
    drafts.push(draft);
}

fn new_draft<'a>(number: &str, title: &str, line: &Clean) -> Draft<'a> {
    Draft {
        item: Item {
            number: number.to_owned(),
            title: title.to_owned(),
            span: Some(line.span()),
            ..Item::default()
        },
        // An item runs to a few dozen lines: room for them without growing step by step.
        lines: Vec::with_capacity(64),
    }
}

/// Whether `text` is a whole sentence of at least three words (a capital first, a full stop
/// last): the start of an item's text, not the rest of a wrapped title, which has no full
/// stop.
fn is_sentence(text: &str, title: &str) -> bool {
    text.ends_with('.')
        && !text.ends_with("..")
        && text.starts_with(char::is_uppercase)
        && (crate::scan::split_whitespace(text).nth(2).is_some()
            || (!title_continues(title) && is_short_record(text)))
}

/// Whether a line holds the end of a sentence and the start of the next (`Rådet drøftede
/// kvalitetsstandarden. Rådet finder det positivt, at …`): the item's text, wrapped, not the
/// rest of a title. The stop must follow a word of some length after at least two words
/// before it, so that abbreviations (`jf. Planloven`, `pr. 31. januar`) do not count.
fn ends_a_sentence_inside(text: &str) -> bool {
    if !text.starts_with(char::is_uppercase) {
        return false;
    }
    text.match_indices(". ").any(|(at, _)| {
        let before = &text[..at];
        let word = before.rsplit(' ').next().unwrap_or_default();
        let after = text[at + 2..].trim_start();
        word.chars().count() >= 4
            && word.chars().all(char::is_alphabetic)
            && word.starts_with(char::is_lowercase)
            && scan::split_whitespace(before).nth(2).is_some()
            && after.starts_with(char::is_uppercase)
    })
}

/// `Navngivning af ny idrætshal (2024-0030013)` → (`Navngivning af ny idrætshal`,
/// `2024-0030013`): a case number in brackets at the end of an item's title. A span of years
/// (`(2024-2028)`) is part of the title.
fn bracketed_case_number(title: &str) -> Option<(&str, &str)> {
    let inner_start = title.strip_suffix(')')?.rfind('(')?;
    let inner = title[inner_start + 1..title.len() - 1].trim();
    let head = title[..inner_start].trim_end();
    if head.is_empty() || inner.contains(' ') && case_number(inner).is_none() {
        return None;
    }
    let digits = inner.bytes().filter(u8::is_ascii_digit).count();
    let slashed = inner.split_once('/').is_some_and(|(year, number)| {
        (2..=4).contains(&year.len())
            && year.bytes().all(|b| b.is_ascii_digit())
            && number.len() >= 3
            && number.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    });
    let years = inner
        .split_once('-')
        .is_some_and(|(from, to)| from.len() == 4 && to.len() == 4);
    let long = digits >= 8
        && !years
        && inner.contains('-')
        && inner.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    (slashed || long || case_number(inner).is_some()).then_some((head, inner))
}

/// A short line that records what happened to an item (`Godkendt.`, `Intet.`, `Ingen
/// bemærkninger.`): a decision verb, or nothing to report. The end of a wrapped title can be
/// as short (`… spor 1: Fremtidens` / `Service.`).
fn is_short_record(text: &str) -> bool {
    let lower = scan::lower(text.trim_end_matches('.'));
    matches!(
        &*lower,
        "intet" | "ingen" | "ingen bemærkninger" | "intet nyt" | "intet at bemærke"
    ) || vocab::APPROVALS_ALONE.contains(&&*lower)
        || (decisions::may_have_verb(&lower)
            && !decisions::verb_hits(&decisions::words(text)).is_empty())
}

/// Whether a title stops where a phrase goes on (`… Midt og`, `… af`, `Budget,`), so that
/// even a short capitalised line after it (`Nord, P&R.`) is its rest; after a complete
/// title, such a line (`Godkendt.`, `Intet.`) is the item's text.
fn title_continues(title: &str) -> bool {
    let last = title.rsplit(' ').next().unwrap_or_default();
    title.ends_with([',', '-', '–', ':', '&'])
        || matches!(
            last,
            "og" | "af"
                | "i"
                | "til"
                | "for"
                | "med"
                | "på"
                | "om"
                | "ved"
                | "samt"
                | "eller"
                | "fra"
                | "under"
                | "efter"
                | "mellem"
                | "mod"
        )
}

/// A line that groups the items after it by kind (`Sager til beslutning`,
/// `Orienteringssager:`), from [`vocab::ITEM_GROUP_HEADINGS`].
fn is_group_heading(text: &str) -> bool {
    // Compared without lowercasing a copy: every line of every item is asked. A Danish
    // letter takes as many bytes in capitals as in lowercase, so lengths compare first.
    let text = text.trim().trim_end_matches([':', ' ']);
    vocab::ITEM_GROUP_HEADINGS.iter().any(|heading| {
        heading.len() == text.len()
            && text
                .chars()
                .flat_map(char::to_lowercase)
                .eq(heading.chars())
    })
}

/// `Sagsbehandler: Karen Ulv`: who handles the case, under the item's heading.
fn is_case_officer_line(text: &str) -> bool {
    text.split_once(':')
        .is_some_and(|(label, _)| vocab::CASE_OFFICER_LABELS.contains(&&*scan::lower(label.trim())))
}

/// Lines taken by a `Beslutning for Punkt` heading whose title wraps.
fn skip_wrapped_title(lines: &[Clean], idx: usize) -> usize {
    let mut taken = 1;
    while let Some(next) = lines.get(idx + taken) {
        if next.is_blank()
            || taken > 3
            || section_heading(&next.text).is_some()
            || lines::split_marker(&next.text).0 != Marker::None
            || decisions::header(&next.text).is_some()
        {
            break;
        }
        // Only a line that finishes a title (no full stop) is taken as its continuation.
        if next.text.ends_with('.') || next.text.ends_with(':') {
            break;
        }
        taken += 1;
    }
    taken
}

fn finish(draft: Draft<'_>, meeting_date: Option<Date>, known: &[String]) -> Item {
    let mut item = draft.item;
    let length: usize = draft
        .lines
        .iter()
        .map(|(_, line)| text_of(*line).len() + 1)
        .sum();
    let mut text = String::with_capacity(length);
    for (idx, (_, line)) in draft.lines.iter().enumerate() {
        if idx > 0 {
            text.push('\n');
        }
        text.push_str(text_of(*line));
    }
    item.text = text.trim().to_owned();
    let last = draft
        .lines
        .iter()
        .rev()
        .filter_map(|(_, line)| *line)
        .find(|line| !line.is_blank());
    if let (Some(span), Some(last)) = (item.span.as_mut(), last) {
        span.end_line = last.number;
    }
    let has_decision_section = draft.lines.iter().any(|(s, _)| *s == Section::Decision);
    let decision_section = if has_decision_section {
        Section::Decision
    } else {
        Section::Preamble
    };
    let in_decisions = |block: &Block| draft.lines[block.first_line].0 == decision_section;
    let closed_title = closed::is_closed_title(&item.title);
    // The marks, attachments and case summaries are read beside the blocks and decisions
    // (on another core for a long item: minutes pasted one after another make one item).
    let ((closed_marks, attachments, action_keep), (blocks, decisions)) = par::join(
        length,
        || {
            let says = |marks: fn(&str) -> bool| {
                draft
                    .lines
                    .iter()
                    .any(|(_, line)| line.is_some_and(|line| marks(&line.text)))
            };
            let closed_marks =
                !closed_title && says(closed::is_closed_line) && !says(closed::is_open_line);
            // Where the item has a decision section, a line before any heading that puts the
            // case to the meeting (`Udvalget skal tage stilling til, om …`) was written before
            // it: no follow-up.
            let mut action_keep: Vec<bool> = draft
                .lines
                .iter()
                .map(|(s, line)| match s {
                    Section::Other => false,
                    Section::Preamble if has_decision_section => {
                        !line.is_some_and(|line| puts_the_case(&line.text))
                    }
                    _ => true,
                })
                .collect();
            drop_case_summaries(&draft.lines, &mut action_keep);
            (closed_marks, attachments(&item.text), action_keep)
        },
        || {
            // One set of blocks serves both passes: the decision sections (or, without one,
            // the text before the first heading) for decisions, and every section that is
            // not background for actions. Section changes only at a heading line, which is
            // left out, so no block spans two sections.
            let mut blocks = lines::blocks_of(
                draft
                    .lines
                    .iter()
                    .map(|(s, line)| line.filter(|_| *s != Section::Other)),
            );
            if !blocks.iter().all(in_decisions) {
                // Levels follow the block before among the decision blocks alone.
                lines::assign_levels(blocks.iter_mut().filter(|block| in_decisions(block)));
            }
            let decision_blocks: Vec<&Block> = blocks.iter().filter(|b| in_decisions(b)).collect();
            let decisions = read_decisions(&decision_blocks, meeting_date);
            (blocks, decisions)
        },
    );
    item.closed |= closed_title || closed_marks;
    item.attachments = attachments;
    let decision_blocks: Vec<&Block> = blocks.iter().filter(|b| in_decisions(b)).collect();
    item.decisions = decisions;
    // A dropped case summary is a whole paragraph: blank lines (or the section's bounds)
    // are on either side of it, so it is a run of whole blocks.
    let action_blocks: Vec<&Block> = blocks
        .iter()
        .filter(|block| action_keep[block.first_line])
        .collect();
    item.actions = actions::read(&action_blocks, &item.decisions, meeting_date, known);
    item.absent = absentees(&decision_blocks);
    item
}

/// `Udvalget skal tage stilling til …`, `Byrådet bedes godkende …`: a body named first and
/// asked to act, the question a case puts to the meeting.
fn puts_the_case(text: &str) -> bool {
    let mut words = scan::split_whitespace(text);
    let (Some(first), Some(second)) = (words.next(), words.next()) else {
        return false;
    };
    first.starts_with(char::is_uppercase)
        && crate::words::is_body_word(first)
        && matches!(second, "skal" | "bedes")
}

/// Publication systems print a one-line summary of the case after the decision text, just
/// before the background sections (`Beslutninger` / decision / `Forslag om …` / `Resume`).
/// That line restates the case; its dates are not follow-ups. It is the last paragraph of a
/// decision section that is followed by another section, when it has no decision verb of its
/// own but an earlier paragraph of the section has one.
fn drop_case_summaries(lines: &[(Section, Option<&Clean>)], action_keep: &mut [bool]) {
    let is_blank = |i: usize| text_of(lines[i].1).is_empty();
    let mut idx = 0;
    while idx < lines.len() {
        if lines[idx].0 != Section::Decision {
            idx += 1;
            continue;
        }
        let start = idx;
        while idx < lines.len() && lines[idx].0 == Section::Decision {
            idx += 1;
        }
        if idx == lines.len() {
            break;
        }
        // The run start..idx is followed by another section: find its last paragraph.
        let Some(last) = (start..idx).rev().find(|&i| !is_blank(i)) else {
            continue;
        };
        let mut first = last;
        while first > start && !is_blank(first - 1) {
            first -= 1;
        }
        let paragraph: Vec<&str> = (first..=last).map(|i| text_of(lines[i].1)).collect();
        let paragraph = paragraph.join(" ");
        let has_verb = |text: &str| {
            decisions::may_have_verb(&scan::lower(text))
                && !decisions::verb_hits(&decisions::words(text)).is_empty()
        };
        let earlier_verb = (start..first).any(|i| has_verb(text_of(lines[i].1)));
        if earlier_verb
            && !has_verb(&paragraph)
            && lines::split_marker(&paragraph).0 == Marker::None
        {
            action_keep[first..=last].fill(false);
        }
    }
}

/// Decisions of a run of blocks, following list headers.
pub(crate) fn read_decisions(
    blocks: &[&Block],
    meeting_date: Option<Date>,
) -> Vec<model::Decision> {
    let mut out: Vec<model::Decision> = Vec::new();
    let mut header: Option<Header> = None;
    let mut ahead = read_blocks_ahead(blocks, meeting_date);
    let mut idx = 0;
    while idx < blocks.len() {
        let block = blocks[idx];
        let mut block_ahead = ahead.as_mut().map(|ahead| std::mem::take(&mut ahead[idx]));
        if block.marker == Marker::None {
            header = match &mut block_ahead {
                Some(block_ahead) => block_ahead.header.take(),
                None => paragraph_header(block),
            };
            let heads = matches!(header, Some(Header::Actor(_) | Header::ActorVerb(..)));
            match block.sentences.split_last() {
                // `Drøftet. Følgende blev aftalt:`: the last sentence heads the list, and
                // those before it are sentences of their own.
                Some((last, before)) if heads && !before.is_empty() => {
                    header = decisions::header_in(
                        &block.text[last.start..last.end],
                        block.aligned_lower(last.start, last.end),
                        last.cues.verb(),
                    );
                    let sentences = 0..before.len();
                    sentence_decisions(block, sentences, block_ahead, meeting_date, &mut out);
                }
                _ if !heads => {
                    let sentences = 0..block.sentences.len();
                    sentence_decisions(block, sentences, block_ahead, meeting_date, &mut out);
                }
                _ => {}
            }
            idx += 1;
            continue;
        }
        // A row of a follow-up table is work to do, however its header line is worded
        // (`Følgende blev aftalt:`).
        if block.table_row {
            idx += 1;
            continue;
        }
        // A list entry, with its nested entries; their text is made only for a decision.
        let mut span = block.span();
        let mut children = Vec::new();
        let mut next = idx + 1;
        while next < blocks.len()
            && blocks[next].marker != Marker::None
            && blocks[next].level > block.level
        {
            children.push(blocks[next].text.trim_end_matches(['.', ';']).to_owned());
            span = span.to(blocks[next].span());
            next += 1;
        }
        let text: Cow<'_, str> = if children.is_empty() {
            Cow::Borrowed(&block.text)
        } else if block.text.ends_with(':') {
            Cow::Owned(format!("{} {}", block.text, children.join("; ")))
        } else {
            let head = block.text.trim_end_matches('.');
            Cow::Owned(format!("{head}. {}", children.join(". ")))
        };
        // No vote phrase spans two sentences, so the entry's own sentences tell whether its
        // text may hold one.
        let may_vote = !children.is_empty() || block.sentences.iter().any(|s| s.cues.vote());
        match &header {
            Some(Header::ActorVerb(actor, kind))
                if !(may_vote && decisions::is_vote_position(&scan::lower(&text))) =>
            {
                out.push(decision(actor.clone(), *kind, text.into_owned(), span));
            }
            Some(Header::Actor(actor)) => {
                // Like vote phrases, no verb part spans two sentences.
                let may_have_verb =
                    !children.is_empty() || block.sentences.iter().any(|s| s.cues.verb());
                // The entry alone is the block's text, with its lowercase copy at hand.
                let aligned = block.lower.as_deref().filter(|_| children.is_empty());
                let kind = may_have_verb
                    .then(|| {
                        decisions::strongest(&decisions::verb_hits(&decisions::words_in(
                            &text, aligned,
                        )))
                    })
                    .flatten();
                if let Some(kind) = kind {
                    out.push(decision(Some(actor.clone()), kind, text.into_owned(), span));
                }
            }
            Some(_) => {}
            None => {
                let before = out.len();
                let sentences = 0..block.sentences.len();
                sentence_decisions(block, sentences, block_ahead, meeting_date, &mut out);
                // `1. Godkendt med bemærkning om:` with its sub-items: one decision.
                if !children.is_empty()
                    && out.len() == before + 1
                    && let Some(last) = out.last_mut()
                {
                    last.text = text.into_owned();
                    last.span = Some(span);
                }
            }
        }
        idx = next;
    }
    out
}

fn decision(
    actor: Option<String>,
    kind: model::DecisionKind,
    text: String,
    span: model::Span,
) -> model::Decision {
    model::Decision {
        actor,
        kind,
        text,
        notes: Vec::new(),
        votes: None,
        span: Some(span),
    }
}

/// The header a paragraph gives the list entries below it, read from the whole paragraph.
fn paragraph_header(block: &Block) -> Option<Header> {
    let may_have_verb = block.sentences.iter().any(|s| s.cues.verb());
    decisions::header_in(&block.text, block.lower.as_deref(), may_have_verb)
}

/// What a block gives [`read_decisions`] read alone: its header when it is a paragraph, and
/// what each of its sentences gives.
#[derive(Default)]
struct BlockAhead {
    header: Option<Header>,
    sentences: Vec<SentenceReading>,
}

/// What a sentence gives read alone: a decision, one side of the vote on the decision
/// before, a note to it, or nothing.
#[derive(Default)]
enum SentenceReading {
    Decision(model::Decision),
    VoteSide(u8, model::Tally),
    Note,
    #[default]
    Nothing,
}

/// Every block of `blocks` read alone, on every core, where that spreads the work; None
/// for a run too short to spread, whose blocks [`read_decisions`] reads as it comes to them
/// (and only the sentences it asks about).
fn read_blocks_ahead(blocks: &[&Block], meeting_date: Option<Date>) -> Option<Vec<BlockAhead>> {
    let total: usize = blocks.iter().map(|block| block.text.len()).sum();
    if !par::spreads(total) {
        return None;
    }
    Some(par::map(
        blocks.to_vec(),
        |block| block.text.len() + 1,
        |block| BlockAhead {
            header: (block.marker == Marker::None)
                .then(|| paragraph_header(block))
                .flatten(),
            sentences: block
                .sentences
                .iter()
                .map(|sentence| read_sentence(block, sentence, meeting_date))
                .collect(),
        },
    ))
}

/// What `sentence` of `block` gives read alone (see [`sentence_decisions`]).
fn read_sentence(
    block: &Block,
    &lines::Sentence { start, end, cues }: &lines::Sentence,
    meeting_date: Option<Date>,
) -> SentenceReading {
    let sentence = &block.text[start..end];
    let aligned = block.aligned_lower(start, end);
    let lower = aligned.map_or_else(|| scan::lower(sentence), Cow::Borrowed);
    if let Some((actor, kind)) =
        decisions::sentence_decision(sentence, &lower, aligned, cues, meeting_date)
    {
        let mut decided = decision(actor, kind, sentence.to_owned(), block.span_of(start, end));
        decided.votes = votes::counts_in(&lower);
        SentenceReading::Decision(decided)
    } else if let Some((side, list)) = votes::vote_line(sentence) {
        SentenceReading::VoteSide(side, votes::tally(list))
    } else if cues.vote()
        && decisions::is_vote_position(&lower)
        && !(cues.absence() && is_absence(&lower))
        || is_protocol_note(&lower)
    {
        SentenceReading::Note
    } else {
        SentenceReading::Nothing
    }
}

/// The decisions of the sentences `sentences` of `block`, with the votes and notes that
/// qualify the decision before; `ahead` holds them read already.
fn sentence_decisions(
    block: &Block,
    sentences: std::ops::Range<usize>,
    mut ahead: Option<BlockAhead>,
    meeting_date: Option<Date>,
    out: &mut Vec<model::Decision>,
) {
    for idx in sentences {
        let sentence = &block.sentences[idx];
        let reading = match &mut ahead {
            Some(ahead) => std::mem::take(&mut ahead.sentences[idx]),
            None => read_sentence(block, sentence, meeting_date),
        };
        match reading {
            SentenceReading::Decision(decided) => out.push(decided),
            // `For stemte: A (9), C (10)`: one side of the vote on the decision before.
            SentenceReading::VoteSide(side, tally) => {
                if let Some(last) = out.last_mut() {
                    votes::set_side(last.votes.get_or_insert_with(Default::default), side, tally);
                }
            }
            SentenceReading::Note => {
                if let Some(last) = out.last_mut() {
                    last.notes
                        .push(block.text[sentence.start..sentence.end].to_owned());
                }
            }
            SentenceReading::Nothing => {}
        }
    }
}

/// Whether a sentence (lowercase) enters a member's statement in the minutes.
fn is_protocol_note(lower: &str) -> bool {
    // Every sentence that is no decision is asked: one pass looks for all the notes.
    const N_NOTES: usize = vocab::PROTOCOL_NOTES.len();
    static NOTES: scan::Needles<N_NOTES> = scan::Needles::new({
        let mut notes = [""; N_NOTES];
        let mut idx = 0;
        while idx < N_NOTES {
            notes[idx] = vocab::PROTOCOL_NOTES[idx];
            idx += 1;
        }
        notes
    });
    NOTES.any_in(lower)
}

/// Whether a sentence (lowercase) reports that someone did not take part.
fn is_absence(lower: &str) -> bool {
    static ABSENCE: scan::Needles<4> = scan::Needles::new(crate::vocab::ABSENCE_PHRASES);
    ABSENCE.any_in(lower)
}

/// `X deltog ikke i sagens behandling`, `X var forhindret i at deltage`, and a list under a
/// label in the item (`Fraværende: X, Y`, `Afbud: X`), with the label as the reason.
fn absentees(blocks: &[&Block]) -> Vec<Absence> {
    let mut out = Vec::new();
    for block in blocks {
        // A labelled list starts a line of the block and ends with it.
        for (n, &(start, _, _)) in block.starts.iter().enumerate() {
            let end = block
                .starts
                .get(n + 1)
                .map_or(block.text.len(), |&(next, _, _)| next);
            let Some((reason, list)) = block.text.get(start..end).and_then(absence_list) else {
                continue;
            };
            let span = Some(block.span_of(start, end));
            for person in people::parse_list(list, span) {
                if people::looks_like_name(&person.as_written) {
                    out.push(Absence {
                        person,
                        reason: Some(reason.to_owned()),
                    });
                }
            }
        }
        for &lines::Sentence { start, end, cues } in &block.sentences {
            if !cues.absence() {
                continue;
            }
            let sentence = &block.text[start..end];
            let lower = block
                .aligned_lower(start, end)
                .map_or_else(|| scan::lower(sentence), Cow::Borrowed);
            if !is_absence(&lower) {
                continue;
            }
            let cut = crate::vocab::ABSENCE_PHRASES
                .iter()
                .filter_map(|p| lower.find(p))
                .min()
                .unwrap_or(0);
            let reason = if lower.contains("inhabil") {
                Some("Inhabil".to_owned())
            } else {
                None
            };
            for person in people::parse_list(&sentence[..cut], Some(block.span_of(start, end))) {
                if people::looks_like_name(&person.as_written) {
                    out.push(Absence {
                        person: Person { ..person },
                        reason: reason.clone(),
                    });
                }
            }
        }
    }
    out
}

/// `Fraværende: X, Y` → ("Fraværende", "X, Y"); also `Afbud:` and `Fravær:`.
fn absence_list(text: &str) -> Option<(&'static str, &str)> {
    [
        ("fraværende", "Fraværende"),
        ("afbud", "Afbud"),
        ("fravær", "Fravær"),
    ]
    .into_iter()
    .find_map(|(lower, label)| {
        if !scan::lower_starts_with(text, lower) {
            return None;
        }
        let rest = text.get(lower.len()..)?.trim_start().strip_prefix(':')?;
        Some((label, rest.trim()))
    })
}

/// `Bilag 1`, `bilag 2A`: each once, in order of first mention.
pub(crate) fn attachments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    // The names in `out`, so that a name costs the same however many there are.
    let mut seen: HashSet<String> = HashSet::new();
    // Look for `b` or `B` followed by `ilag`, so the whole item text is not lowercased.
    let bytes = text.as_bytes();
    for word_start in memchr::memchr2_iter(b'b', b'B', bytes) {
        if bytes.get(word_start + 1..word_start + 5) != Some(b"ilag".as_slice()) {
            continue;
        }
        let from = word_start + "bilag".len();
        if word_start > 0
            && text[..word_start]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let rest = &text[from..];
        let rest_trim = rest.trim_start_matches(' ');
        if rest_trim.len() == rest.len() {
            continue;
        }
        let digits = rest_trim.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            continue;
        }
        let mut label = rest_trim[..digits].to_owned();
        if let Some(letter) = rest_trim[digits..].chars().next() {
            let after = rest_trim[digits + letter.len_utf8()..].chars().next();
            if letter.is_ascii_uppercase() && !after.is_some_and(char::is_alphanumeric) {
                label.push(letter);
            }
        }
        let name = format!("Bilag {label}");
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    listed_attachments(text, &mut out, &mut seen);
    out
}

/// Entries numbered under a heading line `Bilag` (`1. Høringsmateriale`, `2) Kort`): each is
/// `Bilag N`, as the list numbers them.
fn listed_attachments(text: &str, out: &mut Vec<String>, seen: &mut HashSet<String>) {
    // The heading holds `bilag` in some case; most item texts have none.
    let bytes = text.as_bytes();
    let has_heading_word = memchr::memchr2_iter(b'b', b'B', bytes).any(|at| {
        bytes
            .get(at..at + 5)
            .is_some_and(|word| word.eq_ignore_ascii_case(b"bilag"))
    });
    if !has_heading_word {
        return;
    }
    let mut in_list = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let heading = line.trim_end_matches(':');
        if heading.eq_ignore_ascii_case("bilag") || heading.eq_ignore_ascii_case("bilagsliste") {
            in_list = true;
            continue;
        }
        if !in_list {
            continue;
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let numbered = (1..=3).contains(&digits)
            && line[digits..].starts_with(['.', ')'])
            && line[digits + 1..].starts_with(' ');
        if !numbered {
            in_list = false;
            continue;
        }
        let name = format!("Bilag {}", &line[..digits]);
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two numbered lines the reader knew as headings (an HTML `h2`) are the items, though
    /// two alone in plain text are too few to count as a run; a heading wrapped over two
    /// printed lines of one kind (a PDF's larger type) is one title.
    #[test]
    fn headings_from_the_reader_are_items() {
        let rows: [(&str, model::LineKind); 10] = [
            ("Bestyrelsesmøde", model::LineKind::Heading(1)),
            ("12. marts 2024 kl. 19.00", model::LineKind::Unknown),
            ("", model::LineKind::Unknown),
            ("1. Velkomst og godkendelse af", model::LineKind::Heading(2)),
            ("dagsordenen", model::LineKind::Heading(2)),
            (
                "Formanden bød velkommen. Dagsordenen blev godkendt.",
                model::LineKind::Unknown,
            ),
            ("", model::LineKind::Unknown),
            ("2. Økonomi", model::LineKind::Heading(2)),
            ("Kassereren gennemgik regnskabet.", model::LineKind::Unknown),
            (
                "Bestyrelsen godkendte regnskabet.",
                model::LineKind::Unknown,
            ),
        ];
        let mut text = model::Text::from_plain(
            &rows.iter().map(|(t, _)| *t).collect::<Vec<_>>().join("\n"),
            model::Format::Html,
        );
        for (line, (_, kind)) in text.lines.iter_mut().zip(rows) {
            line.kind = kind;
        }
        let meeting = crate::extract(&text).meeting;
        let items: Vec<(&str, &str, usize)> = meeting
            .items
            .iter()
            .map(|item| {
                (
                    item.number.as_str(),
                    item.title.as_str(),
                    item.decisions.len(),
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                ("1", "Velkomst og godkendelse af dagsordenen", 1),
                ("2", "Økonomi", 1)
            ]
        );
        // Without the kinds, two numbered lines apart from each other that count from 1 are
        // items too (an excerpt may hold only the first two).
        for line in &mut text.lines {
            line.kind = model::LineKind::Unknown;
        }
        let plain = crate::extract(&text).meeting;
        let titles: Vec<&str> = plain.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Velkomst og godkendelse af dagsordenen", "Økonomi"]
        );
    }

    #[test]
    fn ad_headings() {
        assert_eq!(
            ad_heading("Ad 1. Godkendelse af dagsorden"),
            Some(("1", "Godkendelse af dagsorden"))
        );
        assert_eq!(
            ad_heading("Ad punkt 3: Budget 2026"),
            Some(("3", "Budget 2026"))
        );
        assert_eq!(
            ad_heading("AD pkt. 12 Eventuelt"),
            Some(("12", "Eventuelt"))
        );
        // References to points in a decision.
        assert_eq!(ad_heading("Ad 1-2 anbefales."), None);
        assert_eq!(ad_heading("Ad 3 anbefales"), None);
        assert_eq!(ad_heading("Ad 2. Godkendt."), None);
        assert_eq!(ad_heading("Adresse 4 Vej"), None);
        // Without a title, or with the minute after the number.
        assert_eq!(ad_line("ad.2."), Some(("2", "")));
        assert_eq!(ad_line("Ad. 1"), Some(("1", "")));
        assert_eq!(
            ad_line("Ad 2 Emner blev drøftet."),
            Some(("2", "Emner blev drøftet."))
        );
        assert_eq!(ad_line("Ad 1-2 anbefales."), None);
    }

    #[test]
    fn numbered_lines() {
        assert_eq!(
            numbered_line("• 159. Dagsorden - godkendelse"),
            Some(("159", "Dagsorden - godkendelse"))
        );
        assert_eq!(
            numbered_line("Nr.178 - Godkendelse af dagsordenen"),
            Some(("178", "Godkendelse af dagsordenen"))
        );
        assert_eq!(
            numbered_line("åbent 2 Anmodning om udtræden"),
            Some(("2", "Anmodning om udtræden"))
        );
        assert_eq!(
            numbered_line("3. Ældrerådsvalg 2017."),
            Some(("3", "Ældrerådsvalg 2017."))
        );
        assert_eq!(numbered_line("1. Udvalg:"), Some(("1", "Udvalg:")));
        // A sentence of a numbered list.
        assert_eq!(
            numbered_line(
                "1. Planen og redegørelsen for de næste fire års arbejde med klimaet godkendes."
            ),
            None
        );
        assert_eq!(numbered_line("2. herunder at planen sendes i høring"), None);
        assert!(is_reference_line("01.02G00 - 2017/27088"));
        assert!(!is_reference_line("Budget 2026-2029"));
    }

    #[test]
    fn bracketed_case_numbers_end_a_title() {
        assert_eq!(
            bracketed_case_number("Navngivning af ny idrætshal (2024-0030013)"),
            Some(("Navngivning af ny idrætshal", "2024-0030013"))
        );
        assert_eq!(
            bracketed_case_number("Budget (24/1234)"),
            Some(("Budget", "24/1234"))
        );
        // A span of years, a party, a presenter: part of the title.
        assert_eq!(bracketed_case_number("Trafikplan (2024-2028)"), None);
        assert_eq!(bracketed_case_number("Forslag fra (V)"), None);
        assert_eq!(bracketed_case_number("Status (Malou)"), None);
    }

    #[test]
    fn a_sentence_ending_inside_a_line_is_no_title() {
        assert!(ends_a_sentence_inside(
            "Rådet drøftede kvalitetsstandarden. Rådet finder det positivt, at borgerne"
        ));
        // Abbreviations and a lowercase continuation go on with the title.
        assert!(!ends_a_sentence_inside("Budgetopfølgning pr. 31. januar"));
        assert!(!ends_a_sentence_inside("Lokalplan jf. Planloven § 13"));
        assert!(!ends_a_sentence_inside("sundhedsområdet. Det er"));
    }

    #[test]
    fn agenda_titles() {
        let same_title = |entry: &str, lower: &str| {
            let mut agenda = Agenda::default();
            agenda.insert(2, "Eventuelt");
            agenda.insert(3, entry);
            agenda.contains(3, lower)
        };
        assert!(same_title(
            "Budgetopfølgning 1. kvartal",
            "budgetopfølgning 1. kvartal"
        ));
        // The agenda's entry wraps, or the heading is shortened on the agenda.
        assert!(same_title(
            "Rekruttering af sygeplejersker",
            "rekruttering af sygeplejersker og sosu"
        ));
        assert!(same_title(
            "Rekruttering af sygeplejersker og SOSU",
            "rekruttering af"
        ));
        assert!(!same_title("Budget", "budgetopfølgning"));
        assert!(!same_title("Budgetopfølgning", "budget"));
        assert!(!same_title("Eventuelt", "økonomi"));
        assert!(!same_title("Økonomi", "eventuelt"));
    }

    #[test]
    fn headings() {
        assert_eq!(
            item_heading("Punkt 3: Proces: Fremskudt"),
            Some(("3", "Proces: Fremskudt"))
        );
        assert_eq!(item_heading("Pkt. 1 kl. 11.30-11.55 Hanne"), None);
        assert_eq!(item_heading("Punktum"), None);
        assert_eq!(
            decision_heading("Beslutning for Punkt 2: Opfølgning"),
            Some("2")
        );
        assert_eq!(case_number("EMN-2025-003383"), Some("EMN-2025-003383"));
        assert_eq!(
            section_heading("BESLUTNINGSFORSLAG FRA DD"),
            Some(Section::Other)
        );
        assert_eq!(section_heading("Beslutninger"), Some(Section::Decision));
    }

    #[test]
    fn attachment_names() {
        assert_eq!(
            attachments("se bilag 1 og Bilag 1, Bilag 2A: x og tilbilag 3"),
            ["Bilag 1", "Bilag 2A"]
        );
    }
}
