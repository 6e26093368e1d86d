//! Danish due expressions → [`Due`], normalised against the meeting date that the caller
//! passes in (never the clock). This module finds and normalises time expressions in one
//! sentence; it does not decide whether the sentence is an action, and it keeps no meeting
//! calendar, so references to future meetings stay undated.
//!
//! # Accepted forms
//!
//! `Y` is a four-digit year (1990–2100), `D` a day, `M` a month number, `N` a number,
//! `<month>` a month name or abbreviation (`januar`…`december`; `jan.`, `feb.`/`febr.`,
//! `mar.`/`mrts.`, `apr.`, `jun.`, `jul.`, `aug.`, `sep.`/`sept.`, `okt.`, `nov.`, `dec.`;
//! an abbreviation without its dot, and `jul` always, need a day or a year).
//!
//! ```text
//! due       = recurring | event | relative | weekday | dated
//! dated     = prefix* term (sep term)*            union of the terms; a later year carries
//!                                                 back: "april-maj 2025"
//! sep       = "-" | "–" | "/" | "," | "og" | "samt" | "eller" | "til" | "til og med"
//! prefix    = "senest"                            by the last day
//!           | "inden" | "før" | "forud for"       by the day before it starts
//!           | "umiddelbart/lige/kort før"         (same)
//!           | "inden for" | "til og med"          by the last day
//!           | label [":" | "er"]                  by the day: "Høringsfrist: 1.9.", where
//!                                                 label = *"frist" | *"fristen" | "deadline"
//!           | "indtil" | "frem til" | "frem mod" | "op til"
//!                                                 by the last day; a holiday: the day before
//!           | "efter"                             from the day after (holiday: six weeks)
//!           | "umiddelbart/lige/straks/kort efter"   the two working weeks after
//!           | "i" | "i løbet af" | "løbet af" | "til" | "fra" | "fra og med" | "på" | "ved"
//!           | "omkring" | "per" | "pr." | "hen over" | "perioden" | "tidsrummet"
//!           | "den" | "d."                        (before a day)
//!           | weekday ["."]                       (before a day: "mandag den 11. december")
//! term      = part? period
//! part      = "primo" | "i starten af" | "starten af" | "i begyndelsen af"     first third
//!           | "medio" | "i midten af" | "midt i"                              middle third
//!           | "ultimo" | "i slutningen af" | "slutningen af" | "sidst i"      last third
//!           | "udgangen af"                                                   last day
//!                 thirds of a month: 1–10, 11–20, 21–end; of a year: Jan–Apr, May–Aug,
//!                 Sep–Dec; of other whole-month spans by months, else by days
//! period    = D "." M "." [YY | Y] | D "." M [Y]   "1.9.", "7.2.24", "01.09.2025", "20.12",
//!                                                 "23.03 2015"
//!           | D "-" M "-" Y | Y "-" M "-" D        "22-04-2025", "2025-08-27"
//!           | D "/" M [("-" | "/") YY|Y | " " Y]    "7/2-24" (bare "D/M" only after den,
//!                                                 senest, inden, før, til, fra, pr., …;
//!                                                 after "den"/"d." a day in numbers is a
//!                                                 date: "den 15/3", "d. 15.3.")
//!           | D ["."] (("-" | "og") D ["."])* <month> [year]
//!                                                 "den 1. maj", "1. september 2025",
//!                                                 "14.-16. maj"
//!           | ordinal (("-" | "," | "og" | "til") ordinal)* ("kvartal" | "kvt." | "halvår"
//!             | "halvdel") [year]                 "2. kvartal 2026", "første halvår",
//!                                                 "2. og 3. kvartal 2025"
//!           | "Q"1-4 [year] | "H"1-2 year         "Q2", "H1 2026"
//!           | ("uge" | "ugerne") ["nr."] N (("-" | "+" | "/" | "," | "og") N)* [year]
//!                                                 ISO weeks: "uge 42", "uge 47-48, 2024"
//!           | <month> ["måned"] [year]            "i juni", "okt.", "januar 2026"
//!           | Y | Y "-" YY                        "i 2024", "i 2025-35"
//!           | "året" | "årets udgang" | "i år" | "indeværende år"
//!           | ("næste" | "kommende" | "denne" | "dette" | "indeværende" | "det nye")
//!             ("uge" | "måned" | "kvartal" | "halvår" | "år")
//!           | season [year]                       "i foråret", "efteråret 2025": Mar–May,
//!                                                 Jun–Aug, Sep–Nov, Dec–Feb;
//!                                                 "vinterhalvåret" Oct–Mar,
//!                                                 "sommerhalvåret" Apr–Sep
//!           | holiday [year]
//! holiday   = "sommerferien"     last Saturday of June + 6 weeks (to the Sunday)
//!           | "efterårsferien"   ISO week 42        | "vinterferien"   ISO week 7
//!           | "juleferien"       Sat on/before 21 Dec .. first Sunday after 1 Jan
//!           | "jul"/"julen"      24–26 Dec          | "nytår"/"årsskiftet"   1 Jan
//!           | "påske"            Maundy Thursday .. Easter Monday (Gregorian Easter)
//!           | "påskeferien"      Saturday before Palm Sunday .. Easter Monday
//!           | "pinse" | "Kr./Kristi himmelfart" | "store bededag" | "grundlovsdag"
//! year      = Y | "," Y | "af" Y | "i" Y
//! ordinal   = N "." | "første" | "andet" | "anden" | "tredje" | "fjerde"
//!           | "sidste" (only with a year)
//! weekday   = ["senest" | "inden" | "på" | "til" | "næste" | …] ("mandag" … "søndag")
//!             ["efter" (term | noun)]         the first such day after the meeting (or
//!                                             after the term): "torsdag efter HMU-mødet"
//!           | weekday "ugen før/efter" noun   an event: no date
//!           | weekday "i" week                 that day of the week: "fredag i uge 7"
//! relative  = "om" amount                     meeting + amount: "om 14 dage"
//!           | "inden" ["for"] amount          (same): "inden 14 dage"
//!           | "inden for" ["de"] ["næste" | "kommende"] amount
//!           | "senest" amount                 (followed by "efter/fra/før" noun: an event)
//!           | ("i" | "over") "de" ("kommende" | "næste") amount
//!           | "i morgen" | "i overmorgen"
//!           | "snarest" ["muligt"] | "hurtigst muligt"      meeting + 14 days
//! amount    = (N | "en" | "et" | "et par" | "to" … "tolv" | "fjorten")
//!             ("dag(e)" | "uge(r)" | "måned(er)" | "md." | "mdr." | "år")
//! event     = lead? ("næste" | "kommende" | "førstkommende" | "senere" | "et kommende"
//!             | "et senere" | "de kommende") [adjective] meeting-noun
//!                                             "næste møde", "på et kommende rådmandsmøde",
//!                                             "næste runde": by null
//!           | lead? ("lige" | "umiddelbart" | "straks" | "kort") "efter" definite-noun
//!                                             "lige efter besøget": by null
//!           | lead? "budgetforhandlingerne" ["i" Y | "for" ["budget"] Y | Y]
//!                                             budget negotiations are in September: by
//!                                             31 August of Y ("for" Y: of Y-1); no year:
//!                                             by null
//! lead      = "på" | "til" | "ved" | "efter" | "i" | "senest" | "inden" | "før"
//! recurring = "årligt" | "hvert år" | "en gang årligt" | "en gang om året"
//!           | "årlig(e)" status/opfølgning/orientering/evaluering/…       → yearly
//!           | "kvartalsvis(t)" | "hvert kvartal" | "en gang i kvartalet"  → quarterly
//!           | "månedligt" | "månedsvis" | "hver måned" | "en gang om måneden" → monthly
//!                                             (not next to an amount: "2 mio. kr. årligt")
//! ```
//!
//! # Words that need a preposition
//!
//! Some terms are too common alone to be a due, and count only after a prefix:
//! - a bare year or year range (`budget 2025`, `Affaldsplan 2014-2024` name a budget year
//!   and a plan); a single year not even after `til` or `fra` alone (`overføres til 2025`,
//!   `fra 2024 og frem`), nor right after an amount (`2,35 mio. kr. i 2024`);
//! - a season or holiday without a year (`efteråret bød på …`; `jul` in `inden jul`);
//! - `året` (only `i løbet af året`, `udgangen af året`, `ultimo året`, …; `30 kr. på
//!   året` is per year);
//! - a year-less month name or numeric date (`2026 januar` in a table, `lokalplan 14.02`,
//!   `§§ 5.1 og 7.1`). These two are kept when they join a list with a dated term:
//!   `FOA 20.12 – øvrige i januar`.
//!
//! # Resolution
//!
//! - A term without a year takes the first year (from the year before the meeting on)
//!   that puts the due after the meeting: `i januar` at a December meeting is next
//!   January, `20.12` at a meeting on 2023-12-08 is 2023-12-20, and in a list a later
//!   year-less term that would fall before the earlier one moves a year on (`FOA 20.12 –
//!   øvrige i januar` → 2023-12-20..2024-01-31).
//! - A due whose `by` (or, when it has none, `from`) is on or before the meeting date is
//!   not a due (`i byrådets møde den 27. august 2025`, at that meeting).
//! - A year-less day that fell in the 120 days before the meeting, or a year-less month in
//!   the 45 days before, is a past reference, so no due (`orienterede udvalget den 25.
//!   april` at a June meeting; nobody writes a due almost a year ahead without its year).
//!   In a past-tense report (`har`, `havde`, `blev`, `var` and no future auxiliary) this
//!   holds for any year-less term within 300 days (`har … den 10. juni truffet
//!   beslutning`); in a sentence about work to come (a future auxiliary: `skal`, `vil`,
//!   `bliver`, `kommer`, `forventes`, `planlægges`; or `til godkendelse`, `til behandling`,
//!   `til beslutning`, `til drøftelse`) it holds for none: `laver årsberetning til
//!   godkendelse på mødet den 3. marts` at a May meeting is next March. Holidays and seasons otherwise recur: `inden sommerferien` at a July
//!   meeting is next year's.
//! - Lists separated by a dash or comma and at most two words (`FOA 20.12 – øvrige i
//!   januar`) join into one due covering all parts.
//!
//! # Not dues
//!
//! Clock times (`kl. 12.30-12.45`, `11:30`), item and section numbers (`Pkt. 5.a`,
//! `punkt 3`, `1.2.3`), `§18`, `bilag 1`, amounts (`2.500`, `2,5 mio.`), budget years
//! (`budget 2025`), `løbende`, `næste træk`, and words that merely contain a date word
//! (`nu` in `januar`, `den` in `inden`).

mod calendar;
mod grammar;
mod lex;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use jiff::ToSpan;
use jiff::civil::Weekday;
use model::{Date, Due, Recurrence};

use calendar::{Anchor, Part, Term, add_days};
use grammar::{Candidate, Grammar, Modifier, Tense, Value};

/// Finds the due expression in `sentence`, if any, normalised against `meeting`.
///
/// The returned [`Due::text`] holds the words of the expression as written in `sentence`.
/// When the sentence holds several expressions, the one that reads most like a deadline
/// wins (`senest`, `inden` over `i <month>` over a bare date; a dated one over an undated
/// event; the first among equals). A recurrence (`årligt`) combines with the best dated
/// expression of the sentence.
pub fn find_due(sentence: &str, meeting: Date) -> Option<Due> {
    find_due_in(sentence, None, meeting)
}

/// [`find_due`] with the sentence's lowercase copy at hand: `aligned` is `sentence` in
/// lowercase with the same byte offsets ([`crate::scan::aligned_lower`]).
pub(crate) fn find_due_in(sentence: &str, aligned: Option<&str>, meeting: Date) -> Option<Due> {
    let found = find(sentence, aligned, meeting);
    let recurring = found.iter().find(|f| f.recurring.is_some());
    let best = found
        .iter()
        .filter(|f| f.recurring.is_none())
        .fold(None::<&Found>, |best, f| match best {
            Some(b) if b.rank() >= f.rank() => Some(b),
            _ => Some(f),
        });
    let (range, from, by, recurrence) = match (recurring, best) {
        (Some(r), Some(b)) if b.by.is_some() => (
            r.range.start.min(b.range.start)..r.range.end.max(b.range.end),
            b.from,
            b.by,
            r.recurring,
        ),
        (Some(r), _) => (r.range.clone(), None, None, r.recurring),
        (None, Some(b)) => (b.range.clone(), b.from, b.by, None),
        (None, None) => return None,
    };
    Some(Due {
        text: sentence[range].to_owned(),
        from,
        by,
        recurring: recurrence,
    })
}

/// Every due expression in `sentence`, in order, with its byte range in `sentence`;
/// expressions that resolve to the past are left out. [`find_due`] picks one of these.
pub fn find_dues(sentence: &str, meeting: Date) -> Vec<(Range<usize>, Due)> {
    find(sentence, None, meeting)
        .into_iter()
        .map(|f| {
            let due = Due {
                text: sentence[f.range.clone()].to_owned(),
                from: f.from,
                by: f.by,
                recurring: f.recurring,
            };
            (f.range, due)
        })
        .collect()
}

/// A resolved candidate.
#[derive(Debug)]
struct Found {
    range: Range<usize>,
    prio: u8,
    from: Option<Date>,
    by: Option<Date>,
    recurring: Option<Recurrence>,
}

impl Found {
    fn rank(&self) -> u8 {
        self.prio * 2 + u8::from(self.by.is_some())
    }
}

fn find(sentence: &str, aligned: Option<&str>, meeting: Date) -> Vec<Found> {
    if !grammar::may_contain(sentence) {
        return Vec::new();
    }
    // Where `aligned_lower` has a copy, it is the one `lex::lowercase` makes.
    let lower = aligned.map_or_else(|| Cow::Owned(lex::lowercase(sentence)), Cow::Borrowed);
    let toks = lex::tokens(&lower);
    let grammar = Grammar::new(&toks, &lower, sentence, meeting);
    let mut candidates: Vec<Candidate> = Vec::new();
    for candidate in grammar.candidates() {
        match candidates.last_mut() {
            Some(prev) if grammar.continues_list(prev, &candidate) => join(prev, candidate),
            _ => candidates.push(candidate),
        }
    }
    let tense = if candidates.is_empty() {
        Tense::Plain
    } else {
        grammar.tense()
    };
    candidates
        .into_iter()
        .filter(|c| !c.weak)
        .filter_map(|c| {
            let (from, by, recurring) = resolve(&c.value, meeting, tense)?;
            let range = toks[c.first].start..toks[c.last - 1].end;
            Some(Found {
                range,
                prio: c.prio,
                from,
                by,
                recurring,
            })
        })
        .collect()
}

fn join(prev: &mut Candidate, next: Candidate) {
    if let (Value::Terms { terms, .. }, Value::Terms { terms: more, .. }) =
        (&mut prev.value, next.value)
    {
        terms.extend(more);
        prev.last = next.last;
        prev.prio = prev.prio.max(next.prio);
        prev.weak &= next.weak;
    }
}

type Resolved = (Option<Date>, Option<Date>, Option<Recurrence>);

fn resolve(value: &Value, meeting: Date, tense: Tense) -> Option<Resolved> {
    let past = tense == Tense::Past;
    match value {
        Value::Event => Some((None, None, None)),
        Value::Recurring(recurrence) => Some((None, None, Some(*recurrence))),
        Value::Fixed {
            from,
            by,
            past_sensitive,
        } => (*by > meeting && !(*past_sensitive && past)).then_some((*from, Some(*by), None)),
        Value::Terms { terms, modifier } => {
            let (from, by) = resolve_terms(terms, *modifier, meeting, tense)?;
            Some((from, by, None))
        }
    }
}

type Span = (Option<Date>, Option<Date>);

fn key(span: &Span) -> Option<Date> {
    span.1.or(span.0)
}

fn resolve_terms(terms: &[Term], modifier: Modifier, meeting: Date, tense: Tense) -> Option<Span> {
    let after_meeting = |span: &Span| key(span).is_some_and(|d| d > meeting);
    let year = meeting.year();
    if terms.iter().all(|t| t.year.is_some()) {
        return apply(terms, modifier, year).filter(after_meeting);
    }
    // A year-less day or month that fell shortly before the meeting refers to it
    // (`orienterede udvalget den 25. april`): nobody writes a due almost a year ahead
    // without its year. Holidays and seasons recur, so `inden sommerferien` at a meeting in
    // July is next year's, unless the sentence is a past-tense report.
    let days = terms.iter().all(|t| matches!(t.anchor, Anchor::Day { .. }));
    let months = terms
        .iter()
        .all(|t| matches!(t.anchor, Anchor::Day { .. } | Anchor::Month(_)));
    // A sentence about work to come (`skal`, `til godkendelse på mødet den 3. marts`)
    // points ahead: its year-less date is the next one.
    let window: i64 = if tense == Tense::Past {
        300
    } else if tense == Tense::Future {
        0
    } else if days {
        120
    } else if months {
        45
    } else {
        0
    };
    if let Some(this_year) = apply(terms, modifier, year)
        && let Some(day) = key(&this_year)
        && day <= meeting
        && add_days(day, window).is_some_and(|d| d >= meeting)
    {
        return None;
    }
    (year - 1..=year + 2)
        .filter_map(|y| apply(terms, modifier, y))
        .find(after_meeting)
}

/// The union of `terms` (year-less ones in `year`, or the year after when they would
/// fall before the term they follow), turned into a due by `modifier`.
fn apply(terms: &[Term], modifier: Modifier, year: i16) -> Option<Span> {
    let mut union: Option<(Date, Date)> = None;
    let mut prev_start: Option<Date> = None;
    for term in terms {
        let mut span = term.span(year)?;
        if term.year.is_none() && prev_start.is_some_and(|start| span.1 < start) {
            span = term.span(year + 1)?;
        }
        prev_start = Some(span.0);
        union = Some(match union {
            None => span,
            Some((from, by)) => (from.min(span.0), by.max(span.1)),
        });
    }
    let (from, by) = union?;
    let holiday = terms.iter().any(|t| t.is_holiday());
    let ends_on_last_day = terms.first().is_some_and(|t| t.part == Some(Part::LastDay));
    Some(match modifier {
        Modifier::Within => (Some(from), Some(by)),
        Modifier::Deadline => (None, Some(by)),
        // `inden udgangen af oktober` is by the last day of October.
        Modifier::Before if ends_on_last_day => (None, Some(by)),
        Modifier::Before => (None, Some(from.yesterday().ok()?)),
        Modifier::Until if holiday => (None, Some(from.yesterday().ok()?)),
        Modifier::Until => (None, Some(by)),
        Modifier::After => {
            let start = by.tomorrow().ok()?;
            let end = if holiday { add_days(start, 41) } else { None };
            (Some(start), end)
        }
        Modifier::JustAfter => {
            // Two working weeks: Monday to the Friday of the next week when the period
            // ends on a Sunday (gold: `umiddelbart efter sommerferien` → by 2025-08-22).
            let start = by.tomorrow().ok()?;
            let days: i64 = if start.weekday() == Weekday::Monday {
                11
            } else {
                13
            };
            (Some(start), Some(start.checked_add(days.days()).ok()?))
        }
        Modifier::NextWeekday(weekday) => (None, Some(by.nth_weekday(1, weekday).ok()?)),
        Modifier::WeekdayIn(weekday) => {
            let day = if from.weekday() == weekday {
                from
            } else {
                from.nth_weekday(1, weekday).ok()?
            };
            (None, Some(day.min(by)))
        }
    })
}
