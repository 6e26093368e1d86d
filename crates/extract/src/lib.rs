//! Text → [`Meeting`]: reads the header, time plan, participants, items, decisions, actions
//! and due dates out of the lines of one minutes document, with a provenance [`model::Span`]
//! for every value.
//!
//! Extraction never fails: minutes that make no sense give an emptier Meeting and
//! [`Warning`]s, never an error or a panic. This crate does no I/O and never reads the clock;
//! whatever it needs from outside (the file name, known people) is passed in.

#![warn(
    clippy::disallowed_methods,
    reason = "extract is pure: no file system, environment or clock"
)]

mod actions;
mod attendance;
mod closed;
mod cues;
pub mod dates;
mod decisions;
mod header;
mod items;
mod lines;
mod par;
pub mod people;
mod scan;
mod vocab;
mod votes;
mod words;

use model::{Meeting, Span, Text};

pub use people::Registry;

/// The last lines of a document where the sentence closing the meeting is looked for.
const END_LINES: usize = 40;

/// Something in the document that could not be read as expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub span: Span,
    /// What, in Danish as the user reads it, lowercase, no trailing period.
    pub message: String,
}

/// The result of extracting one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The meeting.
    pub meeting: Meeting,
    /// What could not be read.
    pub warnings: Vec<Warning>,
}

/// Extracts the meeting recorded in `text`.
pub fn extract(text: &Text) -> Extraction {
    let lines = lines::clean(&text.lines);
    let mut meeting = Meeting::default();
    // The header ends at the first item: a `Punkt N` heading, else a numbered one.
    let first_item = (0..lines.len()).find(|&idx| {
        items::item_heading(&lines[idx].text).is_some()
            || items::bare_heading(&lines, idx).is_some()
    });
    let numbered = match first_item {
        Some(_) => Vec::new(),
        None => items::numbered_headings(&lines),
    };
    let header_end = first_item
        .or_else(|| numbered.first().map(|heading| heading.idx))
        .unwrap_or(lines.len());
    header::read(&lines[..header_end], &mut meeting);
    header::from_item_lines(&lines[header_end..], &mut meeting);
    if meeting.end.is_none() {
        // The sentence that closes the meeting stands in the head or at the end.
        let tail = lines.len().saturating_sub(END_LINES).max(header_end);
        meeting.end = header::end_from_sentence(lines[..header_end].iter().chain(&lines[tail..]));
    }
    let known: Vec<String> = meeting
        .participants
        .iter()
        .chain(&meeting.absent)
        .map(|p| p.name.clone())
        .collect();
    let numbered: Vec<items::Numbered> = numbered
        .into_iter()
        .map(|heading| items::Numbered {
            idx: heading.idx - header_end,
            ..heading
        })
        .collect();
    items::read(&lines[header_end..], &mut meeting, &known, &numbered);
    // Attendance recorded in the first item (`1. Godkendelse af stedfortræder`, `Afbud: …`).
    if let Some(first) = meeting.items.first()
        && let Some(span) = first.span
    {
        let next = meeting.items.get(1).and_then(|item| item.span);
        let in_item = |line: &&lines::Clean| {
            (line.page, line.number) >= (span.page, span.line)
                && next.is_none_or(|next| (line.page, line.number) < (next.page, next.line))
        };
        let start = lines[header_end..]
            .iter()
            .position(|line| in_item(&line))
            .map_or(lines.len(), |at| header_end + at);
        let end = lines[start..]
            .iter()
            .position(|line| !in_item(&line))
            .map_or(lines.len(), |at| start + at);
        let title = first.title.clone();
        attendance::read_attendance_item(&title, &lines[start..end], &mut meeting);
    }
    // A document whose header reads as an agenda (`Dagsorden:` over the list of points) is
    // minutes when its items record outcomes (`Referat: Godkendt`, `Bestyrelsen
    // drøftede …`).
    if meeting.kind == model::DocumentKind::Agenda
        && meeting.items.iter().any(|item| {
            item.decisions
                .iter()
                .any(|decision| decisions::records_outcome(&decision.text))
        })
    {
        meeting.kind = model::DocumentKind::Minutes;
    }
    // An agenda records what is to be decided: a proposal's wording ("Byrådet beslutter
    // at …") is no decision, and nobody owes anything yet.
    if meeting.kind == model::DocumentKind::Agenda {
        for item in &mut meeting.items {
            item.decisions.clear();
            item.actions.clear();
        }
    }
    mark_closed(&mut meeting);
    people::resolve_in_meeting(&mut meeting);
    meeting.id = meeting_id(&meeting);
    meeting.source.format = text.format;
    let warnings = warnings(&meeting, &lines);
    Extraction { meeting, warnings }
}

/// What a reader of the minutes should be told about a document that did not read well.
fn warnings(meeting: &Meeting, lines: &[lines::Clean]) -> Vec<Warning> {
    let first = lines.first().map(lines::Clean::span).unwrap_or_default();
    let mut out = Vec::new();
    if meeting.date.is_none() {
        out.push(Warning {
            span: first,
            message: "fandt ingen mødedato i referatets hoved".into(),
        });
    }
    if meeting.body.is_empty() {
        out.push(Warning {
            span: first,
            message: "fandt ikke mødets organ (udvalgets eller mødets navn)".into(),
        });
    }
    if meeting.items.is_empty() {
        out.push(Warning {
            span: first,
            message: "fandt ingen punkter (`Punkt N: titel`)".into(),
        });
    }
    out
}

/// `<body-slug>-<YYYY-MM-DD>`, with `-HHMM` appended by callers that store two meetings of
/// one body on one day.
pub fn meeting_id(meeting: &Meeting) -> String {
    let slug = slug(if meeting.body.is_empty() {
        "moede"
    } else {
        &meeting.body
    });
    match meeting.date {
        Some(date) => format!("{slug}-{date}"),
        None => format!("{slug}-uden-dato"),
    }
}

/// Lowercase ASCII slug: `Rådmandsmøde` → `raadmandsmoede`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' => out.push_str("ae"),
            'ø' => out.push_str("oe"),
            'å' => out.push_str("aa"),
            'é' | 'è' | 'ê' => out.push('e'),
            'ü' => out.push('u'),
            'ö' => out.push_str("oe"),
            'ä' => out.push_str("ae"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Marks the items whose titles say they are closed (`Lukket: …`, `… (Lukket)`): for
/// meetings read from structured sources such as the FirstAgenda JSON, whose items
/// [`extract`] does not read. Items already marked stay closed.
pub fn mark_closed(meeting: &mut Meeting) {
    for item in &mut meeting.items {
        item.closed |= closed::is_closed_title(&item.title);
    }
}

/// What `extract` finds in the body of one item when the caller already knows the item
/// (e.g. the decision HTML of a FirstAgenda API item).
#[derive(Debug, Clone, Default)]
pub struct ItemParts {
    /// Decisions.
    pub decisions: Vec<model::Decision>,
    /// Actions.
    pub actions: Vec<model::Action>,
    /// Attachments (`Bilag N`).
    pub attachments: Vec<String>,
    /// People an absence line of the item names (`Fraværende: A, B`).
    pub absent: Vec<model::Person>,
}

/// Extracts decisions, actions and attachments from the body text of one item; `known`
/// are the full names of the meeting's participants, for resolving short forms.
pub fn extract_item(text: &Text, meeting_date: Option<model::Date>) -> ItemParts {
    let lines = lines::clean(&text.lines);
    let blocks = lines::blocks(&lines);
    let blocks: Vec<&lines::Block> = blocks.iter().collect();
    let decisions = items::read_decisions(&blocks, meeting_date);
    let actions = actions::read(&blocks, &decisions, meeting_date, &[]);
    let joined: Vec<&str> = lines.iter().map(|l| &*l.text).collect();
    ItemParts {
        attachments: items::attachments(&joined.join("\n")),
        absent: attendance::absence_lines(&lines),
        decisions,
        actions,
    }
}

/// Settles the meeting's absence from the absence lines of its items ([`ItemParts::absent`],
/// one list for each item that has a decision section): a line that names the same people
/// under every such item is the meeting's, not the item's. Those people join `absent` and
/// leave `participants`; a line under some items only is left to the items.
pub fn settle_absence(meeting: &mut Meeting, item_absent: &[Vec<model::Person>]) {
    attendance::settle(meeting, item_absent);
}
