//! Decisions: which sentences and list entries record what the meeting body did, who did it
//! and what kind of decision it was (the verb table of `spec/model.md`).
//!
//! A decision is one sentence with a table verb and a deciding body as its subject (or a
//! passive form: `Godkendt.`, `Sagen blev udsat`), or one entry under a header such as
//! `Rådmandsmødekredsen godkendte:` (the header's verb gives the kind) or under a bare actor
//! line such as `Rådmandsmødekredsen` (the entry's own verb does). Vote positions (`X tog
//! forbehold`) and reports of earlier decisions (a date before the meeting) are not.

use model::{Date, DecisionKind};

use crate::cues::Cues;
use crate::scan;
use crate::vocab::{VERB_PARTS, VERBS, VOTE_PHRASES};
use crate::words;

/// A word of a sentence: byte range and lowercase form (borrowed from the sentence when it
/// is lowercase already).
#[derive(Debug, Clone)]
pub(crate) struct Word<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) lower: scan::Lower<'a>,
}

/// Splits text into words (letters, digits, `§`, inner hyphens), keeping byte offsets.
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    words_up_to(text, None, usize::MAX)
}

/// [`words`], with the lowercase forms sliced from `aligned`, the text in lowercase with the
/// same byte offsets ([`scan::aligned_lower`]), when there is one.
pub(crate) fn words_in<'a>(text: &'a str, aligned: Option<&'a str>) -> Vec<Word<'a>> {
    words_up_to(text, aligned, usize::MAX)
}

/// The first `limit` of [`words_in`].
fn words_up_to<'a>(text: &'a str, aligned: Option<&'a str>, limit: usize) -> Vec<Word<'a>> {
    let mut out = Vec::with_capacity((text.len() / 6 + 1).min(limit));
    let bytes = text.as_bytes();
    let mut idx = 0;
    while out.len() < limit {
        // To the start of the next word.
        let start = loop {
            match bytes.get(idx) {
                None => return out,
                // ASCII without decoding: `char::is_alphanumeric` agrees with the ASCII test
                // there.
                Some(byte) if byte.is_ascii_alphanumeric() => break idx,
                Some(byte) if byte.is_ascii() => idx += 1,
                Some(_) => match wide_word_char(text, idx) {
                    (true, _) => break idx,
                    (false, len) => idx += len,
                },
            }
        };
        // To its end: inside a word, hyphens and apostrophes join.
        loop {
            match bytes.get(idx) {
                Some(byte) if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'\'') => {
                    idx += 1;
                }
                Some(byte) if byte.is_ascii() => break,
                Some(_) => match wide_word_char(text, idx) {
                    (true, len) => idx += len,
                    (false, _) => break,
                },
                None => break,
            }
        }
        push_word(&mut out, text, aligned, start, idx);
    }
    out
}

/// Whether the character at `idx` of `text` (not ASCII) belongs to a word, and its length.
fn wide_word_char(text: &str, idx: usize) -> (bool, usize) {
    let Some(c) = text.get(idx..).and_then(|rest| rest.chars().next()) else {
        return (false, text.len() - idx);
    };
    // Latin-1 and Latin Extended-A/B letters (`æ`, `ø`, `å`, `é`) without the table lookup;
    // `×` and `÷` are the only other characters there.
    let latin = ('\u{c0}'..='\u{24f}').contains(&c) && c != '×' && c != '÷';
    (latin || c.is_alphanumeric() || c == '§', c.len_utf8())
}

fn push_word<'a>(
    out: &mut Vec<Word<'a>>,
    text: &'a str,
    aligned: Option<&'a str>,
    start: usize,
    end: usize,
) {
    // Without the joiners at its end (ASCII, so the cut is a character boundary).
    let bytes = text.as_bytes();
    let mut end = end;
    while end > start && matches!(bytes[end - 1], b'-' | b'\'') {
        end -= 1;
    }
    let raw = &text[start..end];
    let lower = match aligned {
        Some(aligned) => scan::Lower::Borrowed(&aligned[start..end]),
        None => scan::lower_word(raw),
    };
    out.push(Word { start, end, lower });
}

/// A verb of the table found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct VerbHit {
    pub(crate) kind: DecisionKind,
    /// Index of the first and one past the last word.
    pub(crate) first: usize,
    pub(crate) last: usize,
    pub(crate) passive: bool,
    /// A report of a briefing ([`words::is_briefing_word`]).
    pub(crate) briefing: bool,
}

/// For each byte, the table verbs (bit `i` for `VERBS[i]`) whose first word starts with
/// it: most words are skipped on their first byte alone, the rest are compared only with
/// the few verbs that share it.
static BY_FIRST_BYTE: [u128; 256] = {
    assert!(VERBS.len() <= 128, "one bit per verb");
    let mut table = [0u128; 256];
    let mut idx = 0;
    while idx < VERBS.len() {
        table[VERBS[idx].words[0].as_bytes()[0] as usize] |= 1 << idx;
        idx += 1;
    }
    table
};

/// Whether each table verb is passive or a participle (see [`words::is_passive`], applied
/// to the verb's words joined by spaces).
static PASSIVE: [bool; VERBS.len()] = {
    let mut table = [false; VERBS.len()];
    let mut idx = 0;
    while idx < VERBS.len() {
        let verb = VERBS[idx].words;
        table[idx] = verb.len() > 1 || words::is_passive_word(verb[0]);
        idx += 1;
    }
    table
};

/// Whether the lowercase text may hold a table verb; false means [`verb_hits`] finds none.
pub(crate) fn may_have_verb(lower: &str) -> bool {
    static NEEDLES: scan::Needles<{ VERB_PARTS.len() }> = scan::Needles::new(VERB_PARTS);
    NEEDLES.any_in(lower)
}

/// Every table verb in `words`.
pub(crate) fn verb_hits(words: &[Word<'_>]) -> Vec<VerbHit> {
    let mut hits = Vec::new();
    for idx in 0..words.len() {
        let lower = words[idx].lower.as_bytes();
        let Some(&first) = lower.first() else {
            continue;
        };
        let mut candidates = BY_FIRST_BYTE[usize::from(first)];
        while candidates != 0 {
            let verb_idx = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            let verb = &VERBS[verb_idx];
            if verb.words[0].len() != lower.len() {
                continue;
            }
            // `Som aftalt på sidste møde …` recalls an agreement, `skulle være konkret
            // aftalt` supposes one; neither makes one. `ikke enighed om` is none either.
            let before = &words[idx.saturating_sub(2)..idx];
            if verb.words[0] == "aftalt"
                && before
                    .iter()
                    .any(|w| matches!(&*w.lower, "som" | "være" | "været" | "ikke"))
                || verb.words[0] == "enighed" && before.iter().any(|w| w.lower == "ikke")
            {
                continue;
            }
            // `kan først godkendes i 2026`, `skal behandles i byrådet`: what may or must be done
            // later is no decision of this meeting.
            let modal = |word: &Word<'_>| {
                matches!(
                    &*word.lower,
                    "kan" | "skal" | "vil" | "må" | "bør" | "skulle"
                )
            };
            if idx > 0
                && (modal(&words[idx - 1])
                    || idx > 1
                        && modal(&words[idx - 2])
                        && matches!(&*words[idx - 1].lower, "først" | "også" | "endeligt"))
            {
                continue;
            }
            // `de godkendte dokumenter`: after a plural determiner the form is an adjective.
            if verb.words.len() == 1
                && verb.words[0].ends_with('e')
                && idx > 0
                && matches!(
                    &*words[idx - 1].lower,
                    "de" | "disse" | "alle" | "nogle" | "flere"
                )
            {
                continue;
            }
            if let Some(last) = match_verb(words, idx, verb.words) {
                hits.push(VerbHit {
                    kind: verb.kind,
                    first: idx,
                    last,
                    passive: PASSIVE[verb_idx],
                    briefing: words::is_briefing_word(verb.words[0]),
                });
            }
        }
    }
    hits
}

fn match_verb(words: &[Word<'_>], at: usize, pattern: &[&str]) -> Option<usize> {
    let mut idx = at;
    for (pos, part) in pattern.iter().enumerate() {
        if let Some(stem) = part.strip_prefix('*') {
            // `fik … status`: the object within the next four words.
            let found =
                (idx..(idx + 4).min(words.len())).find(|&i| words[i].lower.contains(stem))?;
            idx = found + 1;
        } else {
            if words.get(idx)?.lower != *part {
                return None;
            }
            // `ikke` before a verb negates it only for the rejected forms.
            if pos == 0 && idx > 0 && words[idx - 1].lower == "ikke" && pattern.len() == 1 {
                return None;
            }
            idx += 1;
        }
    }
    Some(idx)
}

/// Whether a decision's text records what was done, in the past tense or as a participle
/// (`Godkendt.`, `Bestyrelsen drøftede …`), rather than proposing it (`Byrådet godkender
/// …`, `… godkendes`): minutes do, an agenda does not.
pub(crate) fn records_outcome(text: &str) -> bool {
    let words = words(text);
    verb_hits(&words).iter().any(|hit| {
        let form = &*words[hit.first].lower;
        form.ends_with('t')
            || form.ends_with("ede")
            || form.ends_with("te")
            || matches!(form, "tog" | "vedtog" | "traf" | "enighed" | "enige")
    })
}

/// The strongest kind among the hits.
pub(crate) fn strongest(hits: &[VerbHit]) -> Option<DecisionKind> {
    hits.iter().map(|hit| hit.kind).min()
}

/// Words that start a new clause: the actor of a verb stands after the last of them.
fn is_clause_word(word: &str) -> bool {
    matches!(
        word,
        "hvorefter"
            | "at"
            | "da"
            | "når"
            | "fordi"
            | "hvor"
            | "som"
            | "der"
            | "men"
            | "mens"
            | "hvis"
    )
}

/// The actor of the verb at word `verb_idx`: the noun phrase of the clause before it that
/// names a deciding body, as written.
pub(crate) fn actor_before(text: &str, words: &[Word<'_>], verb_idx: usize) -> Option<String> {
    // Clause start: after the last clause word or punctuation mark before the verb.
    let mut clause_start = 0;
    for idx in (0..verb_idx).rev() {
        if is_clause_word(&words[idx].lower) {
            clause_start = idx + 1;
            break;
        }
        let gap = &text[words[idx].end..words[idx + 1].start];
        if gap.contains([',', ';', ':', '–', '(', ')']) {
            clause_start = idx + 1;
            break;
        }
    }
    let body_idx = (clause_start..verb_idx)
        .rev()
        .find(|&idx| words::is_body_word(&words[idx].lower))?;
    let from = if body_idx - clause_start <= 4 {
        clause_start
    } else {
        body_idx
    };
    Some(text[words[from].start..words[body_idx].end].to_owned())
}

/// Whether a sentence states a vote position, a reservation or non-participation rather
/// than a decision.
pub(crate) fn is_vote_position(lower: &str) -> bool {
    static NEEDLES: scan::Needles<12> = scan::Needles::new(VOTE_PHRASES);
    NEEDLES.any_in(lower)
}

/// The decision a sentence records, if any: actor and kind. `lower` is the sentence in
/// lowercase ([`scan::lower`]), which the callers have at hand, and `cues` are those of the
/// sentence or of a text it is part of.
pub(crate) fn sentence_decision(
    sentence: &str,
    lower: &str,
    aligned: Option<&str>,
    cues: Cues,
    meeting: Option<Date>,
) -> Option<(Option<String>, DecisionKind)> {
    // The verb parts only guard the verb table, which is read below: a text that is part
    // of a sentence with a verb part needs no second look.
    if !cues.verb() {
        return None;
    }
    if crate::vocab::SIGN_OFF_LABELS
        .iter()
        .any(|label| lower.starts_with(label))
    {
        return None;
    }
    let words = words_in(sentence, aligned);
    let hits = verb_hits(&words);
    // `Som indstillet.`: approved as proposed, said without a verb.
    if hits.is_empty()
        && crate::vocab::APPROVALS_ALONE.contains(&lower.trim_end_matches(['.', ' ']))
    {
        return Some((None, DecisionKind::Approved));
    }
    let mut kind = strongest(&hits)?;
    let first = hits.iter().map(|hit| hit.first).min()?;
    // `Økonomiudvalget anbefaler overfor Byrådet, at … indstilling godkendes`: the verbs
    // after a recommendation's `at` name what is recommended.
    // `Anbefales godkendt over for Byrådet`, `… anbefaler planen godkendt`: an approving
    // participle within two words after the recommendation is what it recommends.
    if let Some(lead) = hits.iter().find(|hit| hit.first == first)
        && lead.kind == DecisionKind::Recommended
        && (words[lead.last..].iter().any(|word| word.lower == "at")
            || hits.iter().any(|hit| {
                hit.kind == DecisionKind::Approved
                    && (lead.last..=lead.last + 2).contains(&hit.first)
            }))
    {
        kind = DecisionKind::Recommended;
    }
    let actor = actor_before(sentence, &words, first);
    if cues.vote()
        && is_vote_position(lower)
        && !actor
            .as_deref()
            .is_some_and(|a| scan::contains(&scan::lower(a), "flertal"))
    {
        return None;
    }
    // A briefing names who gave it: `Per Skøt og Lis Holm orienterede om …`.
    let briefing =
        || hits.iter().any(|hit| hit.briefing) && sentence.starts_with(char::is_uppercase);
    // `Vi besluttede at …`, `Vi har besluttet …`: informal minutes speak for the body as `vi`.
    let we = || {
        words[first.saturating_sub(2)..first]
            .iter()
            .any(|word| &*word.lower == "vi")
    };
    if actor.is_none() && !hits.iter().any(|hit| hit.passive) && !briefing() && !we() {
        return None;
    }
    // `Forvaltningen orienterer udvalget om status i 2. kvartal`: a briefing promised for a
    // later time is a follow-up, not what the meeting heard.
    // So is one promised for when something is ready (`…, når det foreligger`).
    if hits
        .iter()
        .all(|hit| &*words[hit.first].lower == "orienterer")
        && (words.iter().any(|word| &*word.lower == "når")
            || meeting.is_some_and(|date| crate::dates::find_due(sentence, date).is_some()))
    {
        return None;
    }
    let last_verb = hits.iter().map(|hit| hit.first).max().unwrap_or(first);
    if reports_earlier_date(sentence, &words, last_verb, meeting) {
        return None;
    }
    Some((actor, kind))
}

/// Whether the last explicit date before the verb lies before the meeting: `har … den 10.
/// juni truffet beslutning` reports an earlier decision, it is not this meeting's. A date
/// in an earlier sentence that was not split off (`… kl. 13.30 – 15.30. Det blev aftalt, …`)
/// does not count.
fn reports_earlier_date(
    sentence: &str,
    words: &[Word<'_>],
    verb_idx: usize,
    meeting: Option<Date>,
) -> bool {
    let Some(meeting) = meeting else { return false };
    let mut last = None;
    let mut last_end = 0;
    for idx in 0..verb_idx {
        let Ok(day) = words[idx].lower.parse::<i8>() else {
            continue;
        };
        // `Referatet fra 6. september blev godkendt`, `… fra mødet den 6. januar …`: the
        // date names what is decided on.
        let mut before = idx;
        while before > 0 && matches!(&*words[before - 1].lower, "den" | "d") {
            before -= 1;
        }
        if before > 0 && matches!(&*words[before - 1].lower, "fra" | "af" | "mødet" | "møde") {
            continue;
        }
        let Some(month) = words
            .get(idx + 1)
            .and_then(|w| words::month_number(&w.lower))
        else {
            continue;
        };
        let written_year = words
            .get(idx + 2)
            .and_then(|w| w.lower.parse::<i16>().ok())
            .filter(|y| (1900..=2200).contains(y));
        let year = written_year.unwrap_or(meeting.year());
        if let Ok(date) = Date::new(year, month, day) {
            last = Some(date);
            last_end = words[idx + 1 + usize::from(written_year.is_some())].end;
        }
    }
    let verb_start = words.get(verb_idx).map_or(sentence.len(), |w| w.start);
    let sentence_between = sentence.get(last_end..verb_start).is_some_and(|between| {
        between
            .match_indices(". ")
            .any(|(at, _)| between[at + 2..].starts_with(char::is_uppercase))
    });
    last.is_some_and(|date| date < meeting) && !sentence_between
}

/// What a paragraph that introduces a list says about the entries under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Header {
    /// `Rådmandsmødekredsen`, `Rådmand og chefteam:`: entries decide by their own verbs.
    Actor(String),
    /// `Rådmandsmødekredsen godkendte:`: every entry is a decision of this kind.
    ActorVerb(Option<String>, DecisionKind),
    /// `Chefteamet supplerede med:` or a full sentence ending in a colon: entries are not
    /// decisions.
    Other,
}

/// Filler words after a header verb: `besluttede desuden, at:`.
fn is_filler(word: &str) -> bool {
    matches!(
        word,
        "derudover"
            | "desuden"
            | "også"
            | "endvidere"
            | "herudover"
            | "yderligere"
            | "følgende"
            | "at"
            | "om"
            | "herefter"
            | "endeligt"
            | "enstemmigt"
            | "bl.a"
            | "bl"
            | "a"
            | "blandt"
            | "andet"
            | "samtidig"
            | "således"
            | "herunder"
    )
}

/// Reads a paragraph as a list header, if it is one.
pub(crate) fn header(text: &str) -> Option<Header> {
    header_in(text, None, true)
}

/// [`header`], with the paragraph in lowercase with the same byte offsets at hand;
/// `may_have_verb` is false when the paragraph has no part of a table verb.
pub(crate) fn header_in(text: &str, aligned: Option<&str>, may_have_verb: bool) -> Option<Header> {
    let colon = text.trim_end().ends_with(':');
    if !may_have_verb {
        // Without a verb, only an actor of six words at most or a line ending in a colon is
        // a header: most paragraphs need no more than their first seven words.
        let words = words_up_to(text, aligned, 7);
        if words.len() == 7 && !(colon && words_up_to(text, aligned, 15).len() <= 14) {
            return None;
        }
        return no_verb_header(text, &words, colon);
    }
    // Most paragraphs are longer than a header: stop splitting them at the fifteenth word.
    let words = words_up_to(text, aligned, 15);
    if words.is_empty() || words.len() > 14 {
        return None;
    }
    let hits = verb_hits(&words);
    if hits.is_empty() {
        return no_verb_header(text, &words, colon);
    }
    let last = hits.iter().map(|hit| hit.last).max().unwrap_or(0);
    let first = hits.iter().map(|hit| hit.first).min().unwrap_or(0);
    let rest_empty = words[last..].iter().all(|w| is_filler(&w.lower));
    let actor = actor_before(text, &words, first);
    // Without a colon, only `Actor verb` with nothing after it heads a list; a sentence
    // such as `Status på budget blev drøftet.` is a decision of its own.
    if rest_empty && (colon || (actor.is_some() && !text.trim_end().ends_with('.'))) {
        let kind = strongest(&hits)?;
        return Some(Header::ActorVerb(actor, kind));
    }
    colon.then_some(Header::Other)
}

/// [`header_in`] for a paragraph of one to fourteen words, `words` (or its first seven),
/// without a table verb.
fn no_verb_header(text: &str, words: &[Word<'_>], colon: bool) -> Option<Header> {
    if words.is_empty() {
        return None;
    }
    let is_actor = words.len() <= 6
        && words.iter().any(|w| words::is_body_word(&w.lower))
        && words.iter().all(|w| {
            words::is_body_word(&w.lower)
                || matches!(&*w.lower, "og" | "i" | "et" | "samt" | "den" | "det")
        });
    if is_actor {
        return Some(Header::Actor(text.trim_end_matches([':', ' ']).to_owned()));
    }
    colon.then_some(Header::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(sentence: &str, want: Option<(Option<&str>, DecisionKind)>) {
        let aligned = scan::aligned_lower(sentence);
        let got = sentence_decision(
            sentence,
            &scan::lower(sentence),
            None,
            Cues::ANY,
            Some(jiff::civil::date(2025, 7, 1)),
        );
        let with_aligned = sentence_decision(
            sentence,
            &scan::lower(sentence),
            aligned.as_deref(),
            Cues::of(&scan::lower(sentence)),
            Some(jiff::civil::date(2025, 7, 1)),
        );
        assert_eq!(got, with_aligned, "{sentence}");
        let got = got.as_ref().map(|(a, k)| (a.as_deref(), *k));
        assert_eq!(got, want, "{sentence}");
    }

    #[test]
    fn sentences() {
        use DecisionKind::*;
        check(
            "Kredsen drøftede vigtigheden af afklaring.",
            Some((Some("Kredsen"), Discussed)),
        );
        check("Status på budget blev drøftet.", Some((None, Discussed)));
        check("Godkendt.", Some((None, Approved)));
        check("Drøftede balancen i at der ikke skal vælges.", None);
        check(
            "Parallelt hermed har rådmændene for MSO den 10. juni truffet beslutning om at igangsætte en proces.",
            None,
        );
        check(
            "Udvalget besluttede herefter at udsætte sagens behandling.",
            Some((Some("Udvalget"), Postponed)),
        );
        check(
            "Der var foretræde til sagen, hvorefter udvalget drøftede sagen.",
            Some((Some("udvalget"), Discussed)),
        );
        check(
            "Et flertal i udvalget kunne tiltræde indstillingen.",
            Some((Some("Et flertal i udvalget"), Approved)),
        );
        check("Jakob Hansen tog forbehold.", None);
        check(
            "Socialdemokratiets byrådsgruppe kunne ikke tiltræde indstillingen.",
            None,
        );
        check(
            "Rådmandsmødekredsen modtog en status på frisættelse.",
            Some((Some("Rådmandsmødekredsen"), Noted)),
        );
        check("Herefter drøfter direktionen med strategiske chefer.", None);
        check(
            "Fremsendes til Teknisk Udvalg til behandling.",
            Some((None, Decided)),
        );
    }

    /// Word ranges as the rule states them, one character at a time.
    fn naive_words(text: &str) -> Vec<(usize, usize)> {
        let is_word = |c: char| c.is_alphanumeric() || c == '§';
        let mut out = Vec::new();
        let mut start = None;
        for (idx, c) in text.char_indices() {
            let inner = is_word(c) || (start.is_some() && matches!(c, '-' | '\''));
            match (inner, start) {
                (true, None) => start = Some(idx),
                (false, Some(s)) => {
                    out.push((s, idx));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((s, text.len()));
        }
        out.into_iter()
            .map(|(s, e)| (s, s + text[s..e].trim_end_matches(['-', '\'']).len()))
            .collect()
    }

    #[test]
    fn words_as_the_rule_states() {
        for text in [
            "",
            "  ",
            "Udvalget godkendte indstillingen.",
            "-a- b'' 'c -- § 5, stk. 2 × 3 ÷ 4 æble-øer Å's",
            "2025-2028 – x—y «z» naïve Ærø",
            "日本 語 ǅemal ½ Ⅷ",
        ] {
            let got: Vec<(usize, usize)> = words(text).iter().map(|w| (w.start, w.end)).collect();
            assert_eq!(got, naive_words(text), "{text}");
        }
    }

    #[test]
    fn verb_parts_cover_the_table() {
        for verb in VERBS {
            let text = verb.words.join(" ").replace('*', "");
            assert!(may_have_verb(&text), "{text}");
            assert!(!verb_hits(&words(&text)).is_empty(), "{text}");
        }
        assert!(!may_have_verb("udvalget tog stilling til sagen"));
    }

    fn header(text: &str) -> Option<Header> {
        let got = super::header(text);
        let aligned = scan::aligned_lower(text);
        assert_eq!(got, header_in(text, aligned.as_deref(), true));
        if !may_have_verb(&text.to_lowercase()) {
            assert_eq!(got, header_in(text, aligned.as_deref(), false), "{text}");
        }
        got
    }

    #[test]
    fn headers() {
        use DecisionKind::*;
        assert_eq!(
            header("Rådmandsmødekredsen"),
            Some(Header::Actor("Rådmandsmødekredsen".into()))
        );
        assert_eq!(
            header("Rådmand og chefteam:"),
            Some(Header::Actor("Rådmand og chefteam".into()))
        );
        assert_eq!(
            header("Rådmandsmødekredsen besluttede, at:"),
            Some(Header::ActorVerb(
                Some("Rådmandsmødekredsen".into()),
                Decided
            ))
        );
        assert_eq!(
            header("Rådmandsmødekredsen drøftede derudover:"),
            Some(Header::ActorVerb(
                Some("Rådmandsmødekredsen".into()),
                Discussed
            ))
        );
        assert_eq!(
            header("Rådmandsmødekredsen tog til efterretning at:"),
            Some(Header::ActorVerb(Some("Rådmandsmødekredsen".into()), Noted))
        );
        assert_eq!(header("Chefteamet supplerede med:"), Some(Header::Other));
        assert_eq!(
            header("Rådmanden fik en skriftligt status på følgende indsatser:"),
            Some(Header::Other)
        );
        assert_eq!(header("Kredsen drøftede vigtigheden af afklaring."), None);
        // Without a verb: the word count decides below and above fourteen words.
        assert_eq!(
            header("Der var en række punkter fra mødet i sidste uge:"),
            Some(Header::Other)
        );
        assert_eq!(
            header("Der var en lang række punkter fra mødet i sidste uge og ugen før den igen:"),
            None
        );
        assert_eq!(header("Der var en række punkter fra mødet."), None);
        assert_eq!(
            header("Udvalget og byrådet"),
            Some(Header::Actor("Udvalget og byrådet".into()))
        );
    }
}
