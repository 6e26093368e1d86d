//! The dates grammar: reads the tokens of one sentence into [`Candidate`]s, each a run of
//! tokens with a [`Value`] that still has to be resolved against the meeting date. The
//! accepted forms are listed in the module doc of `dates`.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use model::Recurrence;

use super::calendar::{Anchor, Holiday, Part, Season, Term, add_days};
use super::lex::{Kind, Token};

/// How the words around the named period turn it into a due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Modifier {
    /// `i juni`, `i løbet af 2025`, a bare date: the period itself.
    Within,
    /// `senest i oktober`, `inden udgangen af`, `til og med`: by its last day.
    Deadline,
    /// `inden 1.9.`, `før påske`: by the day before it starts.
    Before,
    /// `indtil`, `frem til`, `frem mod`: a holiday's day before, otherwise its last day.
    Until,
    /// `efter sommerferien`: from the day after; six weeks for a holiday, open otherwise.
    After,
    /// `umiddelbart/lige efter`: the two (working) weeks after.
    JustAfter,
    /// `torsdag efter påske`: the first such weekday after the period.
    NextWeekday(Weekday),
    /// `fredag i uge 7`: that weekday within the period.
    WeekdayIn(Weekday),
}

/// What a candidate means, before it is checked against the meeting date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Value {
    /// Periods joined as a range or a list (their union), with a modifier.
    Terms {
        terms: Vec<Term>,
        modifier: Modifier,
    },
    /// A date already computed from the meeting date (weekdays, `om 14 dage`, budget
    /// negotiations of a year). `past_sensitive`: a past-tense report makes it no due.
    Fixed {
        from: Option<Date>,
        by: Date,
        past_sensitive: bool,
    },
    /// A future event with no known date: `næste møde`, `lige efter besøget`.
    Event,
    /// `årligt`, `kvartalsvis`, `månedligt`.
    Recurring(Recurrence),
}

/// One time expression found in the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    /// Token range, `first..last`.
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) value: Value,
    /// How strongly the words read as a deadline: 3 `senest`/`inden`, 2 a preposition or
    /// a future event, 1 a bare date.
    pub(super) prio: u8,
    /// A bare year-less numeric date (`20.12`): in running text usually a section or plan
    /// number (`lokalplan 14.02`), so it counts only as part of a list (`FOA 20.12 –
    /// øvrige i januar`).
    pub(super) weak: bool,
}

/// Units of `om 14 dage`, `inden for 3 måneder`.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Days,
    Weeks,
    Months,
    Years,
}

/// What a sentence tells of its time: [`Grammar::tense`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    /// A report of something done.
    Past,
    /// Something to come.
    Future,
    /// Neither is marked.
    Plain,
}

pub(super) struct Grammar<'a> {
    toks: &'a [Token],
    lower: &'a str,
    text: &'a str,
    meeting: Date,
}

impl<'a> Grammar<'a> {
    pub(super) fn new(
        toks: &'a [Token],
        lower: &'a str,
        text: &'a str,
        meeting: Date,
    ) -> Grammar<'a> {
        Grammar {
            toks,
            lower,
            text,
            meeting,
        }
    }

    /// Every candidate, left to right, longest first at each position, not overlapping.
    pub(super) fn candidates(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut core = self.next_core(0);
        while i < self.toks.len() {
            // An expression starts at most `LEAD` tokens before its core word (`inden for de
            // næste 3 måneder`), so the scan skips ahead to the next core.
            const LEAD: usize = 7;
            if core < i {
                core = self.next_core(i);
            }
            if core == self.toks.len() {
                break;
            }
            i = i.max(core.saturating_sub(LEAD));
            match self.candidate(i) {
                Some(found) if found.last > i => {
                    i = found.last;
                    out.push(found);
                }
                _ => i += 1,
            }
        }
        out
    }

    fn candidate(&self, i: usize) -> Option<Candidate> {
        match self.toks[i].kind {
            Kind::Punct => return None,
            Kind::Word if !self.word(i).is_some_and(starts_expression) => return None,
            _ => {}
        }
        self.recurring(i)
            .or_else(|| self.event(i))
            .or_else(|| self.relative(i))
            .or_else(|| self.weekday(i))
            .or_else(|| self.dated(i))
    }

    /// The first token at or after `from` that can carry an expression: a number or a word
    /// naming a time, a recurrence or an event; the length of the token list if none.
    fn next_core(&self, from: usize) -> usize {
        (from..self.toks.len())
            .find(|&i| match self.toks[i].kind {
                Kind::Num => {
                    let token = self.toks[i];
                    date_number(
                        &self.lower.as_bytes()[token.start..token.end],
                        &self.lower.as_bytes()[token.end..],
                    )
                }
                Kind::Word => self.word(i).is_some_and(is_core),
                Kind::Punct => false,
            })
            .unwrap_or(self.toks.len())
    }

    /// What the sentence tells: something done (`har … den 10. juni truffet beslutning`: a
    /// past auxiliary and no future one), something to come (a future auxiliary, or work
    /// brought to a meeting: `laver årsberetning til godkendelse på mødet den 3. marts`),
    /// or neither.
    pub(super) fn tense(&self) -> Tense {
        let mut past = false;
        for i in 0..self.toks.len() {
            match self.word(i) {
                Some("har" | "havde" | "blev" | "var") => past = true,
                Some(
                    "skal" | "vil" | "forventes" | "forventer" | "planlægges" | "bliver" | "kommer",
                ) => return Tense::Future,
                Some("til")
                    if matches!(
                        self.word(i + 1),
                        Some("godkendelse" | "behandling" | "beslutning" | "drøftelse")
                    ) =>
                {
                    return Tense::Future;
                }
                _ => {}
            }
        }
        if past { Tense::Past } else { Tense::Plain }
    }

    /// Whether candidate `b` continues the list that `a` starts: `FOA 20.12 – øvrige i
    /// januar` names two periods separated by a dash and a word or two.
    pub(super) fn continues_list(&self, a: &Candidate, b: &Candidate) -> bool {
        let plain = |c: &Candidate| {
            matches!(
                &c.value,
                Value::Terms {
                    modifier: Modifier::Within,
                    ..
                }
            )
        };
        if !plain(a) || !plain(b) || b.first < a.last {
            return false;
        }
        let mut n_words = 0;
        let mut separated = false;
        for i in a.last..b.first {
            match self.toks[i].kind {
                Kind::Word => {
                    n_words += 1;
                    separated |= matches!(self.word(i), Some("og" | "samt" | "eller"));
                }
                Kind::Num => return false,
                Kind::Punct => match char::from_u32(self.toks[i].value) {
                    Some('-' | ',' | ';' | '/') => separated = true,
                    _ => return false,
                },
            }
        }
        separated && n_words <= 2
    }

    // ---- token helpers ----

    fn word(&self, i: usize) -> Option<&'a str> {
        let token = self.toks.get(i)?;
        (token.kind == Kind::Word).then(|| &self.lower[token.start..token.end])
    }

    fn is_word(&self, i: usize, word: &str) -> bool {
        self.word(i) == Some(word)
    }

    /// A number's value and digit count.
    fn num(&self, i: usize) -> Option<(u32, usize)> {
        let token = self.toks.get(i)?;
        (token.kind == Kind::Num).then(|| (token.value, token.len()))
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        self.toks
            .get(i)
            .is_some_and(|t| t.kind == Kind::Punct && t.value == u32::from(c))
    }

    /// Token `i` follows the previous one without whitespace.
    fn tight(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| !t.spaced)
    }

    /// `i` when it is not an attached dot, else the token after it (`okt.`, `kl.`).
    fn skip_dot(&self, i: usize) -> usize {
        if self.is_punct(i, '.') && self.tight(i) {
            i + 1
        } else {
            i
        }
    }

    fn capitalized(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == Kind::Word
                && self.text[t.start..]
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
        })
    }

    /// The word before token `i`, looking past an abbreviation dot (`kl.`, `pkt.`).
    fn word_before(&self, i: usize) -> Option<&'a str> {
        let prev = i.checked_sub(1)?;
        if self.is_punct(prev, '.') {
            self.word(prev.checked_sub(1)?)
        } else {
            self.word(prev)
        }
    }

    // ---- recurrence ----

    fn recurring(&self, i: usize) -> Option<Candidate> {
        let noun_follows = |j: usize| {
            self.word(j).is_some_and(|w| {
                [
                    "status",
                    "opfølgning",
                    "orientering",
                    "evaluering",
                    "afrapportering",
                    "rapportering",
                    "revision",
                    "gennemgang",
                    "møde",
                ]
                .iter()
                .any(|noun| w.starts_with(noun))
            })
        };
        let (recurrence, end) = match self.word(i)? {
            "årligt" => (Recurrence::Yearly, i + 1),
            "hvert" if self.is_word(i + 1, "år") => (Recurrence::Yearly, i + 2),
            "hvert" if self.is_word(i + 1, "kvartal") => (Recurrence::Quarterly, i + 2),
            "hver" if self.is_word(i + 1, "måned") => (Recurrence::Monthly, i + 2),
            "en" | "én" | "et" if self.is_word(i + 1, "gang") => {
                match (self.word(i + 2)?, self.word(i + 3)) {
                    ("årligt", _) => (Recurrence::Yearly, i + 3),
                    ("kvartalsvis", _) => (Recurrence::Quarterly, i + 3),
                    ("månedligt", _) => (Recurrence::Monthly, i + 3),
                    ("om", Some("året")) => (Recurrence::Yearly, i + 4),
                    ("om", Some("måneden")) => (Recurrence::Monthly, i + 4),
                    ("i", Some("kvartalet")) => (Recurrence::Quarterly, i + 4),
                    _ => return None,
                }
            }
            "kvartalsvis" | "kvartalsvist" => (Recurrence::Quarterly, i + 1),
            "månedligt" | "månedsvis" => (Recurrence::Monthly, i + 1),
            "årlig" | "årlige" if noun_follows(i + 1) => (Recurrence::Yearly, i + 2),
            "kvartalsvise" if noun_follows(i + 1) => (Recurrence::Quarterly, i + 2),
            "månedlig" | "månedlige" if noun_follows(i + 1) => (Recurrence::Monthly, i + 2),
            _ => return None,
        };
        // `2 mio. kr. årligt` is a yearly amount, not a yearly follow-up.
        if self.near_quantity(i, end) {
            return None;
        }
        Some(Candidate {
            first: i,
            last: end,
            value: Value::Recurring(recurrence),
            prio: 2,
            weak: false,
        })
    }

    fn near_quantity(&self, first: usize, last: usize) -> bool {
        (first.saturating_sub(6)..(last + 3).min(self.toks.len())).any(|i| self.is_quantity(i))
    }

    fn is_quantity(&self, i: usize) -> bool {
        self.is_punct(i, '%')
            || matches!(
                self.word(i),
                Some(
                    "kr" | "kroner"
                        | "mio"
                        | "mia"
                        | "mill"
                        | "pct"
                        | "procent"
                        | "timer"
                        | "time"
                        | "t"
                        | "km"
                        | "kg"
                        | "ha"
                        | "m"
                )
            )
    }

    // ---- events with no date ----

    fn event(&self, i: usize) -> Option<Candidate> {
        let (k, prio) = self.lead_words(i, &["på", "til", "ved", "efter", "i"])?;
        let word = self.word(k)?;
        if word.starts_with("budgetforhandling") {
            return Some(self.budget_negotiations(i, k, prio));
        }
        if matches!(word, "lige" | "umiddelbart" | "straks" | "kort")
            && self.is_word(k + 1, "efter")
        {
            // `lige efter sommerferien` has a date: `dated` reads it.
            let mut scratch = Vec::new();
            if self.part_terms(k + 2, &mut scratch).is_some() {
                return None;
            }
            let end = self.definite_noun(k + 2)?;
            return Some(Candidate {
                first: i,
                last: end,
                value: Value::Event,
                prio,
                weak: false,
            });
        }
        let noun = match word {
            "næste" | "kommende" | "førstkommende" | "senere" => k + 1,
            "et" | "de" | "det"
                if matches!(self.word(k + 1), Some("kommende" | "senere" | "næste")) =>
            {
                k + 2
            }
            _ => return None,
        };
        let end = self.meeting_noun(noun).or_else(|| {
            // One adjective in between: `næste ordinære møde`.
            self.word(noun).filter(|w| w.ends_with('e'))?;
            self.meeting_noun(noun + 1)
        })?;
        Some(Candidate {
            first: i,
            last: end,
            value: Value::Event,
            prio,
            weak: false,
        })
    }

    /// Up to two leading words from `allowed` (plus `senest`, `inden`, `før`, which raise
    /// the priority); returns where the core starts.
    fn lead_words(&self, i: usize, allowed: &[&str]) -> Option<(usize, u8)> {
        let mut k = i;
        let mut prio = 2;
        while let Some(word) = self.word(k) {
            if matches!(word, "senest" | "inden" | "før") {
                prio = 3;
            } else if !allowed.contains(&word) {
                break;
            }
            k += 1;
            if k - i > 2 {
                return None;
            }
        }
        Some((k, prio))
    }

    /// `budgetforhandlingerne [i|for] [YYYY]`. Danish municipalities negotiate the budget
    /// in September, so material for the negotiations of a year is due by 31 August. The
    /// negotiations `for` (budget) YYYY take place the year before.
    fn budget_negotiations(&self, i: usize, k: usize, prio: u8) -> Candidate {
        let dated = |year: i16, end: usize| {
            let by = Date::new(year, 8, 31).ok()?;
            Some(Candidate {
                first: i,
                last: end,
                value: Value::Fixed {
                    from: None,
                    by,
                    past_sensitive: false,
                },
                prio,
                weak: false,
            })
        };
        let j = k + 1;
        let found = if self.is_word(j, "i") {
            self.year_at(j + 1).and_then(|(year, end)| dated(year, end))
        } else if self.is_word(j, "for") {
            let at = if self.is_word(j + 1, "budget") {
                j + 2
            } else {
                j + 1
            };
            self.year_at(at)
                .and_then(|(year, end)| dated(year - 1, end))
        } else {
            self.year_at(j).and_then(|(year, end)| dated(year, end))
        };
        found.unwrap_or(Candidate {
            first: i,
            last: k + 1,
            value: Value::Event,
            prio,
            weak: false,
        })
    }

    /// A noun naming a meeting or round: `møde`, `direktørmøde`, `HMU-mødet`, `runde`.
    fn meeting_noun(&self, j: usize) -> Option<usize> {
        let end = self.noun_chain(j)?;
        let last = self.word(end - 1)?;
        let is_meeting = ["møde", "mødet", "møder", "møderne"]
            .iter()
            .any(|s| last.ends_with(s))
            || matches!(
                last,
                "runde"
                    | "runder"
                    | "seminar"
                    | "seminaret"
                    | "temadag"
                    | "workshop"
                    | "behandling"
            );
        is_meeting.then_some(end)
    }

    /// A definite noun after `lige efter`: `besøget`, `mødet`, `HMU-mødet`.
    fn definite_noun(&self, j: usize) -> Option<usize> {
        let end = self.noun_chain(j)?;
        let last = self.word(end - 1)?;
        let definite =
            last.chars().count() >= 4 && ["et", "en", "ne"].iter().any(|s| last.ends_with(s));
        definite.then_some(end)
    }

    /// Words joined by hyphens with no spaces (`HMU-mødet`); not a function word.
    fn noun_chain(&self, j: usize) -> Option<usize> {
        let first = self.word(j)?;
        if matches!(
            first,
            "at" | "det"
                | "den"
                | "de"
                | "der"
                | "som"
                | "og"
                | "i"
                | "på"
                | "til"
                | "en"
                | "et"
                | "vi"
                | "man"
        ) {
            return None;
        }
        let mut end = j + 1;
        while self.is_punct(end, '-')
            && self.tight(end)
            && self.tight(end + 1)
            && self.word(end + 1).is_some()
        {
            end += 2;
        }
        Some(end)
    }

    // ---- relative to the meeting date ----

    fn relative(&self, i: usize) -> Option<Candidate> {
        let fixed = |first: usize, last: usize, from: Option<Date>, by: Option<Date>, prio: u8| {
            Some(Candidate {
                first,
                last,
                value: Value::Fixed {
                    from,
                    by: by?,
                    past_sensitive: false,
                },
                prio,
                weak: false,
            })
        };
        match self.word(i)? {
            // `om 14 dage`, `om to uger`
            "om" => {
                let (n, unit, end) = self.amount(i + 1)?;
                self.event_after(i, end, 2)
                    .or_else(|| fixed(i, end, None, self.add(n, unit), 2))
            }
            // `inden for (de næste) 3 måneder`, `inden 14 dage`
            word @ ("inden" | "indenfor") => {
                let mut j = i + 1;
                if word == "inden" && self.is_word(j, "for") {
                    j += 1;
                }
                if self.is_word(j, "de") {
                    j += 1;
                }
                if matches!(self.word(j), Some("næste" | "kommende")) {
                    j += 1;
                }
                let (n, unit, end) = self.amount(j)?;
                self.event_after(i, end, 3)
                    .or_else(|| fixed(i, end, None, self.add(n, unit), 3))
            }
            // `senest 8 dage efter spørgetidens afholdelse`
            "senest" => {
                let (n, unit, end) = self.amount(i + 1)?;
                self.event_after(i, end, 3)
                    .or_else(|| fixed(i, end, None, self.add(n, unit), 3))
            }
            // `i de kommende 3 måneder`
            "i" | "over"
                if self.is_word(i + 1, "de")
                    && matches!(self.word(i + 2), Some("kommende" | "næste")) =>
            {
                let (n, unit, end) = self.amount(i + 3)?;
                fixed(i, end, self.meeting.tomorrow().ok(), self.add(n, unit), 2)
            }
            "i" if self.is_word(i + 1, "morgen") => {
                fixed(i, i + 2, None, add_days(self.meeting, 1), 2)
            }
            "i" if self.is_word(i + 1, "overmorgen") => {
                fixed(i, i + 2, None, add_days(self.meeting, 2), 2)
            }
            // The reference table reads `snarest` as within about two weeks.
            "snarest" => {
                let end = if self.is_word(i + 1, "muligt") {
                    i + 2
                } else {
                    i + 1
                };
                fixed(i, end, None, add_days(self.meeting, 14), 2)
            }
            "hurtigst" | "hurtigt" if self.is_word(i + 1, "muligt") => {
                fixed(i, i + 2, None, add_days(self.meeting, 14), 2)
            }
            _ => None,
        }
    }

    /// `… efter|fra|før <event>` after an amount: relative to an event we cannot date.
    fn event_after(&self, i: usize, end: usize, prio: u8) -> Option<Candidate> {
        if !matches!(self.word(end), Some("efter" | "fra" | "før")) {
            return None;
        }
        let last = self.noun_chain(end + 1).unwrap_or(end + 1);
        Some(Candidate {
            first: i,
            last,
            value: Value::Event,
            prio,
            weak: false,
        })
    }

    fn amount(&self, j: usize) -> Option<(i64, Unit, usize)> {
        let (n, j) = self.count(j)?;
        let (unit, end) = match self.word(j)? {
            "dag" | "dage" => (Unit::Days, j + 1),
            "uge" | "uger" => (Unit::Weeks, j + 1),
            "måned" | "måneder" => (Unit::Months, j + 1),
            "md" | "mdr" => (Unit::Months, self.skip_dot(j + 1)),
            "år" => (Unit::Years, j + 1),
            _ => return None,
        };
        Some((n, unit, end))
    }

    fn count(&self, j: usize) -> Option<(i64, usize)> {
        if let Some((value, digits)) = self.num(j) {
            return (digits <= 3).then_some((i64::from(value), j + 1));
        }
        let n = match self.word(j)? {
            "en" | "et" | "én" | "ét" if self.is_word(j + 1, "par") => return Some((2, j + 2)),
            "en" | "et" | "én" | "ét" => 1,
            "to" => 2,
            "tre" => 3,
            "fire" => 4,
            "fem" => 5,
            "seks" => 6,
            "syv" => 7,
            "otte" => 8,
            "ni" => 9,
            "ti" => 10,
            "elleve" => 11,
            "tolv" => 12,
            "fjorten" => 14,
            _ => return None,
        };
        Some((n, j + 1))
    }

    fn add(&self, n: i64, unit: Unit) -> Option<Date> {
        let span = match unit {
            Unit::Days => n.days(),
            Unit::Weeks => n.weeks(),
            Unit::Months => n.months(),
            Unit::Years => n.years(),
        };
        self.meeting.checked_add(span).ok()
    }

    // ---- weekdays ----

    /// `mandag`, `senest fredag`, `torsdag efter HMU-mødet`: the first such day after the
    /// meeting (or after the period named after `efter`).
    fn weekday(&self, i: usize) -> Option<Candidate> {
        let (k, prio) = self.lead_words(
            i,
            &[
                "på",
                "til",
                "allerede",
                "næste",
                "førstkommende",
                "kommende",
            ],
        )?;
        let weekday = weekday_named(self.word(k)?)?;
        // Capitalised after a capitalised word, it is part of a name: `Frivillig Fredag`.
        if self.capitalized(k) && k.checked_sub(1).is_some_and(|p| self.capitalized(p)) {
            return None;
        }
        // Habits and opening hours are no due: `hver fjerde lørdag`, `én fredag`, `torsdag,
        // fredag og lørdag`, `mandag til fredag`.
        let habit = |p: Option<usize>| {
            p.and_then(|p| self.word(p))
                .is_some_and(|w| matches!(w, "hver" | "alle" | "om" | "en" | "én"))
        };
        if habit(k.checked_sub(1)) || habit(k.checked_sub(2)) || self.in_weekday_list(k) {
            return None;
        }
        let end = k + 1;
        // `mandag den 11. december`: `dated` reads the date.
        if self.is_word(end, "den") || self.is_word(end, "d") || self.num(end).is_some() {
            return None;
        }
        // `senest mandag ugen før spørgetiden`
        if self.is_word(end, "ugen")
            && matches!(self.word(end + 1), Some("før" | "efter" | "inden"))
        {
            let last = self.noun_chain(end + 2).unwrap_or(end + 2);
            return Some(Candidate {
                first: i,
                last,
                value: Value::Event,
                prio,
                weak: false,
            });
        }
        // `senest fredag i uge 7`: that Friday.
        if self.is_word(end, "i") {
            let mut terms = Vec::new();
            if let Some(after) = self.week(end + 1, &mut terms)
                && terms.len() == 1
            {
                return Some(Candidate {
                    first: i,
                    last: after,
                    value: Value::Terms {
                        terms,
                        modifier: Modifier::WeekdayIn(weekday),
                    },
                    prio,
                    weak: false,
                });
            }
        }
        let mut last = end;
        if self.is_word(end, "efter") {
            let mut terms = Vec::new();
            if let Some(after) = self.part_terms(end + 1, &mut terms) {
                let value = Value::Terms {
                    terms,
                    modifier: Modifier::NextWeekday(weekday),
                };
                return Some(Candidate {
                    first: i,
                    last: after,
                    value,
                    prio,
                    weak: false,
                });
            }
            if let Some(after) = self.noun_chain(end + 1) {
                last = after;
            }
        }
        let by = self.meeting.nth_weekday(1, weekday).ok()?;
        Some(Candidate {
            first: i,
            last,
            value: Value::Fixed {
                from: None,
                by,
                past_sensitive: true,
            },
            prio,
            weak: false,
        })
    }

    /// The weekday at `k` is one of a list or range of weekdays.
    fn in_weekday_list(&self, k: usize) -> bool {
        let joined = |sep: usize| {
            self.is_punct(sep, ',')
                || self.is_punct(sep, '-')
                || matches!(self.word(sep), Some("og" | "til" | "eller"))
        };
        let weekday_at = |i: usize| self.word(i).and_then(weekday_named).is_some();
        (joined(k + 1) && weekday_at(k + 2)) || (k >= 2 && joined(k - 1) && weekday_at(k - 2))
    }

    // ---- dated periods ----

    /// `[prefix…] term [separator term…]`.
    fn dated(&self, i: usize) -> Option<Candidate> {
        let mut k = i;
        let mut modifier = Modifier::Within;
        let mut prefixed = false;
        let mut only_til_fra = true;
        let mut first = i;
        // `den 15/3`, `d. 15.3.`: a day written in numbers after `den` is a date as surely as
        // `den 15. marts`.
        let mut after_den = false;
        while let Some((next, effect)) = self.prefix(k) {
            only_til_fra &= matches!(self.word(k), Some("til" | "fra"));
            after_den |= matches!(self.word(k), Some("den" | "d"));
            // `perioden` is the noun the expression qualifies, not part of it: the text
            // starts after it, so callers can tell a period of validity (`for perioden
            // 01.09.2025 – 31.12.2026`) from a due.
            if matches!(self.word(k), Some("perioden" | "tidsrummet")) {
                first = next;
            }
            match effect {
                Prefix::Soft => {}
                Prefix::Plain => prefixed = true,
                Prefix::Modifier(m) => {
                    prefixed = true;
                    modifier = m;
                }
            }
            k = next;
        }
        // `Vec::new` does not allocate: most tokens start no term.
        let mut terms = Vec::new();
        let end = self.term_chain(k, &mut terms)?;
        // Bare years, seasons and holidays need a preposition: `budget 2025` and
        // `Affaldsplan 2014-2024` name a budget year and a plan, `i 2024` is a time.
        let weak = !prefixed
            && terms.iter().all(|t| t.needs_prefix)
            && !(after_den && terms.iter().all(|t| matches!(t.anchor, Anchor::Day { .. })));
        if weak
            && !terms
                .iter()
                .all(|t| matches!(t.anchor, Anchor::Day { .. } | Anchor::Month(_)))
        {
            return None;
        }
        // `overføres til 2025`, `fra 2024 og frem`: after `til` or `fra` alone a year is a
        // budget year or a start, not a due (`fra 2022 til 2023` is a range).
        if prefixed
            && only_til_fra
            && terms.len() == 1
            && terms[0].anchor == Anchor::Year
            && terms[0].needs_prefix
        {
            return None;
        }
        // `2,35 mio. kr. i 2024` is the budget year of an amount.
        if modifier == Modifier::Within
            && terms[0].anchor == Anchor::Year
            && (i.saturating_sub(3)..i).any(|j| self.is_quantity(j))
        {
            return None;
        }
        let prio = match modifier {
            Modifier::Deadline | Modifier::Before | Modifier::Until => 3,
            _ if prefixed || terms.iter().any(|t| t.part.is_some()) => 2,
            _ => 1,
        };
        Some(Candidate {
            first,
            last: end,
            value: Value::Terms { terms, modifier },
            prio,
            weak,
        })
    }

    fn prefix(&self, k: usize) -> Option<(usize, Prefix)> {
        use Modifier::*;
        let word = self.word(k)?;
        let next = |w: &str| self.is_word(k + 1, w);
        Some(match word {
            "senest" => (k + 1, Prefix::Modifier(Deadline)),
            "indenfor" => (k + 1, Prefix::Modifier(Deadline)),
            "inden" if next("for") => (k + 2, Prefix::Modifier(Deadline)),
            "inden" | "før" => (k + 1, Prefix::Modifier(Before)),
            "forud" if next("for") => (k + 2, Prefix::Modifier(Before)),
            "indtil" => (k + 1, Prefix::Modifier(Until)),
            "frem" | "op" if next("til") || (word == "frem" && next("mod")) => {
                (k + 2, Prefix::Modifier(Until))
            }
            "til" if next("og") && self.is_word(k + 2, "med") => {
                (k + 3, Prefix::Modifier(Deadline))
            }
            "til" => (k + 1, Prefix::Plain),
            "umiddelbart" | "lige" | "straks" | "kort" if next("efter") => {
                (k + 2, Prefix::Modifier(JustAfter))
            }
            "umiddelbart" | "lige" | "kort" if next("før") || next("inden") => {
                (k + 2, Prefix::Modifier(Before))
            }
            "efter" => (k + 1, Prefix::Modifier(After)),
            "fra" if next("og") && self.is_word(k + 2, "med") => (k + 3, Prefix::Plain),
            "i" if next("løbet") && self.is_word(k + 2, "af") => (k + 3, Prefix::Plain),
            "løbet" if next("af") => (k + 2, Prefix::Plain),
            "hen" if next("over") => (k + 2, Prefix::Plain),
            "fra" | "i" | "perioden" | "tidsrummet" | "på" | "ved" | "omkring" | "per" => {
                (k + 1, Prefix::Plain)
            }
            "pr" if self.is_punct(k + 1, '.') => (k + 2, Prefix::Plain),
            // `Høringsfrist: 1.9.`, `fristen er 20.12`, `deadline 1/9`
            _ if is_deadline_label(word) => {
                let mut next = k + 1;
                if self.is_punct(next, ':') || self.is_word(next, "er") {
                    next += 1;
                }
                (next, Prefix::Modifier(Deadline))
            }
            "den" if self.num(k + 1).is_some() => (k + 1, Prefix::Soft),
            "d" if self.is_punct(k + 1, '.') && self.num(k + 2).is_some() => (k + 2, Prefix::Soft),
            // A weekday before a date: `mandag den 11. december`, `tirs. 5.12.`.
            _ if weekday_named(word).is_some() || weekday_abbreviated(word) => {
                let after = self.skip_dot(k + 1);
                if !(self.is_word(after, "den")
                    || self.is_word(after, "d")
                    || self.num(after).is_some())
                {
                    return None;
                }
                (after, Prefix::Soft)
            }
            _ => return None,
        })
    }

    /// Terms joined by range and list separators; later years carry back to earlier terms
    /// (`april-maj 2025`). Returns the end.
    fn term_chain(&self, k: usize, terms: &mut Vec<Term>) -> Option<usize> {
        let mut end = self.part_terms(k, terms)?;
        while let Some(next) = self.chain_separator(end) {
            let before = terms.len();
            match self.part_terms(next, terms) {
                Some(after) => end = after,
                None => {
                    terms.truncate(before);
                    break;
                }
            }
        }
        for idx in (0..terms.len().saturating_sub(1)).rev() {
            if terms[idx].year.is_some() {
                continue;
            }
            let Some(year) = terms[idx + 1].year else {
                continue;
            };
            // `december-januar 2025`: December is the one before.
            let later = matches!((terms[idx].span(year), terms[idx + 1].span(year)), (Some(a), Some(b)) if a.0 > b.0);
            terms[idx].year = Some(if later { year - 1 } else { year });
        }
        Some(end)
    }

    fn chain_separator(&self, k: usize) -> Option<usize> {
        if self.is_punct(k, '-') || self.is_punct(k, '/') || self.is_punct(k, ',') {
            return Some(k + 1);
        }
        let after = match self.word(k)? {
            "og" | "samt" | "eller" => k + 1,
            "til" if self.is_word(k + 1, "og") && self.is_word(k + 2, "med") => k + 3,
            "til" => k + 1,
            _ => return None,
        };
        // `i uge 34 samt i uge 39`
        Some(if self.is_word(after, "i") {
            after + 1
        } else {
            after
        })
    }

    /// `[primo|medio|ultimo|i starten af|…] terms`.
    fn part_terms(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let (part, k) = match self.part(k) {
            Some((part, next)) => (Some(part), next),
            None => (None, k),
        };
        let before = out.len();
        let end = self.terms(k, out)?;
        if let Some(part) = part {
            for term in &mut out[before..] {
                term.part.get_or_insert(part);
                term.needs_prefix = false;
            }
        }
        Some(end)
    }

    fn part(&self, k: usize) -> Option<(Part, usize)> {
        let af = self.is_word(k + 1, "af");
        Some(match self.word(k)? {
            "primo" => (Part::Primo, k + 1),
            "medio" => (Part::Medio, k + 1),
            "ultimo" => (Part::Ultimo, k + 1),
            "starten" | "begyndelsen" if af => (Part::Primo, k + 2),
            "midten" if af => (Part::Medio, k + 2),
            "midt" if self.is_word(k + 1, "i") => (Part::Medio, k + 2),
            "slutningen" if af => (Part::Ultimo, k + 2),
            "sidst" if self.is_word(k + 1, "i") => (Part::Ultimo, k + 2),
            "udgangen" if af => (Part::LastDay, k + 2),
            _ => return None,
        })
    }

    /// One term, or several that share a unit (`14.-16. maj`, `2. og 3. kvartal 2025`,
    /// `uge 47-48, 2024`).
    fn terms(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        self.numeric_date(k, out)
            .or_else(|| self.day_month(k, out))
            .or_else(|| self.ordinal_period(k, out))
            .or_else(|| self.lettered_period(k, out))
            .or_else(|| self.week(k, out))
            .or_else(|| self.month(k, out))
            .or_else(|| self.year_term(k, out))
            .or_else(|| self.relative_term(k, out))
            .or_else(|| self.season(k, out))
            .or_else(|| self.holiday(k, out))
    }

    /// `D.M.`, `D.M`, `D.M.YY`, `DD.MM.YYYY`, `DD-MM-YYYY`, `YYYY-MM-DD`, `D/M[-YY]`.
    fn numeric_date(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let (a, a_digits) = self.num(k)?;
        let tight_num = |i: usize, max_digits: usize| {
            self.num(i)
                .filter(|&(_, d)| d <= max_digits && self.tight(i))
        };
        let dash = |i: usize| self.is_punct(i, '-') && self.tight(i);
        let day_of = |year: u32, month: u32, day: u32| -> Option<Term> {
            let date = Date::new(
                i16::try_from(year).ok()?,
                i8::try_from(month).ok()?,
                i8::try_from(day).ok()?,
            )
            .ok()?;
            Some(Term::new(
                Anchor::Day {
                    month: date.month(),
                    day: date.day(),
                },
                Some(date.year()),
            ))
        };
        if a_digits == 4 {
            // YYYY-MM-DD
            let (month, _) = dash(k + 1).then(|| tight_num(k + 2, 2)).flatten()?;
            let (day, _) = dash(k + 3).then(|| tight_num(k + 4, 2)).flatten()?;
            out.push(day_of(a, month, day)?);
            return Some(k + 5);
        }
        if a_digits > 2 || self.numeric_blocked(k) {
            return None;
        }
        // DD-MM-YYYY
        if dash(k + 1)
            && let Some((month, _)) = tight_num(k + 2, 2)
            && dash(k + 3)
            && let Some((year, 4)) = tight_num(k + 4, 4)
        {
            out.push(day_of(year, month, a)?);
            return Some(k + 5);
        }
        let separator = if self.is_punct(k + 1, '.') {
            '.'
        } else if self.is_punct(k + 1, '/') {
            '/'
        } else {
            return None;
        };
        if !self.tight(k + 1) {
            return None;
        }
        let (month, _) = tight_num(k + 2, 2)?;
        if !(1..=31).contains(&a) || !(1..=12).contains(&month) {
            return None;
        }
        let yearless = || Term {
            needs_prefix: true,
            ..Term::new(
                Anchor::Day {
                    month: month as i8,
                    day: a as i8,
                },
                None,
            )
        };
        // A year: `.YY`, `.YYYY`, `/YY`, `-YY` (`7/2-24`).
        if (self.is_punct(k + 3, separator) || (separator == '/' && self.is_punct(k + 3, '-')))
            && self.tight(k + 3)
        {
            if let Some((year, digits)) = tight_num(k + 4, 4) {
                // `1.2.3` and `1.2.3.4` are section numbers.
                if self.is_punct(k + 5, '.') && self.tight(k + 5) && self.num(k + 6).is_some() {
                    return None;
                }
                let year = match digits {
                    2 => 2000 + year,
                    4 => year,
                    _ => return None,
                };
                out.push(day_of(year, month, a)?);
                return Some(k + 5);
            }
            if separator == '.' {
                // `1.9. 2025`
                if let Some((year, 4)) = self.num(k + 4) {
                    out.push(day_of(year, month, a)?);
                    return Some(k + 5);
                }
                // `D.M.` with a trailing dot, as in `inden 1.9.`
                if self.list_number(k) || self.is_quantity(k + 4) {
                    return None;
                }
                out.push(yearless());
                return Some(k + 4);
            }
        }
        if separator == '/' {
            // `7/2 2024`
            if let Some((year, 4)) = self.num(k + 3) {
                out.push(day_of(year, month, a)?);
                return Some(k + 4);
            }
            // A bare `1/3` is more often a fraction than a date.
            if !matches!(
                self.word_before(k),
                Some(
                    "den"
                        | "d"
                        | "senest"
                        | "inden"
                        | "før"
                        | "til"
                        | "fra"
                        | "pr"
                        | "per"
                        | "indtil"
                )
            ) {
                return None;
            }
            out.push(yearless());
            return Some(k + 3);
        }
        // `23.03 2015`
        if let Some((year, 4)) = self.num(k + 3) {
            out.push(day_of(year, month, a)?);
            return Some(k + 4);
        }
        // `D.M` with no trailing dot (`FOA 20.12`): not a clock time, a list number or an
        // amount.
        if self.list_number(k) || self.clock_range(k) || self.is_quantity(k + 3) {
            return None;
        }
        out.push(yearless());
        Some(k + 3)
    }

    /// The number at `k` cannot start a date: it follows `kl.`, `pkt.`, `§`, …, or it
    /// continues a dotted number.
    fn numeric_blocked(&self, k: usize) -> bool {
        let Some(prev) = k.checked_sub(1) else {
            return false;
        };
        if self.is_punct(prev, '§') {
            return true;
        }
        if self.tight(k) {
            let prev_kind = self.toks[prev].kind;
            if prev_kind != Kind::Punct {
                return true;
            }
            if (self.is_punct(prev, '.')
                || self.is_punct(prev, '-')
                || self.is_punct(prev, ',')
                || self.is_punct(prev, ':'))
                && prev.checked_sub(1).is_some_and(|p| self.num(p).is_some())
            {
                return true;
            }
        }
        matches!(
            self.word_before(k),
            Some(
                "kl" | "klokken"
                    | "pkt"
                    | "punkt"
                    | "punkterne"
                    | "afsnit"
                    | "kapitel"
                    | "bilag"
                    | "side"
                    | "s"
                    | "nr"
                    | "version"
                    | "trin"
                    | "fase"
                    | "tabel"
                    | "figur"
                    | "stk"
                    | "note"
                    | "anbefaling"
                    | "litra"
            )
        )
    }

    /// A year-less numeric date opening the sentence is a list number (`1.2. Baggrund`).
    fn list_number(&self, k: usize) -> bool {
        k == 0
    }

    /// `10.05-10.30`: two clock times joined by a dash.
    fn clock_range(&self, k: usize) -> bool {
        let clock_at = |i: usize| {
            self.num(i).is_some()
                && self.is_punct(i + 1, '.')
                && self.num(i + 2).is_some_and(|(_, d)| d == 2)
        };
        (self.is_punct(k + 3, '-') && clock_at(k + 4))
            || (k >= 4 && self.is_punct(k - 1, '-') && clock_at(k - 4))
    }

    /// `den 1. maj [2025]`, `1 maj`, `14.-16. maj`, `1. og 2. juni`.
    fn day_month(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let mut days = [0i8; 8];
        let mut n_days = 0;
        let mut j = k;
        loop {
            let (day, digits) = self.num(j)?;
            if digits > 2 || !(1..=31).contains(&day) || n_days == days.len() {
                return None;
            }
            days[n_days] = day as i8;
            n_days += 1;
            j = self.skip_dot(j + 1);
            if self.is_punct(j, '-') || self.is_word(j, "og") {
                j += 1;
            } else {
                break;
            }
        }
        if self.numeric_blocked(k) {
            return None;
        }
        let (month, next, _) = self.month_at(j)?;
        let (year, end) = self.opt_year(next);
        out.extend(
            days[..n_days]
                .iter()
                .map(|&day| Term::new(Anchor::Day { month, day }, year)),
        );
        Some(end)
    }

    /// `2. kvartal 2026`, `første halvår`, `2. og 3. kvartal 2025`, `1.-3. kvt.`.
    fn ordinal_period(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let mut ordinals = [0i8; 4];
        let (first, mut j) = self.ordinal(k)?;
        ordinals[0] = first;
        let mut n = 1;
        while n < ordinals.len() {
            let sep = if self.is_punct(j, '-')
                || self.is_punct(j, ',')
                || self.is_word(j, "og")
                || self.is_word(j, "til")
            {
                j + 1
            } else {
                break;
            };
            let Some((ordinal, after)) = self.ordinal(sep) else {
                break;
            };
            ordinals[n] = ordinal;
            n += 1;
            j = after;
        }
        let (max, after_unit): (i8, usize) = match self.word(j)? {
            "kvartal" | "kvartaler" | "kvartalet" => (4, j + 1),
            "kvt" => (4, self.skip_dot(j + 1)),
            "halvår" | "halvåret" => (2, j + 1),
            // `anden halvdel af 2025`; without a year `halvdel` is any half.
            "halvdel" if self.opt_year(j + 1).0.is_some() => (2, j + 1),
            _ => return None,
        };
        let (year, end) = self.opt_year(after_unit);
        for &ordinal in &ordinals[..n] {
            // `sidste kvartal` with no year is the quarter just past.
            let number = if ordinal == 0 {
                if year.is_some() { max } else { return None }
            } else {
                ordinal
            };
            if number > max {
                return None;
            }
            let anchor = if max == 4 {
                Anchor::Quarter(number)
            } else {
                Anchor::Half(number)
            };
            out.push(Term::new(anchor, year));
        }
        Some(end)
    }

    fn ordinal(&self, k: usize) -> Option<(i8, usize)> {
        if let Some((value, 1)) = self.num(k) {
            return (self.is_punct(k + 1, '.') && self.tight(k + 1) && (1..=4).contains(&value))
                .then(|| (value as i8, k + 2));
        }
        let value = match self.word(k)? {
            "første" => 1,
            "andet" | "anden" => 2,
            "tredje" => 3,
            "fjerde" => 4,
            "sidste" => 0,
            _ => return None,
        };
        Some((value, k + 1))
    }

    /// `Q2 [2026]`; `H1 2026` (only with a year: `H1` alone is too often a room or a heading).
    fn lettered_period(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let letter = self.word(k)?;
        let (value, 1) = self.num(k + 1).filter(|_| self.tight(k + 1))? else {
            return None;
        };
        let (year, end) = self.opt_year(k + 2);
        let anchor = match letter {
            "q" if (1..=4).contains(&value) => Anchor::Quarter(value as i8),
            "h" if (1..=2).contains(&value) && year.is_some() => Anchor::Half(value as i8),
            _ => return None,
        };
        out.push(Term::new(anchor, year));
        Some(end)
    }

    /// `uge 42`, `uge 47-48, 2024`, `uge 7 og 8`, `ugerne 7+8`.
    fn week(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        if !matches!(self.word(k)?, "uge" | "ugerne") {
            return None;
        }
        let mut j = k + 1;
        if self.is_word(j, "nr") {
            j = self.skip_dot(j + 1);
        }
        let week_at = |i: usize| {
            self.num(i)
                .filter(|&(v, d)| d <= 2 && (1..=53).contains(&v))
                .map(|(v, _)| v as i8)
        };
        let mut weeks = [0i8; 8];
        weeks[0] = week_at(j)?;
        let mut n = 1;
        j += 1;
        while n < weeks.len() {
            let sep = self.is_punct(j, '-')
                || self.is_punct(j, '+')
                || self.is_punct(j, '/')
                || self.is_punct(j, ',')
                || self.is_word(j, "og");
            let Some(week) = week_at(j + 1).filter(|_| sep) else {
                break;
            };
            weeks[n] = week;
            n += 1;
            j += 2;
        }
        let (year, end) = self.opt_year(j);
        out.extend(
            weeks[..n]
                .iter()
                .map(|&week| Term::new(Anchor::Week(week), year)),
        );
        Some(end)
    }

    /// `oktober`, `okt.`, `januar 2026`, `jan. 2026`.
    fn month(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let (month, mut next, weak) = self.month_at(k)?;
        // `januar måned 2023`
        if self.is_word(next, "måned") {
            next += 1;
        }
        let (year, end) = self.opt_year(next);
        if weak && year.is_none() {
            return None;
        }
        // Month names are lower case in Danish prose; a capitalised one next to another
        // capitalised word is a name (`Maj Hansen`, `Anne Maj`, `August Jensen`).
        if year.is_none()
            && self.capitalized(k)
            && (k.checked_sub(1).is_some_and(|p| self.capitalized(p)) || self.capitalized(next))
        {
            return None;
        }
        // A bare month name with neither year nor preposition is more often a table heading
        // or a broken line (`2026 januar`, `september.`) than a due.
        out.push(Term {
            needs_prefix: year.is_none(),
            ..Term::new(Anchor::Month(month), year)
        });
        Some(end)
    }

    /// The month at `k`, the index after it (and its abbreviation dot), and whether it is
    /// weak: an abbreviation without a dot, or `jul`, which needs a day or a year to be July
    /// (`inden jul` is Christmas).
    fn month_at(&self, k: usize) -> Option<(i8, usize, bool)> {
        let word = self.word(k)?;
        let full = match word {
            "januar" => 1,
            "februar" => 2,
            "marts" => 3,
            "april" => 4,
            "maj" => 5,
            "juni" => 6,
            "juli" => 7,
            "august" => 8,
            "september" => 9,
            "oktober" => 10,
            "november" => 11,
            "december" => 12,
            _ => 0,
        };
        if full != 0 {
            return Some((full, k + 1, false));
        }
        let short = match word {
            "jan" => 1,
            "feb" | "febr" => 2,
            "mar" | "mrts" => 3,
            "apr" => 4,
            "jun" => 6,
            "jul" => 7,
            "aug" => 8,
            "sep" | "sept" => 9,
            "okt" => 10,
            "nov" => 11,
            "dec" => 12,
            _ => return None,
        };
        let after = self.skip_dot(k + 1);
        Some((short, after, after == k + 1 || short == 7))
    }

    /// A plausible four-digit year at `j`, not the first part of a compound (`2025-priser`).
    fn year_at(&self, j: usize) -> Option<(i16, usize)> {
        let (value, 4) = self.num(j)? else {
            return None;
        };
        if !(1990..=2100).contains(&value) {
            return None;
        }
        if self.is_punct(j + 1, '-')
            && self.tight(j + 1)
            && self.tight(j + 2)
            && self.word(j + 2).is_some()
        {
            return None;
        }
        Some((value as i16, j + 1))
    }

    /// An optional year after a term: `2025`, `, 2024`, `af 2025`, `i 2024`.
    fn opt_year(&self, j: usize) -> (Option<i16>, usize) {
        if let Some((year, end)) = self.year_at(j) {
            return (Some(year), end);
        }
        if (self.is_punct(j, ',') || self.is_word(j, "af") || self.is_word(j, "i"))
            && let Some((year, end)) = self.year_at(j + 1)
        {
            return (Some(year), end);
        }
        (None, j)
    }

    /// `2024` (needs a preposition), `året`, `årets udgang`, `i år`, `indeværende år`.
    fn year_term(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        // `2024-35`: a range whose end year is written with two digits.
        if let Some((first, after)) = self.year_at(k)
            && self.is_punct(after, '-')
            && self.tight(after)
            && let Some((short, 2)) = self.num(after + 1).filter(|_| self.tight(after + 1))
        {
            let last = first - first % 100 + short as i16;
            if last > first {
                let term = |year| Term {
                    needs_prefix: true,
                    ..Term::new(Anchor::Year, Some(year))
                };
                out.extend([term(first), term(last)]);
                return Some(after + 2);
            }
        }
        if let Some((year, end)) = self.year_at(k) {
            out.push(Term {
                needs_prefix: true,
                ..Term::new(Anchor::Year, Some(year))
            });
            return Some(end);
        }
        let this_year = Some(self.meeting.year());
        let (term, end) = match self.word(k)? {
            // `i løbet af året`, `ultimo året`; not `30 kr. på året` (per year).
            "året" if self.year_context(k) => (
                Term {
                    needs_prefix: true,
                    ..Term::new(Anchor::Year, None)
                },
                k + 1,
            ),
            "årets" if self.is_word(k + 1, "udgang") => (
                Term {
                    part: Some(Part::LastDay),
                    ..Term::new(Anchor::Year, None)
                },
                k + 2,
            ),
            "år" if k > 0 && self.is_word(k - 1, "i") => {
                (Term::new(Anchor::Year, this_year), k + 1)
            }
            "indeværende" if self.is_word(k + 1, "år") => {
                (Term::new(Anchor::Year, this_year), k + 2)
            }
            _ => return None,
        };
        out.push(term);
        Some(end)
    }

    /// `året` reads as the current year after `af` (`i løbet af året`, `udgangen af året`)
    /// or a part (`ultimo året`, `midt i året`).
    fn year_context(&self, k: usize) -> bool {
        match k.checked_sub(1).and_then(|p| self.word(p)) {
            Some("af" | "primo" | "medio" | "ultimo") => true,
            Some("i") => matches!(
                k.checked_sub(2).and_then(|p| self.word(p)),
                Some("midt" | "sidst")
            ),
            _ => false,
        }
    }

    /// `næste uge`, `denne måned`, `næste kvartal`, `næste halvår`, `næste år`,
    /// `det nye år`.
    fn relative_term(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        // `i de kommende år` is a vague stretch of years, not next year.
        if k > 0 && self.is_word(k - 1, "de") {
            return None;
        }
        let (offset, j): (i8, usize) = match self.word(k)? {
            // `år` is also plural: `kommende år` after a line break is `de kommende år`.
            "kommende" if self.is_word(k + 1, "år") => return None,
            "næste" | "kommende" => (1, k + 1),
            "denne" | "dette" | "indeværende" => (0, k + 1),
            "det" if matches!(self.word(k + 1), Some("nye" | "kommende")) => (1, k + 2),
            _ => return None,
        };
        let meeting = self.meeting;
        let year = meeting.year();
        let term = match self.word(j)? {
            "uge" | "ugen" => {
                let week = add_days(meeting, 7 * i64::from(offset))?.iso_week_date();
                Term::new(Anchor::Week(week.week()), Some(week.year()))
            }
            "måned" | "måneden" => {
                let first = meeting
                    .first_of_month()
                    .checked_add(i64::from(offset).months())
                    .ok()?;
                Term::new(Anchor::Month(first.month()), Some(first.year()))
            }
            "kvartal" | "kvartalet" => {
                let index = (meeting.month() - 1) / 3 + offset;
                Term::new(
                    Anchor::Quarter(index % 4 + 1),
                    Some(year + i16::from(index / 4)),
                )
            }
            "halvår" | "halvåret" => {
                let index = (meeting.month() - 1) / 6 + offset;
                Term::new(
                    Anchor::Half(index % 2 + 1),
                    Some(year + i16::from(index / 2)),
                )
            }
            "år" | "året" => Term::new(Anchor::Year, Some(year + i16::from(offset))),
            _ => return None,
        };
        out.push(term);
        Some(j + 1)
    }

    /// `i foråret`, `efteråret 2025`, `i sommer`, `vinterhalvåret`.
    fn season(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let season = match self.word(k)? {
            "forår" | "foråret" => Season::Spring,
            "sommer" | "sommeren" => Season::Summer,
            "efterår" | "efteråret" => Season::Autumn,
            "vinter" | "vinteren" => Season::Winter,
            "vinterhalvår" | "vinterhalvåret" => Season::WinterHalf,
            "sommerhalvår" | "sommerhalvåret" => Season::SummerHalf,
            _ => return None,
        };
        let (year, end) = self.opt_year(k + 1);
        out.push(Term {
            needs_prefix: year.is_none(),
            ..Term::new(Anchor::Season(season), year)
        });
        Some(end)
    }

    /// `sommerferien`, `efterårsferien`, `jul`, `påske`, `Kr. himmelfart`, …
    fn holiday(&self, k: usize, out: &mut Vec<Term>) -> Option<usize> {
        let (holiday, j) = match self.word(k)? {
            "sommerferie" | "sommerferien" => (Holiday::Summer, k + 1),
            "efterårsferie" | "efterårsferien" => (Holiday::Autumn, k + 1),
            "vinterferie" | "vinterferien" => (Holiday::Winter, k + 1),
            "juleferie" | "juleferien" => (Holiday::ChristmasBreak, k + 1),
            "jul" | "julen" => (Holiday::Christmas, k + 1),
            "nytår" | "nytåret" | "årsskiftet" => (Holiday::NewYear, k + 1),
            "påske" | "påsken" => (Holiday::Easter, k + 1),
            "påskeferie" | "påskeferien" => (Holiday::EasterBreak, k + 1),
            "pinse" | "pinsen" => (Holiday::Whitsun, k + 1),
            "himmelfartsferien" => (Holiday::Ascension, k + 1),
            "kristi" | "kr" => {
                let j = self.skip_dot(k + 1);
                if !matches!(
                    self.word(j)?,
                    "himmelfart" | "himmelfartsdag" | "himmelfartsferien"
                ) {
                    return None;
                }
                (Holiday::Ascension, j + 1)
            }
            "store" if self.is_word(k + 1, "bededag") => (Holiday::PrayerDay, k + 2),
            "grundlovsdag" | "grundlovsdagen" => (Holiday::ConstitutionDay, k + 1),
            _ => return None,
        };
        let (year, end) = self.opt_year(j);
        out.push(Term {
            needs_prefix: year.is_none(),
            ..Term::new(Anchor::Holiday(holiday), year)
        });
        Some(end)
    }
}

/// What a word before a term does.
#[derive(Debug, Clone, Copy)]
enum Prefix {
    /// Part of the expression but no preposition: `den`, `d.`, a weekday before a date.
    Soft,
    /// A preposition that makes a bare year or season a due: `i`, `i løbet af`, `til`.
    Plain,
    Modifier(Modifier),
}

/// What a word can do in an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// A preposition, article, part or ordinal (`i`, `den`, `primo`, `første`): it can begin
    /// an expression but only leads up to a core.
    Lead,
    /// A core word that can also begin an expression: a month, a weekday, a season, a
    /// holiday, `næste`, `årligt`, `uge`.
    Start,
    /// A core word that never begins one: `kvartal`, `dage`, `gang`.
    Inside,
}

/// The words of every form, sorted by bytes for [`word_class`]; a test checks the order.
/// Every parser's first word must be here (as `Lead` or `Start`).
const WORDS: &[(&str, Class)] = {
    use Class::*;
    &[
        ("allerede", Lead),
        ("anden", Lead),
        ("andet", Lead),
        ("apr", Start),
        ("april", Start),
        ("aug", Start),
        ("august", Start),
        ("bededag", Inside),
        ("begyndelsen", Lead),
        ("d", Lead),
        ("dage", Inside),
        ("de", Lead),
        ("dec", Start),
        ("december", Start),
        ("den", Lead),
        ("denne", Lead),
        ("det", Lead),
        ("dette", Lead),
        ("efter", Lead),
        ("efterår", Start),
        ("efteråret", Start),
        ("efterårsferie", Start),
        ("efterårsferien", Start),
        ("en", Lead),
        ("et", Lead),
        ("feb", Start),
        ("febr", Start),
        ("februar", Start),
        ("fjerde", Lead),
        ("forud", Lead),
        ("forår", Start),
        ("foråret", Start),
        ("fra", Lead),
        ("fre", Lead),
        ("fredag", Start),
        ("frem", Lead),
        ("før", Lead),
        ("første", Lead),
        ("førstkommende", Start),
        ("grundlovsdag", Start),
        ("grundlovsdagen", Start),
        ("h", Start),
        ("halvdel", Inside),
        ("halvår", Inside),
        ("halvåret", Inside),
        ("hen", Lead),
        ("himmelfart", Inside),
        ("himmelfartsdag", Inside),
        ("himmelfartsferien", Start),
        ("hurtigst", Start),
        ("hurtigt", Start),
        ("hver", Lead),
        ("hvert", Lead),
        ("i", Lead),
        ("inden", Lead),
        ("indenfor", Lead),
        ("indeværende", Lead),
        ("indtil", Lead),
        ("jan", Start),
        ("januar", Start),
        ("jul", Start),
        ("juleferie", Start),
        ("juleferien", Start),
        ("julen", Start),
        ("juli", Start),
        ("jun", Start),
        ("juni", Start),
        ("kommende", Start),
        ("kort", Lead),
        ("kr", Lead),
        ("kristi", Lead),
        ("kvartal", Inside),
        ("kvartaler", Inside),
        ("kvartalet", Inside),
        ("kvartalsvis", Start),
        ("kvartalsvise", Start),
        ("kvartalsvist", Start),
        ("kvt", Inside),
        ("lige", Start),
        ("løbet", Lead),
        ("lør", Lead),
        ("lørdag", Start),
        ("maj", Start),
        ("man", Lead),
        ("mandag", Start),
        ("mar", Start),
        ("marts", Start),
        ("md", Inside),
        ("mdr", Inside),
        ("medio", Lead),
        ("midt", Lead),
        ("midten", Lead),
        ("morgen", Inside),
        ("mrts", Start),
        ("måned", Inside),
        ("måneden", Inside),
        ("måneder", Inside),
        ("månedlig", Start),
        ("månedlige", Start),
        ("månedligt", Start),
        ("månedsvis", Start),
        ("nov", Start),
        ("november", Start),
        ("nytår", Start),
        ("nytåret", Start),
        ("næste", Start),
        ("okt", Start),
        ("oktober", Start),
        ("om", Lead),
        ("omkring", Lead),
        ("ons", Lead),
        ("onsdag", Start),
        ("op", Lead),
        ("over", Lead),
        ("overmorgen", Inside),
        ("per", Lead),
        ("perioden", Lead),
        ("pinse", Start),
        ("pinsen", Start),
        ("pr", Lead),
        ("primo", Lead),
        ("på", Lead),
        ("påske", Start),
        ("påskeferie", Start),
        ("påskeferien", Start),
        ("påsken", Start),
        ("q", Start),
        ("senere", Start),
        ("senest", Lead),
        ("sep", Start),
        ("sept", Start),
        ("september", Start),
        ("sidst", Lead),
        ("sidste", Lead),
        ("slutningen", Lead),
        ("snarest", Start),
        ("sommer", Start),
        ("sommeren", Start),
        ("sommerferie", Start),
        ("sommerferien", Start),
        ("sommerhalvår", Start),
        ("sommerhalvåret", Start),
        ("starten", Lead),
        ("store", Lead),
        ("straks", Start),
        ("søn", Lead),
        ("søndag", Start),
        ("tidsrummet", Lead),
        ("til", Lead),
        ("tir", Lead),
        ("tirs", Lead),
        ("tirsdag", Start),
        ("tor", Lead),
        ("tors", Lead),
        ("torsdag", Start),
        ("tredje", Lead),
        ("udgangen", Lead),
        ("uge", Start),
        ("uger", Inside),
        ("ugerne", Start),
        ("ultimo", Lead),
        ("umiddelbart", Start),
        ("ved", Lead),
        ("vinter", Start),
        ("vinteren", Start),
        ("vinterferie", Start),
        ("vinterferien", Start),
        ("vinterhalvår", Start),
        ("vinterhalvåret", Start),
        ("år", Start),
        ("året", Start),
        ("årets", Start),
        ("årlig", Start),
        ("årlige", Start),
        ("årligt", Start),
        ("årsskiftet", Start),
        ("én", Lead),
    ]
};

/// A bit per (length, first byte, last byte) of the words of [`WORDS`] in `classes`, built
/// at compile time: one bit test turns away almost every ordinary word before the binary
/// search. The core filter leaves out the leads, because `i`, `til`, `på`, `den` are among
/// the commonest Danish words and only cores decide whether a sentence is worth reading.
const fn filter(core_only: bool) -> [u64; FILTER_WORDS] {
    let mut bits = [0u64; FILTER_WORDS];
    let mut idx = 0;
    while idx < WORDS.len() {
        if !core_only || !matches!(WORDS[idx].1, Class::Lead) {
            let key = filter_key(WORDS[idx].0.as_bytes());
            bits[key / 64] |= 1 << (key % 64);
        }
        idx += 1;
    }
    bits
}

const ANY_FILTER: [u64; FILTER_WORDS] = filter(false);
const CORE_FILTER: [u64; FILTER_WORDS] = filter(true);
const FILTER_WORDS: usize = 256;

const fn filter_key(word: &[u8]) -> usize {
    if word.is_empty() {
        return 0;
    }
    filter_key_parts(word.len(), word[0], word[word.len() - 1])
}

const fn filter_key_parts(len: usize, first: u8, last: u8) -> usize {
    let mixed = (len * 0x9E37) ^ ((first as usize) * 0x85EB) ^ ((last as usize) * 0xC2B3);
    (mixed ^ (mixed >> 13)) % (FILTER_WORDS * 64)
}

fn has_bit(filter: &[u64; FILTER_WORDS], key: usize) -> bool {
    filter[key / 64] & (1 << (key % 64)) != 0
}

/// `Æ`, `Ø`, `Å` (and the other Latin-1 capitals) are C3 80–9E; their lowercase forms are
/// 0x20 higher. C3 97 is `×`.
fn capital_latin1(lead: u8, byte: u8) -> bool {
    lead == 0xC3 && (0x80..=0x9E).contains(&byte) && byte != 0x97
}

/// The last byte of `word` once lowercased.
fn lower_last_byte(word: &[u8]) -> u8 {
    match word {
        [.., lead, last] if capital_latin1(*lead, *last) => last + 0x20,
        [.., last] => last.to_ascii_lowercase(),
        [] => 0,
    }
}

/// The class of the lowercase `word` if it passes `filter`: a bit test, then a binary
/// search (a `match` over a long list of string literals compiles to one comparison per
/// literal).
fn word_class(word: &[u8], filter: &[u64; FILTER_WORDS]) -> Option<Class> {
    if word.starts_with(b"budgetforhandling") {
        return Some(Class::Start);
    }
    if !has_bit(filter, filter_key(word)) {
        return None;
    }
    WORDS
        .binary_search_by(|(w, _)| compare(w.as_bytes(), word))
        .ok()
        .map(|idx| WORDS[idx].1)
}

/// `a.cmp(b)` byte by byte: the words are short and mostly differ in their first bytes,
/// where a loop answers sooner than a call to `memcmp`.
fn compare(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Whether `text` may hold an expression: it has a digit or a core word. One pass over the
/// bytes, with no lowercase copy and no tokens, so that the many sentences without any
/// time in them cost little.
pub(super) fn may_contain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match BYTE_CLASS[usize::from(bytes[at])] {
            DIGIT => {
                let start = at;
                while at < bytes.len() && bytes[at].is_ascii_digit() {
                    at += 1;
                }
                if date_number(&bytes[start..at], &bytes[at..]) {
                    return true;
                }
                continue;
            }
            LETTER => {}
            _ => {
                at += 1;
                continue;
            }
        }
        let start = at;
        at += 1;
        while at < bytes.len()
            && matches!(BYTE_CLASS[usize::from(bytes[at])], LETTER | CONTINUATION)
        {
            at += 1;
        }
        let word = &bytes[start..at];
        if word.len() >= 17 && word[..17].eq_ignore_ascii_case(b"budgetforhandling") {
            return true;
        }
        // The filter key needs only the length and the lowercase first and last bytes, so
        // most words are turned away without a lowercase copy.
        let (first, last) = (word[0].to_ascii_lowercase(), lower_last_byte(word));
        if !has_bit(&CORE_FILTER, filter_key_parts(word.len(), first, last)) {
            continue;
        }
        let mut buffer = [0u8; 24];
        let Some(lower) = buffer.get_mut(..word.len()) else {
            continue;
        };
        for (idx, &b) in word.iter().enumerate() {
            lower[idx] = if idx > 0 && capital_latin1(word[idx - 1], b) {
                b + 0x20
            } else {
                b.to_ascii_lowercase()
            };
        }
        if matches!(
            word_class(lower, &CORE_FILTER),
            Some(Class::Start | Class::Inside)
        ) {
            return true;
        }
    }
    false
}

/// The words of [`WORDS`], for the test of its order.
#[cfg(test)]
pub(super) fn word_table() -> Vec<&'static str> {
    WORDS.iter().map(|(w, _)| *w).collect()
}

const OTHER: u8 = 0;
const LETTER: u8 = 1;
const CONTINUATION: u8 = 2;
const DIGIT: u8 = 3;

/// Byte classes for [`may_contain`]: ASCII letters and the lead bytes of Latin-1 and Latin
/// Extended letters (`æøåé`) start or continue a word; continuation bytes continue one,
/// and on their own (after the lead byte of a dash, a quote or a no-break space) are
/// skipped as punctuation.
const BYTE_CLASS: [u8; 256] = {
    let mut classes = [OTHER; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        classes[byte] = if b.is_ascii_digit() {
            DIGIT
        } else if b.is_ascii_alphabetic() || (b >= 0xC3 && b <= 0xC9) {
            LETTER
        } else if b >= 0x80 && b < 0xC0 {
            CONTINUATION
        } else {
            OTHER
        };
        byte += 1;
    }
    classes
};

/// Whether the digits `digits`, followed by `rest`, can be a core of a date by themselves:
/// a year (1990–2100) or the day of `D.M`, `D/M`, `D-M`. Every other number needs a core
/// word to mean a time (`2. kvartal`, `uge 42`, `14 dage`, `1. maj`), so amounts such as
/// `1.032.210 kr.` and `ca. 100 borgere` do not make a sentence worth reading.
fn date_number(digits: &[u8], rest: &[u8]) -> bool {
    match digits.len() {
        4 => (b"1990".as_slice()..=b"2100".as_slice()).contains(&digits),
        1 | 2 => {
            matches!(rest.first(), Some(b'.' | b'/' | b'-'))
                && rest.get(1).is_some_and(u8::is_ascii_digit)
                && !rest
                    .get(2..4)
                    .is_some_and(|r| r.iter().all(u8::is_ascii_digit))
        }
        _ => false,
    }
}

/// `frist`, `høringsfrist`, `fristen`, `deadline`: a label whose date is a due.
fn is_deadline_label(word: &str) -> bool {
    word.ends_with("frist") || word.ends_with("fristen") || word == "deadline"
}

/// Whether `word` can begin an expression.
fn starts_expression(word: &str) -> bool {
    is_deadline_label(word)
        || matches!(
            word_class(word.as_bytes(), &ANY_FILTER),
            Some(Class::Lead | Class::Start)
        )
}

/// Whether `word` names a time, a recurrence or an event, so an expression may contain it.
fn is_core(word: &str) -> bool {
    matches!(
        word_class(word.as_bytes(), &CORE_FILTER),
        Some(Class::Start | Class::Inside)
    )
}

fn weekday_named(word: &str) -> Option<Weekday> {
    Some(match word {
        "mandag" => Weekday::Monday,
        "tirsdag" => Weekday::Tuesday,
        "onsdag" => Weekday::Wednesday,
        "torsdag" => Weekday::Thursday,
        "fredag" => Weekday::Friday,
        "lørdag" => Weekday::Saturday,
        "søndag" => Weekday::Sunday,
        _ => return None,
    })
}

fn weekday_abbreviated(word: &str) -> bool {
    matches!(
        word,
        "man" | "tirs" | "tir" | "ons" | "tors" | "tor" | "fre" | "lør" | "søn"
    )
}
