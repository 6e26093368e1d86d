//! Meeting → [`View`]: every line of the house layout composed as text, so that the
//! templates of all formats only place them. The wording is the seeds' (`Pkt. 1 kl.
//! 11.30-11.55 Hanne Lynghøj og Klaus Bach`, `Mødedeltagere`, `Afbud`, `Punkt 3: title`,
//! `Rådmandsmødekredsen godkendte:` with one entry per decision, a follow-up with its owners
//! after a dash), which is also what `referat extract` reads back: one place decides it, and
//! the round trip of every format tests it.
//!
//! Not here: escaping (the templates do it for their format) and page layout.

use model::{Action, Decision, DecisionKind, Item, Meeting, Person, Slot, Time};
use serde::Serialize;

/// The meeting as the templates see it.
#[derive(Debug, Clone, Serialize)]
pub struct View {
    /// The body: "Rådmandsmøde".
    pub body: String,
    /// The document's kind as a title: "Referat", or "Dagsorden" for an agenda.
    pub kind: &'static str,
    /// "01-07-2025 11:30 - 13:00", or empty when there is no date.
    pub date_line: String,
    /// The place, or empty.
    pub location: String,
    /// The time plan, one line each: notes on their own line before their slot.
    pub schedule: Vec<String>,
    /// "Christian Boel, Heidi Have", or empty.
    pub participants: String,
    /// The absent, or empty.
    pub absent: String,
    /// The items in order.
    pub items: Vec<ItemView>,
}

/// One item.
#[derive(Debug, Clone, Serialize)]
pub struct ItemView {
    /// "3".
    pub number: String,
    /// The title on one line.
    pub title: String,
    /// "Punkt 3: title".
    pub heading: String,
    /// Closed to the public ("Lukket punkt").
    pub closed: bool,
    /// The case number, or empty.
    pub case_number: String,
    /// Who did not take part in the item, one line each: `Fraværende: A, B`, `C deltog ikke
    /// i sagens behandling (inhabil).`
    pub absent: Vec<String>,
    /// The item's text (its case presentation) in paragraphs.
    pub text: Vec<String>,
    /// What the body did, in blocks.
    pub decisions: Vec<DecisionBlock>,
    /// Follow-ups, one line each, with owners and deadline as written.
    pub actions: Vec<String>,
    /// "Bilag 1".
    pub attachments: Vec<String>,
}

/// Decisions of one actor and kind in a row (`lead` and a list), or one decision that says
/// who did what itself (no `lead`, one entry as a paragraph).
#[derive(Debug, Clone, Serialize)]
pub struct DecisionBlock {
    /// "Rådmandsmødekredsen godkendte:".
    pub lead: Option<String>,
    /// The decisions' texts.
    pub entries: Vec<String>,
    /// Notes on the block's last decision (vote positions: `X tog forbehold.`), written
    /// right after it; a decision with notes ends its block.
    pub notes: Vec<String>,
}

/// Composes the view of a meeting.
pub fn view(meeting: &Meeting) -> View {
    View {
        body: one_line(&meeting.body),
        kind: match meeting.kind {
            model::DocumentKind::Minutes => "Referat",
            model::DocumentKind::Agenda => "Dagsorden",
        },
        date_line: date_line(meeting),
        location: meeting
            .location
            .as_deref()
            .map(one_line)
            .unwrap_or_default(),
        schedule: schedule(&meeting.schedule),
        participants: names(&meeting.participants, ", "),
        absent: names(&meeting.absent, ", "),
        items: meeting.items.iter().map(item).collect(),
    }
}

fn date_line(meeting: &Meeting) -> String {
    let Some(date) = meeting.date else {
        return String::new();
    };
    let mut line = format!("{:02}-{:02}-{}", date.day(), date.month(), date.year());
    if let Some(start) = meeting.start {
        line.push_str(&format!(" {}", colon(start)));
        if let Some(end) = meeting.end {
            line.push_str(&format!(" - {}", colon(end)));
        }
    }
    line
}

fn colon(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// A time in the time plan, written with a dot as the seeds do: `8.30`, `12.45`.
fn dotted(time: Time) -> String {
    format!("{}.{:02}", time.hour(), time.minute())
}

fn schedule(slots: &[Slot]) -> Vec<String> {
    let mut lines = Vec::new();
    for slot in slots {
        // A note stands on the line before its slot (`Orienteringspunkt uden drøftelse`
        // before `Pkt. 7` in seed 000).
        if let Some(note) = slot.note.as_deref().map(one_line).filter(|n| !n.is_empty()) {
            lines.push(note);
        }
        let sub_item = slot.item.contains('.');
        let mut line = if sub_item {
            format!("(pkt. {}.", slot.item)
        } else {
            format!("Pkt. {}", slot.item)
        };
        if let Some(start) = slot.start {
            line.push_str(&format!(" kl. {}", dotted(start)));
            if let Some(end) = slot.end {
                line.push_str(&format!("-{}", dotted(end)));
            }
        }
        let presenters = names(&slot.presenters, " og ");
        if !presenters.is_empty() {
            line.push(' ');
            line.push_str(&presenters);
        }
        if sub_item {
            line.push(')');
        }
        lines.push(line);
    }
    lines
}

/// Names joined as Danish writes them: `A`, `A og B`, `A, B og C` (`last` = " og "), or all
/// with commas (`last` = ", ").
fn names(people: &[Person], last: &str) -> String {
    let names: Vec<String> = people
        .iter()
        .map(|p| {
            one_line(if p.name.is_empty() {
                &p.as_written
            } else {
                &p.name
            })
        })
        .filter(|n| !n.is_empty())
        .collect();
    match names.split_last() {
        None => String::new(),
        Some((only, [])) => only.clone(),
        Some((final_name, rest)) => format!("{}{last}{final_name}", rest.join(", ")),
    }
}

fn item(item: &Item) -> ItemView {
    let title = one_line(&item.title);
    let decisions = decision_blocks(&item.decisions);
    let text = if item.closed && item.text == model::CLOSED_TEXT {
        Vec::new()
    } else {
        narrative(item, &decisions)
    };
    ItemView {
        number: item.number.clone(),
        heading: format!("Punkt {}: {}", item.number, title),
        title,
        closed: item.closed,
        case_number: item
            .case_number
            .as_deref()
            .map(one_line)
            .unwrap_or_default(),
        absent: absence_lines(&item.absent),
        text,
        decisions,
        actions: item
            .actions
            .iter()
            .filter(|action| !written_in_a_decision(action, &item.decisions))
            .map(action_line)
            .collect(),
        attachments: item.attachments.iter().map(|a| one_line(a)).collect(),
    }
}

/// The paragraphs of an item's text that the layout does not write from the item's
/// fields. An extracted meeting's text is the whole item, decisions, their notes and
/// follow-ups included; written again as the case presentation, they would be read twice. So a
/// paragraph goes when it holds a decision's, a note's or a follow-up's text, is one of the layout's
/// own labels (`Beslutning`, `Opfølgning`, `Bilag`, `Lukket punkt`, a lead such as
/// `Udvalget godkendte:`, an actor alone), or names only an attachment.
fn narrative(item: &Item, decisions: &[DecisionBlock]) -> Vec<String> {
    let written: Vec<String> = item
        .decisions
        .iter()
        .map(|d| comparable(&d.text))
        .chain(
            item.decisions
                .iter()
                .flat_map(|d| d.notes.iter().map(|n| comparable(n))),
        )
        .chain(item.actions.iter().map(|a| comparable(&a.text)))
        .filter(|t| !t.is_empty())
        .collect();
    let labels: Vec<String> = ["beslutning", "opfølgning", "bilag", "sagsfremstilling"]
        .into_iter()
        .map(str::to_owned)
        .chain([comparable(model::CLOSED_TEXT)])
        .chain(
            decisions
                .iter()
                .filter_map(|b| b.lead.as_deref().map(comparable)),
        )
        .chain(
            item.decisions
                .iter()
                .filter_map(|d| d.actor.as_deref().map(comparable)),
        )
        .chain(item.attachments.iter().map(|a| comparable(a)))
        .collect();
    paragraphs(&item.text)
        .into_iter()
        .filter(|paragraph| {
            let text = comparable(paragraph);
            let text = text.trim_start_matches(['•', '◦', '-', '*', ' ']);
            !text.is_empty()
                && !labels.iter().any(|label| label == text)
                && ![
                    "beslutning for punkt",
                    "opfølgning på punkt",
                    "bilag til punkt",
                    "sagsfremstilling til punkt",
                ]
                .iter()
                .any(|label| text.starts_with(label))
                && !written.iter().any(|w| text.contains(w.as_str()))
        })
        .collect()
}

/// The people absent from an item as the extractor reads them back: those listed under a
/// label (`Fraværende`, `Afbud`, `Fravær`) on one line per label, anyone else in a
/// sentence with the reason in brackets (`Per Holm deltog ikke i sagens behandling
/// (inhabil).`).
fn absence_lines(absent: &[model::Absence]) -> Vec<String> {
    const LABELS: [&str; 3] = ["Fraværende", "Afbud", "Fravær"];
    let mut lines = Vec::new();
    for label in LABELS {
        let listed: Vec<Person> = absent
            .iter()
            .filter(|a| a.reason.as_deref() == Some(label))
            .map(|a| a.person.clone())
            .collect();
        if !listed.is_empty() {
            lines.push(format!("{label}: {}", names(&listed, ", ")));
        }
    }
    for absence in absent {
        let reason = absence.reason.as_deref().map(str::trim).unwrap_or_default();
        if LABELS.contains(&reason) {
            continue;
        }
        let name = names(std::slice::from_ref(&absence.person), ", ");
        lines.push(if reason.is_empty() {
            format!("{name} deltog ikke i sagens behandling.")
        } else {
            format!(
                "{name} deltog ikke i sagens behandling ({}).",
                reason.to_lowercase()
            )
        });
    }
    lines
}

/// The past tense a lead line gives each kind (`Udvalget godkendte:`).
fn verb(kind: DecisionKind) -> &'static str {
    match kind {
        DecisionKind::Rejected => "afviste",
        DecisionKind::Postponed => "udsatte",
        DecisionKind::Approved => "godkendte",
        DecisionKind::Decided => "besluttede",
        DecisionKind::Recommended => "anbefalede",
        DecisionKind::Noted => "tog til efterretning",
        DecisionKind::Discussed => "drøftede",
    }
}

fn decision_blocks(decisions: &[Decision]) -> Vec<DecisionBlock> {
    let mut blocks: Vec<DecisionBlock> = Vec::new();
    let mut last_group: Option<(&str, DecisionKind)> = None;
    for decision in decisions {
        let text = one_line(&decision.text);
        let notes: Vec<String> = decision.notes.iter().map(|n| one_line(n)).collect();
        let actor = decision
            .actor
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty());
        // A decision that names its actor itself (`Kredsen drøftede …`), or has none
        // (`Status på budget blev drøftet.`), is a paragraph of its own.
        let Some(actor) = actor.filter(|a| !starts_with_ci(&text, a)) else {
            blocks.push(DecisionBlock {
                lead: None,
                entries: vec![text],
                notes,
            });
            last_group = None;
            continue;
        };
        match (last_group, blocks.last_mut()) {
            (Some(group), Some(block)) if group == (actor, decision.kind) => {
                block.entries.push(text);
                block.notes = notes;
            }
            _ => {
                blocks.push(DecisionBlock {
                    lead: Some(format!("{actor} {}:", verb(decision.kind))),
                    entries: vec![text],
                    notes,
                });
                last_group = Some((actor, decision.kind));
            }
        }
        // A note belongs to the decision just written: the next one starts a new block.
        if !decision.notes.is_empty() {
            last_group = None;
        }
    }
    blocks
}

/// A follow-up written as part of a decision (`Godkendte at … senest i oktober`) is read
/// from the decision: writing it again would make it two.
fn written_in_a_decision(action: &Action, decisions: &[Decision]) -> bool {
    let action_text = comparable(&action.text);
    !action_text.is_empty()
        && decisions
            .iter()
            .any(|d| comparable(&d.text).contains(&action_text))
}

/// `text – Owner, Owner (frist: senest i oktober)`: the owners after a dash unless the text
/// names them, the deadline as written unless the text holds it.
fn action_line(action: &Action) -> String {
    let mut line = one_line(&action.text);
    let lower = line.to_lowercase();
    let unnamed: Vec<Person> = action
        .owners
        .iter()
        .filter(|p| {
            !lower.contains(&p.name.to_lowercase()) && !lower.contains(&p.as_written.to_lowercase())
        })
        .cloned()
        .collect();
    if !unnamed.is_empty() && unnamed.len() == action.owners.len() {
        line.push_str(" – ");
        line.push_str(&names(&action.owners, ", "));
    }
    if let Some(due) = &action.due {
        let due_text = one_line(&due.text);
        if !due_text.is_empty() && !lower.contains(&due_text.to_lowercase()) {
            line.push_str(&format!(" (frist: {due_text})"));
        }
    }
    line
}

fn starts_with_ci(text: &str, prefix: &str) -> bool {
    text.to_lowercase().starts_with(&prefix.to_lowercase())
}

/// Lowercase, spaces collapsed, closing punctuation off: for finding one text in another.
fn comparable(text: &str) -> String {
    one_line(text)
        .to_lowercase()
        .trim_end_matches(['.', ' ', ':', ';', ','])
        .to_owned()
}

/// A text on one line: runs of white space (line breaks of a wrapped source) become one
/// space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Paragraphs at blank lines, each on one line.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(one_line)
        .filter(|p| !p.is_empty())
        .collect()
}
