//! Actions: follow-ups with an owner or a time. An action is a list entry ending in its
//! owners (`… – Heidi Have, Tina Storm`), or a sentence that names an owner (`(Otto Ohrt,
//! Jakob Flou)`, `NJ laver tidsplan`, `Hanne Lynghøj Ellerbæk undersøger …`, `status fra
//! Boel`, `Magistratsafdelingen for Teknik og Miljø udarbejder notat`), refers a case on
//! (`Fremsendes til … med henblik på …`), or sets a future time (`senest i oktober`). A wish
//! of the body (`Udvalget ønsker en sag om …`, `idet udvalget ønsker, at …`) is a follow-up
//! with no owner unless one is named; a wish that leads into a list (`Udvalget ønsker, at der
//! fremlægges sager om;` and bullets) gives one follow-up per entry, the lead-in kept.
//!
//! A time alone does not make an action of a sentence that only records a discussion or a
//! briefing (`Udvalget blev orienteret om … i uge 41`), nor does a period of validity (`for
//! perioden 01.09.2025 – 31.12.2026`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use model::{Action, Date, Decision, DecisionKind, Person, Span};

use crate::cues::Cues;
use crate::dates;
use crate::decisions;
use crate::lines::{self, Block};
use crate::people;
use crate::scan;
use crate::vocab::{DUE_LABELS, FORUM_STEMS, OWNER_LABELS, ROLE_UNITS};

/// Actions in a run of blocks.
///
/// Each sentence is read on its own ([`read_sentence`]: its parts, labels, wish and the
/// action it gives), and the pass below links the sentences in order (labels qualify the
/// sentence before, a wish leads a list or takes the sentence after it). In a long item
/// the sentences are all read first, on every core: minutes pasted one after another make
/// one item of thousands of sentences, which no split among items spreads.
pub(crate) fn read(
    blocks: &[&Block],
    decisions: &[Decision],
    meeting_date: Option<Date>,
    known: &[String],
) -> Vec<Action> {
    let mut out = Actions::default();
    let decisions = Decided::new(decisions);
    let mut readings = read_sentences(blocks, &decisions, meeting_date, known);
    let mut read = |block: &Block, sentence_idx: usize, first_sentence: usize| match &mut readings {
        Some(readings) => std::mem::take(&mut readings[first_sentence + sentence_idx]),
        None => read_sentence(block, sentence_idx, &decisions, meeting_date, known),
    };
    let mut first_sentence = 0;
    // The sentence before, which `Ansvarlig:` and `Frist:` lines qualify, and the action it
    // gave, if any.
    let mut previous: Option<Previous> = None;
    let mut lead_in: Option<LeadIn> = None;
    for (block_idx, block) in blocks.iter().enumerate() {
        let block_first_sentence = first_sentence;
        first_sentence += block.sentences.len();
        if let Some(lead) = &mut lead_in {
            let this = (block.level, std::mem::discriminant(&block.marker));
            let first = *lead.first_entry.get_or_insert(this);
            let in_list =
                block.marker != lines::Marker::None && (this == first || block.level > first.0);
            if in_list {
                let action = listed_wish(lead.text, block, meeting_date, known);
                out.push(action);
                previous = None;
                continue;
            }
            lead_in = None;
        }
        if let Some(action) = dash_owners(block, meeting_date, known) {
            let at = out.push(action);
            previous = Some(Previous {
                text: &block.text,
                span: block.span(),
                action: Some(at),
            });
            continue;
        }
        // A list follows: entries after a paragraph, or entries under this one (nested, or
        // bullets under a numbered entry).
        let list_follows = blocks.get(block_idx + 1).is_some_and(|next| {
            next.marker != lines::Marker::None
                && (block.marker == lines::Marker::None
                    || next.level > block.level
                    || std::mem::discriminant(&next.marker)
                        != std::mem::discriminant(&block.marker))
        });
        // The wish the sentence before gave, in this block.
        let mut wish_in_block: Option<usize> = None;
        let n_sentences = block.sentences.len();
        for sentence_idx in 0..n_sentences {
            let parts = read(block, sentence_idx, block_first_sentence);
            let cues = block.sentences[sentence_idx].cues;
            let last_sentence = sentence_idx + 1 == n_sentences;
            let n_parts = parts.len();
            for (part_idx, part) in parts.into_iter().enumerate() {
                let last_part = last_sentence && part_idx + 1 == n_parts;
                let Part {
                    start,
                    end,
                    reading,
                } = part;
                let sentence = &block.text[start..end];
                let span = block.span_of(start, end);
                let action = match reading {
                    Reading::Labelled(owners, due) => {
                        // `Ansvar: …` / `Deadline: …` on lines of their own: the next label
                        // qualifies the same follow-up.
                        let at = attach(&mut out, previous.as_ref(), owners, due, sentence, span);
                        match previous.as_mut() {
                            Some(previous) => previous.action = Some(at),
                            None => {
                                previous = Some(Previous {
                                    text: sentence,
                                    span,
                                    action: Some(at),
                                });
                            }
                        }
                        continue;
                    }
                    Reading::Wish { at, action } => {
                        let text = sentence[at..].trim_end_matches(['.', ' ']);
                        if list_follows && last_part && is_open(text) {
                            lead_in = Some(LeadIn {
                                text: text.trim_end_matches([':', ' ']),
                                first_entry: None,
                            });
                            previous = None;
                            continue;
                        }
                        let at = out.push(action);
                        previous = Some(Previous {
                            text: sentence,
                            span,
                            action: Some(at),
                        });
                        wish_in_block = Some(at);
                        continue;
                    }
                    // Read again where it follows a wish: it may say more about it.
                    Reading::Sentence(None) if wish_in_block.is_some() => sentence_action(
                        sentence,
                        block.aligned_lower(start, end),
                        cues,
                        span,
                        &decisions,
                        meeting_date,
                        known,
                        true,
                    ),
                    Reading::Sentence(action) => action,
                };
                // `Udvalget ønsker en opfølgning … . Mødet skal gerne være i februar …`: a
                // sentence that names no owner of its own, right after a wish, says more
                // about it.
                // One that records a decision of its own (`Sagen genoptages på udvalgets møde
                // den 21. april.`) is a follow-up of its own.
                if let (Some(action), Some(at)) = (&action, wish_in_block)
                    && action.owners.is_empty()
                    && decisions.kind_of(sentence).is_none()
                {
                    let text = format!("{}. {}", out.list[at].text, action.text);
                    out.retext(at, text);
                    let wished = &mut out.list[at];
                    if wished.due.is_none() {
                        wished.due.clone_from(&action.due);
                    }
                    wished.span = wished.span.map(|s| s.to(span));
                    continue;
                }
                wish_in_block = None;
                previous = Some(Previous {
                    text: sentence,
                    span,
                    action: action.map(|action| out.push(action)),
                });
            }
        }
    }
    out.list
}

/// A part of a sentence ([`short_lines`]), bytes `start..end` of its block's text after any
/// lead label, and what it gives read alone.
struct Part {
    start: usize,
    end: usize,
    reading: Reading,
}

/// What a part of a sentence gives read alone.
enum Reading {
    /// The owners and due of an `Ansvarlig:`/`Frist:` sentence, for the sentence before.
    Labelled(Vec<Person>, Option<model::Due>),
    /// A wish starting at byte `at` of the part, and the follow-up it gives.
    Wish { at: usize, action: Action },
    /// The action of a sentence that does not follow a wish.
    Sentence(Option<Action>),
}

/// The parts of every sentence of `blocks`, in order, each read alone: the work of [`read`]
/// that does not depend on the sentences before, spread over the cores; None for a run too
/// short to spread, whose sentences [`read`] reads as it comes to them (and not those of
/// the entries it reads otherwise).
fn read_sentences(
    blocks: &[&Block],
    decisions: &Decided,
    meeting_date: Option<Date>,
    known: &[String],
) -> Option<Vec<Vec<Part>>> {
    let total: usize = blocks.iter().map(|block| block.text.len()).sum();
    if !crate::par::spreads(total) {
        return None;
    }
    let sentences: Vec<(&Block, usize)> = blocks
        .iter()
        .flat_map(|&block| (0..block.sentences.len()).map(move |idx| (block, idx)))
        .collect();
    Some(crate::par::map(
        sentences,
        |&(block, idx)| {
            let sentence = &block.sentences[idx];
            sentence.end - sentence.start
        },
        |(block, idx)| read_sentence(block, idx, decisions, meeting_date, known),
    ))
}

/// The parts of sentence `sentence_idx` of `block`, each read alone (see [`read`]).
fn read_sentence(
    block: &Block,
    sentence_idx: usize,
    decisions: &Decided,
    meeting_date: Option<Date>,
    known: &[String],
) -> Vec<Part> {
    let lines::Sentence { start, end, cues } = block.sentences[sentence_idx];
    // The line where the sentence before ended: the first not before its end.
    let before_end = sentence_idx
        .checked_sub(1)
        .map_or(0, |before| block.sentences[before].end);
    let line_at = block
        .starts
        .partition_point(|&(offset, _, _)| offset < before_end);
    let mut parts = Vec::new();
    short_lines(block, start, end, line_at, known, &mut parts);
    parts
        .into_iter()
        .map(|(start, end)| {
            let start = start + lead_label(&block.text[start..end], known);
            let span = block.span_of(start, end);
            let reading = read_part(
                block,
                start,
                end,
                cues,
                span,
                decisions,
                meeting_date,
                known,
            );
            Part {
                start,
                end,
                reading,
            }
        })
        .collect()
}

/// What bytes `start..end` of `block`, a part of a sentence with `cues`, give read alone.
#[expect(
    clippy::too_many_arguments,
    reason = "the part and its context, read once"
)]
fn read_part(
    block: &Block,
    start: usize,
    end: usize,
    cues: Cues,
    span: Span,
    decisions: &Decided,
    meeting_date: Option<Date>,
    known: &[String],
) -> Reading {
    let sentence = &block.text[start..end];
    if let Some((owners, due)) = labelled(sentence, cues, meeting_date, known) {
        return Reading::Labelled(owners, due);
    }
    let wish_at = cues
        .wish()
        .then(|| wish_start(sentence, block.aligned_lower(start, end)))
        .flatten();
    // `Næste udvalgsmøde ønskes afholdt i …`: where a meeting is held, wished.
    let wish_at = wish_at.filter(|_| {
        let lower = block
            .aligned_lower(start, end)
            .map_or_else(|| scan::lower(sentence), Cow::Borrowed);
        !is_meeting_notice(&lower)
    });
    // The follow-up the whole sentence gives, read as any other sentence.
    let as_sentence = || {
        sentence_action(
            sentence,
            block.aligned_lower(start, end),
            cues,
            span,
            decisions,
            meeting_date,
            known,
            false,
        )
    };
    if let Some(at) = wish_at {
        let text = sentence[at..].trim_end_matches(['.', ' ']);
        // `… foreslog, at sagen genoptages til februar, idet byrådet ønsker at afvente …`:
        // where the sentence gives a follow-up before the wish, that is it.
        let whole = (at > 0).then(as_sentence).flatten();
        let action = whole.unwrap_or_else(|| wish(text, span, meeting_date, known));
        return Reading::Wish { at, action };
    }
    Reading::Sentence(as_sentence())
}

/// A line shorter than this that ends without a mark is a statement of its own, not a
/// line wrapped because it was full.
const SHORT_LINE: usize = 60;

/// The first `max` bytes of `text`, cut back to a character boundary.
fn head_of(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A line shorter than this, ending without a mark, is a statement of its own when the next
/// line starts with its owner and a working verb: a list of follow-ups, one a line.
const OWNED_LINE: usize = 100;

/// Splits the sentence `start..end` of `block` into `parts` where a short line without a
/// closing mark is followed by a line that starts with a capital (`Steen, opdaterer
/// hjemmesiden` / `Anne laver forslag …`: one follow-up a line), or a line up to
/// [`OWNED_LINE`] long by a line led by its owner (`Steen, opdaterer hjemmesiden og udsender
/// mail til alle medlemmer` / `Anne laver …`); `line_at` is the first of `block.starts` not
/// before `start`, and the one after `end` is returned.
fn short_lines(
    block: &Block,
    start: usize,
    end: usize,
    mut line_at: usize,
    known: &[String],
    parts: &mut Vec<(usize, usize)>,
) -> usize {
    parts.clear();
    let mut from = start;
    while let Some(&(offset, _, _)) = block.starts.get(line_at) {
        if offset >= end {
            break;
        }
        line_at += 1;
        if offset <= from {
            continue;
        }
        let before = block.text[..offset].trim_end();
        let line_start = block
            .starts
            .get(line_at.wrapping_sub(2))
            .map_or(0, |&(at, _, _)| at);
        let length = before.len().saturating_sub(line_start);
        let open = !before.ends_with(|c: char| c.is_ascii_punctuation() || c == '–');
        let next = &block.text[offset..];
        // `Ansvarlig: X` / `Frist: …` lines are read together.
        let label = memchr::memchr(b':', &next.as_bytes()[..next.len().min(16)]).is_some();
        let short = length < SHORT_LINE
            || length < OWNED_LINE
                && open
                && next.starts_with(char::is_uppercase)
                && !subject_owner(head_of(next, 120), known).is_empty();
        if short && open && !label && next.starts_with(char::is_uppercase) {
            parts.push((from, before.len()));
            from = offset;
        }
    }
    parts.push((from, end));
    line_at
}

/// The decisions of the blocks read, and the kind found for each sentence asked about:
/// minutes pasted one after another ask about the same sentences thousands of times, and
/// each question compares the sentence with every decision.
struct Decided<'a> {
    decisions: &'a [Decision],
    kinds: Mutex<HashMap<String, Option<DecisionKind>>>,
}

impl<'a> Decided<'a> {
    fn new(decisions: &'a [Decision]) -> Decided<'a> {
        Decided {
            decisions,
            kinds: Mutex::default(),
        }
    }

    /// The kinds found so far; the sentences are read on several threads.
    fn kinds(&self) -> MutexGuard<'_, HashMap<String, Option<DecisionKind>>> {
        // A cache: what a panicking thread left in it is still right.
        self.kinds.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The kind of the first decision whose text holds the sentence or is held in it.
    fn kind_of(&self, text: &str) -> Option<DecisionKind> {
        if self.decisions.is_empty() {
            return None;
        }
        if let Some(&kind) = self.kinds().get(text) {
            return kind;
        }
        let kind = self
            .decisions
            .iter()
            .find(|d| {
                scan::contains(&d.text, text) || scan::contains(text, d.text.trim_end_matches('.'))
            })
            .map(|d| d.kind);
        self.kinds().insert(text.to_owned(), kind);
        kind
    }
}

/// A wish that the list entries below it complete (`Udvalget ønsker at` + `• …`).
struct LeadIn<'a> {
    text: &'a str,
    /// The level and kind of marker of the first entry: the list ends at a block of another.
    first_entry: Option<(usize, std::mem::Discriminant<lines::Marker>)>,
}

/// A sentence read for actions, and the index of the action it gave.
struct Previous<'a> {
    text: &'a str,
    span: Span,
    action: Option<usize>,
}

/// The actions read so far, and where each text is among them: an item with thousands of
/// actions (minutes pasted one after another) made the search for a text cost time in the
/// square of their number.
#[derive(Default)]
struct Actions {
    list: Vec<Action>,
    by_text: HashMap<String, usize>,
}

impl Actions {
    /// Adds `action` unless an action with its text is there; its index either way.
    fn push(&mut self, action: Action) -> usize {
        if let Some(&at) = self.by_text.get(&action.text) {
            return at;
        }
        self.by_text.insert(action.text.clone(), self.list.len());
        self.list.push(action);
        self.list.len() - 1
    }

    /// Gives the action at `at` a new text.
    fn retext(&mut self, at: usize, text: String) {
        let old = std::mem::replace(&mut self.list[at].text, text);
        if self.by_text.get(&old) == Some(&at) {
            self.by_text.remove(&old);
        }
        self.by_text.entry(self.list[at].text.clone()).or_insert(at);
    }
}

/// The owners and due of a sentence that starts with an owner or a due label; it may hold
/// both (`Ansvarlig: Henrik Dahl Frist: 15. oktober 2025`, as wrapped lines join).
fn labelled(
    sentence: &str,
    cues: Cues,
    meeting_date: Option<Date>,
    known: &[String],
) -> Option<(Vec<Person>, Option<model::Due>)> {
    if cues.responsibility()
        && let Some((owners, false)) = responsible(sentence, known)
    {
        return Some((owners, None));
    }
    if !lines::is_owner_or_due_label(sentence) {
        return None;
    }
    let find = |labels: &[&str]| {
        labels
            .iter()
            .filter_map(|label| Some((scan::find_ascii_ci(sentence, label)?, label.len())))
            .min()
    };
    // One of them is at the start.
    let owner_at = find(OWNER_LABELS);
    let due_at = find(DUE_LABELS);
    // A label's value runs to the other label or to the end.
    let value = |at: Option<(usize, usize)>, other: Option<(usize, usize)>| {
        at.map(|(at, len)| {
            let end = other
                .map(|(other, _)| other)
                .filter(|&other| other > at)
                .unwrap_or(sentence.len());
            sentence[at + len..end]
                .trim()
                .trim_end_matches(['.', ',', ';', ' '])
        })
    };
    let owners = value(owner_at, due_at)
        .filter(|text| !text.is_empty())
        .map(|text| owners_named(text, known))
        .unwrap_or_default();
    let due = value(due_at, owner_at)
        .filter(|text| !text.is_empty())
        .map(|text| {
            meeting_date
                .and_then(|date| {
                    // `Frist: 1/12`: the label says `by`, so a bare day and month that needs a
                    // word such as `senest` to read as a date is one here.
                    dates::find_due(text, date).or_else(|| {
                        let mut due = dates::find_due(&format!("senest {text}"), date)?;
                        due.text = text.to_owned();
                        Some(due)
                    })
                })
                .unwrap_or_else(|| model::Due {
                    text: text.to_owned(),
                    from: None,
                    by: None,
                    recurring: None,
                })
        });
    (!owners.is_empty() || due.is_some()).then_some((owners, due))
}

/// The length of a label that leads a sentence of its own (`Opfølgning: Lone Berg laver
/// …`, `Bustrafik: Aksel Holt kontakter …`, `Ansvarlig: Camilla Westh lægger …`): what
/// follows is read as the sentence, so that its subject can own it. Owner labels naming
/// only their owners (`Ansvarlig: Sekretariatet`), due labels and a person's name before a
/// colon (`Anne Holm: sender …`, her task) are not skipped.
fn lead_label(sentence: &str, known: &[String]) -> usize {
    let head = head_of(sentence, 40);
    let Some(colon) = memchr::memchr(b':', head.as_bytes()) else {
        return 0;
    };
    let label = &sentence[..colon];
    let rest = sentence[colon + 1..].trim_start();
    if !label.starts_with(char::is_uppercase)
        || !rest.starts_with(char::is_uppercase)
        || label.contains(|c: char| c.is_ascii_digit())
        || scan::split_whitespace(label).nth(2).is_some()
        || is_person(label, known)
        // `Referent: Lise Kvist Dirigent: Kim Lauritsen`: labels in a row.
        || memchr::memchr(b':', head_of(rest, 40).as_bytes()).is_some()
    {
        return 0;
    }
    let lower = scan::lower(label);
    let named = |labels: &[&str]| labels.iter().any(|l| l.strip_suffix(':') == Some(&*lower));
    // `Næste møde: Tirsdag d. 9/4 …` is a notice of the next meeting, read whole.
    if named(DUE_LABELS)
        || named(OWNER_LABELS) && subject_owner(rest, known).is_empty()
        || is_meeting_notice(&scan::lower(sentence))
    {
        return 0;
    }
    sentence.len() - rest.len()
}

/// `Sofie Lind er ansvarlig.`, `Jens Hansen og Ida Berg har ansvaret for …`, `Ida Berg er
/// tovholder på …`: the people named as responsible, and whether the sentence says for
/// what (else it is about the sentence before).
fn responsible(sentence: &str, known: &[String]) -> Option<(Vec<Person>, bool)> {
    const PHRASES: [&str; 5] = [
        " er ansvarlig",
        " er ansvarlige",
        " har ansvaret",
        " er tovholder",
        " er tovholdere",
    ];
    // Names start a sentence with a capital, and the phrase is short: most sentences are
    // turned away by a look for ` er ` or ` har ` among their first words.
    if !sentence.starts_with(char::is_uppercase) {
        return None;
    }
    let head_len = sentence.len().min(80);
    let head = sentence.get(..head_len).unwrap_or(sentence);
    if !scan::contains(head, " er ") && !scan::contains(head, " har ") {
        return None;
    }
    // `X er indtil videre tovholder på …`: a few words may stand between `er` and the role.
    const ADVERBS: [&str; 6] = [
        "indtil videre ",
        "fortsat ",
        "stadig ",
        "også ",
        "fremover ",
        "nu ",
    ];
    let with_adverb = scan::find(head, " er ").and_then(|at| {
        let mut rest = &sentence[at + " er ".len()..];
        let mut skipped = false;
        while let Some(adverb) = ADVERBS.iter().find(|adverb| rest.starts_with(*adverb)) {
            rest = &rest[adverb.len()..];
            skipped = true;
        }
        let role = ["ansvarlige", "ansvarlig", "tovholdere", "tovholder"]
            .iter()
            .find(|role| rest.starts_with(*role))?;
        skipped.then(|| (at, sentence.len() - rest.len() + role.len() - at))
    });
    let (at, phrase_len) = with_adverb.or_else(|| {
        PHRASES
            .iter()
            .filter_map(|phrase| Some((scan::find(sentence, phrase)?, phrase.len())))
            .min()
    })?;
    let rest = sentence[at + phrase_len..].trim_end_matches(['.', ' ']);
    // `ansvarlig` is the whole word: not `ansvarligheden`.
    if rest.starts_with(char::is_alphabetic) {
        return None;
    }
    let object = match rest.trim_start() {
        "" => false,
        rest if rest.starts_with("for ") || rest.starts_with("på ") => true,
        _ => return None,
    };
    let owners = name_list(&sentence[..at], known)?;
    Some((owners, object))
}

/// Gives the owners and due of an `Ansvarlig:`/`Frist:` sentence to the sentence before it:
/// to the action that sentence gave, where they are missing, or as a new action with the
/// sentence's text. Without a sentence before, the labelled sentence is the action. The
/// action's place in `out`.
fn attach(
    out: &mut Actions,
    previous: Option<&Previous>,
    owners: Vec<Person>,
    due: Option<model::Due>,
    sentence: &str,
    span: Span,
) -> usize {
    let owners = with_span(owners, span);
    if let Some(at) = previous.and_then(|p| p.action) {
        let action = &mut out.list[at];
        for owner in owners {
            if !action
                .owners
                .iter()
                .any(|o| o.as_written == owner.as_written)
            {
                action.owners.push(owner);
            }
        }
        if action.due.is_none() {
            action.due = due;
        }
        action.span = action.span.map(|s| s.to(span));
        return at;
    }
    let (text, from) = match previous {
        Some(previous) => (previous.text, previous.span),
        None => (sentence, span),
    };
    out.push(Action {
        text: text.trim_end_matches(['.', ' ', ':']).to_owned(),
        owners,
        due,
        forum: None,
        span: Some(from.to(span)),
    })
}

/// `Samle ledelsen … – Heidi Have, Tina Storm`: a list entry whose last dash part names
/// its owners.
fn dash_owners(block: &Block, meeting_date: Option<Date>, known: &[String]) -> Option<Action> {
    let text = block.text.trim_end_matches(['.', ' ']);
    let (pos, dash) = last_dash(text).or_else(|| scan::rfind(text, " - ").map(|p| (p + 1, '-')))?;
    let head = text[..pos].trim();
    let tail = text[pos + dash.len_utf8()..].trim();
    if head.is_empty() || tail.is_empty() {
        return None;
    }
    let owners = name_list(tail, known)?;
    // `Indhente tilbud inden 1. maj – Carla Friis`.
    let due = meeting_date
        .and_then(|date| dates::find_due(head, date))
        .filter(|due| !is_period(&scan::lower(head), &due.text));
    Some(Action {
        text: head.to_owned(),
        owners: with_span(owners, block.span()),
        due,
        forum: None,
        span: Some(block.span()),
    })
}

/// The last en or em dash of `text` (U+2013, U+2014: `E2 80 93`, `E2 80 94` in UTF-8).
fn last_dash(text: &str) -> Option<(usize, char)> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(pos) = memchr::memrchr(0xE2, &bytes[..end]) {
        match bytes.get(pos + 1..pos + 3) {
            Some([0x80, 0x93]) => return Some((pos, '–')),
            Some([0x80, 0x94]) => return Some((pos, '—')),
            _ => end = pos,
        }
    }
    None
}

/// Reads `text` as a list of person names; None unless every part is one.
fn name_list(text: &str, known: &[String]) -> Option<Vec<Person>> {
    // Check the names before making any Person of them.
    let mut any = false;
    let all_names = people::list_names(text, |name| {
        any = true;
        is_person(name, known)
    });
    (any && all_names).then(|| people::parse_list(text, None))
}

/// A person's name: two or more capitalised words, or a short form of someone known.
fn is_person(written: &str, known: &[String]) -> bool {
    if !people::looks_like_name(written) {
        return false;
    }
    let words = crate::scan::split_whitespace(written).count();
    if words >= 2 {
        // Not an organisation or a place either (`(Skovbo Allé)`, `(Danske Regioner)`).
        return !crate::scan::split_whitespace(written).any(crate::words::is_body_word)
            && crate::attendance::is_person(written);
    }
    people::resolve(written, known.iter().map(String::as_str)).is_some()
}

/// [`is_person`], or a common first name alone as the subject of a working verb (`Birgit
/// finder en dato`, `Anne og Kjeld foretager …`): minutes of small bodies name members by
/// their first names, also ones the list of those present leaves out. Only as a subject:
/// `En orientering v. Julie` tells who briefed the meeting.
fn is_subject_person(written: &str, known: &[String]) -> bool {
    is_person(written, known)
        || (people::looks_like_name(written) && crate::words::is_first_name(written))
}

fn with_span(mut people: Vec<Person>, span: Span) -> Vec<Person> {
    for person in &mut people {
        person.span = Some(span);
    }
    people
}

/// The action a sentence records, if any; `aligned` is the sentence in lowercase with the
/// same byte offsets, when the block has it, and `cues` are the sentence's.
/// `after_wish`: the sentence follows a wish in its block, which it may say more about
/// (`Mødet skal gerne være i februar`), so it is read for its due even where it would give
/// no follow-up of its own.
#[expect(
    clippy::too_many_arguments,
    reason = "the sentence and its context, read once"
)]
fn sentence_action(
    sentence: &str,
    aligned: Option<&str>,
    cues: Cues,
    span: Span,
    decisions: &Decided,
    meeting_date: Option<Date>,
    known: &[String],
    after_wish: bool,
) -> Option<Action> {
    // A question (`Punkter til næste møde?`) asks the meeting; it assigns nothing.
    if sentence.trim_end().ends_with('?') {
        return None;
    }
    let text = sentence.trim_end_matches(['.', ' ', ':']);
    let aligned = aligned.map(|lower| &lower[..text.len()]);
    let lower = aligned.map_or_else(|| scan::lower(text), Cow::Borrowed);
    // Vote positions and absences qualify a decision; they ask nothing of anyone.
    if cues.vote() && decisions::is_vote_position(&lower) {
        return None;
    }
    // `Se bilag fra kalenderen uge 49 - 51`: a pointer to material, not work.
    let pointer = ["se bilag", "se vedlagt", "se evt", "se også", "se referat"]
        .iter()
        .any(|see| lower.starts_with(see));
    if is_meeting_notice(&lower) || is_tally(&lower) || pointer || is_withdrawal(&lower) {
        return None;
    }
    let due = meeting_date
        .and_then(|date| dates::find_due_in(text, aligned, date))
        .filter(|due| !is_period(&lower, &due.text) && !is_stamp(&lower, &due.text));
    let mut owners = paren_owners(text, known);
    // `Formanden indhenter et tilbud. (HJ)`: the person in brackets at the end holds the
    // office the sentence names.
    let bracketed_last = text.ends_with(')') && !owners.is_empty();
    owners.extend(colon_owners(text, known));
    owners.extend(
        subject_owner(text, known)
            .into_iter()
            .filter(|p| !(bracketed_last && crate::attendance::is_definite_role(&p.as_written))),
    );
    owners.extend(agent_owner(text, known));
    if owners.is_empty() {
        owners.extend(agreed_owner(text, &lower, known));
    }
    if owners.is_empty() {
        owners.extend(assigned_owner(text, &lower, known));
    }
    if owners.is_empty() {
        owners.extend(body_owner(text));
    }
    if owners.is_empty() {
        owners.extend(requested_owner(text));
    }
    if owners.is_empty()
        && cues.responsibility()
        && let Some((named, true)) = responsible(text, known)
    {
        owners = named;
    }
    // `status fra Boel på næste direktørmøde` names who reports back; `En orientering v.
    // Julie`, with no time and no other owner, is the briefing the meeting heard.
    if due.is_some() || !owners.is_empty() {
        owners.extend(from_owner(text, cues, known));
    }
    if cues.role_unit() {
        owners.extend(role_unit_owner(text, aligned));
    }
    let referral = referral_target(text, &lower);
    if let Some((target, with_purpose)) = &referral
        && *with_purpose
    {
        owners.extend(
            split_units(target)
                .into_iter()
                .map(|unit| Person::written(unit, None)),
        );
    }
    let mut seen = Vec::new();
    owners.retain(|p| {
        let fresh = !seen.contains(&p.as_written);
        seen.push(p.as_written.clone());
        fresh
    });
    // What the sentence records as a decision matters only for its due.
    let kind = due
        .as_ref()
        .and_then(|_| decision_kind(text, &lower, aligned, cues, decisions, meeting_date));
    let briefing = due.is_some()
        && (reports_briefing(&lower)
            || matches!(kind, Some(DecisionKind::Noted | DecisionKind::Discussed)));
    let due_counts = due.is_some() && !briefing;
    if owners.is_empty() && referral.is_none() {
        if !due_counts {
            return None;
        }
        // `Udskudt til næste møde.`: a postponement says when the case returns, not who does
        // what by then.
        if kind == Some(DecisionKind::Postponed) && due.as_ref().is_some_and(|d| d.by.is_none()) {
            return None;
        }
        // `Flere huller i vejen efter vinteren`: a time after which, with no one to act and
        // no last day, tells when something happened or holds.
        if due
            .as_ref()
            .is_some_and(|due| due.by.is_none() && due.from.is_some())
        {
            return None;
        }
        // A date alone (`31. august`, `Ungerådsmøde d. 9. juni`) names no work.
        if due
            .as_ref()
            .is_some_and(|due| words_besides(&lower, &due.text) < 2)
        {
            return None;
        }
    }
    // `Trine Madsen orienterede om ny lovgivning`: information given to the meeting.
    if due.is_none() && referral.is_none() && reports_briefing(&lower) {
        return None;
    }
    // `Administrationen forbereder nu, at …`: what is under way, told as a status.
    if due.is_none() && referral.is_none() && {
        let mut words = scan::split_whitespace(&lower).skip(1);
        words.next().is_some_and(|verb| verb.ends_with("er"))
            && words
                .next()
                .is_some_and(|word| word.trim_end_matches(',') == "nu")
    } {
        return None;
    }
    // A time alone, where the sentence recommends to another body, tells when or where a
    // meeting is held, invites, forecasts, moves a motion or dates a line of a plan.
    if owners.is_empty()
        && referral.is_none()
        && !after_wish
        && (kind == Some(DecisionKind::Recommended) && !has_remark(&lower)
            || is_not_a_follow_up(&lower, due.as_ref()))
    {
        return None;
    }
    let forum = referral
        .map(|(target, _)| target)
        .or_else(|| forum(text, aligned, cues));
    Some(Action {
        text: text.to_owned(),
        owners: with_span(owners, span),
        due: if briefing { None } else { due },
        forum,
        span: Some(span),
    })
}

/// `Kommunalbestyrelsen bad Teknik og Miljø om at undersøge …`: whom the body asked to do
/// the work (a unit or a person, capitalised, or a unit named by its role).
fn requested_owner(text: &str) -> Option<Person> {
    let at = scan::find(text, " bad ")?;
    let rest = &text[at + " bad ".len()..];
    let end = scan::find(rest, " om ")?;
    let asked = rest[..end].trim();
    let fits = scan::split_whitespace(asked).count() <= 5
        && (asked.starts_with(char::is_uppercase) || ROLE_UNITS.contains(&asked));
    fits.then(|| Person::written(asked, None))
}

/// Words that may stand between a body and its `ønsker` (`Udvalget ønsker derudover, at …`)
/// or lead the clause of an inverted wish (`Herudover ønsker udvalget …`).
fn is_wish_adverb(word: &str) -> bool {
    matches!(
        word,
        "også"
            | "derudover"
            | "endvidere"
            | "desuden"
            | "herudover"
            | "dog"
            | "samtidig"
            | "fortsat"
            | "endelig"
            | "derfor"
            | "gerne"
            | "i"
            | "stedet"
    )
}

/// The infinitive after `ønsker at` that asks nobody for work: signing up (`deltage`), and
/// thanks and praise given at the meeting (`Udvalget ønsker at anerkende …`, `… at takke`).
fn is_wish_of_no_work(verb: &str) -> bool {
    matches!(
        verb,
        "deltage" | "anerkende" | "takke" | "rose" | "kvittere" | "udtrykke" | "hilse"
    )
}

/// `Udvalget ønsker en sag om …`, `… idet udvalget ønsker, at …`, `Herudover ønsker udvalget
/// at få forelagt …`, `Udvalget er glad for projektet og ønsker en opfølgende sag`: a wish
/// of the deciding body, which asks for work. The byte offset in `text` where the wish
/// begins: at its subject (with the capitalised words of a body's name before it:
/// `Plan- og Tryghedsudvalget`), or at the adverb that leads an inverted wish. None for a
/// wish that is negated (`Udvalget ønsker ikke …`) or not the body's (`borgere, der ønsker
/// …`, `Enhedslisten ønsker at hæve skatten`).
fn wish_start(text: &str, aligned: Option<&str>) -> Option<usize> {
    let words = decisions::words_in(text, aligned);
    // The present tense only: decisions are written in it (`Udvalget ønsker …`), while a
    // past `ønskede` in informal minutes reports what was said in the discussion.
    let verb = words.iter().position(|word| word.lower == "ønsker")?;
    let mut after = words[verb + 1..]
        .iter()
        .skip_while(|word| is_wish_adverb(&word.lower));
    let next = after.next();
    // `ønsker udvalget for nuværende ikke at fastsætte måltal`: negated after the body.
    let negated_after_body = words[verb + 1..]
        .iter()
        .take(5)
        .find(|word| {
            !(crate::words::is_body_word(&word.lower)
                || is_wish_adverb(&word.lower)
                || matches!(
                    &*word.lower,
                    "for" | "nuværende" | "p.t." | "pt" | "indtil" | "videre"
                ))
        })
        .is_some_and(|word| word.lower == "ikke");
    // `Udvalget ønsker ikke …`; `Udvalget ønsker at deltage i KL's forum`, a sign-up.
    if negated_after_body
        || next.is_some_and(|word| word.lower == "ikke")
        || next.is_some_and(|word| word.lower == "at")
            && after
                .next()
                .is_some_and(|word| is_wish_of_no_work(&word.lower))
    {
        return None;
    }
    let mut before = words[..verb]
        .iter()
        .enumerate()
        .rev()
        .skip_while(|(_, word)| is_wish_adverb(&word.lower));
    match before.next() {
        Some((_, word)) if word.lower == "ikke" => None,
        Some((subject, word)) if crate::words::is_body_word(&word.lower) => {
            // Back over the rest of a name such as `Skole-, Børne- og Ungeudvalget`, up to
            // punctuation other than the hyphens and commas inside it.
            let mut start = subject;
            while start > 0 {
                let prev = &words[start - 1];
                let gap = &text[prev.end..words[start].start];
                let in_name = gap.trim().is_empty() || gap == "-, " || gap == "- ";
                let capitalised = text[prev.start..].starts_with(char::is_uppercase);
                if !in_name || !(capitalised || prev.lower == "og") {
                    break;
                }
                start -= 1;
            }
            // A name does not start with `og`.
            while words[start].lower == "og" && start < subject {
                start += 1;
            }
            Some(words[start].start)
        }
        // `udvalget på et senere møde ønsker …`: the body a few words back in the clause.
        Some((near, _))
            if let Some(subject) = (near.saturating_sub(4)..near).rev().find(|&idx| {
                crate::words::is_body_word(&words[idx].lower)
                    && !text[words[idx].end..words[verb].start].contains([',', '.', ';', ':'])
            }) =>
        {
            Some(words[subject].start)
        }
        // `… og ønsker en sag`, with the body as the sentence's subject.
        Some((_, word)) if word.lower == "og" && crate::words::is_body_word(&words[0].lower) => {
            Some(words[0].start)
        }
        _ => {
            // `Herudover ønsker udvalget …`: the body right after the verb.
            if !next.is_some_and(|word| crate::words::is_body_word(&word.lower)) {
                return None;
            }
            let lead = words[..verb]
                .iter()
                .rev()
                .take_while(|word| is_wish_adverb(&word.lower))
                .last();
            Some(lead.map_or(words[verb].start, |word| word.start))
        }
    }
}

/// Whether a wish stops where a list should complete it: `… sager om;`, `… følgende:`,
/// `… ønsker at`.
fn is_open(wish: &str) -> bool {
    let wish = wish.trim_end();
    if wish.ends_with([':', ';']) {
        return true;
    }
    let last = wish.rsplit(' ').next().unwrap_or(wish);
    // `Udvalget ønsker` and `Udvalget ønsker desuden` over a list: the wish without its
    // object, which each entry gives.
    matches!(last, "at" | "om" | "med" | "ønsker")
        || is_wish_adverb(last) && wish.split(' ').any(|word| word == "ønsker")
}

/// The follow-up a wish gives: owners only where it names them (`Udvalget ønsker, at
/// administrationen undersøger …`), its due, and where it comes back.
fn wish(text: &str, span: Span, meeting_date: Option<Date>, known: &[String]) -> Action {
    let lower = scan::lower(text);
    let mut owners = paren_owners(text, known);
    owners.extend(role_unit_owner(text, None));
    let due = meeting_date
        .and_then(|date| dates::find_due(text, date))
        .filter(|due| !is_period(&lower, &due.text));
    Action {
        text: text.to_owned(),
        owners: with_span(owners, span),
        due,
        forum: forum(text, None, Cues::ANY),
        span: Some(span),
    }
}

/// One entry of a list a wish leads into: the wish and the entry as one follow-up
/// (`Udvalget ønsker, at der fremlægges sager om; Status på overgange`).
fn listed_wish(lead: &str, entry: &Block, meeting_date: Option<Date>, known: &[String]) -> Action {
    let entry_text = entry.text.trim_end_matches(['.', ' ', ';']);
    let text = format!("{lead} {entry_text}");
    let mut action = wish(&text, entry.span(), meeting_date, known);
    // The entry's own time, not one in the lead-in that all entries share.
    action.due = meeting_date
        .and_then(|date| dates::find_due(entry_text, date))
        .filter(|due| !is_period(&scan::lower(entry_text), &due.text))
        .or(action.due);
    action
}

/// Words that open a phrase of time or place between a subject and its verb.
const PHRASE_OPENERS: [&str; 7] = ["på", "i", "til", "inden", "senest", "efter", "før"];

/// Verbs in the present tense that report or judge rather than do work: `Administrationen
/// oplyser, at …` is information given to the meeting.
fn is_report_verb(word: &str) -> bool {
    matches!(
        word,
        "oplyser"
            | "minder"
            | "orienterer"
            | "bemærker"
            | "vurderer"
            | "forventer"
            | "mener"
            | "understreger"
            | "fremhæver"
            | "anbefaler"
            | "indstiller"
            | "foreslår"
            | "beklager"
            | "besvarer"
    )
}

/// `Administrationen undersøger …`, `… med bemærkning om, at administrationen gennemgår
/// kalenderen …`: a unit named by its role ([`ROLE_UNITS`]) as the subject of a verb in the
/// present tense that does work, at the start of the sentence or of an `at` clause.
fn role_unit_owner(text: &str, aligned: Option<&str>) -> Option<Person> {
    let words = decisions::words_in(text, aligned);
    words.iter().enumerate().find_map(|(idx, word)| {
        if !ROLE_UNITS.contains(&word.lower.as_str()) {
            return None;
        }
        // At the start of a clause: `… at administrationen …`, `…, idet administrationen
        // bedes …`.
        if idx > 0 && !matches!(words[idx - 1].lower.as_str(), "at" | "idet" | "og") {
            return None;
        }
        // The present tense ends in `-er`, or in `-r` after a long vowel (`gennemgår`,
        // `udsender`, `gør`).
        let is_present = |verb: &decisions::Word<'_>| {
            is_verb_er(&verb.lower)
                || ["går", "står", "får", "gør"]
                    .iter()
                    .any(|ending| verb.lower.ends_with(ending))
        };
        let mut verb = words.get(idx + 1)?;
        // `…, idet forvaltningen på byrådets møde i oktober fremlægger en plan`: a phrase of
        // time or place may stand between the subject and its verb in a clause.
        if PHRASE_OPENERS.contains(&verb.lower.as_str())
            && let Some(later) = words[idx + 2..]
                .iter()
                .take(6)
                .take_while(|later| !matches!(later.lower.as_str(), "at" | "som" | "der" | "og"))
                .find(|later| is_present(later))
            && !text[word.end..later.start].contains([',', '.', ';', ':'])
        {
            verb = later;
        }
        let present = is_present(verb);
        // `Administrationen bedes udarbejde …`: asked to, which is work as well.
        // `Administrationen bemyndiges til at …`, `… anmodes om at …`: so is being charged.
        let asked = matches!(
            verb.lower.as_str(),
            "skal" | "bedes" | "anmodes" | "pålægges" | "bemyndiges"
        );
        let works = (present || asked) && !is_report_verb(&verb.lower);
        works.then(|| Person::written(&text[word.start..word.end], None))
    })
}

/// `Næste møde afholdes den 4. december`, `Næste ledermøde er 12. januar kl. 9`, `Første
/// møde afholdes den 31.8.`, `Møde d. 19. maj: planlægning …`: when a meeting is, which asks
/// nothing of anyone.
fn is_meeting_notice(lower: &str) -> bool {
    let mut words = scan::split_whitespace(lower);
    let Some(mut word) = words.next() else {
        return false;
    };
    if matches!(
        word,
        "næste" | "første" | "kommende" | "sidste" | "et" | "ekstra"
    ) {
        let Some(next) = words.next() else {
            return false;
        };
        word = next;
    }
    let is_meeting = |word: &str| {
        let word = word.trim_end_matches([':', ',']);
        word.ends_with("møde") || word.ends_with("mødet")
    };
    // `Næste MR møde 19. november`: a body's short name before the meeting.
    if !is_meeting(word) {
        let short_name = word.len() <= 4
            && word.chars().all(|c| c.is_alphabetic())
            && !matches!(word, "ny" | "nyt" | "nye" | "et" | "en" | "to");
        match words.next() {
            Some(next) if short_name && is_meeting(next) => {}
            _ => return false,
        }
    }
    // The verb or the date follows at once, or after a short qualifier (`Mødet for
    // trivselsambassadørerne er den 8. januar`).
    let is_verb = |verb: &str| {
        matches!(
            verb,
            "afholdes" | "holdes" | "er" | "bliver" | "finder" | "ligger" | "planlægges" | "ønskes"
        )
    };
    let mut words = words.take(4);
    match words.next() {
        Some(first)
            if is_verb(first)
                || matches!(first, "d." | "den" | "på" | "i")
                || first.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            true
        }
        Some("for" | "med" | "om") => words.any(is_verb),
        _ => false,
    }
}

/// `Administrationen trækker sagen tilbage`, `Sagen blev trukket af dagsordenen`: the case
/// leaves the meeting there and then; nobody owes anything for it.
fn is_withdrawal(lower: &str) -> bool {
    // Each phrase holds `sagen `: most sentences are turned away by one look for it.
    scan::contains(lower, "sagen ")
        && [
            "trækker sagen tilbage",
            "trak sagen tilbage",
            "sagen trækkes",
            "sagen blev trukket",
        ]
        .iter()
        .any(|phrase| scan::contains(lower, phrase))
}

/// A line of a vote's tally: `For: 20 (…)`, `Imod: 6 (…)`, `Undlod: …`.
fn is_tally(lower: &str) -> bool {
    [
        "for:",
        "imod:",
        "undlod:",
        "undlod at stemme:",
        "hverken for eller imod:",
    ]
    .iter()
    .any(|label| lower.starts_with(label))
}

/// `Opdateret den 25.4.2012`, `Sidst opdateret den 7. maj 2008`: when a web page was
/// changed, not a due.
fn is_stamp(lower: &str, due_text: &str) -> bool {
    let due_lower = scan::lower(due_text);
    scan::find(lower, &due_lower).is_some_and(|pos| {
        let before = lower[..pos].trim_end();
        before.ends_with("opdateret")
            || before.ends_with("opdateret den")
            || before.ends_with("udgivet")
            || before.ends_with("publiceret")
            || due_lower.starts_with("den") && before.ends_with("opdateret")
    })
}

/// How many words of two letters or more `lower` has outside `due_text`.
fn words_besides(lower: &str, due_text: &str) -> usize {
    let due_lower = scan::lower(due_text);
    let (before, after) = match scan::find(lower, &due_lower) {
        Some(pos) => (&lower[..pos], &lower[pos + due_lower.len()..]),
        None => (lower, ""),
    };
    scan::split_whitespace(before)
        .chain(scan::split_whitespace(after))
        .filter(|word| word.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count()
}

/// `Ny oversigt bliver udarbejdet af Kirsten Vej Petersen`: the agent of a passive, a person
/// or a unit, as the owner.
fn agent_owner(text: &str, known: &[String]) -> Vec<Person> {
    for (at, _) in text.match_indices(" af ") {
        let mut words_before = text[..at].rsplit(' ');
        let before = words_before.next().unwrap_or_default();
        let auxiliary = words_before.next().unwrap_or_default();
        // `udarbejdes af`, `bliver udarbejdet af`; not `taget af huset`, `ejet af klubben`.
        let passive = before.len() >= 4
            && before.chars().all(char::is_lowercase)
            && (before.ends_with("es")
                || before.ends_with('t') && matches!(auxiliary, "bliver" | "blive" | "blevet"));
        // `… en metode, der bl.a. anvendes af EVA`: a relative clause describes, it assigns
        // nothing.
        let relative = text[..at]
            .rsplit(' ')
            .skip(1)
            .take(3)
            .any(|word| matches!(word, "der" | "som"));
        if !passive || relative {
            continue;
        }
        // The name: up to four capitalised words.
        let rest = &text[at + " af ".len()..];
        let mut end = 0;
        for (n, word) in rest.split(' ').enumerate() {
            let clean = word.trim_end_matches([',', '.', ')']);
            if n >= 4 || !clean.starts_with(char::is_uppercase) {
                break;
            }
            end += word.len() + usize::from(n > 0);
            if clean.len() != word.len() {
                break;
            }
        }
        let name = rest[..end].trim_end_matches([',', '.', ')', ' ']);
        if !name.is_empty() && is_person(name, known) {
            return vec![Person::written(name, None)];
        }
    }
    Vec::new()
}

/// `Opgaven med at finde en hal blev givet til Peter Lund`: whom a task is handed to, the
/// name after a phrase of [`crate::vocab::HANDED_TO`].
fn assigned_owner(text: &str, lower: &str, known: &[String]) -> Option<Person> {
    if lower.len() != text.len() {
        return None;
    }
    // One pass turns away the many sentences without any of the phrases.
    static HANDED_TO: scan::Needles<6> = scan::Needles::new(crate::vocab::HANDED_TO);
    if !HANDED_TO.any_in(lower) {
        return None;
    }
    let after = crate::vocab::HANDED_TO
        .iter()
        .find_map(|phrase| scan::find(lower, phrase).map(|at| at + phrase.len()))?;
    let rest = text.get(after..)?;
    // The name runs over its capitalised words, up to a mark or a small word.
    let mut end = 0;
    for word in scan::split_whitespace(rest).take(4) {
        if !word.starts_with(char::is_uppercase) {
            break;
        }
        let bare = word.trim_end_matches(|c: char| c.is_ascii_punctuation());
        end = rest.find(word).map_or(end, |at| at + bare.len());
        if bare.len() != word.len() {
            break;
        }
    }
    let name = rest.get(..end)?.trim();
    (!name.is_empty() && is_subject_person(name, known)).then(|| Person::written(name, None))
}

/// `Det blev aftalt, at Dennis Ravn kontakter …`, `Bestyrelsen besluttede, at Per sender
/// …`: whom an agreement or a decision sets to work, as the subject after its `at`.
fn agreed_owner(text: &str, lower: &str, known: &[String]) -> Vec<Person> {
    let Some(at) = scan::find(lower, ", at ") else {
        return Vec::new();
    };
    let agreed = [
        "aftalt",
        "aftaltes",
        "besluttet",
        "besluttede",
        "enige om",
        "enighed om",
    ]
    .iter()
    .any(|word| scan::contains(&lower[..at], word));
    if !agreed {
        return Vec::new();
    }
    // The lowercase copy has the text's offsets where their lengths agree (all but a few
    // rare letters); otherwise the clause is not looked for.
    match text.get(at + ", at ".len()..) {
        Some(clause) if lower.len() == text.len() => subject_owner(clause, known),
        _ => Vec::new(),
    }
}

/// `Bestyrelsen vil udsende et brev …`, `Udvalget skal have …`, `Bestyrelsen indhenter
/// tilbud …`: the body itself, named as the subject of what it will do.
fn body_owner(text: &str) -> Option<Person> {
    let mut words = scan::split_whitespace(text);
    let subject = words.next()?;
    let will = words.next()?;
    // `Mødet skal holdes på Rådhuset` is about the meeting, which does nothing.
    // Most sentences start with no capital subject: they are turned away before the
    // lowercase copy.
    if !subject.starts_with(char::is_uppercase) {
        return None;
    }
    let lower = scan::lower_word(subject);
    let authority = crate::vocab::AUTHORITIES.contains(&&*lower);
    if !((crate::words::is_body_word(subject) || authority) && !lower.ends_with("mødet")) {
        return None;
    }
    let acts = if matches!(will, "vil" | "skal") && !authority {
        words.next()?.chars().all(char::is_lowercase)
    } else {
        // Only a verb of work: the body also thanks, regrets, considers and decides in the
        // present tense (`Udvalget takker for …`, `Bestyrelsen overvejer …`).
        crate::vocab::BODY_WORK_VERBS.contains(&will.trim_end_matches([',', '.']))
    };
    acts.then(|| Person::written(subject, None))
}

/// The kind of decision a sentence records, if any.
fn decision_kind(
    text: &str,
    lower: &str,
    aligned: Option<&str>,
    cues: Cues,
    decisions: &Decided,
    meeting_date: Option<Date>,
) -> Option<DecisionKind> {
    match decisions.kind_of(text) {
        Some(kind) => Some(kind),
        // Sentences outside the decision sections were not read for decisions yet.
        None if decisions.decisions.is_empty() || text.len() < 400 => {
            decisions::sentence_decision(text, lower, aligned, cues, meeting_date)
                .map(|(_, kind)| kind)
        }
        None => None,
    }
}

/// `Anbefales med bemærkning om, at det skal afsøges …`, `Anbefales, idet …`: a
/// recommendation with a remark of the body's own, which may ask for work.
fn has_remark(lower: &str) -> bool {
    scan::contains(lower, "bemærkning") || scan::contains(lower, "idet ")
}

/// What a sentence whose only mark of a follow-up is a time is instead (`spec/model.md`,
/// Actions): meeting logistics ([`is_meeting_logistics`]); an announced event
/// ([`is_announced_event`]); an invitation or sign-up
/// (`Greve Fribo inviteres til næste møde`); a forecast (`I første halvår kan der forventes
/// …`); a motion (`V og D stiller forslag om …`); a dated line of a plan (`Den 3. juni: Det
/// nære sundhedsvæsen`). `due` is the time found: a forecast with a time on the calendar is
/// not a follow-up, while one that says where something comes back is (`De sidste tal
/// forventes at komme med til næste runde`).
fn is_not_a_follow_up(lower: &str, due: Option<&model::Due>) -> bool {
    if let Some(due) = due.map(|due| &*due.text)
        && lower.len() > due.len()
        && lower.is_char_boundary(due.len())
        && scan::lower(due) == lower[..due.len()]
        && lower[due.len()..].starts_with(':')
    {
        return true;
    }
    // Read only for the few sentences with a time and no owner.
    let words: Vec<&str> = scan::split_whitespace(lower)
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    let dated = due.is_some_and(|due| due.by.is_some());
    let flagged = words.iter().any(|word| {
        word.starts_with("invit")
            || word.starts_with("tilmeld")
            || *word == "deltager"
            || dated
                && (word.starts_with("forvent")
                    || matches!(*word, "ventes" | "skønnes" | "formentlig" | "formodentlig"))
    });
    // `En forlængelse frem til maj 2027 vil bevirke, at …`: a consequence foretold.
    let foretold = words.windows(2).any(|pair| {
        matches!(
            pair,
            ["vil", "bevirke" | "medføre" | "betyde" | "resultere"]
        )
    });
    // `Mads minder om forældremødet den 2. april`: a reminder of a coming event.
    let reminder = words
        .windows(2)
        .any(|pair| matches!(pair, ["minder" | "mindede" | "mindes", "om"]));
    // `Hanne foreslog en udflugt i august`: a proposal, not yet anyone's work.
    let proposed = words
        .iter()
        .any(|word| matches!(*word, "foreslog" | "foreslår" | "foreslås"))
        && !words.contains(&"at");
    // `Lejren bliver i uge 28`: a time that is all the sentence says of its subject.
    let predicate_time = due.is_some_and(|due| {
        let mut rest = scan::split_whitespace(lower);
        rest.next().is_some()
            && matches!(rest.next(), Some("er" | "bliver"))
            && rest.collect::<Vec<_>>().join(" ") == scan::lower(&due.text)
    });
    // `Konfirmationen er den 28. april`: the day of an event.
    let event_day = words.windows(4).any(|four| {
        // `… er den 28. april`, `… bliver lørdag d. 15. juni`
        let day = if crate::words::is_weekday(four[1]) {
            &four[2..]
        } else {
            &four[1..3]
        };
        matches!(four[0], "er" | "bliver" | "var")
            && matches!(day[0], "den" | "d")
            && day[1].starts_with(|c: char| c.is_ascii_digit())
    });
    // `Udvalget bemærker derudover, at …`: a view or a remark told, no work.
    // A wish or an urgent charge inside the remark (`… bemærkede, at de ønsker en årlig
    // afrapportering`, `… prioriteres hurtigst muligt`) is work all the same.
    let remark = matches!(
        words.get(1),
        Some(&"bemærker" | &"bemærkede" | &"konstaterer" | &"konstaterede" | &"noterer")
    ) && !words.iter().any(|word| word.starts_with("ønsk"))
        && !due.is_some_and(|due| {
            let text = scan::lower(&due.text);
            text.contains("hurtigst") || text.contains("snarest")
        });
    flagged
        || remark
        || reminder
        || foretold
        || proposed
        || event_day
        || predicate_time
        || is_announced_event(&words, due)
        || scan::contains(lower, "stiller forslag")
        || scan::contains(lower, "stillede forslag")
        || scan::contains(lower, "fremsatte forslag")
        || scan::contains(lower, "fremsætter forslag")
        || scan::contains(lower, "at deltage i")
        // `… at der er tale om torsdag den 2. november`, `… er tale om positive
        // tillægsbevillinger i 2024`: what something is, not work.
        || scan::contains(lower, "er tale om")
        || is_meeting_logistics(&words)
}

/// `Der afholdes repræsentationsmøde i Nyborg den 24. april`, `Der skal være besigtigelse
/// af præstegården den 26.9`, `Arbejdstilsynet kommer på besøg på torsdag`, `… og indkaldte
/// til næste møde den 12. april`: an event the minutes announce, on a day (not by a
/// deadline), or a meeting already called (`Temadag … lørdag d. 30. november indkaldt af
/// biskoppen`). Nobody is asked to do anything; a meeting still to
/// be arranged (`… at der afholdes et temamøde`) is led by its `at`, not by `Der`.
fn is_announced_event(words: &[&str], due: Option<&model::Due>) -> bool {
    let deadline = due.is_some_and(|due| {
        let lower = scan::lower(&due.text);
        ["senest", "inden", "før", "forud", "frist", "deadline"]
            .iter()
            .any(|prefix| lower.starts_with(prefix))
    });
    let held = |word: &str| matches!(word, "afholdes" | "holdes" | "afvikles");
    // The main clause, up to its first `at` (what follows may be work still to arrange).
    let main = words
        .iter()
        .take(8)
        .take_while(|word| **word != "at")
        .copied()
        .collect::<Vec<_>>();
    // `Der afholdes …`, `Den 25. april afvikles klimadagen`, `afholdes der`.
    let impersonal = main.iter().any(|word| held(word))
        || main.windows(2).any(|pair| match pair {
            // `Der er møde den …`, `Den 19. marts er der plantning …`, `I efteråret vil der være
            // plantedag …`, `Der skal være besigtigelse …`.
            ["er", "der"] | ["der", "er"] => main.len() > 2 && !main.contains(&"enighed"),
            ["skal" | "vil", "der"] | ["der", "skal" | "vil"] => {
                main.iter().any(|word| held(word) || *word == "være")
            }
            _ => false,
        });
    // `Den 12. marts afholder Erhvervscentret fyraftensmøde …`: an event announced by its day.
    let dated_event = matches!(words.first(), Some(&"den" | &"d"))
        && words
            .get(1)
            .is_some_and(|word| word.starts_with(|c: char| c.is_ascii_digit()))
        && main
            .iter()
            .any(|word| matches!(*word, "afholder" | "holder" | "arrangerer" | "inviterer"));
    !deadline
        && (impersonal
            || dated_event
            || words
                .iter()
                .any(|word| *word == "besøg" || word.starts_with("indkald")))
}

/// `Mødet afvikles i maj`, `… at mødet den 7. februar holdes på Hedebo`, `… at den faste
/// mødedag i 2025 fastsættes til mandag`, `Temamøde om lokaler primo 2025`: when or where a
/// meeting is held. A clause (the sentence, or what follows an `at`) that names a meeting
/// among its first words and holds a verb of time or place; or that starts with the meeting
/// and holds no verb of work (`Møde med skolerne aftales inden 1. maj` is a follow-up). A
/// meeting still to be arranged (`… at der afholdes et årligt temamøde`) is work.
fn is_meeting_logistics(words: &[&str]) -> bool {
    // A meeting, or another event held on a day (`… at arrangementet skal afholdes den 23.
    // oktober`).
    let is_meeting = |word: &str| {
        scan::contains(word, "møde") && !word.starts_with("imøde")
            || [
                "arrangement",
                "konference",
                "workshop",
                "seminar",
                "festival",
                "træf",
            ]
            .iter()
            .any(|event| word.starts_with(event))
    };
    let is_time_verb = |word: &str| {
        matches!(
            word,
            "afholdes"
                | "holdes"
                // `… besluttede at afholde udvalgsmødet i januar på Kulturbasen`; not a
                // meeting still to be arranged (`at afholde et temamøde`).
                | "afholde"
                | "holde"
                | "afvikles"
                | "finder"
                | "fastsættes"
                | "flyttes"
                | "rykkes"
                | "ændres"
                | "starter"
                | "begynder"
                | "slutter"
                | "ligger"
                | "er"
                | "bliver"
                | "aflyses"
                | "fastholdes"
                | "foregår"
                | "placeres"
                | "udvides"
                | "gennemføres"
                | "forlænges"
                | "afkortes"
        )
    };
    let is_work_verb = |word: &str| {
        [
            "aftal",
            "planlæg",
            "indkald",
            "arranger",
            "forbered",
            "tilrettelæg",
            "udarbejd",
            "sørg",
        ]
        .iter()
        .any(|stem| word.starts_with(stem))
    };
    // Each clause: the sentence, and what follows each `at`.
    let starts = std::iter::once(0).chain(
        words
            .iter()
            .enumerate()
            .filter(|(_, word)| **word == "at")
            .map(|(idx, _)| idx + 1),
    );
    starts.into_iter().any(|start| {
        let clause = &words[start.min(words.len())..words.len().min(start + 10)];
        let meeting_at = clause.iter().take(6).position(|word| is_meeting(word));
        let arranged = clause.first() == Some(&"der")
            || meeting_at.is_some_and(|at| {
                // `et temamøde`, `et fiktivt byrådsmøde`: a meeting still to be arranged.
                clause[at.saturating_sub(2)..at]
                    .iter()
                    .any(|word| matches!(*word, "et" | "en" | "nyt" | "ny"))
            });
        if arranged {
            return false;
        }
        let time_verb = clause.iter().any(|word| is_time_verb(word));
        let work_verb = clause.iter().any(|word| is_work_verb(word));
        match meeting_at {
            Some(_) if time_verb => true,
            Some(0) => !work_verb,
            _ => false,
        }
    })
}

/// `Anne Holm orienterede om …`, `Peter Skov gennemgik …`: someone briefed the meeting, in
/// the past tense, as one of its first words.
fn reports_briefing(lower: &str) -> bool {
    scan::split_whitespace(lower).take(6).any(|word| {
        matches!(
            word.trim_end_matches([',', ':']),
            "orienterede"
                | "gennemgik"
                | "fremlagde"
                | "præsenterede"
                | "redegjorde"
                | "fortalte"
                | "informerede"
                | "berettede"
                | "oplyste"
                | "oplyst"
                | "meddelte"
                | "nævnte"
                | "opmærksom"
                | "annonceret"
                | "annoncerede"
        )
    })
}

/// `for perioden 01.09.2025 – 31.12.2026` names how long something lasts, and `den fra medio
/// 2026 frigjorte bus` when something starts: neither is a deadline.
fn is_period(lower: &str, due_text: &str) -> bool {
    let due_lower = scan::lower(due_text);
    match scan::find(lower, &due_lower) {
        Some(pos) => {
            let before = lower[..pos].trim_end();
            due_lower.starts_with("perioden")
                || due_lower.starts_with("i perioden")
                || due_lower.starts_with("for perioden")
                || before.ends_with("perioden")
                || before.ends_with("periode")
                || before == "fra"
                || before.ends_with(" fra")
                || due_lower.starts_with("fra ")
        }
        None => false,
    }
}

/// `(Otto Ohrt, Jakob Flou)` and `(NJ laver tidsplan)`.
fn paren_owners(text: &str, known: &[String]) -> Vec<Person> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = memchr::memchr(b'(', rest.as_bytes()) {
        let after = &rest[open + 1..];
        let Some(close) = memchr::memchr(b')', after.as_bytes()) else {
            break;
        };
        let inner = after[..close].trim();
        // `EVA (Danmarks Evalueringsinstitut)`: the words in brackets after an acronym spell
        // it out; they name no owner. A unit's acronym before its head's name (`MSO (Henrik
        // Oversø)`) does.
        let acronym = rest[..open]
            .trim_end()
            .rsplit(' ')
            .next()
            .is_some_and(|word| word.chars().count() >= 2 && word.chars().all(char::is_uppercase));
        let first_name = scan::split_whitespace(inner)
            .next()
            .is_some_and(crate::words::is_first_name);
        if acronym && !first_name {
            rest = &after[close + 1..];
            continue;
        }
        if let Some(names) = labelled_owners(inner, known) {
            out.extend(names);
        } else if let Some(names) = name_list(inner, known) {
            out.extend(names);
        } else {
            out.extend(subject_owner(inner, known));
        }
        rest = &after[close + 1..];
    }
    out
}

/// `Peter Skov: udarbejder notat`, `Lene: indkalder til temamøde` (a list of follow-ups,
/// each led by its owner and a colon): the owners before the colon.
fn colon_owners(text: &str, known: &[String]) -> Vec<Person> {
    let head = &text.as_bytes()[..text.len().min(60)];
    let Some(colon) = memchr::memchr(b':', head) else {
        return Vec::new();
    };
    let (who, rest) = (text[..colon].trim(), text[colon + 1..].trim());
    // Names: capitalised words (joined by `og`), four at most; most text before a colon
    // (`Rådmandsmødekredsen godkendte:`) is turned away here.
    let mut n_words = 0;
    let names_only = scan::split_whitespace(who).all(|word| {
        n_words += 1;
        word.starts_with(char::is_uppercase) || word == "og"
    });
    if !names_only || n_words == 0 || n_words > 4 {
        return Vec::new();
    }
    // A task of two words or more; `Liselott Blixt: Undlod` records a vote.
    let mut words = scan::split_whitespace(rest);
    let first = words.next().map(scan::lower_word);
    if words.next().is_none()
        || first.is_some_and(|w| matches!(&*w, "undlod" | "imod" | "for" | "stemte" | "ja" | "nej"))
    {
        return Vec::new();
    }
    if let Some(names) = name_list(who, known) {
        return names;
    }
    if is_unit_phrase(who) && !crate::words::is_body_word(who) {
        return vec![Person::written(who, None)];
    }
    Vec::new()
}

/// `Ansvarlig: Peter Skov, frist: 1. maj`, `ansv.: Anne Holm` in brackets: the owners after
/// the label, up to a due label or the end.
fn labelled_owners(inner: &str, known: &[String]) -> Option<Vec<Person>> {
    let label = OWNER_LABELS
        .iter()
        .chain(&["ansv.:", "ansv:", "ansv. ", "ansvarlig "])
        .find(|label| scan::lower_starts_with(inner, label))?;
    let rest = &inner[label.len()..];
    let end = DUE_LABELS
        .iter()
        .chain(&["frist "])
        .filter_map(|due| scan::find_ascii_ci(rest, due))
        .min()
        .unwrap_or(rest.len());
    let owners = rest[..end].trim().trim_end_matches([',', ';', ' ']);
    if owners.is_empty() {
        return None;
    }
    Some(owners_named(owners, known))
}

/// The owners a label names: people, or else the units as written (`Sekretariatet`).
fn owners_named(text: &str, known: &[String]) -> Vec<Person> {
    name_list(text, known).unwrap_or_else(|| {
        split_units(text)
            .into_iter()
            .map(|unit| Person::written(unit, None))
            .collect()
    })
}

/// Words ending in `-er` that are not present-tense verbs: a few words, and plural nouns in
/// `-inger` and `-heder` (`Greve Seniorråds bemærkninger tages til efterretning`,
/// `muligheder`), but not the verbs `bringer`, `ringer`, `tvinger`, `svinger`.
fn is_verb_er(word: &str) -> bool {
    let plural_noun = (word.ends_with("inger")
        && !["bringer", "ringer", "tvinger", "svinger"]
            .iter()
            .any(|verb| word.ends_with(verb)))
        || word.ends_with("heder");
    word.len() >= 4
        && word.ends_with("er")
        && !plural_noun
        && word.chars().all(|c| c.is_lowercase())
        && !matches!(
            word,
            "under"
                | "efter"
                | "over"
                | "eller"
                | "hver"
                | "heller"
                | "ovenover"
                | "omkring"
                | "siger"
                | "mener"
                | "væsentligere"
                | "andre"
                // `Enhedslisten stemmer for …`: a vote, no work.
                | "stemmer"
        )
}

/// Unit words: an owner may be a unit (`Strategi og Udvikling`, `Magistratsafdelingen for
/// Teknik og Miljø`).
fn is_unit_phrase(text: &str) -> bool {
    // Only the first word counts; lowercasing it alone gives the same word.
    let Some(first) = crate::scan::split_whitespace(text).next() else {
        return false;
    };
    static UNITS: scan::Needles<10> = scan::Needles::new(crate::vocab::UNIT_STEMS);
    // `Forvaltningens budget stiger`: a genitive names what belongs to the unit.
    if first.ends_with('s') {
        return false;
    }
    // An ASCII word lowercases byte by byte, on the stack.
    let mut buffer = [0u8; 32];
    if let Some(lower) = buffer.get_mut(..first.len())
        && first.is_ascii()
    {
        lower.copy_from_slice(first.as_bytes());
        lower.make_ascii_lowercase();
        return UNITS.any_in_bytes(lower);
    }
    UNITS.any_in(&scan::lower_word(first))
}

/// `Hanne Lynghøj Ellerbæk undersøger …`, `NJ laver …`, `At Boel sender …`: the owner as
/// the subject of a present-tense verb; `Lene Madsen og Peter Skov følger op …`: several.
fn subject_owner(text: &str, known: &[String]) -> Vec<Person> {
    let text = text
        .strip_prefix("At ")
        .or_else(|| text.strip_prefix("at "))
        .unwrap_or(text);
    // The verb is among the first nine words, after the first; the words after the first
    // verb form are not needed.
    let mut words = [""; 9];
    // Whether the first word names a unit, once a word that no name has was seen.
    let mut unit = false;
    // Whether `og` joins names in the subject.
    let mut joined = false;
    for (verb_idx, word) in scan::split_whitespace(text).take(words.len()).enumerate() {
        words[verb_idx] = word;
        if verb_idx == 0 {
            continue;
        }
        // `X bedes …` (X is asked to …) names its owner the same way.
        let word_bare = word.trim_end_matches([',', '.']);
        // `X skal …`, `X står for …`, `X får …` as well as the present tense in `-er`.
        if !is_verb_er(word_bare)
            && !matches!(
                word_bare,
                "bedes" | "skal" | "står" | "får" | "anmodes" | "pålægges" | "bemyndiges"
            )
        {
            // A word that is neither capitalised nor a particle is in no name
            // ([`people::looks_like_name`]): after it, only a unit can be the subject.
            if !unit
                && !word.starts_with(char::is_uppercase)
                && !matches!(word, "von" | "van" | "de" | "la" | "du" | "af")
            {
                if word == "og" && !joined {
                    joined = true;
                    continue;
                }
                if !(words[0].starts_with(char::is_uppercase) && is_unit_phrase(words[0])) {
                    return Vec::new();
                }
                unit = true;
            }
            continue;
        }
        // `Enhedslisten ønsker, at …`, `Trine Madsen, leder af STU, orienterede …`: a wish or
        // a title between commas is no task of the subject (`Tobias, opdaterer …` is).
        let title_between_commas = words[verb_idx - 1].ends_with(',')
            && words[..verb_idx - 1].iter().any(|word| word.ends_with(','));
        // `Borgmesteren vurderer, at …`: a view told, no task; `Mads minder om …`: a
        // reminder (`Forvaltningen orienterer
        // udvalget i maj` is one).
        // `Karin Bøgh deltager i KL's temadag`: taking part, no task, as a sign-up is none.
        let view = matches!(
            word_bare,
            "deltager"
                | "minder"
                | "vurderer"
                | "mener"
                | "forventer"
                | "bemærker"
                | "understreger"
                | "fremhæver"
                | "beklager"
        );
        if word_bare == "ønsker" || title_between_commas || view {
            return Vec::new();
        }
        let subject = words[..verb_idx].join(" ");
        let subject = subject.trim_end_matches(',');
        if is_unit_phrase(subject) && subject.starts_with(char::is_uppercase) {
            return vec![Person::written(subject, None)];
        }
        if joined {
            // Each of the names joined by `og` (and commas) is a person.
            let parts: Vec<&str> = subject
                .split(" og ")
                .flat_map(|part| part.split(", "))
                .map(str::trim)
                .collect();
            if parts.len() >= 2 && parts.iter().all(|part| is_subject_person(part, known)) {
                return parts
                    .into_iter()
                    .map(|part| Person::written(part, None))
                    .collect();
            }
            // `Teknik og Miljø sender …`, `Børn og Unge undersøger …`: a department named by
            // its areas, one capitalised word each, none of them a person.
            let area = |part: &str| {
                !part.contains(' ')
                    && part.chars().nth(2).is_some()
                    && part.starts_with(char::is_uppercase)
                    && part.chars().skip(1).all(char::is_lowercase)
                    && !is_subject_person(part, known)
            };
            if parts.len() == 2 && parts.iter().all(|part| area(part)) {
                return vec![Person::written(subject, None)];
            }
            return Vec::new();
        }
        if is_subject_person(subject, known) || crate::attendance::is_definite_role(subject) {
            return vec![Person::written(subject, None)];
        }
        return Vec::new();
    }
    Vec::new()
}

/// `status fra Boel`, `oplæg fra Jakob Flou`; `cues` are those of the sentence.
fn from_owner(text: &str, cues: Cues, known: &[String]) -> Option<Person> {
    // Most sentences have none of the three words: skip splitting them.
    if !cues.link() {
        return None;
    }
    let words: Vec<&str> = crate::scan::split_whitespace(text).collect();
    for idx in 1..words.len().saturating_sub(1) {
        if words[idx] != "fra" && words[idx] != "v." && words[idx] != "ved" {
            continue;
        }
        let before = scan::lower_word(words[idx - 1]);
        if ![
            "status",
            "oplæg",
            "tilbagemelding",
            "orientering",
            "udspil",
            "forslag",
            "input",
            "opfølgning",
            "notat",
        ]
        .iter()
        .any(|w| before.contains(w))
        {
            continue;
        }
        // The name: one to three capitalised words.
        let mut name = Vec::new();
        for word in &words[idx + 1..] {
            let clean = word.trim_end_matches([',', '.', ')']);
            if clean.starts_with(char::is_uppercase) && name.len() < 3 {
                name.push(clean);
                if clean.len() != word.len() {
                    break;
                }
            } else {
                break;
            }
        }
        let name = name.join(" ");
        if !name.is_empty() && is_person(&name, known) {
            return Some(Person::written(&name, None));
        }
    }
    None
}

/// `Fremsendes til Teknisk Udvalg til behandling`: the body a case is sent to, and whether
/// it is sent for the body to prepare something (`med henblik på udarbejdelse`), which makes
/// the body the owner.
fn referral_target(text: &str, lower: &str) -> Option<(String, bool)> {
    // Byte offsets of `lower` are used on `text`: only valid when lowercasing kept lengths.
    if lower.len() != text.len() {
        return None;
    }
    const SENT_TO: [&str; 6] = [
        "sendes tilbage til ",
        "fremsendes til ",
        "oversendes til ",
        "videresendes til ",
        "sendes til ",
        "henvises til ",
    ];
    const SENT_WITH: [&str; 2] = ["fremsendes med ", "oversendes med "];
    const CASE: &str = "sagen ";
    // Every sentence is asked: only one that starts like a referral verb or `sagen ` is
    // read further.
    static STARTS: scan::Prefixes = scan::Prefixes::new(&{
        let mut starts = [""; SENT_TO.len() + SENT_WITH.len() + 1];
        let mut idx = 0;
        while idx < SENT_TO.len() {
            starts[idx] = SENT_TO[idx];
            idx += 1;
        }
        while idx < SENT_TO.len() + SENT_WITH.len() {
            starts[idx] = SENT_WITH[idx - SENT_TO.len()];
            idx += 1;
        }
        starts[idx] = CASE;
        starts
    });
    if STARTS.candidates(lower) == 0 {
        return None;
    }
    // `Sagen sendes tilbage til administrationen for at undersøge …`.
    let (lower, text) = match lower.strip_prefix(CASE) {
        Some(rest) => (rest, &text[CASE.len()..]),
        None => (lower, text),
    };
    let verb_end = SENT_TO
        .iter()
        .find_map(|v| lower.starts_with(v).then_some(v.len()))
        .or_else(|| {
            SENT_WITH.iter().find_map(|v| {
                if !lower.starts_with(v) {
                    return None;
                }
                lower.find(" til ").map(|p| p + " til ".len())
            })
        })?;
    let rest = &text[verb_end..];
    let rest_lower = &lower[verb_end..];
    // A comma ends the name, except after a hyphen inside it (`Klima-, Teknik- og
    // Miljøudvalget`).
    let comma = rest_lower
        .match_indices(',')
        .map(|(at, _)| at)
        .find(|&at| !rest_lower[..at].ends_with('-'));
    let end = [" til ", " med ", " i henhold", " jf.", ".", " for at "]
        .iter()
        .filter_map(|stop| rest_lower.find(stop))
        .chain(comma)
        .min()
        .unwrap_or(rest.len());
    let target = rest[..end].trim();
    if target.is_empty()
        || !(target.starts_with(char::is_uppercase) || ROLE_UNITS.contains(&target))
    {
        return None;
    }
    let purpose = lower.contains("med henblik på") || lower.contains(" for at ");
    Some((target.to_owned(), purpose))
}

/// `Magistratsafdelingen for Sociale Forhold og Beskæftigelse og Magistratsafdelingen for
/// Børn og Unge`: `og` separates two units only where a new unit name begins.
fn split_units(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(pos) = text[search..].find(" og ") {
        let at = search + pos;
        let next = &text[at + " og ".len()..];
        if is_unit_phrase(next) && next.starts_with(char::is_uppercase) {
            out.push(text[start..at].trim());
            start = at + " og ".len();
        }
        search = at + " og ".len();
    }
    out.push(text[start..].trim());
    out
}

/// Where an action goes: the first word naming a forum, with `X eller Y` kept together.
/// `cues` are those of the sentence `text` is part of.
fn forum(text: &str, aligned: Option<&str>, cues: Cues) -> Option<String> {
    static STEMS: scan::Needles<12> = scan::Needles::new(FORUM_STEMS);
    // A word that names a forum puts its stem in the lowercase sentence, or its
    // abbreviation in the sentence: most sentences have neither and need no splitting.
    static ABBREVIATIONS: scan::Needles<5> = scan::Needles::new(["DIR", "RM", "MIR", "KB", "ØU"]);
    if !cues.forum() && !ABBREVIATIONS.any_in(text) {
        return None;
    }
    let words = decisions::words_in(text, aligned);
    // The shortest stem (`byråd`) has six bytes.
    let is_forum = |raw: &str, lower: &str| {
        (lower.len() >= 6 && STEMS.any_in(lower))
            || matches!(raw, "DIR" | "RM" | "MIR" | "KB" | "ØU")
    };
    for (idx, word) in words.iter().enumerate() {
        let raw = &text[word.start..word.end];
        if !is_forum(raw, &word.lower) {
            continue;
        }
        let mut end = word.end;
        if let (Some(or), Some(next)) = (words.get(idx + 1), words.get(idx + 2))
            && or.lower == "eller"
            && is_forum(&text[next.start..next.end], &next.lower)
        {
            end = next.end;
        }
        return Some(text[word.start..end].to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_under_way_told_as_status_is_no_follow_up() {
        let actions = |minute: &str| {
            let text = model::Text::from_plain(
                &format!(
                    "Udvalget\nReferat 3. marts 2026\n\n1. Pavilloner\n{minute}\n\n2. Eventuelt\nIntet.\n"
                ),
                model::Format::Text,
            );
            crate::extract(&text).meeting.items[0].actions.len()
        };
        assert_eq!(
            actions("Administrationen forbereder nu, at pavillonerne kan sættes op."),
            0
        );
        assert_eq!(
            actions("Administrationen forbereder en plan for pavillonerne."),
            1
        );
    }

    #[test]
    fn next_meeting_notices() {
        assert!(is_meeting_notice("næste møde afholdes den 4. december"));
        assert!(is_meeting_notice("næste ledermøde er 12. januar"));
        assert!(is_meeting_notice(
            "første møde afholdes den 31.8. kl. 14.00"
        ));
        assert!(is_meeting_notice(
            "møde d. 19. maj: planlægning af arrangementer"
        ));
        assert!(!is_meeting_notice("næste møde skal forberedes af jens"));
        assert!(is_meeting_notice(
            "næste udvalgsmøde ønskes afholdt i depotet"
        ));
        assert!(!is_meeting_notice("sagen tages op på næste møde"));
        assert!(is_stamp(
            "sidst opdateret den 7. maj 2008",
            "den 7. maj 2008"
        ));
        assert_eq!(words_besides("31. august", "31. august"), 0);
        assert_eq!(
            agent_owner(
                "Ny oversigt bliver udarbejdet af Kirsten Vej Petersen og sendes",
                &[]
            )
            .into_iter()
            .map(|p| p.as_written)
            .collect::<Vec<_>>(),
            ["Kirsten Vej Petersen"]
        );
    }

    #[test]
    fn owner_and_due_labels() {
        let date = Date::new(2025, 9, 3).unwrap();
        let (owners, due) = labelled(
            "Ansvarlig: Henrik Dahl Frist: 15. oktober 2025",
            Cues::ANY,
            Some(date),
            &[],
        )
        .expect("labelled");
        assert_eq!(owners[0].as_written, "Henrik Dahl");
        let due = due.expect("a due");
        assert_eq!(due.by, Some(Date::new(2025, 10, 15).unwrap()));
        let (owners, due) =
            labelled("Frist: snarest.", Cues::ANY, Some(date), &[]).expect("labelled");
        assert!(owners.is_empty());
        assert!(due.is_some());
        let (owners, _) =
            labelled("Ansvarlig: Sekretariatet", Cues::ANY, Some(date), &[]).expect("labelled");
        assert_eq!(owners[0].as_written, "Sekretariatet");
        assert!(labelled("Den ansvarlige: Jens", Cues::ANY, Some(date), &[]).is_none());
        assert!(labelled("Ansvarlig:", Cues::ANY, Some(date), &[]).is_none());
    }

    fn known() -> Vec<String> {
        vec![
            "Niels Jørgen Rasmussen".into(),
            "Christian Boel".into(),
            "Otto Junge Ohrt".into(),
        ]
    }

    #[test]
    fn owners() {
        let k = known();
        let names =
            |people: Vec<Person>| people.into_iter().map(|p| p.as_written).collect::<Vec<_>>();
        assert_eq!(
            names(paren_owners("Dette skal ske (Otto Ohrt, Jakob Flou)", &k)),
            ["Otto Ohrt", "Jakob Flou"]
        );
        assert_eq!(
            names(paren_owners("byggeri (NJ laver tidsplan)", &k)),
            ["NJ"]
        );
        assert_eq!(
            names(paren_owners("plan (bilag 1) og (TÅL)", &k)),
            Vec::<String>::new()
        );
        assert_eq!(
            subject_owner("Hanne Lynghøj Ellerbæk undersøger, om det", &k)
                .into_iter()
                .next()
                .map(|p| p.as_written),
            Some("Hanne Lynghøj Ellerbæk".into())
        );
        assert_eq!(
            subject_owner("Beslutningen svarer til anbefaling", &k),
            Vec::new()
        );
        assert_eq!(
            subject_owner(
                "Magistratsafdelingen for Teknik og Miljø udarbejder notat",
                &k
            )
            .into_iter()
            .next()
            .map(|p| p.as_written),
            Some("Magistratsafdelingen for Teknik og Miljø".into())
        );
        assert_eq!(
            from_owner(
                "Emnet er på som status fra Boel på næste møde",
                Cues::ANY,
                &k
            )
            .map(|p| p.as_written),
            Some("Boel".into())
        );
        assert_eq!(from_owner("samarbejde fra Japan", Cues::ANY, &k), None);
        for text in ["a – b — c", "a — b – c", "a - b", "“a” – b", "–", "ingen"] {
            let want = text
                .char_indices()
                .rev()
                .find(|(_, c)| matches!(c, '–' | '—'));
            assert_eq!(last_dash(text), want, "{text}");
        }
    }

    fn referral(text: &str) -> Option<(String, bool)> {
        referral_target(text, &text.to_lowercase())
    }

    fn forum_of(text: &str) -> Option<String> {
        let lower = text.to_lowercase();
        let got = forum(text, None, Cues::ANY);
        let aligned = scan::aligned_lower(text);
        let with_cues = forum(text, aligned.as_deref(), Cues::of(&lower));
        assert_eq!(got, with_cues);
        got
    }

    #[test]
    fn referrals_and_forums() {
        assert_eq!(
            referral("Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning"),
            Some(("Teknisk Udvalg".into(), false))
        );
        assert_eq!(
            referral(
                "Fremsendes til Borgmesterens Afdeling med henblik på udarbejdelse af en indstilling"
            ),
            Some(("Borgmesterens Afdeling".into(), true))
        );
        assert_eq!(
            forum_of("fremsendes beslutningsoplæg til DIR eller RM senest i oktober").as_deref(),
            Some("DIR eller RM")
        );
        assert_eq!(
            forum_of("Status til direktionen i 2. kvartal 2026").as_deref(),
            Some("direktionen")
        );
    }
}
